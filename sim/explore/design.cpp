// sim/explore/design.cpp — decision design figures (definitions in design.hpp).
#include "sim/explore/design.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace sim::explore {

namespace {

double grade_of(Rating r) {
    switch (r) {
    case Rating::P: return 3;
    case Rating::S: return 2;
    case Rating::M: return 1;
    case Rating::U: return 0;
    }
    return 0;
}

double share(std::size_t part, std::size_t whole, double if_none) {
    return whole == 0 ? if_none : static_cast<double>(part) / static_cast<double>(whole);
}

} // namespace

double Design::trade_off_share() const { return share(trade_offs, decisions.size(), 1.0); }
double Design::automated_top_share() const { return share(automated_top, with_automated, 0.0); }
double Design::hunting_scored_share() const { return share(hunting_scored, hunting_prompts, 1.0); }

Design design(const Scenario& s) {
    Design d;
    for (const auto& inj : s.injects) {
        if (inj.benign) ++d.benign;
        const bool hunt_scored = std::any_of(inj.expect.begin(), inj.expect.end(),
                                             [](const Expectation& e) { return e.action == Action::hunt; });
        d.hunting_prompts += inj.hunting.size();
        if (hunt_scored) d.hunting_scored += inj.hunting.size();
        if (!inj.decision) continue;

        DecisionDesign dd;
        dd.inject = inj.id;
        for (const auto& o : inj.decision->options) {
            double sum = 0, weights = 0;
            for (const auto& [exp_id, rating] : o.rate) {
                const Expectation* e = s.expectation(exp_id);
                const double w = e ? e->weight : 1.0;
                sum += w * grade_of(rating);
                weights += w;
            }
            if (weights > 0) dd.graded.push_back({o.id, sum / weights, o.automated});
        }
        if (dd.graded.size() < 2) continue;
        std::stable_sort(dd.graded.begin(), dd.graded.end(),
                         [](const OptionGrade& a, const OptionGrade& b) { return a.grade > b.grade; });
        const double best = dd.graded[0].grade, second = dd.graded[1].grade;
        // 1e-9: weighted means of exact grades; keep "exactly half a grade" inside.
        dd.trade_off = second >= 2.0 - 1e-9 && best - second <= 0.5 + 1e-9;
        for (const auto& g : dd.graded) {
            if (!g.automated) continue;
            dd.has_automated = true;
            if (g.grade >= best - 1e-9) dd.automated_top = true;
        }
        d.trade_offs += dd.trade_off ? 1 : 0;
        d.with_automated += dd.has_automated ? 1 : 0;
        d.automated_top += dd.automated_top ? 1 : 0;
        d.decisions.push_back(std::move(dd));
    }
    return d;
}

nlohmann::json to_json(const Design& d) {
    using nlohmann::json;
    json decisions = json::array();
    for (const auto& dd : d.decisions) {
        json options = json::array();
        for (const auto& g : dd.graded)
            options.push_back({{"option", g.id}, {"grade", g.grade}, {"automated", g.automated}});
        decisions.push_back({{"inject", dd.inject},
                             {"trade_off", dd.trade_off},
                             {"automated_top", dd.automated_top},
                             {"options", std::move(options)}});
    }
    return {{"decision_points", d.decisions.size()},
            {"trade_offs", d.trade_offs},
            {"trade_off_share", d.trade_off_share()},
            {"with_automated", d.with_automated},
            {"automated_top", d.automated_top},
            {"automated_top_share", d.automated_top_share()},
            {"hunting_prompts", d.hunting_prompts},
            {"hunting_scored", d.hunting_scored},
            {"hunting_scored_share", d.hunting_scored_share()},
            {"benign_injects", d.benign},
            {"targets",
             {{"min_trade_off_share", kMinTradeOffShare},
              {"max_automated_top_share", kMaxAutomatedTopShare},
              {"min_hunting_scored_share", kMinHuntingScoredShare}}},
            {"decisions", std::move(decisions)}};
}

std::string to_text(const Design& d) {
    auto mark = [](bool ok) { return ok ? "" : "  (below target)"; };
    std::string out = "  decision design:\n";
    out += fmt::format("    trade-offs: {} of {} graded decision points ({:.0f}%; target at least {:.0f}%){}\n",
                       d.trade_offs, d.decisions.size(), 100 * d.trade_off_share(), 100 * kMinTradeOffShare,
                       mark(d.trade_off_share() >= kMinTradeOffShare));
    out += fmt::format("    automated option top-rated: {} of {} decisions that offer one ({:.0f}%; target at most "
                       "{:.0f}%){}\n",
                       d.automated_top, d.with_automated, 100 * d.automated_top_share(),
                       100 * kMaxAutomatedTopShare, mark(d.automated_top_share() <= kMaxAutomatedTopShare));
    out += fmt::format("    hunting prompts scored by a hunt expectation: {} of {} ({:.0f}%; target at least "
                       "{:.0f}%){}\n",
                       d.hunting_scored, d.hunting_prompts, 100 * d.hunting_scored_share(),
                       100 * kMinHuntingScoredShare, mark(d.hunting_scored_share() >= kMinHuntingScoredShare));
    std::string one_answer;
    for (const auto& dd : d.decisions) {
        if (dd.trade_off) continue;
        one_answer += fmt::format("{}{} ({} {:.1f} vs {} {:.1f})", one_answer.empty() ? "" : ", ", dd.inject,
                                  dd.graded[0].id, dd.graded[0].grade, dd.graded[1].id, dd.graded[1].grade);
    }
    if (!one_answer.empty()) out += "    one clear answer (best vs runner-up, P=3 S=2 M=1 U=0): " + one_answer + "\n";
    return out;
}

} // namespace sim::explore
