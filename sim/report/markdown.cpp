// sim/report/markdown.cpp — the After-Action Report / Improvement Plan in
// Markdown (CommonMark + GFM tables): the HTML report's content, text bars
// instead of charts. Every scenario or participant string goes through md_escape.
#include "sim/report/detail.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sim::report {

using namespace sim::scoring;

namespace {

std::string m(const std::string& s) { return md_escape(s); }

std::string num(double v, int decimals = 1) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string sc(const std::optional<double>& v) { return detail::score_text(v); }

std::string bar(const std::optional<double>& v) {
    if (!v) return "";
    const int full = static_cast<int>(std::lround(std::clamp(*v, 0.0, 100.0) / 10));
    std::string s;
    for (int i = 0; i < 10; ++i) s += i < full ? "█" : "░";
    return s;
}

std::string level(const Readiness& r) {
    return r.index ? std::to_string(r.level) + " " + maturity_name(r.level) : std::string("not rated");
}

std::string row(const std::vector<std::string>& cells) {
    std::string s = "|";
    for (const auto& c : cells) s += " " + (c.empty() ? std::string(" ") : c) + " |";
    return s + "\n";
}

std::string header(const std::vector<std::string>& cells, const std::vector<bool>& numeric = {}) {
    std::string s = row(cells) + "|";
    for (size_t i = 0; i < cells.size(); ++i) s += (i < numeric.size() && numeric[i]) ? " ---: |" : " --- |";
    return s + "\n";
}

std::string rating(const std::optional<Rating>& r) { return r ? to_string(*r) : "—"; }

} // namespace

std::string render_markdown(const ReportInput& in) {
    const Scorecard& c = in.card;
    const detail::Names names(in.scenario);
    const std::string title = in.scenario.title.empty() ? in.scenario.id : in.scenario.title;
    std::string o;
    o.reserve(8192 + in.journal.size() * 120);

    // ---- cover ----
    o += "# After-Action Report / Improvement Plan: " + m(title) + (in.meta.practice ? " (practice)" : "") + "\n\n";
    if (!in.scenario.summary.empty()) o += m(in.scenario.summary) + "\n\n";
    std::string status = in.meta.status.empty() ? (c.ended ? "ended" : "running") : in.meta.status;
    if (!c.ending.empty()) status += " — " + c.ending;
    o += header({"Session", "Date", "Mode", "Exercise time", "Scenario", "Participants", "Status"});
    o += row({m(in.meta.id), m(format_wall(in.meta.started_wall)), m(c.mode), format_clock(c.end),
              m(in.scenario.id + " v" + in.scenario.version), std::to_string(in.meta.participants.size()), m(status)});

    // ---- 1. summary ----
    o += "\n## 1. Executive summary\n\n";
    o += "**Readiness index: " + sc(c.readiness.index) + " / 100 — maturity level " + m(level(c.readiness)) + "**\n\n";
    o += m(detail::executive_summary(in)) + "\n\n";
    const auto& st = c.overall_stats;
    o += header({"Indicator", "Value", "Detail"});
    o += row({"Expectations met", std::to_string(st.count[0] + st.count[1]) + " / " + std::to_string(st.applicable),
              "rated P or S" + (st.pending ? ", " + std::to_string(st.pending) + " pending" : std::string())});
    o += row({"Time to detect", detail::metric_text(c.metrics.detect),
              c.depth.detected >= 0 ? "at " + m(detail::stage_label(in, c.depth.detected)) : "not detected"});
    o += row({"Time to contain", detail::metric_text(c.metrics.contain),
              c.depth.contained >= 0 ? "at " + m(detail::stage_label(in, c.depth.contained)) : "not contained"});
    o += row({"Attack reached", m(detail::stage_label(in, c.depth.furthest)),
              c.depth.furthest >= 0 ? "stage " + std::to_string(c.depth.furthest + 1) + " of " + std::to_string(c.depth.stages)
                                    : "no malicious inject delivered"});
    o += row({"Alert accuracy", c.alerts.accuracy ? num(*c.alerts.accuracy * 100, 0) + "%" : "—",
              std::to_string(c.alerts.benign_escalated) + " false positive(s), " +
                  std::to_string(c.alerts.malicious_dismissed) + " missed"});
    o += row({"Timeliness", st.timeliness ? num(*st.timeliness, 0) + "%" : "—", "responses within their window"});
    if (c.purple.coverage) o += row({"Purple coverage", num(*c.purple.coverage, 0) + "%", "blocked + alerted + ½ logged"});
    if (!in.meta.participants.empty()) {
        o += "\n**Participants:** ";
        for (size_t i = 0; i < in.meta.participants.size(); ++i) {
            const auto& p = in.meta.participants[i];
            o += (i ? "; " : "") + m(p.name);
            if (!p.role.empty() || !p.team.empty())
                o += " (" + m(p.role.empty() ? names.team(p.team) : names.role(p.role) + ", " + names.team(p.team)) + ")";
        }
        o += "\n";
    }

    // ---- 2. kill chain ----
    o += "\n## 2. Attack progression on the kill chain\n\n";
    const auto& d = c.depth;
    o += header({"#", "Tactic", "Stage", "Attack", "Defence"}, {true});
    for (size_t i = 0; i < in.scenario.stages.size(); ++i) {
        const int idx = static_cast<int>(i);
        const auto& s = in.scenario.stages[i];
        bool reached = d.first_reached >= 0 && idx >= d.first_reached && idx <= d.furthest;
        std::vector<std::string> defence;
        if (idx == d.detected) defence.push_back("**detected** +" + detail::metric_text(c.metrics.detect));
        if (idx == d.contained) defence.push_back("**contained** +" + detail::metric_text(c.metrics.contain));
        o += row({std::to_string(i + 1), m(tactic_name(s.tactic, in.catalog)), m(s.title),
                  reached ? (idx == d.furthest ? "reached (furthest)" : "reached") : "—",
                  defence.empty() ? "" : defence.size() == 1 ? defence[0] : defence[0] + ", " + defence[1]});
    }
    o += "\nDetection depth score **" + sc(d.score) + "** (detected " + sc(d.detect_score) + ", contained " +
         sc(d.contain_score) + "; 100 × (stages − stage) ÷ stages, 0 if never).\n";

    // ---- 3. readiness ----
    o += "\n## 3. Readiness index\n\n";
    o += header({"Component", "Weight", "Value"}, {false, true, true});
    for (const auto& comp : c.readiness.components) o += row({comp.name, num(comp.weight, 0), sc(comp.value)});
    o += row({"**Readiness index**", "", "**" + sc(c.readiness.index) + "** (" + m(level(c.readiness)) + ")"});
    o += "\nMaturity levels: 1 Initial \\<40, 2 Developing \\<55, 3 Defined \\<70, 4 Managed \\<85, 5 Optimized ≥85.\n";
    if (!c.teams.empty()) {
        o += "\n### By team\n\n";
        o += header({"Team", "Expectations", "Timeliness", "Depth", "Alert quality", "Purple", "Readiness", "Maturity"},
                    {false, true, true, true, true, true, true, false});
        for (const auto& t : c.teams)
            o += row({m(t.group.name), sc(t.group.stats.score), sc(t.group.stats.timeliness), sc(t.depth.score),
                      sc(t.alerts.score), sc(t.purple.coverage), "**" + sc(t.group.readiness.index) + "**",
                      m(level(t.group.readiness))});
    }
    auto group_table = [&](const char* what, const std::vector<GroupScore>& groups) {
        o += header({what, "Rated", "P", "S", "M", "U", "Score", "", "Timeliness", "Readiness", "Maturity"},
                    {false, true, true, true, true, true, true, false, true, true, false});
        for (const auto& g : groups) {
            const auto& k = g.stats.count;
            o += row({m(g.name), std::to_string(g.stats.applicable), std::to_string(k[0]), std::to_string(k[1]),
                      std::to_string(k[2]), std::to_string(k[3]), sc(g.stats.score), bar(g.stats.score),
                      sc(g.stats.timeliness), "**" + sc(g.readiness.index) + "**", m(level(g.readiness))});
        }
    };
    if (!c.roles.empty()) {
        o += "\n### By role\n\n";
        group_table("Role", c.roles);
    }

    // ---- 4. objectives and capabilities ----
    o += "\n## 4. Objectives and capabilities\n\n";
    if (!c.objectives.empty()) {
        o += header({"Objective", "Capability", "Weight", "Ratings", "Score", "Result"}, {false, false, true, false, true});
        for (size_t i = 0; i < c.objectives.size(); ++i) {
            const auto& g = c.objectives[i];
            const auto& obj = in.scenario.objectives[i];
            std::string ratings;
            for (const auto& id : g.stats.expectations)
                if (const auto* e = c.expectation(id); e && e->final_rating) ratings += to_string(*e->final_rating);
            std::string result = !g.stats.score ? "not assessed" : *g.stats.score >= 75 ? "Met"
                                                               : *g.stats.score >= 40   ? "Partly met"
                                                                                        : "Not met";
            o += row({m(obj.text), m(names.capability(obj.capability)), num(obj.weight, 1), ratings.empty() ? "—" : ratings,
                      sc(g.stats.score), result});
        }
        o += "\n";
    }
    if (c.capabilities.empty())
        o += "_No expectations were assessed._\n";
    else
        group_table("Capability", c.capabilities);

    // ---- 5. metrics ----
    o += "\n## 5. Time metrics and alert quality\n\n";
    o += "From the first malicious inject (" + (c.start == kNoTime ? std::string("—") : format_clock(c.start)) +
         ") to the first evidence of each response.\n\n";
    o += header({"Team", "Detect", "Acknowledge", "Escalate", "Contain", "Recover"},
                {false, true, true, true, true, true});
    auto metric_row = [&](const std::string& name, const TimeMetrics& t) {
        o += row({name, detail::metric_text(t.detect), detail::metric_text(t.acknowledge), detail::metric_text(t.escalate),
                  detail::metric_text(t.contain), detail::metric_text(t.recover)});
    };
    for (const auto& t : c.teams) metric_row(m(t.group.name), t.metrics);
    if (c.teams.size() != 1) metric_row("**All teams (earliest)**", c.metrics);
    const auto& q = c.alerts;
    o += "\n" + header({"Alerts", "Delivered", "Dismissed", "Escalated", "No verdict"}, {false, true, true, true, true});
    o += row({"Benign (noise)", std::to_string(q.benign_total), std::to_string(q.benign_dismissed) + " correct",
              std::to_string(q.benign_escalated) + " false positive", std::to_string(q.benign_total - q.benign_dismissed - q.benign_escalated)});
    o += row({"Malicious (real)", std::to_string(q.malicious_total), std::to_string(q.malicious_dismissed) + " missed",
              std::to_string(q.malicious_escalated) + " correct",
              std::to_string(q.malicious_total - q.malicious_dismissed - q.malicious_escalated)});
    o += "\nPrecision " + (q.precision ? num(*q.precision * 100, 0) + "%" : std::string("—")) + ", verdict accuracy " +
         (q.accuracy ? num(*q.accuracy * 100, 0) + "%" : std::string("—")) + ".\n";

    // ---- purple / red ----
    if (c.mode == "purple" || !c.purple.results.empty()) {
        o += "\n## Purple-team outcomes\n\n";
        if (c.purple.results.empty())
            o += "_No purple outcomes were recorded._\n";
        else {
            o += "Coverage **" + sc(c.purple.coverage) + "%** = (blocked + alerted + ½ logged) ÷ techniques assessed.\n\n";
            o += header({"Technique", "Outcome", "Detected at", "Team", "Note"});
            for (const auto& p : c.purple.results)
                o += row({m(p.technique), to_string(p.outcome), p.detected_at ? format_clock(*p.detected_at) : "—",
                          m(p.team.empty() ? "" : names.team(p.team)), m(p.note)});
        }
    }
    if (c.mode != "blue" || !c.red.moves.empty()) {
        const auto& r = c.red;
        o += "\n## Red-team view\n\n";
        o += "Stages reached " + std::to_string(r.stages_reached) + " of " + std::to_string(r.stages_total) +
             "; objective " + (r.objective_reached ? "reached" : "not reached") +
             (r.time_to_objective ? " in " + format_duration(*r.time_to_objective) : std::string()) + "; " +
             std::to_string(r.undetected) + " of " + std::to_string(r.moves.size()) + " moves undetected.\n\n";
        if (!r.moves.empty()) {
            o += header({"Time", "Tactic", "Move", "Technique", "Detected"});
            for (const auto& mv : r.moves) {
                std::string move = mv.move;
                if (auto it = in.scenario.red_moves.find(mv.stage); it != in.scenario.red_moves.end())
                    for (const auto& rm : it->second)
                        if (rm.id == mv.move && !rm.description.empty()) move = rm.description;
                o += row({format_clock(mv.t), m(detail::stage_label(in, mv.stage_index)), m(move), m(mv.technique),
                          std::string(mv.detected ? "yes" : "no") + " — " + m(mv.why)});
            }
        }
    }

    // ---- 6. findings ----
    auto finding = [&](const Finding& f) {
        std::string s = "- " + m(f.text);
        std::vector<std::string> src;
        if (!f.expectation.empty()) src.push_back("expectation " + m(f.expectation));
        if (!f.inject.empty()) src.push_back("inject " + m(f.inject));
        if (!f.decision_option.empty()) src.push_back("decision " + m(f.decision_option));
        if (f.seq) src.push_back("event \\#" + std::to_string(f.seq));
        if (!src.empty()) {
            s += " _(";
            for (size_t i = 0; i < src.size(); ++i) s += (i ? ", " : "") + src[i];
            s += ")_";
        }
        return s + "\n";
    };
    o += "\n## 6. Strengths and areas for improvement\n\n### Strengths\n\n";
    if (c.strengths.empty()) o += "_None recorded._\n";
    for (const auto& f : c.strengths) o += finding(f);
    o += "\n### Areas for improvement\n\n";
    if (c.improvements.empty()) o += "_None recorded._\n";
    for (const auto& f : c.improvements) o += finding(f);

    // ---- 7. plan ----
    o += "\n## 7. Improvement plan\n\n";
    if (in.actions.empty())
        o += "_No improvement actions: every assessed expectation was rated P or S and no note was marked as an action._\n";
    else {
        o += header({"#", "Action", "Capability", "Owner", "Due", "Status", "Source"}, {true});
        for (const auto& a : in.actions)
            o += row({std::to_string(a.number), m(a.text), m(a.capability.empty() ? "—" : names.capability(a.capability)),
                      m(a.owner.empty() ? "unassigned" : a.owner), m(a.due.empty() ? "—" : a.due), to_string(a.status),
                      m(a.key)});
    }
    if (!in.earlier.empty()) {
        int closed = 0;
        for (const auto& a : in.earlier) closed += a.status == ActionStatus::done;
        o += "\n### Follow-up on earlier actions\n\n" + std::to_string(closed) + " of " + std::to_string(in.earlier.size()) +
             " actions from earlier exercises of the same teams are closed.\n\n";
        o += header({"Session", "Date", "#", "Action", "Owner", "Due", "Status"}, {false, false, true});
        for (const auto& a : in.earlier)
            o += row({m(a.session), format_date(a.session_started), std::to_string(a.number), m(a.text),
                      m(a.owner.empty() ? "unassigned" : a.owner), m(a.due.empty() ? "—" : a.due),
                      a.status == ActionStatus::done ? "closed" : "still " + std::string(to_string(a.status))});
    }

    // ---- 8. evaluation ----
    o += "\n## 8. Expectation evaluation\n\n";
    o += header({"Expectation", "Action by", "Inject", "Deadline", "Response", "Given", "Final", "Points"},
                {false, false, false, false, false, false, false, true});
    for (const auto& e : c.expectations) {
        std::string by = std::string(to_string(e.action)) + " by " + m(names.by(e.by));
        if (e.state == ExpectationState::not_applicable) {
            o += row({m(e.id), by, m(names.inject_title(e.inject)), "—", "—", "—", "n/a (not delivered)", "—"});
            continue;
        }
        std::string response = e.response_at == kNoTime ? "none"
                                                        : format_clock(e.response_at) + " (" + e.response_kind + " \\#" +
                                                              std::to_string(e.response_seq) + ")";
        std::string given = e.given ? rating(e.given) + " (" + m(e.given_source) + " \\#" + std::to_string(e.given_seq) +
                                          (e.decision_option.empty() ? "" : ", option " + m(e.decision_option)) + ")"
                                    : "—";
        if (!e.note.empty()) given += ": " + m(e.note);
        std::string fin = e.state == ExpectationState::pending ? "pending" : rating(e.final_rating);
        if (e.late) fin += " (late ↓)";
        if (e.no_response) fin += " (no response)";
        o += row({m(e.id), by, m(names.inject_title(e.inject)), e.deadline == kNoTime ? "—" : format_clock(e.deadline),
                  response, given, fin, e.final_rating ? num(e.points, 0) : "—"});
    }

    // ---- 9. timeline ----
    o += "\n## 9. Timeline of injects and decisions\n\n";
    const auto entries = detail::timeline(in, names);
    if (entries.empty())
        o += "_The journal is empty._\n";
    else {
        o += header({"Time", "#", "Event", "Detail"}, {false, true});
        for (const auto& e : entries) {
            std::string what = m(e.what);
            if (e.kind == "inject" || e.kind == "decision") what = "**" + what + "**";
            if (e.retracted) what = "~~" + what + "~~ (retracted)";
            o += row({format_clock(e.t), std::to_string(e.seq), what, m(e.detail)});
        }
    }

    o += "\n## Appendix: how the scores are computed\n\n"
         "Points per rating: P 100, S 75, M 40, U 0. The latest non-retracted rating counts; a matching status with no "
         "rating counts as P. A response after the deadline drops the rating one level; no response by the end is U; "
         "expectations of injects never delivered are not applicable. Group scores are weighted means over their "
         "expectations. The readiness index weighs expectations 50, timeliness 15, detection depth 15, alert quality "
         "10 and purple coverage 10, over the components with data. Full model: docs/scoring.md.\n";
    o += "\n---\n\n_Generated by ttx from " + std::to_string(c.events) + " journal events (" + std::to_string(c.retracted) +
         " retracted); session " + m(in.meta.id) + "; report schema " + kJsonSchema + "._\n";
    return o;
}

} // namespace sim::report
