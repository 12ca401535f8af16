// cli/attack_show.cpp — see attack_show.hpp. Each kind is first gathered into
// JSON (what --format json prints), and the text form is rendered from it, so
// both always say the same.
#include "cli/attack_show.hpp"

#include <algorithm>
#include <ostream>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"

namespace cli {

namespace {

namespace attack = sim::attack;
using attack::Kind;
using nlohmann::json;

// {"id": ..., "name": ...} (no name when the catalog lacks the id).
json ref(const attack::Catalog& cat, Kind kind, const std::string& id) {
    json j = {{"id", id}};
    std::string d = attack::describe(cat, kind, id);
    if (d.size() > id.size() + 3) j["name"] = d.substr(id.size() + 2, d.size() - id.size() - 3);
    return j;
}

json refs(const attack::Catalog& cat, Kind kind, const std::vector<std::string>& ids) {
    json out = json::array();
    for (const auto& id : ids) out.push_back(ref(cat, kind, id));
    return out;
}

json technique_json(const attack::Catalog& cat, const attack::Technique& t) {
    json j = {{"kind", "technique"},
              {"id", t.id},
              {"name", t.name},
              {"status", attack::status_name(t.status)},
              {"tactics", t.tactics},
              {"subtechnique", t.subtechnique},
              {"platforms", t.platforms}};
    if (!t.revoked_by.empty()) {
        j["revoked_by"] = ref(cat, Kind::technique, t.revoked_by);
        // The replacement may itself be revoked: name where the chain ends.
        if (const attack::Technique* now = cat.successor(t.id); now && now->id != t.revoked_by)
            j["successor"] = ref(cat, Kind::technique, now->id);
    }
    if (!t.version.empty()) j["version"] = t.version;
    if (t.subtechnique) {
        j["parent"] = ref(cat, Kind::technique, t.id.substr(0, 5));
    } else {
        std::vector<std::string> subs;
        for (auto it = cat.techniques().lower_bound(t.id + ".");
             it != cat.techniques().end() && it->first.compare(0, 6, t.id + ".") == 0; ++it)
            subs.push_back(it->first);
        j["subtechniques"] = subs;
    }
    json detections = json::array();
    for (const auto& det : cat.detections_of(t.id)) {
        const attack::DetectionStrategy& d = *cat.detection_strategy(det);
        std::vector<std::string> components, sources;
        for (const auto& an : d.analytics) {
            const attack::Analytic& a = *cat.analytic(an);
            components.insert(components.end(), a.data_components.begin(), a.data_components.end());
            sources.insert(sources.end(), a.log_sources.begin(), a.log_sources.end());
        }
        std::sort(components.begin(), components.end());
        components.erase(std::unique(components.begin(), components.end()), components.end());
        std::sort(sources.begin(), sources.end());
        sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
        detections.push_back({{"id", d.id},
                              {"name", d.name},
                              {"analytics", d.analytics},
                              {"data_components", refs(cat, Kind::data_component, components)},
                              {"log_sources", sources}});
    }
    j["detections"] = std::move(detections);
    j["mitigations"] = refs(cat, Kind::mitigation, cat.mitigations_of(t.id));
    j["groups"] = refs(cat, Kind::group, cat.groups_using(t.id));
    return j;
}

json analytic_json(const attack::Catalog& cat, const attack::Analytic& a) {
    json j = {{"kind", "analytic"},
              {"id", a.id},
              {"platforms", a.platforms},
              {"data_components", refs(cat, Kind::data_component, a.data_components)},
              {"log_sources", a.log_sources}};
    const attack::DetectionStrategy* d = cat.detection_strategy(a.detection);
    j["detection"] = d ? ref(cat, Kind::detection, d->id) : json(nullptr);
    j["techniques"] = refs(cat, Kind::technique, d ? d->techniques : std::vector<std::string>{});
    return j;
}

json detection_json(const attack::Catalog& cat, const attack::DetectionStrategy& d) {
    json analytics = json::array();
    for (const auto& an : d.analytics) {
        json a = analytic_json(cat, *cat.analytic(an));
        a.erase("detection");
        a.erase("techniques");
        a.erase("kind");
        analytics.push_back(std::move(a));
    }
    return {{"kind", "detection strategy"},
            {"id", d.id},
            {"name", d.name},
            {"techniques", refs(cat, Kind::technique, d.techniques)},
            {"analytics", std::move(analytics)}};
}

json component_json(const attack::Catalog& cat, const attack::DataComponent& dc) {
    std::vector<std::string> detections;
    for (const auto& an : cat.analytics_reading(dc.id))
        if (const std::string& det = cat.analytic(an)->detection; !det.empty()) detections.push_back(det);
    std::sort(detections.begin(), detections.end());
    detections.erase(std::unique(detections.begin(), detections.end()), detections.end());
    return {{"kind", "data component"},
            {"id", dc.id},
            {"name", dc.name},
            {"analytics", cat.analytics_reading(dc.id)},
            {"detections", detections},
            {"techniques", refs(cat, Kind::technique, cat.techniques_seen_by(dc.id))}};
}

json log_source_json(const attack::Catalog& cat, const std::string& query, const attack::LogSourceMatch& m) {
    return {{"kind", "log source"},
            {"query", query},
            {"sources", m.sources},
            {"analytics", m.analytics},
            {"data_components", refs(cat, Kind::data_component, m.data_components)},
            {"techniques", refs(cat, Kind::technique, m.techniques)}};
}

// ---- text -----------------------------------------------------------------------------

std::string named(const json& r) {
    return r.contains("name") ? fmt::format("{} ({})", r["id"].get<std::string>(), r["name"].get<std::string>())
                              : r["id"].get<std::string>();
}

std::vector<std::string> names(const json& refs_array) {
    std::vector<std::string> out;
    for (const auto& r : refs_array) out.push_back(r.is_string() ? r.get<std::string>() : named(r));
    return out;
}

// "  label:   a, b, c" wrapped at 100 columns under the first item.
void field(std::ostream& out, const std::string& label, const std::vector<std::string>& items,
           const char* sep = ", ", std::size_t indent = 2) {
    // Labels longer than the column ("data components:") keep one space before the value.
    const std::string head = std::string(indent, ' ') + fmt::format("{:<16}", label + ":") +
                             (label.size() + 1 >= 16 ? " " : "");
    std::string line = head;
    const std::string pad(head.size(), ' ');
    bool first = true;
    for (const auto& item : items) {
        std::string piece = first ? item : sep + item;
        if (!first && line.size() + piece.size() > 100) {
            out << line << (std::string(sep) == " | " ? " |" : ",") << "\n";
            line = pad + item;
        } else {
            line += piece;
        }
        first = false;
    }
    out << (items.empty() ? head + "none" : line) << "\n";
}

void technique_text(const attack::Catalog& cat, const json& j, std::ostream& out) {
    out << j["id"].get<std::string>() << "  " << j["name"].get<std::string>() << "\n";
    std::string status = j["status"];
    if (j.contains("revoked_by")) status += " -- replaced by " + named(j["revoked_by"]);
    if (j.contains("successor")) status += ", itself replaced: now " + named(j["successor"]);
    else if (status == "revoked") status += " (no replacement recorded)";
    else if (status == "deprecated") status += " -- no longer maintained; choose a current technique";
    out << "  status:         " << status << "\n";
    std::vector<std::string> tactics;
    for (const auto& s : j["tactics"]) {
        const attack::Tactic* tac = cat.tactic(s.get<std::string>());
        tactics.push_back(tac ? fmt::format("{} ({} {})", tac->shortname, tac->id, tac->name) : s.get<std::string>());
    }
    field(out, "tactics", tactics);
    if (j.contains("parent")) {
        out << "  sub-technique:  yes, of " << named(j["parent"]) << "\n";
    } else {
        std::vector<std::string> subs = j["subtechniques"];
        std::string joined;
        for (const auto& s : subs) joined += (joined.empty() ? "" : ", ") + s;
        out << "  sub-technique:  no" << (subs.empty() ? "" : "; has " + joined) << "\n";
    }
    if (!j["platforms"].empty()) field(out, "platforms", j["platforms"].get<std::vector<std::string>>());
    if (j.contains("version")) out << "  version:        " << j["version"].get<std::string>() << "\n";
    if (j["detections"].empty()) out << "  detections:     none in this catalog\n";
    else out << "  detections:     " << j["detections"].size() << " detection strateg"
             << (j["detections"].size() == 1 ? "y" : "ies") << "\n";
    for (const auto& d : j["detections"]) {
        out << "    " << d["id"].get<std::string>() << "  " << d["name"].get<std::string>() << "\n";
        field(out, "data components", names(d["data_components"]), ", ", 6);
        field(out, "log sources", d["log_sources"].get<std::vector<std::string>>(), " | ", 6);
    }
    field(out, "mitigations", names(j["mitigations"]));
    field(out, "groups", names(j["groups"]));
}

void detection_text(const json& j, std::ostream& out) {
    out << j["id"].get<std::string>() << "  " << j["name"].get<std::string>() << "\n";
    out << "  kind:           detection strategy\n";
    field(out, "detects", names(j["techniques"]));
    out << "  analytics:      " << j["analytics"].size() << "\n";
    for (const auto& a : j["analytics"]) {
        std::string platforms;
        for (const auto& p : a["platforms"]) platforms += (platforms.empty() ? "" : ", ") + p.get<std::string>();
        out << "    " << a["id"].get<std::string>() << "  " << platforms << "\n";
        field(out, "data components", names(a["data_components"]), ", ", 6);
        field(out, "log sources", a["log_sources"].get<std::vector<std::string>>(), " | ", 6);
    }
}

void analytic_text(const json& j, std::ostream& out) {
    out << j["id"].get<std::string>() << "  analytic"
        << (j["detection"].is_null() ? " (no detection strategy)" : " of " + named(j["detection"])) << "\n";
    field(out, "platforms", j["platforms"].get<std::vector<std::string>>());
    field(out, "data components", names(j["data_components"]));
    field(out, "log sources", j["log_sources"].get<std::vector<std::string>>(), " | ");
    field(out, "detects", names(j["techniques"]));
}

void component_text(const json& j, std::ostream& out) {
    out << j["id"].get<std::string>() << "  " << j["name"].get<std::string>() << "\n";
    out << "  kind:           data component\n";
    out << "  read by:        " << j["analytics"].size() << " analytics of " << j["detections"].size()
        << " detection strategies\n";
    field(out, "detects", names(j["techniques"]));
}

void techniques_text(const json& j, const char* kind, const char* verb, std::ostream& out) {
    out << j["id"].get<std::string>() << "  " << j["name"].get<std::string>() << "\n";
    out << "  kind:           " << kind << "\n";
    if (j.contains("aliases")) field(out, "aliases", j["aliases"].get<std::vector<std::string>>());
    field(out, verb, names(j["techniques"]));
}

void log_source_text(const json& j, std::ostream& out) {
    out << j["query"].get<std::string>() << "  log source\n";
    field(out, "matches", j["sources"].get<std::vector<std::string>>(), " | ");
    out << "  read by:        " << j["analytics"].size() << " analytics\n";
    field(out, "data components", names(j["data_components"]));
    field(out, "detects", names(j["techniques"]));
}

// ---- resolution ------------------------------------------------------------------------

int unknown(const attack::Catalog& cat, const std::string& label, const std::string& query,
            std::optional<Kind> kind, std::ostream& err) {
    std::vector<std::pair<Kind, std::string>> near;
    if (kind) {
        err << "ttx: error: no ATT&CK " << attack::kind_name(*kind) << " " << query << " in the " << label << "\n";
        for (const auto& id : attack::nearest(cat, *kind, query, 5)) near.emplace_back(*kind, id);
    } else {
        err << "ttx: error: '" << query << "' is not an ATT&CK id, name or log source in the " << label << "\n"
            << "  ids look like T1003.001, TA0006, DET0363, AN0934, DC0035, M1043 or G0016\n";
        for (Kind k : {Kind::technique, Kind::tactic, Kind::data_component, Kind::mitigation, Kind::group,
                       Kind::detection, Kind::log_source})
            for (const auto& id : attack::nearest(cat, k, query, 3))
                if (near.size() < 6) near.emplace_back(k, id);
    }
    if (!near.empty()) {
        err << "  did you mean:\n";
        for (const auto& [k, id] : near)
            err << "    " << attack::describe(cat, k, id) << (kind ? "" : std::string("  [") + attack::kind_name(k) + "]")
                << "\n";
    }
    if (!cat.full && (!kind || *kind == Kind::technique))
        err << "  this catalog is not complete; for all techniques run\n"
               "    ttx attack import enterprise-attack.json   (MITRE's STIX data, github.com/mitre/cti)\n";
    return kExitInvalid;
}

} // namespace

int show_attack_object(const attack::Catalog& cat, const std::string& label, const std::string& query, bool as_json,
                       std::ostream& out, std::ostream& err) {
    const std::optional<Kind> kind = attack::kind_of_id(query);
    json j;
    std::optional<Kind> shown;
    auto take = [&](Kind k, json value) {
        shown = k;
        j = std::move(value);
    };
    const attack::Tactic* tactic = kind == Kind::tactic || !kind ? cat.tactic(query) : nullptr;
    if (kind == Kind::technique) {
        if (const auto* t = cat.technique(query)) take(Kind::technique, technique_json(cat, *t));
    } else if (tactic) {
        if (std::vector<std::string> mapped = attack::map_v18_tactic(query); mapped.size() > 1) {
            std::string joined;
            for (const auto& m : mapped) joined += (joined.empty() ? "" : " and ") + m;
            err << "ttx: note: ATT&CK v19 replaced v18 '" << query << "' with " << joined << "\n";
        }
        take(Kind::tactic, {{"kind", "tactic"},
                            {"id", tactic->id},
                            {"shortname", tactic->shortname},
                            {"name", tactic->name},
                            {"order", tactic->order},
                            {"of", cat.tactics().size()}});
    } else if (const auto* d = kind == Kind::detection ? cat.detection_strategy(query) : nullptr) {
        take(Kind::detection, detection_json(cat, *d));
    } else if (const auto* a = kind == Kind::analytic ? cat.analytic(query) : nullptr) {
        take(Kind::analytic, analytic_json(cat, *a));
    } else if (const auto* dc = !kind || kind == Kind::data_component ? cat.data_component(query) : nullptr) {
        take(Kind::data_component, component_json(cat, *dc));
    } else if (const auto* m = !kind || kind == Kind::mitigation ? cat.mitigation(query) : nullptr) {
        take(Kind::mitigation, {{"kind", "mitigation"},
                                {"id", m->id},
                                {"name", m->name},
                                {"techniques", refs(cat, Kind::technique, m->techniques)}});
    } else if (const auto* g = !kind || kind == Kind::group ? cat.group(query) : nullptr) {
        take(Kind::group, {{"kind", "group"},
                           {"id", g->id},
                           {"name", g->name},
                           {"aliases", g->aliases},
                           {"techniques", refs(cat, Kind::technique, g->techniques)}});
    } else if (!kind) {
        if (attack::LogSourceMatch ls = cat.log_source(query); !ls.empty())
            take(Kind::log_source, log_source_json(cat, query, ls));
    }
    if (!shown) return unknown(cat, label, query, kind, err);

    j["catalog"] = label;
    if (as_json) {
        out << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    switch (*shown) {
    case Kind::technique: technique_text(cat, j, out); break;
    case Kind::tactic:
        out << fmt::format("{}  {}\n  shortname:      {}\n  column:         {} of {}\n", j["id"].get<std::string>(),
                           j["name"].get<std::string>(), j["shortname"].get<std::string>(), j["order"].get<int>(),
                           j["of"].get<std::size_t>());
        break;
    case Kind::detection: detection_text(j, out); break;
    case Kind::analytic: analytic_text(j, out); break;
    case Kind::data_component: component_text(j, out); break;
    case Kind::mitigation: techniques_text(j, "mitigation", "mitigates", out); break;
    case Kind::group: techniques_text(j, "group", "uses", out); break;
    case Kind::log_source: log_source_text(j, out); break;
    }
    out << "  catalog:        " << label << "\n";
    return kExitOk;
}

} // namespace cli
