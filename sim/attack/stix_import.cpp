// sim/attack/stix_import.cpp — see stix_import.hpp.
#include "sim/attack/stix_import.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "sim/attack/json_text.hpp"
#include "sim/util/files.hpp"

namespace sim::attack {

namespace {

using detail::get_bool;
using detail::get_string;
using nlohmann::json;

constexpr const char* kDomain = "enterprise-attack";

// Drops, while parsing, what the catalog never uses: prose fields (most of
// the bytes) and STIX objects of other types (groups, software, mitigations,
// data sources, other relationships). Keeps peak memory near the kept data.
bool keep_while_parsing(int /*depth*/, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::key && parsed.is_string()) {
        const auto& key = parsed.get_ref<const std::string&>();
        return key != "description" && key != "x_mitre_detection" && key != "x_mitre_contents";
    }
    if (event == json::parse_event_t::object_end) {
        auto type = get_string(parsed, "type");
        if (!type) return true;       // not a STIX object: a nested structure
        static const std::set<std::string> wanted = {"bundle", "x-mitre-matrix", "x-mitre-tactic",
                                                     "attack-pattern", "relationship", "x-mitre-collection"};
        if (!wanted.count(*type)) return false;
        if (*type == "relationship") return get_string(parsed, "relationship_type") == "revoked-by";
    }
    return true;
}

// The ATT&CK id ("T1003", "TA0006", "enterprise-attack") from external_references.
std::optional<std::string> attack_id(const json& obj) {
    auto refs = obj.find("external_references");
    if (refs == obj.end() || !refs->is_array()) return std::nullopt;
    for (const auto& r : *refs)
        if (get_string(r, "source_name") == "mitre-attack") return get_string(r, "external_id");
    return std::nullopt;
}

// Objects that say nothing about their domain (older matrices) count as ours.
bool in_enterprise(const json& obj) {
    auto d = obj.find("x_mitre_domains");
    if (d == obj.end() || !d->is_array() || d->empty()) return true;
    return std::any_of(d->begin(), d->end(), [](const json& v) { return v.is_string() && v == kDomain; });
}

std::string modified(const json& obj) { return get_string(obj, "modified").value_or(""); }

bool is_tactic_id(const std::string& s) {
    return s.size() == 6 && s.compare(0, 2, "TA") == 0 &&
           std::all_of(s.begin() + 2, s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool ci_less(const std::string& a, const std::string& b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
    });
}

enum class DocResult { ok, not_stix, failed };

// Gathers the wanted objects of every document, one document at a time, then
// builds the catalog.
class Collector {
public:
    DocResult add(const StixDocument& d, std::string& error) {
        ++files_;
        auto doc = detail::parse_json(d.text, d.name, error, keep_while_parsing);
        if (!doc) return DocResult::failed;
        if (doc->is_null()) return DocResult::ok;   // a lone object of a type we drop
        if (!doc->is_object() || !get_string(*doc, "type")) {
            error = d.name + ": not STIX data: expected a bundle {\"type\": \"bundle\", \"objects\": [...]}";
            return DocResult::not_stix;
        }
        if (get_string(*doc, "type") != "bundle") {
            add_object(std::move(*doc));
            return DocResult::ok;
        }
        if (auto v = get_string(*doc, "x_mitre_version")) bundle_versions_.push_back(*v);
        auto objects = doc->find("objects");
        if (objects == doc->end()) return DocResult::ok;
        if (!objects->is_array()) {
            error = d.name + ": the bundle's \"objects\" must be an array";
            return DocResult::failed;
        }
        for (auto& o : *objects)
            if (o.is_object()) add_object(std::move(o));
        return DocResult::ok;
    }

    [[nodiscard]] std::optional<StixImport> finish(const std::string& source, const std::string& version_override,
                                                   std::string& error);

    std::vector<std::string> warnings;

private:
    void add_object(json&& obj) {
        auto id = get_string(obj, "id");
        if (!id) {
            ++without_id_;
            return;
        }
        auto it = objects_.find(*id);
        if (it == objects_.end())
            objects_.emplace(*id, std::move(obj));
        else if (modified(obj) > modified(it->second))   // ISO 8601 sorts as text
            it->second = std::move(obj);
    }

    std::vector<const json*> of_type(const std::string& type) const {
        std::vector<const json*> out;
        for (const auto& [id, o] : objects_)
            if (get_string(o, "type") == type) out.push_back(&o);
        return out;
    }

    const json* find_matrix(std::string& error) {
        std::vector<const json*> found;
        for (const json* m : of_type("x-mitre-matrix"))
            if (attack_id(*m) == kDomain && !get_bool(*m, "revoked") && !get_bool(*m, "x_mitre_deprecated"))
                found.push_back(m);
        if (found.empty()) {
            error = "no Enterprise ATT&CK matrix (an x-mitre-matrix object with external_id \"enterprise-attack\")";
            return nullptr;
        }
        std::sort(found.begin(), found.end(), [](const json* a, const json* b) { return modified(*a) > modified(*b); });
        if (found.size() > 1)
            warnings.push_back(std::to_string(found.size()) +
                               " Enterprise matrices found; using the most recently modified one");
        return found.front();
    }

    std::string release_version(const std::string& version_override) const {
        if (!version_override.empty()) return version_override;
        // The collection object names the release; prefer the Enterprise one.
        std::optional<std::string> any;
        for (const json* c : of_type("x-mitre-collection")) {
            auto v = get_string(*c, "x_mitre_version");
            if (!v) continue;
            if (get_string(*c, "name").value_or("").find("Enterprise") != std::string::npos) return *v;
            if (!any) any = v;
        }
        if (any) return *any;
        if (!bundle_versions_.empty()) return bundle_versions_.front();
        return "unknown";
    }

    std::map<std::string, json> objects_;   // STIX id -> newest version of the object
    std::vector<std::string> bundle_versions_;
    std::size_t files_ = 0;
    std::size_t without_id_ = 0;
};

std::optional<StixImport> Collector::finish(const std::string& source, const std::string& version_override,
                                            std::string& error) {
    StixImport out;
    Catalog& cat = out.catalog;
    const json* matrix = find_matrix(error);
    if (!matrix) {
        error = source + ": " + error + "; is this the enterprise-attack data?";
        return std::nullopt;
    }
    auto refs = matrix->find("tactic_refs");
    if (refs == matrix->end() || !refs->is_array() || refs->empty()) {
        error = source + ": the Enterprise matrix has no \"tactic_refs\" array of tactic ids";
        return std::nullopt;
    }
    int column = 0;
    for (const auto& ref : *refs) {
        std::string ref_id = ref.is_string() ? ref.get<std::string>() : ref.dump();
        auto it = objects_.find(ref_id);
        if (it == objects_.end() || get_string(it->second, "type") != "x-mitre-tactic") {
            error = source + ": the Enterprise matrix lists tactic " + ref_id + ", which is not in the input";
            return std::nullopt;
        }
        auto id = attack_id(it->second);
        auto shortname = get_string(it->second, "x_mitre_shortname");
        auto name = get_string(it->second, "name");
        if (!id || !is_tactic_id(*id) || !shortname || shortname->empty() || !name) {
            error = source + ": tactic " + ref_id + " lacks a TA id, an x_mitre_shortname or a name";
            return std::nullopt;
        }
        if (cat.tactic(*id) && cat.tactic(*id)->id == *id) {
            error = source + ": the Enterprise matrix lists tactic " + *id + " twice";
            return std::nullopt;
        }
        cat.add_tactic({*id, *shortname, *name, ++column});
    }
    auto column_of = [&](const std::string& shortname) -> int {
        for (const auto& t : cat.tactics())
            if (t.shortname == shortname) return t.order;
        return 0;
    };

    // Every attack-pattern's ATT&CK id (any domain) names revoked-by targets;
    // only well-formed ones, or the saved catalog would not load again.
    std::map<std::string, std::string> attack_id_of;
    for (const json* p : of_type("attack-pattern"))
        if (auto id = attack_id(*p); id && is_technique_id(*id)) attack_id_of[get_string(*p, "id").value_or("")] = *id;
    std::map<std::string, std::string> replaced_by;   // STIX id -> STIX id
    for (const json* r : of_type("relationship"))
        if (auto src = get_string(*r, "source_ref"), dst = get_string(*r, "target_ref"); src && dst)
            replaced_by[*src] = *dst;

    // Rank of a candidate when two objects claim one ATT&CK id: active first, then newest.
    std::map<std::string, std::tuple<int, std::string>> rank;
    std::set<std::string> unknown_phases;
    std::size_t without_attack_id = 0, duplicates = 0, unresolved_revocations = 0;
    for (const json* p : of_type("attack-pattern")) {
        if (!in_enterprise(*p)) {
            ++out.summary.other_domains;
            continue;
        }
        auto id = attack_id(*p);
        auto name = get_string(*p, "name");
        if (!id || !is_technique_id(*id) || !name) {
            ++without_attack_id;
            continue;
        }
        Technique t;
        t.id = *id;
        t.name = *name;
        t.subtechnique = get_bool(*p, "x_mitre_is_subtechnique", t.id.size() == 9);
        t.status = get_bool(*p, "revoked")              ? Status::revoked
                   : get_bool(*p, "x_mitre_deprecated") ? Status::deprecated
                                                        : Status::active;
        t.version = get_string(*p, "x_mitre_version").value_or("");
        if (auto phases = p->find("kill_chain_phases"); phases != p->end() && phases->is_array()) {
            for (const auto& ph : *phases) {
                if (get_string(ph, "kill_chain_name") != "mitre-attack") continue;
                auto phase = get_string(ph, "phase_name").value_or("");
                if (column_of(phase) == 0) unknown_phases.insert(phase);
                else if (std::find(t.tactics.begin(), t.tactics.end(), phase) == t.tactics.end())
                    t.tactics.push_back(phase);
            }
        }
        std::sort(t.tactics.begin(), t.tactics.end(),
                  [&](const std::string& a, const std::string& b) { return column_of(a) < column_of(b); });
        if (auto plats = p->find("x_mitre_platforms"); plats != p->end() && plats->is_array())
            for (const auto& v : *plats)
                if (v.is_string()) t.platforms.push_back(v.get<std::string>());
        std::sort(t.platforms.begin(), t.platforms.end(), ci_less);
        if (t.status == Status::revoked) {
            auto stix_id = get_string(*p, "id").value_or("");
            auto target = replaced_by.find(stix_id);
            if (target != replaced_by.end() && attack_id_of.count(target->second))
                t.revoked_by = attack_id_of[target->second];
            else
                ++unresolved_revocations;
        }

        std::tuple<int, std::string> r{t.status == Status::active ? 0 : 1, modified(*p)};
        if (auto prev = rank.find(t.id); prev != rank.end()) {
            ++duplicates;
            bool better = std::get<0>(r) < std::get<0>(prev->second) ||
                          (std::get<0>(r) == std::get<0>(prev->second) && std::get<1>(r) > std::get<1>(prev->second));
            if (!better) continue;
        }
        rank[t.id] = r;
        cat.add_technique(std::move(t));
    }
    if (cat.techniques().empty()) {
        error = source + ": no Enterprise ATT&CK techniques (attack-pattern objects with a mitre-attack id)";
        return std::nullopt;
    }

    if (!unknown_phases.empty()) {
        std::string names;
        for (const auto& p : unknown_phases) names += (names.empty() ? "" : ", ") + (p.empty() ? "(empty)" : p);
        warnings.push_back("ignored kill-chain phases that are not Enterprise matrix tactics: " + names);
    }
    if (without_attack_id)
        warnings.push_back(std::to_string(without_attack_id) +
                           " attack-pattern objects without a mitre-attack technique id or name were skipped");
    if (duplicates)
        warnings.push_back(std::to_string(duplicates) +
                           " technique ids appeared on more than one object; kept the active, newest one");
    if (unresolved_revocations)
        warnings.push_back(std::to_string(unresolved_revocations) +
                           " revoked techniques have no resolvable revoked-by relationship");
    if (without_id_)
        warnings.push_back(std::to_string(without_id_) + " objects without an \"id\" were skipped");

    cat.full = true;
    cat.version = release_version(version_override);
    cat.origin = source;
    StixSummary& s = out.summary;
    s.files = files_;
    s.version = cat.version;
    s.tactics = cat.tactics().size();
    s.techniques = cat.techniques().size();
    for (const auto& [id, t] : cat.techniques()) {
        s.subtechniques += t.subtechnique ? 1 : 0;
        s.revoked += t.status == Status::revoked ? 1 : 0;
        s.deprecated += t.status == Status::deprecated ? 1 : 0;
    }
    if (s.version == "unknown")
        warnings.push_back("the data does not name its ATT&CK release (no x-mitre-collection); "
                           "pass the version explicitly to record it");
    out.warnings = std::move(warnings);
    return out;
}

} // namespace

std::optional<StixImport> import_stix_documents(const std::vector<StixDocument>& docs, std::string& error,
                                                const std::string& version_override) {
    Collector c;
    for (const auto& d : docs) {
        DocResult r = c.add(d, error);
        if (r == DocResult::failed || (r == DocResult::not_stix && docs.size() == 1)) return std::nullopt;
        if (r == DocResult::not_stix) {
            c.warnings.push_back(error + "; skipped");
            error.clear();
        }
    }
    std::string source = docs.size() == 1 ? docs.front().name : std::to_string(docs.size()) + " documents";
    return c.finish(source, version_override, error);
}

std::optional<StixImport> import_stix(const std::string& path, std::string& error,
                                      const std::string& version_override) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
        error = path + ": no such file or folder";
        return std::nullopt;
    }
    if (!fs::is_directory(st)) {
        std::string read_error;
        auto text = read_file(path, kMaxStixFileBytes, read_error);
        if (!text) {
            error = path + ": " + read_error;
            return std::nullopt;
        }
        return import_stix_documents({{path, std::move(*text)}}, error, version_override);
    }

    // A folder: every *.json below it, in a stable order. Symlinked folders are
    // not followed, so a link cycle cannot make this loop.
    std::vector<fs::path> files;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::string ext = it->path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
        std::error_code fec;
        if (ext == ".json" && it->is_regular_file(fec)) files.push_back(it->path());
        if (files.size() > kMaxStixFiles) {
            error = path + ": more than " + std::to_string(kMaxStixFiles) + " JSON files; point at the "
                    "enterprise-attack folder rather than a larger tree";
            return std::nullopt;
        }
    }
    if (ec) {
        error = path + ": cannot list the folder: " + ec.message();
        return std::nullopt;
    }
    if (files.empty()) {
        error = path + ": no .json files in this folder; expected STIX bundles such as enterprise-attack.json";
        return std::nullopt;
    }
    std::sort(files.begin(), files.end());
    // Refuse an oversized tree before reading any of it.
    std::uintmax_t planned = 0;
    for (const auto& f : files) {
        std::error_code fec;
        if (auto size = fs::file_size(f, fec); !fec) planned += size;
    }
    if (planned > kMaxStixTotalBytes) {
        error = path + ": the JSON files add up to more than " + std::to_string(kMaxStixTotalBytes >> 20) +
                " MiB; point at the enterprise-attack folder only";
        return std::nullopt;
    }

    Collector c;
    std::size_t total = 0;
    for (const auto& f : files) {
        std::string read_error;
        auto text = read_file(f.string(), kMaxStixFileBytes, read_error);
        if (!text) {
            error = f.string() + ": " + read_error;
            return std::nullopt;
        }
        total += text->size();
        if (total > kMaxStixTotalBytes) {
            error = path + ": the JSON files add up to more than " + std::to_string(kMaxStixTotalBytes >> 20) +
                    " MiB; point at the enterprise-attack folder only";
            return std::nullopt;
        }
        DocResult r = c.add({f.string(), std::move(*text)}, error);
        if (r == DocResult::failed) return std::nullopt;
        if (r == DocResult::not_stix) {
            c.warnings.push_back(error + "; skipped");
            error.clear();
        }
    }
    return c.finish(path, version_override, error);
}

std::string describe(const StixSummary& s) {
    return std::to_string(s.tactics) + " tactics, " + std::to_string(s.techniques) + " techniques (" +
           std::to_string(s.subtechniques) + " sub-techniques), " + std::to_string(s.revoked) + " revoked, " +
           std::to_string(s.deprecated) + " deprecated, ATT&CK " + s.version;
}

} // namespace sim::attack
