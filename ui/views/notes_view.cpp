// ui/views/notes_view.cpp — note form, note list, hotwash prompts per objective.
#include "ui/views/notes_view.hpp"

#include <fmt/format.h>
#include <imgui_stdlib.h>

#include "ui/actions.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace ui {

void NotesView::drawContent(Model& m) {
    const sim::ExerciseState& st = *m.state();
    const bool hotwash = st.phase == sim::Phase::hotwash || st.phase == sim::Phase::closed;
    // The form leads, so "Add note" and "Improvement action" are in view at any window size.
    if (m.live() && st.phase != sim::Phase::closed) draw_form(m);
    if (hotwash) {
        draw_hotwash(m);
        ImGui::Spacing();
        ImGui::Separator();
        widgets::bold("Notes");
    }
    draw_list(m);
    if (!hotwash && ImGui::CollapsingHeader("Hotwash prompts per objective")) draw_hotwash(m);
}

void NotesView::draw_form(Model& m) {
    if (m.ui.focus_note) {
        ImGui::SetKeyboardFocusHere();
        m.ui.focus_note = false;
        caret_to_end_ = true;
    }
    // Focus alone leaves the caret at 0, so typing would land before the
    // objective's words: once the field is active, move the caret to the end.
    auto to_end = [](ImGuiInputTextCallbackData* d) {
        bool* pending = static_cast<bool*>(d->UserData);
        if (*pending) {
            d->CursorPos = d->SelectionStart = d->SelectionEnd = d->BufTextLen;
            *pending = false;
        }
        return 0;
    };
    ImGui::InputTextMultiline("##note", &m.ui.note_text,
                              ImVec2(-FLT_MIN, ImGui::GetTextLineHeight() * 3 + ImGui::GetStyle().FramePadding.y * 2),
                              ImGuiInputTextFlags_CallbackAlways, to_end, &caret_to_end_);
    widgets::trace_item("Note");
    if (ImGui::RadioButton("Facilitator", !m.ui.note_observer)) m.ui.note_observer = false;
    ImGui::SameLine();
    if (ImGui::RadioButton("Observer", m.ui.note_observer)) m.ui.note_observer = true;
    if (m.ui.note_observer) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
        ImGui::InputTextWithHint("##observer", "observer's name", &m.ui.observer_name);
    }
    ImGui::Checkbox("Improvement action", &m.ui.note_action);
    widgets::trace_item("Improvement action");
    widgets::tooltip("Goes into the improvement plan of the after-action report.");
    ImGui::SameLine();
    const std::string sel = m.selected_inject_id();
    ImGui::BeginDisabled(sel.empty());
    ImGui::Checkbox("About the selected inject", &m.ui.note_about_inject);
    ImGui::EndDisabled();
    if (!m.ui.note_objective.empty()) {
        // Set by "Write a note on this objective": the plan files an action under its capability.
        const sim::Objective* o = m.scenario() ? m.scenario()->objective(m.ui.note_objective) : nullptr;
        if (ImGui::SmallButton("Detach")) m.ui.note_objective.clear();
        widgets::tooltip("The note will not be about this objective.");
        ImGui::SameLine();
        widgets::muted_wrapped("On the objective: " + (o && !o->text.empty() ? o->text : m.ui.note_objective));
    }
    std::string why;
    const bool can = actions::can_add_note(m, &why);
    if (widgets::action_button(fmt::format("Add note at {}", widgets::clock(m.display_clock())), nullptr, can, why))
        actions::add_note(m);
    ImGui::Separator();
}

void NotesView::draw_list(Model& m) {
    const sim::ExerciseState& st = *m.state();
    if (st.notes.empty()) {
        widgets::muted("No notes yet.");
        return;
    }
    const bool can_retract = m.live() && st.phase != sim::Phase::closed;
    for (auto it = st.notes.rbegin(); it != st.notes.rend(); ++it) {
        const sim::NoteRecord& n = *it;
        ImGui::PushID(static_cast<int>(n.seq));
        ImGui::PushFont(fonts().mono);
        widgets::muted(widgets::clock(n.t));
        ImGui::PopFont();
        ImGui::SameLine();
        widgets::bold(n.author.empty() ? n.role : n.author);
        if (n.role == "observer") {
            ImGui::SameLine();
            widgets::muted("(observer)");
        }
        if (n.action) {
            ImGui::SameLine();
            widgets::chip("ACTION", palette().accent);
        }
        if (n.retracted) {
            ImGui::SameLine();
            widgets::chip("RETRACTED", palette().status_dismissed);
        } else if (can_retract) {
            ImGui::SameLine();
            if (ImGui::SmallButton("Retract")) m.push(sim::cmd::Retract{n.seq, "retracted by the facilitator"});
            widgets::tooltip("The note stays in the journal, marked as retracted.");
        }
        if (!n.inject.empty()) {
            const sim::Inject* inj = m.scenario()->inject(n.inject);
            widgets::muted("about: " + (inj && !inj->title.empty() ? inj->title : n.inject));
        }
        if (!n.objective.empty()) {
            const sim::Objective* o = m.scenario()->objective(n.objective);
            widgets::muted("on the objective: " + (o && !o->text.empty() ? o->text : n.objective));
        }
        if (n.retracted) ImGui::PushStyleColor(ImGuiCol_Text, palette().text_muted);
        widgets::wrapped(n.text);
        if (n.retracted) ImGui::PopStyleColor();
        ImGui::Spacing();
        ImGui::PopID();
    }
}

void NotesView::draw_hotwash(Model& m) {
    const sim::Scenario& s = *m.scenario();
    const sim::scoring::Scorecard* card = m.scorecard();
    widgets::heading("Hotwash");
    widgets::muted_wrapped("Go through each objective with the participants: what went well, what was hard, what "
                           "to change. Write what they say as notes; mark the ones to act on as improvement actions.");
    for (const auto& o : s.objectives) {
        ImGui::PushID(o.id.c_str());
        ImGui::Spacing();
        const sim::Capability* cap = s.capability(o.capability);
        widgets::bold(o.text);
        if (cap) widgets::muted("Capability: " + cap->name);
        if (card)
            for (const auto& g : card->objectives)
                if (g.id == o.id) {
                    const auto& c = g.stats.count;
                    widgets::muted(fmt::format("Ratings: {} P, {} S, {} M, {} U{}", c[0], c[1], c[2], c[3],
                                               g.stats.score ? fmt::format("  ·  score {:.0f}", *g.stats.score) : ""));
                }
        // The author's questions for this objective, with the points a good
        // answer covers (the facilitator's screen); the generic three otherwise.
        const std::string capname = cap ? cap->name : std::string("this objective");
        std::vector<sim::Question> questions = o.hotwash;
        if (questions.empty())
            for (const std::string& q : {fmt::format("What went well for {}?", capname),
                                         std::string("What got in the way: tools, information, authority, time?"),
                                         std::string("What would you do differently on Monday morning?")})
                questions.push_back({q, {}, {}});
        for (const auto& q : questions) {
            ImGui::Bullet();
            ImGui::SameLine();
            ImGui::PushTextWrapPos(0.0f);
            widgets::text(q.text);
            for (const auto& p : q.points) widgets::muted("    - " + p);
            ImGui::PopTextWrapPos();
        }
        if (m.live() && m.state()->phase != sim::Phase::closed) {
            const bool pressed = ImGui::SmallButton("Write a note on this objective");
            widgets::trace_item("Write a note on " + o.id);
            if (pressed) actions::start_objective_note(m, o.id);
        }
        ImGui::PopID();
    }
    if (s.objectives.empty()) widgets::muted("The scenario lists no objectives.");
}

} // namespace ui
