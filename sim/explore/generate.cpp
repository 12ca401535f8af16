// sim/explore/generate.cpp — scenarios and commands made from nothing or from a path:
// the chain scenario for tests and benchmarks, and a path as engine commands.
#include <algorithm>
#include <string>

#include "sim/attack/catalog.hpp"
#include "sim/engine/adjudicate.hpp"
#include "sim/engine/exercise.hpp"
#include "sim/explore/explore.hpp"
#include "sim/scenario/limits.hpp"

namespace sim::explore {

Scenario generate_chain_scenario(int decisions) {
    const int n = std::clamp(decisions, 1, static_cast<int>(limits::kMaxInjects));
    Scenario s;
    s.id = "chain-" + std::to_string(n);
    s.title = "A chain of " + std::to_string(n) + " binary decisions";
    s.summary = "Generated: each decision's two options lead to the next one; the last one ends the exercise.";
    s.duration = 600 * static_cast<ExTime>(n);
    s.roles = builtin_roles();
    s.capabilities = builtin_capabilities();
    s.teams.push_back({"soc", "Security Operations Center", TeamKind::blue, {"tier1", "tier2", "csirt"}, {}});
    s.stages.push_back({"s1", "initial-access", "Chain", "One decision after another.", {}});
    s.endings.push_back({"best", "Every step handled", "The team took the stronger option each time it mattered.", {}});
    s.endings.push_back({"worst", "Left to time out", "The last decision timed out.", {}});

    for (int k = 1; k <= n; ++k) {
        Inject inj;
        inj.id = "d" + std::to_string(k);
        inj.stage = "s1";
        if (k == 1) inj.trigger.at = 0;  // the rest are reached by goto only
        inj.to = {"soc"};
        inj.source = "endpoint";
        inj.title = "Decision " + std::to_string(k);
        Expectation e;
        e.id = "e" + std::to_string(k);
        e.action = Action::triage;
        e.by = "tier1";
        e.capability = "triage";
        e.inject = inj.id;
        inj.expect.push_back(e);

        Decision d;
        d.prompt = "Act now or let it time out?";
        d.by = {"soc"};
        d.timeout = 600;
        d.default_option = "b";
        Option a{"a", "Act", "", false, {}, {}, {{e.id, Rating::P}}, {}, {}, {}};
        Option b{"b", "Wait", "", false, {}, {}, {{e.id, Rating::U}}, {}, {}, {}};
        if (k < n) {
            a.go_to = b.go_to = {"d" + std::to_string(k + 1)};
        } else {
            a.end = "best";
            b.end = "worst";
        }
        d.options = {a, b};
        inj.decision = std::move(d);
        s.injects.push_back(std::move(inj));
    }
    return s;
}

namespace {
// "stage/move" as the command that chooses it.
cmd::ChooseRedMove choice(const std::string& fact) {
    const auto slash = fact.find('/');
    return cmd::ChooseRedMove{fact.substr(0, slash), fact.substr(slash + 1)};
}
} // namespace

std::vector<Command> commands_for(const Scenario& s, const Path& p) {
    std::vector<Command> out;
    ExTime clock = 0;
    auto advance = [&](ExTime to) {
        if (to > clock) out.push_back(cmd::Advance{to});
        clock = std::max(clock, to);
    };
    advance(p.start_until);
    for (const auto& m : p.moves) {
        for (const auto& fact : m.draws) out.push_back(choice(fact));
        if (m.kind == Move::Kind::red) out.push_back(cmd::ChooseRedMove{m.stage, m.move});
        if (m.kind == Move::Kind::hunt) {
            cmd::Hunt h;
            for (const auto& t : s.teams)
                if (t.kind == TeamKind::blue || t.kind == TeamKind::purple) {
                    h.team = t.id;
                    break;
                }
            const RedMove* rm = s.red_move(m.stage, m.move);
            if (rm && s.posture)
                for (const auto& t : s.posture->telemetry)
                    if (hunt_reliability(*s.posture, attack::builtin_catalog(), t.source, rm->technique) >= 0) {
                        h.telemetry = t.source;
                        break;
                    }
            h.scope = "explore: " + m.stage + "/" + m.move;
            out.push_back(std::move(h));
        }
        if (m.kind == Move::Kind::decide) {
            cmd::Decide d;
            d.inject = m.inject;
            d.option = m.option;
            const Inject* inj = s.inject(m.inject);
            std::vector<std::string> by = inj && inj->decision ? inj->decision->by : std::vector<std::string>{};
            for (const auto& who : by) {
                for (const auto& t : s.teams)
                    if (t.id == who || std::find(t.roles.begin(), t.roles.end(), who) != t.roles.end()) {
                        d.team = t.id;
                        break;
                    }
                if (!d.team.empty()) break;
            }
            if (d.team.empty() && inj)
                if (auto teams = audience_teams(s, *inj); !teams.empty()) d.team = teams.front();
            out.push_back(std::move(d));
        }
        advance(m.until);
    }
    return out;
}

std::vector<Command> red_choices_at_start(const Path& p) {
    std::vector<Command> out;
    for (const auto& fact : p.start_draws) out.push_back(choice(fact));
    return out;
}

} // namespace sim::explore
