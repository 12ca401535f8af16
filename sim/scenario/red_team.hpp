// sim/scenario/red_team.hpp — who is the red cell: red expectations and red
// objectives (docs/scenario-format.md, "Red objectives and red expectations").
// The scorecard, the validator, the reports and the kit share these answers.
#pragma once

#include <algorithm>
#include <string>

#include "sim/scenario/scenario.hpp"

namespace sim {

// A red team, or a role whose first team listing it is red (as scoring
// assigns a role's expectation to the first team listing the role).
[[nodiscard]] inline bool red_audience(const Scenario& s, const std::string& team_or_role) {
    if (const Team* t = s.team(team_or_role)) return t->kind == TeamKind::red;
    for (const auto& t : s.teams)
        if (std::find(t.roles.begin(), t.roles.end(), team_or_role) != t.roles.end()) return t.kind == TeamKind::red;
    return false;
}

// An objective is the red cell's when expectations count toward it and all
// of them are by the red cell (the validator refuses a mix).
[[nodiscard]] inline bool red_objective(const Scenario& s, const std::string& objective) {
    bool any = false;
    for (const auto& inj : s.injects)
        for (const auto& e : inj.expect)
            if (e.objective == objective) {
                if (!red_audience(s, e.by)) return false;
                any = true;
            }
    return any;
}

} // namespace sim
