// ui/views/setup_view.hpp — session setup: who plays, in which mode, with which seed.
//
// Teams and participants (name, team, role), mode blue / red / purple, the
// seed (random by default, recorded in the journal so a run can be
// reproduced), and practice mode. "Start the briefing" creates the session
// in the journal and opens the exercise screen in its briefing phase.
#pragma once

#include "ui/views/view.hpp"

namespace ui {

class SetupView final : public View {
public:
    SetupView() : View("setup", "Session setup") {}

protected:
    void drawContent(Model& m) override;
};

} // namespace ui
