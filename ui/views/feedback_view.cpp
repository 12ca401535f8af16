// ui/views/feedback_view.cpp — who answers, the questions, Record; the responses so far.
#include "ui/views/feedback_view.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <imgui_stdlib.h>

#include "ui/feedback_actions.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

// Roles a respondent may name: the team's own, else every team's.
std::vector<std::string> role_choices(const sim::Scenario& s, const std::string& team) {
    std::vector<std::string> out;
    for (const auto& t : s.teams) {
        if (!team.empty() && t.id != team) continue;
        for (const auto& r : t.roles)
            if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
    }
    return out;
}

// A combo over ids shown by name, with "" as `none`.
void id_combo(const char* id, const std::string& none, const std::vector<std::string>& ids, std::string& value,
              const std::function<std::string(const std::string&)>& name) {
    const std::string shown = value.empty() ? none : name(value);
    if (ImGui::BeginCombo(id, shown.c_str())) {
        if (ImGui::Selectable(none.c_str(), value.empty())) value.clear();
        for (const auto& v : ids) {
            ImGui::PushID(v.c_str());
            if (ImGui::Selectable(name(v).c_str(), value == v)) value = v;
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
}

} // namespace

void FeedbackView::drawContent(Model& m) {
    actions::sync_feedback_draft(m);
    const sim::ExerciseState& st = *m.state();
    const bool open = m.live() && (st.ended || st.phase == sim::Phase::hotwash) && st.phase != sim::Phase::closed;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float list_w = std::round(std::clamp(avail.x * 0.34f, ImGui::GetFontSize() * 14, ImGui::GetFontSize() * 26));
    const float form_w = avail.x - list_w - ImGui::GetStyle().ItemSpacing.x;
    ImGui::BeginChild("feedback-form", ImVec2(form_w, 0), false, ImGuiWindowFlags_NoScrollbar);
    draw_form(m, open);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("feedback-recorded", ImVec2(0, 0), true);
    draw_recorded(m);
    ImGui::EndChild();
}

void FeedbackView::draw_form(Model& m, bool open) {
    const sim::ExerciseState& st = *m.state();
    widgets::heading("Participant feedback");
    if (open) {
        widgets::muted_wrapped("One participant after another: hand over the laptop or read the questions out. "
                               "Name, team and role are optional; without a name the answers are anonymous.");
    } else {
        std::string why;
        (void)actions::can_record_feedback(m, &why);
        if (!m.read_only() && st.phase != sim::Phase::closed && !st.ended && st.phase != sim::Phase::hotwash)
            why = "The form opens once the exercise has ended (Ctrl+E); until then the room is still playing.";
        widgets::colored(palette().warn, why);
    }
    ImGui::Separator();

    // The questions scroll; who answers stays on top and Record at the bottom, always in view.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float footer_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetTextLineHeightWithSpacing() + style.ItemSpacing.y;
    ImGui::BeginDisabled(!open);
    draw_who(m);
    ImGui::Separator();
    ImGui::BeginChild("questions", ImVec2(0, std::max(ImGui::GetFrameHeight() * 3, ImGui::GetContentRegionAvail().y - footer_h)));
    draw_questions(m);
    ImGui::EndChild();
    ImGui::EndDisabled();

    ImGui::Separator();
    std::string why;
    const bool can = open && actions::can_record_feedback(m, &why);
    if (widgets::action_button("Record feedback", "record", can, why)) actions::record_feedback(m);
    ImGui::SameLine();
    ImGui::BeginDisabled(!open || !m.ui.feedback.started());
    if (ImGui::Button("Clear the form")) {
        const std::string session = m.ui.feedback.session;
        m.ui.feedback = {};
        m.ui.feedback.session = session;
    }
    ImGui::EndDisabled();
    if (open) {
        ImGui::SameLine();
        const FeedbackDraft& d = m.ui.feedback;
        if (!d.error.empty())
            widgets::colored(palette().bad, d.error);
        else if (!can)
            widgets::muted(why);
        else
            widgets::muted("Ctrl+Enter records it");
    }
}

void FeedbackView::draw_who(Model& m) {
    const sim::Scenario& s = *m.scenario();
    const sim::ExerciseState& st = *m.state();
    FeedbackDraft& d = m.ui.feedback;
    if (!st.participants.empty()) {
        widgets::muted("Who is answering?");
        // A registered participant fills name, team and role at once.
        for (const auto& p : st.participants) {
            const float w = ImGui::CalcTextSize(p.name.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
            ImGui::SameLine();
            if (ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
            ImGui::PushID(&p);
            const bool chosen = d.respondent == p.name && d.team == p.team;
            if (chosen) ImGui::PushStyleColor(ImGuiCol_Button, palette().accent);
            if (ImGui::SmallButton(p.name.c_str())) {
                d.respondent = p.name;
                d.team = p.team;
                d.role = p.role;
            }
            if (chosen) ImGui::PopStyleColor();
            widgets::trace_item("Participant " + p.name);
            widgets::tooltip(m.team_name(p.team) + (p.role.empty() ? "" : ", " + m.role_name(p.role)));
            ImGui::PopID();
        }
    }
    // Name | team | role on one row when they fit, else one under the other.
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float row = ImGui::GetContentRegionAvail().x;
    const bool one_row = row > ImGui::GetFontSize() * 30;
    const float name_w = one_row ? std::round(row * 0.4f) : row;
    const float pick_w = one_row ? std::round((row - name_w) / 2 - gap) : row;
    ImGui::SetNextItemWidth(name_w);
    ImGui::InputTextWithHint("##respondent", "Name (empty: anonymous)", &d.respondent);
    widgets::trace_item("Respondent");
    if (one_row) ImGui::SameLine();
    ImGui::SetNextItemWidth(pick_w);
    std::vector<std::string> teams;
    for (const auto& t : s.teams) teams.push_back(t.id);
    const std::string before = d.team;
    id_combo("##team", "Team: not given", teams, d.team, [&](const std::string& id) { return m.team_name(id); });
    widgets::trace_item("Respondent team");
    if (d.team != before && !d.role.empty()) {
        const auto roles = role_choices(s, d.team);
        if (std::find(roles.begin(), roles.end(), d.role) == roles.end()) d.role.clear();   // not in that team
    }
    if (one_row) ImGui::SameLine();
    ImGui::SetNextItemWidth(pick_w);
    id_combo("##role", "Role: not given", role_choices(s, d.team), d.role,
             [&](const std::string& id) { return m.role_name(id); });
    widgets::trace_item("Respondent role");
}

void FeedbackView::draw_questions(Model& m) {
    FeedbackDraft& d = m.ui.feedback;
    const auto& form = m.scenario()->feedback_form();
    // Every scale's buttons start at the same place, after the widest "low" words.
    float low_w = 0;
    for (const auto& q : form)
        if (q.kind == sim::FeedbackKind::scale) low_w = std::max(low_w, ImGui::CalcTextSize(q.low.c_str()).x);
    int n = 0;
    for (const auto& q : form) {
        ImGui::PushID(q.id.c_str());
        ImGui::Spacing();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::PushFont(fonts().bold);
        widgets::text(fmt::format("{}. {}", ++n, q.text));
        ImGui::PopFont();
        ImGui::PopTextWrapPos();
        std::string& answer = d.answers[q.id];
        if (q.kind == sim::FeedbackKind::scale) {
            // low  (1) (2) (3) (4) (5)  high — the words each end means, either side of the buttons.
            ImGui::Indent();
            const float x0 = ImGui::GetCursorPosX();
            ImGui::AlignTextToFramePadding();
            widgets::muted(q.low);
            ImGui::SameLine(x0 + low_w + ImGui::GetStyle().ItemSpacing.x);
            for (int v = 1; v <= 5; ++v) {
                const std::string value = std::to_string(v);
                if (ImGui::RadioButton(value.c_str(), answer == value)) answer = value;
                widgets::trace_item(fmt::format("q {} {}", q.id, v));
                ImGui::SameLine();
            }
            if (!q.high.empty()) {
                if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(q.high.c_str()).x) ImGui::NewLine();
                widgets::muted(q.high);
            } else {
                ImGui::NewLine();
            }
            if (!answer.empty()) {
                ImGui::SameLine();
                if (ImGui::SmallButton("clear")) answer.clear();
                widgets::tooltip("Leave this question unanswered.");
            }
            ImGui::Unindent();
        } else {
            ImGui::InputTextMultiline("##answer", &answer,
                                      ImVec2(-FLT_MIN, ImGui::GetTextLineHeight() * 3 + ImGui::GetStyle().FramePadding.y * 2));
            widgets::trace_item("q " + q.id);
        }
        ImGui::PopID();
    }
}

void FeedbackView::draw_recorded(Model& m) {
    const sim::ExerciseState& st = *m.state();
    const std::size_t n = st.feedback.size();
    widgets::heading(n == 1 ? std::string("1 response recorded") : fmt::format("{} responses recorded", n));
    const std::size_t questions = m.scenario()->feedback_form().size();
    if (n == 0) {
        widgets::muted_wrapped("Nobody has answered yet. Each recorded form is listed here.");
        return;
    }
    widgets::muted_wrapped("The after-action report summarises them per question (Review, F6).");
    ImGui::Separator();
    int i = 0;
    for (const auto& f : st.feedback) {
        ImGui::PushID(static_cast<int>(f.seq));
        widgets::bold(fmt::format("{}. {}", ++i, f.respondent.empty() ? std::string("Anonymous") : f.respondent));
        std::string who;
        if (!f.team.empty()) who = m.team_name(f.team);
        if (!f.role.empty()) who += (who.empty() ? "" : ", ") + m.role_name(f.role);
        widgets::muted_wrapped(fmt::format("{}{} of {} answered · entry #{}", who.empty() ? "" : who + " · ",
                                           f.answers.size(), questions, f.seq));
        ImGui::PopID();
    }
}

} // namespace ui
