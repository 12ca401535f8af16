// ui/views/library_view.hpp — the scenario library: every scenario found, valid or not.
//
// Lists the scenarios of the bundled scenarios/ folder and the facilitator's
// own folders with their validation status. A broken file is listed with its
// errors in place (file:line:col), never hidden and never a crash. The
// details pane shows what a facilitator needs to choose: summary, objectives,
// the kill chain's stages, teams, estimated duration and size.
#pragma once

#include "ui/views/view.hpp"

namespace ui {

class LibraryView final : public View {
public:
    LibraryView() : View("library", "Scenario library") {}

protected:
    void drawContent(Model& m) override;

private:
    void draw_list(Model& m, float width);
    void draw_details(Model& m, const LibraryEntry& e);
};

} // namespace ui
