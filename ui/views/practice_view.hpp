// ui/views/practice_view.hpp — practice mode's guide and debrief.
//
// While a practice session runs it explains the rules (the clock runs by
// itself, decisions come straight to the team, nothing is rated until the
// end). Once it has ended it is the debrief: each decision with its
// consequence (what it changed and what followed), the ratings it earned and
// the options that would have rated better. The same debrief serves any
// ended session on the hotwash screen.
#pragma once

#include "ui/views/view.hpp"

namespace ui {

class PracticeView final : public View {
public:
    PracticeView() : View("practice", "Debrief") {}

protected:
    void drawContent(Model& m) override;
    [[nodiscard]] bool needs_session() const override { return true; }
};

// What a chosen option's rating of one expectation came to: the rating that
// counts (the scorecard's final rating) and, when it is not the option's own
// (the facilitator or an evaluator rated over it, or it came late), why.
struct DebriefRating {
    sim::Rating rating = sim::Rating::U;
    std::string note;                   // "" when the option's rating stands as given
};
[[nodiscard]] DebriefRating debrief_rating(const sim::scoring::Scorecard* card,
                                           const std::string& expectation, sim::Rating option_rating);

// Sum of the points an option's ratings give (P=100 … U=0), per rated expectation.
[[nodiscard]] double option_points(const sim::Option& o);

} // namespace ui
