// sim/report/feedback_summary.cpp — feedback.recorded events, per question.
#include "sim/report/feedback_summary.hpp"

#include <map>

#include "sim/report/report.hpp"

namespace sim::report {

nlohmann::json feedback_summary(const Scenario& s, const Journal& journal) {
    using nlohmann::json;
    std::map<std::string, std::vector<std::string>> answers;   // question id -> answers, journal order
    int responses = 0;
    for (const auto& e : journal) {
        const auto* f = e.get<ev::FeedbackRecorded>();
        if (!f) continue;
        ++responses;
        for (std::size_t i = 0; i < f->questions.size() && i < f->answers.size(); ++i)
            answers[f->questions[i]].push_back(f->answers[i]);
    }
    json questions = json::array();
    for (const auto& q : s.feedback_form()) {
        const auto& given = answers[q.id];
        json j = {{"id", q.id}, {"text", q.text}, {"kind", to_string(q.kind)}, {"answered", given.size()}};
        if (q.kind == FeedbackKind::scale) {
            json counts = {{"1", 0}, {"2", 0}, {"3", 0}, {"4", 0}, {"5", 0}};
            double sum = 0;
            for (const auto& a : given) {
                if (!counts.contains(a)) continue;
                counts[a] = counts[a].get<int>() + 1;
                sum += a[0] - '0';
            }
            j["counts"] = counts;
            j["mean"] = given.empty() ? json(nullptr) : json(sum / static_cast<double>(given.size()));
            j["low"] = q.low;
            j["high"] = q.high;
        } else {
            j["answers"] = given;
        }
        questions.push_back(std::move(j));
    }
    return {{"responses", responses}, {"questions", questions}};
}

std::vector<FeedbackSummaryInput> feedback_input(const Scenario& s, const Journal& journal) {
    std::map<std::string, std::vector<std::string>> answers;
    for (const auto& e : journal)
        if (const auto* f = e.get<ev::FeedbackRecorded>())
            for (std::size_t i = 0; i < f->questions.size() && i < f->answers.size(); ++i)
                answers[f->questions[i]].push_back(f->answers[i]);
    std::vector<FeedbackSummaryInput> out;
    for (const auto& q : s.feedback_form()) {
        const auto it = answers.find(q.id);
        if (it == answers.end()) continue;
        FeedbackSummaryInput in{q.text, q.kind == FeedbackKind::scale ? 5 : 0, {}, {}};
        for (const auto& a : it->second) {
            if (q.kind == FeedbackKind::text) in.free_text.push_back(a);
            else if (a.size() == 1 && a[0] >= '1' && a[0] <= '5') in.scale_answers.push_back(a[0] - '0');
        }
        out.push_back(std::move(in));
    }
    return out;
}

} // namespace sim::report
