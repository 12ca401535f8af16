// ui/views/library_view.cpp — scenario list with validation status and details.
#include "ui/views/library_view.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <imgui_stdlib.h>

#include "ui/actions.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

bool matches(const LibraryEntry& e, const std::string& filter) {
    if (filter.empty()) return true;
    auto lower = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
        return s;
    };
    const std::string f = lower(filter);
    std::string hay = e.path;
    if (e.scenario) hay += " " + e.scenario->title + " " + e.scenario->id + " " + e.scenario->summary;
    if (e.scenario)
        for (const auto& t : e.scenario->tags) hay += " " + t;
    return lower(hay).find(f) != std::string::npos;
}

int count_decisions(const sim::Scenario& s) {
    return static_cast<int>(std::count_if(s.injects.begin(), s.injects.end(),
                                          [](const sim::Inject& i) { return i.decision.has_value(); }));
}

std::size_t count_expectations(const sim::Scenario& s) {
    std::size_t n = 0;
    for (const auto& i : s.injects) n += i.expect.size();
    return n;
}

} // namespace

void LibraryView::drawContent(Model& m) {
    const float list_w = std::max(ImGui::GetContentRegionAvail().x * 0.42f, ImGui::GetFontSize() * 18);
    draw_list(m, list_w);
    ImGui::SameLine();
    ImGui::BeginChild("details", ImVec2(0, 0), true);
    const LibraryEntry* e = m.library_entry(m.ui.library_selection);
    if (!e && !m.library().empty()) {
        m.ui.library_selection = m.library().front().path;
        e = &m.library().front();
    }
    if (e)
        draw_details(m, *e);
    else
        widgets::muted_wrapped("No scenario found. Add a folder that holds scenario files (*.yaml) on the left, "
                               "or start the console with a scenario: ttx console path/to/scenario.yaml");
    ImGui::EndChild();
}

void LibraryView::draw_list(Model& m, float width) {
    ImGui::BeginChild("list", ImVec2(width, 0), false);
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 5.5f);
    ImGui::InputTextWithHint("##filter", "Filter by title, id or tag", &m.ui.library_filter);
    ImGui::SameLine();
    if (ImGui::Button("Rescan")) {
        std::string keep = m.ui.library_selection;
        m.scan_library(m.library_folders());
        m.ui.library_selection = keep;
    }
    widgets::tooltip("Read every scenario file again (after editing one)");

    const int total = static_cast<int>(m.library().size());
    const int broken = static_cast<int>(
        std::count_if(m.library().begin(), m.library().end(), [](const LibraryEntry& e) { return !e.runnable; }));
    widgets::muted(fmt::format("{} scenario{}, {} with errors", total, total == 1 ? "" : "s", broken));

    const float folders_h = ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetTextLineHeightWithSpacing() *
                                                                         (1 + static_cast<float>(m.library_folders().size()));
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("scenarios", 3, flags, ImVec2(0, -folders_h))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 5.5f);
        ImGui::TableSetupColumn("Scenario", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Length", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 3.5f);
        ImGui::TableHeadersRow();
        for (const auto& e : m.library()) {
            if (!matches(e, m.ui.library_filter)) continue;
            ImGui::TableNextRow();
            ImGui::PushID(e.path.c_str());
            ImGui::TableSetColumnIndex(0);
            const int errors = e.diags.count(sim::DiagLevel::error);
            const int warnings = e.diags.count(sim::DiagLevel::warning);
            if (!e.runnable)
                widgets::colored(palette().bad, fmt::format("✗ {} error{}", errors, errors == 1 ? "" : "s"));
            else if (warnings > 0)
                widgets::colored(palette().warn, fmt::format("✓ {} warn.", warnings));
            else
                widgets::colored(palette().good, "✓ valid");
            ImGui::TableSetColumnIndex(1);
            const std::string name = std::filesystem::path(e.path).filename().string();
            const std::string title = e.scenario && !e.scenario->title.empty() ? e.scenario->title : name;
            // A long title ends in an ellipsis (the tooltip has it whole), never cut mid-word by the next column.
            const std::string shown = widgets::fit(title, ImGui::GetContentRegionAvail().x) + "###" + e.path;
            if (ImGui::Selectable(shown.c_str(), m.ui.library_selection == e.path,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
                m.ui.library_selection = e.path;
                if (ImGui::IsMouseDoubleClicked(0) && e.runnable) actions::go(m, Screen::setup);
            }
            widgets::tooltip(title + "\n" + e.path);
            ImGui::TableSetColumnIndex(2);
            if (e.scenario && e.scenario->duration != sim::kNoTime)
                widgets::text(widgets::age(e.scenario->duration));
            else
                widgets::muted("—");
            ImGui::PopID();
        }
        ImGui::EndTable();
    }

    widgets::muted("Folders scanned:");
    for (const auto& f : m.library_folders()) {
        ImGui::PushID(f.c_str());
        widgets::text("  " + f);
        widgets::trace_item("folder " + f);   // where the library looked (tests of the data lookup)
        const bool user_folder = std::find(m.prefs.scenario_dirs.begin(), m.prefs.scenario_dirs.end(), f) !=
                                 m.prefs.scenario_dirs.end();
        if (user_folder) {
            ImGui::SameLine();
            if (ImGui::SmallButton("Remove")) {
                auto& dirs = m.prefs.scenario_dirs;
                dirs.erase(std::remove(dirs.begin(), dirs.end(), f), dirs.end());
                auto folders = m.library_folders();
                folders.erase(std::remove(folders.begin(), folders.end(), f), folders.end());
                m.scan_library(folders);
                ImGui::PopID();
                break;
            }
        }
        ImGui::PopID();
    }
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 5.5f);
    const bool enter = ImGui::InputTextWithHint("##folder", "Add a folder of scenarios…", &m.ui.folder_draft,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Add folder") || enter) && !m.ui.folder_draft.empty()) {
        std::error_code ec;
        if (!std::filesystem::is_directory(m.ui.folder_draft, ec)) {
            m.error(m.ui.folder_draft + " is not a folder.");
        } else {
            std::string dir = std::filesystem::absolute(m.ui.folder_draft, ec).lexically_normal().string();
            if (std::find(m.prefs.scenario_dirs.begin(), m.prefs.scenario_dirs.end(), dir) ==
                m.prefs.scenario_dirs.end())
                m.prefs.scenario_dirs.push_back(dir);
            auto folders = m.library_folders();
            if (std::find(folders.begin(), folders.end(), dir) == folders.end()) folders.push_back(dir);
            m.scan_library(folders);
            m.ui.folder_draft.clear();
        }
    }
    ImGui::EndChild();
}

void LibraryView::draw_details(Model& m, const LibraryEntry& e) {
    const sim::Scenario* s = e.scenario.get();
    widgets::heading(s && !s->title.empty() ? s->title : std::filesystem::path(e.path).filename().string());
    widgets::muted(e.path);

    if (e.runnable) {
        if (widgets::colored_button("Set up a session with this scenario", palette().accent))
            actions::go(m, Screen::setup);
        widgets::tooltip("Teams, participants, mode and seed (F3)");
    }

    if (!e.diags.items.empty()) {
        ImGui::Spacing();
        const int errors = e.diags.count(sim::DiagLevel::error);
        widgets::bold(errors > 0 ? fmt::format("This scenario cannot run: {} error{}", errors, errors == 1 ? "" : "s")
                                 : std::string("Warnings"));
        for (const auto& d : e.diags.items) {
            const bool err = d.level == sim::DiagLevel::error;
            ImGui::PushStyleColor(ImGuiCol_Text, err ? palette().bad : palette().warn);
            widgets::wrapped(sim::format_diagnostic(d));
            ImGui::PopStyleColor();
        }
    }
    if (!s) return;
    ImGui::Separator();

    widgets::label_value("Id:", s->id + "   version " + s->version);
    if (s->duration != sim::kNoTime) widgets::label_value("Estimated duration:", widgets::age(s->duration));
    if (!s->authors.empty()) {
        std::string a;
        for (const auto& x : s->authors) a += (a.empty() ? "" : ", ") + x;
        widgets::label_value("Authors:", a);
    }
    if (!s->tags.empty()) {
        std::string t;
        for (const auto& x : s->tags) t += (t.empty() ? "" : ", ") + x;
        widgets::label_value("Tags:", t);
    }
    widgets::label_value("Size:", fmt::format("{} stages, {} injects, {} decision points, {} expectations",
                                              s->stages.size(), s->injects.size(), count_decisions(*s),
                                              count_expectations(*s)));
    if (!s->summary.empty()) {
        ImGui::Spacing();
        widgets::markdown(s->summary);
    }

    ImGui::Spacing();
    if (ImGui::CollapsingHeader("Objectives", ImGuiTreeNodeFlags_DefaultOpen)) {
        for (const auto& o : s->objectives) {
            ImGui::Bullet();
            ImGui::SameLine();
            const sim::Capability* c = s->capability(o.capability);
            ImGui::PushTextWrapPos(0.0f);
            widgets::text(o.text + (c ? "  (" + c->name + ")" : std::string()));
            ImGui::PopTextWrapPos();
        }
        if (s->objectives.empty()) widgets::muted("None written.");
    }
    if (ImGui::CollapsingHeader("Kill chain", ImGuiTreeNodeFlags_DefaultOpen)) {
        int n = 1;
        for (const auto& st : s->stages) {
            const sim::attack::Tactic* t = m.catalog().tactic(st.tactic);
            widgets::text(fmt::format("{}. {}", n++, st.title.empty() ? st.id : st.title));
            ImGui::SameLine();
            widgets::muted(t ? fmt::format("— {} ({})", t->name, t->id) : "— " + st.tactic);
            if (!st.narrative.empty()) widgets::tooltip(st.narrative);
        }
    }
    if (ImGui::CollapsingHeader("Teams", ImGuiTreeNodeFlags_DefaultOpen)) {
        for (const auto& t : s->teams) {
            std::string roles;
            for (const auto& r : t.roles) {
                const sim::Role* role = s->role(r);
                roles += (roles.empty() ? "" : ", ") + (role && !role->name.empty() ? role->name : r);
            }
            widgets::text(fmt::format("{}  [{}]", t.name.empty() ? t.id : t.name, sim::to_string(t.kind)));
            if (!roles.empty()) {
                ImGui::Indent();
                widgets::muted_wrapped(roles);
                ImGui::Unindent();
            }
        }
    }
    if (!s->endings.empty() && ImGui::CollapsingHeader("Endings")) {
        for (const auto& en : s->endings) {
            widgets::bold(en.title.empty() ? en.id : en.title);
            if (!en.summary.empty()) widgets::muted_wrapped(en.summary);
        }
    }
    if (!e.decisions_path.empty()) {
        ImGui::Spacing();
        widgets::muted_wrapped("Decision script beside it (for `ttx run`): " + e.decisions_path);
    }
}

} // namespace ui
