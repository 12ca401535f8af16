// sim/report/document.cpp — builds the report document once: every section,
// its wording and its numbers. The writers (html.cpp, markdown.cpp) only
// render what is here.
#include "sim/report/document.hpp"

#include <memory>
#include <algorithm>
#include <cstdio>
#include <map>

#include "sim/report/detail.hpp"
#include "sim/report/feedback_summary.hpp"
#include "sim/scenario/red_team.hpp"

namespace sim::report::doc {

using namespace sim::scoring;

Text plain(std::string s) { return {Span{std::move(s)}}; }

std::string plain_text(const Text& t) {
    std::string s;
    for (const auto& span : t) s += span.text;
    return s;
}

namespace {

std::string num(double v, int decimals = 1) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string sc(const std::optional<double>& v, int decimals = 1) { return detail::score_text(v, decimals); }
std::string percent(const std::optional<double>& share) { return share ? num(*share * 100, 0) + "%" : "—"; }
std::string clock_or_dash(ExTime t) { return t == kNoTime ? "—" : format_clock(t); }
std::string or_dash(const std::string& s) { return s.empty() ? "—" : s; }

Span rating(const std::optional<Rating>& r) { return {r ? to_string(*r) : "—", Style::rating}; }
Span level_badge(const Readiness& r) {
    if (!r.index) return {"not rated", Style::level, 0};
    return {std::to_string(r.level) + " · " + maturity_name(r.level), Style::level, r.level};
}
Text score_cell(const std::optional<double>& v) { return v ? plain(sc(v)) : Text{{"—", Style::muted}}; }
Text strong(const std::string& s) { return {{s, Style::strong}}; }

const char* objective_result(const std::optional<double>& score, Style& style) {
    if (!score) return style = Style::muted, "not assessed";
    if (*score >= 75) return style = Style::good, "Met";
    if (*score >= 40) return style = Style::fair, "Partly met";
    return style = Style::bad, "Not met";
}

struct Builder {
    const ReportInput& in;
    const Scorecard& c;
    const detail::Names names;
    Document d;

    const std::vector<TechniqueGap> gaps;
    std::string outcome_text;           // status and ending, from cover()

    explicit Builder(const ReportInput& i) : in(i), c(i.card), names(i.scenario), gaps(technique_gaps(i)) {}

    Section& section(std::string id, std::string title, bool page_break = false) {
        d.sections.push_back({std::move(id), std::move(title), page_break, {}});
        return d.sections.back();
    }

    std::string scenario_title() const { return in.scenario.title.empty() ? in.scenario.id : in.scenario.title; }

    void cover() {
        const auto& s = in.scenario;
        const auto& m = in.meta;
        d.eyebrow = "After-Action Report / Improvement Plan";
        d.title = scenario_title();
        d.practice = m.practice;
        d.summary_markdown = s.summary;
        std::string status = m.status.empty() ? (c.ended ? "ended" : "running") : m.status;
        if (!c.ending.empty()) {
            std::string title = c.ending;
            for (const auto& e : s.endings)
                if (e.id == c.ending && !e.title.empty()) title = e.title;
            status += " — " + title;
        }
        outcome_text = status;
        d.meta = {{"Session", or_dash(m.id)},
                  {"Date", or_dash(format_wall(m.started_wall))},
                  {"Mode", c.mode + (c.mode == "purple" ? " (red + blue)" : "")},
                  {"Exercise time", format_clock(c.end) + (c.ended ? "" : " (still running)")},
                  {"Scenario", s.id + " v" + s.version},
                  {"Participants", std::to_string(m.participants.size())},
                  {"Status", status},
                  {"ATT&CK", s.attack.domain + " v" + s.attack.version}};
    }

    void summary() {
        Section& s = section("summary", "Executive summary");
        const Readiness& r = c.readiness;
        Gauge g;
        g.index = r.index;
        g.level = r.index ? r.level : 0;
        g.headline = "Readiness index: " + sc(r.index) + " / 100 — maturity level " +
                     (r.index ? std::to_string(r.level) + " " + maturity_name(r.level) : std::string("not rated"));
        g.level_line = r.index ? "Maturity level " + std::to_string(r.level) + " · " + maturity_name(r.level)
                               : std::string("Not rated yet");
        g.caption = "Readiness index, 0–100";
        s.blocks.push_back(g);

        const auto& st = c.overall_stats;
        Kpis k;
        k.items.push_back({"Expectations met", std::to_string(st.count[0] + st.count[1]) + " / " + std::to_string(st.applicable),
                           "rated P or S" + (st.pending ? " · " + std::to_string(st.pending) + " pending" : std::string())});
        k.items.push_back({"Time to detect", detail::metric_text(c.metrics.detect),
                           c.depth.detected >= 0 ? "at " + detail::stage_label(in, c.depth.detected) : "attack not detected"});
        k.items.push_back({"Time to contain", detail::metric_text(c.metrics.contain),
                           c.depth.contained >= 0 ? "at " + detail::stage_label(in, c.depth.contained)
                                                  : "attack not contained"});
        k.items.push_back({"Attack reached", detail::stage_label(in, c.depth.furthest),
                           c.depth.furthest >= 0 ? "stage " + std::to_string(c.depth.furthest + 1) + " of " +
                                                       std::to_string(c.depth.stages)
                                                 : "no malicious inject delivered"});
        k.items.push_back({"Alert accuracy", percent(c.alerts.accuracy),
                           std::to_string(c.alerts.benign_escalated) + " false positive(s), " +
                               std::to_string(c.alerts.malicious_dismissed) + " missed"});
        if (c.purple.coverage)
            k.items.push_back({"Purple coverage", sc(c.purple.coverage, 0) + "%",
                               std::to_string(c.purple.blocked + c.purple.alerted) + " of " +
                                   std::to_string(c.purple.results.size() - static_cast<size_t>(c.purple.not_applicable)) +
                                   " techniques blocked or alerted"});
        else
            k.items.push_back({"Timeliness", st.timeliness ? sc(st.timeliness, 0) + "%" : "—", "responses within their window"});
        s.blocks.push_back(k);
        s.blocks.push_back(Paragraph{plain(detail::executive_summary(in)), ParagraphKind::summary});

        if (!in.meta.participants.empty()) {
            Text t{{"Participants:", Style::strong}, {" "}};
            for (size_t i = 0; i < in.meta.participants.size(); ++i) {
                const auto& p = in.meta.participants[i];
                std::vector<std::string> where;
                if (!p.role.empty()) where.push_back(names.role(p.role));
                if (!p.team.empty()) where.push_back(names.team(p.team));
                t.push_back({(i ? "; " : "") + p.name});
                if (!where.empty())
                    t.push_back({" (" + where[0] + (where.size() > 1 ? ", " + where[1] : "") + ")", Style::muted});
            }
            s.blocks.push_back(Paragraph{t, ParagraphKind::note});
        }
        Text outcome{{"Outcome: ", Style::strong}, {outcome_text}};
        s.blocks.push_back(Paragraph{outcome});
        Findings top;
        top.none = "None recorded.";
        for (size_t i = 0; i < c.strengths.size() && i < 3; ++i) top.strengths.push_back(finding(c.strengths[i]));
        for (size_t i = 0; i < c.improvements.size() && i < 3; ++i) top.improvements.push_back(finding(c.improvements[i]));
        s.blocks.push_back(Heading{"Top strengths and areas for improvement"});
        s.blocks.push_back(top);
        decisions_that_mattered(s);
    }

    // Decisions whose option rated an expectation, in the order they were taken.
    void decisions_that_mattered(Section& s) {
        std::vector<const ExpectationResult*> rated;
        for (const auto& e : c.expectations)
            if (e.given_source == "option" && e.final_rating && e.decision_seq) rated.push_back(&e);
        if (rated.empty()) return;
        std::stable_sort(rated.begin(), rated.end(),
                         [](const ExpectationResult* a, const ExpectationResult* b) { return a->decision_seq < b->decision_seq; });
        std::map<std::int64_t, std::string> rationale;
        for (const auto& ev : in.journal)
            if (const auto* dm = ev.get<ev::DecisionRecorded>()) rationale[ev.seq] = dm->rationale;
        s.blocks.push_back(Heading{"Decisions that mattered"});
        Table t{{{"#", true}, {"Decision"}, {"On"}, {"Effect"}}, {}, {}};
        std::int64_t last = -1;
        for (const auto* ep : rated) {
            const auto& e = *ep;
            Text effect{{std::string(to_string(e.action)) + " by " + names.by(e.by) + ": "}, rating(e.final_rating)};
            if (e.decision_seq == last) {   // one decision rating several expectations: one row
                t.rows.back().cells[3].push_back({" · "});
                t.rows.back().cells[3].insert(t.rows.back().cells[3].end(), effect.begin(), effect.end());
                continue;
            }
            if (t.rows.size() == 5) break;
            last = e.decision_seq;
            Text what{{names.option_label(e.inject, e.decision_option)}};
            if (const auto r = rationale.find(e.decision_seq); r != rationale.end() && !r->second.empty())
                what.push_back({"“" + r->second + "”", Style::sub});
            t.rows.push_back({{plain(std::to_string(e.decision_seq)), what, plain(names.inject_title(e.inject)), effect}});
        }
        s.blocks.push_back(t);
    }

    void overview() {
        const Scenario& sc = in.scenario;
        Section& s = section("overview", "Exercise overview");
        Table t{{{"Item"}, {"Detail"}}, {}, {}};
        t.rows.push_back({{plain("Exercise"), plain(scenario_title() + " (" + sc.id + " v" + sc.version + ")")}});
        t.rows.push_back({{plain("Date"), plain(or_dash(format_wall(in.meta.started_wall)))}});
        t.rows.push_back({{plain("Type"), plain("Discussion-based cyber tabletop, " + c.mode + " mode" +
                                               (in.meta.practice ? " (practice)" : ""))}});
        std::string teams;
        for (const auto& tm : sc.teams) teams += (teams.empty() ? "" : ", ") + (tm.name.empty() ? tm.id : tm.name);
        t.rows.push_back({{plain("Participating teams"), plain(or_dash(teams))}});
        std::string caps;
        for (const auto& cap : sc.capabilities) caps += (caps.empty() ? "" : ", ") + names.capability(cap.id);
        t.rows.push_back({{plain("Capabilities"), plain(or_dash(caps))}});
        std::string stages;
        for (int i = 0; const Stage* st = sc.attack_stage(i); ++i)
            stages += (stages.empty() ? "" : " → ") + tactic_name(st->tactic, in.catalog);
        t.rows.push_back({{plain("Threat"), plain(std::to_string(sc.attack_stage_count()) + " attack stages: " + or_dash(stages))}});
        s.blocks.push_back(t);
        if (!sc.objectives.empty()) {
            s.blocks.push_back(Heading{"Objectives"});
            Table o{{{"#", true}, {"Objective"}, {"Capability"}}, {}, {}};
            for (size_t i = 0; i < sc.objectives.size(); ++i)
                o.rows.push_back({{plain(std::to_string(i + 1)),
                                   red_objective(sc, sc.objectives[i].id)
                                       ? Text{{"Red cell: ", Style::strong}, {sc.objectives[i].text}}
                                       : plain(sc.objectives[i].text),
                                   plain(names.capability(sc.objectives[i].capability))}});
            s.blocks.push_back(o);
        }
    }

    void feedback() {
        // Given by the caller, else read from the session's feedback.recorded events.
        const auto from_journal = in.feedback.empty() ? feedback_input(in.scenario, in.journal)
                                                      : std::vector<FeedbackSummaryInput>{};
        const auto& feedback = in.feedback.empty() ? from_journal : in.feedback;
        if (feedback.empty()) return;
        Section& s = section("feedback", "Participant feedback");
        Table t{{{"Question"}, {"Answers", true}, {"Mean", true}, {"Spread"}}, {}, {}};
        std::vector<std::string> comments;
        for (const auto& q : feedback) {
            if (!q.scale_answers.empty()) {
                std::vector<int> counts(static_cast<size_t>(std::max(q.scale_max, 1)), 0);
                double sum = 0;
                for (int a : q.scale_answers) {
                    sum += a;
                    if (a >= 1 && a <= q.scale_max) ++counts[static_cast<size_t>(a - 1)];
                }
                std::string spread;
                for (size_t i = 0; i < counts.size(); ++i)
                    spread += (i ? " · " : "") + std::to_string(i + 1) + ": " + std::to_string(counts[i]);
                t.rows.push_back({{plain(q.question), plain(std::to_string(q.scale_answers.size())),
                                   plain(num(sum / static_cast<double>(q.scale_answers.size())) + " / " +
                                         std::to_string(q.scale_max)),
                                   {{spread, Style::muted}}}});
            }
            for (const auto& text : q.free_text)
                if (!text.empty()) comments.push_back(q.question + " — “" + text + "”");
        }
        if (!t.rows.empty()) s.blocks.push_back(t);
        if (!comments.empty()) {
            s.blocks.push_back(Heading{"Comments"});
            s.blocks.push_back(Table{{{"Comment"}}, {}, {}});
            auto& list = std::get<Table>(s.blocks.back());
            for (const auto& text : comments) list.rows.push_back({{plain(text)}});
        }
    }

    void killchain() {
        Section& s = section("killchain", "Attack progression on the kill chain");
        const DetectionDepth& dp = c.depth;
        Ribbon r;
        // Attack stages only: response and recovery stages are not on the kill chain.
        for (size_t i = 0; i < c.stages_reached.size(); ++i) {
            const Stage* st = in.scenario.attack_stage(static_cast<int>(i));
            if (!st) break;
            r.stages.push_back({tactic_name(st->tactic, in.catalog), st->title.empty() ? st->id : st->title,
                                c.stages_reached[i]});
        }
        r.furthest = dp.furthest;
        r.detected = dp.detected;
        r.contained = dp.contained;
        r.detected_label = "Detected +" + detail::metric_text(c.metrics.detect);
        r.contained_label = "Contained +" + detail::metric_text(c.metrics.contain);
        const int reached = static_cast<int>(std::count(c.stages_reached.begin(), c.stages_reached.end(), true));
        std::string cap = "The scenario's stages as ATT&CK tactics, left to right. Shaded stages are those the attack "
                          "reached: " + std::to_string(reached) + " of " + std::to_string(r.stages.size());
        if (dp.furthest >= 0) cap += ", furthest " + detail::stage_label(in, dp.furthest);
        cap += ". Detection depth score " + sc(dp.score) + ": detected " +
               (dp.detected >= 0 ? "at stage " + std::to_string(dp.detected + 1) + " of " + std::to_string(dp.stages) +
                                       " (" + sc(dp.detect_score) + ")"
                                 : std::string("never (0)")) +
               ", contained " +
               (dp.contained >= 0 ? "at stage " + std::to_string(dp.contained + 1) + " (" + sc(dp.contain_score) + ")"
                                  : std::string("never (0)")) +
               "; 100 × (stages − stage) ÷ stages.";
        r.caption = cap;
        s.blocks.push_back(r);
    }

    Row group_row(const GroupScore& g) {
        const auto& k = g.stats.count;
        return {{plain(g.name), plain(std::to_string(g.stats.applicable)), plain(std::to_string(k[0])),
                 plain(std::to_string(k[1])), plain(std::to_string(k[2])), plain(std::to_string(k[3])),
                 score_cell(g.stats.score), score_cell(g.stats.timeliness), strong(sc(g.readiness.index)),
                 {level_badge(g.readiness)}}};
    }
    static std::vector<Column> group_columns(const char* what) {
        return {{what}, {"Rated", true}, {"P", true}, {"S", true}, {"M", true}, {"U", true}, {"Score", true},
                {"Timeliness", true}, {"Readiness", true}, {"Maturity"}};
    }

    void readiness() {
        Section& s = section("readiness", "Readiness index");
        s.blocks.push_back(Paragraph{plain("The index is a weighted mean of the components that have data; components "
                                           "without data are left out and the remaining weights rescaled. Maturity: "
                                           "1 Initial <40, 2 Developing <55, 3 Defined <70, 4 Managed <85, 5 Optimized ≥85.")});
        Table t{{{"Component"}, {"Weight", true}, {"Value", true}, {"Contribution", true}, {"From"}}, {}, {}};
        double wsum = 0;
        for (const auto& comp : c.readiness.components)
            if (comp.value) wsum += comp.weight;
        for (const auto& comp : c.readiness.components) {
            std::string from;
            if (comp.name == "expectations") from = std::to_string(c.overall_stats.applicable) + " rated expectations, weighted";
            else if (comp.name == "timeliness") from = "share of responses within their window";
            else if (comp.name == "detection-depth") from = "tactic where first detected and first contained";
            else if (comp.name == "alert-quality") from = "correct dismiss/escalate verdicts";
            else if (comp.name == "outcome")
                from = c.outcome.red_objectives_score ? "how far the attack got, and red objectives not achieved"
                                                      : "how far the attack got along the kill chain";
            else from = "blocked + alerted + ½ logged techniques";
            t.rows.push_back({{plain(comp.name), plain(num(comp.weight, 0)), score_cell(comp.value),
                               comp.value && wsum > 0 ? plain(num(comp.weight * *comp.value / wsum)) : Text{{"—"}},
                               {{from, Style::muted}}}});
        }
        t.rows.push_back({{plain("Readiness index"), {}, {}, plain(sc(c.readiness.index)), {level_badge(c.readiness)}},
                          false, true});
        s.blocks.push_back(t);
        if (c.model >= 3 && c.outcome.carried_on)
            s.blocks.push_back(Paragraph{plain(
                "Blue contained the attack at " + detail::stage_label(in, c.depth.contained) +
                ", but the red cell carried on to " + detail::stage_label(in, c.outcome.stopped) +
                ": the outcome counts the attack as stopped there.")});
        if (c.model >= 3 && c.outcome.red_objectives_score)
            s.blocks.push_back(Paragraph{plain(
                "Outcome " + sc(c.outcome.score) + " is the mean of how far the attack got (" +
                sc(c.outcome.stage_score) + ") and the share of red objectives not achieved (" +
                sc(c.outcome.red_objectives_score) + ").")});
        if (c.readiness.uncapped)
            s.blocks.push_back(Paragraph{plain(
                std::string(c.outcome.stopped >= c.depth.stages - 1
                                ? "The attack reached the last stage of its kill chain"
                                : "The red cell achieved every objective it had") +
                " and was not contained, so the index is held at " + num(kUncontainedCeiling) +
                " (maturity 3, Defined) instead of the weighted mean " + num(*c.readiness.uncapped) + ".")});
        s.blocks.push_back(Paragraph{{{"Scoring model " + std::to_string(c.model) +
                                           (c.model >= 3   ? " (with the attack's outcome, as far as red really got)."
                                            : c.model == 2 ? " (with the attack's outcome, stopped at containment)."
                                                           : " (sessions started before the outcome counted keep it)."),
                                       Style::muted}}});

        if (!c.teams.empty()) {
            s.blocks.push_back(Heading{"By team"});
            Table tt{{{"Team"}, {"Expectations", true}, {"Timeliness", true}, {"Depth", true}, {"Alert quality", true},
                      {"Purple", true}, {"Readiness", true}, {"Maturity"}},
                     {}, {}};
            for (const auto& team : c.teams)
                tt.rows.push_back({{plain(team.group.name), score_cell(team.group.stats.score),
                                    score_cell(team.group.stats.timeliness), score_cell(team.depth.score),
                                    score_cell(team.alerts.score), score_cell(team.purple.coverage),
                                    strong(sc(team.group.readiness.index)), {level_badge(team.group.readiness)}}});
            s.blocks.push_back(tt);
        }
        if (!c.roles.empty()) {
            s.blocks.push_back(Heading{"By role"});
            Table rt{group_columns("Role"), {}, {}};
            for (const auto& g : c.roles) rt.rows.push_back(group_row(g));
            s.blocks.push_back(rt);
        }
    }

    void capabilities() {
        Section& s = section("capabilities", "Objectives and capabilities");
        if (!c.objectives.empty()) {
            Table t{{{"Objective"}, {"Capability"}, {"Weight", true}, {"Ratings"}, {"Score", true}, {"Result"}}, {}, {}};
            for (size_t i = 0; i < c.objectives.size(); ++i) {
                const auto& g = c.objectives[i];
                const Objective& o = in.scenario.objectives[i];
                if (red_objective(in.scenario, o.id)) continue;   // in the red/blue section
                Text chips;
                for (const auto& id : g.stats.expectations)
                    if (const auto* e = c.expectation(id); e && e->final_rating) chips.push_back(rating(e->final_rating));
                if (chips.empty()) chips.push_back({"—", Style::muted});
                Style style = Style::plain;
                const char* result = objective_result(g.stats.score, style);
                t.rows.push_back({{plain(o.text), plain(names.capability(o.capability)), plain(num(o.weight, 1)), chips,
                                   score_cell(g.stats.score), {{result, style}}}});
            }
            s.blocks.push_back(t);
        }
        if (c.capabilities.empty()) {
            s.blocks.push_back(Paragraph{plain("No expectations were assessed."), ParagraphKind::empty});
            return;
        }
        Bars b;
        for (const auto& g : c.capabilities)
            if (g.stats.score) {
                const double v = std::clamp(*g.stats.score, 0.0, 100.0);
                b.bars.push_back({g.name, v, maturity_level(v),
                                  {g.stats.count[0], g.stats.count[1], g.stats.count[2], g.stats.count[3]}});
            }
        b.thresholds = {0, 40, 55, 70, 85, 100};
        b.caption = "Capability scores: weighted mean of rating points (P 100, S 75, M 40, U 0) after timeliness; "
                    "dashed lines mark the maturity thresholds.";
        if (!b.bars.empty()) s.blocks.push_back(b);
        Table t{group_columns("Capability"), {}, {}};
        for (const auto& g : c.capabilities) t.rows.push_back(group_row(g));
        s.blocks.push_back(t);
        analysis(s);
    }

    // HSEEP's analysis of capabilities: per objective, its strengths and areas
    // for improvement (the findings on its expectations), then those on
    // capabilities no objective covers.
    void analysis(Section& s) {
        auto objective_of = [&](const Finding& f) -> std::string {
            const ExpectationResult* e = f.expectation.empty() ? nullptr : c.expectation(f.expectation);
            return e ? e->objective : std::string();
        };
        for (size_t i = 0; i < c.objectives.size() && i < in.scenario.objectives.size(); ++i) {
            const Objective& o = in.scenario.objectives[i];
            if (red_objective(in.scenario, o.id)) continue;
            Findings f;
            for (const auto& x : c.strengths)
                if (objective_of(x) == o.id) f.strengths.push_back(finding(x));
            for (const auto& x : c.improvements)
                if (objective_of(x) == o.id) f.improvements.push_back(finding(x));
            Style style = Style::plain;
            const char* result = objective_result(c.objectives[i].stats.score, style);
            s.blocks.push_back(Heading{"Objective " + std::to_string(i + 1) + ": " + o.text});
            s.blocks.push_back(Paragraph{{{"Capability: "}, {names.capability(o.capability), Style::strong},
                                          {" · result: "}, {result, style},
                                          {" · score " + sc(c.objectives[i].stats.score)}},
                                         ParagraphKind::note});
            s.blocks.push_back(f);
        }
    }

    void metrics() {
        Section& s = section("metrics", "Time metrics and alert quality");
        s.blocks.push_back(Paragraph{plain("Exercise-clock time from the first malicious inject (" + clock_or_dash(c.start) +
                                           ") to the first evidence of each response; # is the evidence's event."),
                                     ParagraphKind::note});
        Table t{{{"Team"}, {"Detect", true}, {"Acknowledge", true}, {"Escalate", true}, {"Contain", true}, {"Recover", true}},
                {}, {}};
        auto row = [&](const std::string& name, const TimeMetrics& m, bool total) {
            Row r{{plain(name)}, false, total};
            for (const Metric* x : {&m.detect, &m.acknowledge, &m.escalate, &m.contain, &m.recover}) {
                Text cell = plain(detail::metric_text(*x));
                if (x->value) cell.push_back({"#" + std::to_string(x->seq), Style::sub});
                r.cells.push_back(cell);
            }
            t.rows.push_back(r);
        };
        for (const auto& team : c.teams) row(team.group.name, team.metrics, false);
        if (c.teams.size() != 1) row("All teams (earliest)", c.metrics, true);
        s.blocks.push_back(t);

        const auto& q = c.alerts;
        s.blocks.push_back(Heading{"Alert quality"});
        Table a{{{"Alerts"}, {"Delivered", true}, {"Dismissed", true}, {"Escalated", true}, {"No verdict", true}}, {}, {}};
        a.rows.push_back({{plain("Benign (noise, false positives)"), plain(std::to_string(q.benign_total)),
                           {{std::to_string(q.benign_dismissed) + " correct", Style::plain}},
                           {{std::to_string(q.benign_escalated) + " false positive",
                             q.benign_escalated ? Style::bad : Style::plain}},
                           plain(std::to_string(q.benign_total - q.benign_dismissed - q.benign_escalated))}});
        a.rows.push_back({{plain("Malicious (real attack)"), plain(std::to_string(q.malicious_total)),
                           {{std::to_string(q.malicious_dismissed) + " missed",
                             q.malicious_dismissed ? Style::bad : Style::plain}},
                           plain(std::to_string(q.malicious_escalated) + " correct"),
                           plain(std::to_string(q.malicious_total - q.malicious_dismissed - q.malicious_escalated))}});
        s.blocks.push_back(a);
        s.blocks.push_back(Paragraph{{{"Precision (real escalations ÷ all escalations): "},
                                      {percent(q.precision), Style::strong},
                                      {" · Verdict accuracy: "},
                                      {percent(q.accuracy), Style::strong}},
                                     ParagraphKind::note});
    }

    void purple() {
        if (c.mode != "purple" && c.purple.results.empty()) return;
        Section& s = section("purple", "Purple-team outcomes");
        if (c.purple.results.empty()) {
            s.blocks.push_back(Paragraph{plain("No purple outcomes were recorded."), ParagraphKind::empty});
            return;
        }
        s.blocks.push_back(Paragraph{{{"Coverage "},
                                      {sc(c.purple.coverage, 0) + "%", Style::strong},
                                      {" = (blocked + alerted + ½ logged) ÷ techniques assessed (n/a excluded)."}}});
        Tiles tiles;
        tiles.legend = {{"blocked", "Blocked", c.purple.blocked},
                        {"alerted", "Alerted", c.purple.alerted},
                        {"logged", "Logged", c.purple.logged},
                        {"none", "None", c.purple.none},
                        {"n/a", "N/A", c.purple.not_applicable}};
        // Techniques grouped by tactic, in kill-chain order.
        std::map<std::string, std::string> tactic_of;
        for (const auto& o : detail::technique_outcomes(in)) tactic_of.emplace(o.technique, o.tactic);
        const attack::Catalog& cat = in.catalog ? *in.catalog : attack::builtin_catalog();
        std::map<int, TileColumn> columns;
        for (const auto& r : c.purple.results) {
            const auto it = tactic_of.find(r.technique);
            const std::string tactic = it == tactic_of.end() ? std::string() : it->second;
            const attack::Tactic* t = cat.tactic(tactic);
            TileColumn& col = columns[t ? t->order : 99];
            col.title = tactic.empty() ? "Other" : tactic_name(tactic, in.catalog);
            const attack::Technique* tech = cat.technique(r.technique);
            std::string detail = r.detected_at ? "detected " + format_clock(*r.detected_at) : std::string();
            if (!r.team.empty()) detail += (detail.empty() ? "" : " · ") + names.team(r.team);
            if (!r.note.empty()) detail += (detail.empty() ? "" : " · ") + r.note;
            col.tiles.push_back({r.technique, tech ? tech->name : std::string(), to_string(r.outcome), detail});
        }
        for (auto& [order, col] : columns) tiles.columns.push_back(std::move(col));
        s.blocks.push_back(tiles);
    }

    // Red against blue: the contest as the engine adjudicated it, move by move,
    // and the two scorecards side by side.
    void red() {
        if (c.mode == "blue" && c.red.moves.empty()) return;
        Section& s = section("red", "Red against blue");
        const RedStats& r = c.red;
        s.blocks.push_back(Paragraph{plain(detail::red_sentence(in)), ParagraphKind::lede});
        auto count = [&](const char* k) {
            const auto it = r.adjudicated.find(k);
            return it == r.adjudicated.end() ? 0 : it->second;
        };
        const std::string dwell = r.dwell ? format_duration(*r.dwell) + (r.dwell_to_end ? " (never seen)" : "") : "—";
        s.blocks.push_back(Kpis{{{"Stages reached", std::to_string(r.stages_reached) + " / " + std::to_string(r.stages_total),
                                  "furthest: " + detail::stage_label(in, r.furthest)},
                                 {"Dwell time", dwell, "undetected on the exercise clock"},
                                 {"Objectives achieved",
                                  r.objectives.empty() ? "—"
                                                       : std::to_string(r.objectives_achieved) + " / " +
                                                             std::to_string(r.objectives.size()),
                                  r.objectives.empty() ? "no red objectives in the scenario" : "the red cell's own"},
                                 {"Moves unseen", std::to_string(r.undetected) + " / " + std::to_string(r.moves.size()),
                                  "never blocked, alerted or found by a hunt"},
                                 {"Cut off at", r.cut_off >= 0 ? detail::stage_label(in, r.cut_off) : "never",
                                  r.cut_off >= 0 ? "stage " + std::to_string(r.cut_off + 1) + " of " +
                                                       std::to_string(r.stages_total)
                                                 : "blue did not contain the attack"}}});
        side_by_side(s, count);
        moves_table(s);
        red_objectives(s);
    }

    template <class Count>
    void side_by_side(Section& s, Count&& count) {
        const RedStats& r = c.red;
        s.blocks.push_back(Heading{"Scorecards side by side"});
        Table t{{{"Measure"}, {"Red cell"}, {"Blue (defenders)"}}, {}, {}};
        t.rows.push_back({{plain("How far the attack got"),
                           plain(r.furthest >= 0 ? detail::stage_label(in, r.furthest) + ", " +
                                                       std::to_string(r.stages_reached) + " of " +
                                                       std::to_string(r.stages_total) + " stages"
                                                 : std::string("no stage reached")),
                           r.cut_off >= 0 ? Text{{"cut off at " + detail::stage_label(in, r.cut_off) + " after " +
                                                      detail::metric_text(c.metrics.contain),
                                                  Style::good}}
                                          : Text{{"never contained", Style::bad}}}});
        t.rows.push_back({{plain("Detection"), plain("unseen for " + (r.dwell ? format_duration(*r.dwell) : "—") +
                                                     (r.dwell_to_end ? " — the whole exercise" : "")),
                           r.first_detected >= 0 ? Text{{"first detected at " + detail::stage_label(in, r.first_detected) +
                                                             " after " + detail::metric_text(c.metrics.detect),
                                                         Style::good}}
                                                 : Text{{"never detected", Style::bad}}}});
        int blue_met = 0, blue_total = 0;
        for (const auto& g : c.objectives)
            if (!red_objective(in.scenario, g.id)) {
                ++blue_total;
                blue_met += g.stats.score && *g.stats.score >= 75;
            }
        t.rows.push_back({{plain("Objectives"),
                           plain(r.objectives.empty() ? std::string("none set")
                                                      : std::to_string(r.objectives_achieved) + " of " +
                                                            std::to_string(r.objectives.size()) + " achieved"),
                           plain(blue_total ? std::to_string(blue_met) + " of " + std::to_string(blue_total) + " met"
                                            : std::string("none set"))}});
        const int seen = static_cast<int>(r.moves.size()) - r.undetected;
        t.rows.push_back({{plain("Moves"),
                           r.adjudicated.empty()
                               ? plain(std::to_string(r.moves.size()) + " played, " + std::to_string(r.undetected) + " unseen")
                               : plain(std::to_string(r.moves.size()) + " played: " + std::to_string(count("blocked")) +
                                       " blocked · " + std::to_string(count("alerted")) + " alerted · " +
                                       std::to_string(count("logged")) + " logged · " + std::to_string(count("unseen")) +
                                       " unseen"),
                           plain(std::to_string(seen) + " of " + std::to_string(r.moves.size()) + " seen" +
                                 (r.hunted ? ", " + std::to_string(r.hunted) + " of them by a hunt" : std::string()))}});
        t.rows.push_back({{plain("Score"),
                           r.expectations.applicable ? plain("red expectations " + sc(r.expectations.score))
                                                     : Text{{"no red expectations rated", Style::muted}},
                           {{"readiness " + sc(c.readiness.index), Style::strong},
                            {c.readiness.index ? " · level " + std::to_string(c.readiness.level) + " " +
                                                     maturity_name(c.readiness.level)
                                               : std::string()}}}});
        s.blocks.push_back(t);
    }

    static Style outcome_style(const std::string& o) {
        if (o == "blocked" || o == "alerted") return Style::good;
        if (o == "logged") return Style::fair;
        return o == "none" ? Style::bad : Style::muted;
    }

    void moves_table(Section& s) {
        const RedStats& r = c.red;
        if (r.moves.empty()) return;
        s.blocks.push_back(Heading{"Red moves, stage by stage"});
        s.blocks.push_back(Paragraph{plain("Outcome: blocked (a control stopped it), alerted (an alert reached the "
                                           "defenders), logged (only in the logs: a hunt can find it), none (nothing "
                                           "recorded it). Decided by: the posture, a flag blue set, a seeded roll, or the "
                                           "white cell's override with its reason. Times are on the exercise clock."),
                                     ParagraphKind::note});
        Table t{{{"Stage"}, {"Move"}, {"Technique"}, {"Outcome"}, {"Decided by"}, {"Blue detected it"}}, {}, {}};
        for (const auto& m : r.moves) {
            std::string move = m.move;
            if (const RedMove* rm = in.scenario.red_move(m.stage, m.move); rm && !rm->description.empty())
                move = rm->description;
            const attack::Technique* tech = catalog().technique(m.technique);
            Text technique{{m.technique, Style::code}};
            if (tech) technique.push_back({tech->name, Style::sub});
            const std::string outcome = !m.adjudicated.empty() ? m.adjudicated
                                        : !m.outcome.empty()   ? m.outcome
                                                               : std::string();
            Text out = outcome.empty() ? Text{{"not adjudicated", Style::muted}}
                                       : Text{{outcome == "none" ? "none (unseen)" : outcome, outcome_style(outcome)}};
            if (m.hunted) out.push_back({"revealed by a hunt", Style::sub});
            Text by;
            if (m.source == "override") {
                by.push_back({"OVERRIDE", Style::bad});
                by.push_back({" by " + (m.override_by.empty() ? std::string("the white cell") : m.override_by) +
                              ": " + m.engine_outcome + " → " + m.adjudicated});
                by.push_back({"Reason: " + m.override_reason, Style::sub});
            } else if (!m.source.empty()) {
                by.push_back({m.source});
                if (!m.control.empty()) by.push_back({m.control, Style::sub});
                for (const auto& roll : m.rolls) by.push_back({roll, Style::sub});
            } else {
                by.push_back({m.outcome.empty() ? "no posture: " + m.why : m.why, Style::muted});
            }
            // A move chosen ahead takes effect when its stage begins: time it from then.
            const bool took_effect = m.executed_at != kNoTime;
            const ExTime at = took_effect ? m.executed_at : m.t;
            Text seen = m.detected_at != kNoTime
                            ? Text{{format_clock(m.detected_at), Style::good},
                                   {m.detected_at >= at ? "+" + format_duration(m.detected_at - at) + " after it took effect"
                                                        : std::string("before it took effect"),
                                    Style::sub}}
                            : Text{{m.detected ? "yes" : "never", m.detected ? Style::good : Style::bad}};
            t.rows.push_back({{{{detail::stage_label(in, m.stage_index)},
                                {(took_effect ? "took effect " : "played ") + format_clock(at), Style::sub}},
                               plain(move), technique, out, by, seen}});
        }
        s.blocks.push_back(t);
    }

    void red_objectives(Section& s) {
        const RedStats& r = c.red;
        if (r.objectives.empty()) return;
        s.blocks.push_back(Heading{"Red objectives"});
        s.blocks.push_back(Paragraph{plain("Objectives whose expectations are the red team's; achieved when their "
                                           "weighted score is at least 75. Good news for the red cell is bad news for "
                                           "the organisation, so an achieved objective is shown in red."),
                                     ParagraphKind::note});
        Table t{{{"Objective"}, {"Ratings"}, {"Score", true}, {"Result"}}, {}, {}};
        for (const auto& o : r.objectives) {
            Text chips;
            for (const auto& id : o.stats.expectations)
                if (const auto* e = c.expectation(id); e && e->final_rating) chips.push_back(rating(e->final_rating));
            if (chips.empty()) chips.push_back({"not rated", Style::muted});
            t.rows.push_back({{plain(o.text), chips, score_cell(o.stats.score),
                               {{o.achieved ? "Achieved" : "Not achieved", o.achieved ? Style::bad : Style::good}}}});
        }
        s.blocks.push_back(t);
    }

    FindingItem finding(const Finding& f) {
        FindingItem item{finding_text(f, in.scenario, c, in.catalog), {}};
        if (!f.expectation.empty()) item.sources.push_back("expectation " + f.expectation);
        if (!f.inject.empty()) item.sources.push_back("inject " + f.inject);
        if (!f.capability.empty()) item.sources.push_back(names.capability(f.capability));
        if (!f.decision_option.empty()) item.sources.push_back("decision " + f.decision_option);
        if (f.seq) item.sources.push_back("event #" + std::to_string(f.seq));
        return item;
    }

    void findings() {
        Section& s = section("findings", "Strengths and areas for improvement", true);
        Findings f;
        for (const auto& x : c.strengths) f.strengths.push_back(finding(x));
        for (const auto& x : c.improvements) f.improvements.push_back(finding(x));
        s.blocks.push_back(f);
    }

    static Text status_cell(ActionStatus st, bool earlier) {
        const Style style = st == ActionStatus::done ? Style::good : st == ActionStatus::open ? Style::bad : Style::fair;
        if (!earlier) return {{to_string(st), style}};
        return {{st == ActionStatus::done ? std::string("closed") : "still " + std::string(to_string(st)), style}};
    }

    void plan() {
        Section& s = section("plan", "Improvement plan");
        s.blocks.push_back(Paragraph{plain("The plan in HSEEP's form: one row per corrective action, with the area for "
                                           "improvement it answers. Organisation, point of contact, dates and status are "
                                           "kept with `ttx actions set` or in the console's improvement-plan view."),
                                     ParagraphKind::note});
        if (in.actions.empty())
            s.blocks.push_back(Paragraph{plain("No improvement actions: every assessed expectation was rated P or S, no "
                                               "technique was missed or caught late and no note was marked as an action."),
                                         ParagraphKind::empty});
        else {
            Table t{{{"#", true}, {"Capability"}, {"Area for improvement"}, {"Corrective action"}, {"Responsible"},
                     {"Start – completion"}, {"Status"}},
                    {}, {}};
            for (const auto& a : in.actions) {
                Text who{{a.organisation.empty() ? "unassigned" : a.organisation,
                          a.organisation.empty() ? Style::muted : Style::plain}};
                if (!a.owner.empty()) who.push_back({"POC: " + a.owner, Style::sub});
                t.rows.push_back({{plain(std::to_string(a.number)),
                                   plain(a.capability.empty() ? "—" : names.capability(a.capability)),
                                   plain(or_dash(a.area)),
                                   {{a.text},
                                    {"source: " + a.key + (a.source_seq ? " · #" + std::to_string(a.source_seq) : ""), Style::sub}},
                                   who, dates(a), status_cell(a.status, false)}});
            }
            s.blocks.push_back(t);
        }
        attack_plan(s);
        if (in.earlier.empty()) return;
        int closed = 0;
        for (const auto& a : in.earlier) closed += a.status == ActionStatus::done;
        s.blocks.push_back(Heading{"Follow-up on earlier actions"});
        s.blocks.push_back(Paragraph{plain(std::to_string(closed) + " of " + std::to_string(in.earlier.size()) +
                                           " actions from earlier exercises of the same teams are closed.")});
        Table t{{{"Session"}, {"Date"}, {"#", true}, {"Action"}, {"Owner"}, {"Due"}, {"Status"}}, {}, {}};
        for (const auto& a : in.earlier)
            t.rows.push_back({{plain(a.session), plain(format_date(a.session_started)), plain(std::to_string(a.number)),
                               plain(a.text), plain(a.owner.empty() ? "unassigned" : a.owner), plain(or_dash(a.due)),
                               status_cell(a.status, true)}});
        s.blocks.push_back(t);
    }

    static Text dates(const ImprovementAction& a) {
        if (a.start.empty() && a.due.empty()) return {{"not scheduled", Style::muted}};
        return plain((a.start.empty() ? "?" : a.start) + " – " + (a.due.empty() ? "?" : a.due));
    }

    // "A, B, C +2 more".
    template <class T, class F>
    static Text capped(const std::vector<T>& items, size_t limit, F&& label) {
        Text t;
        for (size_t i = 0; i < items.size() && i < limit; ++i) t.push_back({(i ? ", " : "") + label(items[i])});
        if (items.size() > limit) t.push_back({" +" + std::to_string(items.size() - limit) + " more", Style::muted});
        if (t.empty()) t.push_back({"none in the catalog", Style::muted});
        return t;
    }

    void attack_plan(Section& s) {
        s.blocks.push_back(Heading{"Closing the ATT&CK gaps"});
        if (gaps.empty()) {
            s.blocks.push_back(Paragraph{plain("No technique of the attack was missed or caught late."), ParagraphKind::empty});
            return;
        }
        s.blocks.push_back(Paragraph{
            plain("Each technique the defenders missed or caught late, with the ATT&CK detection strategies (DET) that "
                  "detect it, the data components (DC) and log sources those rely on, and the mitigations (M) that "
                  "apply, broadest first. The actions above take each detection strategy once and the fewest "
                  "mitigations that cover every gap; the ATT&CK " + catalog().version +
                  " catalog names the rest. `ttx report --format detections` writes them as a Navigator layer."),
            ParagraphKind::note});
        Table t{{{"Technique"}, {"Gap"}, {"Detection strategies"}, {"Relies on"}, {"Mitigations"}}, {}, {}};
        for (const auto& g : gaps) {
            Text tech{{g.technique, Style::code}, {" " + g.name}, {tactic_name(g.tactic, in.catalog), Style::sub}};
            Text gap{{g.gap == "missed" ? "missed" : "caught late", g.gap == "missed" ? Style::bad : Style::fair},
                     {g.why, Style::sub}};
            Text dets = capped(g.detections, 3, [](const DetectionAdvice& d) { return d.id + " " + d.name; });
            std::vector<NamedId> dcs;
            std::vector<std::string> sources;
            for (const auto& d : g.detections) {
                for (const auto& dc : d.data_components)
                    if (std::none_of(dcs.begin(), dcs.end(), [&](const NamedId& x) { return x.id == dc.id; }))
                        dcs.push_back(dc);
                for (const auto& src : d.log_sources)
                    if (std::find(sources.begin(), sources.end(), src) == sources.end()) sources.push_back(src);
            }
            Text relies = capped(dcs, 5, [](const NamedId& x) { return x.id + " " + x.name; });
            if (!sources.empty()) {
                std::string line = "Log sources: ";
                for (size_t i = 0; i < sources.size() && i < 3; ++i) line += (i ? "; " : "") + sources[i];
                if (sources.size() > 3) line += " +" + std::to_string(sources.size() - 3) + " more";
                relies.push_back({line, Style::sub});
            }
            Text mits = capped(g.mitigations, 4, [](const NamedId& m) { return m.id + " " + m.name; });
            t.rows.push_back({{tech, gap, dets, relies, mits}});
        }
        s.blocks.push_back(t);
    }

    const attack::Catalog& catalog() const { return in.catalog ? *in.catalog : attack::builtin_catalog(); }

    void evaluation() {
        Section& s = section("evaluation", "Expectation evaluation", true);
        s.blocks.push_back(Paragraph{plain("Every expectation of the scenario, with the rating given, when the team "
                                           "responded, and what counts after timeliness. “↓ late” marks a response after "
                                           "the deadline, which drops the rating one level. Event numbers (#) refer to "
                                           "the session journal."),
                                     ParagraphKind::note});
        Table t{{{"Expectation"}, {"Inject"}, {"Deadline"}, {"Response"}, {"Given"}, {"Final"}, {"Points", true}}, {}, {}};
        for (const auto& e : c.expectations) {
            Text exp{{e.id, Style::strong},
                     {std::string(to_string(e.action)) + " by " + names.by(e.by) + " · " + names.capability(e.capability) +
                          " · weight " + num(e.weight, 1),
                      Style::sub}};
            if (e.state == ExpectationState::not_applicable) {
                t.rows.push_back({{exp, plain(names.inject_title(e.inject)),
                                   {{"not applicable: inject never delivered", Style::muted}}}});
                continue;
            }
            Text response = e.response_at == kNoTime
                                ? Text{{"none", Style::muted}}
                                : Text{{format_clock(e.response_at)},
                                       {e.response_kind + " #" + std::to_string(e.response_seq), Style::sub}};
            Text given{{"—", Style::muted}};
            if (e.given)
                given = {rating(e.given),
                         {" " + e.given_source + " #" + std::to_string(e.given_seq) +
                              (e.decision_option.empty() ? std::string() : ", option " + e.decision_option),
                          Style::muted}};
            if (!e.note.empty()) given.push_back({"“" + e.note + "”", Style::sub});
            Text fin = e.state == ExpectationState::pending ? Text{{"pending", Style::muted}} : Text{rating(e.final_rating)};
            if (e.late) fin.push_back({"↓ late", Style::flag});
            if (e.no_response) fin.push_back({"no response", Style::flag});
            if (!e.wrong_response.empty()) fin.push_back({e.wrong_response + " instead", Style::flag});
            t.rows.push_back({{exp,
                               {{names.inject_title(e.inject)}, {"delivered " + format_clock(e.delivered_at), Style::sub}},
                               plain(clock_or_dash(e.deadline)), response, given, fin,
                               plain(e.final_rating ? num(e.points, 0) : "—")}});
        }
        s.blocks.push_back(t);

        Table retracted{{{"Expectation"}, {"Time"}, {"Rating"}, {"Source"}, {"Note"}}, {}, {}};
        for (const auto& e : c.expectations)
            for (const auto& r : e.audit)
                if (r.retracted)
                    retracted.rows.push_back({{plain(e.id), plain(format_clock(r.t)), plain(to_string(r.rating)),
                                               plain(r.source + " #" + std::to_string(r.seq)), plain(r.note)},
                                              true});
        if (!retracted.rows.empty()) {
            s.blocks.push_back(Heading{"Retracted ratings"});
            s.blocks.push_back(retracted);
        }
    }

    static const char* icon(detail::EntryKind k) {
        switch (k) {
        case detail::EntryKind::inject: return "▶ ";
        case detail::EntryKind::decision: return "◆ ";
        case detail::EntryKind::rating: return "★ ";
        case detail::EntryKind::red: return "✦ ";
        default: return "";
        }
    }

    void timeline() {
        Section& s = section("timeline", "Timeline of injects and decisions", true);
        // Every journal starts with session.started, which has a line.
        if (in.journal.empty()) {
            s.blocks.push_back(Paragraph{plain("The journal is empty."), ParagraphKind::empty});
            return;
        }
        Table t{{{"Time"}, {"#", true}, {"Event"}}, {}, {}};
        t.streamed_rows = [&input = in, names = std::make_shared<const detail::Names>(in.scenario)](
                              const std::function<void(const Row&)>& sink) {
            // One row, refilled per entry: its strings keep their buffers (a
            // million-event timeline would otherwise allocate and copy every cell).
            Row row;
            row.cells.resize(3);
            row.cells[0].resize(1);
            row.cells[1].resize(1);
            detail::for_each_timeline_entry(input, *names, [&](const detail::TimelineEntry& e) {
                const bool key = e.kind == detail::EntryKind::inject || e.kind == detail::EntryKind::decision;
                row.cells[0][0].text = format_clock(e.t);
                row.cells[1][0].text = std::to_string(e.seq);
                Text& what = row.cells[2];
                what.resize(1 + (e.retracted ? 1 : 0) + (e.detail.empty() ? 0 : 1));
                what[0].text.assign(icon(e.kind)).append(e.what);
                what[0].style = e.retracted ? Style::struck : key ? Style::strong : Style::plain;
                if (e.retracted) what[1] = {" (retracted)"};
                if (!e.detail.empty()) {
                    what.back().text.assign(e.detail);
                    what.back().style = Style::sub;
                }
                row.retracted = e.retracted;
                sink(row);
            });
        };
        s.blocks.push_back(std::move(t));
    }

    void method() {
        Section& s = section("method", "Appendix: how the scores are computed");
        s.blocks.push_back(Paragraph{
            plain("Each expectation earns points for its rating: P (performed without challenges) 100, S (some "
                  "challenges) 75, M (major challenges) 40, U (unable to be performed) 0. The latest non-retracted rating "
                  "counts; a matching status with no rating counts as P. A response after the expectation's deadline "
                  "drops the rating one level; no response by the end is U. Expectations of injects never delivered are "
                  "not applicable. Capability, objective, team and role scores are weighted means over their "
                  "expectations. Detection depth is the mean of 100×(stages − stage detected)/stages and the same for "
                  "containment. The readiness index weighs expectations 50, timeliness 15, detection depth 15, alert "
                  "quality 10 and purple coverage 10, over the components with data. Full model: docs/scoring.md."),
            ParagraphKind::note});
    }

    void footer() {
        d.footer = "Generated by ttx from " + std::to_string(c.events) + " journal events (" + std::to_string(c.retracted) +
                   " retracted) · session " + in.meta.id + " · scenario " + in.scenario.id + " v" + in.scenario.version +
                   (in.meta.scenario_sha256.empty() ? std::string()
                                                    : " · sha256 " + in.meta.scenario_sha256.substr(0, 16) + "…") +
                   " · report schema " + kJsonSchema;
    }
};

} // namespace

Document build_document(const ReportInput& in) {
    Builder b(in);
    b.cover();
    b.summary();
    b.overview();
    b.killchain();
    b.readiness();
    b.capabilities();
    b.metrics();
    b.purple();
    b.red();
    b.findings();
    b.plan();
    b.evaluation();
    b.timeline();
    b.feedback();
    b.method();
    b.footer();
    // Numbered in the order they appear; the appendix is not.
    int n = 0;
    for (auto& sec : b.d.sections)
        if (sec.id != "method") sec.title = std::to_string(++n) + ". " + sec.title;
    return std::move(b.d);
}

} // namespace sim::report::doc
