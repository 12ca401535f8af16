// sim/explore/design.hpp — how hard a scenario's decisions are, read from its text.
//
// A decision with one obviously right option measures reading, not
// readiness. These figures let an author (and the library's tests) see how
// many decision points are real trade-offs, how often the SOAR button is
// simply the best answer, and whether hunting prompts are scored at all.
// docs/authoring.md ("Trade-offs and hard noise") explains how to use them.
//
// Definitions (on the grade scale P=3, S=2, M=1, U=0):
//  - an option's grade is the weight-averaged grade of the expectations it
//    rates; options that rate nothing have no grade and are left out;
//  - a decision point is graded when at least two options have a grade;
//  - a graded decision is a trade-off when its two best options both grade
//    at least S (2.0) and lie within half a grade (0.5) of each other;
//  - an automated option is top-rated when no option grades higher (a tie
//    counts as top-rated: the playbook is still a best answer);
//  - a hunting prompt is scored when its inject carries a `hunt` expectation.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario/scenario.hpp"

namespace sim::explore {

struct OptionGrade {
    std::string id;
    double grade = 0;                   // 0..3
    bool automated = false;
};

struct DecisionDesign {
    std::string inject;
    std::vector<OptionGrade> graded;    // best first (stable for ties)
    bool trade_off = false;
    bool has_automated = false;         // some graded option is automated
    bool automated_top = false;
};

struct Design {
    std::vector<DecisionDesign> decisions;   // graded decision points, scenario order
    std::size_t trade_offs = 0;
    std::size_t with_automated = 0;
    std::size_t automated_top = 0;
    std::size_t hunting_prompts = 0;
    std::size_t hunting_scored = 0;
    std::size_t benign = 0;

    // Shares in 0..1; 1 (or 0 for automated_top_share) when there is nothing to count.
    [[nodiscard]] double trade_off_share() const;
    [[nodiscard]] double automated_top_share() const;
    [[nodiscard]] double hunting_scored_share() const;
};

// The second edition's targets (issue: scenario library, second edition).
inline constexpr double kMinTradeOffShare = 0.5;
inline constexpr double kMaxAutomatedTopShare = 0.5;
inline constexpr double kMinHuntingScoredShare = 0.8;

[[nodiscard]] Design design(const Scenario& s);
[[nodiscard]] nlohmann::json to_json(const Design& d);
[[nodiscard]] std::string to_text(const Design& d);   // a few lines, indented like `ttx explore`

} // namespace sim::explore
