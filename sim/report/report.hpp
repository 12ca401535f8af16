// sim/report/report.hpp — after-action outputs: pure functions of
// (scenario, journal, session metadata, scorecard[, improvement actions]) -> text.
//
// Promises:
//  - Pure and deterministic: no clock, no files, no environment. The same
//    inputs give byte-identical output (writing files is the caller's job,
//    through sim::write_file_atomic).
//  - Every piece of scenario or participant text is escaped for its format:
//    HTML entities, Markdown backslash escapes, RFC 4180 CSV quoting with
//    formula-injection neutralising, JSON through nlohmann.
//  - HTML and Markdown render one document (sim/report/document.hpp), so they
//    say the same; HTML is one self-contained file: the stylesheet
//    (assets/report/report.css) and SVG inline, no script, nothing fetched;
//    it prints on A4.
//  - Linear in the number of events.
// Formats and the JSON schema ("ttx-report/1") are documented in docs/reports.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/attack/catalog.hpp"
#include "sim/engine/commands.hpp"
#include "sim/engine/event.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scoring/scorecard.hpp"

namespace sim::report {

inline constexpr const char* kJsonSchema = "ttx-report/1";

enum class Format { html, md, json, navigator, detections, msel, csv, posture_layer, xlsx, vectr_csv, stix };
[[nodiscard]] std::optional<Format> parse_format(const std::string& s);
[[nodiscard]] const char* to_string(Format f);
[[nodiscard]] const char* file_extension(Format f);   // ".html", ".md", ".json", ".layer.json", ".detections.layer.json", ".msel.csv", ".csv", ".posture.layer.json",
                                                                      // ".xlsx", ".vectr.csv", ".stix.json"

// What a report says about the session beyond the journal (from the store).
struct SessionMeta {
    std::string id;
    std::string mode = "blue";
    bool practice = false;
    std::uint64_t seed = 0;
    std::string status;                 // running | ended | closed ("" unknown)
    std::int64_t started_wall = 0;      // UTC ms (0 = unknown)
    std::optional<std::int64_t> ended_wall;
    std::vector<Participant> participants;
    std::string scenario_sha256;
    std::string script_name;            // decision script it ran from ("" if none)
};

// Fills what the journal itself records (session.started, wall stamps).
[[nodiscard]] SessionMeta meta_from_journal(const std::string& session_id, const Journal& journal);

// ---- improvement plan --------------------------------------------------------------

enum class ActionStatus { open, in_progress, done };
[[nodiscard]] const char* to_string(ActionStatus s);          // open | in-progress | done
[[nodiscard]] std::optional<ActionStatus> parse_action_status(const std::string& s);

struct ImprovementAction {
    std::int64_t number = 0;            // 1-based within its session (assigned when stored)
    std::string session;
    std::string key;                    // stable source: "exp:<expectation id>", "note:<seq>", "attack:<DET or M id>"
    std::string source;                 // expectation | note | attack
    std::string area;                   // HSEEP: the issue / area for improvement it answers
    std::string text;                   // HSEEP: the corrective action
    std::string capability;
    std::string team;
    std::string expectation;
    std::string inject;
    std::int64_t source_seq = 0;        // the rating or note event
    std::string organisation;           // HSEEP: primary responsible organisation
    std::string owner;                  // HSEEP: its point of contact
    std::string start;                  // HSEEP: start date, YYYY-MM-DD ("" = not set)
    std::string due;                    // HSEEP: completion date, YYYY-MM-DD ("" = not set)
    ActionStatus status = ActionStatus::open;
    std::int64_t session_started = 0;   // UTC ms of its session (for "earlier actions")
    std::string scenario_id;
};

// One action per expectation whose final rating is M or U, and per note marked
// as an action (not retracted), in scenario then journal order; then the
// ATT&CK-grounded ones (attack_actions). Numbers are 0: the store assigns them.
// `catalog` null = the built-in catalog.
[[nodiscard]] std::vector<ImprovementAction> derive_actions(const Scenario& scenario, const Journal& journal,
                                                            const scoring::Scorecard& card,
                                                            const attack::Catalog* catalog = nullptr);

// "YYYY-MM-DD" that is a real calendar date.
[[nodiscard]] bool valid_date(const std::string& s);

// ---- rendering ---------------------------------------------------------------------

// One question of the participant feedback form with every answer given: the
// scale answers (1..scale_max) and the free-text ones. The journal carries
// them; the report summarises them (nothing when the vector is empty).
struct FeedbackSummaryInput {
    std::string question;
    int scale_max = 5;                  // answers are 1..scale_max (0: a free-text question)
    std::vector<int> scale_answers;
    std::vector<std::string> free_text;
};

struct ReportInput {
    const Scenario& scenario;
    const Journal& journal;
    const SessionMeta& meta;
    const scoring::Scorecard& card;
    std::vector<ImprovementAction> actions = {};   // this session's improvement plan
    std::vector<ImprovementAction> earlier = {};   // earlier sessions' actions for the same teams
    const attack::Catalog* catalog = nullptr;      // names tactics/techniques; built-in if null
    std::vector<FeedbackSummaryInput> feedback = {};   // participant feedback, per question
};

// ---- the improvement plan grounded in ATT&CK ------------------------------------------

struct NamedId {
    std::string id, name;
};
struct DetectionAdvice {                // a detection strategy and what it reads
    std::string id, name;               // DET
    std::vector<NamedId> data_components;
    std::vector<std::string> log_sources;
};
// A technique the defenders missed or caught late, with what would close the gap.
struct TechniqueGap {
    std::string technique, name;
    std::string tactic;                 // v19 shortname
    std::string gap;                    // "missed" | "late"
    std::string why;                    // one sentence
    std::string inject;                 // the inject carrying it ("" for red moves and purple results)
    std::string capability, team;       // of that inject's first expectation
    std::vector<DetectionAdvice> detections;   // a sub-technique without its own borrows its parent's
    std::vector<NamedId> mitigations;   // most gaps covered first, then by id
};
// Missed: no detection of its own (Navigator outcome "missed", "covered" — the
// attack was caught at another technique — or purple "none"). Late: detected, but a response on its inject came
// after its deadline, or purple "logged" (seen only in the logs). Missed first,
// then kill-chain order; one entry per technique.
[[nodiscard]] std::vector<TechniqueGap> technique_gaps(const ReportInput& in);

// Corrective actions from the gaps (source "attack"): one per detection strategy
// ("attack:DET…", covering every gap it detects) and mitigations chosen so each
// gap with any gets one (greedy cover, broadest first; "attack:M…"). Capped at
// kMaxDetectionActions + kMaxMitigationActions; the report's table names the rest.
inline constexpr std::size_t kMaxDetectionActions = 6;
inline constexpr std::size_t kMaxMitigationActions = 4;
[[nodiscard]] std::vector<ImprovementAction> attack_actions(const std::vector<TechniqueGap>& gaps,
                                                            const std::string& scenario_id);

[[nodiscard]] std::string render_html(const ReportInput& in);
[[nodiscard]] std::string render_markdown(const ReportInput& in);
[[nodiscard]] std::string render_json(const ReportInput& in);        // ttx-report/1
[[nodiscard]] std::string render_navigator(const ReportInput& in);   // ATT&CK Navigator layer 4.5
// A layer of the gaps (technique_gaps) with the detections and mitigations recommended for each.
[[nodiscard]] std::string render_detections_layer(const ReportInput& in);
// A layer of what the scenario's posture covers: techniques blocked, alerted or logged (docs/reports.md).
[[nodiscard]] std::string render_posture_layer(const ReportInput& in);
[[nodiscard]] std::string render_msel(const ReportInput& in);        // MSEL CSV of what was delivered
[[nodiscard]] std::string render_decisions_csv(const ReportInput& in);
// Purple and red results as a VECTR test-case import (docs/export.md).
[[nodiscard]] std::string render_vectr_csv(const ReportInput& in);
// The improvement plan as a STIX 2.1 bundle of course-of-action objects whose
// ids are UUIDv5 of session and action key (stable across exports).
[[nodiscard]] std::string render_stix(const ReportInput& in);
// A workbook (MSEL, decision log, improvement plan) written to `path` with
// libxlsxwriter; false and `error` on failure. Binary, so not through render():
// callers write it to a scratch path and move it into place.
[[nodiscard]] bool write_xlsx(const ReportInput& in, const std::string& path, std::string& error);
// Every format but xlsx ("" for xlsx: use write_xlsx).
[[nodiscard]] std::string render(Format f, const ReportInput& in);

// The scorecard as JSON (the "scorecard" member of ttx-report/1); findings
// carry their words from finding_text.
[[nodiscard]] nlohmann::json scorecard_json(const Scenario& scenario, const scoring::Scorecard& card,
                                            const attack::Catalog* catalog = nullptr);

// A finding in words: scoring states the fact and its sources, this sentence
// is what the reports, the JSON and the console show.
[[nodiscard]] std::string finding_text(const scoring::Finding& f, const Scenario& scenario,
                                       const scoring::Scorecard& card, const attack::Catalog* catalog = nullptr);

// ---- escaping (exposed for tests and the CLI's tables) -----------------------------

[[nodiscard]] std::string html_escape(const std::string& s);
// The same, appended to `out`.
void html_escape_to(std::string& out, std::string_view s);
// Inline Markdown: backslash-escapes punctuation Markdown gives meaning to,
// turns newlines into spaces (safe inside table cells).
[[nodiscard]] std::string md_escape(const std::string& s);
// One CSV field, RFC 4180: quoted when it holds , " CR or LF (quotes doubled);
// a leading = + - @ TAB or CR is prefixed with ' so spreadsheets never run it
// as a formula.
[[nodiscard]] std::string csv_field(const std::string& s);
[[nodiscard]] std::string csv_row(const std::vector<std::string>& fields);   // ends with CRLF

// "2025-03-04 14:05 UTC" from UTC milliseconds ("" for 0).
[[nodiscard]] std::string format_wall(std::int64_t utc_ms);
[[nodiscard]] std::string format_date(std::int64_t utc_ms);                  // "2025-03-04"
// Display name of a v19 tactic shortname ("credential-access" -> "Credential Access").
[[nodiscard]] std::string tactic_name(const std::string& shortname, const attack::Catalog* catalog = nullptr);

} // namespace sim::report
