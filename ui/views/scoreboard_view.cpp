// ui/views/scoreboard_view.cpp — readiness, capability bars, time metrics, purple grid.
#include "ui/views/scoreboard_view.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ui/theme.hpp"
#include "ui/views/red_view.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

std::string metric_text(const sim::scoring::Metric& mt) {
    return mt.value ? sim::scoring::format_duration(*mt.value) : std::string("—");
}

std::string component_name(const std::string& id) {
    if (id == "expectations") return "Expectations met";
    if (id == "timeliness") return "On time";
    if (id == "detection-depth") return "Detection depth";
    if (id == "alert-quality") return "Alert quality";
    if (id == "purple-coverage") return "Purple coverage";
    if (id == "outcome") return "Outcome (how far the attack got)";
    return id;
}

} // namespace

std::string first_contained_text(const sim::Scenario& scenario, int contained_stage, const std::string& ending,
                                 bool over) {
    if (contained_stage >= 0 && contained_stage < static_cast<int>(scenario.stages.size())) {
        const auto& st = scenario.stages[static_cast<std::size_t>(contained_stage)];
        return fmt::format("stage {} ({})", contained_stage + 1, st.title.empty() ? st.tactic : st.title);
    }
    if (!ending.empty()) {
        std::string title = ending;
        for (const auto& e : scenario.endings)
            if (e.id == ending && !e.title.empty()) title = e.title;
        return "— (no contained status; ended: " + title + ")";
    }
    return over ? std::string("never") : std::string("not yet");
}

std::string ending_of(const sim::Journal& journal) {
    for (const auto& ev : journal)
        if (const auto* e = ev.get<sim::ev::ExerciseEnded>()) return e->ending;
    return {};
}

void draw_scorecard_summary(const Model& m, const sim::scoring::Scorecard& card, const sim::Scenario& scenario,
                            bool compact, bool over, const std::string& ending) {
    const Palette& p = palette();
    // Readiness: one big number a room can read.
    ImGui::PushFont(fonts().huge);
    if (card.readiness.index)
        widgets::text(fmt::format("{:.0f}", *card.readiness.index));
    else
        widgets::muted("—");
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::BeginGroup();
    widgets::bold("Readiness index (0–100)");
    if (card.readiness.level > 0)
        widgets::text(fmt::format("Maturity {} · {}", card.readiness.level,
                                  sim::scoring::maturity_name(card.readiness.level)));
    else
        widgets::muted("Nothing rated yet");
    ImGui::EndGroup();
    if (card.mode != "blue" || !card.red.moves.empty()) {
        ImGui::Spacing();
        draw_red_blue(card, scenario, m.catalog(), over, compact);
    }

    const float bar_w = ImGui::GetContentRegionAvail().x;
    const float bar_h = compact ? ImGui::GetTextLineHeight() * 1.2f : ImGui::GetFrameHeight();
    ImGui::Spacing();
    if (!compact) {
        widgets::bold("Components");
        std::string absent;
        for (const auto& c : card.readiness.components) {
            if (!c.value) {
                absent += (absent.empty() ? "" : ", ") + component_name(c.name);
                continue;
            }
            widgets::score_bar(fmt::format("{} (weight {:.0f})", component_name(c.name), c.weight), c.value, bar_w,
                               bar_h);
        }
        if (!absent.empty()) widgets::muted_wrapped("Left out of the index, nothing to score: " + absent);
        ImGui::Spacing();
    }
    auto draw_metrics = [&] {
        ImGui::Spacing();
        widgets::bold("Time from the first malicious inject");
        if (ImGui::BeginTable("metrics", 5, ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_BordersInnerV)) {
            for (const char* h : {"Detect", "Acknowledge", "Escalate", "Contain", "Recover"})
                ImGui::TableSetupColumn(h);
            ImGui::TableHeadersRow();
            ImGui::TableNextRow();
            const sim::scoring::Metric* ms[] = {&card.metrics.detect, &card.metrics.acknowledge, &card.metrics.escalate,
                                                &card.metrics.contain, &card.metrics.recover};
            for (int i = 0; i < 5; ++i) {
                ImGui::TableSetColumnIndex(i);
                ImGui::PushFont(fonts().bold);
                widgets::text(metric_text(*ms[i]));
                ImGui::PopFont();
                if (!ms[i]->evidence.empty()) widgets::tooltip(ms[i]->evidence);
            }
            ImGui::EndTable();
        }
    };
    if (compact) {
        draw_metrics();   // the projector: times first, they matter most to the room
        ImGui::Spacing();
    }
    widgets::bold("Capabilities");
    if (card.capabilities.empty()) widgets::muted("No expectations rated yet.");
    // On the projector the bars go in two columns, so a 720-line screen holds them all.
    const int columns = compact && card.capabilities.size() > 4 ? 2 : 1;
    if (ImGui::BeginTable("capabilities", columns, ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_PadOuterX)) {
        for (const auto& g : card.capabilities) {
            ImGui::TableNextColumn();
            const sim::Capability* cap = scenario.capability(g.id);
            std::string name = cap && !cap->name.empty() ? cap->name : g.id;
            if (g.stats.applicable > 0)
                name += fmt::format(" ({} rated{})", g.stats.applicable,
                                    g.stats.pending ? fmt::format(", {} pending", g.stats.pending) : "");
            widgets::score_bar(name, g.stats.score, ImGui::GetContentRegionAvail().x, bar_h);
        }
        ImGui::EndTable();
    }
    if (!compact) draw_metrics();
    if (compact) return;

    ImGui::Spacing();
    widgets::bold("Detection depth");
    const auto& d = card.depth;
    auto stage_name = [&](int i) {
        if (i < 0 || i >= static_cast<int>(scenario.stages.size())) return std::string("never");
        const auto& st = scenario.stages[static_cast<std::size_t>(i)];
        return fmt::format("stage {} ({})", i + 1, st.title.empty() ? st.tactic : st.title);
    };
    widgets::label_value("Attack reached:", d.furthest < 0 ? std::string("nothing yet") : stage_name(d.furthest));
    widgets::label_value("First detected:", stage_name(d.detected));
    widgets::label_value("First contained:", first_contained_text(scenario, d.contained, ending, over));

    ImGui::Spacing();
    widgets::bold("Alert quality");
    const auto& a = card.alerts;
    widgets::label_value("Real alerts escalated:", fmt::format("{} of {}", a.malicious_escalated, a.malicious_total));
    widgets::label_value("Benign alerts dismissed:", fmt::format("{} of {}", a.benign_dismissed, a.benign_total));
    if (a.benign_escalated > 0)
        widgets::colored(p.warn, fmt::format("{} benign alert{} escalated as incidents", a.benign_escalated,
                                             a.benign_escalated == 1 ? "" : "s"));
}

void ScoreboardView::drawContent(Model& m) {
    const sim::ExerciseState& st = *m.state();
    const sim::scoring::Scorecard* card = m.scorecard();
    if (!card) {
        widgets::muted("The scorecard is not available.");
        return;
    }
    if (st.practice && !st.ended && st.phase != sim::Phase::hotwash && st.phase != sim::Phase::closed) {
        widgets::muted_wrapped("Practice: scores stay hidden until the exercise ends, so the team decides on the "
                               "situation, not on the numbers.");
        return;
    }
    draw_scorecard_summary(m, *card, *m.scenario(), false, st.ended, st.ending);
    if (st.mode == sim::Mode::purple) {
        ImGui::Spacing();
        draw_purple_grid(m, *card);
    }
}

void ScoreboardView::draw_purple_grid(Model& m, const sim::scoring::Scorecard& card) {
    const sim::Scenario& s = *m.scenario();
    const sim::ExerciseState& st = *m.state();
    widgets::bold("Purple: what the defenders saw of each executed technique");
    std::vector<std::string> techniques;
    auto add = [&](const std::string& t) {
        if (!t.empty() && std::find(techniques.begin(), techniques.end(), t) == techniques.end())
            techniques.push_back(t);
    };
    for (const auto& d : st.delivered)
        if (const sim::Inject* inj = s.inject(d.inject); inj && !inj->benign)
            for (const auto& t : inj->techniques) add(t);
    for (const auto& r : st.red_moves) add(r.technique);
    if (techniques.empty()) {
        widgets::muted("No technique executed yet.");
        return;
    }
    std::string team = m.ui.team;
    if (!s.team(team))
        for (const auto& t : s.teams)
            if (t.kind == sim::TeamKind::blue || t.kind == sim::TeamKind::purple) {
                team = t.id;
                break;
            }
    const sim::PurpleOutcome outcomes[] = {sim::PurpleOutcome::blocked, sim::PurpleOutcome::alerted,
                                           sim::PurpleOutcome::logged, sim::PurpleOutcome::none,
                                           sim::PurpleOutcome::not_applicable};
    const char* names[] = {"Blocked", "Alerted", "Logged", "None", "N/A"};
    const bool can = m.live() && st.phase != sim::Phase::closed;
    if (!ImGui::BeginTable("purple", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                            ImGuiTableFlags_SizingFixedFit))
        return;
    ImGui::TableSetupColumn("Technique", ImGuiTableColumnFlags_WidthStretch);
    for (const char* n : names) ImGui::TableSetupColumn(n);
    ImGui::TableHeadersRow();
    for (const auto& t : techniques) {
        ImGui::PushID(t.c_str());
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        const sim::attack::Technique* tech = m.catalog().technique(t);
        widgets::text(tech ? t + " " + tech->name : t);
        const sim::scoring::PurpleResult* current = nullptr;
        for (const auto& r : card.purple.results)
            if (r.technique == t) current = &r;
        for (int i = 0; i < 5; ++i) {
            ImGui::TableSetColumnIndex(i + 1);
            ImGui::PushID(i);
            const bool is = current && current->outcome == outcomes[i];
            // The recorded outcome keeps its full colour even when nothing can be changed.
            bool pressed = false;
            if (is) {
                pressed = widgets::colored_button("●", palette().purple_outcome[i], ImVec2(-FLT_MIN, 0));
            } else {
                ImGui::BeginDisabled(!can);
                pressed = ImGui::Button("○", ImVec2(-FLT_MIN, 0));
                ImGui::EndDisabled();
            }
            widgets::tooltip(fmt::format("{}: {}", t, names[i]));
            if (pressed && !is && can) {
                sim::cmd::RecordPurpleOutcome c;
                c.technique = t;
                c.outcome = sim::to_string(outcomes[i]);
                c.team = team;
                if (outcomes[i] == sim::PurpleOutcome::blocked || outcomes[i] == sim::PurpleOutcome::alerted)
                    c.detected_at = st.clock;
                m.push(std::move(c));
            }
            ImGui::PopID();
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
    if (card.purple.coverage) widgets::label_value("Coverage:", fmt::format("{:.0f} / 100", *card.purple.coverage));
}

} // namespace ui
