// sim/report/csv.cpp — the MSEL of what was delivered, and the decision log.
// RFC 4180 (CRLF, quoted fields) with formula-injection neutralising (csv_field).
// Built as rows first: the workbook export (xlsx.cpp) writes the same rows.
#include "sim/report/detail.hpp"
#include "sim/scenario/suggest.hpp"     // join

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace sim::report {


detail::Rows detail::msel_rows(const ReportInput& in) {
    const detail::Names names(in.scenario);
    const auto retracted_list = scoring::retracted_seqs(in.journal);
    const std::unordered_set<std::int64_t> retracted(retracted_list.begin(), retracted_list.end());

    struct Row {
        ExTime t = 0;
        std::string inject;
        std::vector<std::string> teams;
    };
    std::vector<Row> rows;
    std::unordered_set<std::string> delivered;
    std::unordered_map<std::string, std::vector<std::string>> observed;   // inject -> responses
    for (const auto& ev : in.journal) {
        if (retracted.count(ev.seq)) continue;
        if (const auto* d = ev.get<ev::InjectDelivered>()) {
            if (d->inject.empty() || !delivered.insert(d->inject).second) continue;
            Row r{ev.t, d->inject, {}};
            for (const auto& t : d->teams) r.teams.push_back(names.team(t));
            rows.push_back(std::move(r));
        } else if (const auto* st = ev.get<ev::StatusSet>()) {
            std::string who = names.team(st->team);
            if (!st->participant.empty()) who += " (" + st->participant + ")";
            observed[st->inject].push_back(who + " " + st->status + " at " + format_clock(ev.t));
        } else if (const auto* dec = ev.get<ev::DecisionRecorded>()) {
            std::string line = "Decision: " + names.option_label(dec->inject, dec->option);
            std::vector<std::string> who;
            if (!dec->participant.empty()) who.push_back(dec->participant);
            if (!dec->team.empty()) who.push_back(names.team(dec->team));
            if (!who.empty()) line += " by " + join(who, ", ");
            line += " at " + format_clock(ev.t);
            if (dec->timed_out) line += " (timed out)";
            if (dec->automated) line += " (automated)";
            observed[dec->inject].push_back(line);
        }
    }

    std::unordered_map<std::string, std::vector<const scoring::ExpectationResult*>> by_inject;
    for (const auto& e : in.card.expectations) by_inject[e.inject].push_back(&e);

    Rows out{{"Event #", "Scenario time", "Synopsis", "Method", "From", "To",
                                               "Expected action", "Capability", "Observed response", "Rating",
                                               "Inject ID", "Tactic"}};
    int n = 0;
    for (const auto& r : rows) {
        const Inject* inj = names.inject(r.inject);
        std::vector<std::string> expected, caps, ratings;
        for (const auto* e : by_inject[r.inject]) {
            std::string x = std::string(to_string(e->action)) + " by " + names.by(e->by);
            if (e->within != kNoTime) x += " within " + scoring::format_duration(e->within);
            expected.push_back(x);
            std::string cap = names.capability(e->capability);
            if (!cap.empty() && std::find(caps.begin(), caps.end(), cap) == caps.end()) caps.push_back(cap);
            if (e->final_rating)
                ratings.push_back(e->id + " " + to_string(*e->final_rating) +
                                  (e->no_response                ? " (no response)"
                                   : !e->wrong_response.empty() ? " (" + e->wrong_response + " instead)"
                                   : e->late                    ? " (late)"
                                                                : ""));
            else
                ratings.push_back(e->id + " " + to_string(e->state));
        }
        std::string tactic = inj ? names.stage_tactic(inj->stage) : std::string();
        out.push_back({std::to_string(++n), format_clock(r.t), inj ? inj->title : r.inject, inj ? inj->channel : "",
                        inj && !inj->source.empty() ? inj->source : "Exercise control", join(r.teams, "; "),
                        join(expected, "; "), join(caps, "; "), join(observed[r.inject], "; "), join(ratings, "; "),
                        r.inject, tactic.empty() ? "" : tactic_name(tactic, in.catalog)});
    }
    return out;
}

detail::Rows detail::decision_rows(const ReportInput& in) {
    const detail::Names names(in.scenario);
    Rows out{{"time", "inject", "option", "team", "role", "participant", "rationale",
                                               "timed_out", "automated", "seq", "inject_title", "option_label"}};
    for (const auto& ev : in.journal) {
        const auto* d = ev.get<ev::DecisionRecorded>();
        if (!d) continue;               // decisions cannot be retracted
        out.push_back({format_clock(ev.t), d->inject, d->option, d->team, d->role, d->participant, d->rationale,
                        d->timed_out ? "true" : "false", d->automated ? "true" : "false", std::to_string(ev.seq),
                        names.inject_title(d->inject), names.option_label(d->inject, d->option)});
    }
    return out;
}

std::string detail::csv_text(const Rows& rows) {
    std::string out;
    for (const auto& r : rows) out += csv_row(r);
    return out;
}

std::string render_msel(const ReportInput& in) { return detail::csv_text(detail::msel_rows(in)); }
std::string render_decisions_csv(const ReportInput& in) { return detail::csv_text(detail::decision_rows(in)); }

} // namespace sim::report
