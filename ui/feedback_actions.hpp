// ui/feedback_actions.hpp — what the feedback screen's Record button (and Ctrl+Enter) does.
//
// Like ui/actions.hpp: the form is a draft in UiState; recording pushes the
// engine's RecordFeedback on the model's queue (committed to the journal
// before the state changes) and clears the form only once the journal has it.
#pragma once

#include <string>

#include "sim/engine/commands.hpp"
#include "ui/model.hpp"

namespace ui::actions {

// Resets the draft when it belongs to another session (or none).
void sync_feedback_draft(Model& m);
// The command the draft stands for: answers in the form's order, blank ones
// left out, text answers without trailing blanks or line breaks.
[[nodiscard]] sim::cmd::RecordFeedback feedback_command(const Model& m);
// The form may be recorded now: the exercise has ended, the session is not
// closed, something is answered and the engine would accept it.
[[nodiscard]] bool can_record_feedback(const Model& m, std::string* why = nullptr);
// Records the form, or (when it cannot) puts the reason in the form.
void record_feedback(Model& m);

} // namespace ui::actions
