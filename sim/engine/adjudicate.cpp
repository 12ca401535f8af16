// sim/engine/adjudicate.cpp — the adjudication rules (see adjudicate.hpp).
#include "sim/engine/adjudicate.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace sim {

namespace {

// What one telemetry entry stands for: data components and log-source strings
// (and, for a log source, the data components of the analytics reading it:
// only a hunt by data component uses those).
struct Sources {
    std::set<std::string> dcs, logs, log_dcs;
    [[nodiscard]] bool meets(const Sources& o) const {
        for (const auto& d : dcs)
            if (o.dcs.count(d)) return true;
        for (const auto& l : logs)
            if (o.logs.count(l)) return true;
        return false;
    }
};

Sources resolve(const attack::Catalog& cat, const std::string& source) {
    Sources s;
    if (const auto* dc = cat.data_component(source)) {
        s.dcs.insert(dc->id);
        return s;
    }
    auto m = cat.log_source(source);
    s.logs.insert(m.sources.begin(), m.sources.end());
    s.log_dcs.insert(m.data_components.begin(), m.data_components.end());
    return s;
}

// What analytics read, as Sources.
Sources read_by(const attack::Catalog& cat, const std::vector<std::string>& analytics) {
    Sources s;
    for (const auto& id : analytics)
        if (const auto* a = cat.analytic(id)) {
            s.dcs.insert(a->data_components.begin(), a->data_components.end());
            s.logs.insert(a->log_sources.begin(), a->log_sources.end());
        }
    return s;
}

// The technique and, for a sub-technique, its parent: ATT&CK maps some
// detections and mitigations to the parent only.
std::vector<std::string> lineage(const std::string& technique) {
    std::vector<std::string> out{technique};
    if (auto dot = technique.find('.'); dot != std::string::npos) out.push_back(technique.substr(0, dot));
    return out;
}

bool in(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// Analytics of every detection strategy for the technique; its parent's only
// when ATT&CK has none for the sub-technique itself.
std::vector<std::string> technique_analytics(const attack::Catalog& cat, const std::string& technique) {
    std::vector<std::string> out;
    auto family = lineage(technique);
    if (!cat.detections_of(technique).empty()) family.resize(1);
    for (const auto& t : family)
        for (const auto& det : cat.detections_of(t))
            if (const auto* d = cat.detection_strategy(det)) out.insert(out.end(), d->analytics.begin(), d->analytics.end());
    return out;
}

// The analytics of a rule that bear on the technique (empty: it does not cover it).
std::vector<std::string> rule_analytics(const attack::Catalog& cat, const PostureDetection& rule,
                                        const std::string& technique) {
    const auto family = lineage(technique);
    auto detects = [&](const attack::DetectionStrategy* d) {
        return d && std::any_of(family.begin(), family.end(), [&](const std::string& t) { return in(d->techniques, t); });
    };
    std::vector<std::string> out;
    for (const auto& c : rule.covers) {
        if (const auto* d = cat.detection_strategy(c); detects(d)) out.insert(out.end(), d->analytics.begin(), d->analytics.end());
        if (const auto* a = cat.analytic(c); a && detects(cat.detection_strategy(a->detection))) out.push_back(a->id);
        if (in(family, c)) {
            auto all = technique_analytics(cat, technique);
            out.insert(out.end(), all.begin(), all.end());
        }
    }
    return out;
}

std::string percent(double p) { return fmt::format("{:.2f}", p); }

} // namespace

std::string roll_text(const std::string& control, double p, std::uint64_t draw, bool hit) {
    return fmt::format("{}: p={} draw={}/{} {}", control, percent(p), draw, kRollScale, hit ? "hit" : "miss");
}

bool known_telemetry(const attack::Catalog& catalog, const std::string& telemetry) {
    return catalog.data_component(telemetry) || !catalog.log_source(telemetry).empty();
}

double hunt_reliability(const Posture& posture, const attack::Catalog& cat, const std::string& telemetry,
                        const std::string& technique) {
    const Sources query = resolve(cat, telemetry);
    if (!query.meets(read_by(cat, technique_analytics(cat, technique)))) return -1;
    double best = -1;
    for (const auto& t : posture.telemetry) {
        const Sources have = resolve(cat, t.source);
        const bool by_dc = std::any_of(query.dcs.begin(), query.dcs.end(),
                                       [&](const std::string& dc) { return have.log_dcs.count(dc) != 0; });
        if (have.meets(query) || by_dc) best = std::max(best, t.reliability);
    }
    return best;
}

Adjudication adjudicate(const Posture& posture, const RedMove& move, const std::set<std::string>& flags,
                        const attack::Catalog& cat, const std::function<std::uint64_t()>& draw) {
    Adjudication a;
    bool rolled = false;
    // Whether a control with reliability p works this time.
    auto works = [&](const std::string& control, double p) {
        if (!posture.uncertain || p >= 1) return true;
        const std::uint64_t d = draw() % kRollScale;
        const bool hit = static_cast<double>(d) < p * static_cast<double>(kRollScale);
        a.rolls.push_back(roll_text(control, p, d, hit));
        rolled = true;
        return hit;
    };
    auto decide = [&](const char* outcome, const char* source, std::string control) {
        a.outcome = outcome;
        a.source = rolled && std::string(source) == "posture" ? "roll" : source;
        a.control = std::move(control);
        return a;
    };
    const auto family = lineage(move.technique);

    for (const auto& f : move.stopped_by)
        if (flags.count(f)) return decide("blocked", "flag", "flag " + f);
    for (const auto& m : posture.mitigations) {
        const auto* found = cat.mitigation(m.id);
        if (!found) continue;
        const bool mitigates = std::any_of(family.begin(), family.end(),
                                           [&](const std::string& t) { return in(cat.mitigations_of(t), found->id); });
        const bool deployed = m.scope.empty() ||
                              std::any_of(family.begin(), family.end(), [&](const std::string& t) { return in(m.scope, t); });
        const std::string label = found->id + " " + (m.name.empty() ? found->name : m.name);
        if (mitigates && deployed && works(label, m.reliability)) return decide("blocked", "posture", label);
    }
    for (const auto& f : move.revealed_by)
        if (flags.count(f)) return decide("alerted", "flag", "flag " + f);

    // Telemetry the organisation collects, with its reliability.
    std::vector<std::pair<Sources, const PostureTelemetry*>> collected;
    for (const auto& t : posture.telemetry) collected.emplace_back(resolve(cat, t.source), &t);
    for (const auto& rule : posture.detections) {
        const Sources reads = read_by(cat, rule_analytics(cat, rule, move.technique));
        const PostureTelemetry* feed = nullptr;
        for (const auto& [src, t] : collected)
            if (src.meets(reads) && (!feed || t->reliability > feed->reliability)) feed = t;
        if (!feed) continue;
        const std::string label = rule.id + (rule.name.empty() ? "" : " (" + rule.name + ")") + " on " + feed->source;
        if (works(label, rule.reliability * feed->reliability)) return decide("alerted", "posture", label);
    }
    const Sources records = read_by(cat, technique_analytics(cat, move.technique));
    for (const auto& [src, t] : collected)
        if (src.meets(records) && works(t->source, t->reliability))
            return decide("logged", "posture", t->source + (t->name.empty() ? "" : " (" + t->name + ")"));
    return decide("none", "posture", "");
}

nlohmann::json red_entries_json(const Scenario& sc, const ExerciseState& st) {
    using nlohmann::json;
    auto time = [](ExTime t) { return t == kNoTime ? json(nullptr) : json(t); };
    json out = json::array();
    for (const auto& r : st.red_moves) {
        json causes = json::array();
        if (const RedMove* m = sc.red_move(r.stage, r.move))
            for (const auto& c : m->causes) causes.push_back(c.inject);
        json entry = {{"stage", r.stage},     {"move", r.move},   {"technique", r.technique}, {"chosen_at", r.t},
                      {"executed_at", time(r.executed_at)}, {"drawn", r.drawn}, {"causes", causes}};
        const std::string& outcome = r.effective_outcome();
        entry["outcome"] = outcome.empty() ? json(nullptr) : json(outcome);
        entry["detected_at"] = time(r.detected_at());
        if (!r.outcome.empty() || !r.override_outcome.empty()) {
            json adj = {{"source", r.override_outcome.empty() ? r.source : "override"},
                        {"control", r.control},
                        {"rolls", r.rolls},
                        {"at", time(r.adjudicated_at)},
                        {"revealed_at", time(r.revealed_at)},
                        {"revealed_by", r.revealed_by}};
            if (!r.override_outcome.empty())
                adj["override"] = {{"outcome", r.override_outcome}, {"adjudicated", r.outcome}, {"reason", r.override_reason},
                                   {"by", r.override_by}, {"at", r.overridden_at}, {"seq", r.override_seq}};
            entry["adjudication"] = std::move(adj);
        } else {
            entry["adjudication"] = nullptr;
        }
        out.push_back(std::move(entry));
    }
    return out;
}

} // namespace sim
