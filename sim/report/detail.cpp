// sim/report/detail.cpp — timeline, summary and technique outcomes shared by the renderers.
#include "sim/report/detail.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_set>

namespace sim::report::detail {

using namespace sim::scoring;

namespace {
std::string str(const nlohmann::json& d, const char* key) {
    if (!d.is_object()) return {};
    auto it = d.find(key);
    return it != d.end() && it->is_string() ? it->get<std::string>() : std::string();
}
bool flag(const nlohmann::json& d, const char* key) {
    if (!d.is_object()) return false;
    auto it = d.find(key);
    return it != d.end() && it->is_boolean() && it->get<bool>();
}
std::string join(const std::vector<std::string>& v, const std::string& sep) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i) out += sep;
        out += v[i];
    }
    return out;
}
} // namespace

// ---- Names ---------------------------------------------------------------------------

Names::Names(const Scenario& sc) : sc_(sc) {
    for (const auto& i : sc.injects) injects_.emplace(i.id, &i);
    for (size_t i = 0; i < sc.stages.size(); ++i) stages_.emplace(sc.stages[i].id, static_cast<int>(i));
}

const Inject* Names::inject(const std::string& id) const {
    auto it = injects_.find(id);
    return it == injects_.end() ? nullptr : it->second;
}

std::string Names::inject_title(const std::string& id) const {
    const Inject* i = inject(id);
    return i && !i->title.empty() ? i->title : id;
}

std::string Names::team(const std::string& id) const {
    const Team* t = sc_.team(id);
    return t && !t->name.empty() ? t->name : id;
}

std::string Names::role(const std::string& id) const {
    const Role* r = sc_.role(id);
    return r && !r->name.empty() ? r->name : id;
}

std::string Names::by(const std::string& id) const { return sc_.team(id) ? team(id) : role(id); }

std::string Names::capability(const std::string& id) const {
    const Capability* c = sc_.capability(id);
    return c && !c->name.empty() ? c->name : id;
}

std::string Names::option_label(const std::string& inject_id, const std::string& option) const {
    const Inject* i = inject(inject_id);
    const Option* o = i && i->decision ? i->decision->option(option) : nullptr;
    return o && !o->label.empty() ? o->label : option;
}

int Names::stage_index(const std::string& id) const {
    auto it = stages_.find(id);
    return it == stages_.end() ? -1 : it->second;
}

std::string Names::stage_tactic(const std::string& id) const {
    int i = stage_index(id);
    return i < 0 ? std::string() : sc_.stages[static_cast<size_t>(i)].tactic;
}

// ---- small formatters ------------------------------------------------------------------

std::string metric_text(const Metric& m) { return m.value ? format_duration(*m.value) : "—"; }

std::string score_text(const std::optional<double>& v, int decimals) {
    if (!v) return "—";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
    return buf;
}

std::string stage_label(const ReportInput& in, int i) {
    if (i < 0 || i >= static_cast<int>(in.scenario.stages.size())) return "—";
    return tactic_name(in.scenario.stages[static_cast<size_t>(i)].tactic, in.catalog);
}

std::string score_color(double score) {
    // #d73027 (0) -> #fee08b (50) -> #1a9850 (100)
    struct Rgb { double r, g, b; };
    const Rgb lo{0xd7, 0x30, 0x27}, mid{0xfe, 0xe0, 0x8b}, hi{0x1a, 0x98, 0x50};
    double s = std::clamp(score, 0.0, 100.0);
    Rgb a = s < 50 ? lo : mid, b = s < 50 ? mid : hi;
    double f = s < 50 ? s / 50 : (s - 50) / 50;
    auto mix = [&](double x, double y) { return static_cast<int>(std::lround(x + (y - x) * f)); };
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b));
    return buf;
}

// ---- timeline --------------------------------------------------------------------------

std::vector<TimelineEntry> timeline(const ReportInput& in, const Names& names) {
    const auto retracted_list = retracted_seqs(in.journal);
    const std::unordered_set<std::int64_t> retracted(retracted_list.begin(), retracted_list.end());
    std::vector<TimelineEntry> out;
    out.reserve(in.journal.size());
    for (const auto& ev : in.journal) {
        const auto& d = ev.data;
        TimelineEntry e;
        e.t = ev.t;
        e.seq = ev.seq;
        e.retracted = retracted.count(ev.seq) != 0;
        if (ev.kind == "inject.delivered") {
            const Inject* inj = names.inject(str(d, "inject"));
            e.kind = EntryKind::inject;
            e.what = "Inject delivered: " + names.inject_title(str(d, "inject"));
            std::vector<std::string> parts;
            std::string tactic = names.stage_tactic(str(d, "stage"));
            if (!tactic.empty()) parts.push_back(tactic_name(tactic, in.catalog));
            std::vector<std::string> teams;
            if (d.is_object() && d.contains("teams") && d["teams"].is_array())
                for (const auto& t : d["teams"])
                    if (t.is_string()) teams.push_back(names.team(t.get<std::string>()));
            if (!teams.empty()) parts.push_back("to " + join(teams, ", "));
            if (inj) {
                parts.push_back("via " + inj->channel);
                parts.push_back(std::string("severity ") + to_string(inj->severity));
                if (inj->benign) parts.push_back("benign");
                if (!inj->techniques.empty()) parts.push_back(join(inj->techniques, ", "));
            }
            std::string cause = str(d, "cause");
            if (!cause.empty()) parts.push_back("trigger: " + cause);
            e.detail = join(parts, " · ");
        } else if (ev.kind == "inject.skipped") {
            e.kind = EntryKind::inject;
            e.what = "Inject skipped: " + names.inject_title(str(d, "inject"));
            e.detail = str(d, "reason");
        } else if (ev.kind == "inject.status") {
            e.kind = EntryKind::status;
            e.what = names.team(str(d, "team")) + " marked \"" + names.inject_title(str(d, "inject")) + "\" " +
                     str(d, "status");
            std::vector<std::string> who;
            if (!str(d, "participant").empty()) who.push_back(str(d, "participant"));
            if (!str(d, "role").empty()) who.push_back(names.role(str(d, "role")));
            e.detail = join(who, ", ");
        } else if (ev.kind == "decision.recorded") {
            e.kind = EntryKind::decision;
            const std::string inject = str(d, "inject");
            e.what = "Decision on \"" + names.inject_title(inject) + "\": " + names.option_label(inject, str(d, "option"));
            std::vector<std::string> parts;
            std::vector<std::string> who;
            if (!str(d, "participant").empty()) who.push_back(str(d, "participant"));
            if (!str(d, "role").empty()) who.push_back(names.role(str(d, "role")));
            if (!str(d, "team").empty()) who.push_back(names.team(str(d, "team")));
            if (!who.empty()) parts.push_back("by " + join(who, ", "));
            if (flag(d, "timed_out")) parts.push_back("timed out: default option taken");
            if (flag(d, "automated")) parts.push_back("automated (SOAR playbook)");
            if (!str(d, "rationale").empty()) parts.push_back("rationale: " + str(d, "rationale"));
            e.detail = join(parts, " · ");
        } else if (ev.kind == "expectation.rated") {
            e.kind = EntryKind::rating;
            e.what = "Expectation " + str(d, "expectation") + " rated " + str(d, "rating") + " (" + str(d, "source") + ")";
            std::vector<std::string> parts;
            if (!str(d, "by").empty()) parts.push_back("by " + str(d, "by"));
            if (!str(d, "note").empty()) parts.push_back(str(d, "note"));
            e.detail = join(parts, " · ");
        } else if (ev.kind == "note.added") {
            e.kind = EntryKind::note;
            e.what = "Note by " + (str(d, "author").empty() ? std::string("facilitator") : str(d, "author")) +
                     (str(d, "role").empty() ? std::string() : " (" + str(d, "role") + ")") +
                     (flag(d, "action") ? " — improvement action" : "");
            e.detail = str(d, "text");
            if (!str(d, "inject").empty()) e.detail += " [on \"" + names.inject_title(str(d, "inject")) + "\"]";
        } else if (ev.kind == "red.move") {
            e.kind = EntryKind::red;
            std::string tactic = names.stage_tactic(str(d, "stage"));
            e.what = "Red move" + (tactic.empty() ? std::string() : " at " + tactic_name(tactic, in.catalog)) + ": " +
                     str(d, "move") + " (" + str(d, "technique") + ")";
            auto it = in.scenario.red_moves.find(str(d, "stage"));
            if (it != in.scenario.red_moves.end())
                for (const auto& m : it->second)
                    if (m.id == str(d, "move")) e.detail = m.observable.empty() ? m.description : m.observable;
        } else if (ev.kind == "purple.outcome") {
            e.kind = EntryKind::purple;
            e.what = "Purple outcome for " + str(d, "technique") + ": " + str(d, "outcome");
            std::vector<std::string> parts;
            if (!str(d, "team").empty()) parts.push_back(names.team(str(d, "team")));
            if (d.is_object() && d.contains("detected_at") && d["detected_at"].is_number_integer())
                parts.push_back("detected at " + format_clock(d["detected_at"].get<ExTime>()));
            if (!str(d, "note").empty()) parts.push_back(str(d, "note"));
            e.detail = join(parts, " · ");
        } else if (ev.kind == "session.started") {
            e.kind = EntryKind::control;
            e.what = "Session started (" + str(d, "mode") + " mode)";
        } else if (ev.kind == "exercise.running") {
            e.kind = EntryKind::control;
            e.what = "Exercise running";
        } else if (ev.kind == "exercise.paused" || ev.kind == "exercise.resumed") {
            e.kind = EntryKind::control;
            e.what = ev.kind == "exercise.paused" ? "Exercise paused" : "Exercise resumed";
        } else if (ev.kind == "exercise.ended") {
            e.kind = EntryKind::control;
            std::string ending = str(d, "ending");
            std::string title = ending;
            for (const auto& en : in.scenario.endings)
                if (en.id == ending && !en.title.empty()) title = en.title;
            e.what = "Exercise ended" + (ending.empty() ? std::string(" by the facilitator") : ": " + title);
        } else if (ev.kind == "hotwash.started") {
            e.kind = EntryKind::control;
            e.what = "Hotwash started";
        } else if (ev.kind == "entry.retracted") {
            e.kind = EntryKind::control;
            std::int64_t target = d.is_object() && d.contains("seq") && d["seq"].is_number_integer()
                                      ? d["seq"].get<std::int64_t>()
                                      : 0;
            e.what = "Entry #" + std::to_string(target) + " retracted";
            e.detail = str(d, "reason");
        } else {
            continue;                   // clock ticks, briefing, close: not worth a line
        }
        out.push_back(std::move(e));
    }
    return out;
}

// ---- summary ---------------------------------------------------------------------------

std::string executive_summary(const ReportInput& in) {
    const Scorecard& c = in.card;
    std::string s = (in.scenario.title.empty() ? in.scenario.id : in.scenario.title) + " was run in " + c.mode +
                    " mode" + (c.practice ? " as a practice session" : "");
    if (!in.meta.participants.empty()) s += " with " + std::to_string(in.meta.participants.size()) + " participants";
    s += ". ";
    if (c.readiness.index)
        s += "Overall readiness is " + score_text(c.readiness.index) + " out of 100: maturity level " +
             std::to_string(c.readiness.level) + " (" + maturity_name(c.readiness.level) + "). ";
    else
        s += "No readiness index yet: nothing has been rated. ";
    const auto& st = c.overall_stats;
    if (st.applicable > 0)
        s += std::to_string(st.count[0] + st.count[1]) + " of " + std::to_string(st.applicable) +
             " expectations were met (P or S); " + std::to_string(st.count[2] + st.count[3]) +
             " need improvement (M or U). ";
    const DetectionDepth& d = c.depth;
    if (d.first_reached >= 0) {
        if (d.detected >= 0)
            s += "The attack was first detected at " + stage_label(in, d.detected) + ", " +
                 metric_text(c.metrics.detect) + " after it began";
        else
            s += "The attack was never detected";
        if (d.contained >= 0)
            s += ", and contained at " + stage_label(in, d.contained) + " after " + metric_text(c.metrics.contain);
        else
            s += ", and never contained";
        s += "; it reached " + stage_label(in, d.furthest) + ". ";
    }
    if (c.alerts.accuracy)
        s += "Alert verdicts were " + score_text(*c.alerts.accuracy * 100, 0) + "% correct. ";
    if (c.purple.coverage) s += "Purple-team detection coverage is " + score_text(c.purple.coverage, 0) + "%. ";
    if (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

// ---- technique outcomes ------------------------------------------------------------------

std::vector<TechniqueOutcome> technique_outcomes(const ReportInput& in) {
    const Scorecard& c = in.card;
    const Names names(in.scenario);
    const attack::Catalog& cat = in.catalog ? *in.catalog : attack::builtin_catalog();
    const auto retracted_list = retracted_seqs(in.journal);
    const std::unordered_set<std::int64_t> retracted(retracted_list.begin(), retracted_list.end());

    // Detection evidence per inject: a non-dismiss status, or a good rating.
    std::unordered_set<std::string> seen, delivered_set;
    std::vector<std::string> delivered;
    for (const auto& ev : in.journal) {
        if (retracted.count(ev.seq)) continue;
        if (ev.kind == "inject.delivered") {
            std::string id = str(ev.data, "inject");
            if (!id.empty() && delivered_set.insert(id).second) delivered.push_back(id);
        } else if (ev.kind == "inject.status") {
            std::string st = str(ev.data, "status");
            if (st == "acknowledged" || st == "escalated" || st == "contained") seen.insert(str(ev.data, "inject"));
        }
    }
    struct InjectPoints { double sum = 0, weight = 0; bool pending = false; };
    std::unordered_map<std::string, InjectPoints> inject_points;
    for (const auto& e : c.expectations) {
        if (e.action == Action::dismiss) continue;
        auto& p = inject_points[e.inject];
        if (e.state == ExpectationState::pending) p.pending = true;
        if (e.state != ExpectationState::rated) continue;
        p.sum += e.weight * e.points;
        p.weight += e.weight;
        if (*e.final_rating == Rating::P || *e.final_rating == Rating::S) seen.insert(e.inject);
    }

    std::vector<TechniqueOutcome> out;
    std::unordered_map<std::string, size_t> index;   // technique|tactic -> out index
    auto tactic_for = [&](const std::string& technique, std::string stage_tactic) {
        if (const attack::Tactic* st = cat.tactic(stage_tactic)) stage_tactic = st->shortname;   // "TA0002" -> "execution"
        const attack::Technique* t = cat.technique(technique);
        if (!t || t->tactics.empty()) return stage_tactic;
        if (std::find(t->tactics.begin(), t->tactics.end(), stage_tactic) != t->tactics.end()) return stage_tactic;
        return t->tactics.front();
    };
    std::unordered_map<std::string, const PurpleResult*> purple;
    for (const auto& p : c.purple.results) purple[p.technique] = &p;
    auto apply_purple = [&](TechniqueOutcome& o) {
        auto it = purple.find(o.technique);
        if (it == purple.end()) return false;
        const PurpleResult& p = *it->second;
        o.outcome = to_string(p.outcome);
        switch (p.outcome) {
        case PurpleOutcome::blocked: o.score = 100; o.comment = "Blocked by a control."; break;
        case PurpleOutcome::alerted: o.score = 75; o.comment = "An alert fired."; break;
        case PurpleOutcome::logged: o.score = 40; o.comment = "Logged, but no alert fired."; break;
        case PurpleOutcome::none: o.score = 0; o.comment = "Not seen: no telemetry, no alert."; break;
        case PurpleOutcome::not_applicable: o.score.reset(); o.comment = "Not applicable."; break;
        }
        if (!p.note.empty()) o.comment += " " + p.note;
        return true;
    };
    auto add = [&](TechniqueOutcome o) {
        std::string key = o.technique + "|" + o.tactic;
        if (index.count(key)) return;
        index[key] = out.size();
        out.push_back(std::move(o));
    };

    for (const auto& id : delivered) {
        const Inject* inj = names.inject(id);
        if (!inj || inj->benign) continue;
        const int stage = names.stage_index(inj->stage);
        for (const auto& tech : inj->techniques) {
            TechniqueOutcome o;
            o.technique = tech;
            o.stage = inj->stage;
            o.tactic = tactic_for(tech, names.stage_tactic(inj->stage));
            o.inject = inj->id;
            if (!apply_purple(o)) {
                const InjectPoints& p = inject_points[inj->id];
                if (seen.count(inj->id)) {
                    o.outcome = "detected";
                    o.score = p.weight > 0 ? p.sum / p.weight : 75.0;
                    o.comment = "Detected on \"" + inj->title + "\"" +
                                (p.weight > 0 ? "; mean rating points " + score_text(o.score, 0) : std::string()) + ".";
                } else if (c.depth.detected >= 0 && stage >= c.depth.detected) {
                    o.outcome = "covered";
                    o.score = 50;
                    o.comment = "Not caught on its own; the attack was already detected at " +
                                stage_label(in, c.depth.detected) + ".";
                } else if (p.pending) {
                    o.outcome = "pending";
                    o.comment = "Response still pending.";
                } else {
                    o.outcome = "missed";
                    o.score = 0;
                    o.comment = "Missed: no detection on \"" + inj->title + "\".";
                }
            }
            add(std::move(o));
        }
    }
    for (const auto& m : c.red.moves) {
        if (m.technique.empty()) continue;
        TechniqueOutcome o;
        o.technique = m.technique;
        o.stage = m.stage;
        o.tactic = tactic_for(m.technique, names.stage_tactic(m.stage));
        if (!apply_purple(o)) {
            o.outcome = m.detected ? "covered" : "missed";
            o.score = m.detected ? 50 : 0;
            o.comment = "Red move " + m.move + ": " + m.why + ".";
        }
        add(std::move(o));
    }
    for (const auto& p : c.purple.results) {
        bool present = std::any_of(out.begin(), out.end(), [&](const TechniqueOutcome& o) { return o.technique == p.technique; });
        if (present) continue;
        TechniqueOutcome o;
        o.technique = p.technique;
        const attack::Technique* t = cat.technique(p.technique);
        o.tactic = t && !t->tactics.empty() ? t->tactics.front() : std::string();
        apply_purple(o);
        add(std::move(o));
    }
    return out;
}

} // namespace sim::report::detail
