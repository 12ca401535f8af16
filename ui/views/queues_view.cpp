// ui/views/queues_view.cpp — one tab per team, a table per queue, status buttons.
#include "ui/views/queues_view.hpp"

#include <algorithm>
#include <cfloat>

#include <fmt/format.h>

#include "ui/actions.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

std::vector<const sim::Team*> queue_teams(const sim::Scenario& s) {
    std::vector<const sim::Team*> out;
    for (const auto& t : s.teams)
        if (t.kind != sim::TeamKind::white && t.kind != sim::TeamKind::observer) out.push_back(&t);
    return out;
}

} // namespace

void QueuesView::drawContent(Model& m) {
    const sim::Scenario& s = *m.scenario();
    const auto teams = queue_teams(s);
    if (teams.empty()) {
        widgets::muted("This scenario has no teams with queues.");
        return;
    }
    if (std::none_of(teams.begin(), teams.end(), [&](const sim::Team* t) { return t->id == m.ui.team; }))
        m.ui.team = teams.front()->id;

    // ui.team may change from outside (T, a new delivery): select that tab then;
    // otherwise the tab the facilitator clicks decides ui.team.
    const std::string wanted = m.ui.team;
    const bool external = wanted != shown_team_;
    std::string open;
    if (ImGui::BeginTabBar("teams", ImGuiTabBarFlags_FittingPolicyResizeDown)) {
        for (const sim::Team* t : teams) {
            const auto& q = m.state()->queue(t->id);
            const auto fresh = std::count_if(q.begin(), q.end(), [](const sim::TeamQueueEntry& e) {
                return e.status == sim::InjectStatus::pending;
            });
            std::string label = t->name.empty() ? t->id : t->name;
            if (fresh > 0) label += fmt::format(" ({})", fresh);
            label += "###team-" + t->id;
            const ImGuiTabItemFlags flags = external && t->id == wanted ? ImGuiTabItemFlags_SetSelected : 0;
            if (ImGui::BeginTabItem(label.c_str(), nullptr, flags)) {
                open = t->id;
                draw_queue(m, t->id);
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    if (!open.empty()) {
        if (!external) m.ui.team = open;
        shown_team_ = open;
    }
}

void QueuesView::draw_queue(Model& m, const std::string& team) {
    const sim::Scenario& s = *m.scenario();
    const sim::ExerciseState& st = *m.state();
    const auto& q = st.queue(team);
    const std::string selected = m.selected_inject_id();

    // Status buttons for the selected inject, above the table so they never scroll away.
    std::string why;
    const bool can = actions::can_set_status(m, &why);
    if (widgets::action_button("Acknowledge", "ack", can, why)) actions::set_status(m, sim::InjectStatus::acknowledged);
    ImGui::SameLine();
    if (widgets::action_button("Escalate", "escalate", can, why)) actions::set_status(m, sim::InjectStatus::escalated);
    ImGui::SameLine();
    if (widgets::action_button("Dismiss", "dismiss", can, why)) actions::set_status(m, sim::InjectStatus::dismissed);
    ImGui::SameLine();
    if (widgets::action_button("Contain", "contain", can, why)) actions::set_status(m, sim::InjectStatus::contained);
    std::string back_why;
    const bool can_back = actions::can_take_back_status(m, &back_why);
    const sim::StatusRecord* last = actions::last_status(m);
    const std::string back_label =
        last && can_back ? fmt::format("Take back {}###take-back", sim::to_string(last->status)) : "Take back###take-back";
    // Flows onto the next line when the column is narrow (a 1366-pixel laptop).
    ImGui::SameLine();
    if (ImGui::GetCursorPosX() + ImGui::CalcTextSize(back_label.c_str(), nullptr, true).x +
            ImGui::GetStyle().FramePadding.x * 2 >
        ImGui::GetWindowContentRegionMax().x)
        ImGui::NewLine();
    if (widgets::action_button(back_label, "take_back", can_back, back_why)) actions::take_back_status(m);
    ImGui::Checkbox("Select new injects as they arrive", &m.ui.follow_latest);
    widgets::tooltip("Never while you type or have a decision half made: the new inject then waits, bold, "
                     "in its queue.");

    if (q.empty()) {
        widgets::muted_wrapped("Nothing delivered to this team yet.");
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("queue", 3, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Alert", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Age");
    ImGui::TableSetupColumn("Status");
    ImGui::TableHeadersRow();
    const sim::ExTime now = m.display_clock();
    for (auto it = q.rbegin(); it != q.rend(); ++it) {
        const sim::Inject* inj = s.inject(it->inject);
        if (!inj) continue;
        ImGui::PushID(it->inject.c_str());
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        const bool is_selected = selected == it->inject;
        const std::string title = inj->title.empty() ? inj->id : inj->title;
        const bool open_decision = inj->decision && st.pending_decision(inj->id);
        const bool fresh = it->status == sim::InjectStatus::pending;
        // One selectable spans the row (title wrapped, then a detail line); text is drawn over it.
        ImFont* title_font = fresh && fonts().bold ? fonts().bold : ImGui::GetFont();
        const float wrap_w = ImGui::GetContentRegionAvail().x;
        const float title_h =
            title_font->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, wrap_w, title.c_str()).y;
        const float chip_h = ImGui::GetFontSize() * 1.2f;
        const float row_h = title_h + ImGui::GetStyle().ItemSpacing.y + chip_h;
        const ImVec2 start = ImGui::GetCursorPos();
        if (ImGui::Selectable("##row", is_selected,
                              ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                              ImVec2(0, row_h))) {
            actions::select_inject(m, it->inject);
            m.ui.team = team;
        }
        ImGui::SetCursorPos(start);
        ImGui::PushFont(title_font);
        widgets::wrapped(title);
        ImGui::PopFont();
        widgets::severity_chip(inj->severity);
        ImGui::SameLine();
        widgets::muted(inj->source.empty() ? inj->channel : inj->source);
        widgets::tooltip(fmt::format("{} · {}", inj->source.empty() ? "unknown source" : inj->source, inj->channel));
        ImGui::TableSetColumnIndex(1);
        widgets::text(widgets::age(now - it->delivered_at));
        ImGui::TableSetColumnIndex(2);
        widgets::status_chip(it->status);
        if (open_decision) {
            widgets::chip("decide", palette().accent);
            widgets::tooltip("A decision is open on this inject (see the decision panel).");
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
}

} // namespace ui
