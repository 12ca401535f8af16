// sim/report/detail.cpp — timeline, summary and technique outcomes shared by the renderers.
#include "sim/report/detail.hpp"
#include "sim/scenario/suggest.hpp"     // join

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_set>

namespace sim::report::detail {

using namespace sim::scoring;


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
    const Stage* st = in.scenario.attack_stage(i);   // scores count attack stages only
    return st ? tactic_name(st->tactic, in.catalog) : "—";
}

std::string red_sentence(const ReportInput& in) {
    const Scorecard& c = in.card;
    const RedStats& r = c.red;
    if (r.furthest < 0) return "Red never got a foothold: the attack reached no stage of its kill chain.";
    std::string s = "Red reached " + stage_label(in, r.furthest) + " (" + std::to_string(r.stages_reached) + " of " +
                    std::to_string(r.stages_total) + " stages)";
    if (r.dwell)
        s += r.dwell_to_end ? " and stayed unseen for the whole exercise (" + format_duration(*r.dwell) + ")"
                            : " and stayed unseen for " + format_duration(*r.dwell);
    s += r.first_detected >= 0 ? "; blue first detected it at " + stage_label(in, r.first_detected)
                               : "; blue never detected it";
    // A containment the attack outran (later attack stages reached after it) is said as such.
    if (r.cut_off < 0)
        s += " and never cut it off.";
    else if (r.furthest > r.cut_off)
        s += " and contained it at " + stage_label(in, r.cut_off) + ", but red carried on past it.";
    else
        s += " and cut it off at " + stage_label(in, r.cut_off) + ".";
    if (!r.objectives.empty())
        s += " Red achieved " + std::to_string(r.objectives_achieved) + " of " + std::to_string(r.objectives.size()) +
             " objective" + (r.objectives.size() == 1 ? "" : "s") + ".";
    return s;
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

void for_each_timeline_entry(const ReportInput& in, const Names& names,
                             const std::function<void(const TimelineEntry&)>& visit) {
    const auto retracted_list = retracted_seqs(in.journal);
    const std::unordered_set<std::int64_t> retracted(retracted_list.begin(), retracted_list.end());
    TimelineEntry e;
    for (const auto& ev : in.journal) {
        // Reset field by field, not by assigning a fresh entry: the strings keep
        // their buffers for the next line.
        e.kind = EntryKind::control;
        e.what.clear();
        e.detail.clear();
        e.t = ev.t;
        e.seq = ev.seq;
        e.retracted = retracted.count(ev.seq) != 0;
        auto who_of = [&](const std::string& participant, const std::string& role) {
            std::vector<std::string> who;
            if (!participant.empty()) who.push_back(participant);
            if (!role.empty()) who.push_back(names.role(role));
            return who;
        };
        const bool keep = std::visit(overloaded{
            [&](const ev::InjectDelivered& d) {
                const Inject* inj = names.inject(d.inject);
                e.kind = EntryKind::inject;
                e.what = "Inject delivered: " + names.inject_title(d.inject);
                std::vector<std::string> parts;
                std::string tactic = names.stage_tactic(d.stage);
                if (!tactic.empty()) parts.push_back(tactic_name(tactic, in.catalog));
                std::vector<std::string> teams;
                for (const auto& t : d.teams) teams.push_back(names.team(t));
                if (!teams.empty()) parts.push_back("to " + join(teams, ", "));
                if (inj) {
                    parts.push_back("via " + inj->channel);
                    parts.push_back(std::string("severity ") + to_string(inj->severity));
                    if (inj->benign) parts.push_back("benign");
                    if (!inj->techniques.empty()) parts.push_back(join(inj->techniques, ", "));
                }
                if (!d.cause.empty()) parts.push_back("trigger: " + d.cause);
                e.detail = join(parts, " · ");
                return true;
            },
            [&](const ev::InjectSkipped& d) {
                e.kind = EntryKind::inject;
                e.what = "Inject skipped: " + names.inject_title(d.inject);
                e.detail = d.reason;
                return true;
            },
            [&](const ev::StatusSet& d) {
                e.kind = EntryKind::status;
                e.what.append(names.team(d.team)).append(" marked \"").append(names.inject_title(d.inject)).append("\" ").append(d.status);
                if (!d.participant.empty() || !d.role.empty()) e.detail = join(who_of(d.participant, d.role), ", ");
                return true;
            },
            [&](const ev::DecisionRecorded& d) {
                e.kind = EntryKind::decision;
                e.what = "Decision on \"" + names.inject_title(d.inject) + "\": " + names.option_label(d.inject, d.option);
                std::vector<std::string> parts;
                std::vector<std::string> who = who_of(d.participant, d.role);
                if (!d.team.empty()) who.push_back(names.team(d.team));
                if (!who.empty()) parts.push_back("by " + join(who, ", "));
                if (d.timed_out) parts.push_back("timed out: default option taken");
                if (d.automated) parts.push_back("automated (SOAR playbook)");
                if (!d.rationale.empty()) parts.push_back("rationale: " + d.rationale);
                e.detail = join(parts, " · ");
                return true;
            },
            [&](const ev::ExpectationRated& d) {
                e.kind = EntryKind::rating;
                e.what.append("Expectation ").append(d.expectation).append(" rated ").append(d.rating).append(" (")
                    .append(d.source).append(")");
                // "by …", "for …" and the note, joined by " · " (appended: one line per rating of a long journal).
                auto part = [&](std::string_view prefix, const std::string& text) {
                    if (!e.detail.empty()) e.detail += " · ";
                    e.detail.append(prefix).append(text);
                };
                if (!d.by.empty()) part("by ", d.by);
                if (d.at) part("for ", format_clock(*d.at));
                if (!d.note.empty()) part("", d.note);
                return true;
            },
            [&](const ev::NoteAdded& d) {
                e.kind = EntryKind::note;
                e.what.append("Note by ").append(d.author.empty() ? std::string_view("facilitator") : std::string_view(d.author));
                if (!d.role.empty()) e.what.append(" (").append(d.role).append(")");
                if (d.action) e.what += " — improvement action";
                e.detail = d.text;
                if (!d.inject.empty()) e.detail += " [on \"" + names.inject_title(d.inject) + "\"]";
                return true;
            },
            [&](const ev::RedMove& d) {
                e.kind = EntryKind::red;
                std::string tactic = names.stage_tactic(d.stage);
                e.what = "Red move" + (tactic.empty() ? std::string() : " at " + tactic_name(tactic, in.catalog)) + ": " +
                         d.move + " (" + d.technique + ")";
                auto it = in.scenario.red_moves.find(d.stage);
                if (it != in.scenario.red_moves.end())
                    for (const auto& m : it->second)
                        if (m.id == d.move) e.detail = m.observable.empty() ? m.description : m.observable;
                return true;
            },
            [&](const ev::RedAdjudicated& d) {
                e.kind = EntryKind::red;
                e.what = "Adjudicated " + d.move + " (" + d.technique + "): " + d.outcome;
                e.detail = d.source + (d.control.empty() ? std::string() : ": " + d.control);
                if (!d.rolls.empty()) e.detail += " · rolls: " + join(d.rolls, "; ");
                return true;
            },
            [&](const ev::OutcomeOverridden& d) {
                e.kind = EntryKind::red;
                e.what = "Override by the white cell: " + d.move + " now " + d.outcome;
                e.detail = "Reason: " + d.reason + (d.by.empty() ? std::string() : " (" + d.by + ")");
                return true;
            },
            [&](const ev::HuntRun& d) {
                e.kind = EntryKind::red;
                e.what = "Hunt by " + names.team(d.team) + " in " + d.telemetry + ": " +
                         (d.revealed.empty() ? std::string("nothing found") : "revealed " + join(d.revealed, ", "));
                e.detail = d.scope;
                return true;
            },
            [&](const ev::PurpleObserved& d) {
                e.kind = EntryKind::purple;
                e.what = "Purple outcome for " + d.technique + ": " + d.outcome;
                std::vector<std::string> parts;
                if (!d.team.empty()) parts.push_back(names.team(d.team));
                if (d.detected_at) parts.push_back("detected at " + format_clock(*d.detected_at));
                if (!d.note.empty()) parts.push_back(d.note);
                e.detail = join(parts, " · ");
                return true;
            },
            [&](const ev::SessionStarted& d) {
                e.kind = EntryKind::control;
                e.what = "Session started (" + d.mode + " mode)";
                return true;
            },
            [&](const ev::ExerciseRunning&) {
                e.kind = EntryKind::control;
                e.what = "Exercise running";
                return true;
            },
            [&](const ev::ExercisePaused&) {
                e.kind = EntryKind::control;
                e.what = "Exercise paused";
                return true;
            },
            [&](const ev::ExerciseResumed&) {
                e.kind = EntryKind::control;
                e.what = "Exercise resumed";
                return true;
            },
            [&](const ev::ExerciseEnded& d) {
                e.kind = EntryKind::control;
                std::string title = d.ending;
                for (const auto& en : in.scenario.endings)
                    if (en.id == d.ending && !en.title.empty()) title = en.title;
                e.what = "Exercise ended" + (d.ending.empty() ? std::string(" by the facilitator") : ": " + title);
                return true;
            },
            [&](const ev::HotwashStarted&) {
                e.kind = EntryKind::control;
                e.what = "Hotwash started";
                return true;
            },
            [&](const ev::EntryRetracted& d) {
                e.kind = EntryKind::control;
                e.what = "Entry #" + std::to_string(d.seq) + " retracted";
                e.detail = d.reason;
                return true;
            },
            [](const auto&) { return false; },   // clock ticks, briefing, close: not worth a line
        }, ev.data);
        if (keep) visit(e);
    }
}

std::vector<TimelineEntry> timeline(const ReportInput& in, const Names& names) {
    std::vector<TimelineEntry> out;
    for_each_timeline_entry(in, names, [&](const TimelineEntry& e) { out.push_back(e); });
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
    if (!c.red.moves.empty()) s += red_sentence(in) + " ";
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
        if (const auto* d = ev.get<ev::InjectDelivered>()) {
            if (!d->inject.empty() && delivered_set.insert(d->inject).second) delivered.push_back(d->inject);
        } else if (const auto* st = ev.get<ev::StatusSet>()) {
            if (st->status == "acknowledged" || st->status == "escalated" || st->status == "contained")
                seen.insert(st->inject);
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
