// ui/feedback_actions.cpp — recording one participant's feedback form.
#include "ui/feedback_actions.hpp"

#include <fmt/format.h>

#include "ui/actions.hpp"

namespace ui::actions {

namespace {

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

} // namespace

void sync_feedback_draft(Model& m) {
    const std::string id = m.session() ? m.session()->id() : std::string();
    if (m.ui.feedback.session == id) return;
    m.ui.feedback = {};
    m.ui.feedback.session = id;
}

sim::cmd::RecordFeedback feedback_command(const Model& m) {
    const FeedbackDraft& d = m.ui.feedback;
    sim::cmd::RecordFeedback c;
    c.respondent = trimmed(d.respondent);
    c.team = d.team;
    c.role = d.role;
    if (!m.scenario()) return c;
    for (const auto& q : m.scenario()->feedback_form()) {
        auto it = d.answers.find(q.id);
        if (it == d.answers.end()) continue;
        // Trailing line breaks are the Enter of a Ctrl+Enter whose Ctrl the field missed.
        std::string answer = trimmed(it->second);
        if (!answer.empty()) c.answers.emplace_back(q.id, std::move(answer));
    }
    return c;
}

bool can_record_feedback(const Model& m, std::string* why) {
    auto no = [&](std::string text) {
        if (why) *why = std::move(text);
        return false;
    };
    if (!m.has_session()) return no("No session is open.");
    if (m.read_only()) return no("This session is open for review only; resume it to add feedback.");
    const sim::ExerciseState& st = *m.state();
    if (st.phase == sim::Phase::closed) return no("The session is closed; feedback can no longer be added.");
    if (!st.ended && st.phase != sim::Phase::hotwash)
        return no("The feedback form opens once the exercise has ended (Ctrl+E).");
    if (m.ui.feedback.sending) return no("Recording the last form…");
    const sim::cmd::RecordFeedback c = feedback_command(m);
    if (c.answers.empty()) return no("Answer at least one question.");
    return engine_allows(m, c, why);
}

void record_feedback(Model& m) {
    sync_feedback_draft(m);
    std::string why;
    if (!can_record_feedback(m, &why)) {
        m.ui.feedback.error = why;      // shown in the form; nothing is journaled
        return;
    }
    sim::cmd::RecordFeedback c = feedback_command(m);
    const std::string who = c.respondent.empty() ? std::string("an anonymous participant") : c.respondent;
    m.ui.feedback.error.clear();
    m.ui.feedback.sending = true;
    m.push(
        std::move(c),
        [who](Model& mm) {
            const sim::ExerciseState& st = *mm.state();
            mm.success(fmt::format("Feedback from {} recorded in the journal (entry #{}).", who, st.last_seq));
            // The form empties for the next participant, and its field lets go of the keyboard.
            const std::string session = mm.ui.feedback.session;
            mm.ui.feedback = {};
            mm.ui.feedback.session = session;
            mm.ui.release_keyboard = true;
        },
        [](Model& mm, const std::string& refusal) {
            mm.ui.feedback.sending = false;
            mm.ui.feedback.error = "Not recorded: " + refusal;
        });
}

} // namespace ui::actions
