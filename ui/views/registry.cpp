// ui/views/registry.cpp — the list of views and the screens' layouts.
#include "ui/views/registry.hpp"

#include <algorithm>
#include <cmath>

#include "ui/theme.hpp"
#include "ui/views/control_view.hpp"
#include "ui/views/decision_view.hpp"
#include "ui/views/expectations_view.hpp"
#include "ui/views/feedback_view.hpp"
#include "ui/views/help_view.hpp"
#include "ui/views/import_view.hpp"
#include "ui/views/inject_view.hpp"
#include "ui/views/killchain_view.hpp"
#include "ui/views/library_view.hpp"
#include "ui/views/notes_view.hpp"
#include "ui/views/plan_view.hpp"
#include "ui/views/practice_view.hpp"
#include "ui/views/projector_view.hpp"
#include "ui/views/queues_view.hpp"
#include "ui/views/red_view.hpp"
#include "ui/views/review_view.hpp"
#include "ui/views/scoreboard_view.hpp"
#include "ui/views/setup_view.hpp"

namespace ui {

ViewRegistry::ViewRegistry() {
    // 1 library, 2 setup, 3 control bar, 4 kill chain, 5 queues, 6 inject,
    // 7 decision, 8 expectations, 9 scoreboard, 10 notes/hotwash, 11 review,
    // 12 practice debrief, 13 projector; and the help overlay.
    views_.push_back(std::make_unique<LibraryView>());
    views_.push_back(std::make_unique<ImportView>());
    views_.push_back(std::make_unique<SetupView>());
    views_.push_back(std::make_unique<ControlView>());
    views_.push_back(std::make_unique<KillChainView>());
    views_.push_back(std::make_unique<QueuesView>());
    views_.push_back(std::make_unique<InjectView>());
    views_.push_back(std::make_unique<DecisionView>());
    views_.push_back(std::make_unique<ExpectationsView>());
    views_.push_back(std::make_unique<ScoreboardView>());
    views_.push_back(std::make_unique<NotesView>());
    views_.push_back(std::make_unique<ReviewView>());
    views_.push_back(std::make_unique<PlanView>());   // the review screen's second tab
    views_.push_back(std::make_unique<PracticeView>());
    views_.push_back(std::make_unique<ProjectorView>());
    views_.push_back(std::make_unique<HelpView>());
    // The red cell screen (F7): red moves and decisions, adjudications, hunts.
    views_.push_back(std::make_unique<RedMovesView>());
    views_.push_back(std::make_unique<AdjudicationView>());
    views_.push_back(std::make_unique<HuntView>());
    // The participant feedback form (F8), filled in at the end.
    views_.push_back(std::make_unique<FeedbackView>());
}

ViewRegistry::~ViewRegistry() = default;

View* ViewRegistry::find(const std::string& id) const {
    for (const auto& v : views_)
        if (v->id() == id) return v.get();
    return nullptr;
}

std::vector<Slot> ViewRegistry::layout(Screen s, const Model& m, const Rect& a) const {
    std::vector<Slot> slots;
    auto slot = [&](std::string id, float x, float y, float w, float h, std::initializer_list<const char*> ids) {
        Slot sl{std::move(id), Rect{ImVec2(a.pos.x + x, a.pos.y + y), ImVec2(w, h)}, {}};
        for (const char* v : ids)
            if (View* view = find(v); view && view->available(m)) sl.views.push_back(view);
        if (!sl.views.empty()) slots.push_back(std::move(sl));
    };
    const float W = a.size.x, H = a.size.y;
    const Fonts& f = fonts();
    const ImGuiStyle& st = ImGui::GetStyle();
    // The control bar fits the clock in the huge font; the ribbon fits its
    // boxes (two lines, three with red moves) under a title bar.
    const float control_h = (f.huge ? f.huge->FontSize : 40.0f) + st.WindowPadding.y * 2 + st.FramePadding.y * 2;
    const float title_h = ImGui::GetFrameHeight();
    // Red and purple modes add a line per stage box for the red move.
    const bool red_line = m.state() && m.state()->mode != sim::Mode::blue;
    const float ribbon_h =
        title_h + ImGui::GetTextLineHeightWithSpacing() * (red_line ? 3.6f : 2.6f) + st.WindowPadding.y * 2;
    const bool practice = m.state() && m.state()->practice;
    // Practising teams see the kill chain only afterwards: it shows how far the attacker got.
    const bool over = m.state() && (m.state()->ended || m.state()->phase == sim::Phase::hotwash ||
                                    m.state()->phase == sim::Phase::closed);
    const float shown_ribbon_h = practice && !over ? 0.0f : ribbon_h;

    switch (s) {
    case Screen::library: slot("library", 0, 0, W, H, {"library", "import"}); break;
    case Screen::setup: slot("setup", 0, 0, W, H, {"setup"}); break;
    case Screen::exercise: {
        slot("control", 0, 0, W, control_h, {"control"});
        if (shown_ribbon_h > 0) slot("killchain", 0, control_h, W, shown_ribbon_h, {"killchain"});
        const float y = control_h + shown_ribbon_h, h = H - y;
        // The decision column is the widest: its options, combos and Record button must all be in view.
        const float c1 = std::round(W * 0.26f), c2 = std::round(W * 0.33f), c3 = W - c1 - c2;
        slot("queues", 0, y, c1, h, {"queues"});
        slot("inject", c1, y, c2, h, {"inject"});
        if (practice) {
            slot("decision", c1 + c2, y, c3, std::round(h * 0.62f), {"decision"});
            slot("side", c1 + c2, y + std::round(h * 0.62f), c3, h - std::round(h * 0.62f), {"notes", "practice"});
        } else {
            // An open decision form (options, who, why, Record) takes two thirds of the column.
            const sim::Inject* sel = m.selected_inject();
            const bool deciding = sel && sel->decision && m.state()->pending_decision(sel->id) &&
                                  !m.state()->decision(sel->id);
            const float top = std::round(h * (deciding ? 0.63f : 0.5f));
            slot("decision", c1 + c2, y, c3, top, {"decision"});
            slot("side", c1 + c2, y + top, c3, h - top, {"expectations", "scoreboard", "notes", "hunt"});
        }
        break;
    }
    case Screen::hotwash: {
        slot("control", 0, 0, W, control_h, {"control"});
        const float y = control_h, h = H - y, c1 = std::round(W * 0.5f);
        slot("hotwash-left", 0, y, c1, h, {"notes"});
        if (practice)
            slot("hotwash-right", c1, y, W - c1, h, {"practice", "scoreboard", "expectations"});
        else
            slot("hotwash-right", c1, y, W - c1, h, {"scoreboard", "expectations", "practice"});
        break;
    }
    case Screen::review: slot("review", 0, 0, W, H, {"review", "plan"}); break;
    case Screen::feedback: slot("feedback", 0, 0, W, H, {"feedback"}); break;
    case Screen::projector: slot("projector", 0, 0, W, H, {"projector"}); break;
    case Screen::red: {
        // Never on the projector: the red cell's choices, the white cell's adjudications, the hunts.
        slot("control", 0, 0, W, control_h, {"control"});
        if (shown_ribbon_h > 0) slot("killchain", 0, control_h, W, shown_ribbon_h, {"killchain"});
        const float y = control_h + shown_ribbon_h, h = H - y;
        const float c1 = std::round(W * 0.37f), c2 = std::round(W * 0.31f), c3 = W - c1 - c2;
        slot("red-moves", 0, y, c1, h, {"redmoves"});
        slot("red-adjudication", c1, y, c2, h, {"adjudication"});
        slot("red-side", c1 + c2, y, c3, h, {"hunt", "decision"});
        break;
    }
    }
    return slots;
}

std::optional<Screen> ViewRegistry::screen_of(const std::string& id, const Model& m) const {
    const Rect any{ImVec2(0, 0), ImVec2(1000, 1000)};
    for (Screen s : kScreens)
        for (const auto& sl : layout(s, m, any))
            for (const View* v : sl.views)
                if (v->id() == id) return s;
    return std::nullopt;
}

void ViewRegistry::draw_screen(Model& m, Screen s, const Rect& area) {
    for (const Slot& sl : layout(s, m, area)) {
        if (sl.views.size() == 1) {
            sl.views.front()->draw(m, sl.rect);
            continue;
        }
        // Several views share the slot: one window, one tab each.
        ImGui::SetNextWindowPos(sl.rect.pos, ImGuiCond_Always);
        ImGui::SetNextWindowSize(sl.rect.size, ImGuiCond_Always);
        const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                       ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                       ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoTitleBar;
        const std::string label = "###slot-" + sl.id;
        if (ImGui::Begin(label.c_str(), nullptr, flags)) {
            std::string& selected = m.ui.slot_tab[sl.id];
            if (ImGui::BeginTabBar("tabs")) {
                for (View* v : sl.views) {
                    ImGuiTabItemFlags tf = 0;
                    if (m.ui.focus_view == v->id()) {
                        tf |= ImGuiTabItemFlags_SetSelected;
                        m.ui.focus_view.clear();
                    }
                    const std::string tab = v->title() + "###tab-" + v->id();
                    if (ImGui::BeginTabItem(tab.c_str(), nullptr, tf)) {
                        selected = v->id();
                        ImGui::BeginChild("tab-content", ImVec2(0, 0), false);
                        v->draw_embedded(m);
                        ImGui::EndChild();
                        ImGui::EndTabItem();
                    }
                }
                ImGui::EndTabBar();
            }
        }
        ImGui::End();
    }
}

} // namespace ui
