// ui/views/help_view.hpp — the keyboard-shortcut overlay (F1).
#pragma once

#include "ui/views/view.hpp"

namespace ui {

class HelpView final : public View {
public:
    HelpView() : View("help", "Keyboard shortcuts (F1 or Esc to close)") {}

protected:
    void drawContent(Model& m) override;
    [[nodiscard]] bool floating() const override { return true; }
};

} // namespace ui
