// sim/engine/fold.hpp — internal to sim/engine: the data side of the fold and the inject schedule.
//
// fold() applies one event's payload to the snapshot (records, flags, queues,
// clock); the lifecycle phase is the statechart's business (exercise.cpp syncs
// it). The schedule functions say when each inject comes due; plan() and the
// `next` field of the state both use them, so "deliver next" and the clock
// always agree.
#pragma once

#include <optional>
#include <string>

#include "sim/engine/event.hpp"
#include "sim/engine/state.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim::detail {

// Throws JournalError if the payload is malformed or names unknown entities.
void fold(const Scenario& sc, ExerciseState& st, const Event& e);

// Notes, ratings, statuses, purple outcomes, retractions, pauses and the
// hotwash: events that cannot change what comes due next.
[[nodiscard]] bool schedule_neutral(const EventData& d);

struct Due {
    const Inject* inject = nullptr;
    ExTime at = 0;                      // may lie before the clock: then it is due now
    std::string cause;                  // clock | after | condition
    std::size_t order = 0;              // scenario order, breaks ties
};

// When `inj` comes due given the current state; nullopt when it is delivered,
// skipped, goto-only, waiting for an inject/decision that has not happened, or
// its `when` condition does not hold now.
[[nodiscard]] std::optional<Due> due(const Scenario& sc, const ExerciseState& st, const Inject& inj,
                                     std::size_t order);

// The earliest due inject (ties: scenario order); nullopt if none.
[[nodiscard]] std::optional<Due> earliest_due(const Scenario& sc, const ExerciseState& st);

} // namespace sim::detail
