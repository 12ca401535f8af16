// cli/cmd_attack.cpp — `ttx attack list|show|tactics|import`: browse the
// ATT&CK catalog scenarios are checked against (techniques and the defender's
// side: detection strategies, analytics, data components, mitigations, groups,
// log sources), and import one from MITRE's STIX data.
#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/attack_show.hpp"
#include "cli/command.hpp"
#include "cli/environment.hpp"
#include "sim/attack/catalog.hpp"
#include "sim/attack/stix_import.hpp"

namespace {

namespace attack = sim::attack;

struct Options {
    bool builtin = false;               // ignore the user catalog
    std::string tactic;                 // list --tactic
    std::string status = "all";         // list --status
    std::string kind = "techniques";   // list --kind
    std::string id;                     // show ID
    std::string format = "text";        // show --format
    std::string import_path;            // import FILE|DIR
    std::string attack_version;         // import --attack-version
    bool dry_run = false;               // import --dry-run
};

// The catalog `ttx attack` answers from, and a description of it: the
// workspace's choice (attack::select_catalog) unless --builtin.
struct Chosen {
    std::optional<attack::Catalog> user;
    const attack::Catalog* catalog = nullptr;
    std::string label;
};

Chosen choose_catalog(bool builtin_only) {
    Chosen c;
    if (!builtin_only) {
        attack::CatalogSelection s = attack::select_catalog(cli::environment_paths().data_dir);
        c.user = std::move(s.user);
        if (!s.warning.empty())
            std::cerr << "ttx: warning: " << s.warning << "\n"
                      << "ttx: warning: re-run `ttx attack import` to replace it\n";
    }
    c.catalog = c.user ? &*c.user : &attack::builtin_catalog();
    const attack::Catalog& cat = *c.catalog;
    c.label = c.user ? fmt::format("user catalog {} (ATT&CK {}, {} techniques{})", cat.origin, cat.version,
                                   cat.techniques().size(),
                                   cat.builtin_defences ? "; detections, mitigations and groups built in" : "")
                     : fmt::format("built-in catalog (ATT&CK {}, {} techniques)", cat.version,
                                   cat.techniques().size());
    return c;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

// `list --kind` other than techniques: one row per object, id first.
int run_list_kind(const Options& o) {
    Chosen chosen = choose_catalog(o.builtin);
    const attack::Catalog& cat = *chosen.catalog;
    std::vector<std::vector<std::string>> rows;   // id, name, detail
    std::string detail;
    auto count = [](std::size_t n, const char* what) { return fmt::format("{} {}", n, what); };
    if (o.kind == "detections") {
        detail = "DETECTS";
        for (const auto& [id, d] : cat.detection_strategies()) rows.push_back({id, d.name, join(d.techniques, ",")});
    } else if (o.kind == "analytics") {
        detail = "DATA COMPONENTS";
        for (const auto& [id, a] : cat.analytics())
            rows.push_back({id, (a.detection.empty() ? "-" : a.detection) + " " + join(a.platforms, ","),
                            join(a.data_components, ",")});
    } else if (o.kind == "data-components") {
        detail = "READ BY";
        for (const auto& [id, d] : cat.data_components())
            rows.push_back({id, d.name, count(cat.analytics_reading(id).size(), "analytics")});
    } else if (o.kind == "mitigations") {
        detail = "MITIGATES";
        for (const auto& [id, m] : cat.mitigations()) rows.push_back({id, m.name, count(m.techniques.size(), "techniques")});
    } else if (o.kind == "groups") {
        detail = "USES";
        for (const auto& [id, g] : cat.groups()) rows.push_back({id, g.name, count(g.techniques.size(), "techniques")});
    } else {   // log-sources
        detail = "READ BY";
        for (const auto& s : cat.log_sources())
            rows.push_back({s, "", count(cat.log_source(s).analytics.size(), "analytics")});
    }
    std::size_t id_width = 2, name_width = 4;
    for (const auto& r : rows) {
        id_width = std::max(id_width, r[0].size());
        name_width = std::max(name_width, r[1].size());
    }
    id_width = std::min<std::size_t>(id_width, 60);
    name_width = std::min<std::size_t>(name_width, 60);
    if (o.kind == "log-sources") std::cout << fmt::format("{:<{}}  {}\n", "LOG SOURCE", id_width, detail);
    else std::cout << fmt::format("{:<{}}  {:<{}}  {}\n", "ID", id_width, "NAME", name_width, detail);
    for (const auto& r : rows) {
        if (o.kind == "log-sources") std::cout << fmt::format("{:<{}}  {}\n", r[0], id_width, r[2]);
        else std::cout << fmt::format("{:<{}}  {:<{}}  {}\n", r[0], id_width, r[1], name_width, r[2]);
    }
    std::cout.flush();
    std::cerr << rows.size() << " " << o.kind << " from the " << chosen.label << "\n";
    return cli::kExitOk;
}

int run_list(const Options& o) {
    if (o.kind != "techniques") {
        if (!o.tactic.empty() || o.status != "all")
            throw cli::UsageError("--tactic and --status apply to --kind techniques only");
        return run_list_kind(o);
    }
    Chosen chosen = choose_catalog(o.builtin);
    const attack::Catalog& cat = *chosen.catalog;

    std::vector<std::string> wanted;    // tactic shortnames; empty = all
    if (!o.tactic.empty()) {
        const attack::Tactic* t = cat.tactic(o.tactic);
        if (!t) {
            std::string known;
            for (const auto& x : cat.tactics()) known += (known.empty() ? "" : ", ") + x.shortname;
            throw cli::UsageError("unknown tactic '" + o.tactic + "'; expected a TA id, a name or one of: " + known);
        }
        wanted = {t->shortname};
        // A v18 tactic this catalog split: list every successor.
        if (t->shortname != o.tactic && !attack::is_technique_id(o.tactic)) {
            std::vector<std::string> mapped = attack::map_v18_tactic(o.tactic);
            if (mapped.size() > 1 || mapped.front() != o.tactic) {
                wanted.clear();
                for (const auto& m : mapped)
                    if (cat.tactic(m)) wanted.push_back(cat.tactic(m)->shortname);
                std::cerr << "ttx: note: ATT&CK v19 replaced '" << o.tactic << "' with " << join(wanted, " and ")
                          << "\n";
            }
        }
    }
    std::optional<attack::Status> status;
    if (o.status != "all") status = attack::parse_status(o.status);

    std::vector<const attack::Technique*> rows;
    for (const auto& [id, t] : cat.techniques()) {
        if (status && t.status != *status) continue;
        if (!wanted.empty() && std::none_of(t.tactics.begin(), t.tactics.end(), [&](const std::string& s) {
                return std::find(wanted.begin(), wanted.end(), s) != wanted.end();
            }))
            continue;
        rows.push_back(&t);
    }
    std::size_t name_width = 4;
    for (const auto* t : rows) name_width = std::max(name_width, t->name.size());
    name_width = std::min<std::size_t>(name_width, 60);
    std::cout << fmt::format("{:<10}  {:<{}}  {:<10}  {}\n", "ID", "NAME", name_width, "STATUS", "TACTICS");
    for (const auto* t : rows) {
        std::string status_text = attack::status_name(t->status);
        std::string tactics = join(t->tactics, ",");
        if (t->status == attack::Status::revoked && !t->revoked_by.empty()) tactics += "  -> " + t->revoked_by;
        std::cout << fmt::format("{:<10}  {:<{}}  {:<10}  {}\n", t->id, t->name, name_width, status_text, tactics);
    }
    std::cout.flush();                  // the table first, then the footer on its own line
    std::cerr << rows.size() << " techniques from the " << chosen.label << "\n";
    return cli::kExitOk;
}

int run_tactics(const Options& o) {
    Chosen chosen = choose_catalog(o.builtin);
    const attack::Catalog& cat = *chosen.catalog;
    std::cout << fmt::format("{:>3}  {:<7}  {:<22}  {:<22}  {}\n", "#", "ID", "SHORTNAME", "NAME", "TECHNIQUES");
    for (const auto& t : cat.tactics()) {
        std::size_t n = std::count_if(cat.techniques().begin(), cat.techniques().end(), [&](const auto& kv) {
            const auto& tac = kv.second.tactics;
            return kv.second.status == attack::Status::active &&
                   std::find(tac.begin(), tac.end(), t.shortname) != tac.end();
        });
        std::cout << fmt::format("{:>3}  {:<7}  {:<22}  {:<22}  {}\n", t.order, t.id, t.shortname, t.name, n);
    }
    std::cout.flush();
    std::cerr << "ATT&CK v18 'defense-evasion' maps to " << join(attack::map_v18_tactic("defense-evasion"), " and ")
              << "; from the " << chosen.label << "\n";
    return cli::kExitOk;
}

int run_show(const Options& o) {
    Chosen chosen = choose_catalog(o.builtin);
    return cli::show_attack_object(*chosen.catalog, chosen.label, o.id, o.format == "json", std::cout, std::cerr);
}

int run_import(const Options& o) {
    std::string error;
    auto result = attack::import_stix(o.import_path, error, o.attack_version);
    if (!result) {
        std::cerr << "ttx: error: " << error << "\n";
        return cli::kExitInvalid;
    }
    for (const auto& w : result->warnings) std::cerr << "ttx: warning: " << w << "\n";
    std::cout << "Read " << result->summary.files << (result->summary.files == 1 ? " file" : " files") << ": "
              << attack::describe(result->summary) << "\n";
    if (result->summary.other_domains)
        std::cout << "Skipped " << result->summary.other_domains << " attack-pattern objects of other ATT&CK domains (mobile, ICS)\n";
    if (o.dry_run) {
        std::cout << "Dry run: nothing stored\n";
        return cli::kExitOk;
    }
    const std::string dir = cli::environment_paths().data_dir;
    if (!attack::save_user_catalog(result->catalog, dir, error)) {
        std::cerr << "ttx: error: cannot store the catalog: " << error << "\n";
        return cli::kExitInvalid;
    }
    std::cout << "Stored " << attack::user_catalog_path(dir)
              << "; `ttx attack` and `ttx validate` now use it (--builtin to bypass)\n";
    return cli::kExitOk;
}

const bool registered = cli::register_command({"attack", "Browse the MITRE ATT&CK catalog; import the full one", 60,
                                               [](CLI::App& app) {
    auto o = std::make_shared<Options>();
    app.require_subcommand(1);
    app.footer(
        "Catalogs: ATT&CK Enterprise v19.1 ships inside ttx: tactics, techniques, detection strategies\n"
        "(DET), analytics (AN) with their log sources, data components (DC), mitigations (M) and groups (G).\n"
        "`ttx attack import` stores a catalog from MITRE's STIX data in $XDG_DATA_HOME/ttx/attack/catalog.json\n"
        "(~/.local/share/ttx when unset), which is then preferred everywhere; it brings tactics and\n"
        "techniques, and borrows the built-in DET/AN/DC/M/G tables.");

    auto* list = app.add_subcommand("list", "List techniques (ID, name, status, tactics) or another kind (--kind)");
    list->add_option("--kind", o->kind, "What to list")
        ->check(CLI::IsMember({"techniques", "detections", "analytics", "data-components", "mitigations", "groups",
                               "log-sources"}))
        ->capture_default_str();
    list->add_option("--tactic", o->tactic,
                     "Only techniques of this tactic: TA id, shortname or name (v18 'defense-evasion' lists "
                     "stealth and defense-impairment)");
    list->add_option("--status", o->status, "active, revoked, deprecated or all")
        ->check(CLI::IsMember({"all", "active", "revoked", "deprecated"}))
        ->capture_default_str();
    list->add_flag("--builtin", o->builtin, "Use the built-in catalog even if one was imported");

    auto* tactics = app.add_subcommand("tactics", "List the tactics in matrix order");
    tactics->add_flag("--builtin", o->builtin, "Use the built-in catalog even if one was imported");

    auto* show = app.add_subcommand("show", "Show one ATT&CK object: technique, tactic, DET, AN, DC, M, G or log source");
    show->add_option("id", o->id,
                     "An id (T1003.001, TA0006, DET0363, AN0934, DC0035, M1043, G0016), a tactic, data component,\n"
                     "mitigation or group name, or a log source (WinEventLog:Security:EventCode=4769, WinEventLog:Sysmon)")
        ->required();
    show->add_option("--format", o->format, "Output: text (default) or json")->check(CLI::IsMember({"text", "json"}));
    show->add_flag("--builtin", o->builtin, "Use the built-in catalog even if one was imported");
    show->footer("A technique lists its detection strategies (with their data components and log sources),\n"
                 "mitigations and the groups known to use it; a revoked one names its replacement.\n"
                 "Exit code 1 when the id is unknown; the nearest ids are suggested.");

    auto* imp = app.add_subcommand("import", "Import the full Enterprise catalog from MITRE's STIX data");
    imp->add_option("path", o->import_path,
                    "enterprise-attack.json (a STIX bundle) or a folder of per-object STIX files, e.g. "
                    "cti/enterprise-attack from github.com/mitre/cti")
        ->required();
    imp->add_option("--attack-version", o->attack_version,
                    "Record this ATT&CK release (e.g. 19.1) instead of what the data says; per-object folders "
                    "do not name their release");
    imp->add_flag("--dry-run", o->dry_run, "Read and summarise the data without storing it");
    imp->footer("Input is checked: malformed JSON is reported with file:line:col, files over 512 MiB are\n"
                "refused, and the stored catalog is replaced atomically only after a successful import.");

    return [o, list, tactics, show, imp]() -> int {
        if (list->parsed()) return run_list(*o);
        if (tactics->parsed()) return run_tactics(*o);
        if (show->parsed()) return run_show(*o);
        if (imp->parsed()) return run_import(*o);
        throw cli::UsageError("attack: expected a subcommand: list, tactics, show or import");
    };
}});

} // namespace
