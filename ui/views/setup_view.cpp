// ui/views/setup_view.cpp — scenario choice, mode, seed, practice, participants, start.
#include "ui/views/setup_view.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <imgui_stdlib.h>

#include "ui/actions.hpp"
#include "sim/engine/story.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

bool plays(const sim::Team& t) { return t.kind != sim::TeamKind::observer; }

const char* mode_help(sim::Mode m) {
    switch (m) {
    case sim::Mode::blue: return "Blue: the defenders work the injects; the attack follows the scenario.";
    case sim::Mode::red:
        return "Red: the red cell picks how each stage is carried out; the defenders see what it leaves behind.";
    case sim::Mode::purple:
        return "Purple: red and blue together; for every executed technique record whether it was blocked, "
               "alerted, logged or missed.";
    }
    return "";
}

} // namespace

void SetupView::drawContent(Model& m) {
    SetupDraft& draft = m.ui.setup;
    const LibraryEntry* entry = m.library_entry(m.ui.library_selection);
    if (!entry || !entry->runnable) {
        // Fall back to the first runnable scenario.
        for (const auto& e : m.library())
            if (e.runnable) {
                m.ui.library_selection = e.path;
                entry = &e;
                break;
            }
    }
    if (!entry || !entry->runnable) {
        widgets::muted_wrapped("No runnable scenario is selected. Pick one without errors in the Library (F2).");
        m.ui.start_requested = false;
        return;
    }
    const sim::Scenario& s = *entry->scenario;
    if (draft.scenario_path != entry->path) {
        draft = {};
        draft.scenario_path = entry->path;
        draft.seed = std::to_string(random_seed());
    }

    const float col_w = ImGui::GetContentRegionAvail().x * 0.5f - ImGui::GetStyle().ItemSpacing.x;
    ImGui::BeginChild("left", ImVec2(col_w, 0), false);
    widgets::muted("Scenario");
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::BeginCombo("##scenario", s.title.c_str())) {
        for (const auto& e : m.library())
            if (e.runnable && ImGui::Selectable(e.scenario->title.c_str(), e.path == entry->path))
                m.ui.library_selection = e.path;
        ImGui::EndCombo();
    }
    if (!s.summary.empty()) widgets::muted_wrapped(s.summary);
    if (s.duration != sim::kNoTime) widgets::label_value("Estimated duration:", widgets::age(s.duration));
    if (s.story.set()) widgets::label_value("Story begins:", sim::story_label(s, s.story.start));

    ImGui::Spacing();
    widgets::bold("Mode");
    for (sim::Mode mode : {sim::Mode::blue, sim::Mode::red, sim::Mode::purple}) {
        ImGui::SameLine();
        std::string label = sim::to_string(mode);
        label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
        if (ImGui::RadioButton(label.c_str(), draft.mode == mode)) draft.mode = mode;
    }
    widgets::muted_wrapped(mode_help(draft.mode));

    ImGui::Spacing();
    ImGui::Checkbox("Practice session", &draft.practice);
    widgets::muted_wrapped("Practice: the clock runs by itself at the chosen speed, decisions go straight to the "
                           "team, nothing is rated until the end, and the debrief shows each decision's "
                           "consequence and better options. Practice sessions stay out of trends.");

    ImGui::Spacing();
    widgets::bold("Seed");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    ImGui::InputText("##seed", &draft.seed, ImGuiInputTextFlags_CharsDecimal);
    ImGui::SameLine();
    if (ImGui::Button("New random seed")) draft.seed = std::to_string(random_seed());
    widgets::muted_wrapped("The seed decides random draws (red moves nobody chose). The same scenario, seed and "
                           "decisions replay identically.");

    ImGui::Spacing();
    widgets::bold("Clock speed");
    for (int sp : kSpeeds) {
        ImGui::SameLine();
        if (ImGui::RadioButton(fmt::format("×{}", sp).c_str(), m.speed() == sp)) m.set_speed(sp);
    }

    ImGui::Spacing();
    ImGui::Spacing();
    const bool has_store = m.store() != nullptr;
    ImGui::BeginDisabled(!has_store);
    if (widgets::colored_button(draft.practice ? "Start the practice briefing (Ctrl+Enter)"
                                               : "Start the briefing (Ctrl+Enter)",
                                palette().accent, ImVec2(-FLT_MIN, ImGui::GetFrameHeight() * 1.4f)) ||
        (m.ui.start_requested && has_store))
        actions::start_from_setup(m);
    ImGui::EndDisabled();
    m.ui.start_requested = false;
    if (!has_store) widgets::colored(palette().bad, "No journal database is open: sessions cannot be recorded.");
    ImGui::EndChild();

    ImGui::SameLine();
    ImGui::BeginChild("right", ImVec2(0, 0), true);
    widgets::bold("Participants");
    widgets::muted_wrapped("Optional. Named participants appear in the decision panel and the after-action "
                           "report; without them decisions are recorded for the team as a whole.");
    int remove = -1;
    if (ImGui::BeginTable("participants", 4, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH)) {
        ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("Team", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("Role", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableHeadersRow();
        draft.row_keys.resize(draft.participants.size(), 0);
        for (std::size_t i = 0; i < draft.participants.size(); ++i) {
            sim::Participant& p = draft.participants[i];
            if (draft.row_keys[i] == 0) draft.row_keys[i] = draft.next_row_key++;
            // A row keeps its id when rows above it go: a field being typed in never jumps to another person.
            ImGui::PushID(draft.row_keys[i]);
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::SetNextItemWidth(-FLT_MIN);
            ImGui::InputTextWithHint("##name", "name", &p.name);
            ImGui::TableSetColumnIndex(1);
            ImGui::SetNextItemWidth(-FLT_MIN);
            const sim::Team* team = s.team(p.team);
            if (ImGui::BeginCombo("##team", team ? (team->name.empty() ? team->id : team->name).c_str() : "team")) {
                for (const auto& t : s.teams)
                    if (plays(t) && ImGui::Selectable((t.name.empty() ? t.id : t.name).c_str(), p.team == t.id)) {
                        p.team = t.id;
                        p.role.clear();
                    }
                ImGui::EndCombo();
            }
            ImGui::TableSetColumnIndex(2);
            ImGui::SetNextItemWidth(-FLT_MIN);
            const sim::Role* role = s.role(p.role);
            if (ImGui::BeginCombo("##role", role ? (role->name.empty() ? role->id : role->name).c_str() : "no role")) {
                if (ImGui::Selectable("no role", p.role.empty())) p.role.clear();
                if (team)
                    for (const auto& r : team->roles) {
                        const sim::Role* rr = s.role(r);
                        if (ImGui::Selectable(rr && !rr->name.empty() ? rr->name.c_str() : r.c_str(), p.role == r))
                            p.role = r;
                    }
                ImGui::EndCombo();
            }
            ImGui::TableSetColumnIndex(3);
            if (ImGui::SmallButton("Remove")) remove = static_cast<int>(i);
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (remove >= 0) {
        draft.participants.erase(draft.participants.begin() + remove);
        draft.row_keys.erase(draft.row_keys.begin() + remove);
    }
    if (draft.participants.empty() && !m.ui.last_participants.empty()) {
        // The last session's people are offered, never carried over silently.
        if (ImGui::SmallButton(fmt::format("Same participants as the last session ({})", m.ui.last_participants.size())
                                   .c_str()))
            for (const auto& p : m.ui.last_participants) draft.add_participant(p);
    }

    ImGui::Spacing();
    widgets::muted("Add a participant to:");
    for (const auto& t : s.teams) {
        if (!plays(t)) continue;
        // Flow the buttons: wrap to the next line when one would not fit.
        const std::string label = t.name.empty() ? t.id : t.name;
        const float w = ImGui::CalcTextSize(label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SameLine();
        if (ImGui::GetCursorPosX() + w > ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
        if (ImGui::SmallButton(label.c_str()))
            draft.add_participant({"", t.id, t.roles.empty() ? std::string() : t.roles.front()});
    }

    ImGui::Spacing();
    ImGui::Separator();
    widgets::bold("Teams in this scenario");
    for (const auto& t : s.teams) {
        std::string roles;
        for (const auto& r : t.roles) {
            const sim::Role* role = s.role(r);
            roles += (roles.empty() ? "" : ", ") + (role && !role->name.empty() ? role->name : r);
        }
        const auto n = std::count_if(draft.participants.begin(), draft.participants.end(),
                                     [&](const sim::Participant& p) { return p.team == t.id; });
        widgets::text(fmt::format("{}  [{}]  {} participant{}", t.name.empty() ? t.id : t.name,
                                  sim::to_string(t.kind), n, n == 1 ? "" : "s"));
        if (!roles.empty()) {
            ImGui::Indent();
            widgets::muted_wrapped(roles);
            ImGui::Unindent();
        }
    }
    ImGui::EndChild();
}

} // namespace ui
