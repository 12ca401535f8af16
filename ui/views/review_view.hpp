// ui/views/review_view.hpp — review for managers: history, scorecards, trends, exports.
//
// Every session in the journal database with its readiness; for the selected
// one the after-action scorecard (strengths, areas for improvement), trends
// per capability across (non-practice) sessions, a side-by-side comparison
// with a second session, and export buttons (HTML, Markdown, JSON, ATT&CK
// Navigator layer, MSEL) that show the path they saved to. Sessions open
// read-only from here, or resume when unfinished.
#pragma once

#include "ui/views/view.hpp"

namespace ui {

class ReviewView final : public View {
public:
    ReviewView() : View("review", "Review") {}

protected:
    void drawContent(Model& m) override;

private:
    void draw_sessions(Model& m, float width);
    void draw_after_action(Model& m, const HistoryEntry& h);
    void draw_trends(Model& m);
    void draw_compare(Model& m, const HistoryEntry& a);
    void draw_exports(Model& m, const HistoryEntry& h);

    std::string pending_export_;        // format requested by a button last frame
};

} // namespace ui
