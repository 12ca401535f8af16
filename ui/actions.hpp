// ui/actions.hpp — what buttons and keyboard shortcuts do, in one place.
//
// A button in a view and its shortcut call the same function here, so they
// can never disagree. Each action either pushes engine commands onto the
// model's queue or changes UI-only state; `can_*` says whether it applies now
// and, if not, why (shown as the disabled button's tooltip).
#pragma once

#include <string>
#include <vector>

#include "sim/engine/state.hpp"
#include "ui/model.hpp"

namespace ui::actions {

// Whether the engine would accept `c` now (a session must be open); if not, its
// refusal worded as a sentence in `why`.
[[nodiscard]] bool engine_allows(const Model& m, const sim::Command& c, std::string* why = nullptr);

// The control bar's main button: begin the briefing / start / pause / resume / hotwash.
struct Primary {
    std::string label;
    bool enabled = false;
    std::string why;                    // when disabled
};
[[nodiscard]] Primary primary(const Model& m);
void do_primary(Model& m);
// Starts a session from the setup draft (Ctrl+Enter on the setup screen); the
// next setup starts with no participants (the last session's are offered).
void start_from_setup(Model& m);

[[nodiscard]] bool can_deliver_next(const Model& m, std::string* why = nullptr);
void deliver_next(Model& m);

[[nodiscard]] bool can_end(const Model& m, std::string* why = nullptr);
void request_end(Model& m);             // asks for confirmation first
void confirm_end(Model& m);
[[nodiscard]] bool can_hotwash(const Model& m, std::string* why = nullptr);
void request_hotwash(Model& m);
void confirm_hotwash(Model& m);
[[nodiscard]] bool can_close(const Model& m, std::string* why = nullptr);
void request_close(Model& m);
void confirm_close(Model& m);

void faster(Model& m);
void slower(Model& m);

// The selected inject's status for the selected team.
[[nodiscard]] bool can_set_status(const Model& m, std::string* why = nullptr);
void set_status(Model& m, sim::InjectStatus status);
// The latest status of the selected inject for the selected team that still stands.
[[nodiscard]] const sim::StatusRecord* last_status(const Model& m);
// Takes it back: a retraction in the journal (the status stays there, marked).
[[nodiscard]] bool can_take_back_status(const Model& m, std::string* why = nullptr);
void take_back_status(Model& m);
// Moves the queue selection up (-1) or down (+1) within the selected team.
void select_in_queue(Model& m, int delta);
// The facilitator selects an inject (a click, a key): keys act on it at once.
void select_inject(Model& m, const std::string& id);
void next_team(Model& m);

// Decision panel: the draft for the selected inject's decision point.
[[nodiscard]] const sim::Decision* open_decision(const Model& m);   // pending, selected
void sync_decision_draft(Model& m);     // resets the draft when the decision point changes
[[nodiscard]] std::vector<std::string> decision_teams(const Model& m);   // teams allowed to decide
// Whether a team (and role, "" = none) may take decision `d` (its `by` list; empty = anyone).
[[nodiscard]] bool may_decide(const Model& m, const sim::Decision& d, const std::string& team, const std::string& role);
void choose_option(Model& m, int index);
// Selects the open decision that falls due first (cycling on repeated use).
void next_open_decision(Model& m);
[[nodiscard]] bool can_record_decision(const Model& m, std::string* why = nullptr);
// Records the draft; an option that ends the exercise asks first (confirm_record_decision).
void record_decision(Model& m);
void confirm_record_decision(Model& m);

void rate(Model& m, const std::string& expectation, sim::Rating rating);
[[nodiscard]] bool can_add_note(const Model& m, std::string* why = nullptr);
void add_note(Model& m);
// Starts a note on a scenario objective: the draft opens with the objective's
// words (never its id) and is not about any inject.
void start_objective_note(Model& m, const std::string& objective);

void show_on_projector(Model& m);      // pin the selected inject on the projector
void toggle_projector_fullscreen(Model& m);
void toggle_projector_window(Model& m);
void toggle_reveal_scores(Model& m);

void go(Model& m, Screen s);
void zoom(Model& m, float factor);      // 0 resets to 1
void toggle_theme(Model& m);
void toggle_help(Model& m);
void escape(Model& m);                  // closes overlays and confirmations

} // namespace ui::actions
