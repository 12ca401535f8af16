// sim/scoring/scorecard.cpp — score(): one pass to find retractions, one pass
// to fold the journal, then per-expectation and per-group arithmetic.
// The model is explained in docs/scoring.md; keep the two in step.
#include "sim/scoring/scorecard.hpp"
#include "sim/scenario/red_team.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "sim/attack/catalog.hpp"

namespace sim::scoring {

// ---- constants ------------------------------------------------------------------

double points(Rating r) {
    switch (r) {
    case Rating::P: return 100;
    case Rating::S: return 75;
    case Rating::M: return 40;
    case Rating::U: return 0;
    }
    return 0;
}

Rating downgrade(Rating r) {
    switch (r) {
    case Rating::P: return Rating::S;
    case Rating::S: return Rating::M;
    default: return Rating::U;
    }
}

int maturity_level(double readiness) {
    if (readiness < 40) return 1;
    if (readiness < 55) return 2;
    if (readiness < 70) return 3;
    if (readiness < 85) return 4;
    return 5;
}

const char* maturity_name(int level) {
    switch (level) {
    case 1: return "Initial";
    case 2: return "Developing";
    case 3: return "Defined";
    case 4: return "Managed";
    case 5: return "Optimized";
    default: return "Not rated";
    }
}

const char* to_string(ExpectationState s) {
    switch (s) {
    case ExpectationState::not_applicable: return "not-applicable";
    case ExpectationState::pending: return "pending";
    case ExpectationState::rated: return "rated";
    }
    return "";
}

std::string format_duration(ExTime s) {
    if (s < 0) return "-";
    char buf[48];
    if (s < 60)
        std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(s));
    else if (s < 3600 && s % 60 == 0)
        std::snprintf(buf, sizeof buf, "%lldm", static_cast<long long>(s / 60));
    else if (s < 3600)
        std::snprintf(buf, sizeof buf, "%lldm%02llds", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
    else
        std::snprintf(buf, sizeof buf, "%lldh%02lldm", static_cast<long long>(s / 3600),
                      static_cast<long long>((s / 60) % 60));
    return buf;
}

const ExpectationResult* Scorecard::expectation(const std::string& id) const {
    for (const auto& e : expectations)
        if (e.id == id) return &e;
    return nullptr;
}

const TeamScore* Scorecard::team(const std::string& id) const {
    for (const auto& t : teams)
        if (t.group.id == id) return &t;
    return nullptr;
}

const GroupScore* Scorecard::capability(const std::string& id) const {
    for (const auto& c : capabilities)
        if (c.id == id) return &c;
    return nullptr;
}

// ---- journal helpers -------------------------------------------------------------

namespace {

} // namespace

std::vector<std::int64_t> retracted_seqs(const Journal& journal) {
    // Walk the retractions newest first: a retraction that is itself retracted
    // (by a later one already seen) does not take effect.
    std::vector<std::pair<std::int64_t, std::int64_t>> retractions; // (seq, target)
    for (const auto& e : journal)
        if (const auto* r = e.get<ev::EntryRetracted>()) retractions.emplace_back(e.seq, r->seq);
    std::unordered_set<std::int64_t> cancelled;
    for (auto it = retractions.rbegin(); it != retractions.rend(); ++it)
        if (!cancelled.count(it->first)) cancelled.insert(it->second);
    std::vector<std::int64_t> out(cancelled.begin(), cancelled.end());
    std::sort(out.begin(), out.end());
    return out;
}

namespace {

struct Delivery {
    ExTime t = 0;
    std::int64_t seq = 0;
    std::vector<std::string> teams;
};

struct StatusEvent {
    std::int64_t seq = 0;
    ExTime t = 0;
    std::string inject, team, role, status;
};

struct DecisionRef {
    std::int64_t seq = 0;
    std::string option;
};

bool status_matches(Action a, const std::string& status) {
    switch (a) {
    case Action::detect: return status == "acknowledged" || status == "escalated" || status == "contained";
    case Action::triage: return status == "acknowledged" || status == "dismissed" || status == "escalated";
    case Action::dismiss: return status == "dismissed";
    case Action::escalate: return status == "escalated";
    case Action::contain: return status == "contained";
    default: return false;
    }
}

// Actions a queue status can meet (and so a different status can miss).
bool can_be_met_by_status(Action a) {
    return a == Action::detect || a == Action::triage || a == Action::dismiss || a == Action::escalate ||
           a == Action::contain;
}

bool is_defender(TeamKind k) { return k == TeamKind::blue || k == TeamKind::purple; }

// Actions whose good rating shows the defenders saw the attack.
bool shows_detection(Action a) {
    return a == Action::detect || a == Action::triage || a == Action::investigate || a == Action::escalate ||
           a == Action::contain || a == Action::eradicate || a == Action::hunt;
}

bool good(const ExpectationResult& e) {
    return e.state == ExpectationState::rated && e.final_rating &&
           (*e.final_rating == Rating::P || *e.final_rating == Rating::S);
}

void offer(Metric& m, ExTime t0, ExTime at, std::int64_t seq, const std::string& inject, int stage,
           std::string evidence) {
    if (t0 == kNoTime || at == kNoTime) return;
    if (m.value && (at > m.at || (at == m.at && seq >= m.seq))) return;
    m.value = std::max<ExTime>(0, at - t0);
    m.at = at;
    m.seq = seq;
    m.inject = inject;
    m.stage = stage;
    m.evidence = std::move(evidence);
}

void offer_metric(Metric& into, const Metric& from) {
    if (!from.value) return;
    if (into.value && (from.at > into.at || (from.at == into.at && from.seq >= into.seq))) return;
    into = from;
}

void add_to(ExpectationStats& s, const ExpectationResult& e) {
    s.expectations.push_back(e.id);
    if (e.state == ExpectationState::not_applicable) {
        ++s.not_applicable;
        return;
    }
    if (e.state == ExpectationState::pending) {
        ++s.pending;
        return;
    }
    ++s.applicable;
    ++s.count[static_cast<int>(*e.final_rating)];
    s.weight += e.weight;
    s.weighted_points += e.weight * e.points;
    if (e.deadline != kNoTime) {
        s.deadline_weight += e.weight;
        if (!e.late && !e.no_response) s.on_time_weight += e.weight;
    }
}

void finish(ExpectationStats& s) {
    if (s.weight > 0) s.score = s.weighted_points / s.weight;
    if (s.deadline_weight > 0) s.timeliness = 100.0 * s.on_time_weight / s.deadline_weight;
}

Readiness make_readiness(std::vector<Component> parts) {
    Readiness r;
    double w = 0, sum = 0;
    for (const auto& c : parts)
        if (c.value) {
            w += c.weight;
            sum += c.weight * *c.value;
        }
    if (w > 0) {
        r.index = sum / w;
        r.level = maturity_level(*r.index);
    }
    r.components = std::move(parts);
    return r;
}

Readiness readiness_of(const ExpectationStats& s) {
    return make_readiness({{"expectations", kWeightExpectations, s.score},
                           {"timeliness", kWeightTimeliness, s.timeliness}});
}

// `outcome` is null under model 1 (and for teams the attack was not theirs to catch).
Readiness readiness_of(const ExpectationStats& s, const DetectionDepth& d, const AlertQuality& a,
                       const PurpleStats& p, const Outcome* outcome) {
    std::vector<Component> parts = {{"expectations", kWeightExpectations, s.score},
                                    {"timeliness", kWeightTimeliness, s.timeliness},
                                    {"detection-depth", kWeightDepth, d.score},
                                    {"alert-quality", kWeightAlertQuality, a.score},
                                    {"purple-coverage", kWeightPurple, p.coverage}};
    if (outcome) parts.push_back({"outcome", kWeightOutcome, outcome->score});
    Readiness r = make_readiness(std::move(parts));
    if (outcome && outcome->ceiling && r.index && *r.index > kUncontainedCeiling) {
        r.uncapped = r.index;
        r.index = kUncontainedCeiling;
        r.level = maturity_level(*r.index);
    }
    return r;
}

// Model 2 stops the attack where blue contained it. Model 3 also asks red:
// a red move past the containment stage means red carried on, so the attack
// stopped where red got to; and red's own objectives achieved count for half.
Outcome outcome_of(const DetectionDepth& d, const RedStats& red, int model) {
    Outcome o;
    if (d.first_reached < 0 || d.stages <= 0) return o;
    o.contained = d.contained >= 0;
    o.objective_reached = d.furthest >= d.stages - 1;
    // Where the attack was stopped: the containment stage, else as far as it got.
    int stopped = o.contained ? std::min(d.contained, d.furthest) : d.furthest;
    if (model >= 3) {
        int red_far = -1;
        for (const auto& m : red.moves) red_far = std::max(red_far, m.stage_index);
        if (o.contained && red_far > stopped) {
            o.carried_on = true;
            o.contained = false;          // the containment did not stop the attack
            stopped = red_far;
        }
    }
    o.stopped = stopped;
    o.stage_score = d.stages == 1 ? (o.contained ? 100.0 : 0.0) : 100.0 * (d.stages - 1 - stopped) / (d.stages - 1);
    o.score = o.stage_score;
    bool red_won = false;
    if (model >= 3 && !red.objectives.empty()) {
        double total = 0, achieved = 0;
        for (const auto& g : red.objectives) {
            total += g.weight;
            if (g.achieved) achieved += g.weight;
        }
        if (total > 0) {
            o.red_objectives_score = 100.0 * (total - achieved) / total;
            o.score = (*o.stage_score + *o.red_objectives_score) / 2.0;
            red_won = achieved == total;
        }
    }
    // Uncontained, S is the furthest stage (model 2) or where red got (model 3).
    o.ceiling = (stopped >= d.stages - 1 || red_won) && !o.contained;
    return o;
}

void finish(DetectionDepth& d) {
    if (d.first_reached < 0 || d.stages <= 0) return;
    const double n = d.stages;
    d.detect_score = d.detected >= 0 ? 100.0 * (n - d.detected) / n : 0.0;
    d.contain_score = d.contained >= 0 ? 100.0 * (n - d.contained) / n : 0.0;
    d.score = (*d.detect_score + *d.contain_score) / 2.0;
}

void count_verdict(AlertQuality& q, const AlertVerdict& v) {
    if (v.benign) {
        ++q.benign_total;
        if (v.verdict == Verdict::dismissed) ++q.benign_dismissed;
        if (v.verdict == Verdict::escalated) ++q.benign_escalated;
    } else {
        ++q.malicious_total;
        if (v.verdict == Verdict::escalated) ++q.malicious_escalated;
        if (v.verdict == Verdict::dismissed) ++q.malicious_dismissed;
    }
    q.verdicts.push_back(v);
}

void finish(AlertQuality& q) {
    int escalations = q.malicious_escalated + q.benign_escalated;
    if (escalations > 0) q.precision = static_cast<double>(q.malicious_escalated) / escalations;
    int decided = escalations + q.benign_dismissed + q.malicious_dismissed;
    if (decided > 0) {
        q.accuracy = static_cast<double>(q.malicious_escalated + q.benign_dismissed) / decided;
        q.score = 100.0 * *q.accuracy;
    }
}

void count_outcome(PurpleStats& p, const PurpleResult& r) {
    switch (r.outcome) {
    case PurpleOutcome::blocked: ++p.blocked; break;
    case PurpleOutcome::alerted: ++p.alerted; break;
    case PurpleOutcome::logged: ++p.logged; break;
    case PurpleOutcome::none: ++p.none; break;
    case PurpleOutcome::not_applicable: ++p.not_applicable; break;
    }
}

void finish(PurpleStats& p) {
    int counted = p.blocked + p.alerted + p.logged + p.none;
    if (counted > 0) p.coverage = 100.0 * (p.blocked + p.alerted + 0.5 * p.logged) / counted;
}

// Display names for group scores and the red moves' `why`.
struct Names {
    const Scenario& sc;
    std::string team(const std::string& id) const {
        const Team* t = sc.team(id);
        return t && !t->name.empty() ? t->name : id;
    }
    std::string capability(const std::string& id) const {
        const Capability* c = sc.capability(id);
        return c && !c->name.empty() ? c->name : id;
    }
    std::string tactic(int stage) const {
        const Stage* st = sc.attack_stage(stage);
        if (!st) return "?";
        const std::string& shortname = st->tactic;
        const attack::Tactic* t = attack::builtin_catalog().tactic(shortname);
        return t ? t->name : shortname;
    }
};

// Findings as facts with their sources; sim/report words them.
struct Source {                         // what a non-expectation finding points at
    std::string capability;
    std::int64_t seq = 0;
    int stage = -1;
    std::string inject = {}, team = {}, technique = {}, move = {};
};

void make_findings(Scorecard& card) {
    auto from = [](Source s) {
        Finding f;
        f.capability = std::move(s.capability);
        f.seq = s.seq;
        f.stage = s.stage;
        f.inject = std::move(s.inject);
        f.team = std::move(s.team);
        f.technique = std::move(s.technique);
        f.move = std::move(s.move);
        return f;
    };
    auto add = [&card](FindingKind kind, FindingFact fact, std::string category, Finding f) {
        f.kind = kind;
        f.fact = fact;
        f.category = std::move(category);
        (kind == FindingKind::strength ? card.strengths : card.improvements).push_back(std::move(f));
    };
    for (const auto& e : card.expectations) {
        if (e.state != ExpectationState::rated || e.red) continue;
        Finding f;
        f.expectation = e.id;
        f.inject = e.inject;
        f.capability = e.capability;
        f.team = e.team;
        f.decision_option = e.decision_option;
        f.seq = e.decision_seq ? e.decision_seq : e.given_seq;
        const Rating r = *e.final_rating;
        if (r == Rating::P)
            add(FindingKind::strength, FindingFact::expectation_met, "expectation", f);
        else if (r == Rating::M || r == Rating::U)
            add(FindingKind::improvement,
                e.no_response ? FindingFact::expectation_no_response : FindingFact::expectation_poor,
                e.late ? "timeliness" : "expectation", f);
        else if (e.late)
            add(FindingKind::improvement, FindingFact::expectation_late, "timeliness", f);
    }

    const DetectionDepth& d = card.depth;
    if (d.first_reached >= 0) {
        const Metric& det = card.metrics.detect;
        const Metric& con = card.metrics.contain;
        if (d.detected >= 0 && d.detected == d.first_reached)
            add(FindingKind::strength, FindingFact::detected_first_stage, "detection",
                from({"detection", det.seq, d.detected, det.inject}));
        else if (d.detected >= 0)
            add(FindingKind::improvement, FindingFact::detected_late, "detection",
                from({"detection", det.seq, d.detected, det.inject}));
        else
            add(FindingKind::improvement, FindingFact::never_detected, "detection",
                from({"detection", 0, d.furthest}));
        if (d.contained >= 0 && d.contained <= d.furthest && d.contained < d.stages - 1)
            add(FindingKind::strength, FindingFact::contained_early, "containment",
                from({"containment", con.seq, d.contained, con.inject}));
        else if (d.contained < 0)
            add(FindingKind::improvement, FindingFact::never_contained, "containment",
                from({"containment", 0, d.furthest}));
    }

    for (const auto& v : card.alerts.verdicts) {
        if (v.benign && v.verdict == Verdict::escalated)
            add(FindingKind::improvement, FindingFact::false_positive, "alert-quality",
                from({"alert-quality", v.seq, -1, v.inject, v.team}));
        else if (!v.benign && v.verdict == Verdict::dismissed)
            add(FindingKind::improvement, FindingFact::missed_attack, "alert-quality",
                from({"alert-quality", v.seq, -1, v.inject, v.team}));
    }
    const AlertQuality& q = card.alerts;
    if (q.benign_dismissed > 0 && q.benign_escalated == 0 && q.malicious_dismissed == 0)
        add(FindingKind::strength, FindingFact::verdicts_clean, "alert-quality", from({"alert-quality"}));

    for (const auto& p : card.purple.results) {
        const Finding f = from({"detection", p.seq, -1, {}, p.team, p.technique});
        if (p.outcome == PurpleOutcome::blocked || p.outcome == PurpleOutcome::alerted)
            add(FindingKind::strength, FindingFact::technique_covered, "purple", f);
        else if (p.outcome == PurpleOutcome::none || p.outcome == PurpleOutcome::logged)
            add(FindingKind::improvement, FindingFact::technique_gap, "purple", f);
    }

    for (const auto& m : card.red.moves)
        if (!m.detected && card.purple.results.empty())
            add(FindingKind::improvement, FindingFact::red_move_undetected, "red",
                from({"detection", m.seq, m.stage_index, {}, {}, m.technique, m.move}));
    if (card.red.objective_reached && card.mode != "blue")
        add(FindingKind::improvement, FindingFact::red_objective, "red",
            from({"containment", 0, card.red.furthest}));
}

} // namespace

// ---- score() -------------------------------------------------------------------------

std::vector<bool> attack_injects(const Scenario& sc) {
    const bool any_mapped = std::any_of(sc.injects.begin(), sc.injects.end(),
                                        [](const Inject& i) { return !i.benign && !i.techniques.empty(); });
    std::vector<bool> attack;
    attack.reserve(sc.injects.size());
    // Injects of response and recovery stages are outside the attack chain.
    for (const auto& inj : sc.injects)
        attack.push_back(!inj.benign && sc.attack_stage_index(inj.stage) >= 0 && (!any_mapped || !inj.techniques.empty()));
    return attack;
}

Scorecard score(const Scenario& sc, const Journal& journal) {
    // O(1) inject lookups: the fold below looks one up per event.
    std::unordered_map<std::string, const Inject*> injects_by_id;
    for (const auto& i : sc.injects) injects_by_id.emplace(i.id, &i);
    auto inject_by_id = [&](const std::string& id) -> const Inject* {
        auto it = injects_by_id.find(id);
        return it == injects_by_id.end() ? nullptr : it->second;
    };

    Scorecard card;
    card.scenario_id = sc.id;
    card.scenario_title = sc.title;
    card.scenario_version = sc.version;
    card.events = static_cast<std::int64_t>(journal.size());

    const auto retracted_list = retracted_seqs(journal);
    const std::unordered_set<std::int64_t> retracted(retracted_list.begin(), retracted_list.end());
    card.retracted = static_cast<std::int64_t>(retracted.size());

    std::unordered_map<std::string, Delivery> delivered;
    std::vector<std::string> delivery_order;
    std::vector<StatusEvent> statuses;
    std::unordered_map<std::string, std::vector<size_t>> statuses_by_inject;
    std::unordered_map<std::string, std::vector<RatingRecord>> ratings;
    std::unordered_map<std::string, DecisionRef> last_decision_for;   // expectation -> decision
    std::unordered_map<std::int64_t, DecisionRef> rating_decision;     // rating seq -> decision
    std::unordered_map<std::string, size_t> purple_index;
    ExTime last_t = 0;
    bool ended = false;
    ExTime end_t = 0;

    for (const auto& ev : journal) {
        last_t = std::max(last_t, ev.t);
        const bool cancelled = retracted.count(ev.seq) != 0;
        if (const auto* p = ev.get<ev::ExpectationRated>()) {
            auto r = parse_rating(p->rating);
            if (!r || p->expectation.empty()) continue;
            ratings[p->expectation].push_back({ev.seq, ev.t, *r, p->source, p->by, p->note, cancelled, p->at});
            if (!cancelled && p->source == "option")
                if (auto it = last_decision_for.find(p->expectation); it != last_decision_for.end())
                    rating_decision[ev.seq] = it->second;
            continue;
        }
        if (cancelled) continue;
        std::visit(overloaded{
                       [&](const ev::SessionStarted& p) {
                           if (!p.mode.empty()) card.mode = p.mode;
                           card.practice = p.practice;
                           card.model = static_cast<int>(std::clamp<std::int64_t>(p.scoring_model, 1, 3));
                       },
                       [&](const ev::InjectDelivered& p) {
                           if (p.inject.empty() || delivered.count(p.inject)) return;
                           delivered[p.inject] = {ev.t, ev.seq, p.teams};
                           delivery_order.push_back(p.inject);
                       },
                       [&](const ev::StatusSet& p) {
                           statuses_by_inject[p.inject].push_back(statuses.size());
                           statuses.push_back({ev.seq, ev.t, p.inject, p.team, p.role, p.status});
                       },
                       [&](const ev::DecisionRecorded& p) {
                           const Inject* inj = inject_by_id(p.inject);
                           const Option* opt = inj && inj->decision ? inj->decision->option(p.option) : nullptr;
                           if (opt)
                               for (const auto& [exp, rating] : opt->rate) last_decision_for[exp] = {ev.seq, opt->id};
                       },
                       [&](const ev::PurpleObserved& p) {
                           auto o = parse_purple_outcome(p.outcome);
                           if (!o || p.technique.empty()) return;
                           PurpleResult r{p.technique, *o, p.detected_at, p.team, p.note, ev.seq, ev.t};
                           if (auto it = purple_index.find(p.technique); it != purple_index.end())
                               card.purple.results[it->second] = std::move(r);
                           else {
                               purple_index[p.technique] = card.purple.results.size();
                               card.purple.results.push_back(std::move(r));
                           }
                       },
                       [&](const ev::RedMove& p) {
                           RedMoveResult m;
                           m.seq = ev.seq;
                           m.t = ev.t;
                           m.stage = p.stage;
                           m.stage_index = sc.attack_stage_index(m.stage);
                           m.move = p.move;
                           m.technique = p.technique;
                           card.red.moves.push_back(std::move(m));
                       },
                       [&](const ev::RedAdjudicated& p) {
                           for (auto& m : card.red.moves)
                               if (m.stage == p.stage && m.move == p.move) {
                                   m.adjudicated = m.engine_outcome = p.outcome;
                                   m.source = p.source;
                                   m.control = p.control;
                                   m.rolls = p.rolls;
                                   m.executed_at = ev.t;
                               }
                       },
                       [&](const ev::OutcomeOverridden& p) {
                           for (auto& m : card.red.moves)
                               if (m.stage == p.stage && m.move == p.move) {
                                   m.adjudicated = p.outcome;
                                   m.source = "override";
                                   m.override_reason = p.reason;
                                   m.override_by = p.by;
                                   m.override_seq = ev.seq;
                                   m.overridden_at = ev.t;
                               }
                       },
                       [&](const ev::HuntRun& p) {
                           for (auto& m : card.red.moves)
                               if (std::find(p.revealed.begin(), p.revealed.end(), move_fact(m.stage, m.move)) != p.revealed.end()) {
                                   if (!m.hunted) m.revealed_at = ev.t;
                                   m.hunted = true;
                               }
                       },
                       [&](const ev::ExerciseEnded& p) {
                           if (ended) return;
                           ended = true;
                           end_t = ev.t;
                           card.ending = p.ending;
                       },
                       [](const auto&) {},
                   },
                   ev.data);
    }
    card.ended = ended;
    card.end = ended ? end_t : last_t;
    card.red.ending = card.ending;

    // Which team an inject reached: the delivery's teams, else its audience.
    auto inject_teams = [&](const Inject& inj) {
        if (auto it = delivered.find(inj.id); it != delivered.end() && !it->second.teams.empty())
            return it->second.teams;
        std::vector<std::string> out;
        for (const auto& to : inj.to) {
            if (sc.team(to)) {
                if (std::find(out.begin(), out.end(), to) == out.end()) out.push_back(to);
                continue;
            }
            for (const auto& t : sc.teams)
                if (std::find(t.roles.begin(), t.roles.end(), to) != t.roles.end() &&
                    std::find(out.begin(), out.end(), t.id) == out.end())
                    out.push_back(t.id);
        }
        return out;
    };
    auto team_of = [&](const std::string& by, const std::vector<std::string>& reached) -> std::string {
        if (sc.team(by)) return by;
        for (const auto& tid : reached)
            if (const Team* t = sc.team(tid))
                if (std::find(t->roles.begin(), t->roles.end(), by) != t->roles.end()) return tid;
        for (const auto& t : sc.teams)
            if (std::find(t.roles.begin(), t.roles.end(), by) != t.roles.end()) return t.id;
        return {};
    };

    const std::vector<bool> attack = attack_injects(sc);   // by inject index
    auto is_attack = [&](const Inject* inj) { return inj && attack[static_cast<size_t>(inj - sc.injects.data())]; };

    // ---- expectations ----
    for (const auto& inj : sc.injects) {
        const auto dit = delivered.find(inj.id);
        const std::vector<std::string> reached = inject_teams(inj);
        for (const auto& x : inj.expect) {
            ExpectationResult e;
            e.id = x.id;
            e.inject = inj.id;
            e.action = x.action;
            e.by = x.by;
            e.team = team_of(x.by, reached);
            if (!sc.team(x.by) && sc.role(x.by)) e.role = x.by;
            e.capability = x.capability;
            e.objective = x.objective;
            e.weight = x.weight;
            e.within = x.within;
            e.benign_inject = inj.benign;
            e.attack_inject = attack[&inj - sc.injects.data()];
            e.red = red_audience(sc, x.by);
            if (auto rit = ratings.find(x.id); rit != ratings.end()) e.audit = rit->second;

            if (dit == delivered.end()) {
                e.state = ExpectationState::not_applicable;
                card.expectations.push_back(std::move(e));
                continue;
            }
            e.delivered_at = dit->second.t;
            if (x.within != kNoTime) e.deadline = e.delivered_at + x.within;

            // The latest non-retracted rating wins; the earliest marks the response.
            const RatingRecord* latest = nullptr;
            const RatingRecord* earliest = nullptr;
            for (const auto& r : e.audit) {
                if (r.retracted) continue;
                if (!earliest || r.response_at() < earliest->response_at()) earliest = &r;
                latest = &r;
            }
            const StatusEvent* first_status = nullptr;
            const StatusEvent* other_status = nullptr;  // the first status that does not meet it
            if (auto sit = statuses_by_inject.find(inj.id); sit != statuses_by_inject.end())
                for (size_t i : sit->second) {
                    const StatusEvent& s = statuses[i];
                    bool who = (!e.team.empty() && s.team == e.team) || (!e.role.empty() && s.role == e.role);
                    if (!who || s.t < e.delivered_at) continue;
                    if (status_matches(x.action, s.status)) {
                        first_status = &s;
                        break;
                    }
                    if (!other_status && can_be_met_by_status(x.action)) other_status = &s;
                }
            if (latest) {
                e.given = latest->rating;
                e.given_source = latest->source;
                e.given_seq = latest->seq;
                e.note = latest->note;
                if (auto dec = rating_decision.find(latest->seq); dec != rating_decision.end()) {
                    e.decision_seq = dec->second.seq;
                    e.decision_option = dec->second.option;
                }
            } else if (first_status) {
                e.given = Rating::P;
                e.given_source = "status";
                e.given_seq = first_status->seq;
            }
            if (first_status && (!earliest || first_status->t <= earliest->response_at())) {
                e.response_at = first_status->t;
                e.response_seq = first_status->seq;
                e.response_kind = "status";
            } else if (earliest) {
                e.response_at = earliest->response_at();
                e.response_seq = earliest->seq;
                e.response_kind = "rating";
            }

            if (e.given) {
                e.state = ExpectationState::rated;
                e.late = e.deadline != kNoTime && e.response_at > e.deadline;
                e.final_rating = e.late ? downgrade(*e.given) : *e.given;
            } else if (other_status) {
                // Answered, but not as expected: U now, not "no response" at the end.
                e.state = ExpectationState::rated;
                e.wrong_response = other_status->status;
                e.response_at = other_status->t;
                e.response_seq = other_status->seq;
                e.response_kind = "status";
                e.late = e.deadline != kNoTime && e.response_at > e.deadline;
                e.final_rating = Rating::U;
            } else if (ended || (e.deadline != kNoTime && card.end > e.deadline)) {
                e.state = ExpectationState::rated;
                e.no_response = true;
                e.final_rating = Rating::U;
            } else {
                e.state = ExpectationState::pending;
            }
            if (e.final_rating) e.points = points(*e.final_rating);
            card.expectations.push_back(std::move(e));
        }
    }

    // ---- groups: capabilities, objectives, roles, teams ----
    std::map<std::string, ExpectationStats> by_cap, by_obj, by_role, by_team;
    for (const auto& e : card.expectations) {
        if (!e.objective.empty()) add_to(by_obj[e.objective], e);
        if (e.red) {                    // the red cell's: its scorecard, never the defenders' readiness
            add_to(card.red.expectations, e);
            continue;
        }
        add_to(card.overall_stats, e);
        if (!e.capability.empty()) add_to(by_cap[e.capability], e);
        if (!e.role.empty()) add_to(by_role[e.role], e);
        if (!e.team.empty()) add_to(by_team[e.team], e);
    }
    finish(card.overall_stats);
    finish(card.red.expectations);
    Names names{sc};
    for (const auto& c : sc.capabilities)
        if (auto it = by_cap.find(c.id); it != by_cap.end()) {
            finish(it->second);
            card.capabilities.push_back({c.id, names.capability(c.id), 1.0, it->second, readiness_of(it->second)});
            by_cap.erase(it);
        }
    for (auto& [id, st] : by_cap) {     // capabilities the scenario does not declare
        finish(st);
        card.capabilities.push_back({id, id, 1.0, st, readiness_of(st)});
    }
    for (const auto& o : sc.objectives) {
        ExpectationStats st;
        if (auto it = by_obj.find(o.id); it != by_obj.end()) st = it->second;
        finish(st);
        card.objectives.push_back({o.id, o.text, o.weight, st, readiness_of(st)});
    }
    for (const auto& r : sc.roles)
        if (auto it = by_role.find(r.id); it != by_role.end()) {
            finish(it->second);
            card.roles.push_back({r.id, r.name.empty() ? r.id : r.name, 1.0, it->second, readiness_of(it->second)});
        }

    // ---- attack progress, time metrics, detection depth ----
    // Detection depth counts attack stages only (response and recovery modules are no tactic).
    const int n_stages = sc.attack_stage_count();
    ExTime t0 = kNoTime;
    std::int64_t t0_seq = 0;
    DetectionDepth base;
    base.stages = n_stages;
    for (const auto& id : delivery_order) {
        const Inject* inj = inject_by_id(id);
        if (!is_attack(inj)) continue;
        const Delivery& dl = delivered.at(id);
        if (t0 == kNoTime || dl.t < t0 || (dl.t == t0 && dl.seq < t0_seq)) {
            t0 = dl.t;
            t0_seq = dl.seq;
            base.first_reached = sc.attack_stage_index(inj->stage);
        }
        base.furthest = std::max(base.furthest, sc.attack_stage_index(inj->stage));
    }
    for (const auto& m : card.red.moves) base.furthest = std::max(base.furthest, m.stage_index);
    card.start = t0;

    // Defender teams, scenario order: kind blue/purple, or scored on an expectation (white cells).
    std::vector<std::string> team_ids;
    for (const auto& t : sc.teams)
        if (is_defender(t.kind) || by_team.count(t.id)) team_ids.push_back(t.id);
    std::unordered_map<std::string, size_t> team_index;
    for (const auto& id : team_ids) {
        team_index[id] = card.teams.size();
        TeamScore ts;
        ts.group.id = id;
        ts.group.name = names.team(id);
        ts.kind = sc.team(id)->kind;
        if (auto it = by_team.find(id); it != by_team.end()) ts.group.stats = it->second;
        finish(ts.group.stats);
        ts.depth = base;
        card.teams.push_back(std::move(ts));
    }
    auto team_ptr = [&](const std::string& id) -> TeamScore* {
        auto it = team_index.find(id);
        return it == team_index.end() ? nullptr : &card.teams[it->second];
    };
    auto stage_of = [&](const std::string& inject) {
        const Inject* inj = inject_by_id(inject);
        if (!inj) return -1;
        // A response or recovery inject shows what happened where the attack had got to.
        const int i = sc.attack_stage_index(inj->stage);
        return i >= 0 ? i : (sc.stage(inj->stage) ? base.furthest : -1);
    };
    // A containment shown on a follow-up inject placed further down the chain
    // than the attack got stopped the attack where it was.
    auto contained_at = [&](int i) { return base.furthest >= 0 && i > base.furthest ? base.furthest : i; };

    // Detection needs evidence on an attack inject. Escalation, containment and
    // recovery may also show on the injects that follow them (a "host
    // isolated" or "systems restored" inject carries no technique of its own).
    for (const auto& s : statuses) {
        const Inject* inj = inject_by_id(s.inject);
        TeamScore* ts = team_ptr(s.team);
        if (!inj || inj->benign || !ts || !delivered.count(s.inject)) continue;
        std::string ev = "inject.status " + s.status;
        if (is_attack(inj) && (s.status == "acknowledged" || s.status == "escalated" || s.status == "contained")) {
            offer(ts->metrics.detect, t0, s.t, s.seq, s.inject, stage_of(s.inject), ev);
            offer(ts->metrics.acknowledge, t0, s.t, s.seq, s.inject, stage_of(s.inject), ev);
        }
        if (s.status == "escalated") offer(ts->metrics.escalate, t0, s.t, s.seq, s.inject, stage_of(s.inject), ev);
        if (s.status == "contained") offer(ts->metrics.contain, t0, s.t, s.seq, s.inject, stage_of(s.inject), ev);
    }
    for (const auto& e : card.expectations) {
        TeamScore* ts = team_ptr(e.team);
        if (!ts || e.benign_inject || !good(e) || e.response_at == kNoTime) continue;
        std::string ev = "expectation " + e.id + " rated " + to_string(*e.final_rating);
        if (e.attack_inject && shows_detection(e.action))
            offer(ts->metrics.detect, t0, e.response_at, e.response_seq, e.inject, stage_of(e.inject), ev);
        if (e.action == Action::escalate) offer(ts->metrics.escalate, t0, e.response_at, e.response_seq, e.inject, stage_of(e.inject), ev);
        if (e.action == Action::contain || e.action == Action::eradicate)
            offer(ts->metrics.contain, t0, e.response_at, e.response_seq, e.inject, stage_of(e.inject), ev);
        if (e.action == Action::recover) offer(ts->metrics.recover, t0, e.response_at, e.response_seq, e.inject, stage_of(e.inject), ev);
    }
    // Purple: a technique blocked or alerted was seen, at its detected_at (or
    // when recorded), on the stage of the attack inject or red move carrying it.
    {
        std::unordered_map<std::string, std::pair<std::string, int>> carrier;   // technique -> (inject, stage)
        for (const auto& id : delivery_order)
            if (const Inject* inj = inject_by_id(id); is_attack(inj))
                for (const auto& tech : inj->techniques) carrier.emplace(tech, std::make_pair(id, stage_of(id)));
        for (const auto& m : card.red.moves) carrier.emplace(m.technique, std::make_pair(std::string(), m.stage_index));
        for (const auto& p : card.purple.results) {
            TeamScore* ts = team_ptr(p.team);
            auto it = carrier.find(p.technique);
            if (!ts || it == carrier.end()) continue;
            if (p.outcome != PurpleOutcome::blocked && p.outcome != PurpleOutcome::alerted) continue;
            offer(ts->metrics.detect, t0, p.detected_at.value_or(p.t), p.seq, it->second.first, it->second.second,
                  std::string("purple.outcome ") + to_string(p.outcome) + " " + p.technique);
        }
    }
    // Detection depth only judges teams the attack was theirs to catch: a
    // detection-type expectation or a status on an attack inject.
    std::unordered_set<std::string> engaged;
    for (const auto& s : statuses)
        if (is_attack(inject_by_id(s.inject))) engaged.insert(s.team);
    for (const auto& p : card.purple.results) engaged.insert(p.team);
    for (const auto& e : card.expectations)
        if (e.attack_inject && e.state != ExpectationState::not_applicable && shows_detection(e.action))
            engaged.insert(e.team);
    card.depth = base;
    for (auto& ts : card.teams) {
        if (ts.metrics.detect.value) ts.depth.detected = ts.metrics.detect.stage;
        if (ts.metrics.contain.value) ts.depth.contained = contained_at(ts.metrics.contain.stage);
        if (engaged.count(ts.group.id)) finish(ts.depth);
        offer_metric(card.metrics.detect, ts.metrics.detect);
        offer_metric(card.metrics.acknowledge, ts.metrics.acknowledge);
        offer_metric(card.metrics.escalate, ts.metrics.escalate);
        offer_metric(card.metrics.contain, ts.metrics.contain);
        offer_metric(card.metrics.recover, ts.metrics.recover);
    }
    if (card.metrics.detect.value) card.depth.detected = card.metrics.detect.stage;
    if (card.metrics.contain.value) card.depth.contained = contained_at(card.metrics.contain.stage);
    finish(card.depth);

    // ---- alert quality: the latest verdict per (inject, team) ----
    std::unordered_map<std::string, std::vector<const ExpectationResult*>> exp_by_inject;
    for (const auto& e : card.expectations) exp_by_inject[e.inject].push_back(&e);
    for (const auto& id : delivery_order) {
        const Inject* inj = inject_by_id(id);
        if (!inj || !(inj->benign || is_attack(inj))) continue;   // only alerts get verdicts
        for (const auto& tid : inject_teams(*inj)) {
            TeamScore* ts = team_ptr(tid);
            if (!ts) continue;
            AlertVerdict v{id, tid, inj->benign, Verdict::none, 0};
            if (auto sit = statuses_by_inject.find(id); sit != statuses_by_inject.end())
                for (size_t i : sit->second) {
                    const StatusEvent& s = statuses[i];
                    if (s.team != tid) continue;
                    if (s.status == "dismissed") {
                        v.verdict = Verdict::dismissed;
                        v.seq = s.seq;
                    } else if (s.status == "escalated" || s.status == "contained") {
                        v.verdict = Verdict::escalated;
                        v.seq = s.seq;
                    }
                }
            if (v.verdict == Verdict::none)
                for (const ExpectationResult* e : exp_by_inject[id]) {
                    if (e->team != tid || !good(*e)) continue;
                    if (inj->benign && e->action == Action::dismiss) {
                        v.verdict = Verdict::dismissed;
                        v.seq = e->response_seq;
                    } else if (!inj->benign && (e->action == Action::escalate || e->action == Action::contain)) {
                        v.verdict = Verdict::escalated;
                        v.seq = e->response_seq;
                    }
                }
            count_verdict(ts->alerts, v);
            count_verdict(card.alerts, v);
        }
    }
    finish(card.alerts);

    // ---- purple ----
    for (const auto& r : card.purple.results) {
        count_outcome(card.purple, r);
        if (TeamScore* ts = team_ptr(r.team)) {
            ts->purple.results.push_back(r);
            count_outcome(ts->purple, r);
        }
    }
    finish(card.purple);

    // ---- red ----
    RedStats& red = card.red;
    red.stages_total = n_stages;
    red.furthest = base.furthest;
    {
        std::vector<bool> reached(static_cast<size_t>(std::max(n_stages, 0)), false);
        ExTime red_t0 = t0;
        ExTime objective_at = kNoTime;
        auto reach = [&](int idx, ExTime t) {
            if (idx < 0 || idx >= n_stages) return;
            reached[static_cast<size_t>(idx)] = true;
            if (idx == n_stages - 1 && (objective_at == kNoTime || t < objective_at)) objective_at = t;
        };
        for (const auto& id : delivery_order) {
            const Inject* inj = inject_by_id(id);
            if (is_attack(inj)) reach(sc.attack_stage_index(inj->stage), delivered.at(id).t);
        }
        for (auto& m : red.moves) {
            if (red_t0 == kNoTime || m.t < red_t0) red_t0 = m.t;
            reach(m.stage_index, m.t);
            auto seen = [](const std::string& o) { return o == "blocked" || o == "alerted"; };
            if (auto pit = purple_index.find(m.technique); pit != purple_index.end()) {
                const PurpleResult& p = card.purple.results[pit->second];
                m.detected = p.outcome == PurpleOutcome::blocked || p.outcome == PurpleOutcome::alerted;
                m.why = std::string("purple outcome ") + to_string(p.outcome);
                m.outcome = to_string(p.outcome);
                if (m.detected) m.detected_at = p.detected_at.value_or(p.t);
            } else if (!m.adjudicated.empty()) {
                // The engine adjudicated it: seen when blocked or alerted, or found by a hunt.
                m.detected = seen(m.adjudicated) || m.hunted;
                m.why = "adjudicated " + m.adjudicated + (m.hunted ? ", revealed by a hunt" : "");
                if (seen(m.adjudicated)) m.detected_at = seen(m.engine_outcome) ? m.executed_at : m.overridden_at;
                else if (m.hunted) m.detected_at = m.revealed_at;
            } else if (card.depth.detected >= 0 && m.stage_index >= card.depth.detected) {
                m.detected = true;
                m.why = "attack already detected at " + names.tactic(card.depth.detected);
                m.detected_at = std::max(m.t, card.metrics.detect.at);
            } else {
                m.why = card.depth.detected < 0 ? "attack never detected"
                                                : "before the first detection at " + names.tactic(card.depth.detected);
            }
            if (!m.detected) ++red.undetected;
            ++red.by_outcome[m.outcome.empty() ? "unknown" : m.outcome];
            if (!m.adjudicated.empty()) ++red.adjudicated[m.adjudicated == "none" ? "unseen" : m.adjudicated];
            if (m.hunted) ++red.hunted;
        }
        if (t0 != kNoTime) {
            const ExTime seen = card.metrics.detect.at;
            red.dwell_to_end = seen == kNoTime;
            red.dwell = std::max<ExTime>(0, (red.dwell_to_end ? card.end : seen) - t0);
        }
        red.first_detected = card.depth.detected;
        red.cut_off = card.depth.contained;
        for (const auto& g : card.objectives) {
            if (!red_objective(sc, g.id)) continue;
            RedObjective o;
            o.id = g.id;
            o.text = g.name;
            o.weight = g.weight;
            o.stats = g.stats;
            o.achieved = g.stats.score && *g.stats.score >= 75;
            red.objectives_achieved += o.achieved;
            red.objectives.push_back(std::move(o));
        }
        red.stages_reached = static_cast<int>(std::count(reached.begin(), reached.end(), true));
        card.stages_reached = std::move(reached);
        red.objective_reached = objective_at != kNoTime;
        if (red.objective_reached && red_t0 != kNoTime) red.time_to_objective = objective_at - red_t0;
    }

    // ---- readiness ----
    // Model 2: the outcome is the organisation's, shared by the teams the
    // attack was theirs to catch (those with a depth score).
    if (card.model >= 2) card.outcome = outcome_of(card.depth, card.red, card.model);
    const Outcome* outcome = card.model >= 2 ? &card.outcome : nullptr;
    for (auto& ts : card.teams) {
        finish(ts.alerts);
        finish(ts.purple);
        ts.group.readiness = readiness_of(ts.group.stats, ts.depth, ts.alerts, ts.purple,
                                          ts.depth.score ? outcome : nullptr);
    }
    card.readiness = readiness_of(card.overall_stats, card.depth, card.alerts, card.purple, outcome);

    make_findings(card);
    return card;
}

} // namespace sim::scoring
