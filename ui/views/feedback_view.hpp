// ui/views/feedback_view.hpp — the participant feedback form (F8).
//
// After the exercise the laptop goes round the room: each participant (or the
// facilitator reading the questions out) fills in the scenario's feedback
// form — its own or the built-in one — with an optional name, team and role,
// and Record (Ctrl+Enter) journals it as feedback.recorded. The form empties
// only once the journal has it; beside it, how many responses are recorded
// and who gave them. The after-action report summarises the answers.
#pragma once

#include "ui/views/view.hpp"

namespace ui {

class FeedbackView final : public View {
public:
    FeedbackView() : View("feedback", "Participant feedback") {}

protected:
    void drawContent(Model& m) override;
    [[nodiscard]] bool needs_session() const override { return true; }

private:
    void draw_form(Model& m, bool open);
    void draw_who(Model& m);
    void draw_questions(Model& m);
    void draw_recorded(Model& m);
};

} // namespace ui
