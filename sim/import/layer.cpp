// sim/import/layer.cpp — ATT&CK Navigator layers and ATT&CK groups as a
// scenario skeleton or a purple plan: one step per technique, in a stage per
// tactic (matrix order), scored and commented techniques first.
#include <algorithm>
#include <map>
#include <set>

#include "sim/attack/json_text.hpp"
#include "sim/import/formats.hpp"
#include "sim/scenario/suggest.hpp"

namespace sim::importer::detail {

namespace {

using nlohmann::json;
using attack::detail::get_string;

// "4.5" -> 45; "13" -> 130; -1 when not a number.
int version_number(const std::string& v) {
    int major = 0, minor = 0;
    if (std::sscanf(v.c_str(), "%d.%d", &major, &minor) < 1) return -1;
    return major * 10 + minor;
}

std::string version_text(const json& j) {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_number()) return j.dump();
    return {};
}

} // namespace

bool import_layer(const json& doc, const Input& in, Builder& b, Reporter& rep, bool purple) {
    const std::string domain = get_string(doc, "domain").value_or("");
    if (domain != "enterprise-attack" && domain != "mitre-enterprise") {
        rep.error("/domain", domain.empty() ? "the layer names no domain; ttx reads enterprise-attack layers"
                                            : "a layer of the " + clip(domain, 40) +
                                                  " domain; ttx scenarios use enterprise-attack");
        return false;
    }
    std::string layer_version, attack_version;
    if (auto v = doc.find("versions"); v != doc.end() && v->is_object()) {
        if (v->contains("layer")) layer_version = version_text((*v)["layer"]);
        if (v->contains("attack")) attack_version = version_text((*v)["attack"]);
    } else if (doc.contains("version")) {
        layer_version = version_text(doc["version"]);
    }
    const int lv = version_number(layer_version);
    if (lv < 40 || lv > 45)
        rep.warning("/versions/layer", "layer format '" + clip(layer_version, 20) +
                                           "'; ttx reads 4.0 to 4.5 and reads this one as 4.5");
    const int av = version_number(attack_version);
    const bool v18 = av >= 0 && av < 190;
    auto tech = doc.find("techniques");
    if (tech == doc.end() || !tech->is_array()) {
        rep.error("/techniques", "the layer has no \"techniques\" array");
        return false;
    }
    auto& src = b.source(in.name, "navigator-layer", in.text);
    src.attack_version = attack_version;

    struct Entry {
        Builder::Step step;
        bool annotated = false;
        double score = 0;
        std::size_t index = 0;
    };
    std::vector<Entry> entries;
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t i = 0; i < tech->size(); ++i) {
        const json& t = (*tech)[i];
        const std::string p = "/techniques/" + std::to_string(i);
        if (!t.is_object()) {
            rep.warning(p, "not a technique object; skipped");
            continue;
        }
        if (!attack::detail::get_bool(t, "enabled", true)) {
            rep.note(p, "disabled in the layer; left out");
            continue;
        }
        auto raw = get_string(t, "techniqueID");
        if (!raw) {
            rep.error(p, "no techniqueID");
            continue;
        }
        std::string id = resolve_technique(b.cat, *raw, rep, p + "/techniqueID", "technique");
        if (id.empty()) continue;
        std::string tactic_raw = get_string(t, "tactic").value_or("");
        std::string tactic = resolve_tactic(b.cat, tactic_raw, id);
        if (tactic_raw == "defense-evasion" && !v18)
            rep.note(p + "/tactic", "defense-evasion in a layer for ATT&CK " +
                                        (attack_version.empty() ? std::string("(unstated)") : attack_version) +
                                        "; placed under " + tactic + " as ATT&CK " + b.cat.version + " does");
        if (tactic.empty()) {
            rep.error(p + "/tactic", "unknown tactic '" + clip(tactic_raw, 40) + "'");
            continue;
        }
        if (!seen.insert({id, tactic}).second) continue;
        Entry e;
        e.index = i;
        e.step.technique = id;
        e.step.tactic = tactic;
        e.step.title = b.cat.technique(id)->name;
        e.step.origin = in.name + "#" + p;
        if (auto c = get_string(t, "comment")) e.step.description = clip(*c, 8000);
        if (auto s = t.find("score"); s != t.end() && s->is_number()) {
            e.score = s->get<double>();
            e.annotated = true;
        }
        e.annotated = e.annotated || !e.step.description.empty();
        if (auto links = t.find("links"); links != t.end() && links->is_array())
            for (const auto& l : *links) {
                auto url = get_string(l, "url");
                if (!url) continue;
                Artifact a;
                a.kind = ArtifactKind::ioc;
                a.type = "url";
                a.value = clip(*url, 2000);
                a.label = clip(get_string(l, "label").value_or("Link"), 200);
                e.step.artifacts.push_back(a);
            }
        if (auto meta = t.find("metadata"); meta != t.end() && meta->is_array())
            for (const auto& m : *meta) {
                auto name = get_string(m, "name");
                auto value = get_string(m, "value");
                if (!name || !value) continue;  // dividers
                Artifact a;
                a.kind = ArtifactKind::note;
                a.label = clip(*name, 200);
                a.value = clip(*value, 8000);
                e.step.artifacts.push_back(a);
            }
        entries.push_back(std::move(e));
    }
    if (entries.empty()) {
        rep.error("/techniques", "no enabled technique of the layer could be used");
        return false;
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& c) {
        if (a.annotated != c.annotated) return a.annotated;
        return a.score > c.score;
    });
    std::vector<Builder::Step> steps;
    for (auto& e : entries) steps.push_back(std::move(e.step));
    if (!b.extending) {
        b.s.title = clip(get_string(doc, "name").value_or("Imported ATT&CK Navigator layer"), 200);
        b.s.summary = clip(get_string(doc, "description").value_or(""), 8000);
        b.s.tags = {"navigator-layer"};
    }
    if (purple) b.purple_plan(steps, src);
    else b.skeleton(steps, src, "a layer lists techniques, not what the defenders should do about them");
    return true;
}

bool import_group(const std::string& query, Builder& b, Reporter& rep, bool purple) {
    const auto* g = b.cat.group(query);
    if (!g) {
        std::string hint = attack::suggestion(b.cat, attack::Kind::group, query);
        rep.error("", "no ATT&CK group '" + clip(query, 60) + "' in the catalog (ATT&CK " + b.cat.version + ")" +
                          (hint.empty() ? "" : "; " + hint));
        return false;
    }
    auto& src = b.source("ATT&CK " + b.cat.version + " " + g->id, "attack-group", g->id + " " + g->name);
    src.attack_version = b.cat.version;
    std::vector<Builder::Step> steps;
    for (const auto& raw : g->techniques) {
        std::string id = resolve_technique(b.cat, raw, rep, "", g->id + " technique");
        if (id.empty()) continue;
        Builder::Step st;
        st.technique = id;
        st.tactic = resolve_tactic(b.cat, "", id);
        st.title = b.cat.technique(id)->name;
        st.origin = g->id;
        steps.push_back(st);
    }
    if (steps.empty()) {
        rep.error("", g->id + " " + g->name + " has no techniques in the catalog");
        return false;
    }
    if (!b.extending) {
        b.s.title = g->id + " " + g->name;
        b.s.tags = {"attack-group", g->id};
        b.s.summary = "A skeleton from the techniques ATT&CK " + b.cat.version + " lists for " + g->name +
                      (g->aliases.empty() ? "" : " (also known as " + join(g->aliases, ", ") + ")") + ".";
    }
    if (purple) b.purple_plan(steps, src);
    else b.skeleton(steps, src, "ATT&CK lists the group's techniques, not what the defenders should do");
    return true;
}

} // namespace sim::importer::detail
