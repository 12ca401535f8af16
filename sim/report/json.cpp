// sim/report/json.cpp — the machine-readable report, schema "ttx-report/1"
// (docs/reports.md). Times are exercise-clock seconds; absent values are null.
#include "sim/report/report.hpp"
#include "sim/report/detail.hpp"
#include "sim/report/feedback_summary.hpp"

namespace sim::report {

using nlohmann::json;
using namespace sim::scoring;

namespace {

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json opt(const std::optional<ExTime>& v) { return v ? json(*v) : json(nullptr); }
json time_or_null(ExTime t) { return t == kNoTime ? json(nullptr) : json(t); }
json rating_or_null(const std::optional<Rating>& r) { return r ? json(to_string(*r)) : json(nullptr); }
json stage_or_null(int i) { return i < 0 ? json(nullptr) : json(i); }

json stats_json(const ExpectationStats& s) {
    return {{"applicable", s.applicable},
            {"pending", s.pending},
            {"not_applicable", s.not_applicable},
            {"ratings", {{"P", s.count[0]}, {"S", s.count[1]}, {"M", s.count[2]}, {"U", s.count[3]}}},
            {"weight", s.weight},
            {"weighted_points", s.weighted_points},
            {"score", opt(s.score)},
            {"deadline_weight", s.deadline_weight},
            {"on_time_weight", s.on_time_weight},
            {"timeliness", opt(s.timeliness)},
            {"expectations", s.expectations}};
}

json readiness_json(const Readiness& r) {
    json comps = json::array();
    for (const auto& c : r.components) comps.push_back({{"name", c.name}, {"weight", c.weight}, {"value", opt(c.value)}});
    json out = {{"index", opt(r.index)},
                {"level", r.level},
                {"maturity", maturity_name(r.level)},
                {"components", comps}};
    if (r.uncapped) out["uncapped"] = *r.uncapped;
    return out;
}

json group_json(const GroupScore& g) {
    return {{"id", g.id}, {"name", g.name}, {"weight", g.weight}, {"stats", stats_json(g.stats)},
            {"readiness", readiness_json(g.readiness)}};
}

json metric_json(const Metric& m) {
    return {{"seconds", opt(m.value)}, {"at", time_or_null(m.at)}, {"seq", m.seq}, {"inject", m.inject},
            {"stage", stage_or_null(m.stage)}, {"evidence", m.evidence}};
}

json metrics_json(const TimeMetrics& t) {
    return {{"detect", metric_json(t.detect)},
            {"acknowledge", metric_json(t.acknowledge)},
            {"escalate", metric_json(t.escalate)},
            {"contain", metric_json(t.contain)},
            {"recover", metric_json(t.recover)}};
}

json depth_json(const DetectionDepth& d) {
    return {{"stages", d.stages},
            {"first_reached", stage_or_null(d.first_reached)},
            {"furthest", stage_or_null(d.furthest)},
            {"detected", stage_or_null(d.detected)},
            {"contained", stage_or_null(d.contained)},
            {"detect_score", opt(d.detect_score)},
            {"contain_score", opt(d.contain_score)},
            {"score", opt(d.score)}};
}

const char* verdict_name(Verdict v) {
    switch (v) {
    case Verdict::none: return "none";
    case Verdict::dismissed: return "dismissed";
    case Verdict::escalated: return "escalated";
    }
    return "none";
}

json alerts_json(const AlertQuality& q) {
    json verdicts = json::array();
    for (const auto& v : q.verdicts)
        verdicts.push_back({{"inject", v.inject}, {"team", v.team}, {"benign", v.benign},
                            {"verdict", verdict_name(v.verdict)}, {"seq", v.seq}});
    return {{"benign", {{"total", q.benign_total}, {"dismissed", q.benign_dismissed}, {"escalated", q.benign_escalated}}},
            {"malicious",
             {{"total", q.malicious_total}, {"escalated", q.malicious_escalated}, {"dismissed", q.malicious_dismissed}}},
            {"precision", opt(q.precision)},
            {"accuracy", opt(q.accuracy)},
            {"score", opt(q.score)},
            {"verdicts", verdicts}};
}

json purple_json(const PurpleStats& p) {
    json results = json::array();
    for (const auto& r : p.results)
        results.push_back({{"technique", r.technique}, {"outcome", to_string(r.outcome)},
                           {"detected_at", opt(r.detected_at)}, {"team", r.team}, {"note", r.note}, {"seq", r.seq},
                           {"t", r.t}});
    return {{"results", results},
            {"counts",
             {{"blocked", p.blocked}, {"alerted", p.alerted}, {"logged", p.logged}, {"none", p.none},
              {"n/a", p.not_applicable}}},
            {"coverage", opt(p.coverage)}};
}

json red_json(const RedStats& r) {
    json moves = json::array();
    for (const auto& m : r.moves) {
        json move = {{"seq", m.seq}, {"t", m.t}, {"stage", m.stage}, {"stage_index", stage_or_null(m.stage_index)},
                     {"move", m.move}, {"technique", m.technique}, {"detected", m.detected}, {"why", m.why},
                     {"outcome", m.outcome}, {"adjudicated", m.adjudicated}, {"hunted", m.hunted},
                     {"source", m.source}, {"control", m.control}, {"rolls", m.rolls},
                     {"executed_at", time_or_null(m.executed_at)}, {"revealed_at", time_or_null(m.revealed_at)},
                     {"detected_at", time_or_null(m.detected_at)}};
        move["override"] = m.source == "override" ? json{{"outcome", m.adjudicated}, {"adjudicated", m.engine_outcome},
                                                         {"reason", m.override_reason}, {"by", m.override_by},
                                                         {"seq", m.override_seq}, {"at", m.overridden_at}}
                                                  : json(nullptr);
        moves.push_back(std::move(move));
    }
    json objectives = json::array();
    for (const auto& o : r.objectives)
        objectives.push_back({{"id", o.id}, {"text", o.text}, {"weight", o.weight}, {"stats", stats_json(o.stats)},
                              {"achieved", o.achieved}});
    return {{"moves", moves},
            {"first_detected", stage_or_null(r.first_detected)},
            {"cut_off", stage_or_null(r.cut_off)},
            {"objectives", objectives},
            {"objectives_achieved", r.objectives_achieved},
            {"expectations", stats_json(r.expectations)},
            {"stages_total", r.stages_total},
            {"stages_reached", r.stages_reached},
            {"furthest", stage_or_null(r.furthest)},
            {"objective_reached", r.objective_reached},
            {"ending", r.ending},
            {"undetected", r.undetected},
            {"time_to_objective", opt(r.time_to_objective)},
            {"by_outcome", r.by_outcome},
            {"adjudicated", r.adjudicated},
            {"hunted", r.hunted},
            {"dwell", opt(r.dwell)},
            {"dwell_to_end", r.dwell_to_end}};
}

json finding_json(const Finding& f, const std::string& text) {
    return {{"category", f.category},   {"text", text},         {"expectation", f.expectation},
            {"inject", f.inject},       {"capability", f.capability}, {"team", f.team},
            {"decision_option", f.decision_option}, {"seq", f.seq}};
}

json expectation_json(const ExpectationResult& e) {
    json audit = json::array();
    for (const auto& r : e.audit)
        audit.push_back({{"seq", r.seq}, {"t", r.t}, {"rating", to_string(r.rating)}, {"source", r.source},
                         {"by", r.by}, {"note", r.note}, {"retracted", r.retracted}});
    return {{"id", e.id},
            {"inject", e.inject},
            {"action", to_string(e.action)},
            {"by", e.by},
            {"team", e.team},
            {"role", e.role},
            {"capability", e.capability},
            {"objective", e.objective},
            {"weight", e.weight},
            {"benign_inject", e.benign_inject},
            {"state", to_string(e.state)},
            {"delivered_at", time_or_null(e.delivered_at)},
            {"within", time_or_null(e.within)},
            {"deadline", time_or_null(e.deadline)},
            {"given", rating_or_null(e.given)},
            {"given_source", e.given_source},
            {"given_seq", e.given_seq},
            {"response_at", time_or_null(e.response_at)},
            {"response_seq", e.response_seq},
            {"response_kind", e.response_kind},
            {"late", e.late},
            {"no_response", e.no_response},
            {"wrong_response", e.wrong_response},
            {"final", rating_or_null(e.final_rating)},
            {"points", e.final_rating ? json(e.points) : json(nullptr)},
            {"decision_seq", e.decision_seq},
            {"decision_option", e.decision_option},
            {"note", e.note},
            {"audit", audit}};
}

json action_json(const ImprovementAction& a) {
    auto date = [](const std::string& d) { return d.empty() ? json(nullptr) : json(d); };
    return {{"number", a.number},       {"session", a.session},     {"key", a.key},
            {"source", a.source},       {"area", a.area},           {"text", a.text},
            {"organisation", a.organisation}, {"start", date(a.start)}, {"capability", a.capability},
            {"team", a.team},           {"expectation", a.expectation}, {"inject", a.inject},
            {"source_seq", a.source_seq}, {"owner", a.owner},       {"due", a.due.empty() ? json(nullptr) : json(a.due)},
            {"status", to_string(a.status)}};
}

json named(const NamedId& n) { return {{"id", n.id}, {"name", n.name}}; }

json gap_json(const TechniqueGap& g) {
    json dets = json::array(), mits = json::array();
    for (const auto& d : g.detections) {
        json dcs = json::array();
        for (const auto& dc : d.data_components) dcs.push_back(named(dc));
        dets.push_back({{"id", d.id}, {"name", d.name}, {"data_components", dcs}, {"log_sources", d.log_sources}});
    }
    for (const auto& m : g.mitigations) mits.push_back(named(m));
    return {{"technique", g.technique}, {"name", g.name},   {"tactic", g.tactic},
            {"gap", g.gap},             {"why", g.why},     {"inject", g.inject},
            {"capability", g.capability}, {"team", g.team}, {"detections", dets},
            {"mitigations", mits}};
}

} // namespace


json outcome_json(const scoring::Scorecard& c) {
    if (c.model < 2) return nullptr;
    json o = {{"score", opt(c.outcome.score)},
              {"objective_reached", c.outcome.objective_reached},
              {"contained", c.outcome.contained},
              {"ceiling", c.outcome.ceiling}};
    if (c.model >= 3) {
        o["stopped_stage"] = c.outcome.stopped >= 0 ? json(c.outcome.stopped) : json(nullptr);
        o["stage_score"] = opt(c.outcome.stage_score);
        o["red_objectives_score"] = opt(c.outcome.red_objectives_score);
        o["carried_on"] = c.outcome.carried_on;
    }
    return o;
}

json scorecard_json(const Scenario& sc, const Scorecard& c, const attack::Catalog* catalog) {
    json model = {{"points", {{"P", points(Rating::P)}, {"S", points(Rating::S)}, {"M", points(Rating::M)},
                              {"U", points(Rating::U)}}},
                  {"weights",
                   {{"expectations", kWeightExpectations},
                    {"timeliness", kWeightTimeliness},
                    {"detection-depth", kWeightDepth},
                    {"alert-quality", kWeightAlertQuality},
                    {"purple-coverage", kWeightPurple}}},
                  {"version", c.model},
                  {"maturity", json::array({{{"level", 1}, {"name", maturity_name(1)}, {"below", 40}},
                                            {{"level", 2}, {"name", maturity_name(2)}, {"below", 55}},
                                            {{"level", 3}, {"name", maturity_name(3)}, {"below", 70}},
                                            {{"level", 4}, {"name", maturity_name(4)}, {"below", 85}},
                                            {{"level", 5}, {"name", maturity_name(5)}, {"below", nullptr}}})}};
    if (c.model >= 2) {
        model["weights"]["outcome"] = kWeightOutcome;
        model["uncontained_ceiling"] = kUncontainedCeiling;
    }
    json exps = json::array(), caps = json::array(), objs = json::array(), roles = json::array(),
         teams = json::array(), strengths = json::array(), improvements = json::array();
    for (const auto& e : c.expectations) exps.push_back(expectation_json(e));
    for (const auto& g : c.capabilities) caps.push_back(group_json(g));
    for (const auto& g : c.objectives) objs.push_back(group_json(g));
    for (const auto& g : c.roles) roles.push_back(group_json(g));
    for (const auto& t : c.teams) {
        json j = group_json(t.group);
        j["kind"] = to_string(t.kind);
        j["metrics"] = metrics_json(t.metrics);
        j["depth"] = depth_json(t.depth);
        j["alerts"] = alerts_json(t.alerts);
        j["purple_coverage"] = opt(t.purple.coverage);
        teams.push_back(std::move(j));
    }
    for (const auto& f : c.strengths) strengths.push_back(finding_json(f, finding_text(f, sc, c, catalog)));
    for (const auto& f : c.improvements) improvements.push_back(finding_json(f, finding_text(f, sc, c, catalog)));
    return {{"model", model},
            {"mode", c.mode},
            {"practice", c.practice},
            {"ended", c.ended},
            {"ending", c.ending},
            {"start", time_or_null(c.start)},
            {"end", c.end},
            {"events", c.events},
            {"retracted", c.retracted},
            {"readiness", readiness_json(c.readiness)},
            {"overall", stats_json(c.overall_stats)},
            {"expectations", exps},
            {"capabilities", caps},
            {"objectives", objs},
            {"roles", roles},
            {"teams", teams},
            {"metrics", metrics_json(c.metrics)},
            {"depth", depth_json(c.depth)},
            {"alerts", alerts_json(c.alerts)},
            {"purple", purple_json(c.purple)},
            {"red", red_json(c.red)},
            {"outcome", outcome_json(c)},
            {"strengths", strengths},
            {"improvements", improvements}};
}

std::string render_json(const ReportInput& in) {
    const SessionMeta& m = in.meta;
    json participants = json::array();
    for (const auto& p : m.participants) participants.push_back({{"name", p.name}, {"team", p.team}, {"role", p.role}});
    json stages = json::array();
    for (const auto& s : in.scenario.stages)
        stages.push_back({{"id", s.id}, {"tactic", s.tactic}, {"tactic_name", tactic_name(s.tactic, in.catalog)},
                          {"title", s.title}});
    json actions = json::array(), earlier = json::array();
    for (const auto& a : in.actions) actions.push_back(action_json(a));
    for (const auto& a : in.earlier) earlier.push_back(action_json(a));
    json gaps = json::array();
    for (const auto& g : technique_gaps(in)) gaps.push_back(gap_json(g));
    json doc = {
        {"schema", kJsonSchema},
        {"session",
         {{"id", m.id},
          {"mode", m.mode},
          {"practice", m.practice},
          {"seed", m.seed},
          {"status", m.status},
          {"started", m.started_wall ? json(format_wall(m.started_wall)) : json(nullptr)},
          {"started_wall_ms", m.started_wall ? json(m.started_wall) : json(nullptr)},
          {"ended_wall_ms", m.ended_wall ? json(*m.ended_wall) : json(nullptr)},
          {"participants", participants},
          {"scenario_sha256", m.scenario_sha256},
          {"script", m.script_name}}},
        {"scenario",
         {{"id", in.scenario.id},
          {"title", in.scenario.title},
          {"version", in.scenario.version},
          {"attack_version", in.scenario.attack.version},
          {"stages", stages}}},
        {"scorecard", scorecard_json(in.scenario, in.card, in.catalog)},
        {"attack_gaps", gaps},
        {"actions", actions},
        {"earlier_actions", earlier},
        {"feedback", feedback_summary(in.scenario, in.journal)}};
    doc["scorecard"]["red"]["summary"] = detail::red_sentence(in);
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace sim::report
