// sim/import/import.cpp — recognising inputs and assembling one scenario.
#include "sim/import/import.hpp"

#include <algorithm>
#include <filesystem>

#include "sim/attack/json_text.hpp"
#include "sim/import/formats.hpp"
#include "sim/scenario/limits.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace sim::importer {

namespace {

using namespace detail;

bool valid_utf8_text(const std::string& s, std::size_t& bad) {
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
            bad = i;
            return false;
        }
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + len > s.size()) {
            bad = i;
            return false;
        }
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
                bad = i;
                return false;
            }
        i += len;
    }
    return true;
}

std::string first_char(const std::string& t) {
    std::size_t i = t.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    while (i < t.size() && std::isspace(static_cast<unsigned char>(t[i]))) ++i;
    return i < t.size() ? t.substr(i, 1) : "";
}

bool looks_like_msel(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    if (line.compare(0, 3, "\xEF\xBB\xBF") == 0) line = line.substr(3);
    int known = 0;
    for (const char* h : {"synopsis", "subject", "scenario time", "expected action", "inject", "time", "to",
                          "from", "method", "description", "event #", "inject id", "channel", "recipient"}) {
        std::string low;
        for (char c : line) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string needle = h;
        for (std::size_t p = low.find(needle); p != std::string::npos; p = low.find(needle, p + 1)) {
            bool start = p == 0 || low[p - 1] == ',' || low[p - 1] == ';' || low[p - 1] == '"';
            std::size_t e = p + needle.size();
            bool end = e == low.size() || low[e] == ',' || low[e] == ';' || low[e] == '"' || low[e] == '\r';
            if (start && end) {
                ++known;
                break;
            }
        }
    }
    return known >= 2;
}

std::string yaml_kind(const YAML::Node& root) {
    if (root.IsMap()) {
        if (root["attack_technique"] || root["atomic_tests"]) return "atomic-red-team";
        if (root["atomic_ordering"]) return "caldera-adversary";
        if (root["ability_id"] || (root["technique"] && root["platforms"])) return "caldera-abilities";
    }
    if (root.IsSequence() && root.size() > 0 && root[0].IsMap() && (root[0]["technique"] || root[0]["platforms"]))
        return "caldera-abilities";
    return {};
}

std::string json_kind(const nlohmann::json& j) {
    if (!j.is_object()) return {};
    if (j.value("type", "") == "bundle") return "attack-flow";
    if (j.contains("techniques") && (j.contains("domain") || j.contains("versions"))) return "navigator-layer";
    return {};
}

} // namespace

std::string format_problem(const Problem& p) {
    const char* level = p.level == Level::error ? "error" : p.level == Level::warning ? "warning" : "note";
    return p.file + (p.where.empty() ? "" : ":" + p.where) + ": " + level + ": " + p.message;
}

bool Result::has_errors() const {
    return std::any_of(problems.begin(), problems.end(), [](const Problem& p) { return p.level == Level::error; });
}

std::string detect_kind(const std::string& text) {
    std::size_t bad = 0;
    if (!valid_utf8_text(text, bad)) return {};
    std::string c = first_char(text);
    if (c.empty()) return {};
    if (c == "{" || c == "[") {
        std::string error;
        auto j = attack::detail::parse_json(text, "", error);
        return j ? json_kind(*j) : std::string();
    }
    if (looks_like_msel(text)) return "msel";
    Diagnostics d;
    auto doc = yaml::parse_yaml_document(text, "", "import", d);
    return doc ? yaml_kind(doc->root) : std::string();
}

Result import_files(const std::vector<Input>& inputs, const Options& opts, const attack::Catalog& catalog) {
    Result res;
    Builder b(catalog, opts.into);
    // Atomic tests are purple steps unless asked otherwise; everything else a scenario.
    auto purple_for = [&](bool default_purple) {
        return opts.as == As::purple_plan || (opts.as == As::automatic && default_purple);
    };
    std::vector<std::pair<YAML::Node, Input>> profiles;
    std::vector<CalderaAbility> abilities;
    bool caldera = false;
    for (const auto& in : inputs) {
        Reporter rep(in.name, res.problems);
        std::size_t bad = 0;
        if (first_char(in.text).empty()) {
            rep.error("", "the file is empty");
            res.kinds.push_back("empty");
            continue;
        }
        if (!valid_utf8_text(in.text, bad)) {
            auto p = attack::detail::position_of(in.text, bad);
            rep.error(std::to_string(p.line) + ":" + std::to_string(p.column),
                      "binary data, not text (byte " + std::to_string(bad) +
                          "); expected an Attack Flow, a Navigator layer, atomics, a Caldera profile or an MSEL");
            res.kinds.push_back("binary");
            continue;
        }
        std::string c = first_char(in.text);
        bool ok = false;
        std::string kind;
        try {
            if (c == "{" || c == "[") {
                std::string error;
                auto j = attack::detail::parse_json(in.text, "", error);
                if (!j) {
                    // ":line:col: message" from the JSON reader.
                    auto second = error.find(':', 1), third = error.find(':', second + 1);
                    rep.error(error.substr(1, third - 1), error.substr(third + 2));
                    res.kinds.push_back("json");
                    continue;
                }
                kind = json_kind(*j);
                if (kind == "attack-flow") ok = import_attack_flow(*j, in, b, rep);
                else if (kind == "navigator-layer") ok = import_layer(*j, in, b, rep, purple_for(false));
                else rep.error("", "JSON that is neither an Attack Flow bundle nor a Navigator layer");
            } else if (looks_like_msel(in.text)) {
                kind = "msel";
                ok = import_msel(in, b, rep);
            } else {
                Diagnostics d;
                auto doc = yaml::parse_yaml_document(in.text, in.name, "import", d);
                if (!doc) {
                    for (const auto& x : d.items)
                        rep.error(x.line ? std::to_string(x.line) + ":" + std::to_string(x.col) : "", x.message);
                    res.kinds.push_back("yaml");
                    continue;
                }
                kind = yaml_kind(doc->root);
                if (kind == "atomic-red-team") ok = import_atomics(doc->root, in, b, rep, purple_for(true));
                else if (kind == "caldera-adversary") {
                    profiles.emplace_back(doc->root, in);
                    caldera = ok = true;
                } else if (kind == "caldera-abilities") {
                    collect_abilities(doc->root, in, abilities, rep);
                    caldera = true;
                    ok = !abilities.empty();
                } else {
                    rep.error("", "not a format ttx imports: expected an Attack Flow 2.x bundle, a Navigator layer, "
                                  "Atomic Red Team atomics, a Caldera adversary or abilities, or an MSEL CSV");
                }
            }
        } catch (const std::exception& e) {     // yaml-cpp conversions on hostile input
            rep.error("", std::string("cannot read the file: ") + e.what());
            ok = false;
        }
        res.kinds.push_back(kind.empty() ? "unknown" : kind);
        if (ok && kind != "caldera-adversary" && kind != "caldera-abilities") ++res.mapped;
    }
    if (caldera) {
        if (abilities.empty())
            res.problems.push_back({profiles.empty() ? "" : profiles.front().second.name, "", Level::error,
                                    "a Caldera adversary needs its ability files: give them too"});
        else if (import_caldera(profiles, abilities, b, res.problems))
            ++res.mapped;
    }
    if (!opts.group.empty()) {
        Reporter rep("--group", res.problems);
        res.kinds.push_back("attack-group");
        if (import_group(opts.group, b, rep, purple_for(false))) ++res.mapped;
    }
    if (res.mapped == 0 || b.s.injects.empty()) return res;

    if (!b.extending) {
        if (b.s.title.empty()) b.s.title = "Imported scenario";
        b.s.id = !opts.id.empty() ? opts.id : slug(b.s.title, 48);
        if (b.s.id.empty()) b.s.id = "imported";
        if (std::isdigit(static_cast<unsigned char>(b.s.id[0]))) b.s.id = "s-" + b.s.id;
    }
    // Provenance of the ATT&CK release the ids were checked against.
    for (auto& src : b.s.sources)
        if (src.attack_version.empty()) src.attack_version = catalog.version;
    res.scenario = std::move(b.s);
    return res;
}

Checked check_import(const Scenario& s, const std::string& path, const attack::Catalog& catalog) {
    Checked c;
    c.yaml = write_scenario_yaml(s);
    const std::string dir = std::filesystem::path(path).parent_path().string();
    c.loaded = load_scenario_text(c.yaml, path, dir.empty() ? "." : dir);
    if (c.loaded.scenario && !c.loaded.diags.has_errors()) validate_scenario(*c.loaded.scenario, catalog, c.loaded.diags);
    return c;
}

std::size_t Checked::todos() const {
    std::size_t n = 0;
    for (const auto& d : loaded.diags.items) n += d.level == DiagLevel::warning && d.code.rfind("todo-", 0) == 0;
    return n;
}

} // namespace sim::importer
