// sim/report/feedback_summary.hpp — the participant feedback of a session,
// summarised per question of the form (the scenario's own or the built-in one).
// The JSON report carries it as "feedback"; the AAR renders it.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/engine/event.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim::report {

// {"responses": n, "questions": [{id, text, kind, answered, ...}]}: a scale
// question has "mean" (null when unanswered) and "counts" ["1".."5" -> n]
// (with "low"/"high" labels), a text question its "answers" in journal order.
[[nodiscard]] nlohmann::json feedback_summary(const Scenario& s, const Journal& journal);

struct FeedbackSummaryInput;
// The same answers as the AAR's feedback section takes them: one entry per
// question that has an answer (empty when nobody gave feedback).
[[nodiscard]] std::vector<FeedbackSummaryInput> feedback_input(const Scenario& s, const Journal& journal);

} // namespace sim::report
