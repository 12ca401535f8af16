// ui/views/red_view.cpp — red moves, red decisions, adjudications, hunts, red against blue.
#include "ui/views/red_view.hpp"

#include <algorithm>
#include <cctype>
#include <cfloat>

#include <fmt/format.h>
#include <imgui_stdlib.h>

#include "ui/actions.hpp"
#include "ui/red_actions.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

constexpr const char* kOutcomes[] = {"blocked", "alerted", "logged", "none"};

// Outcomes from the defenders' side: blocked and alerted are good, logged waits for a hunt, none is a gap.
ImVec4 outcome_color(const std::string& o) {
    const Palette& p = palette();
    for (int i = 0; i < 4; ++i)
        if (o == kOutcomes[i]) return p.purple_outcome[i];
    return p.text_muted;
}

std::string outcome_label(const std::string& o) {
    if (o.empty()) return "PENDING";
    std::string s = o == "none" ? "UNSEEN" : o;
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

std::string technique_label(const Model& m, const std::string& id) {
    const sim::attack::Technique* t = m.catalog().technique(id);
    return t ? id + " " + t->name : id;
}

// The i-th attack stage (the scorecard counts attack stages only).
const sim::Stage* attack_stage(const sim::Scenario& s, int index) {
    int i = 0;
    for (const auto& st : s.stages)
        if (st.kind == sim::StageKind::attack && i++ == index) return &st;
    return nullptr;
}

std::string tactic_of(const sim::Stage& st, const sim::attack::Catalog& cat) {
    const sim::attack::Tactic* t = cat.tactic(st.tactic);
    return t ? t->name : (st.title.empty() ? st.id : st.title);
}

std::string attack_stage_name(const sim::Scenario& s, const sim::attack::Catalog& cat, int index) {
    const sim::Stage* st = attack_stage(s, index);
    return st ? tactic_of(*st, cat) : std::string();
}

// "p3/T1003.001" as "stage 3 used T1003.001"; flags as they are.
std::string fact_text(const sim::Scenario& s, const std::string& f) {
    if (!sim::is_move_fact(f)) return f;
    const std::string stage = f.substr(0, f.find('/'));
    const int i = s.stage_index(stage);
    return fmt::format("{} used {}", i >= 0 ? fmt::format("stage {}", i + 1) : stage, f.substr(f.find('/') + 1));
}

// A condition on the same line as the last item, or on the next when it would be cut: "✓ stage 3 used T1003.001".
void condition_text(bool ok, const std::string& text) {
    const std::string t = (ok ? "✓ " : "✗ ") + text;
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(t.c_str()).x) ImGui::NewLine();
    widgets::colored(ok ? palette().good : palette().bad, t);
}

void condition_item(const sim::Scenario& s, const std::string& f, bool ok, const std::string& prefix) {
    condition_text(ok, prefix + fact_text(s, f));
}

void draw_outcome(const Model& m, const sim::RedMoveRecord& r) {
    const std::string& o = r.effective_outcome();
    if (r.executed_at == sim::kNoTime) {
        widgets::muted("takes effect when its stage begins");
        return;
    }
    if (o.empty()) {
        widgets::muted(m.scenario()->posture ? "not adjudicated yet" : "no posture: not adjudicated");
        return;
    }
    widgets::chip(outcome_label(o), outcome_color(o));
    ImGui::SameLine();
    std::string how = r.override_outcome.empty() ? "by " + r.source : std::string("by override");
    if (r.override_outcome.empty() && !r.control.empty()) how += ": " + r.control;
    widgets::muted(widgets::fit(how, ImGui::GetContentRegionAvail().x));
    std::string tip = fmt::format("Adjudicated {} at {} ({}{})", outcome_label(r.outcome), widgets::clock(r.adjudicated_at),
                                  r.source, r.control.empty() ? "" : ": " + r.control);
    for (const auto& roll : r.rolls) tip += "\nroll " + roll;
    if (!r.override_outcome.empty())
        tip += fmt::format("\nOverridden to {} at {} by {}: {}", outcome_label(r.override_outcome),
                           widgets::clock(r.overridden_at), r.override_by.empty() ? "the white cell" : r.override_by,
                           r.override_reason);
    if (r.revealed_at != sim::kNoTime)
        tip += fmt::format("\nRevealed by {}'s hunt at {}", m.team_name(r.revealed_by), widgets::clock(r.revealed_at));
    widgets::tooltip(tip);
}

} // namespace

// ---- red moves ------------------------------------------------------------------------

void RedMovesView::drawContent(Model& m) {
    const sim::Scenario& s = *m.scenario();
    const sim::ExerciseState& st = *m.state();
    if (st.mode == sim::Mode::blue) {
        widgets::muted_wrapped("Blue mode: nobody plays red. No red move takes effect and red decisions take their "
                               "default when they time out; the story follows the scenario. Start a red or purple "
                               "session (Setup, F3) to play the red cell.");
        return;
    }
    if (s.posture)
        widgets::muted_wrapped(fmt::format("Moves are adjudicated against {}{}.",
                                           s.posture->name.empty() ? "the scenario's posture" : s.posture->name,
                                           s.posture->uncertain ? " (uncertain: its controls are rolled)" : ""));
    else
        widgets::muted_wrapped("No posture: moves are not adjudicated; what they cause reaches the defenders.");
    draw_red_decisions(m);
    int number = 0;
    for (const auto& stage : s.stages) {
        ++number;
        if (auto it = s.red_moves.find(stage.id); it != s.red_moves.end() && !it->second.empty())
            draw_stage(m, stage, number);
    }
    if (s.red_moves.empty()) widgets::muted_wrapped("This scenario gives the red cell no alternative moves.");
}

void RedMovesView::draw_red_decisions(Model& m) {
    const sim::Scenario& s = *m.scenario();
    const sim::ExerciseState& st = *m.state();
    int shown = 0;
    for (const auto& d : st.delivered) {
        const sim::Inject* inj = s.inject(d.inject);
        if (!inj || !actions::is_red_decision(s, *inj)) continue;
        if (shown++ == 0) {
            ImGui::Separator();
            widgets::bold("Red decisions");
        }
        ImGui::PushID(inj->id.c_str());
        const sim::DecisionRecord* rec = st.decision(inj->id);
        if (!rec) {
            if (widgets::action_button("Answer", nullptr, m.live(), "This session is open for review only."))
                actions::answer_red_decision(m, inj->id);
            ImGui::SameLine();
        }
        widgets::wrapped(inj->decision->prompt.empty() ? (inj->title.empty() ? inj->id : inj->title)
                                                       : inj->decision->prompt);
        if (rec) {
            const sim::Option* o = inj->decision->option(rec->option);
            widgets::muted_wrapped(fmt::format("Decided at {}: {} (journal #{}){}", widgets::clock(rec->t),
                                               o && !o->label.empty() ? o->label : rec->option, rec->seq,
                                               rec->timed_out ? " — timed out" : ""));
        } else if (const sim::PendingDecision* pd = st.pending_decision(inj->id); pd && pd->deadline != sim::kNoTime) {
            widgets::muted(fmt::format("Default in {}", widgets::age(pd->deadline - m.display_clock())));
        }
        ImGui::PopID();
    }
}

void RedMovesView::draw_stage(Model& m, const sim::Stage& stage, int number) {
    const sim::Scenario& s = *m.scenario();
    const sim::ExerciseState& st = *m.state();
    const auto& moves = s.red_moves.at(stage.id);
    ImGui::Separator();
    ImGui::PushID(stage.id.c_str());
    widgets::bold(fmt::format("{} · {} — {}", number, tactic_of(stage, m.catalog()),
                              stage.title.empty() ? stage.id : stage.title));

    if (const sim::RedMoveRecord* r = st.red_move(stage.id)) {
        // Recorded: the journal has it (the state is folded from the journal).
        widgets::chip(r->drawn ? "DRAWN" : "CHOSEN", palette().accent);
        ImGui::SameLine();
        widgets::text(technique_label(m, r->technique));
        const sim::RedMove* mv = s.red_move(stage.id, r->move);
        if (mv && !mv->description.empty()) widgets::muted_wrapped(mv->description);
        widgets::muted(fmt::format("{} at {} · journal #{}", r->drawn ? "Drawn by the seeded roll" : "Recorded",
                                   widgets::clock(r->t), r->seq));
        draw_outcome(m, *r);
        ImGui::PopID();
        return;
    }

    for (const auto& mv : moves) {
        ImGui::PushID(mv.id.c_str());
        std::string why;
        const bool can = !m.has_pending() && actions::can_choose_red_move(m, stage.id, mv.id, &why);
        if (widgets::action_button("Choose", nullptr, can, why)) actions::choose_red_move(m, stage.id, mv.id);
        widgets::trace_item("Choose " + sim::move_fact(stage.id, mv.id));
        ImGui::SameLine();
        ImGui::PushFont(fonts().bold);
        widgets::wrapped(technique_label(m, mv.technique));
        ImGui::PopFont();
        ImGui::Indent();
        if (!mv.description.empty()) widgets::wrapped(mv.description);
        // Prerequisites and what makes it unavailable, each with whether it holds now.
        const auto& flags = st.flags;
        const auto& pre = mv.prerequisites;
        if (!pre.empty() || !mv.blocked_by.empty()) {
            widgets::muted("Needs:");
            for (const auto& f : pre.all) condition_item(s, f, flags.count(f) > 0, "");
            if (!pre.any.empty()) {
                const bool any = std::any_of(pre.any.begin(), pre.any.end(), [&](const auto& f) { return flags.count(f); });
                std::string list;
                for (const auto& f : pre.any) list += (list.empty() ? "" : " or ") + fact_text(s, f);
                condition_text(any, list);
            }
            for (const auto& f : pre.none) condition_item(s, f, flags.count(f) == 0, "not ");
            for (const auto& f : mv.blocked_by) condition_item(s, f, flags.count(f) == 0, "not ");
        }
        // The telemetry it would leave and what the posture would make of it now.
        if (!mv.observable.empty()) widgets::muted_wrapped("Leaves: " + mv.observable);
        const actions::MoveForecast f = actions::forecast(m, mv);
        if (f.posture) {
            const std::string& o = f.adjudication.outcome;
            widgets::chip(outcome_label(o), outcome_color(o));
            ImGui::SameLine();
            std::string how = f.adjudication.control.empty() ? std::string("nothing collected records it")
                                                             : f.adjudication.control;
            if (!f.rolled.empty()) how += " — if its roll succeeds";
            widgets::muted(widgets::fit("if run now: " + how, ImGui::GetContentRegionAvail().x));
            std::string tip = "The posture's verdict if the move took effect now.";
            if (!f.collected.empty()) {
                tip += "\n\nCollected telemetry that records it:";
                for (const auto& c : f.collected) tip += "\n  " + c;
            } else {
                tip += "\n\nNo collected telemetry records it.";
            }
            if (!f.components.empty()) {
                tip += "\n\nATT&CK data components that record it:";
                for (const auto& c : f.components) tip += "\n  " + c;
            }
            for (const auto& r : f.rolled) tip += "\nRolled: " + r;
            widgets::tooltip(tip);
        }
        ImGui::Unindent();
        ImGui::PopID();
    }
    ImGui::PopID();
}

// ---- adjudications and overrides ---------------------------------------------------------

void AdjudicationView::drawContent(Model& m) {
    const sim::Scenario& s = *m.scenario();
    const sim::ExerciseState& st = *m.state();
    if (st.mode == sim::Mode::blue) {
        widgets::muted_wrapped("Blue mode: no red move takes effect, so there is nothing to adjudicate.");
        return;
    }
    if (st.red_moves.empty()) {
        widgets::muted_wrapped("No red move yet. Each move is adjudicated when it takes effect: blocked, alerted, "
                               "logged (a hunt can find it) or unseen.");
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
    std::vector<std::string> executed;
    if (ImGui::BeginTable("adjudications", 3, flags)) {
        ImGui::TableSetupColumn("Stage");
        ImGui::TableSetupColumn("Move", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Outcome");
        ImGui::TableHeadersRow();
        for (const auto& r : st.red_moves) {
            ImGui::PushID(r.stage.c_str());
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            const int i = s.stage_index(r.stage);
            widgets::text(std::to_string(i + 1));
            ImGui::TableSetColumnIndex(1);
            const std::string fact = sim::move_fact(r.stage, r.move);
            if (ImGui::Selectable(r.technique.c_str(), fact_ == fact, ImGuiSelectableFlags_SpanAllColumns))
                fact_ = fact;
            const sim::attack::Technique* t = m.catalog().technique(r.technique);
            widgets::tooltip(technique_label(m, r.technique) + (t ? "" : " (not in the catalog)"));
            if (t) {
                ImGui::SameLine();
                widgets::muted(widgets::fit(t->name, ImGui::GetContentRegionAvail().x));
            }
            ImGui::TableSetColumnIndex(2);
            const std::string& o = r.effective_outcome();
            if (r.executed_at == sim::kNoTime || o.empty()) {
                widgets::muted(r.executed_at == sim::kNoTime ? "waiting" : "—");
            } else {
                widgets::chip(outcome_label(o), outcome_color(o));
                ImGui::SameLine();
                std::string source = !r.override_outcome.empty() ? "override" : r.source;
                if (r.revealed_at != sim::kNoTime) source += " + hunt";
                widgets::muted(source);
                executed.push_back(fact);
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    // The selected move's adjudication in words.
    if (std::find(executed.begin(), executed.end(), fact_) == executed.end())
        fact_ = executed.empty() ? std::string() : executed.back();
    const sim::RedMoveRecord* sel = nullptr;
    for (const auto& r : st.red_moves)
        if (sim::move_fact(r.stage, r.move) == fact_) sel = &r;
    if (!sel) return;
    if (shown_ != fact_) {   // a newly selected move: the override starts from its outcome that counts
        shown_ = fact_;
        for (int i = 0; i < 4; ++i)
            if (sel->effective_outcome() == kOutcomes[i]) outcome_ = i;
    }
    ImGui::Spacing();
    widgets::bold("Stage " + std::to_string(s.stage_index(sel->stage) + 1) + ": " + technique_label(m, sel->technique));
    draw_outcome(m, *sel);
    if (!sel->override_outcome.empty())
        widgets::muted_wrapped(fmt::format("Override {} (adjudicated {}) by {}: {}", outcome_label(sel->override_outcome),
                                           outcome_label(sel->outcome),
                                           sel->override_by.empty() ? "the white cell" : sel->override_by,
                                           sel->override_reason));
    if (sel->revealed_at != sim::kNoTime)
        widgets::muted_wrapped(fmt::format("Revealed by {}'s hunt at {}.", m.team_name(sel->revealed_by),
                                           widgets::clock(sel->revealed_at)));

    // The white cell decides last: an override with a reason, journaled.
    ImGui::Spacing();
    widgets::bold("Override (white cell)");
    for (int i = 0; i < 4; ++i) {
        if (i > 0) ImGui::SameLine();
        ImGui::RadioButton(outcome_label(kOutcomes[i]).c_str(), &outcome_, i);
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputTextWithHint("##override-reason", "Reason (required): why the outcome was different", &reason_);
    widgets::trace_item("Override reason");
    sim::cmd::OverrideOutcome c;
    c.stage = sel->stage;
    c.move = sel->move;
    c.outcome = kOutcomes[outcome_];
    c.reason = reason_;
    c.by = m.prefs.facilitator.empty() ? std::string("White cell") : m.prefs.facilitator;
    std::string why;
    const bool can = !m.has_pending() && actions::can_override_outcome(m, c, &why);
    if (widgets::action_button("Record override", nullptr, can, why))
        actions::override_outcome(m, std::move(c), [this](Model& mm) {
            reason_.clear();
            mm.ui.release_keyboard = true;
        });
}

// ---- hunts -------------------------------------------------------------------------------------

bool HuntView::available(const Model& m) const { return m.scenario() && m.scenario()->posture; }

void HuntView::drawContent(Model& m) {
    const sim::Scenario& s = *m.scenario();
    const sim::ExerciseState& st = *m.state();
    if (!s.posture) {
        widgets::muted_wrapped("This scenario declares no posture, so there is no telemetry to hunt through.");
        return;
    }
    widgets::muted_wrapped("A hunt reveals the red moves that were logged but not alerted, when the telemetry "
                           "searched records them.");
    // Team: the defenders (the selected queue's team when it is one).
    std::vector<const sim::Team*> teams;
    for (const auto& t : s.teams)
        if (t.kind == sim::TeamKind::blue || t.kind == sim::TeamKind::purple) teams.push_back(&t);
    if (teams.empty()) return;
    if (std::none_of(teams.begin(), teams.end(), [&](const sim::Team* t) { return t->id == team_; }))
        team_ = teams.front()->id;
    const auto options = actions::hunt_telemetry(m);
    if (telemetry_.empty() && !options.empty()) telemetry_ = options.front().first;

    const float label_w = ImGui::CalcTextSize("Telemetry ").x;
    widgets::muted("Team");
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::BeginCombo("##hunt-team", m.team_name(team_).c_str())) {
        for (const sim::Team* t : teams)
            if (ImGui::Selectable(m.team_name(t->id).c_str(), t->id == team_)) team_ = t->id;
        ImGui::EndCombo();
    }
    widgets::muted("Telemetry");
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(-FLT_MIN);
    std::string preview = telemetry_;
    for (const auto& [value, label] : options)
        if (value == telemetry_) preview = label;
    if (ImGui::BeginCombo("##hunt-telemetry", preview.c_str())) {
        for (const auto& [value, label] : options)
            if (ImGui::Selectable(label.c_str(), value == telemetry_)) telemetry_ = value;
        ImGui::EndCombo();
    }
    widgets::trace_item("Hunt telemetry");
    widgets::muted("Scope");
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputTextWithHint("##hunt-scope", "what and where: process access on FIN-WS-112", &scope_);
    widgets::trace_item("Hunt scope");
    sim::cmd::Hunt c{team_, telemetry_, scope_};
    std::string why;
    const bool can = !m.has_pending() && actions::can_hunt(m, c, &why);
    if (widgets::action_button("Run hunt", nullptr, can, why))
        actions::hunt(m, std::move(c), [this](Model& mm) {
            scope_.clear();
            mm.ui.release_keyboard = true;
        });

    if (st.hunts.empty()) return;
    ImGui::Spacing();
    widgets::bold("Hunts so far");
    for (auto it = st.hunts.rbegin(); it != st.hunts.rend(); ++it) {
        widgets::wrapped(fmt::format("{} · {} searched {}{}", widgets::clock(it->t), m.team_name(it->team),
                                     it->telemetry, it->scope.empty() ? "" : " — " + it->scope));
        if (it->revealed.empty()) {
            widgets::muted("found nothing");
        } else {
            for (const auto& f : it->revealed) {
                const std::string stage = f.substr(0, f.find('/'));
                const sim::RedMoveRecord* r = st.red_move(stage);
                widgets::colored(palette().good, "revealed: stage " + std::to_string(s.stage_index(stage) + 1) + " " +
                                                     (r ? technique_label(m, r->technique) : f));
            }
        }
        for (const auto& roll : it->rolls) widgets::muted("roll " + roll);
    }
}

// ---- red against blue ----------------------------------------------------------------------------------

std::string red_blue_sentence(const sim::scoring::Scorecard& card, const sim::Scenario& s,
                              const sim::attack::Catalog& cat, bool over) {
    const auto& r = card.red;
    std::string out;
    if (r.furthest < 0) {
        out = "Red has not reached any stage yet";
    } else {
        out = "Red reached " + attack_stage_name(s, cat, r.furthest);
        if (r.dwell) {
            const std::string d = sim::scoring::format_duration(*r.dwell);
            if (!r.dwell_to_end)
                out += " and stayed unseen for " + d;
            else
                out += over ? " and stayed unseen to the end (" + d + ")" : " and has stayed unseen for " + d + " so far";
        }
    }
    if (card.depth.detected >= 0)
        out += "; blue first detected it at " + attack_stage_name(s, cat, card.depth.detected);
    else
        out += over ? "; blue never detected it" : "; blue has not detected it yet";
    // A containment the attack outran (later attack stages reached after it) is said as such.
    if (card.depth.contained >= 0 && r.furthest > card.depth.contained)
        out += " and contained it at " + attack_stage_name(s, cat, card.depth.contained) + ", but red carried on past it";
    else if (card.depth.contained >= 0)
        out += " and cut it off at " + attack_stage_name(s, cat, card.depth.contained);
    return out + ".";
}

void draw_red_blue(const sim::scoring::Scorecard& card, const sim::Scenario& s, const sim::attack::Catalog& cat,
                   bool over, bool compact) {
    const auto& r = card.red;
    if (compact) {   // the projector: the sentence alone, so the capability bars stay in view
        widgets::wrapped(red_blue_sentence(card, s, cat, over));
        return;
    }
    widgets::bold("Red against blue");
    widgets::wrapped(red_blue_sentence(card, s, cat, over));
    auto count = [&](const char* k) {
        auto it = r.adjudicated.find(k);
        return it == r.adjudicated.end() ? 0 : it->second;
    };
    if (!ImGui::BeginTable("red-blue", 2, ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_BordersInnerV)) return;
    ImGui::TableSetupColumn("Red cell");
    ImGui::TableSetupColumn("Defenders");
    ImGui::TableHeadersRow();
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    widgets::label_value("Stages reached:", fmt::format("{} of {}", r.stages_reached, r.stages_total));
    widgets::label_value("Objective:", r.objective_reached
                                           ? "reached" + (r.time_to_objective
                                                              ? " in " + sim::scoring::format_duration(*r.time_to_objective)
                                                              : std::string())
                                           : std::string("not reached"));
    widgets::label_value("Unseen for:", r.dwell ? sim::scoring::format_duration(*r.dwell) + (r.dwell_to_end ? "+" : "")
                                                : std::string("—"));
    if (!r.adjudicated.empty())
        widgets::wrapped(fmt::format("Moves: {} blocked · {} alerted · {} logged · {} unseen", count("blocked"),
                                     count("alerted"), count("logged"), count("unseen")));
    else
        widgets::label_value("Moves:", std::to_string(r.moves.size()));
    ImGui::TableSetColumnIndex(1);
    const auto stage_or = [&](int i, const char* none) {
        return i >= 0 ? attack_stage_name(s, cat, i) : std::string(none);
    };
    widgets::label_value("First detected:", stage_or(card.depth.detected, over ? "never" : "not yet"));
    widgets::label_value("Cut off at:", stage_or(card.depth.contained, over ? "never" : "not yet"));
    widgets::label_value("Moves seen:", fmt::format("{} of {}", r.moves.size() - static_cast<std::size_t>(r.undetected),
                                                    r.moves.size()));
    widgets::label_value("Found by hunts:", std::to_string(r.hunted));
    ImGui::EndTable();
}

} // namespace ui
