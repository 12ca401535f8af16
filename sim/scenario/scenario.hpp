// sim/scenario/scenario.hpp — the in-memory model of a ttx/1 scenario.
//
// A Scenario is immutable once loaded (see loader.hpp): the engine, the
// explorer, scoring and reports all read it, none of them change it.
// Every entity keeps the 1-based place it came from so later stages can
// still point an author at the right line.
//
// Times are exercise-clock seconds (ExTime). kNoTime marks "not set".
// The file format is documented in docs/scenario-format.md.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sim {

using ExTime = std::int64_t;            // seconds on the exercise clock
inline constexpr ExTime kNoTime = -1;

struct SourcePos {
    int line = 0;                       // 1-based; 0 = unknown
    int col = 0;                        // 1-based; 0 = unknown
};

// ---- vocabularies ------------------------------------------------------------

enum class TeamKind { red, blue, white, purple, observer };
enum class ArtifactKind { ioc, log, file, note, image };

// A stage on the attack chain (an ATT&CK tactic), or a module of the
// organisation's response or recovery that is no tactic (regulatory
// notification, business recovery, lessons learned). Detection depth and the
// timeline check use only attack stages.
enum class StageKind { attack, response, recovery };

// What a team or role is expected to do with an inject.
enum class Action {
    detect, triage, dismiss, investigate, escalate, contain,
    eradicate, recover, communicate, hunt, automate
};

// HSEEP-style performance ratings, best first.
enum class Rating { P, S, M, U };

enum class Severity { info, low, medium, high, critical };

// Exercise modes (issue: engine). Stored with sessions, not scenarios.
enum class Mode { blue, red, purple };

// Purple-team outcome of one executed technique.
enum class PurpleOutcome { blocked, alerted, logged, none, not_applicable };

// ---- building blocks -----------------------------------------------------------

struct AttackBinding {
    std::string domain = "enterprise-attack";
    std::string version = "19.1";       // "18.x" accepted, mapped onto v19 tactics
    SourcePos pos;
};

struct Role {
    std::string id;                     // e.g. "tier1", "legal"
    std::string name;
    std::string description;
    bool builtin = false;
    SourcePos pos;
};

// Where a capability sits in common frameworks, when the author says so.
struct FrameworkMapping {
    std::vector<std::string> csf;       // NIST CSF 2.0 functions: govern, identify, protect, detect, respond, recover
    std::vector<std::string> core_capabilities; // HSEEP / FEMA core capabilities, e.g. "Cybersecurity"
    [[nodiscard]] bool empty() const { return csf.empty() && core_capabilities.empty(); }
};

// A discussion question and the points a good answer covers (facilitators only).
struct Question {
    std::string text;
    std::vector<std::string> points;
    SourcePos pos;
};

struct Capability {
    std::string id;                     // e.g. "containment"
    std::string name;
    bool builtin = false;
    SourcePos pos;
    FrameworkMapping frameworks = {};
};

struct Team {
    std::string id;
    std::string name;
    TeamKind kind = TeamKind::blue;
    std::vector<std::string> roles;     // role ids
    SourcePos pos;
};

struct Objective {
    std::string id;
    std::string text;
    std::string capability;             // capability id
    double weight = 1.0;
    SourcePos pos;
    std::vector<Question> hotwash = {};      // authored hotwash questions (the console's generic ones otherwise)
    FrameworkMapping frameworks = {};
};

struct Stage {
    std::string id;
    std::string tactic;                 // v19 tactic shortname, e.g. "credential-access"; "" unless kind is attack
    std::string title;
    std::string narrative;              // Markdown
    SourcePos pos;
    StageKind kind = StageKind::attack;
    std::vector<Question> questions = {};    // discussion questions for the module
};

// All / any / not over flag names. Empty condition always holds.
struct Condition {
    std::vector<std::string> all;
    std::vector<std::string> any;
    std::vector<std::string> none;      // written `not:` in YAML
    SourcePos pos;

    [[nodiscard]] bool empty() const { return all.empty() && any.empty() && none.empty(); }
    [[nodiscard]] bool holds(const std::set<std::string>& flags) const;
};

// When an inject fires. Any combination may be set:
//  - at:    an offset on the exercise clock ("+00:15")
//  - after: another inject was delivered (`after: inject-id`), or a decision
//           took a given option (`after: inject-id.option-id`), plus `delay`
//  - when:  a flag condition that must hold at that moment; alone, the inject
//           fires as soon as the condition holds
// With none of them the inject is reached only by a decision's `goto`.
struct Trigger {
    ExTime at = kNoTime;
    std::string after;                  // inject id, or "inject.option"
    ExTime delay = 0;                   // seconds after `after`
    Condition when;
    SourcePos pos;

    [[nodiscard]] bool goto_only() const { return at == kNoTime && after.empty() && when.empty(); }
};

struct Artifact {
    ArtifactKind kind = ArtifactKind::note;
    std::string type;                   // for iocs: sha256, md5, ip, domain, url, email, user, host, …
    std::string value;                  // ioc value or log/note text
    std::string path;                   // kind=file: relative to the scenario's folder
    std::string label;
    SourcePos pos;
    std::string media_type = {};             // kind=image: image/png, image/jpeg or image/svg+xml
};

struct Expectation {
    std::string id;
    Action action = Action::triage;
    std::string by;                     // team id or role id
    ExTime within = kNoTime;            // deadline after the inject is delivered
    std::string capability;
    std::string objective;              // optional objective id
    double weight = 1.0;
    std::string inject;                 // owning inject id (filled by the loader)
    SourcePos pos;
    std::string task = {};                   // the critical task as the EEG states it
    std::map<Rating, std::string> guidance = {}; // what earns P, S, M, U
};

// Ratings an option gives only when a condition holds when it is chosen.
struct ConditionalRating {
    Condition when;
    std::map<std::string, Rating> rate;
    SourcePos pos;
};

struct Option {
    std::string id;
    std::string label;
    std::string description;
    bool automated = false;             // a SOAR playbook runs it
    std::vector<std::string> set;       // flags set
    std::vector<std::string> clear;     // flags cleared
    std::map<std::string, Rating> rate; // expectation id -> rating
    std::vector<std::string> go_to;     // injects delivered next (`goto:`)
    std::string end;                    // ending id: choosing this ends the exercise
    SourcePos pos;
    // Checked in order against the flags before the option's own set/clear;
    // the first that holds rates an expectation, overriding `rate`.
    std::vector<ConditionalRating> rate_when = {};
};

struct Decision {
    std::string prompt;
    std::vector<std::string> by;        // team ids (or role ids) that decide
    ExTime timeout = kNoTime;           // after delivery; then `default` is taken
    std::string default_option;
    std::vector<Option> options;
    SourcePos pos;
    // Joint sign-off: every one of these teams/roles must choose the same
    // option before the decision is taken (empty: one party decides).
    std::vector<std::string> sign_off = {};

    [[nodiscard]] const Option* option(const std::string& id) const;
};

struct Inject {
    std::string id;
    std::string stage;                  // stage id
    Trigger trigger;
    std::vector<std::string> to;        // audience: team ids and/or role ids
    std::string channel = "xdr-incidents";
    std::string source;                 // endpoint, identity, email, cloud, network, …
    Severity severity = Severity::medium;
    std::string title;
    std::string body;                   // Markdown
    std::vector<Artifact> artifacts;
    std::vector<std::string> techniques;// ATT&CK IDs
    bool benign = false;                // noise / false positive
    std::vector<std::string> hunting;   // hunting prompts
    std::vector<Expectation> expect;
    std::optional<Decision> decision;
    std::string end;                    // ending id: delivering this ends the exercise
    SourcePos pos;
    std::vector<Question> questions = {};    // discussion questions for the inject
    std::vector<std::string> set = {};       // flags set when it is delivered
    std::vector<std::string> clear = {};     // flags cleared when it is delivered
    // Story time (docs/scenario-format.md#story-time): on delivery the story
    // clock jumps forward by `jump`, or to `story_at`; the exercise clock does not move.
    ExTime jump = kNoTime;              // story seconds
    std::int64_t story_at = kNoTime;    // story seconds since 1970-01-01 00:00
};

// An inject a red move causes: delivered `delay` after the move takes effect.
struct MoveCause {
    std::string inject;
    ExTime delay = 0;
    SourcePos pos;
};

// One alternative the red cell may pick for a stage (red and purple modes).
// Once a move takes effect, the fact "<stage>/<move id>" holds (move_fact()):
// conditions (`when`, `requires`, `blocked_by`) test it like a flag.
struct RedMove {
    std::string id;                     // defaults to the technique id
    std::string technique;
    std::string description;
    std::string observable;             // what the defenders would see
    Condition prerequisites;                // flags / move facts that must hold to choose it
    std::vector<std::string> blocked_by;// flags / move facts: any one set makes it unavailable
    std::vector<MoveCause> causes;      // injects it causes
    // Adjudication (docs/engine.md "Adjudication"; used when the scenario has a posture):
    std::vector<MoveCause> alerts;      // injects delivered only when the move is alerted
    std::vector<MoveCause> hunt_finds;  // injects delivered when a hunt reveals the move
    std::vector<std::string> stopped_by;  // flags: any one set when it executes -> blocked
    std::vector<std::string> revealed_by; // flags: any one set when it executes -> alerted
    SourcePos pos;
};

// "p3/dcsync": the fact that stage p3's move dcsync took effect.
[[nodiscard]] std::string move_fact(const std::string& stage, const std::string& move);
[[nodiscard]] inline bool is_move_fact(const std::string& name) { return name.find('/') != std::string::npos; }

// ---- the defenders' posture (docs/scenario-format.md "posture") ----------------
// Declared inline in a scenario or in an organisation profile (format
// ttx-profile/1) that the scenario references. Ids are as written; the
// validator checks them against the ATT&CK catalog.

struct PostureTelemetry {               // one telemetry source collected
    std::string source;                 // a data component (DC id or name) or a log source
    std::string name;                   // the organisation's label ("Sysmon on every workstation")
    double reliability = 1.0;           // chance it records an event (uncertain postures)
    SourcePos pos;
};

struct PostureDetection {               // one detection rule in place
    std::string id;                     // the organisation's rule name, or the DET id itself
    std::string name;
    std::vector<std::string> covers;    // DET and/or AN ids it implements
    double reliability = 1.0;           // chance it fires when its telemetry recorded the move
    SourcePos pos;
    std::vector<SourcePos> covers_pos;
};

struct PostureMitigation {              // one mitigation in place
    std::string id;                     // M id
    std::string name;
    double reliability = 1.0;           // chance it stops the technique
    std::vector<std::string> scope;     // techniques it is deployed against ("" = all it mitigates)
    SourcePos pos;
    std::vector<SourcePos> scope_pos;
};

struct Posture {
    std::string profile;                // referenced profile id ("" = declared inline)
    SourcePos profile_pos;              // where the scenario names it
    std::string file;                   // file the posture was read from (diagnostics)
    std::string id;                     // the profile's own id
    std::string name;
    std::string summary;
    bool uncertain = false;             // reliabilities are rolled (seeded) instead of trusted
    std::vector<PostureTelemetry> telemetry;
    std::vector<PostureDetection> detections;
    std::vector<PostureMitigation> mitigations;
    SourcePos pos;
};

struct Ending {
    std::string id;
    std::string title;
    std::string summary;
    SourcePos pos;
};

// Provenance of an imported scenario (`metadata.sources`, written by `ttx import`).
struct ImportSource {
    std::string file;                   // the source file's name
    std::string kind;                   // attack-flow, navigator-layer, attack-group, atomic-red-team, caldera, msel
    std::string sha256;
    std::string attack_version;         // the ATT&CK release the source declared ("" when it did not)
    std::vector<std::pair<std::string, std::string>> objects;   // scenario id -> source object id / line
    SourcePos pos;
};

// Something a facilitator must still complete (`metadata.todo`): validate
// warns with code "todo-<need>" until it is done.
struct Todo {
    std::string need;                   // expect | options | technique | timing
    std::string at;                     // the inject (or stage) it concerns
    std::string note;                   // why the importer could not fill it
    SourcePos pos;
};
// The story's own calendar: where it starts. Story time is kept as seconds
// since 1970-01-01 00:00 in the story's local time (no zones, no DST).
struct StoryClock {
    std::int64_t start = kNoTime;       // kNoTime: the scenario gives no story time
    std::string zone;                   // free label shown beside it ("CEST", "local time")
    SourcePos pos;
    [[nodiscard]] bool set() const { return start != kNoTime; }
};

struct AgendaItem {
    std::string time;                   // as the author writes it: "09:00", "+00:30"
    std::string item;
};

struct Contact {
    std::string role;                   // "Exercise director"
    std::string name;
    std::string contact;                // phone, e-mail, room
};

// Exercise scope for the situation manual and the handbook (HSEEP's
// exercise overview). Everything optional.
struct ExerciseScope {
    std::string purpose;                // Markdown
    std::string scope;                  // Markdown
    std::vector<std::string> assumptions;
    std::vector<std::string> artificialities;
    std::vector<AgendaItem> agenda;
    std::string handling;               // TLP: clear, green, amber, amber+strict, red
    std::vector<Contact> contacts;
    [[nodiscard]] bool empty() const {
        return purpose.empty() && scope.empty() && assumptions.empty() && artificialities.empty() && agenda.empty() &&
               handling.empty() && contacts.empty();
    }
};

// One question of the participant feedback form.
enum class FeedbackKind { scale, text };
struct FeedbackQuestion {
    std::string id;
    std::string text;
    FeedbackKind kind = FeedbackKind::scale;   // scale: 1 (low) .. 5 (high)
    std::string low = "strongly disagree";
    std::string high = "strongly agree";
    SourcePos pos;
};

struct Scenario {
    std::string format = "ttx/1";
    std::string id;
    std::string title;
    std::string version = "1";
    std::string summary;
    std::vector<std::string> authors;
    std::vector<std::string> tags;
    ExTime duration = kNoTime;          // estimated duration
    std::vector<std::string> audience;
    AttackBinding attack;

    std::vector<Role> roles;            // built-in roles first, then the scenario's own
    std::vector<Capability> capabilities; // built-in first, then the scenario's own
    std::vector<Team> teams;
    std::vector<Objective> objectives;
    std::vector<Stage> stages;
    std::vector<Inject> injects;
    std::map<std::string, std::vector<RedMove>> red_moves; // stage id -> moves
    std::vector<Ending> endings;
    std::vector<ImportSource> sources;  // metadata.sources
    std::vector<Todo> todos;            // metadata.todo
    std::optional<Posture> posture;     // the defenders' posture: moves are adjudicated against it
    StoryClock story;
    ExerciseScope exercise;
    std::vector<FeedbackQuestion> feedback;    // authored form; empty: the built-in one (feedback_form())

    std::string source_path;            // file it was loaded from ("" if built in code)
    std::string source_text;            // exact text, stored with sessions
    std::string base_dir;               // folder artifact paths resolve against ("" = unknown)

    // Where single values were written, so a diagnostic can point at the
    // reference itself rather than its owner. Keys are built by the loader:
    // "<owner>.<field>" and "<owner>.<field>#<index>" for list items, with
    // owners "injects.<id>", "injects.<id>.expect.<id>", "injects.<id>.decision",
    // "injects.<id>.decision.options.<id>", "teams.<id>", "objectives.<id>",
    // "stages.<id>", "red_moves.<stage>" (e.g. "injects.phish.decision.options.isolate.goto#0").
    // Empty for scenarios built in code.
    std::map<std::string, SourcePos> value_pos;
    [[nodiscard]] SourcePos pos_of(const std::string& key, SourcePos fallback) const {
        auto it = value_pos.find(key);
        return it == value_pos.end() ? fallback : it->second;
    }

    // Lookups (linear; scenarios are small). nullptr when absent.
    [[nodiscard]] const Team* team(const std::string& id) const;
    [[nodiscard]] const Role* role(const std::string& id) const;
    [[nodiscard]] const Capability* capability(const std::string& id) const;
    [[nodiscard]] const Objective* objective(const std::string& id) const;
    [[nodiscard]] const Stage* stage(const std::string& id) const;
    [[nodiscard]] const Inject* inject(const std::string& id) const;
    [[nodiscard]] const Expectation* expectation(const std::string& id) const;
    [[nodiscard]] int stage_index(const std::string& id) const; // -1 if absent
    // Position among the attack stages only (-1: absent or not an attack stage), and their number.
    [[nodiscard]] int attack_stage_index(const std::string& id) const;
    [[nodiscard]] int attack_stage_count() const;
    // The i-th attack stage (scores and ribbons count attack stages only); nullptr if out of range.
    [[nodiscard]] const Stage* attack_stage(int i) const;
    // The authored feedback form, or the built-in one.
    [[nodiscard]] const std::vector<FeedbackQuestion>& feedback_form() const;
    [[nodiscard]] const RedMove* red_move(const std::string& stage, const std::string& id) const;
    // Whether some red move names this inject in `causes` (then only a move delivers it).
    [[nodiscard]] bool caused_by_moves(const std::string& inject) const;
    // Whether the inject waits for a red move: caused by one, or its `when` tests a move fact.
    [[nodiscard]] bool waits_for_move(const Inject& inj) const;
    // A stage every inject of which waits for a red move: its move takes effect when chosen.
    [[nodiscard]] bool stage_waits_for_move(const std::string& stage) const;
    // Whether some red move names this inject in `alerts` or `hunt_finds`.
    [[nodiscard]] bool alert_of_moves(const std::string& inject) const;
};

// ---- enum <-> text (the YAML spelling) ---------------------------------------

[[nodiscard]] const char* to_string(TeamKind k);
[[nodiscard]] const char* to_string(ArtifactKind k);
[[nodiscard]] const char* to_string(Action a);
[[nodiscard]] const char* to_string(Rating r);
[[nodiscard]] const char* to_string(Severity s);
[[nodiscard]] const char* to_string(Mode m);
[[nodiscard]] const char* to_string(StageKind k);
[[nodiscard]] const char* to_string(FeedbackKind k);
[[nodiscard]] std::optional<StageKind> parse_stage_kind(const std::string& s);
[[nodiscard]] const char* to_string(PurpleOutcome o);  // blocked|alerted|logged|none|n/a
[[nodiscard]] std::optional<TeamKind> parse_team_kind(const std::string& s);
[[nodiscard]] std::optional<ArtifactKind> parse_artifact_kind(const std::string& s);
[[nodiscard]] std::optional<Action> parse_action(const std::string& s);
[[nodiscard]] std::optional<Rating> parse_rating(const std::string& s);
[[nodiscard]] std::optional<Severity> parse_severity(const std::string& s);
[[nodiscard]] std::optional<Mode> parse_mode(const std::string& s);
[[nodiscard]] std::optional<PurpleOutcome> parse_purple_outcome(const std::string& s);

// The built-in catalogs from the SOC guidance (reference/seeds).
[[nodiscard]] const std::vector<Role>& builtin_roles();
[[nodiscard]] const std::vector<Capability>& builtin_capabilities();

// "+00:15" / "+01:02:03" (clock offsets) -> seconds; nullopt if malformed.
[[nodiscard]] std::optional<ExTime> parse_offset(const std::string& s);
// "15m", "90s", "1h30m", "2h" (durations) -> seconds; nullopt if malformed.
[[nodiscard]] std::optional<ExTime> parse_duration(const std::string& s);
// Seconds -> "T+hh:mm:ss".
[[nodiscard]] std::string format_clock(ExTime t);

// Story time. "2024-09-24 07:30" (or "2024-09-24T07:30") -> seconds since
// 1970-01-01 00:00; nullopt if malformed or not a real date.
[[nodiscard]] std::optional<std::int64_t> parse_story_datetime(const std::string& s);
// "3d", "12d", "2d4h", "90m": a story jump, days allowed -> seconds.
[[nodiscard]] std::optional<ExTime> parse_story_span(const std::string& s);
// Seconds since 1970 -> "Tue 24 Sep 2024 07:30".
[[nodiscard]] std::string format_story_time(std::int64_t t);
// The built-in participant feedback form.
[[nodiscard]] const std::vector<FeedbackQuestion>& builtin_feedback_form();

} // namespace sim
