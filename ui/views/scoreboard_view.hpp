// ui/views/scoreboard_view.hpp — the live scoreboard.
//
// Readiness index and maturity level, its components, a bar per capability,
// the time metrics (to detect, escalate, contain) and alert quality, all from
// score(scenario, journal) recomputed as the journal grows. In purple mode a
// technique × outcome grid records what the defenders saw of each executed
// technique. Practice sessions keep scores hidden until the end.
#pragma once

#include "ui/views/view.hpp"

namespace ui {

class ScoreboardView final : public View {
public:
    ScoreboardView() : View("scoreboard", "Scoreboard") {}

protected:
    void drawContent(Model& m) override;
    [[nodiscard]] bool needs_session() const override { return true; }

private:
    void draw_purple_grid(Model& m, const sim::scoring::Scorecard& card);
};

// Draws readiness, capabilities and time metrics of `card` (shared with the
// projector's revealed scores and the review screen).
// `over`: the exercise has ended; `ending`: the ending it reached ("" if none).
void draw_scorecard_summary(const Model& m, const sim::scoring::Scorecard& card, const sim::Scenario& scenario,
                            bool compact, bool over = false, const std::string& ending = {});

// "First contained:" in words. A stage when a team set a contained status;
// otherwise, when the exercise reached an ending, what that ending says
// ("— (ended: Contained on the first workstation)"), so "never" never sits
// beside an ending called contained-early; "not yet" while it runs.
[[nodiscard]] std::string first_contained_text(const sim::Scenario& scenario, int contained_stage,
                                               const std::string& ending, bool over);

// The ending recorded in `journal` ("" if the exercise ended without one or has not ended).
[[nodiscard]] std::string ending_of(const sim::Journal& journal);

} // namespace ui
