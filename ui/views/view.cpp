// ui/views/view.cpp — Begin/End around every view, and the no-session hint.
#include "ui/views/view.hpp"

#include "ui/widgets.hpp"

namespace ui {

void View::draw(Model& m, const Rect& rect) {
    ImGui::SetNextWindowPos(rect.pos, ImGuiCond_Always);
    ImGui::SetNextWindowSize(rect.size, ImGuiCond_Always);
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                             ImGuiWindowFlags_NoSavedSettings;
    if (!floating()) flags |= ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (untitled()) flags |= ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar;
    const std::string label = title_ + "###view-" + id_;
    if (ImGui::Begin(label.c_str(), nullptr, flags)) content_or_hint(m);
    ImGui::End();
}

void View::draw_embedded(Model& m) {
    ImGui::PushID(id_.c_str());
    content_or_hint(m);
    ImGui::PopID();
}

void View::content_or_hint(Model& m) {
    if (needs_session() && !m.has_session()) {
        widgets::muted_wrapped("No exercise is open. Choose a scenario in the Library (F2) and set up a session "
                               "(F3), or open a past session in Review (F6).");
        return;
    }
    drawContent(m);
}

} // namespace ui
