// sim/report/history.hpp — stored sessions as scores: loading one for a
// report, summarising many for `ttx history`, and comparing two for
// `ttx compare`.
//
// Scores are never stored: each session is re-scored from its journal and the
// exact scenario text it ran, so history and reports always agree with the
// model in docs/scoring.md. Summaries, trends and comparisons are pure; the
// renderers return text (table, CSV, JSON, Markdown) for the CLI to print.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/report/report.hpp"
#include "sim/store/store.hpp"

namespace sim::report {

struct LoadedSession {
    SessionInfo info;
    Scenario scenario;
    Journal journal;
    scoring::Scorecard card;
    SessionMeta meta;
};

// Reads a session, re-parses its stored scenario (checked against its
// SHA-256) and scores it. nullopt + `error` (a sentence) if the session is
// unknown or its scenario no longer loads. StoreError propagates.
[[nodiscard]] std::optional<LoadedSession> load_session(const Store& store, const std::string& id, std::string& error);
[[nodiscard]] SessionMeta meta_from_info(const SessionInfo& info);
// Why a session's stored scenario text cannot be trusted (SHA-256 mismatch); "" when it can.
[[nodiscard]] std::string stored_scenario_altered(const SessionInfo& info);

// ---- history ----------------------------------------------------------------------------

struct NamedScore {
    std::string id;
    std::string name;
    std::optional<double> value;
};

struct SessionSummary {
    std::string id;
    std::string scenario_id;
    std::string scenario_title;
    std::string mode;
    std::string status;
    bool practice = false;
    std::int64_t started_wall = 0;
    std::optional<double> readiness;
    int level = 0;
    std::optional<double> expectations;     // overall expectation score
    std::optional<ExTime> time_to_detect;
    std::optional<ExTime> time_to_contain;
    std::vector<NamedScore> teams;          // readiness per defender team
    std::vector<NamedScore> capabilities;   // readiness per capability
};

[[nodiscard]] SessionSummary summarize(const LoadedSession& s);

struct TrendPoint {
    std::string session;
    std::int64_t started_wall = 0;
    double value = 0;
};

enum class TrendKind { overall, team, capability };
[[nodiscard]] const char* to_string(TrendKind k);   // "overall" | "team" | "capability"

struct Trend {
    TrendKind kind = TrendKind::overall;
    std::string id;
    std::string name;
    std::vector<TrendPoint> points;         // oldest first; sessions without a value are skipped
    [[nodiscard]] std::optional<double> delta() const;   // last - first (nullopt with < 2 points)
};

// Overall, then per team, then per capability; `summaries` oldest first.
// With `team` set, only that team's trend (and the overall one) is kept.
[[nodiscard]] std::vector<Trend> trends(const std::vector<SessionSummary>& summaries, const std::string& team = {});

enum class HistoryFormat { table, csv, json };
[[nodiscard]] std::optional<HistoryFormat> parse_history_format(const std::string& s);
[[nodiscard]] std::string render_history(HistoryFormat f, const std::vector<SessionSummary>& summaries,
                                         const std::vector<Trend>& trends);

// "YYYY-MM-DD" -> UTC ms at 00:00 (nullopt if not a real date).
[[nodiscard]] std::optional<std::int64_t> parse_date_utc_ms(const std::string& s);

// ---- compare -----------------------------------------------------------------------------

struct CompareRow {
    std::string section;                    // overall | capability | team | time
    std::string label;
    std::optional<double> a, b;
    bool lower_is_better = false;           // time metrics
    [[nodiscard]] std::optional<double> delta() const;
    // "better" | "worse" | "same" | "" (missing on either side)
    [[nodiscard]] std::string verdict() const;
};

[[nodiscard]] std::vector<CompareRow> compare(const LoadedSession& a, const LoadedSession& b);

enum class CompareFormat { table, json, md };
[[nodiscard]] std::optional<CompareFormat> parse_compare_format(const std::string& s);
[[nodiscard]] std::string render_compare(CompareFormat f, const LoadedSession& a, const LoadedSession& b,
                                         const std::vector<CompareRow>& rows);

} // namespace sim::report
