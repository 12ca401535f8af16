// ui/red_actions.cpp — red moves, overrides and hunts as queued engine commands.
#include "ui/red_actions.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sim/engine/exercise.hpp"
#include "ui/actions.hpp"

namespace ui::actions {

namespace {

// The engine's refusal of `c`, as a sentence ("" when it would be accepted).
bool accepted(const Model& m, const sim::Command& c, std::string* why) {
    if (!m.has_session()) {
        if (why) *why = "No session is open.";
        return false;
    }
    if (m.read_only()) {
        if (why) *why = "This session is open for review only.";
        return false;
    }
    return engine_allows(m, c, why);
}

bool is_red_team(const sim::Scenario& s, const std::string& id) {
    const sim::Team* t = s.team(id);
    return t && t->kind == sim::TeamKind::red;
}

} // namespace

bool can_choose_red_move(const Model& m, const std::string& stage, const std::string& move, std::string* why) {
    return accepted(m, sim::cmd::ChooseRedMove{stage, move}, why);
}

void choose_red_move(Model& m, const std::string& stage, const std::string& move) {
    if (!can_choose_red_move(m, stage, move)) return;
    m.push(sim::cmd::ChooseRedMove{stage, move}, [stage, move](Model& mm) {
        mm.success(fmt::format("Red move {} recorded in the journal (entry #{}).", sim::move_fact(stage, move),
                               mm.state()->last_seq));
    });
}

bool can_override_outcome(const Model& m, const sim::cmd::OverrideOutcome& c, std::string* why) {
    return accepted(m, c, why);
}

void override_outcome(Model& m, sim::cmd::OverrideOutcome c, std::function<void(Model&)> done) {
    if (!can_override_outcome(m, c)) return;
    const std::string what = fmt::format("{} is now {}", sim::move_fact(c.stage, c.move), c.outcome);
    m.push(std::move(c), [what, done = std::move(done)](Model& mm) {
        mm.success(fmt::format("Override recorded: {} (entry #{}).", what, mm.state()->last_seq));
        if (done) done(mm);
    });
}

bool can_hunt(const Model& m, const sim::cmd::Hunt& c, std::string* why) { return accepted(m, c, why); }

void hunt(Model& m, sim::cmd::Hunt c, std::function<void(Model&)> done) {
    if (!can_hunt(m, c)) return;
    m.push(std::move(c), [done = std::move(done)](Model& mm) {
        const auto& h = mm.state()->hunts.back();
        mm.success(h.revealed.empty()
                       ? fmt::format("Hunt recorded (entry #{}): it found nothing.", h.seq)
                       : fmt::format("Hunt recorded (entry #{}): it revealed {} red move{}.", h.seq, h.revealed.size(),
                                     h.revealed.size() == 1 ? "" : "s"));
        if (done) done(mm);
    });
}

bool is_red_decision(const sim::Scenario& s, const sim::Inject& inj) {
    if (!inj.decision) return false;
    const auto& by = inj.decision->by;
    if (by.empty()) {
        const auto teams = sim::audience_teams(s, inj);
        return !teams.empty() &&
               std::all_of(teams.begin(), teams.end(), [&](const std::string& t) { return is_red_team(s, t); });
    }
    return std::any_of(by.begin(), by.end(), [&](const std::string& b) {
        if (is_red_team(s, b)) return true;
        return std::any_of(s.teams.begin(), s.teams.end(), [&](const sim::Team& t) {
            return t.kind == sim::TeamKind::red && std::find(t.roles.begin(), t.roles.end(), b) != t.roles.end();
        });
    });
}

void answer_red_decision(Model& m, const std::string& inject) {
    select_inject(m, inject);
    m.ui.focus_view = "decision";   // its tab comes forward on the red cell screen
    const sim::DeliveredInject* d = m.state() ? m.state()->delivered_inject(inject) : nullptr;
    if (!d) return;
    for (const auto& t : d->teams)
        if (is_red_team(*m.scenario(), t)) {
            m.ui.team = t;
            break;
        }
}

bool for_defenders(const sim::Scenario& s, const sim::DeliveredInject& d) {
    const bool has_blue = std::any_of(s.teams.begin(), s.teams.end(),
                                      [](const sim::Team& t) { return t.kind == sim::TeamKind::blue; });
    return std::any_of(d.teams.begin(), d.teams.end(), [&](const std::string& id) {
        const sim::Team* t = s.team(id);
        return t && (t->kind == sim::TeamKind::blue || (!has_blue && t->kind == sim::TeamKind::purple));
    });
}

MoveForecast forecast(const Model& m, const sim::RedMove& move) {
    MoveForecast f;
    const sim::Scenario* s = m.scenario();
    const sim::attack::Catalog& cat = m.catalog();
    for (const auto& dc : cat.telemetry_for(move.technique).data_components)
        if (const auto* c = cat.data_component(dc)) f.components.push_back(c->id + " " + c->name);
    if (!s || !s->posture || !m.state()) return f;
    f.posture = true;
    const sim::Posture& p = *s->posture;
    // Every roll assumed to succeed: the outcome the posture aims at.
    f.adjudication = sim::adjudicate(p, move, m.state()->flags, cat, [] { return std::uint64_t{0}; });
    for (const auto& r : f.adjudication.rolls) f.rolled.push_back(r.substr(0, r.find(" draw=")));
    for (const auto& t : p.telemetry)
        if (sim::hunt_reliability(p, cat, t.source, move.technique) >= 0)
            f.collected.push_back(t.name.empty() ? t.source : t.source + " (" + t.name + ")");
    return f;
}

std::vector<std::pair<std::string, std::string>> hunt_telemetry(const Model& m) {
    std::vector<std::pair<std::string, std::string>> out;
    const sim::Scenario* s = m.scenario();
    if (!s) return out;
    auto add = [&](const std::string& value, const std::string& label) {
        if (std::none_of(out.begin(), out.end(), [&](const auto& e) { return e.first == value; }))
            out.emplace_back(value, label);
    };
    if (s->posture)
        for (const auto& t : s->posture->telemetry)
            add(t.source, t.name.empty() ? t.source : t.name + " — " + t.source);
    std::vector<std::pair<std::string, std::string>> dcs;
    for (const auto& [stage, moves] : s->red_moves)
        for (const auto& mv : moves)
            for (const auto& dc : m.catalog().telemetry_for(mv.technique).data_components)
                if (const auto* c = m.catalog().data_component(dc)) dcs.emplace_back(c->id, c->id + " " + c->name);
    std::sort(dcs.begin(), dcs.end());
    for (const auto& [value, label] : dcs) add(value, label + " (ATT&CK data component)");
    return out;
}

} // namespace ui::actions
