// ui/views/expectations_view.hpp — expectations per team, deadlines and P/S/M/U ratings.
//
// Lists what each team is expected to do for the injects delivered so far,
// with its deadline on the exercise clock (late ones marked), the rating it
// has (from a decision option or the facilitator) and P / S / M / U buttons
// with a note. Ratings are commands: the chip changes once the journal has it.
// In practice sessions nothing can be rated until the exercise has ended.
#pragma once

#include "ui/views/view.hpp"

namespace ui {

class ExpectationsView final : public View {
public:
    ExpectationsView() : View("expectations", "Expectations") {}

protected:
    void drawContent(Model& m) override;
    [[nodiscard]] bool needs_session() const override { return true; }

private:
    void upcoming_checkbox();
    bool show_upcoming_ = false;
};

} // namespace ui
