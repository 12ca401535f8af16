// ui/views/queues_view.hpp — per-team incident queues, like an XDR console.
//
// Each team's delivered injects, newest first: severity, title, source,
// channel, age on the exercise clock and status (new / acknowledged /
// escalated / dismissed / contained). Benign noise sits in the same queue and
// looks the same: the console never reveals which injects are benign before
// the exercise has ended.
#pragma once

#include "ui/views/view.hpp"

namespace ui {

class QueuesView final : public View {
public:
    QueuesView() : View("queues", "Team queues") {}

protected:
    void drawContent(Model& m) override;
    [[nodiscard]] bool needs_session() const override { return true; }

private:
    void draw_queue(Model& m, const std::string& team);
    std::string shown_team_;            // the tab ImGui shows, to follow ui.team changes
};

} // namespace ui
