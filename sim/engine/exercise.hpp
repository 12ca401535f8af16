// sim/engine/exercise.hpp — the exercise engine: commands in, events out, state = fold(events).
//
//   Exercise ex{scenario};
//   CommandResult r = ex.plan(cmd::Decide{...}, wall_ms);   // checks, changes nothing
//   if (!r) show(r.error);
//   else for (const Event& e : r.events) ex.apply(e);        // the fold
//
// plan() validates a command against the current state and returns every
// event it causes, derived ones included: injects that come due on the clock
// or follow a delivery, a decision or a flag change, goto targets, decisions
// that time out (their default option, timed_out=true), the ratings a chosen
// option gives, red moves drawn when a stage starts without one, and
// exercise.ended when an ending is reached. apply() only folds: it never
// triggers anything, so replaying a journal reproduces the live state exactly.
//
// The lifecycle (setup → briefing → running ⇄ paused → hotwash → closed) is a
// Boost.Statechart machine owned here (lifecycle.hpp); its phase is visible
// through ExerciseState only. Nothing in here reads the wall clock: wall_ms is
// stamped by the caller; randomness comes from mt19937_64(seed).
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/engine/commands.hpp"
#include "sim/engine/event.hpp"
#include "sim/engine/state.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

class Lifecycle;

struct CommandResult {
    std::string error;                  // "" when accepted
    Journal events;                     // accepted: what it produces (never empty)

    [[nodiscard]] bool ok() const { return error.empty(); }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] static CommandResult rejected(std::string why) { return {std::move(why), {}}; }
};

// apply() throws JournalError (event.hpp) when an event cannot follow the
// current state (a journal that was not produced by plan(): corrupted,
// reordered or for another scenario).

class Exercise {
public:
    explicit Exercise(std::shared_ptr<const Scenario> scenario);
    ~Exercise();
    Exercise(Exercise&&) noexcept;
    Exercise& operator=(Exercise&&) noexcept;
    Exercise(const Exercise&) = delete;
    Exercise& operator=(const Exercise&) = delete;

    // The events `c` would produce now, each stamped with `wall_ms`, seqs
    // following state().last_seq; or a sentence saying why it is refused.
    [[nodiscard]] CommandResult plan(const Command& c, std::int64_t wall_ms = 0) const;

    // Why `c` would be refused now, or "" when it would be accepted. Front
    // ends ask this to enable a control instead of restating the rules.
    [[nodiscard]] std::string check(const Command& c) const { return plan(c).error; }

    // Folds one event (seq must be last_seq + 1) in place. Throws JournalError
    // if the event cannot happen in the current state. An event refused by its
    // order, time or lifecycle phase leaves the state unchanged; one whose
    // payload the fold refuses part-way leaves the exercise broken: every later
    // apply() throws and plan() refuses, so a damaged journal is refused whole.
    // (Folding in place, not on a copy, keeps replay linear in the journal.)
    void apply(const Event& e);

    [[nodiscard]] const ExerciseState& state() const { return state_; }
    [[nodiscard]] const Scenario& scenario() const { return *scenario_; }
    [[nodiscard]] const std::shared_ptr<const Scenario>& scenario_ptr() const { return scenario_; }

private:
    std::shared_ptr<const Scenario> scenario_;
    std::unique_ptr<Lifecycle> lifecycle_;
    ExerciseState state_;
    std::string broken_;                // why an earlier apply() failed part-way
};

// ---- helpers other modules share ---------------------------------------------

// Team ids an inject is addressed to: its `to` entries that are teams, plus the
// teams that have a listed role; scenario team order. An inject with no `to`
// goes to every blue and purple team.
[[nodiscard]] std::vector<std::string> audience_teams(const Scenario& s, const Inject& inj);

// Who may take a decision: a team listed in its `by`, someone acting in a
// listed role, or a team as a whole that holds a listed role; with no `by`,
// any team the inject was delivered to (`delivered_to`). `role` "" = the team.
[[nodiscard]] bool may_take_decision(const Scenario& s, const Decision& d, const std::vector<std::string>& delivered_to,
                                     const std::string& team, const std::string& role);

// SHA-256 over the canonical journal: one line per event of
// {"data":…,"kind":…,"seq":…,"t":…} (nlohmann dump, keys sorted), wall_ms excluded.
[[nodiscard]] std::string journal_sha256(const Journal& events);

// Why the red cell cannot choose `move` for `stage` now: its `requires` does
// not hold, or something in its `blocked_by` does (flags and "stage/move"
// facts in state.flags). "" when it is available.
[[nodiscard]] std::string red_move_unavailable(const std::string& stage, const RedMove& move,
                                               const ExerciseState& state);

// Folds a whole journal into a fresh engine (throws JournalError).
[[nodiscard]] Exercise replay(std::shared_ptr<const Scenario> scenario, const Journal& events);

} // namespace sim
