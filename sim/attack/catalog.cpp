// sim/attack/catalog.cpp — see catalog.hpp.
#include "sim/attack/catalog.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <tuple>

#include <nlohmann/json.hpp>

#include "sim/attack/embedded.hpp"
#include "sim/attack/json_text.hpp"
#include "sim/attack/text.hpp"
#include "sim/scenario/suggest.hpp"
#include "sim/util/files.hpp"

namespace sim::attack {

namespace {

using nlohmann::json;
using detail::lower;
using detail::split;
using detail::split_list;
using detail::upper;

constexpr const char* kCatalogFormat = "ttx-attack-catalog";
constexpr int kCatalogFormatVersion = 1;
// A full Enterprise catalog is well under 1 MiB; anything far larger is not ours.
constexpr std::size_t kMaxUserCatalogBytes = 64u * 1024 * 1024;

bool iequals(const std::string& a, const std::string& b) { return lower(a) == lower(b); }

bool all_digits(const std::string& s, std::size_t from, std::size_t count) {
    if (s.size() < from + count) return false;
    for (std::size_t i = from; i < from + count; ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

bool is_tactic_id(const std::string& s) { return s.size() == 6 && s.compare(0, 2, "TA") == 0 && all_digits(s, 2, 4); }

std::string strip_cr(std::string line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

// Orders a technique's tactic shortnames by matrix column; unknown ones last.
void sort_by_matrix(std::vector<std::string>& shortnames, const Catalog& c) {
    auto column = [&](const std::string& s) {
        const Tactic* t = c.tactic(s);
        return t ? t->order : 1 << 20;
    };
    std::stable_sort(shortnames.begin(), shortnames.end(),
                     [&](const std::string& a, const std::string& b) { return column(a) < column(b); });
}

// One TSV table: the header row must be exactly `columns`; rows are handed to
// `row` with their 1-based line number. '#' lines are comments, and a comment
// "# @version X" sets `version`.
template <typename RowFn>
bool read_tsv(const std::string& text, const std::string& name, const std::vector<std::string>& columns,
              std::string& version, std::string& error, RowFn row) {
    bool header_seen = false;
    std::vector<std::string> lines = split(text, "\n");
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string line = strip_cr(lines[i]);
        std::size_t lineno = i + 1;
        if (line.empty()) continue;
        if (line[0] == '#') {
            const std::string directive = "# @version ";
            if (line.compare(0, directive.size(), directive) == 0) version = line.substr(directive.size());
            continue;
        }
        std::vector<std::string> fields = split(line, "\t");
        std::string where = name + ":" + std::to_string(lineno) + ": ";
        if (!header_seen) {
            if (fields != columns) {
                std::string expected;
                for (const auto& c : columns) expected += (expected.empty() ? "" : " ") + c;
                error = where + "expected the header row '" + expected + "' (tab-separated)";
                return false;
            }
            header_seen = true;
            continue;
        }
        if (fields.size() != columns.size()) {
            error = where + "expected " + std::to_string(columns.size()) + " tab-separated fields, found " +
                    std::to_string(fields.size());
            return false;
        }
        if (!row(fields, where)) return false;
    }
    if (!header_seen) {
        error = name + ": no header row; the file is empty";
        return false;
    }
    return true;
}

// Checks that every technique names known tactics and every replacement is a
// technique id; shared by the TSV and JSON readers.
bool check_references(const Catalog& c, const std::string& name, std::string& error) {
    for (const auto& [id, t] : c.techniques()) {
        for (const auto& s : t.tactics) {
            if (!c.tactic(s) || c.tactic(s)->shortname != s) {
                error = name + ": technique " + id + " names unknown tactic '" + s + "'";
                return false;
            }
        }
        if (t.status == Status::revoked && !t.revoked_by.empty() && !is_technique_id(t.revoked_by)) {
            error = name + ": technique " + id + " is revoked by '" + t.revoked_by + "', which is not a technique id";
            return false;
        }
    }
    return true;
}

// After the defence tables are read: every reference resolves, then the indexes.
bool link_defences(Catalog& c, const std::string& name, std::string& error) {
    if (std::string dangling = c.dangling_reference(); !dangling.empty()) {
        error = name + ": " + dangling;
        return false;
    }
    c.link();
    return true;
}

} // namespace

// ---- Catalog ------------------------------------------------------------------

const Tactic* Catalog::tactic(const std::string& id_or_shortname) const {
    for (const auto& t : tactics_)
        if (t.shortname == id_or_shortname || iequals(t.id, id_or_shortname)) return &t;
    for (const auto& t : tactics_)
        if (iequals(t.name, id_or_shortname)) return &t;
    // A v18 shortname this (v19) catalog no longer has: its first successor.
    std::vector<std::string> mapped = map_v18_tactic(id_or_shortname);
    if (!mapped.empty() && mapped.front() != id_or_shortname) return tactic(mapped.front());
    return nullptr;
}

const Technique* Catalog::technique(const std::string& id) const {
    auto it = techniques_.find(id);
    if (it == techniques_.end()) it = techniques_.find(upper(id));
    return it == techniques_.end() ? nullptr : &it->second;
}

const Technique* Catalog::successor(const std::string& id) const {
    const Technique* t = technique(id);
    // A chain is at most a few links; more than the catalog's size is a loop.
    for (std::size_t steps = 0; t && t->status == Status::revoked; ++steps) {
        if (steps > techniques_.size()) return nullptr;
        t = technique(t->revoked_by);
    }
    return t;
}

void Catalog::add_tactic(Tactic t) {
    std::erase_if(tactics_, [&](const Tactic& x) { return x.id == t.id; });
    auto pos = std::upper_bound(tactics_.begin(), tactics_.end(), t.order,
                                [](int order, const Tactic& x) { return order < x.order; });
    tactics_.insert(pos, std::move(t));
}

void Catalog::add_technique(Technique t) {
    std::string id = t.id;
    techniques_.insert_or_assign(std::move(id), std::move(t));
}

// ---- free functions -------------------------------------------------------------

std::vector<std::string> map_v18_tactic(const std::string& shortname) {
    if (shortname == "defense-evasion") return {"stealth", "defense-impairment"};
    return {shortname};
}

bool is_technique_id(const std::string& s) {
    if (s.size() != 5 && s.size() != 9) return false;
    if (s[0] != 'T' || !all_digits(s, 1, 4)) return false;
    return s.size() == 5 || (s[5] == '.' && all_digits(s, 6, 3));
}

const char* status_name(Status s) {
    switch (s) {
    case Status::active: return "active";
    case Status::revoked: return "revoked";
    case Status::deprecated: return "deprecated";
    }
    return "active";
}

std::optional<Status> parse_status(const std::string& s) {
    if (s == "active") return Status::active;
    if (s == "revoked") return Status::revoked;
    if (s == "deprecated") return Status::deprecated;
    return std::nullopt;
}

namespace {

// An id column of a defence table: PREFIX + 4 digits, not seen before.
template <typename Map>
bool check_new_id(const std::string& id, const char* prefix, const char* what, const Map& existing,
                  const std::string& where, std::string& error) {
    if (kind_of_id(id) == std::nullopt || id.compare(0, std::char_traits<char>::length(prefix), prefix) != 0 ||
        id.size() != std::char_traits<char>::length(prefix) + 4) {
        error = where + "'" + id + "' is not a " + what + " id (" + prefix + " followed by 4 digits)";
        return false;
    }
    if (existing.count(id)) {
        error = where + what + " " + id + " appears twice";
        return false;
    }
    return true;
}

// data-components, detection-strategies, analytics, mitigations and groups .tsv
// (each optional: an empty text leaves the table out), then their references.
bool read_defence_tables(const CatalogTexts& texts, const std::string& name, Catalog& c, std::string& error) {
    std::string version;
    auto table = [&](const std::string& text, const char* file, const std::vector<std::string>& columns,
                     auto row) {
        return text.empty() || read_tsv(text, name + "/" + file, columns, version, error, row);
    };
    auto needs_name = [&](const std::vector<std::string>& f, const std::string& where) {
        if (!f[1].empty()) return true;
        error = where + f[0] + " needs a name";
        return false;
    };
    bool ok = table(texts.data_components, "data-components.tsv", {"id", "name"}, [&](const auto& f, const auto& where) {
        if (!check_new_id(f[0], "DC", "data component", c.data_components(), where, error) || !needs_name(f, where))
            return false;
        c.add_data_component({f[0], f[1]});
        return true;
    });
    ok = ok && table(texts.detection_strategies, "detection-strategies.tsv", {"id", "name", "techniques"},
                     [&](const auto& f, const auto& where) {
        if (!check_new_id(f[0], "DET", "detection strategy", c.detection_strategies(), where, error) ||
            !needs_name(f, where))
            return false;
        c.add_detection_strategy({f[0], f[1], split_list(f[2]), {}});
        return true;
    });
    ok = ok && table(texts.analytics, "analytics.tsv", {"id", "detection", "platforms", "data_components", "log_sources"},
                     [&](const auto& f, const auto& where) {
        if (!check_new_id(f[0], "AN", "analytic", c.analytics(), where, error)) return false;
        c.add_analytic({f[0], f[1], split_list(f[2]), split_list(f[3]), split_list(f[4], " | ")});
        return true;
    });
    ok = ok && table(texts.mitigations, "mitigations.tsv", {"id", "name", "techniques"},
                     [&](const auto& f, const auto& where) {
        if (!check_new_id(f[0], "M", "mitigation", c.mitigations(), where, error) || !needs_name(f, where))
            return false;
        c.add_mitigation({f[0], f[1], split_list(f[2])});
        return true;
    });
    ok = ok && table(texts.groups, "groups.tsv", {"id", "name", "aliases", "techniques"},
                     [&](const auto& f, const auto& where) {
        if (!check_new_id(f[0], "G", "group", c.groups(), where, error) || !needs_name(f, where)) return false;
        c.add_group({f[0], f[1], split_list(f[2]), split_list(f[3])});
        return true;
    });
    return ok && link_defences(c, name, error);
}

} // namespace

std::optional<Catalog> parse_catalog_tsv(const CatalogTexts& texts, const std::string& name, std::string& error) {
    Catalog c;
    std::set<int> orders;
    const std::string tactics_name = name + "/tactics.tsv";
    bool ok = read_tsv(texts.tactics, tactics_name, {"id", "shortname", "name", "order"}, c.version, error,
                       [&](const std::vector<std::string>& f, const std::string& where) {
        if (!is_tactic_id(f[0])) {
            error = where + "'" + f[0] + "' is not a tactic id (TA followed by 4 digits)";
            return false;
        }
        if (f[1].empty() || f[2].empty()) {
            error = where + "tactic " + f[0] + " needs a shortname and a name";
            return false;
        }
        int order = 0;
        try {
            std::size_t used = 0;
            order = std::stoi(f[3], &used);
            if (used != f[3].size() || order < 1) throw std::invalid_argument(f[3]);
        } catch (const std::exception&) {
            error = where + "order '" + f[3] + "' must be a positive integer";
            return false;
        }
        bool repeated = std::any_of(c.tactics().begin(), c.tactics().end(), [&](const Tactic& t) {
            return t.id == f[0] || t.shortname == f[1];
        });
        if (!orders.insert(order).second || repeated) {
            error = where + "tactic " + f[0] + " repeats an id, shortname or matrix column";
            return false;
        }
        c.add_tactic({f[0], f[1], f[2], order});
        return true;
    });
    if (!ok) return std::nullopt;

    std::string ignored_version;
    const std::string techniques_name = name + "/techniques.tsv";
    ok = read_tsv(texts.techniques, techniques_name, {"id", "name", "tactics", "status", "revoked_by", "platforms"},
                  ignored_version, error, [&](const std::vector<std::string>& f, const std::string& where) {
        Technique t;
        t.id = f[0];
        if (!is_technique_id(t.id)) {
            error = where + "'" + t.id + "' is not a technique id (T1234 or T1234.001)";
            return false;
        }
        if (c.technique(t.id)) {
            error = where + "technique " + t.id + " appears twice";
            return false;
        }
        t.name = f[1];
        t.subtechnique = t.id.size() == 9;
        t.tactics = split_list(f[2]);
        t.platforms = split_list(f[5]);
        auto status = parse_status(f[3]);
        if (!status) {
            error = where + "status '" + f[3] + "' must be active, revoked or deprecated";
            return false;
        }
        t.status = *status;
        t.revoked_by = f[4];
        if (t.name.empty() || t.tactics.empty()) {
            error = where + "technique " + t.id + " needs a name and at least one tactic";
            return false;
        }
        if ((t.status == Status::revoked) != !t.revoked_by.empty()) {
            error = where + "revoked_by is set exactly when the status is revoked (" + t.id + ")";
            return false;
        }
        c.add_technique(std::move(t));
        return true;
    });
    if (!ok || !check_references(c, name, error)) return std::nullopt;
    for (const auto& [id, t] : c.techniques()) {
        std::vector<std::string> sorted = t.tactics;
        sort_by_matrix(sorted, c);
        if (sorted != t.tactics) {
            error = techniques_name + ": technique " + id + " lists its tactics out of matrix order";
            return std::nullopt;
        }
    }
    if (!read_defence_tables(texts, name, c, error)) return std::nullopt;
    c.origin = "built-in";
    return c;
}

std::optional<Catalog> parse_catalog_tsv(const std::string& tactics_tsv, const std::string& techniques_tsv,
                                         const std::string& name, std::string& error) {
    CatalogTexts texts;
    texts.tactics = tactics_tsv;
    texts.techniques = techniques_tsv;
    return parse_catalog_tsv(texts, name, error);
}

const Catalog& builtin_catalog() {
    static const Catalog catalog = [] {
        std::string error;
        const CatalogTexts texts{embedded::tactics_tsv,     embedded::techniques_tsv,
                                 embedded::data_components_tsv, embedded::detection_strategies_tsv,
                                 embedded::analytics_tsv,   embedded::mitigations_tsv,
                                 embedded::groups_tsv};
        auto c = parse_catalog_tsv(texts, "assets/attack", error);
        // The data is compiled in and checked by tests, so this is a build defect.
        if (!c) throw std::logic_error("the built-in ATT&CK catalog is corrupt: " + error);
        // refresh.py writes every technique of the release (the tests compare counts).
        c->full = true;
        return std::move(*c);
    }();
    return catalog;
}

// ---- the user catalog (JSON) ---------------------------------------------------

std::string user_catalog_path(const std::string& data_dir) {
    return (std::filesystem::path(data_dir) / "attack" / "catalog.json").string();
}

std::string catalog_to_json(const Catalog& c) {
    json tactics = json::array();
    for (const auto& t : c.tactics())
        tactics.push_back({{"id", t.id}, {"shortname", t.shortname}, {"name", t.name}, {"order", t.order}});
    json techniques = json::array();
    for (const auto& [id, t] : c.techniques()) {
        techniques.push_back({{"id", t.id},
                              {"name", t.name},
                              {"tactics", t.tactics},
                              {"subtechnique", t.subtechnique},
                              {"status", status_name(t.status)},
                              {"revoked_by", t.revoked_by},
                              {"platforms", t.platforms},
                              {"version", t.version}});
    }
    json doc = {{"format", kCatalogFormat},   {"format_version", kCatalogFormatVersion},
                {"domain", "enterprise-attack"}, {"version", c.version},
                {"full", c.full},              {"tactics", std::move(tactics)},
                {"techniques", std::move(techniques)}};
    // Borrowed tables are not stored: a later ttx lends its own (newer) ones.
    if (c.has_defences() && !c.builtin_defences) {
        json& components = doc["data_components"] = json::array();
        for (const auto& [id, d] : c.data_components()) components.push_back({{"id", id}, {"name", d.name}});
        json& detections = doc["detection_strategies"] = json::array();
        for (const auto& [id, d] : c.detection_strategies())
            detections.push_back({{"id", id}, {"name", d.name}, {"techniques", d.techniques}});
        json& analytics = doc["analytics"] = json::array();
        for (const auto& [id, a] : c.analytics())
            analytics.push_back({{"id", id},
                                 {"detection", a.detection},
                                 {"platforms", a.platforms},
                                 {"data_components", a.data_components},
                                 {"log_sources", a.log_sources}});
        json& mitigations = doc["mitigations"] = json::array();
        for (const auto& [id, m] : c.mitigations())
            mitigations.push_back({{"id", id}, {"name", m.name}, {"techniques", m.techniques}});
        json& groups = doc["groups"] = json::array();
        for (const auto& [id, g] : c.groups())
            groups.push_back({{"id", id}, {"name", g.name}, {"aliases", g.aliases}, {"techniques", g.techniques}});
    }
    // Imported names may contain any Unicode; replace invalid UTF-8 rather than throw.
    return doc.dump(1, '\t', false, json::error_handler_t::replace) + "\n";
}

namespace {

bool string_array(const json& obj, const char* key, std::vector<std::string>& out) {
    auto it = obj.find(key);
    if (it == obj.end()) return true;
    if (!it->is_array()) return false;
    for (const auto& v : *it) {
        if (!v.is_string()) return false;
        out.push_back(v.get<std::string>());
    }
    return true;
}

// One table of the JSON form: an array of objects, each with an id of `kind`;
// `row` reads the rest and returns false (having set `error`) on a bad field.
template <typename RowFn>
bool read_json_table(const json& doc, const char* key, Kind kind, const std::string& name, std::string& error,
                     RowFn row) {
    auto it = doc.find(key);
    if (it == doc.end()) return true;
    if (!it->is_array()) {
        error = name + ": \"" + key + "\" must be an array";
        return false;
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
        const json& j = (*it)[i];
        const std::string where = name + ": " + key + "[" + std::to_string(i) + "]";
        auto id = detail::get_string(j, "id");
        if (!id || kind_of_id(*id) != kind || upper(*id) != *id) {
            error = where + " needs the id of a " + kind_name(kind);
            return false;
        }
        if (!row(j, *id, where)) return false;
    }
    return true;
}

// The DET/AN/DC/M/G tables of the JSON form; a catalog without them borrows the built-in ones.
bool defences_from_json(const json& doc, const std::string& name, Catalog& c, std::string& error) {
    if (!doc.contains("detection_strategies")) {
        c.borrow_defences(builtin_catalog());
        return true;
    }
    auto lists = [&](const json& j, const std::string& where, std::initializer_list<std::pair<const char*, std::vector<std::string>*>> fields) {
        for (const auto& [key, out] : fields)
            if (!string_array(j, key, *out)) {
                error = where + ": \"" + key + "\" must be an array of strings";
                return false;
            }
        return true;
    };
    auto text = [](const json& j, const char* key) { return detail::get_string(j, key).value_or(""); };
    bool ok = read_json_table(doc, "data_components", Kind::data_component, name, error,
                              [&](const json& j, const std::string& id, const std::string&) {
        c.add_data_component({id, text(j, "name")});
        return true;
    });
    ok = ok && read_json_table(doc, "detection_strategies", Kind::detection, name, error,
                               [&](const json& j, const std::string& id, const std::string& where) {
        DetectionStrategy d{id, text(j, "name"), {}, {}};
        if (!lists(j, where, {{"techniques", &d.techniques}})) return false;
        c.add_detection_strategy(std::move(d));
        return true;
    });
    ok = ok && read_json_table(doc, "analytics", Kind::analytic, name, error,
                               [&](const json& j, const std::string& id, const std::string& where) {
        Analytic a{id, text(j, "detection"), {}, {}, {}};
        if (!lists(j, where, {{"platforms", &a.platforms}, {"data_components", &a.data_components},
                              {"log_sources", &a.log_sources}}))
            return false;
        c.add_analytic(std::move(a));
        return true;
    });
    ok = ok && read_json_table(doc, "mitigations", Kind::mitigation, name, error,
                               [&](const json& j, const std::string& id, const std::string& where) {
        Mitigation m{id, text(j, "name"), {}};
        if (!lists(j, where, {{"techniques", &m.techniques}})) return false;
        c.add_mitigation(std::move(m));
        return true;
    });
    ok = ok && read_json_table(doc, "groups", Kind::group, name, error,
                               [&](const json& j, const std::string& id, const std::string& where) {
        Group g{id, text(j, "name"), {}, {}};
        if (!lists(j, where, {{"aliases", &g.aliases}, {"techniques", &g.techniques}})) return false;
        c.add_group(std::move(g));
        return true;
    });
    return ok && link_defences(c, name, error);
}

} // namespace

std::optional<Catalog> catalog_from_json(const std::string& text, const std::string& name, std::string& error) {
    using detail::get_bool;
    using detail::get_string;
    auto doc = detail::parse_json(text, name, error);
    if (!doc) return std::nullopt;
    if (!doc->is_object() || get_string(*doc, "format") != kCatalogFormat) {
        error = name + ": not a ttx ATT&CK catalog (expected \"format\": \"" + kCatalogFormat +
                "\"); re-run `ttx attack import`";
        return std::nullopt;
    }
    auto fv = doc->find("format_version");
    if (fv == doc->end() || !fv->is_number_integer() || fv->get<int>() != kCatalogFormatVersion) {
        error = name + ": unsupported catalog format_version (this ttx reads " +
                std::to_string(kCatalogFormatVersion) + "); re-run `ttx attack import`";
        return std::nullopt;
    }
    Catalog c;
    c.version = get_string(*doc, "version").value_or("");
    c.full = get_bool(*doc, "full");
    c.origin = name;

    auto tactics = doc->find("tactics");
    auto techniques = doc->find("techniques");
    if (tactics == doc->end() || !tactics->is_array() || techniques == doc->end() || !techniques->is_array()) {
        error = name + ": \"tactics\" and \"techniques\" must be arrays";
        return std::nullopt;
    }
    for (std::size_t i = 0; i < tactics->size(); ++i) {
        const json& t = (*tactics)[i];
        auto id = get_string(t, "id");
        auto shortname = get_string(t, "shortname");
        auto tname = get_string(t, "name");
        auto order = t.is_object() ? t.find("order") : t.end();
        if (!id || !is_tactic_id(*id) || !shortname || !tname || order == t.end() || !order->is_number_integer()) {
            error = name + ": tactics[" + std::to_string(i) + "] needs a TA id, shortname, name and integer order";
            return std::nullopt;
        }
        c.add_tactic({*id, *shortname, *tname, order->get<int>()});
    }
    for (std::size_t i = 0; i < techniques->size(); ++i) {
        const json& j = (*techniques)[i];
        std::string where = name + ": techniques[" + std::to_string(i) + "]";
        Technique t;
        auto id = get_string(j, "id");
        auto tname = get_string(j, "name");
        auto status = parse_status(get_string(j, "status").value_or(""));
        if (!id || !is_technique_id(*id) || !tname || !status) {
            error = where + " needs a technique id, a name and a status (active, revoked or deprecated)";
            return std::nullopt;
        }
        t.id = *id;
        t.name = *tname;
        t.status = *status;
        t.subtechnique = get_bool(j, "subtechnique", t.id.size() == 9);
        t.revoked_by = get_string(j, "revoked_by").value_or("");
        t.version = get_string(j, "version").value_or("");
        if (!string_array(j, "tactics", t.tactics) || !string_array(j, "platforms", t.platforms)) {
            error = where + " (" + t.id + "): \"tactics\" and \"platforms\" must be arrays of strings";
            return std::nullopt;
        }
        c.add_technique(std::move(t));
    }
    if (!check_references(c, name, error) || !defences_from_json(*doc, name, c, error)) return std::nullopt;
    return c;
}

std::optional<Catalog> load_user_catalog(const std::string& data_dir, std::string& error) {
    error.clear();
    std::string path = user_catalog_path(data_dir);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::nullopt;
    std::string read_error;
    auto text = read_file(path, kMaxUserCatalogBytes, read_error);
    if (!text) {
        error = path + ": " + read_error;
        return std::nullopt;
    }
    return catalog_from_json(*text, path, error);
}

bool save_user_catalog(const Catalog& c, const std::string& data_dir, std::string& error) {
    std::string path = user_catalog_path(data_dir);
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    if (ec) {
        error = "cannot create " + std::filesystem::path(path).parent_path().string() + ": " + ec.message();
        return false;
    }
    return write_file_atomic(path, catalog_to_json(c), error);
}

// ---- the catalog a workspace uses ---------------------------------------------

const Catalog& CatalogSelection::get() const { return user ? *user : builtin_catalog(); }

CatalogSelection select_catalog(const std::string& data_dir) {
    CatalogSelection s;
    if (data_dir.empty()) return s;
    s.user = load_user_catalog(data_dir, s.warning);
    if (!s.warning.empty()) s.warning += " (using the built-in catalog instead)";
    return s;
}

std::vector<std::string> nearest_techniques(const Catalog& c, const std::string& query, std::size_t limit) {
    std::string q = query;
    while (!q.empty() && std::isspace(static_cast<unsigned char>(q.back()))) q.pop_back();
    while (!q.empty() && std::isspace(static_cast<unsigned char>(q.front()))) q.erase(q.begin());
    if (q.empty() || limit == 0) return {};

    const std::string id_query = upper(q);
    const bool looks_like_id = id_query[0] == 'T' && id_query.size() >= 2 &&
                               std::isdigit(static_cast<unsigned char>(id_query[1]));
    const std::string parent = id_query.substr(0, id_query.find('.'));
    const std::string name_query = lower(q);

    // (score, other digits, inactive, id): lower is better. Among equally close
    // ids, one with the same digits wins (T1910 is T1190 swapped, not T1110),
    // then active techniques.
    auto digits = [](std::string s) {
        std::sort(s.begin(), s.end());
        return s;
    };
    const std::string query_digits = digits(id_query);
    std::vector<std::tuple<std::size_t, bool, bool, std::string>> scored;
    for (const auto& [id, t] : c.techniques()) {
        std::size_t score;
        if (looks_like_id) {
            if (id == id_query) continue;
            if (id == parent) score = 0;                    // T1566.009 -> T1566
            else if (id.compare(0, parent.size() + 1, parent + ".") == 0 && parent.size() == 5) score = 1;
            else score = edit_distance(id_query, id) + 1;
            if (score > 3) continue;
        } else {
            std::string n = lower(t.name);
            if (n.find(name_query) != std::string::npos) score = 0;
            else {
                score = edit_distance(name_query, n);
                if (score > std::max<std::size_t>(2, name_query.size() / 3)) continue;
            }
        }
        scored.emplace_back(score, looks_like_id && digits(id) != query_digits, t.status != Status::active, id);
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    for (const auto& s : scored) {
        if (out.size() == limit) break;
        out.push_back(std::get<3>(s));
    }
    return out;
}

} // namespace sim::attack
