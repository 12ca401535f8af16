// sim/scoring/scorecard.hpp — the scores of one exercise, and how to compute them.
//
// score(scenario, journal) is a pure, linear fold over the journal: the same
// inputs always give the same Scorecard. Every number carries what it came
// from (event sequence numbers, expectation and inject ids), so a report can
// show a manager why a score is what it is. The model — points per rating,
// lateness, time metrics, detection depth, alert quality, purple coverage,
// red metrics, the readiness index and maturity levels — is documented with a
// worked example in docs/scoring.md; tests/scoring_test.cpp reproduces it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/event.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim::scoring {

// ---- the model's constants (docs/scoring.md) -----------------------------------

// Points per rating: P=100, S=75, M=40, U=0.
[[nodiscard]] double points(Rating r);
// One level worse; U stays U. Applied to a response after its deadline.
[[nodiscard]] Rating downgrade(Rating r);

// Readiness-index component weights (renormalised over the components present).
inline constexpr double kWeightExpectations = 50;
inline constexpr double kWeightTimeliness = 15;
inline constexpr double kWeightDepth = 15;
inline constexpr double kWeightAlertQuality = 10;
inline constexpr double kWeightPurple = 10;
// Model 2 adds the outcome: how far the attack got (docs/scoring.md).
inline constexpr double kWeightOutcome = 20;
// Model 2: an attack that reached the last stage of its kill chain and was
// never contained leaves the index at most this (maturity 3, Defined).
inline constexpr double kUncontainedCeiling = 69.9;

// Maturity level 1..5 for a readiness index 0..100:
// 1 Initial <40, 2 Developing <55, 3 Defined <70, 4 Managed <85, 5 Optimized >=85.
[[nodiscard]] int maturity_level(double readiness);
[[nodiscard]] const char* maturity_name(int level);

// ---- per expectation -----------------------------------------------------------

enum class ExpectationState {
    not_applicable,                     // its inject was never delivered: excluded
    pending,                            // exercise still running, deadline not passed: excluded
    rated,                              // has a final rating and counts
};
[[nodiscard]] const char* to_string(ExpectationState s);

// One expectation.rated event, kept for the audit trail (retracted ones too).
struct RatingRecord {
    std::int64_t seq = 0;
    ExTime t = 0;
    Rating rating = Rating::U;
    std::string source;                 // option | facilitator | evaluator
    std::string by;                     // who rated
    std::string note;
    bool retracted = false;
    std::optional<ExTime> at;           // the exercise time it refers to, when the rater stated one

    // When the rating counts as a response: the stated time, else the time of entry.
    [[nodiscard]] ExTime response_at() const { return at ? *at : t; }
};

struct ExpectationResult {
    std::string id;
    std::string inject;
    Action action = Action::triage;
    std::string by;                     // team or role id, as written
    std::string team;                   // the team it is scored for ("" if unresolved)
    std::string role;                   // the role id when `by` names a role
    std::string capability;
    std::string objective;
    double weight = 1.0;
    bool benign_inject = false;
    bool attack_inject = false;         // its inject is a step of the attack (see attack_injects)
    bool red = false;                   // by the red cell: scored on the red scorecard, not the defenders'

    ExpectationState state = ExpectationState::not_applicable;
    ExTime delivered_at = kNoTime;
    ExTime within = kNoTime;
    ExTime deadline = kNoTime;          // delivered_at + within (kNoTime if no `within`)

    // The rating given, before timeliness: the latest non-retracted rating, or
    // P implied by a matching inject.status when nobody rated.
    std::optional<Rating> given;
    std::string given_source;           // option | facilitator | evaluator | status
    std::int64_t given_seq = 0;         // the event that decided `given`
    std::string note;                   // the winning rating's note

    // The first sign of a response: the earliest matching inject.status or
    // the earliest non-retracted rating.
    ExTime response_at = kNoTime;
    std::int64_t response_seq = 0;
    std::string response_kind;          // "status" | "rating" | ""

    bool late = false;                  // response after the deadline: one level down
    bool no_response = false;           // nothing by the end: U
    // The team answered with another status than the one expected (a benign
    // alert escalated instead of dismissed): a response, but the wrong one, U.
    std::string wrong_response;         // that status ("escalated"), or ""
    std::optional<Rating> final_rating; // what counts (state == rated)
    double points = 0;                  // points(final_rating)

    // The decision whose option produced the winning rating (source option).
    std::int64_t decision_seq = 0;
    std::string decision_option;

    std::vector<RatingRecord> audit;    // every rating event, journal order
};

// ---- aggregates ----------------------------------------------------------------

// One component of a readiness index; absent components carry no value.
struct Component {
    std::string name;                   // expectations | timeliness | detection-depth | alert-quality | purple-coverage | outcome
    double weight = 0;
    std::optional<double> value;        // 0..100
};

struct Readiness {
    std::optional<double> index;        // 0..100; nullopt when no component has data
    int level = 0;                      // 1..5 (0 when no index)
    std::vector<Component> components;
    std::optional<double> uncapped;     // the weighted mean when a ceiling lowered `index`
};

// How far the attack got (scoring models 2 and 3). With N stages and the
// stage S (0-based) where it was stopped — the containment stage, else the
// furthest stage it reached —: 100 x (N - 1 - S) / (N - 1), i.e. 100 when
// stopped at the first stage and 0 when it ran to the last uncontained; a
// one-stage chain scores 100 if contained, else 0. Model 3: a red move past
// the containment stage moves S to where red got (the containment did not
// stop it), and when red has objectives the score is the mean of that and
// the weighted share of red objectives not achieved.
struct Outcome {
    std::optional<double> score;        // nullopt when no attack was delivered
    std::optional<double> stage_score;  // the kill-chain part alone
    std::optional<double> red_objectives_score; // model 3 with red objectives: 100 x share not achieved
    int stopped = -1;                   // S, the attack-stage index where it was stopped
    bool objective_reached = false;     // the last stage was reached
    bool contained = false;             // contained, and (model 3) red did not carry on past it
    bool carried_on = false;            // model 3: contained, but red moved on past the containment stage
    bool ceiling = false;               // objective reached (model 3: or every red objective) and not contained: index capped
};

// Weighted mean over a set of expectations (a capability, objective, team, role).
struct ExpectationStats {
    int applicable = 0;                 // rated (pending excluded)
    int pending = 0;
    int not_applicable = 0;
    int count[4] = {0, 0, 0, 0};        // by final rating P, S, M, U
    double weight = 0;                  // sum of weights of rated expectations
    double weighted_points = 0;
    std::optional<double> score;        // weighted_points / weight
    double deadline_weight = 0;         // rated expectations that have a deadline
    double on_time_weight = 0;          // … whose response came on time
    std::optional<double> timeliness;   // 100 * on_time_weight / deadline_weight
    std::vector<std::string> expectations; // ids, scenario order
};

struct Metric {
    std::optional<ExTime> value;        // seconds since the first malicious inject
    ExTime at = kNoTime;                // exercise-clock time of the evidence
    std::int64_t seq = 0;               // evidence event
    std::string inject;                 // "" when the evidence is a purple outcome of a red move
    int stage = -1;                     // stage index of the evidence
    std::string evidence;               // e.g. "inject.status escalated", "expectation escalate-phish rated S"
};

struct TimeMetrics {
    Metric detect, acknowledge, escalate, contain, recover;
};

struct DetectionDepth {
    int stages = 0;                     // stages in the scenario's kill chain
    int first_reached = -1;             // stage index of the first malicious inject delivered
    int furthest = -1;                  // furthest stage index the attack reached
    int detected = -1;                  // stage index where first detected (-1: never)
    int contained = -1;                 // stage index where first contained (-1: never)
    std::optional<double> detect_score; // 100*(stages-detected)/stages, 0 if never
    std::optional<double> contain_score;
    std::optional<double> score;        // mean of the two; nullopt when no attack was delivered
};

enum class Verdict { none, dismissed, escalated };

struct AlertVerdict {
    std::string inject;
    std::string team;
    bool benign = false;
    Verdict verdict = Verdict::none;
    std::int64_t seq = 0;               // evidence event (status or rating)
};

struct AlertQuality {
    int benign_total = 0, benign_dismissed = 0, benign_escalated = 0;
    int malicious_total = 0, malicious_escalated = 0, malicious_dismissed = 0;
    std::optional<double> precision;    // real escalations / all escalations, 0..1
    std::optional<double> accuracy;     // correct verdicts / verdicts, 0..1
    std::optional<double> score;        // 100 * accuracy
    std::vector<AlertVerdict> verdicts;
};

struct PurpleResult {
    std::string technique;
    PurpleOutcome outcome = PurpleOutcome::none;
    std::optional<ExTime> detected_at;
    std::string team;
    std::string note;
    std::int64_t seq = 0;
    ExTime t = 0;
};

struct PurpleStats {
    std::vector<PurpleResult> results;  // latest outcome per technique, first-seen order
    int blocked = 0, alerted = 0, logged = 0, none = 0, not_applicable = 0;
    std::optional<double> coverage;     // 100*(blocked+alerted+0.5*logged)/(total-n/a)
};

struct RedMoveResult {
    std::int64_t seq = 0;
    ExTime t = 0;
    std::string stage;
    int stage_index = -1;
    std::string move;
    std::string technique;
    bool detected = false;
    std::string why;                    // how detection was decided
    std::string outcome;                // purple outcome of its technique (blocked|alerted|logged|none|n/a), "" unknown
    // The engine's adjudication against the posture (red.adjudicated, with the
    // latest red.override applied): blocked|alerted|logged|none; "" when the
    // scenario has no posture or the move never took effect.
    std::string adjudicated;
    bool hunted = false;                // a hunt revealed it (logged moves)
    // How the outcome was decided: posture | flag | roll, or override when the
    // white cell overrode it ("" when not adjudicated), and by what.
    std::string source;
    std::string control;
    std::vector<std::string> rolls;
    std::string engine_outcome;         // the engine's outcome before any override
    std::string override_reason, override_by;
    std::int64_t override_seq = 0;
    ExTime executed_at = kNoTime;       // red.adjudicated: when it took effect
    ExTime overridden_at = kNoTime;
    ExTime revealed_at = kNoTime;       // the hunt that revealed it
    // When blue first knew of it: blocked or alerted when adjudicated (or
    // overridden), logged when a hunt revealed it, a purple outcome's
    // detected_at; kNoTime when never (or unknown).
    ExTime detected_at = kNoTime;
};

// The red cell's objective (its expectations are all by the red team,
// sim/scenario/red_team.hpp): achieved when their weighted score is at least 75.
struct RedObjective {
    std::string id, text;
    double weight = 1.0;
    ExpectationStats stats;             // the red expectations counting toward it
    bool achieved = false;
};

struct RedStats {
    std::vector<RedMoveResult> moves;
    int stages_total = 0;
    int stages_reached = 0;             // distinct stages reached (moves + malicious injects)
    int furthest = -1;
    bool objective_reached = false;     // the last stage of the kill chain was reached
    std::string ending;                 // exercise.ended ending id
    int undetected = 0;
    std::optional<ExTime> time_to_objective; // from the first malicious activity
    // Moves per purple outcome of their technique; "unknown" when none was recorded.
    std::map<std::string, int> by_outcome;
    // Moves per adjudicated outcome: blocked, alerted, logged, unseen (none);
    // empty when nothing was adjudicated (no posture).
    std::map<std::string, int> adjudicated;
    int hunted = 0;                     // logged moves a hunt revealed
    // Time undetected on the exercise clock: from the first attack inject (the
    // time metrics' t0) to the first detection, or to the end when never detected.
    std::optional<ExTime> dwell;
    bool dwell_to_end = false;          // never detected: dwell runs to the end of the session
    int first_detected = -1;            // stage index where blue first detected the attack (depth.detected)
    int cut_off = -1;                   // stage index where blue contained it (depth.contained), -1 never
    std::vector<RedObjective> objectives;   // the red team's objectives, scenario order
    int objectives_achieved = 0;
    ExpectationStats expectations;      // every expectation by the red cell
};

struct GroupScore {                     // a capability, objective, team or role
    std::string id;
    std::string name;
    double weight = 1.0;                // objectives: their weight; others 1
    ExpectationStats stats;
    Readiness readiness;
};

struct TeamScore {
    GroupScore group;
    TeamKind kind = TeamKind::blue;
    TimeMetrics metrics;
    DetectionDepth depth;
    AlertQuality alerts;
    PurpleStats purple;
};

enum class FindingKind { strength, improvement };

// What a finding states, as a fact; the report layer words it
// (sim::report::finding_text). Each fact names the fields it uses.
enum class FindingFact {
    expectation_met,                    // expectation rated P
    expectation_poor,                   // expectation rated M or U after a response
    expectation_no_response,            // expectation: nothing by the end (U)
    expectation_late,                   // expectation rated P or S, late: one level down
    detected_first_stage,               // stage: where detected, at the attack's first stage
    detected_late,                      // stage: where detected, after the first stage
    never_detected,                     // stage: the furthest the attack reached
    contained_early,                    // stage: where contained, before the final stage
    never_contained,                    // stage: the furthest the attack reached
    false_positive,                     // inject, team: a benign alert escalated
    missed_attack,                      // inject, team: a malicious alert dismissed
    verdicts_clean,                     // every benign verdict a dismissal, no attack dismissed
    technique_covered,                  // technique: purple outcome blocked or alerted
    technique_gap,                      // technique: purple outcome none or logged
    red_move_undetected,                // move, technique, stage
    red_objective,                      // stage: the final stage, reached by the red cell
};

// A strength or an area for improvement, with where it came from.
struct Finding {
    FindingKind kind = FindingKind::improvement;
    FindingFact fact = FindingFact::expectation_poor;
    std::string category;               // expectation | timeliness | detection | containment | alert-quality | purple | red
    std::string expectation;
    std::string inject;
    std::string capability;
    std::string team;
    std::string decision_option;
    std::int64_t seq = 0;               // the event that shows it (0 if derived from absence)
    int stage = -1;                     // stage index the fact is about (-1: none)
    std::string technique;              // purple and red facts
    std::string move;                   // red_move_undetected
};

struct Scorecard {
    std::string scenario_id;
    std::string scenario_title;
    std::string scenario_version;
    std::string mode = "blue";
    bool practice = false;
    int model = 1;                      // the scoring model (session.started.scoring_model)
    bool ended = false;
    std::string ending;                 // ending id ("" if none)
    ExTime start = 0;                   // the first malicious inject delivered (kNoTime if none)
    ExTime end = 0;                     // exercise.ended, else the last event
    std::int64_t events = 0;            // events read
    std::int64_t retracted = 0;         // events ignored because they were retracted

    std::vector<ExpectationResult> expectations; // scenario order
    ExpectationStats overall_stats;
    std::vector<GroupScore> capabilities;        // only those with expectations, scenario order
    std::vector<GroupScore> objectives;
    std::vector<GroupScore> roles;               // roles named by expectations
    std::vector<TeamScore> teams;                // defender teams (blue, purple, white with expectations)

    TimeMetrics metrics;                // earliest across teams
    DetectionDepth depth;
    AlertQuality alerts;
    PurpleStats purple;
    RedStats red;
    Outcome outcome;                    // model 2
    Readiness readiness;

    // Per stage of the kill chain: the attack reached it (an attack inject of
    // the stage delivered, or a red move there; retracted ones excluded). The
    // one meaning of "stages reached": report ribbons, the console's ribbon
    // and red.stages_reached all read these flags.
    std::vector<bool> stages_reached;

    std::vector<Finding> strengths;
    std::vector<Finding> improvements;

    [[nodiscard]] const ExpectationResult* expectation(const std::string& id) const;
    [[nodiscard]] const TeamScore* team(const std::string& id) const;
    [[nodiscard]] const GroupScore* capability(const std::string& id) const;
};

// A step of the attack: not benign and mapped to at least one ATT&CK
// technique. In a scenario that maps no inject to a technique, every
// non-benign inject counts. Status, briefing and leadership injects without
// techniques are therefore not alerts and do not move the attack forward.
// One flag per inject, in scenario order (the console's kill-chain ribbon
// uses the same flags, so the ribbon and the scorecard agree).
[[nodiscard]] std::vector<bool> attack_injects(const Scenario& scenario);

// The pure scoring function: linear in the number of events.
[[nodiscard]] Scorecard score(const Scenario& scenario, const Journal& journal);

// Seq numbers of events cancelled by entry.retracted (a retracted retraction
// restores its target).
[[nodiscard]] std::vector<std::int64_t> retracted_seqs(const Journal& journal);

// "12m", "1h05m", "45s" — durations for reports.
[[nodiscard]] std::string format_duration(ExTime seconds);

} // namespace sim::scoring
