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

// Sum of the points an option's ratings give (P=100 … U=0), per rated expectation.
[[nodiscard]] double option_points(const sim::Option& o);

} // namespace ui
