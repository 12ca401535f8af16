// ui/views/projector_view.hpp — what the participants see on the projector.
//
// Shown in the projector window (F9) or full-screen in the main window (F11).
// Large and legible: the clock, and the current inject (or the one the
// facilitator pinned with P) with its body, artifacts and, when it asks for
// one, the decision prompt with its options. Nothing secret: no expectations,
// no upcoming injects, no kill-chain progress, no benign markers, and no
// scores unless the facilitator reveals them (Ctrl+R).
#pragma once

#include "ui/views/view.hpp"

namespace ui {

class ProjectorView final : public View {
public:
    ProjectorView() : View("projector", "Projector") {}

protected:
    void drawContent(Model& m) override;
    [[nodiscard]] bool untitled() const override { return true; }

private:
    void draw_briefing(Model& m);
    void draw_inject(Model& m);
    void draw_inject_text(Model& m, const sim::Inject& inj);
    void draw_ended(Model& m);
};

} // namespace ui
