// sim/attack/defences.cpp — the catalog's detection strategies, analytics, data
// components, mitigations and groups: lookups, reverse indexes, log sources and
// "did you mean" suggestions (see catalog.hpp).
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <tuple>

#include "sim/attack/catalog.hpp"
#include "sim/attack/text.hpp"
#include "sim/scenario/suggest.hpp"

namespace sim::attack {

namespace {

using detail::lower;
using detail::sort_unique;
using detail::trim;
using detail::upper;

const std::vector<std::string> kNone;

// "DET" + 4 digits and the like.
bool has_form(const std::string& s, const char* prefix) {
    const std::string p = prefix;
    if (s.size() != p.size() + 4 || s.compare(0, p.size(), p) != 0) return false;
    return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(p.size()), s.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

template <typename Map>
const typename Map::mapped_type* find_id(const Map& m, const std::string& id) {
    auto it = m.find(upper(trim(id)));
    return it == m.end() ? nullptr : &it->second;
}

const std::vector<std::string>& lookup(const std::map<std::string, std::vector<std::string>>& index,
                                       const std::string& key) {
    auto it = index.find(upper(trim(key)));
    return it == index.end() ? kNone : it->second;
}

// The event codes a Windows channel lists: "EventCode=4768, 4769" -> {4768, 4769},
// "EventCode=5005 (WLAN), EventCode=302 (Bluetooth)" -> {5005, 302}. A number counts
// only right after '=' or ',' so "x64" in a note is not an event code.
std::vector<std::string> event_codes(const std::string& channel) {
    std::vector<std::string> out;
    char before = 0;
    for (std::size_t i = 0; i < channel.size();) {
        if (std::isdigit(static_cast<unsigned char>(channel[i]))) {
            std::size_t j = i;
            while (j < channel.size() && std::isdigit(static_cast<unsigned char>(channel[j]))) ++j;
            if (before == '=' || before == ',') out.push_back(channel.substr(i, j - i));
            before = 'x';
            i = j;
            continue;
        }
        if (channel[i] != ' ') before = channel[i];
        ++i;
    }
    return out;
}

constexpr const char* kEventCode = ":eventcode=";

} // namespace

const char* kind_name(Kind k) {
    switch (k) {
    case Kind::tactic: return "tactic";
    case Kind::technique: return "technique";
    case Kind::detection: return "detection strategy";
    case Kind::analytic: return "analytic";
    case Kind::data_component: return "data component";
    case Kind::mitigation: return "mitigation";
    case Kind::group: return "group";
    case Kind::log_source: return "log source";
    }
    return "object";
}

std::optional<Kind> kind_of_id(const std::string& s) {
    const std::string u = upper(trim(s));
    if (has_form(u, "TA")) return Kind::tactic;
    if (is_technique_id(u)) return Kind::technique;
    if (has_form(u, "DET")) return Kind::detection;
    if (has_form(u, "AN")) return Kind::analytic;
    if (has_form(u, "DC")) return Kind::data_component;
    if (has_form(u, "M")) return Kind::mitigation;
    if (has_form(u, "G")) return Kind::group;
    return std::nullopt;
}

// ---- lookups ---------------------------------------------------------------------

const DetectionStrategy* Catalog::detection_strategy(const std::string& id) const { return find_id(detections_, id); }
const Analytic* Catalog::analytic(const std::string& id) const { return find_id(analytics_, id); }

const DataComponent* Catalog::data_component(const std::string& id_or_name) const {
    if (const DataComponent* d = find_id(components_, id_or_name)) return d;
    auto it = names_.find("dc:" + lower(trim(id_or_name)));
    return it == names_.end() ? nullptr : find_id(components_, it->second);
}

const Mitigation* Catalog::mitigation(const std::string& id_or_name) const {
    if (const Mitigation* m = find_id(mitigations_, id_or_name)) return m;
    auto it = names_.find("m:" + lower(trim(id_or_name)));
    return it == names_.end() ? nullptr : find_id(mitigations_, it->second);
}

const Group* Catalog::group(const std::string& id_or_name) const {
    if (const Group* g = find_id(groups_, id_or_name)) return g;
    auto it = names_.find("g:" + lower(trim(id_or_name)));
    return it == names_.end() ? nullptr : find_id(groups_, it->second);
}

const std::vector<std::string>& Catalog::detections_of(const std::string& technique) const {
    return lookup(technique_detections_, technique);
}
const std::vector<std::string>& Catalog::mitigations_of(const std::string& technique) const {
    return lookup(technique_mitigations_, technique);
}
const std::vector<std::string>& Catalog::groups_using(const std::string& technique) const {
    return lookup(technique_groups_, technique);
}
const std::vector<std::string>& Catalog::analytics_reading(const std::string& dc_id) const {
    const DataComponent* d = data_component(dc_id);
    return d ? lookup(component_analytics_, d->id) : kNone;
}

std::vector<std::string> Catalog::techniques_seen_by(const std::string& dc_id) const {
    std::vector<std::string> out;
    for (const auto& an : analytics_reading(dc_id))
        if (const DetectionStrategy* d = detection_strategy(analytics_.at(an).detection))
            out.insert(out.end(), d->techniques.begin(), d->techniques.end());
    sort_unique(out);
    return out;
}

Telemetry Catalog::telemetry_for(const std::string& technique) const {
    Telemetry t;
    t.detections = detections_of(technique);
    for (const auto& det : t.detections)
        for (const auto& an : detections_.at(det).analytics) {
            const Analytic& a = analytics_.at(an);
            t.data_components.insert(t.data_components.end(), a.data_components.begin(), a.data_components.end());
            t.log_sources.insert(t.log_sources.end(), a.log_sources.begin(), a.log_sources.end());
        }
    sort_unique(t.data_components);
    sort_unique(t.log_sources);
    return t;
}

LogSourceMatch Catalog::log_source(const std::string& query) const {
    LogSourceMatch m;
    const std::string q = lower(trim(query));
    if (q.empty()) return m;
    std::set<std::string> keys;
    if (sources_.count(q)) keys.insert(q);
    if (auto it = event_codes_.find(q); it != event_codes_.end()) keys.insert(it->second.begin(), it->second.end());
    const std::string prefix = q + ":";         // a bare source name covers its channels
    for (auto it = sources_.lower_bound(prefix); it != sources_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
         ++it)
        keys.insert(it->first);
    for (const auto& k : keys) {
        const Source& s = sources_.at(k);
        m.sources.push_back(s.text);
        m.analytics.insert(m.analytics.end(), s.analytics.begin(), s.analytics.end());
    }
    sort_unique(m.sources);
    sort_unique(m.analytics);
    for (const auto& an : m.analytics) {
        const Analytic& a = analytics_.at(an);
        m.data_components.insert(m.data_components.end(), a.data_components.begin(), a.data_components.end());
        if (const DetectionStrategy* d = detection_strategy(a.detection))
            m.techniques.insert(m.techniques.end(), d->techniques.begin(), d->techniques.end());
    }
    sort_unique(m.data_components);
    sort_unique(m.techniques);
    return m;
}

std::vector<std::string> Catalog::log_sources() const {
    std::vector<std::string> out;
    out.reserve(sources_.size());
    for (const auto& [key, s] : sources_) out.push_back(s.text);
    sort_unique(out);
    return out;
}

// ---- building -----------------------------------------------------------------------

void Catalog::add_detection_strategy(DetectionStrategy d) {
    std::string id = d.id;
    detections_.insert_or_assign(std::move(id), std::move(d));
}
void Catalog::add_analytic(Analytic a) {
    std::string id = a.id;
    analytics_.insert_or_assign(std::move(id), std::move(a));
}
void Catalog::add_data_component(DataComponent d) {
    std::string id = d.id;
    components_.insert_or_assign(std::move(id), std::move(d));
}
void Catalog::add_mitigation(Mitigation m) {
    std::string id = m.id;
    mitigations_.insert_or_assign(std::move(id), std::move(m));
}
void Catalog::add_group(Group g) {
    std::string id = g.id;
    groups_.insert_or_assign(std::move(id), std::move(g));
}

void Catalog::link() {
    technique_detections_.clear();
    technique_mitigations_.clear();
    technique_groups_.clear();
    component_analytics_.clear();
    names_.clear();
    sources_.clear();
    event_codes_.clear();
    // Maps iterate in id order, so every derived list comes out sorted.
    for (auto& [id, d] : detections_) {
        d.analytics.clear();
        for (const auto& t : d.techniques) technique_detections_[t].push_back(id);
    }
    for (const auto& [id, a] : analytics_) {
        if (auto it = detections_.find(a.detection); it != detections_.end()) it->second.analytics.push_back(id);
        for (const auto& dc : a.data_components) component_analytics_[dc].push_back(id);
        for (const auto& ls : a.log_sources) {
            const std::string key = lower(ls);
            Source& s = sources_[key];
            if (s.text.empty()) s.text = ls;
            if (s.analytics.empty() || s.analytics.back() != id) s.analytics.push_back(id);
        }
    }
    for (const auto& [key, s] : sources_) {
        const std::size_t at = key.find(kEventCode);
        if (at == std::string::npos) continue;
        for (const auto& code : event_codes(key.substr(at + 1)))
            event_codes_[key.substr(0, at) + kEventCode + code].push_back(key);
    }
    for (const auto& [id, m] : mitigations_) {
        for (const auto& t : m.techniques) technique_mitigations_[t].push_back(id);
        names_.emplace("m:" + lower(m.name), id);
    }
    for (const auto& [id, g] : groups_) {
        for (const auto& t : g.techniques) technique_groups_[t].push_back(id);
        names_.emplace("g:" + lower(g.name), id);
        for (const auto& alias : g.aliases) names_.emplace("g:" + lower(alias), id);
    }
    for (const auto& [id, d] : components_) names_.emplace("dc:" + lower(d.name), id);
}

void Catalog::borrow_defences(const Catalog& other) {
    detections_ = other.detections_;
    analytics_ = other.analytics_;
    components_ = other.components_;
    mitigations_ = other.mitigations_;
    groups_ = other.groups_;
    builtin_defences = true;
    link();
}

std::string Catalog::dangling_reference() const {
    auto techniques_known = [&](const std::string& id, const std::vector<std::string>& ids,
                                const char* verb) -> std::string {
        for (const auto& t : ids)
            if (!technique(t)) return id + " " + verb + " unknown technique " + t;
        return {};
    };
    for (const auto& [id, d] : detections_)
        if (auto e = techniques_known(id, d.techniques, "detects"); !e.empty()) return e;
    for (const auto& [id, m] : mitigations_)
        if (auto e = techniques_known(id, m.techniques, "mitigates"); !e.empty()) return e;
    for (const auto& [id, g] : groups_)
        if (auto e = techniques_known(id, g.techniques, "uses"); !e.empty()) return e;
    for (const auto& [id, a] : analytics_) {
        if (!a.detection.empty() && !detections_.count(a.detection))
            return id + " belongs to unknown detection strategy " + a.detection;
        for (const auto& dc : a.data_components)
            if (!components_.count(dc)) return id + " reads unknown data component " + dc;
    }
    return {};
}

// ---- suggestions --------------------------------------------------------------------

std::vector<std::string> nearest(const Catalog& c, Kind kind, const std::string& query, std::size_t limit) {
    if (kind == Kind::technique) return nearest_techniques(c, query, limit);
    const std::string q = trim(query);
    if (q.empty() || limit == 0) return {};
    // Every candidate: its id (what is returned) and the texts it answers to.
    std::vector<std::pair<std::string, std::vector<std::string>>> candidates;
    switch (kind) {
    case Kind::tactic:
        for (const auto& t : c.tactics()) candidates.push_back({t.id, {t.shortname, t.name}});
        break;
    case Kind::detection:
        for (const auto& [id, d] : c.detection_strategies()) candidates.push_back({id, {d.name}});
        break;
    case Kind::analytic:
        for (const auto& [id, a] : c.analytics()) candidates.push_back({id, {}});
        break;
    case Kind::data_component:
        for (const auto& [id, d] : c.data_components()) candidates.push_back({id, {d.name}});
        break;
    case Kind::mitigation:
        for (const auto& [id, m] : c.mitigations()) candidates.push_back({id, {m.name}});
        break;
    case Kind::group:
        for (const auto& [id, g] : c.groups()) {
            std::vector<std::string> names = g.aliases;
            names.push_back(g.name);
            candidates.push_back({id, std::move(names)});
        }
        break;
    case Kind::log_source:
        for (const auto& s : c.log_sources()) candidates.push_back({s, {}});
        break;
    case Kind::technique: break;
    }
    const bool id_query = kind_of_id(q) == kind;
    const std::string uq = upper(q);
    const std::string lq = lower(q);
    const std::size_t name_slack = std::max<std::size_t>(2, lq.size() / 3);
    // Among ids equally close, the numerically nearest first (DET0364 -> DET0363 before DET0064).
    auto number = [](const std::string& id) {
        long n = 0;
        for (char ch : id)
            if (std::isdigit(static_cast<unsigned char>(ch))) n = n * 10 + (ch - '0');
        return n;
    };
    const long query_number = id_query ? number(uq) : 0;
    std::vector<std::tuple<std::size_t, long, std::string>> scored;
    for (const auto& [id, names] : candidates) {
        std::size_t best = std::string::npos;
        if (id_query || kind == Kind::log_source || names.empty()) {
            std::size_t d = edit_distance(kind == Kind::log_source ? lq : uq,
                                          kind == Kind::log_source ? lower(id) : id);
            if (d <= (kind == Kind::log_source ? name_slack : 2)) best = d;
        }
        if (!id_query)
            for (const auto& n : names) {
                const std::string ln = lower(n);
                std::size_t d = ln.find(lq) != std::string::npos ? 0 : edit_distance(lq, ln);
                if (d <= name_slack) best = std::min(best, d);
            }
        if (kind == Kind::log_source && lower(id).find(lq) != std::string::npos) best = 0;
        if (best != std::string::npos && !(best == 0 && upper(id) == uq))
            scored.emplace_back(best, id_query ? std::labs(number(id) - query_number) : 0, id);
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    for (const auto& [score, distance, id] : scored) {
        if (out.size() == limit) break;
        out.push_back(id);
    }
    return out;
}

std::string describe(const Catalog& c, Kind kind, const std::string& id) {
    std::string name;
    switch (kind) {
    case Kind::tactic: if (auto* t = c.tactic(id)) name = t->name; break;
    case Kind::technique: if (auto* t = c.technique(id)) name = t->name; break;
    case Kind::detection: if (auto* d = c.detection_strategy(id)) name = d->name; break;
    case Kind::data_component: if (auto* d = c.data_component(id)) name = d->name; break;
    case Kind::mitigation: if (auto* m = c.mitigation(id)) name = m->name; break;
    case Kind::group: if (auto* g = c.group(id)) name = g->name; break;
    case Kind::analytic:
        if (auto* a = c.analytic(id); a && !a->detection.empty()) name = "of " + a->detection;
        break;
    case Kind::log_source: break;
    }
    return name.empty() ? id : id + " (" + name + ")";
}

std::string suggestion(const Catalog& c, Kind kind, const std::string& query) {
    std::string out;
    for (const auto& id : nearest(c, kind, query, 3)) out += (out.empty() ? "did you mean " : ", ") + describe(c, kind, id);
    return out.empty() ? out : out + "?";
}

} // namespace sim::attack
