// sim/engine/commands.hpp — everything a facilitator, the CLI or the console can ask of an exercise.
//
// Commands are plain data. Exercise::plan() checks one against the current
// state and answers with the events it would produce, or with a sentence
// saying why it is refused; nothing changes until those events are applied.
// The console builds these structs from button presses, `ttx run` builds them
// from a decision script: both go through the same checks.
//
// Vocabulary fields a person types (ratings, statuses, outcomes, sources,
// note roles) are strings so the engine can refuse a wrong one with a message
// that lists the right ones. The spellings are those of event.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace sim {

// One person taking part, as registered when the session starts.
struct Participant {
    std::string name;
    std::string team;                   // team id
    std::string role;                   // role id ("" if none)

    bool operator==(const Participant&) const = default;
};

namespace cmd {

// setup: record the session's configuration (session.started). Only first.
struct Start {
    std::uint64_t seed = 0;
    Mode mode = Mode::blue;
    bool practice = false;              // excluded from history and trends
    std::vector<Participant> participants;
};
struct BeginBriefing {};                // setup -> briefing
struct BeginRunning {};                 // briefing -> running; injects due at +00:00 arrive

// Move the exercise clock forward to an absolute time. Injects that come due
// and decisions that time out on the way are delivered/decided in time order.
struct Advance {
    ExTime to = 0;
};
// Deliver the next scheduled inject now, without moving the clock.
struct DeliverNext {};
// Take an undelivered inject out of the exercise; it will never be delivered.
struct Skip {
    std::string inject;
    std::string reason;
};
struct Decide {
    std::string inject;
    std::string option;
    std::string team;                   // must be allowed by the decision's `by`
    std::string role;                   // "" = the participant's registered role
    std::string participant;            // "" = the team as a whole
    std::string rationale;
};
struct Rate {
    std::string expectation;
    std::string rating;                 // P | S | M | U
    std::string note;
    std::string source = "facilitator"; // facilitator | evaluator
    std::string by;                     // who rated
    // The exercise time the rating refers to (between T+0 and the clock), for a
    // rating entered later than what it judges (in the hotwash, say): scoring
    // measures timeliness at this time instead of the time of entry.
    std::optional<ExTime> at;
};
struct AddNote {
    std::string text;
    std::string author;
    std::string role = "facilitator";   // facilitator | observer
    bool action = false;                // an improvement action for the plan
    std::string inject;                 // optional: the inject it is about
    std::string objective;              // optional: the objective it is about (hotwash)
};
struct SetStatus {
    std::string inject;
    std::string team;
    std::string status;                 // acknowledged | escalated | dismissed | contained
    std::string participant;
    std::string role;
};
struct Pause {};
struct Resume {};
// Stop the exercise clock for good (facilitator's decision); evaluation may go on.
struct End {
    std::string reason;
};
struct StartHotwash {};                 // ends the exercise first if it is still going
struct Close {};                        // hotwash (or ended) -> closed; nothing after this
// Withdraw a note, rating, status or purple outcome (decisions stand).
struct Retract {
    std::int64_t seq = 0;
    std::string reason;
};
// Red and purple modes: the red cell picks one of a stage's alternatives.
struct ChooseRedMove {
    std::string stage;
    std::string move;
};
// Purple mode: what the defenders saw of one executed technique.
struct RecordPurpleOutcome {
    std::string technique;
    std::string outcome;                // blocked | alerted | logged | none | n/a
    std::optional<ExTime> detected_at;  // exercise time of detection, if any
    std::string team;
    std::string note;
};

// A blue hunt: search one kind of telemetry; reveals the executed red moves
// it records that were logged but not alerted (docs/engine.md "Hunts").
struct Hunt {
    std::string team;
    std::string telemetry;              // DC id or name, or a log source
    std::string scope;                  // free text: "Sysmon process access on FIN-WS-112"
};
// The white cell's last word on a move's adjudicated outcome.
struct OverrideOutcome {
    std::string stage;
    std::string move;
    std::string outcome;                // blocked | alerted | logged | none
    std::string reason;                 // required
    std::string by;
};
// One participant's answers to the feedback form (Scenario::feedback_form()):
// question id -> answer ("1".."5" for a scale, text otherwise). Questions left
// out are unanswered. Accepted once the exercise runs, until the session closes.
struct RecordFeedback {
    std::string respondent;             // "" = anonymous
    std::string team;                   // optional team id
    std::string role;                   // optional role id
    std::vector<std::pair<std::string, std::string>> answers;
};

} // namespace cmd

// Decide on a decision with `sign_off` records one party's signature
// (decision.signed); the decision is taken when every party has signed the
// same option. A signature for another option starts the sign-off over.
using Command = std::variant<cmd::Start, cmd::BeginBriefing, cmd::BeginRunning, cmd::Advance,
                             cmd::DeliverNext, cmd::Skip, cmd::Decide, cmd::Rate, cmd::AddNote,
                             cmd::SetStatus, cmd::Pause, cmd::Resume, cmd::End, cmd::StartHotwash,
                             cmd::Close, cmd::Retract, cmd::ChooseRedMove, cmd::RecordPurpleOutcome, cmd::Hunt,
                             cmd::OverrideOutcome, cmd::RecordFeedback>;

// A short lower-case name for messages: "decide", "advance", ...
[[nodiscard]] const char* command_name(const Command& c);

} // namespace sim
