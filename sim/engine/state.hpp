// sim/engine/state.hpp — ExerciseState: the snapshot of an exercise that everyone reads.
//
// A plain value, rebuilt by folding the journal (Exercise::apply). The console
// reads it every frame, the CLI prints it; neither changes it. No statechart
// types appear here: the lifecycle phase and the per-inject phase are enums.
//
// Promises:
//  - Folding the same events always gives an equal state (operator==), so a
//    resumed session is indistinguishable from one that never stopped.
//  - Records keep the journal order and the seq of the event that made them,
//    which is what Retract and the reports refer to.
//  - Retracted notes, ratings, statuses and purple outcomes stay in the
//    history with `retracted` set; the "current" views skip them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/engine/commands.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

// The exercise lifecycle. Once the exercise has ended (state.ended) the phase
// stays `running` (or becomes it, if it ended while paused) until the hotwash:
// the clock is stopped and only evaluation commands are accepted.
enum class Phase { setup, briefing, running, paused, hotwash, closed };

// Where an inject is in its own small cycle (the statechart's Running substates):
//  presenting         delivered; no team has reacted yet
//  awaiting_response  some team reacted, but its decision is open or some
//                     audience team has not set a status yet
//  evaluating         decided (or every audience team set a status): rate it
enum class InjectPhase { none, presenting, awaiting_response, evaluating };

// A team's handling of one delivered inject. `pending` = no status yet.
enum class InjectStatus { pending, acknowledged, escalated, dismissed, contained };

[[nodiscard]] const char* to_string(Phase p);
[[nodiscard]] const char* to_string(InjectPhase p);
[[nodiscard]] const char* to_string(InjectStatus s);
// Only the four settable statuses parse; "pending" does not.
[[nodiscard]] std::optional<InjectStatus> parse_inject_status(const std::string& s);

struct StatusRecord {                   // one inject.status event
    std::int64_t seq = 0;
    ExTime t = 0;
    std::string inject;
    std::string team;
    InjectStatus status = InjectStatus::pending;
    std::string participant;
    std::string role;
    bool retracted = false;
    bool operator==(const StatusRecord&) const = default;
};

struct TeamQueueEntry {                 // one inject in one team's queue
    std::string inject;
    ExTime delivered_at = 0;
    InjectStatus status = InjectStatus::pending;  // latest non-retracted status
    ExTime status_at = kNoTime;
    bool operator==(const TeamQueueEntry&) const = default;
};

struct DeliveredInject {
    std::int64_t seq = 0;               // the inject.delivered event
    std::string inject;
    std::string stage;
    std::vector<std::string> teams;     // resolved audience, scenario team order
    ExTime delivered_at = 0;
    std::string cause;                  // clock | after | goto | condition | manual | red-move
    std::map<std::string, InjectStatus> status; // team -> latest non-retracted status
    InjectPhase phase = InjectPhase::presenting;
    std::vector<std::size_t> queue_pos; // queue_pos[i]: its index in queues[teams[i]] (a status finds it directly)
    bool operator==(const DeliveredInject&) const = default;
};

struct PendingDecision {
    std::string inject;
    ExTime deadline = kNoTime;          // delivered_at + timeout; kNoTime = none
    std::vector<std::string> by;        // teams/roles allowed to decide ("" = audience)
    bool operator==(const PendingDecision&) const = default;
};

struct DecisionRecord {
    std::int64_t seq = 0;
    ExTime t = 0;
    std::string inject;
    std::string option;
    std::string team;                   // "" when it timed out
    std::string role;
    std::string participant;
    std::string rationale;
    bool timed_out = false;
    bool automated = false;
    bool operator==(const DecisionRecord&) const = default;
};

struct RatingRecord {
    std::int64_t seq = 0;
    ExTime t = 0;
    std::string expectation;
    Rating rating = Rating::P;
    std::string note;
    std::string source;                 // option | facilitator | evaluator
    std::string by;
    std::string inject;                 // source=option: the decided inject
    std::string option;                 // source=option: the option taken
    bool retracted = false;
    std::optional<ExTime> at;           // the exercise time the rating refers to (if stated)
    bool operator==(const RatingRecord&) const = default;
};

struct NoteRecord {
    std::int64_t seq = 0;
    ExTime t = 0;
    std::string text;
    std::string author;
    std::string role;                   // facilitator | observer
    bool action = false;
    std::string inject;
    bool retracted = false;
    std::string objective;              // the objective a hotwash note is about
    bool operator==(const NoteRecord&) const = default;
};

struct RedMoveRecord {
    std::int64_t seq = 0;
    ExTime t = 0;
    std::string stage;
    std::string move;
    std::string technique;
    bool drawn = false;                 // drawn by the seeded RNG, not chosen
    // When the move took effect: when chosen if its stage had begun (or the
    // stage waits for it), else when the stage's first inject was delivered.
    // kNoTime until then. From then on the fact "stage/move" is in `flags`.
    ExTime executed_at = kNoTime;
    // Adjudication against the posture (red.adjudicated); outcome "" until then.
    std::string outcome;                // blocked | alerted | logged | none
    std::string source;                 // posture | flag | roll
    std::string control;                // what decided it
    std::vector<std::string> rolls;     // the seeded rolls drawn for it
    ExTime adjudicated_at = kNoTime;
    ExTime revealed_at = kNoTime;       // a hunt found it (logged moves)
    std::string revealed_by;            // the team whose hunt found it
    // The white cell's override (red.override), the latest one counts.
    std::string override_outcome;
    std::string override_reason;
    std::string override_by;
    ExTime overridden_at = kNoTime;
    std::int64_t override_seq = 0;
    bool operator==(const RedMoveRecord&) const = default;

    // The outcome that counts: the override if any, else the adjudicated one.
    [[nodiscard]] const std::string& effective_outcome() const {
        return override_outcome.empty() ? outcome : override_outcome;
    }
    // When the defenders first knew of it: blocked or alerted at adjudication
    // (or override), logged when a hunt revealed it; kNoTime if never.
    [[nodiscard]] ExTime detected_at() const;
};

struct HuntRecord {                     // one red.hunt event
    std::int64_t seq = 0;
    ExTime t = 0;
    std::string team;
    std::string telemetry;
    std::string scope;
    std::vector<std::string> revealed;  // move facts
    std::vector<std::string> rolls;
    bool operator==(const HuntRecord&) const = default;
};

struct PurpleRecord {
    std::int64_t seq = 0;
    ExTime t = 0;
    std::string technique;
    PurpleOutcome outcome = PurpleOutcome::none;
    std::optional<ExTime> detected_at;
    std::string team;
    std::string note;
    bool retracted = false;
    bool operator==(const PurpleRecord&) const = default;
};

// A decision that needs joint sign-off, while it is being signed.
struct SignOffRecord {
    std::string inject;
    std::string option;                 // the option being signed
    std::vector<std::string> signed_by; // sign-off parties that have signed it
    std::vector<std::int64_t> seqs;     // their decision.signed events
    bool operator==(const SignOffRecord&) const = default;
};

struct FeedbackRecord {                 // one feedback.recorded event
    std::int64_t seq = 0;
    ExTime t = 0;
    std::string respondent;
    std::string team;
    std::string role;
    std::vector<std::pair<std::string, std::string>> answers;  // question id -> answer
    bool operator==(const FeedbackRecord&) const = default;
};

struct ScheduledInject {                // what "deliver next" would deliver
    std::string inject;
    ExTime at = 0;
    bool operator==(const ScheduledInject&) const = default;
};

struct ExerciseState {
    // lifecycle
    Phase phase = Phase::setup;
    bool started = false;               // session.started applied
    bool ended = false;                 // exercise.ended applied: the clock is stopped
    std::string ending;                 // ending id ("" = ended by the facilitator)
    std::string end_reason;             // "ending" | "facilitator"
    std::string current_inject;         // the statechart's focus: last delivered inject

    // configuration (session.started)
    std::string scenario_id;
    std::string scenario_sha256;
    ExTime clock = 0;
    Mode mode = Mode::blue;
    std::uint64_t seed = 0;
    bool practice = false;
    std::vector<Participant> participants;

    // the inject graph
    std::set<std::string> flags;        // option flags, plus "stage/move" for each red move in effect
    std::vector<DeliveredInject> delivered;                    // delivery order
    std::map<std::string, std::size_t> delivered_pos;          // inject -> index in `delivered` (lookups per event)
    std::map<std::string, std::vector<TeamQueueEntry>> queues; // team -> its injects, in order
    std::vector<std::string> skipped;                          // skip order
    std::vector<PendingDecision> pending_decisions;            // delivery order
    std::vector<DecisionRecord> decisions;                     // journal order
    std::optional<ScheduledInject> next;                       // next inject with a known time
    std::vector<bool> settled;          // by scenario inject index: delivered or skipped (the schedule passes over it)

    // evaluation
    std::map<std::string, RatingRecord> ratings;               // expectation -> latest kept
    std::vector<RatingRecord> rating_history;                  // every rating, journal order
    std::vector<StatusRecord> status_history;
    std::vector<NoteRecord> notes;
    std::vector<RedMoveRecord> red_moves;
    std::vector<PurpleRecord> purple_outcomes;
    std::vector<HuntRecord> hunts;
    std::set<std::int64_t> retracted;                          // retracted seqs
    std::vector<SignOffRecord> sign_offs;                      // open joint sign-offs
    std::vector<FeedbackRecord> feedback;                      // journal order

    // journal bookkeeping
    std::int64_t last_seq = 0;
    std::vector<std::uint8_t> kinds;    // kinds[seq-1] = EventData index of event seq (event_kind() spells it)
    std::uint64_t rng_draws = 0;        // values drawn so far from mt19937_64(seed)

    bool operator==(const ExerciseState&) const = default;

    // ---- plain accessors -------------------------------------------------------
    [[nodiscard]] const DeliveredInject* delivered_inject(const std::string& id) const;
    [[nodiscard]] DeliveredInject* delivered_inject_mut(const std::string& id);
    [[nodiscard]] bool is_delivered(const std::string& id) const { return delivered_inject(id) != nullptr; }
    [[nodiscard]] bool is_skipped(const std::string& id) const;
    [[nodiscard]] const DecisionRecord* decision(const std::string& inject) const;
    [[nodiscard]] const PendingDecision* pending_decision(const std::string& inject) const;
    [[nodiscard]] const RedMoveRecord* red_move(const std::string& stage) const;
    [[nodiscard]] const SignOffRecord* sign_off(const std::string& inject) const;
    // InjectPhase::none for an inject that has not been delivered.
    [[nodiscard]] InjectPhase inject_phase(const std::string& inject) const;
    // The statechart's Running substate: the phase of current_inject
    // (none before the first delivery or outside running/paused).
    [[nodiscard]] InjectPhase current_inject_phase() const;
    // The team's queue (empty if the team has received nothing).
    [[nodiscard]] const std::vector<TeamQueueEntry>& queue(const std::string& team) const;
};

} // namespace sim
