// sim/engine/event.hpp — the journal's unit: one thing that happened in an exercise.
//
// The journal is append-only. Engine state, scores and reports are pure
// functions of (scenario, events), so this file is the contract between the
// engine (writes), the store (persists), scoring/reports and the console (read).
//
// Every event has a sequence number (1-based, gap-free per session), the
// exercise-clock time it happened at, the wall-clock time the caller stamped
// (never read by sim/, excluded from journal hashes), a kind and a JSON payload.
//
// Kinds and payload fields (all ids are scenario ids; times are ExTime seconds):
//   session.started    scenario, scenario_sha256, seed, mode ("blue"|"red"|"purple"),
//                      practice (bool), participants [{name, team, role}]
//   briefing.started   {}
//   exercise.running   {}                          briefing over, clock may run
//   clock.advanced     from, to
//   inject.delivered   inject, stage, teams [..], cause ("clock"|"after"|"goto"|
//                      "condition"|"manual")
//   inject.skipped     inject, reason
//   inject.status      inject, team, status ("acknowledged"|"escalated"|"dismissed"|
//                      "contained"), participant, role
//   decision.recorded  inject, option, team, role, participant, rationale,
//                      timed_out (bool), automated (bool)
//   expectation.rated  expectation, rating ("P"|"S"|"M"|"U"), note,
//                      source ("option"|"facilitator"|"evaluator"), by
//   note.added         text, author, role ("facilitator"|"observer"), action (bool:
//                      an improvement action), inject (optional)
//   red.move           stage, move, technique
//   purple.outcome     technique, outcome ("blocked"|"alerted"|"logged"|"none"|"n/a"),
//                      detected_at (ExTime or null), team, note
//   exercise.paused    {}
//   exercise.resumed   {}
//   exercise.ended     ending (id or ""), reason ("ending"|"facilitator")
//   hotwash.started    {}
//   session.closed     {}
//   entry.retracted    seq (the retracted event), reason
//
// Additional payload fields (added by the engine; readers may ignore them):
//   decision.recorded  set [flags], clear [flags]: the option's flag effects
//                      (the fold applies these, so the journal is self-contained)
//   expectation.rated  inject, option: for source "option", the decision that
//                      gave the rating ("" otherwise)
//   red.move           drawn (bool): drawn by mt19937_64(seed) because the red
//                      cell had not chosen a move when the stage began
//   exercise.ended     note: the facilitator's reason text ("" for endings)
// Every event's t equals the exercise clock when it happened: the clock moves
// only through clock.advanced, so t never decreases along a journal.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario/scenario.hpp"

namespace sim {

struct Event {
    std::int64_t seq = 0;
    ExTime t = 0;
    std::int64_t wall_ms = 0;           // UTC milliseconds, stamped by the caller
    std::string kind;
    nlohmann::json data = nlohmann::json::object();
};

using Journal = std::vector<Event>;

} // namespace sim
