// sim/report/attack_plan.cpp — the improvement plan grounded in ATT&CK: for each
// technique the defenders missed or caught late, the detection strategies and
// mitigations the catalog links to it, and the corrective actions proposed
// from them. See report.hpp (technique_gaps, attack_actions) and docs/reports.md.
#include <algorithm>
#include <map>
#include <set>

#include "sim/report/detail.hpp"

namespace sim::report {

namespace {

// A sub-technique the catalog links nothing to borrows its parent's links.
const std::vector<std::string>& links_of(const attack::Catalog& cat, const std::string& technique,
                                         const std::vector<std::string>& (attack::Catalog::*index)(const std::string&)
                                             const) {
    const auto& own = (cat.*index)(technique);
    if (!own.empty()) return own;
    const auto dot = technique.find('.');
    return dot == std::string::npos ? own : (cat.*index)(technique.substr(0, dot));
}

DetectionAdvice advice(const attack::Catalog& cat, const attack::DetectionStrategy& d) {
    DetectionAdvice a{d.id, d.name, {}, {}};
    std::set<std::string> dcs, sources;
    for (const auto& an_id : d.analytics)
        if (const attack::Analytic* an = cat.analytic(an_id)) {
            dcs.insert(an->data_components.begin(), an->data_components.end());
            sources.insert(an->log_sources.begin(), an->log_sources.end());
        }
    for (const auto& id : dcs) {
        const attack::DataComponent* dc = cat.data_component(id);
        a.data_components.push_back({id, dc ? dc->name : std::string()});
    }
    a.log_sources.assign(sources.begin(), sources.end());
    return a;
}

std::string technique_label(const TechniqueGap& g) { return g.technique + (g.name.empty() ? "" : " " + g.name); }

std::string list_labels(const std::vector<const TechniqueGap*>& gaps) {
    std::string s;
    for (size_t i = 0; i < gaps.size(); ++i) s += (i ? ", " : "") + technique_label(*gaps[i]);
    return s;
}

} // namespace

std::vector<TechniqueGap> technique_gaps(const ReportInput& in) {
    const attack::Catalog& cat = in.catalog ? *in.catalog : attack::builtin_catalog();
    const detail::Names names(in.scenario);
    // Injects with a response after its deadline.
    std::set<std::string> late_injects;
    for (const auto& e : in.card.expectations)
        if (e.state == scoring::ExpectationState::rated && e.late) late_injects.insert(e.inject);

    std::vector<TechniqueGap> missed, late;
    std::set<std::string> seen;
    for (const auto& o : detail::technique_outcomes(in)) {
        std::string gap;
        // "covered": the attack was caught elsewhere, but nothing saw this technique itself.
        if (o.outcome == "missed" || o.outcome == "none" || o.outcome == "covered") gap = "missed";
        else if (o.outcome == "logged" || (o.outcome == "detected" && late_injects.count(o.inject))) gap = "late";
        if (gap.empty() || !seen.insert(o.technique).second) continue;
        TechniqueGap g;
        g.technique = o.technique;
        const attack::Technique* t = cat.technique(o.technique);
        g.name = t ? t->name : std::string();
        g.tactic = o.tactic;
        g.gap = gap;
        g.inject = o.inject;
        if (gap == "late" && o.outcome == "detected")
            g.why = "Detected on \"" + names.inject_title(o.inject) + "\", but the response came after its deadline.";
        else
            g.why = o.comment;
        if (const Inject* inj = names.inject(o.inject); inj && !inj->expect.empty()) {
            g.capability = inj->expect.front().capability;
            for (const auto& e : in.card.expectations)
                if (e.inject == inj->id && !e.team.empty()) {
                    g.team = e.team;
                    break;
                }
        }
        for (const auto& id : links_of(cat, o.technique, &attack::Catalog::detections_of))
            if (const attack::DetectionStrategy* d = cat.detection_strategy(id)) g.detections.push_back(advice(cat, *d));
        for (const auto& id : links_of(cat, o.technique, &attack::Catalog::mitigations_of))
            if (const attack::Mitigation* m = cat.mitigation(id)) g.mitigations.push_back({m->id, m->name});
        (gap == "missed" ? missed : late).push_back(std::move(g));
    }
    missed.insert(missed.end(), std::make_move_iterator(late.begin()), std::make_move_iterator(late.end()));

    // Mitigations that close more of this session's gaps come first.
    std::map<std::string, int> breadth;
    for (const auto& g : missed)
        for (const auto& m : g.mitigations) ++breadth[m.id];
    for (auto& g : missed)
        std::stable_sort(g.mitigations.begin(), g.mitigations.end(), [&](const NamedId& a, const NamedId& b) {
            return breadth[a.id] != breadth[b.id] ? breadth[a.id] > breadth[b.id] : a.id < b.id;
        });
    return missed;
}

std::vector<ImprovementAction> attack_actions(const std::vector<TechniqueGap>& gaps, const std::string& scenario_id) {
    auto action = [&](const std::string& key, const TechniqueGap& first) {
        ImprovementAction a;
        a.key = "attack:" + key;
        a.source = "attack";
        a.capability = first.capability;
        a.team = first.team;
        a.inject = first.inject;
        a.scenario_id = scenario_id;
        return a;
    };
    auto outcome = [](const std::vector<const TechniqueGap*>& gs) {
        const bool any_missed = std::any_of(gs.begin(), gs.end(), [](const TechniqueGap* g) { return g->gap == "missed"; });
        const bool any_late = std::any_of(gs.begin(), gs.end(), [](const TechniqueGap* g) { return g->gap == "late"; });
        return any_missed && any_late ? "missed or caught late" : any_missed ? "missed" : "caught late";
    };

    // Detection strategies, each once, with every gap it detects, in gap order.
    std::vector<std::string> det_order;
    std::map<std::string, std::pair<const DetectionAdvice*, std::vector<const TechniqueGap*>>> dets;
    for (const auto& g : gaps)
        for (const auto& d : g.detections) {
            auto [it, fresh] = dets.try_emplace(d.id, &d, std::vector<const TechniqueGap*>{});
            if (fresh) det_order.push_back(d.id);
            it->second.second.push_back(&g);
        }
    std::vector<ImprovementAction> out;
    for (const auto& id : det_order) {
        if (out.size() == kMaxDetectionActions) break;
        const auto& [d, covered] = dets[id];
        ImprovementAction a = action(id, *covered.front());
        a.text = "Build detection " + d->id + " (" + d->name + ") for " + list_labels(covered) + ", " + outcome(covered) +
                 " in this exercise";
        if (!d->data_components.empty()) {
            a.text += "; collect ";
            const size_t n = std::min<size_t>(d->data_components.size(), 4);
            for (size_t i = 0; i < n; ++i)
                a.text += (i ? ", " : "") + d->data_components[i].id + " " + d->data_components[i].name;
            if (d->data_components.size() > n) a.text += " and " + std::to_string(d->data_components.size() - n) + " more";
        }
        a.area = "No timely detection of " + list_labels(covered) + ".";
        out.push_back(std::move(a));
    }

    // Mitigations: each uncovered gap takes the one that covers most uncovered gaps.
    std::set<std::string> covered_gaps;
    size_t mitigations = 0;
    for (const auto& g : gaps) {
        if (mitigations == kMaxMitigationActions) break;
        if (covered_gaps.count(g.technique) || g.mitigations.empty()) continue;
        const NamedId* best = nullptr;
        std::vector<const TechniqueGap*> best_cover;
        for (const auto& m : g.mitigations) {
            std::vector<const TechniqueGap*> cover;
            for (const auto& other : gaps)
                if (!covered_gaps.count(other.technique) &&
                    std::any_of(other.mitigations.begin(), other.mitigations.end(),
                                [&](const NamedId& x) { return x.id == m.id; }))
                    cover.push_back(&other);
            if (cover.size() > best_cover.size()) best = &m, best_cover = std::move(cover);
        }
        for (const auto* c : best_cover) covered_gaps.insert(c->technique);
        ImprovementAction a = action(best->id, g);
        a.text = "Apply mitigation " + best->id + " (" + best->name + ") against " + list_labels(best_cover) + ", " +
                 outcome(best_cover) + " in this exercise";
        a.area = "Nothing in place stopped " + list_labels(best_cover) + ".";
        out.push_back(std::move(a));
        ++mitigations;
    }
    return out;
}

} // namespace sim::report
