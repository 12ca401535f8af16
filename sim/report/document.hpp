// sim/report/document.hpp — the After-Action Report / Improvement Plan as a
// format-neutral document: sections of paragraphs, tables, figures and
// findings, built once from a ReportInput. The HTML and Markdown writers
// render it and decide nothing about content: what a report says (wording,
// names, numbers, order) is decided in build_document(); how it looks (markup,
// SVG, escaping) in the writers. Text here is unescaped.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/report/report.hpp"

namespace sim::report::doc {

// What a piece of inline text means; each writer picks its look.
enum class Style {
    plain,
    strong,
    muted,
    sub,          // a secondary line under the cell's main text
    code,
    good,         // done, met, detected
    fair,         // in progress, partly met
    bad,          // open, not met, missed
    flag,         // a small warning mark ("↓ late", "no response")
    rating,       // a rating chip: P, S, M, U or "—"
    level,        // a maturity badge; Span::level is 0..5
    tag,          // a source reference under a finding
    struck,       // retracted
};

struct Span {
    std::string text;
    Style style = Style::plain;
    int level = 0;                      // Style::level only
};
using Text = std::vector<Span>;

[[nodiscard]] Text plain(std::string s);
[[nodiscard]] std::string plain_text(const Text& t);   // the spans' text run together

struct Heading {                        // a subsection inside a section
    std::string text;
};

enum class ParagraphKind { body, lede, note, summary, empty };
struct Paragraph {
    Text text;
    ParagraphKind kind = ParagraphKind::body;
};

struct Column {
    std::string title;
    bool numeric = false;               // right-aligned
};
struct Row {
    std::vector<Text> cells;            // fewer cells than columns: the last spans the rest
    bool retracted = false;
    bool total = false;                 // a summary row (bold)
};
struct Table {
    std::vector<Column> columns;
    std::vector<Row> rows;
    // Rows made while the table is written, after `rows`: the timeline of a
    // long session is never held whole. It reads the ReportInput the document
    // was built from, so the document must not outlive that input.
    std::function<void(const std::function<void(const Row&)>&)> streamed_rows;
};
// Every row of a table, stored then streamed.
template <class F>
void for_each_row(const Table& t, F&& f) {
    for (const auto& r : t.rows) f(r);
    if (t.streamed_rows) t.streamed_rows(f);
}

struct Kpi {
    std::string label, value, detail;
};
struct Kpis {
    std::vector<Kpi> items;
};

// ---- figures ------------------------------------------------------------------------

struct Gauge {                          // the readiness index on a half dial
    std::optional<double> index;        // 0..100
    int level = 0;                      // 1..5, 0 not rated
    std::string headline;               // "Readiness index: 69.4 / 100 — maturity level 3 Defined"
    std::string level_line;             // "Maturity level 3 · Defined"
    std::string caption;
};

struct RibbonStage {
    std::string tactic;                 // display name
    std::string title;
    bool reached = false;               // scoring::Scorecard::stages_reached
};
struct Ribbon {                         // the kill chain, left to right
    std::vector<RibbonStage> stages;
    int furthest = -1, detected = -1, contained = -1;
    std::string detected_label, contained_label;   // "Detected +12m"
    std::string caption;
};

struct Bar {
    std::string label;                  // full capability name
    double value = 0;                   // 0..100
    int level = 0;
    std::array<int, 4> counts{};        // P, S, M, U
};
struct Bars {                           // capability scores
    std::vector<Bar> bars;
    std::vector<double> thresholds;     // grid lines (0, the maturity thresholds, 100)
    std::string caption;
};

struct Tile {
    std::string technique, name, outcome, detail;   // outcome: blocked | alerted | logged | none | n/a
};
struct TileColumn {
    std::string title;                  // tactic
    std::vector<Tile> tiles;
};
struct LegendItem {
    std::string outcome, label;
    int count = 0;
};
struct Tiles {                          // purple-team outcomes by tactic
    std::vector<LegendItem> legend;
    std::vector<TileColumn> columns;
};

struct FindingItem {
    std::string text;
    std::vector<std::string> sources;   // "expectation triage-phish", "event #12"
};
struct Findings {
    std::vector<FindingItem> strengths, improvements;
    std::string none = "None recorded.";
};

using Block = std::variant<Heading, Paragraph, Table, Kpis, Gauge, Ribbon, Bars, Tiles, Findings>;

struct Section {
    std::string id;                     // anchor
    std::string title;
    bool page_break = false;            // starts a printed page
    std::vector<Block> blocks;
};

struct MetaItem {
    std::string label, value;
};

struct Document {
    std::string eyebrow;                // "After-Action Report / Improvement Plan"
    std::string title;                  // the scenario's title
    bool practice = false;
    std::string summary_markdown;       // the scenario's summary, Markdown source
    std::vector<MetaItem> meta;         // the cover's facts
    std::vector<Section> sections;
    std::string footer;
};

[[nodiscard]] Document build_document(const ReportInput& in);

} // namespace sim::report::doc
