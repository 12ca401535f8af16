// ui/views/help_view.cpp — prints the shortcut table, grouped.
#include "ui/views/help_view.hpp"

#include <cstring>
#include <vector>

#include "ui/shortcuts.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace ui {

void HelpView::drawContent(Model& m) {
    std::vector<const char*> groups;
    for (const auto& s : shortcuts()) {
        if (!*s.group) continue;
        bool seen = false;
        for (const char* g : groups) seen = seen || std::strcmp(g, s.group) == 0;
        if (!seen) groups.push_back(s.group);
    }
    const float key_w = ImGui::GetFontSize() * 7;
    for (const char* g : groups) {
        widgets::heading(g);
        if (ImGui::BeginTable(g, 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
            ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, key_w);
            ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch);
            for (const auto& s : shortcuts()) {
                if (std::strcmp(s.group, g) != 0) continue;
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::PushFont(fonts().bold);
                widgets::text(s.keys);
                ImGui::PopFont();
                ImGui::TableSetColumnIndex(1);
                widgets::text(s.what);
            }
            ImGui::EndTable();
        }
        ImGui::Spacing();
    }
    widgets::muted_wrapped("Letter, digit and arrow keys act only when no text field is being edited. Everything "
                           "you record is in the journal the moment it shows; closing the console loses nothing.");
    if (ImGui::Button("Close")) m.ui.help_open = false;
}

} // namespace ui
