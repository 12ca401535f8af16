// sim/report/detail.hpp — what the HTML and Markdown reports share: the
// timeline, names, the plain-text summary and the per-technique outcomes.
// Internal to sim/report; text here is unescaped (each renderer escapes).
#pragma once

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/report/report.hpp"

namespace sim::report::detail {

// Scenario lookups by id in O(1) (reports walk long journals).
class Names {
public:
    explicit Names(const Scenario& sc);
    [[nodiscard]] const Inject* inject(const std::string& id) const;
    [[nodiscard]] std::string inject_title(const std::string& id) const;
    [[nodiscard]] std::string team(const std::string& id) const;
    [[nodiscard]] std::string by(const std::string& team_or_role) const;   // team or role name
    [[nodiscard]] std::string role(const std::string& id) const;
    [[nodiscard]] std::string capability(const std::string& id) const;
    [[nodiscard]] std::string option_label(const std::string& inject, const std::string& option) const;
    [[nodiscard]] std::string stage_tactic(const std::string& stage_id) const;   // shortname
    [[nodiscard]] int stage_index(const std::string& stage_id) const;

private:
    const Scenario& sc_;
    std::unordered_map<std::string, const Inject*> injects_;
    std::unordered_map<std::string, int> stages_;
};

enum class EntryKind { inject, decision, status, rating, note, red, purple, control };

struct TimelineEntry {
    ExTime t = 0;
    std::int64_t seq = 0;
    EntryKind kind = EntryKind::control;
    std::string what;                   // one line
    std::string detail;                 // rationale, note, body excerpt ("" if none)
    bool retracted = false;
};

// Journal -> readable lines, in journal order. Linear in the journal.
[[nodiscard]] std::vector<TimelineEntry> timeline(const ReportInput& in, const Names& names);
// The same lines one at a time, none kept: a million-event journal never
// holds a million lines (the entry passed is reused for the next one).
void for_each_timeline_entry(const ReportInput& in, const Names& names,
                             const std::function<void(const TimelineEntry&)>& visit);

// Three or four sentences a manager reads first.
[[nodiscard]] std::string executive_summary(const ReportInput& in);

// "12m", or "—" when absent.
[[nodiscard]] std::string metric_text(const scoring::Metric& m);
// "69.4", or "—".
[[nodiscard]] std::string score_text(const std::optional<double>& v, int decimals = 1);
// "Initial Access (s1)"-style stage label, or "—" for -1.
[[nodiscard]] std::string stage_label(const ReportInput& in, int stage_index);
// Red against blue in one sentence: how far red got, how long it stayed unseen,
// where blue first detected it and cut it off, its objectives achieved.
[[nodiscard]] std::string red_sentence(const ReportInput& in);

// Per-technique outcome for the Navigator layer and the technique table.
struct TechniqueOutcome {
    std::string technique;
    std::string tactic;                 // v19 shortname
    std::string stage;                  // stage id
    std::string inject;                 // first inject carrying it ("" for red moves)
    std::string outcome;                // blocked | alerted | logged | none | n/a | detected | covered | missed | pending
    std::optional<double> score;        // 0..100 (nullopt: unscored)
    std::string comment;
};
[[nodiscard]] std::vector<TechniqueOutcome> technique_outcomes(const ReportInput& in);

// Tables shared by the CSV writers and the workbook (xlsx.cpp): the first row
// is the header. Cells are unescaped text.
using Rows = std::vector<std::vector<std::string>>;
[[nodiscard]] Rows msel_rows(const ReportInput& in);       // the MSEL of what was delivered
[[nodiscard]] Rows decision_rows(const ReportInput& in);   // the decision log
[[nodiscard]] Rows action_rows(const ReportInput& in);     // the improvement plan (in.actions)
[[nodiscard]] std::string csv_text(const Rows& rows);

// Gradient colour for a 0..100 score: red -> amber -> green, "#rrggbb".
[[nodiscard]] std::string score_color(double score);

} // namespace sim::report::detail
