// ui/views/inject_view.hpp — the selected inject in full.
//
// Title, severity, source and channel, when it arrived and for whom, the
// body, artifacts (each with a Copy button for pasting into a real tool),
// ATT&CK techniques with their names and tactics from the catalog, and the
// hunting prompts. Whether an inject was benign noise is shown only once the
// exercise has ended.
#pragma once

#include "ui/views/view.hpp"

namespace ui {

class InjectView final : public View {
public:
    InjectView() : View("inject", "Inject") {}

protected:
    void drawContent(Model& m) override;
    [[nodiscard]] bool needs_session() const override { return true; }
};

} // namespace ui
