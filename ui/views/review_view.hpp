// ui/views/review_view.hpp — review for managers: history, scorecards, trends, exports.
//
// Every session in the journal database with its readiness; for the selected
// one the after-action scorecard (strengths, areas for improvement), trends
// per capability across (non-practice) sessions, a side-by-side comparison
// with a second session, and export buttons for every `ttx report` format
// but PDF (HTML, Markdown, JSON, MSEL, decision log, workbook, ATT&CK layers,
// VECTR CSV, STIX) that show the path they saved to or why they could not.
// Its button and tab lead to the improvement plan (plan_view.hpp). Sessions
// open read-only from here, or resume when unfinished.
#pragma once

#include "ui/views/view.hpp"

namespace ui {

// The review list's columns, in display order.
enum class ReviewColumn { when, session, scenario, mode, readiness, participants };
inline constexpr int kReviewColumns = 6;

// One row of the review list as text: every cell tells sessions of the same
// scenario on the same day apart (time to the minute, id, mode, people).
[[nodiscard]] std::string review_cell(const HistoryEntry& h, ReviewColumn c);

// The rows to list: those whose cells contain `filter` (case-insensitive, all
// words), sorted by `column` (times and readiness as numbers; ties keep the
// history's order, newest first).
[[nodiscard]] std::vector<const HistoryEntry*> review_rows(const std::vector<HistoryEntry>& history,
                                                          const std::string& filter, ReviewColumn column,
                                                          bool ascending);

// The review's export buttons: label and `ttx report --format` name, in button order.
struct ExportButton {
    const char* label;
    const char* format;
};
[[nodiscard]] const std::vector<ExportButton>& review_export_formats();

class ReviewView final : public View {
public:
    ReviewView() : View("review", "Review") {}

protected:
    void drawContent(Model& m) override;

private:
    void draw_sessions(Model& m, float height);
    void draw_after_action(Model& m, const HistoryEntry& h);
    void draw_trends(Model& m);
    void draw_compare(Model& m, const HistoryEntry& a);
    void draw_exports(Model& m, const HistoryEntry& h);

    std::string pending_export_;        // format requested by a button last frame
    std::string filter_;                // the list's text filter
};

} // namespace ui
