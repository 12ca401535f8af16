// sim/engine/event.hpp — the journal's unit: one thing that happened in an exercise.
//
// The journal is append-only. Engine state, scores and reports are pure
// functions of (scenario, events), so this file is the contract between the
// engine (writes), the store (persists), scoring/reports and the console (read).
//
// Every event has a sequence number (1-based, gap-free per session), the
// exercise-clock time it happened at, the wall-clock time the caller stamped
// (never read by sim/, excluded from journal hashes) and a typed payload: one
// struct per kind in the variant EventData. Readers visit it (std::visit,
// Event::get<T>(), Event::is<T>()); the kind string exists only in the journal.
//
// Kinds and payload fields as stored (all ids are scenario ids; times are ExTime seconds):
//   session.started    scenario, scenario_sha256, seed, mode ("blue"|"red"|"purple"),
//                      practice (bool), participants [{name, team, role}]
//   briefing.started   {}
//   exercise.running   {}                          briefing over, clock may run
//   clock.advanced     from, to
//   inject.delivered   inject, stage, teams [..], cause ("clock"|"after"|"goto"|
//                      "condition"|"manual"|"red-move")
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
//   red.adjudicated    stage, move, technique, outcome ("blocked"|"alerted"|"logged"|"none"),
//                      source ("posture"|"flag"|"roll"), control (what decided, "" for none),
//                      rolls ["<control>: p=0.90 draw=4312/10000 hit|miss", …]: every seeded roll
//   red.hunt           team, telemetry (DC id/name or log source), scope (free text),
//                      revealed ["stage/move", …], rolls [as above]
//   red.override       stage, move, outcome, reason, by
//
// Additional payload fields (added by the engine; absent in older journals,
// which read them as their defaults):
//   decision.recorded  set [flags], clear [flags]: the option's flag effects
//                      (the fold applies these, so the journal is self-contained)
//   expectation.rated  inject, option: for source "option", the decision that
//                      gave the rating ("" otherwise); at (optional ExTime): the
//                      exercise time the rating refers to, for timeliness
//                      (written only when given)
//   red.move           drawn (bool): drawn by mt19937_64(seed) because the red
//                      cell had not chosen a move when the stage began
//   exercise.ended     note: the facilitator's reason text ("" for endings)
//   inject.delivered   set [flags], clear [flags]: the inject's own flag effects
//
// Kinds added for the exercise kit (issue 13):
//   decision.signed    inject, option, team, role, participant, rationale, parties [..]:
//                      one party's sign-off on a decision that needs several
//                      (the decision.recorded follows the last one)
//   feedback.recorded  respondent, team, role, questions [..], answers [..]: one
//                      participant's feedback form; answers[i] answers questions[i]
// Every event's t equals the exercise clock when it happened: the clock moves
// only through clock.advanced, so t never decreases along a journal.
//
// Codec (event.cpp): encode_data() writes the stored JSON (keys sorted, the
// text nlohmann's dump() gives), decode_event() reads it back without building
// a JSON tree (SAX). Unknown extra fields are ignored; a missing or mistyped
// required field, an unknown kind or malformed JSON is a JournalError naming
// the event's seq and the field.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/engine/commands.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

// A journal that cannot be read or folded: damaged, reordered, or for another scenario.
struct JournalError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

namespace ev {

// The scoring model new sessions record in session.started.
inline constexpr std::int64_t kCurrentScoringModel = 3;

struct SessionStarted {                 // session.started
    std::string scenario;
    std::string scenario_sha256;
    std::uint64_t seed = 0;
    std::string mode;                   // blue | red | purple
    bool practice = false;
    std::vector<Participant> participants;
    // The scoring model the session is scored under (docs/scoring.md,
    // "Scoring models"). Absent (0) in journals written before models were
    // versioned: those are model 1, so their scores never change.
    std::int64_t scoring_model = 0;
    bool operator==(const SessionStarted&) const = default;
};
struct BriefingStarted {                // briefing.started
    bool operator==(const BriefingStarted&) const = default;
};
struct ExerciseRunning {                // exercise.running
    bool operator==(const ExerciseRunning&) const = default;
};
struct ClockAdvanced {                  // clock.advanced
    ExTime from = 0;
    ExTime to = 0;
    bool operator==(const ClockAdvanced&) const = default;
};
struct InjectDelivered {                // inject.delivered
    std::string inject;
    std::string stage;
    std::vector<std::string> teams;
    std::string cause;
    std::vector<std::string> set = {};
    std::vector<std::string> clear = {};
    bool operator==(const InjectDelivered&) const = default;
};
struct InjectSkipped {                  // inject.skipped
    std::string inject;
    std::string reason;
    bool operator==(const InjectSkipped&) const = default;
};
struct StatusSet {                      // inject.status
    std::string inject;
    std::string team;
    std::string status;
    std::string participant;
    std::string role;
    bool operator==(const StatusSet&) const = default;
};
struct DecisionRecorded {               // decision.recorded
    std::string inject;
    std::string option;
    std::string team;
    std::string role;
    std::string participant;
    std::string rationale;
    bool timed_out = false;
    bool automated = false;
    std::vector<std::string> set;
    std::vector<std::string> clear;
    bool operator==(const DecisionRecorded&) const = default;
};
struct ExpectationRated {               // expectation.rated
    std::string expectation;
    std::string rating;                 // P | S | M | U
    std::string note;
    std::string source;                 // option | facilitator | evaluator
    std::string by;
    std::string inject;
    std::string option;
    std::optional<ExTime> at;           // the exercise time the rating refers to
    bool operator==(const ExpectationRated&) const = default;
};
struct NoteAdded {                      // note.added
    std::string text;
    std::string author;
    std::string role;
    bool action = false;
    std::string inject;                 // "" = none (not stored)
    std::string objective;              // "" = none (not stored)
    bool operator==(const NoteAdded&) const = default;
};
struct RedMove {                        // red.move
    std::string stage;
    std::string move;
    std::string technique;
    bool drawn = false;
    bool operator==(const RedMove&) const = default;
};
struct PurpleObserved {                 // purple.outcome
    std::string technique;
    std::string outcome;
    std::optional<ExTime> detected_at;
    std::string team;
    std::string note;
    bool operator==(const PurpleObserved&) const = default;
};
struct ExercisePaused {                 // exercise.paused
    bool operator==(const ExercisePaused&) const = default;
};
struct ExerciseResumed {                // exercise.resumed
    bool operator==(const ExerciseResumed&) const = default;
};
struct ExerciseEnded {                  // exercise.ended
    std::string ending;
    std::string reason;
    std::string note;
    bool operator==(const ExerciseEnded&) const = default;
};
struct HotwashStarted {                 // hotwash.started
    bool operator==(const HotwashStarted&) const = default;
};
struct SessionClosed {                  // session.closed
    bool operator==(const SessionClosed&) const = default;
};
struct EntryRetracted {                 // entry.retracted
    std::int64_t seq = 0;
    std::string reason;
    bool operator==(const EntryRetracted&) const = default;
};
struct DecisionSigned {                 // decision.signed
    std::string inject;
    std::string option;
    std::string team;
    std::string role;
    std::string participant;
    std::string rationale;
    std::vector<std::string> parties;   // the sign-off parties this signature covers
    bool operator==(const DecisionSigned&) const = default;
};
struct FeedbackRecorded {               // feedback.recorded
    std::string respondent;             // "" = anonymous
    std::string team;
    std::string role;
    std::vector<std::string> questions; // question ids
    std::vector<std::string> answers;   // answers[i] answers questions[i]
    bool operator==(const FeedbackRecorded&) const = default;
};

struct RedAdjudicated {                 // red.adjudicated
    std::string stage;
    std::string move;
    std::string technique;
    std::string outcome;                // blocked | alerted | logged | none
    std::string source;                 // posture | flag | roll
    std::string control;
    std::vector<std::string> rolls;
    bool operator==(const RedAdjudicated&) const = default;
};
struct HuntRun {                        // red.hunt
    std::string team;
    std::string telemetry;
    std::string scope;
    std::vector<std::string> revealed;  // move facts "stage/move"
    std::vector<std::string> rolls;
    bool operator==(const HuntRun&) const = default;
};
struct OutcomeOverridden {              // red.override
    std::string stage;
    std::string move;
    std::string outcome;
    std::string reason;
    std::string by;
    bool operator==(const OutcomeOverridden&) const = default;
};

} // namespace ev

using EventData = std::variant<ev::SessionStarted, ev::BriefingStarted, ev::ExerciseRunning, ev::ClockAdvanced,
                               ev::InjectDelivered, ev::InjectSkipped, ev::StatusSet, ev::DecisionRecorded,
                               ev::ExpectationRated, ev::NoteAdded, ev::RedMove, ev::PurpleObserved,
                               ev::ExercisePaused, ev::ExerciseResumed, ev::ExerciseEnded, ev::HotwashStarted,
                               ev::SessionClosed, ev::EntryRetracted, ev::RedAdjudicated, ev::HuntRun,
                               ev::OutcomeOverridden, ev::DecisionSigned, ev::FeedbackRecorded>;

// The journal spelling of a payload's kind ("inject.delivered", ...).
[[nodiscard]] std::string_view event_kind(const EventData& d);
// The same, by EventData index (what ExerciseState::kinds records).
[[nodiscard]] std::string_view event_kind(std::size_t index);

// The EventData index of payload type T.
template <class T, std::size_t I = 0>
[[nodiscard]] constexpr std::size_t event_index() {
    static_assert(I < std::variant_size_v<EventData>, "not an event payload type");
    if constexpr (std::is_same_v<std::variant_alternative_t<I, EventData>, T>) return I;
    else return event_index<T, I + 1>();
}

struct Event {
    std::int64_t seq = 0;
    ExTime t = 0;
    std::int64_t wall_ms = 0;           // UTC milliseconds, stamped by the caller
    EventData data;

    [[nodiscard]] std::string_view kind() const { return event_kind(data); }
    template <class T>
    [[nodiscard]] bool is() const { return std::holds_alternative<T>(data); }
    template <class T>
    [[nodiscard]] const T* get() const { return std::get_if<T>(&data); }
    bool operator==(const Event&) const = default;
};

using Journal = std::vector<Event>;

// For visiting with lambdas: std::visit(overloaded{[](const ev::NoteAdded&) {…}, [](const auto&) {}}, e.data).
template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

// The payload as stored: canonical JSON, keys sorted (nlohmann dump()).
[[nodiscard]] std::string encode_data(const EventData& d);

// One stored event read back. Throws JournalError ("event 12 (inject.status):
// field 'team' must be a string") for an unknown kind, malformed JSON, a
// payload that is not an object, or a required field missing or mistyped.
[[nodiscard]] Event decode_event(std::int64_t seq, ExTime t, std::int64_t wall_ms, std::string_view kind,
                                 std::string_view data_json);

} // namespace sim
