// ui/views/control_view.hpp — the control bar: exercise clock and lifecycle buttons.
//
// Shows T+hh:mm:ss in large type, the phase and speed, what comes next, and
// the buttons for start / pause / resume, speed ×1–×60, deliver next inject
// now, end and hotwash. Every button names its shortcut in its tooltip.
#pragma once

#include "ui/views/view.hpp"

namespace ui {

class ControlView final : public View {
public:
    ControlView() : View("control", "Control") {}

protected:
    void drawContent(Model& m) override;
    [[nodiscard]] bool untitled() const override { return true; }
};

} // namespace ui
