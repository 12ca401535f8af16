// sim/engine/adjudicate.hpp — what the defenders' posture makes of a red move.
//
// Pure functions of (scenario posture, move, flags, catalog, draws): the
// engine calls them while planning and journals the result, so a replay
// never adjudicates again. The rules, in order (docs/engine.md "Adjudication"):
//   1. a flag in the move's `stopped_by` holds            -> blocked (flag)
//   2. a posture mitigation mitigates the technique       -> blocked
//   3. a flag in the move's `revealed_by` holds           -> alerted (flag)
//   4. a posture detection covers the technique and some
//      telemetry it reads is collected                    -> alerted
//   5. collected telemetry records the technique          -> logged
//   6. otherwise                                          -> none
// In an uncertain posture each control with reliability < 1 is rolled
// (draw < reliability: it works); a control that fails its roll is passed
// over and the next rule is tried.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sim/attack/catalog.hpp"
#include "sim/engine/state.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

inline constexpr std::uint64_t kRollScale = 10000;      // draws are integers 0..9999

struct Adjudication {
    std::string outcome;                // blocked | alerted | logged | none
    std::string source;                 // posture | flag | roll (a roll was drawn)
    std::string control;                // what decided it ("" for none)
    std::vector<std::string> rolls;     // "<control>: p=0.90 draw=4312/10000 hit"
};

// `draw` returns the next value of the seeded generator, 0..kRollScale-1.
[[nodiscard]] Adjudication adjudicate(const Posture& posture, const RedMove& move, const std::set<std::string>& flags,
                                      const attack::Catalog& catalog, const std::function<std::uint64_t()>& draw);

// Whether `telemetry` (DC id or name, or a log source) names something in the catalog.
[[nodiscard]] bool known_telemetry(const attack::Catalog& catalog, const std::string& telemetry);

// A hunt through `telemetry`: the reliability with which it finds `technique`
// (the best collected posture source that matches the query and records the
// technique), or a negative value when it cannot find it at all.
[[nodiscard]] double hunt_reliability(const Posture& posture, const attack::Catalog& catalog,
                                      const std::string& telemetry, const std::string& technique);

// One roll's journal text.
[[nodiscard]] std::string roll_text(const std::string& control, double p, std::uint64_t draw, bool hit);

// The red entries of `ttx show --format json`: one per red move, in journal order:
// {stage, move, technique, chosen_at, executed_at, drawn, causes, outcome,
//  detected_at, adjudication: {source: posture|flag|roll|override, control, rolls,
//  at, revealed_at, revealed_by, override: {outcome, adjudicated, reason, by, at, seq}}}.
[[nodiscard]] nlohmann::json red_entries_json(const Scenario& scenario, const ExerciseState& state);

} // namespace sim
