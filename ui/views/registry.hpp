// ui/views/registry.hpp — every view, created and placed in ONE place.
//
// To add a view: write ui/views/<name>_view.{hpp,cpp}, create it in
// ViewRegistry's constructor and give it a slot in layout() (registry.cpp).
// Screens are tiled, not floating: on a projector nothing should overlap and
// nothing should move under the facilitator's pointer. A slot holding more
// than one view shows them as tabs.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ui/model.hpp"
#include "ui/views/view.hpp"

namespace ui {

struct Slot {
    std::string id;                     // stable: remembers the selected tab
    Rect rect;
    std::vector<View*> views;
};

class ViewRegistry {
public:
    ViewRegistry();
    ~ViewRegistry();

    [[nodiscard]] View* find(const std::string& id) const;
    [[nodiscard]] const std::vector<std::unique_ptr<View>>& views() const { return views_; }

    // Where each view of screen `s` goes inside `area`.
    [[nodiscard]] std::vector<Slot> layout(Screen s, const Model& m, const Rect& area) const;
    // The screen on which view `id` is shown for this model (nullopt: unknown id).
    [[nodiscard]] std::optional<Screen> screen_of(const std::string& id, const Model& m) const;

    // Draws screen `s` into `area` (one window per slot; tabs for shared slots).
    void draw_screen(Model& m, Screen s, const Rect& area);

private:
    std::vector<std::unique_ptr<View>> views_;
};

} // namespace ui
