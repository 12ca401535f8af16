// ui/views/view.hpp — the base of every console view.
//
// A view is a small class: draw() is the only entry point the app calls; it
// opens the view's window at the place the screen layout gives it (Begin),
// lets the subclass fill it (drawContent), and closes it (End) on every path,
// so a view can never unbalance ImGui's window stack. Views read the Model
// and push commands to it; they keep no exercise state of their own.
#pragma once

#include <string>

#include <imgui.h>

#include "ui/model.hpp"

namespace ui {

struct Rect {
    ImVec2 pos;
    ImVec2 size;
};

class View {
public:
    View(std::string id, std::string title) : id_(std::move(id)), title_(std::move(title)) {}
    virtual ~View() = default;
    View(const View&) = delete;
    View& operator=(const View&) = delete;

    // Draws the view in its own fixed window covering `rect`.
    void draw(Model& m, const Rect& rect);
    // Draws the content only, inside a window someone else opened (a tab).
    void draw_embedded(Model& m);

    [[nodiscard]] const std::string& id() const { return id_; }
    [[nodiscard]] const std::string& title() const { return title_; }
    // False hides the view's tab (e.g. the purple grid outside purple mode).
    [[nodiscard]] virtual bool available(const Model&) const { return true; }

protected:
    virtual void drawContent(Model& m) = 0;
    // The window has no title bar (the control bar).
    [[nodiscard]] virtual bool untitled() const { return false; }
    // An overlay (help) comes to the front; layout views stay behind popups.
    [[nodiscard]] virtual bool floating() const { return false; }
    // Views that show an exercise say so; without a session they show a hint.
    [[nodiscard]] virtual bool needs_session() const { return false; }

private:
    void content_or_hint(Model& m);

    std::string id_;
    std::string title_;
};

} // namespace ui
