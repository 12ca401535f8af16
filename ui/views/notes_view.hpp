// ui/views/notes_view.hpp — timestamped notes and the hotwash.
//
// Facilitator and observer notes stamped with the exercise clock, optionally
// about the selected inject, optionally marked as an improvement action (they
// feed the improvement plan). Notes can be retracted (the journal keeps them,
// marked). In the hotwash the view leads with prompts per objective, each
// with how that objective's expectations were rated.
#pragma once

#include "ui/views/view.hpp"

namespace ui {

class NotesView final : public View {
public:
    NotesView() : View("notes", "Notes & hotwash") {}

protected:
    void drawContent(Model& m) override;
    [[nodiscard]] bool needs_session() const override { return true; }

private:
    void draw_form(Model& m);
    void draw_list(Model& m);
    void draw_hotwash(Model& m);
    bool caret_to_end_ = false;         // a started note (objective's words) continues after its text
};

} // namespace ui
