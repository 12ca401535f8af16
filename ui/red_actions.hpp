// ui/red_actions.hpp — what the red cell screen's buttons do, and what it shows.
//
// Like ui/actions.hpp: each action pushes an engine command on the model's
// queue (run after the frame through Session::execute, committed before the
// state changes), and `can_*` asks the engine whether it would be accepted,
// worded as a sentence for the disabled button's tooltip.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/adjudicate.hpp"
#include "ui/model.hpp"

namespace ui::actions {

// ---- commands ------------------------------------------------------------------
[[nodiscard]] bool can_choose_red_move(const Model& m, const std::string& stage, const std::string& move,
                                       std::string* why = nullptr);
void choose_red_move(Model& m, const std::string& stage, const std::string& move);

[[nodiscard]] bool can_override_outcome(const Model& m, const sim::cmd::OverrideOutcome& c, std::string* why = nullptr);
// `done` runs once the journal has the override (the form clears then).
void override_outcome(Model& m, sim::cmd::OverrideOutcome c, std::function<void(Model&)> done = {});

[[nodiscard]] bool can_hunt(const Model& m, const sim::cmd::Hunt& c, std::string* why = nullptr);
void hunt(Model& m, sim::cmd::Hunt c, std::function<void(Model&)> done = {});

// ---- red decisions ---------------------------------------------------------------
// A decision the red cell takes: its `by` names a red team or a red team's role
// (no `by`: every team it reaches is red).
[[nodiscard]] bool is_red_decision(const sim::Scenario& s, const sim::Inject& inj);
// Selects the inject and the red team's queue, and brings the decision panel forward.
void answer_red_decision(Model& m, const std::string& inject);

// ---- what the defenders may see ---------------------------------------------------
// Whether a delivered inject reached the defenders: a blue team (or, in a
// scenario without blue teams, a purple one). Injects for the red cell, the
// white cell or observers only never reach the projector.
[[nodiscard]] bool for_defenders(const sim::Scenario& s, const sim::DeliveredInject& d);

// ---- forecasts for the red cell ------------------------------------------------------
// What the posture would make of a move if it took effect now (flags as they
// stand; in an uncertain posture every roll is assumed to succeed, and `rolled`
// lists the controls that would be rolled).
struct MoveForecast {
    bool posture = false;               // the scenario declares one
    sim::Adjudication adjudication;
    std::vector<std::string> rolled;    // "<control>: p=0.86"
    std::vector<std::string> collected; // posture telemetry that records the technique
    std::vector<std::string> components;// ATT&CK data components that record it ("DC0001 Process Access")
};
[[nodiscard]] MoveForecast forecast(const Model& m, const sim::RedMove& move);

// Telemetry a hunt can name, as {value for the command, label}: the posture's
// sources first, then the data components that record the scenario's red moves.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> hunt_telemetry(const Model& m);

} // namespace ui::actions
