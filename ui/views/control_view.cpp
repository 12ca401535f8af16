// ui/views/control_view.cpp — clock, phase, speed and lifecycle buttons.
#include "ui/views/control_view.hpp"

#include <iterator>

#include <fmt/format.h>

#include "sim/engine/story.hpp"
#include "ui/actions.hpp"
#include "ui/shortcuts.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

std::string phase_text(const Model& m) {
    const sim::ExerciseState* st = m.state();
    if (!st) return "No session";
    if (st->ended && st->phase == sim::Phase::running) return "Ended";
    switch (st->phase) {
    case sim::Phase::setup: return "Setup";
    case sim::Phase::briefing: return "Briefing";
    case sim::Phase::running: return "Running";
    case sim::Phase::paused: return "Paused";
    case sim::Phase::hotwash: return "Hotwash";
    case sim::Phase::closed: return "Closed";
    }
    return "";
}

} // namespace

void ControlView::drawContent(Model& m) {
    const Palette& p = palette();
    const sim::ExerciseState* st = m.state();
    const float bar_h = ImGui::GetContentRegionAvail().y;
    const float y0 = ImGui::GetCursorPosY();
    auto center_y = [&](float item_h) { ImGui::SetCursorPosY(y0 + std::max(0.0f, (bar_h - item_h) * 0.5f)); };

    // The clock.
    ImGui::PushFont(fonts().huge);
    const std::string clock = widgets::clock(m.display_clock());
    ImVec4 clock_color = p.text;
    if (st && st->phase == sim::Phase::paused) clock_color = p.warn;
    if (!st || st->ended || st->phase == sim::Phase::briefing) clock_color = p.text_muted;
    center_y(ImGui::GetTextLineHeight());
    widgets::colored(clock_color, clock);
    ImGui::PopFont();
    ImGui::SameLine(0, ImGui::GetFontSize());

    // The button row's width, measured first so the text beside the clock can yield.
    const ImGuiStyle& style = ImGui::GetStyle();
    const actions::Primary prim = actions::primary(m);
    const std::string speed = fmt::format("×{}", m.speed());
    auto bw = [&](const std::string& s) { return ImGui::CalcTextSize(s.c_str()).x + style.FramePadding.x * 2; };
    const float primary_w = std::max(bw("Start exercise"), bw(prim.label)) + ImGui::GetFontSize();
    const float row_w = primary_w + bw("Deliver next") + bw("−") + bw("×60") + bw("+") + bw("End") +
                        bw("Hotwash") + bw("Projector") + bw("Help") + style.ItemSpacing.x * 10 +
                        ImGui::GetFontSize() * 1.5f;
    // Phase, speed and what comes next, two lines, cut to leave room for the buttons.
    const float info_w = ImGui::GetWindowContentRegionMax().x - ImGui::GetCursorPosX() - row_w - ImGui::GetFontSize();
    ImGui::BeginGroup();
    center_y(ImGui::GetTextLineHeightWithSpacing() * 2);
    ImGui::BeginGroup();
    std::string line1 = phase_text(m);
    if (st && m.clock_running()) line1 += fmt::format("  ·  ×{}", m.speed());
    if (st && st->practice) line1 += "  ·  practice";
    // The story's own clock beside the exercise clock (scenarios with `story:`), as on the projector.
    if (st && m.scenario() && m.scenario()->story.set())
        line1 += "  ·  story " + sim::story_label(*m.scenario(), sim::story_time(*m.scenario(), *st, m.display_clock()));
    ImGui::PushFont(fonts().bold);
    widgets::text(widgets::fit(line1, info_w));
    ImGui::PopFont();
    std::string line2;
    if (st && st->next && !st->ended) {
        const sim::Inject* next = m.scenario()->inject(st->next->inject);
        const sim::ExTime in = st->next->at - m.display_clock();
        line2 = fmt::format("Next: {} at {} (in {})", next && !next->title.empty() ? next->title : st->next->inject,
                            widgets::clock(st->next->at), widgets::age(in));
    } else if (st && st->ended) {
        line2 = st->ending.empty() ? "Ended by the facilitator" : "Ending: " + m.ending_title(st->ending);
    } else if (st) {
        line2 = st->phase == sim::Phase::briefing ? "Brief the teams, then start the exercise"
                                                  : "No inject scheduled; the rest follow decisions";
    } else {
        line2 = "Choose a scenario (F2) and set up a session (F3)";
    }
    widgets::muted(widgets::fit(line2, info_w));
    widgets::tooltip(line2);
    ImGui::EndGroup();
    ImGui::EndGroup();

    // Buttons, right-aligned as one row.
    ImGui::SameLine();
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX() + ImGui::GetFontSize(),
                                  ImGui::GetWindowContentRegionMax().x - row_w));
    center_y(ImGui::GetFrameHeight());

    ImVec4 prim_color = p.accent;
    if (prim.label == "Pause") prim_color = p.severity[2];
    ImGui::BeginDisabled(!prim.enabled);
    if (widgets::colored_button(prim.label, prim_color, ImVec2(primary_w, 0))) actions::do_primary(m);
    ImGui::EndDisabled();
    if (const Shortcut* sc = find_shortcut("primary"))
        widgets::tooltip(prim.enabled ? fmt::format("{} ({})", prim.label, sc->keys) : prim.why);

    std::string why;
    ImGui::SameLine();
    const bool can_next = actions::can_deliver_next(m, &why);
    if (widgets::action_button("Deliver next", "deliver_next", can_next, why)) actions::deliver_next(m);

    ImGui::SameLine(0, ImGui::GetFontSize());
    if (widgets::action_button("−", "slower", m.speed() > kSpeeds[0])) actions::slower(m);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::PushFont(fonts().bold);
    const float sw = ImGui::CalcTextSize("×60").x;
    const float sx = ImGui::GetCursorPosX();
    ImGui::SetCursorPosX(sx + (sw - ImGui::CalcTextSize(speed.c_str()).x) * 0.5f);
    center_y(ImGui::GetFrameHeight());
    ImGui::AlignTextToFramePadding();
    widgets::text(speed);
    ImGui::PopFont();
    widgets::tooltip("Exercise seconds per real second. The clock runs only while the exercise runs.");
    ImGui::SameLine(sx + sw + style.ItemSpacing.x);
    center_y(ImGui::GetFrameHeight());
    if (widgets::action_button("+", "faster", m.speed() < kSpeeds[std::size(kSpeeds) - 1])) actions::faster(m);

    ImGui::SameLine(0, ImGui::GetFontSize());
    const bool can_end = actions::can_end(m, &why);
    if (widgets::action_button("End", "end", can_end, why)) actions::request_end(m);
    ImGui::SameLine();
    const bool can_hot = actions::can_hotwash(m, &why);
    if (widgets::action_button("Hotwash", "hotwash", can_hot, why)) actions::request_hotwash(m);
    ImGui::SameLine(0, ImGui::GetFontSize());
    if (widgets::action_button("Projector", "projector_window")) actions::toggle_projector_window(m);
    ImGui::SameLine();
    if (widgets::action_button("Help", "help")) actions::toggle_help(m);
}

} // namespace ui
