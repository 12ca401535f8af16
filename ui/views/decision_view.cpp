// ui/views/decision_view.cpp — options, who decided, rationale, record, countdown.
#include "ui/views/decision_view.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <imgui_stdlib.h>

#include "ui/actions.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

std::string option_label(const sim::Decision& d, const std::string& id) {
    const sim::Option* o = d.option(id);
    return o && !o->label.empty() ? o->label : id;
}

} // namespace

void DecisionView::drawContent(Model& m) {
    const sim::ExerciseState& st = *m.state();
    const sim::Inject* inj = m.selected_inject();
    draw_last_recorded(m, inj);
    if (inj && inj->decision) {
        if (const sim::DecisionRecord* rec = st.decision(inj->id))
            draw_recorded(m, *inj, *rec);
        else if (st.ended || st.phase == sim::Phase::hotwash || st.phase == sim::Phase::closed)
            widgets::muted_wrapped("The exercise ended before this decision was taken.");
        else if (st.pending_decision(inj->id))
            draw_form(m, *inj);
        else
            widgets::muted_wrapped("This decision point was not opened.");
        ImGui::Spacing();
        ImGui::Separator();
    } else {
        widgets::muted_wrapped(inj ? "The selected inject asks for no decision."
                                   : "Decisions appear here when an inject that asks for one is selected.");
    }
    draw_open_list(m);
}

void DecisionView::draw_last_recorded(Model& m, const sim::Inject* shown) {
    // The confirmation outlives the panel moving on: the facilitator sees the entry number.
    if (m.ui.last_recorded_seq <= 0) return;
    const sim::ExerciseState& st = *m.state();
    for (const auto& rec : st.decisions) {
        if (rec.seq != m.ui.last_recorded_seq) continue;
        if (shown && shown->id == rec.inject) return;   // the panel shows it in full
        const sim::Inject* inj = m.scenario()->inject(rec.inject);
        widgets::chip("RECORDED", palette().good);
        ImGui::SameLine();
        std::string text = fmt::format("#{} at {}: {} → {}", rec.seq, widgets::clock(rec.t),
                                       inj && !inj->title.empty() ? inj->title : rec.inject,
                                       inj && inj->decision ? option_label(*inj->decision, rec.option) : rec.option);
        widgets::text(widgets::fit(text, ImGui::GetContentRegionAvail().x));
        widgets::tooltip(text);
        ImGui::Separator();
        return;
    }
}

void DecisionView::draw_open_list(Model& m) {
    const sim::ExerciseState& st = *m.state();
    if (st.ended || st.phase == sim::Phase::hotwash || st.phase == sim::Phase::closed) return;
    const std::string selected = m.selected_inject_id();
    std::vector<const sim::PendingDecision*> others;
    for (const auto& p : st.pending_decisions)
        if (p.inject != selected) others.push_back(&p);
    if (others.empty()) return;
    widgets::bold(fmt::format("Other open decisions ({})", others.size()));
    for (const auto* p : others) {
        const sim::Inject* inj = m.scenario()->inject(p->inject);
        std::string label = inj && !inj->title.empty() ? inj->title : p->inject;
        if (p->deadline != sim::kNoTime)
            label += fmt::format("  —  default in {}", widgets::age(p->deadline - m.display_clock()));
        ImGui::PushID(p->inject.c_str());
        if (ImGui::Selectable(widgets::fit(label, ImGui::GetContentRegionAvail().x).c_str()))
            actions::select_inject(m, p->inject);
        widgets::tooltip(label + "\n(O selects the open decision whose default comes first)");
        ImGui::PopID();
    }
}

void DecisionView::draw_recorded(Model& m, const sim::Inject& inj, const sim::DecisionRecord& rec) {
    const sim::Decision& d = *inj.decision;
    widgets::muted_wrapped(d.prompt);
    ImGui::Spacing();
    widgets::chip("RECORDED", palette().good);
    ImGui::SameLine();
    widgets::muted(fmt::format("at {}, journal entry #{}", widgets::clock(rec.t), rec.seq));
    widgets::heading(option_label(d, rec.option));
    if (rec.timed_out) {
        widgets::colored(palette().warn, "Nobody decided in time: the default option was taken.");
    } else {
        std::string who = m.team_name(rec.team);
        if (!rec.role.empty()) who += " · " + m.role_name(rec.role);
        if (!rec.participant.empty()) who += " · " + rec.participant;
        widgets::label_value("Decided by:", who);
    }
    if (rec.automated) widgets::label_value("Run by:", "SOAR playbook (automated)");
    if (!rec.rationale.empty()) {
        widgets::muted("Rationale:");
        widgets::wrapped(rec.rationale);
    }
}

void DecisionView::draw_form(Model& m, const sim::Inject& inj) {
    actions::sync_decision_draft(m);
    // Every decision point has its own widgets: a field being typed in never
    // carries its text or the keyboard over to the next decision.
    ImGui::PushID(inj.id.c_str());
    draw_form_fields(m, inj);
    ImGui::PopID();
}

void DecisionView::draw_form_fields(Model& m, const sim::Inject& inj) {
    const sim::Decision& d = *inj.decision;
    const sim::ExerciseState& st = *m.state();
    const sim::PendingDecision* pending = st.pending_decision(inj.id);
    DecisionDraft& draft = m.ui.decision;

    ImGui::PushFont(fonts().bold);
    widgets::wrapped(d.prompt.empty() ? "Decide:" : d.prompt);
    ImGui::PopFont();

    // Countdown to the default option.
    if (pending && pending->deadline != sim::kNoTime) {
        const sim::ExTime left = pending->deadline - m.display_clock();
        const sim::ExTime total = d.timeout > 0 ? d.timeout : 1;
        const float frac = std::clamp(static_cast<float>(left) / static_cast<float>(total), 0.0f, 1.0f);
        const std::string text = left > 0 ? fmt::format("{} left · then the default: {}", widgets::age(left),
                                                        option_label(d, d.default_option))
                                          : fmt::format("Time is up: the default ({}) is taken with the next clock "
                                                        "step",
                                                        option_label(d, d.default_option));
        // The countdown reads inside its bar when it fits (one line less), below it otherwise.
        const bool inside = ImGui::CalcTextSize(text.c_str()).x + ImGui::GetStyle().FramePadding.x * 4 <
                            ImGui::GetContentRegionAvail().x;
        ImVec4 bar = left < 60 ? palette().bad : palette().accent;
        bar.w = 0.45f;   // light enough for the text over it
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, bar);
        ImGui::PushStyleColor(ImGuiCol_Text, left < 60 ? palette().bad : palette().text);
        ImGui::ProgressBar(frac, ImVec2(-FLT_MIN, 0), inside ? text.c_str() : "");
        ImGui::PopStyleColor(2);
        widgets::tooltip(text);
        if (!inside) {
            ImGui::PushStyleColor(ImGuiCol_Text, left < 60 ? palette().bad : palette().text);
            widgets::wrapped(text);
            ImGui::PopStyleColor();
        }
    }

    // Options: large rows, numbered for the 1–9 keys.
    ImGui::Spacing();
    int i = 0;
    for (const auto& o : d.options) {
        ++i;
        ImGui::PushID(o.id.c_str());
        const bool chosen = draft.option == o.id;
        std::string label = fmt::format("{}  {}", i <= 9 ? std::to_string(i) : std::string(" "),
                                        o.label.empty() ? o.id : o.label);
        if (o.automated) label += "   [SOAR]";
        if (!o.end.empty()) label += "   [ENDS THE EXERCISE]";
        const ImVec2 start = ImGui::GetCursorPos();
        const float wrap_w = ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 1.6f;
        const float desc_h =
            o.description.empty() ? 0.0f : ImGui::CalcTextSize(o.description.c_str(), nullptr, false, wrap_w).y;
        if (ImGui::Selectable("##opt", chosen, ImGuiSelectableFlags_AllowItemOverlap,
                              ImVec2(0, ImGui::GetTextLineHeight() + desc_h + ImGui::GetStyle().ItemSpacing.y)))
            draft.option = o.id;
        if (o.automated || !o.end.empty())
            widgets::tooltip(std::string(o.automated ? "An automated SOAR playbook carries out this option.\n" : "") +
                             (o.end.empty() ? std::string()
                                            : "Choosing it ends the exercise: " + m.ending_title(o.end) +
                                                  " (asks before recording)."));
        ImGui::SetCursorPos(start);
        ImGui::PushFont(chosen ? fonts().bold : nullptr);
        widgets::colored(chosen ? palette().accent : palette().text, label);
        ImGui::PopFont();
        if (!o.description.empty()) {
            ImGui::SetCursorPosX(start.x + ImGui::GetFontSize() * 1.6f);
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap_w);
            widgets::muted(o.description);
            ImGui::PopTextWrapPos();
        }
        ImGui::PopID();
    }

    // Who decided: three combos, each as wide as its text; a row that cannot hold them all
    // puts the last ones on a second row rather than cutting the role.
    ImGui::Spacing();
    const auto teams = actions::decision_teams(m);
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const std::string team_preview = "Team: " + (draft.team.empty() ? std::string("choose…") : m.team_name(draft.team));
    const sim::Team* team = m.scenario()->team(draft.team);
    const std::string role_preview =
        "Role: " + (draft.role.empty() ? std::string("as registered") : m.role_name(draft.role));
    const std::string by_preview = "By: " + (draft.participant.empty() ? std::string("whole team") : draft.participant);
    const float arrow_w = ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2;
    const float avail = ImGui::GetContentRegionAvail().x;
    float widths[3] = {ImGui::CalcTextSize(team_preview.c_str()).x + arrow_w,
                       ImGui::CalcTextSize(role_preview.c_str()).x + arrow_w,
                       ImGui::CalcTextSize(by_preview.c_str()).x + arrow_w};
    const bool one_row = widths[0] + widths[1] + widths[2] + gap * 2 <= avail;
    if (one_row) {
        const float extra = (avail - widths[0] - widths[1] - widths[2] - gap * 2) / 3.0f;
        for (float& w : widths) w += extra;
    } else {
        widths[0] = avail;   // team alone, role and participant share the second row
        widths[1] = widths[2] = (avail - gap) / 2.0f;
    }
    ImGui::SetNextItemWidth(widths[0]);
    if (ImGui::BeginCombo("##team", team_preview.c_str())) {
        for (const auto& t : teams)
            if (ImGui::Selectable(m.team_name(t).c_str(), draft.team == t)) {
                draft.team = t;
                draft.role.clear();
                draft.participant.clear();
            }
        ImGui::EndCombo();
    }
    widgets::tooltip(team_preview + "\nThe team that took the decision");
    if (one_row) ImGui::SameLine();
    ImGui::SetNextItemWidth(widths[1]);
    if (ImGui::BeginCombo("##role", role_preview.c_str())) {
        if (ImGui::Selectable("the participant's role", draft.role.empty())) draft.role.clear();
        if (team)
            for (const auto& r : team->roles)
                if (actions::may_decide(m, d, draft.team, r) &&
                    ImGui::Selectable(m.role_name(r).c_str(), draft.role == r))
                    draft.role = r;
        ImGui::EndCombo();
    }
    widgets::tooltip(role_preview + "\nThe role the decision was taken in (default: the participant's registered role)");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(widths[2]);
    if (ImGui::BeginCombo("##participant", by_preview.c_str())) {
        if (ImGui::Selectable("the team as a whole", draft.participant.empty())) draft.participant.clear();
        for (const auto& p : m.participants_of(draft.team)) {
            if (!actions::may_decide(m, d, p.team, p.role)) continue;
            const std::string label = p.role.empty() ? p.name : p.name + " (" + m.role_name(p.role) + ")";
            if (ImGui::Selectable(label.c_str(), draft.participant == p.name)) {
                draft.participant = p.name;
                if (draft.role.empty()) draft.role = p.role;
            }
        }
        ImGui::EndCombo();
    }
    widgets::tooltip(by_preview + "\nThe participant who decided");
    widgets::trace_item("By");
    ImGui::InputTextMultiline("##rationale", &draft.rationale,
                              ImVec2(-FLT_MIN, ImGui::GetTextLineHeight() * 2 + ImGui::GetStyle().FramePadding.y * 2));
    widgets::trace_item("Why?");
    if (draft.rationale.empty() && !ImGui::IsItemActive()) {
        // A hint inside the empty box (InputTextMultiline has none in 1.86).
        const ImVec2 a = ImGui::GetItemRectMin();
        ImGui::GetWindowDrawList()->AddText(
            ImVec2(a.x + ImGui::GetStyle().FramePadding.x, a.y + ImGui::GetStyle().FramePadding.y),
            ImGui::ColorConvertFloat4ToU32(palette().text_muted), "Why? (the rationale goes into the report)");
    }

    std::string why;
    const bool can = actions::can_record_decision(m, &why);
    ImGui::BeginDisabled(!can);
    if (widgets::colored_button("Record decision (Ctrl+Enter)", palette().accent)) actions::record_decision(m);
    ImGui::EndDisabled();
    if (!can) {
        ImGui::SameLine();
        widgets::muted(widgets::fit(why, ImGui::GetContentRegionAvail().x));
        widgets::tooltip(why);
    }
}

} // namespace ui
