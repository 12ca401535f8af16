// sim/report/findings.cpp — the words of a finding. Scoring states facts
// (scoring::FindingFact with its sources); every front end that shows a
// finding (reports, JSON, the console's review) words it here, once.
#include "sim/report/detail.hpp"

namespace sim::report {

using namespace sim::scoring;

namespace {

const char* action_phrase(Action a) {
    switch (a) {
    case Action::detect: return "Detection";
    case Action::triage: return "Triage";
    case Action::dismiss: return "Dismissal as benign";
    case Action::investigate: return "Investigation";
    case Action::escalate: return "Escalation";
    case Action::contain: return "Containment";
    case Action::eradicate: return "Eradication";
    case Action::recover: return "Recovery";
    case Action::communicate: return "Communication";
    case Action::hunt: return "Threat hunting";
    case Action::automate: return "Automation";
    }
    return "Response";
}

const char* rating_meaning(Rating r) {
    switch (r) {
    case Rating::P: return "performed without challenges";
    case Rating::S: return "performed with some challenges";
    case Rating::M: return "performed with major challenges";
    case Rating::U: return "unable to be performed";
    }
    return "";
}

std::string expectation_text(const Finding& f, const ExpectationResult& e, const detail::Names& names) {
    const std::string head =
        std::string(action_phrase(e.action)) + " of \"" + names.inject_title(e.inject) + "\" by " + names.by(e.by);
    if (f.fact == FindingFact::expectation_no_response) return head + ": no response by the end of the exercise (U).";
    if (!e.wrong_response.empty())
        return head + ": " + e.wrong_response + " instead, " +
               format_duration(e.response_at - e.delivered_at) + " after delivery (U).";
    std::string timing;
    if (e.response_at != kNoTime && e.delivered_at != kNoTime) {
        timing = ", " + format_duration(e.response_at - e.delivered_at) + " after delivery";
        if (e.within != kNoTime) timing += " (window " + format_duration(e.within) + ")";
    }
    const Rating r = e.final_rating.value_or(Rating::U);
    const Rating given = e.given.value_or(r);
    // An option's rating carries the option's label as its note.
    std::string why;
    if (e.given_source == "option")
        why = " Decision taken: " + (e.note.empty() ? e.decision_option : e.note) + ".";
    else if (!e.note.empty())
        why = " Note: " + e.note;
    switch (f.fact) {
    case FindingFact::expectation_met: return head + " was " + rating_meaning(r) + " (P)" + timing + "." + why;
    case FindingFact::expectation_late:
        return head + " came late" + timing + ": the " + to_string(given) + " given counts as " + to_string(r) + ".";
    default: break;
    }
    std::string s = head + " was rated " + to_string(r) + " — " + rating_meaning(r) + timing;
    if (e.late && given != r)
        s += std::string("; late, so the ") + to_string(given) + " given drops to " + to_string(r);
    else if (e.late)
        s += "; also late";
    return s + "." + why;
}

} // namespace

std::string finding_text(const Finding& f, const Scenario& sc, const Scorecard& card, const attack::Catalog* catalog) {
    const detail::Names names(sc);
    auto tactic = [&](int stage) {
        return stage >= 0 && stage < static_cast<int>(sc.stages.size())
                   ? tactic_name(sc.stages[static_cast<size_t>(stage)].tactic, catalog)
                   : std::string("?");
    };
    switch (f.fact) {
    case FindingFact::expectation_met:
    case FindingFact::expectation_poor:
    case FindingFact::expectation_no_response:
    case FindingFact::expectation_late:
        if (const ExpectationResult* e = card.expectation(f.expectation)) return expectation_text(f, *e, names);
        return "Expectation " + f.expectation + ".";
    case FindingFact::detected_first_stage:
        return "The attack was detected at its first stage (" + tactic(f.stage) + "), after " +
               format_duration(card.metrics.detect.value.value_or(0)) + ".";
    case FindingFact::detected_late:
        return "The attack was first detected at " + tactic(f.stage) + ", " +
               std::to_string(f.stage - card.depth.first_reached) + " stage(s) after it began at " +
               tactic(card.depth.first_reached) + ".";
    case FindingFact::never_detected: return "The attack was never detected; it reached " + tactic(f.stage) + ".";
    case FindingFact::contained_early:
        return "The attack was contained at " + tactic(f.stage) + ", before the final stage of the kill chain.";
    case FindingFact::never_contained: return "The attack was never contained; it reached " + tactic(f.stage) + ".";
    case FindingFact::false_positive:
        return "Benign alert \"" + names.inject_title(f.inject) + "\" was escalated by " + names.team(f.team) +
               " (false positive).";
    case FindingFact::missed_attack:
        return "Malicious alert \"" + names.inject_title(f.inject) + "\" was dismissed by " + names.team(f.team) +
               " (missed attack).";
    case FindingFact::verdicts_clean: {
        const AlertQuality& q = card.alerts;
        return "Every benign alert that got a verdict was dismissed correctly (" + std::to_string(q.benign_dismissed) +
               " of " + std::to_string(q.benign_total) + "), with no real attack dismissed.";
    }
    case FindingFact::technique_covered:
    case FindingFact::technique_gap: {
        PurpleOutcome outcome = PurpleOutcome::none;
        for (const auto& p : card.purple.results)
            if (p.technique == f.technique) outcome = p.outcome;
        if (f.fact == FindingFact::technique_covered)
            return "Technique " + f.technique + " was " + to_string(outcome) + ".";
        return "Technique " + f.technique +
               (outcome == PurpleOutcome::logged ? " was only logged: no alert fired."
                                                 : " went unseen (no telemetry, no alert).");
    }
    case FindingFact::red_move_undetected:
        return "Red move " + f.move + " (" + f.technique + ") at " + tactic(f.stage) + " went undetected.";
    case FindingFact::red_objective:
        return "The red cell reached the final stage (" + tactic(f.stage) + ")" +
               (card.red.time_to_objective ? " in " + format_duration(*card.red.time_to_objective) : std::string()) +
               ".";
    }
    return {};
}

} // namespace sim::report
