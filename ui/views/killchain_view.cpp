// ui/views/killchain_view.cpp — stage boxes drawn with ImDrawList.
#include "ui/views/killchain_view.hpp"

#include <algorithm>
#include <cfloat>

#include <fmt/format.h>

#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

ImU32 u32(const ImVec4& c, float alpha = 1.0f) {
    return ImGui::ColorConvertFloat4ToU32(ImVec4(c.x, c.y, c.z, c.w * alpha));
}

// Draws `s` clipped to [x0, x1], returns the height used.
void clipped_text(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, float x1, ImU32 color, const std::string& s) {
    const ImVec4 clip(pos.x, pos.y, x1, pos.y + size * 1.5f);
    dl->AddText(font, size, pos, color, s.c_str(), nullptr, 0.0f, &clip);
}

} // namespace

void KillChainView::drawContent(Model& m) {
    const sim::Scenario& s = *m.scenario();
    const sim::ExerciseState& st = *m.state();
    const sim::scoring::Scorecard* card = m.scorecard();
    const Palette& p = palette();
    // The kill chain is the attack stages: response and recovery stages are not on it.
    const int n = s.attack_stage_count();
    if (n == 0) {
        widgets::muted("This scenario has no attack stages.");
        return;
    }

    // "Reached" as the scorecard states it, so the ribbon and the reports agree.
    const std::vector<bool> reached = card ? card->stages_reached : std::vector<bool>();
    const int detected = card ? card->depth.detected : -1;
    const int contained = card ? card->depth.contained : -1;
    const int furthest = card && card->depth.furthest >= 0
                             ? card->depth.furthest
                             : static_cast<int>(reached.rend() - std::find(reached.rbegin(), reached.rend(), true)) - 1;

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float arrow = ImGui::GetFontSize() * 0.7f;
    const float box_w = (avail.x - arrow * static_cast<float>(n - 1)) / static_cast<float>(n);
    // Two lines per box (three with a red move): the stage, then its title with the badge beside it,
    // so the panels below keep their height on a 768-line laptop.
    const float box_h = std::max(avail.y - 2.0f, ImGui::GetTextLineHeightWithSpacing() * 2.2f);
    const float pad = ImGui::GetFontSize() * 0.4f;
    const float fs = ImGui::GetFontSize();
    ImFont* bold = fonts().bold ? fonts().bold : ImGui::GetFont();
    ImFont* regular = ImGui::GetFont();

    for (int i = 0; i < n; ++i) {
        const sim::Stage& stage = *s.attack_stage(i);
        const float x = origin.x + static_cast<float>(i) * (box_w + arrow);
        const ImVec2 a(x, origin.y), b(x + box_w, origin.y + box_h);
        const bool is_reached = static_cast<std::size_t>(i) < reached.size() && reached[static_cast<std::size_t>(i)];
        ImVec4 edge = is_reached ? p.stage_reached : p.stage_future;
        float fill_alpha = is_reached ? 0.16f : 0.0f;
        if (i == contained) edge = p.stage_contained;
        else if (i == detected) edge = p.stage_detected;
        if (fill_alpha > 0) dl->AddRectFilled(a, b, u32(edge, fill_alpha), 4.0f);
        dl->AddRect(a, b, u32(edge), 4.0f, 0, i == furthest ? 3.0f : 1.5f);

        const sim::attack::Tactic* t = m.catalog().tactic(stage.tactic);
        const std::string tactic = t ? t->name : stage.tactic;
        const ImU32 text = u32(is_reached ? p.text : p.text_muted);
        clipped_text(dl, bold, fs, ImVec2(a.x + pad, a.y + pad), b.x - pad, text,
                     fmt::format("{} · {}", i + 1, tactic));
        if (const sim::RedMoveRecord* rm = st.red_move(stage.id))
            clipped_text(dl, regular, fs, ImVec2(a.x + pad, a.y + pad + fs * 2.5f), b.x - pad, text,
                         "Red: " + rm->technique);   // the third line, in red and purple modes

        // Badge on the second line, right-aligned; the stage title fills the room left of it.
        std::string badge;
        ImVec4 badge_color = p.stage_reached;
        if (i == contained && i == detected) {
            badge = "DETECTED + CONTAINED";
            badge_color = p.stage_contained;
        } else if (i == contained) {
            badge = "CONTAINED";
            badge_color = p.stage_contained;
        } else if (i == detected) {
            badge = "DETECTED";
            badge_color = p.stage_detected;
        } else if (i == furthest) {
            badge = "ATTACK IS HERE";
        }
        const float line2 = a.y + pad + fs * 1.25f;
        float title_end = b.x - pad;
        if (!badge.empty()) {
            ImVec2 ts = bold->CalcTextSizeA(fs * 0.85f, FLT_MAX, 0.0f, badge.c_str());
            ts.x = std::min(ts.x, box_w - pad * 3);
            const ImVec2 ba(b.x - pad * 2 - ts.x, line2);
            const ImVec2 bb(ba.x + ts.x + pad, line2 + ts.y + pad * 0.5f);
            title_end = ba.x - pad;
            dl->AddRectFilled(ba, bb, u32(badge_color), 3.0f);
            const ImVec4 clip(ba.x, ba.y, bb.x, bb.y);
            dl->AddText(bold, fs * 0.85f, ImVec2(ba.x + pad * 0.5f, ba.y + pad * 0.25f), u32(p.chip_text),
                        badge.c_str(), nullptr, 0.0f, &clip);
        }
        clipped_text(dl, regular, fs, ImVec2(a.x + pad, line2), title_end, u32(p.text_muted),
                     stage.title.empty() ? stage.id : stage.title);

        if (i + 1 < n) {   // chevron to the next stage
            const float cx = b.x + arrow * 0.5f, cy = a.y + box_h * 0.5f, h = arrow * 0.45f;
            dl->AddTriangleFilled(ImVec2(cx - h * 0.6f, cy - h), ImVec2(cx + h * 0.6f, cy),
                                  ImVec2(cx - h * 0.6f, cy + h), u32(p.text_muted));
        }

        ImGui::SetCursorScreenPos(a);
        ImGui::PushID(i);
        const bool clicked = ImGui::InvisibleButton("stage", ImVec2(box_w, box_h));
        // Red and purple modes: the red cell picks how a stage is carried out, before it starts.
        auto moves = s.red_moves.find(stage.id);
        const bool can_choose = m.live() && st.mode != sim::Mode::blue && moves != s.red_moves.end() &&
                                !moves->second.empty() && !st.red_move(stage.id) && !st.ended &&
                                (st.phase == sim::Phase::briefing || st.phase == sim::Phase::running ||
                                 st.phase == sim::Phase::paused);
        if (clicked && can_choose) ImGui::OpenPopup("red-move");
        if (ImGui::BeginPopup("red-move")) {
            widgets::bold("Red move for " + (stage.title.empty() ? stage.id : stage.title));
            for (const auto& mv : moves->second) {
                const sim::attack::Technique* tech = m.catalog().technique(mv.technique);
                const std::string label = mv.technique + (tech ? " " + tech->name : std::string()) + "##" + mv.id;
                if (ImGui::Selectable(label.c_str())) m.push(sim::cmd::ChooseRedMove{stage.id, mv.id});
                std::string tip = mv.description;
                if (!mv.observable.empty()) tip += (tip.empty() ? "" : "\n\n") + std::string("Defenders see: ") + mv.observable;
                if (!tip.empty()) widgets::tooltip(tip);
            }
            widgets::muted("Unchosen, the seeded draw picks one when the stage starts.");
            ImGui::EndPopup();
        }
        ImGui::PopID();
        std::string tip = fmt::format("{} — {}{}", tactic, stage.title, t ? " (" + t->id + ")" : std::string());
        if (!stage.narrative.empty()) tip += "\n\n" + stage.narrative;
        tip += is_reached ? "\n\nThe attack has reached this stage." : "\n\nNot reached yet.";
        if (can_choose) tip += "\nClick to choose the red move for this stage.";
        if (i == detected) tip += "\nThe defenders first detected the attack here.";
        if (i == contained) tip += "\nThe defenders first contained the attack here.";
        widgets::tooltip(tip);
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + box_h));
    ImGui::Dummy(ImVec2(1, 1));
}

} // namespace ui
