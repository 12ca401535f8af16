// cli/cmd_attack.cpp — `ttx attack list|show|tactics|import`: browse the
// ATT&CK catalog scenarios are checked against, and import the full one.
#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

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
    std::string id;                     // show ID
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
    c.label = c.user ? fmt::format("user catalog {} (ATT&CK {}, {} techniques)", cat.origin, cat.version,
                                   cat.techniques().size())
                     : fmt::format("built-in catalog (ATT&CK {}, a subset of {} techniques)", cat.version,
                                   cat.techniques().size());
    return c;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

std::string describe_id(const attack::Catalog& cat, const std::string& id) {
    const attack::Technique* t = cat.technique(id);
    return t ? fmt::format("{} ({})", id, t->name) : id;
}

// "unknown ..." plus the nearest ids, and how to get the full catalog.
int unknown_technique(const Chosen& chosen, const std::string& id) {
    const attack::Catalog& cat = *chosen.catalog;
    if (attack::is_technique_id(id))
        std::cerr << "ttx: error: no ATT&CK technique " << id << " in the " << chosen.label << "\n";
    else
        std::cerr << "ttx: error: '" << id << "' is not a technique id (T1234 or T1234.001) "
                  << "or a tactic (TA0001, a shortname or a name)\n";
    std::vector<std::string> near = attack::nearest_techniques(cat, id, 5);
    if (!near.empty()) {
        std::cerr << "  did you mean:\n";
        for (const auto& n : near) std::cerr << "    " << describe_id(cat, n) << "\n";
    }
    if (!cat.full)
        std::cerr << "  the built-in catalog holds only common techniques; for all of them run\n"
                     "    ttx attack import enterprise-attack.json   (MITRE's STIX data, github.com/mitre/cti)\n";
    return cli::kExitInvalid;
}

int run_list(const Options& o) {
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
    const attack::Catalog& cat = *chosen.catalog;
    const attack::Technique* t = cat.technique(o.id);
    if (!t) {
        // A tactic id or name is a fair question too.
        if (const attack::Tactic* tac = cat.tactic(o.id); tac && !attack::is_technique_id(o.id)) {
            if (std::vector<std::string> mapped = attack::map_v18_tactic(o.id); mapped.size() > 1)
                std::cerr << "ttx: note: ATT&CK v19 replaced v18 '" << o.id << "' with " << join(mapped, " and ")
                          << "\n";
            std::cout << fmt::format("{}  {}\n  shortname:  {}\n  column:     {} of {}\n  catalog:    {}\n", tac->id,
                                     tac->name, tac->shortname, tac->order, cat.tactics().size(), chosen.label);
            return cli::kExitOk;
        }
        return unknown_technique(chosen, o.id);
    }
    std::cout << t->id << "  " << t->name << "\n";
    std::string status = attack::status_name(t->status);
    if (t->status == attack::Status::revoked)
        status += t->revoked_by.empty() ? " (no replacement recorded)"
                                        : " -- replaced by " + describe_id(cat, t->revoked_by);
    else if (t->status == attack::Status::deprecated)
        status += " -- no longer maintained; choose a current technique";
    std::cout << "  status:         " << status << "\n";
    std::vector<std::string> tactics;
    for (const auto& s : t->tactics) {
        const attack::Tactic* tac = cat.tactic(s);
        tactics.push_back(tac ? fmt::format("{} ({} {})", s, tac->id, tac->name) : s);
    }
    std::cout << "  tactics:        " << join(tactics, ", ") << "\n";
    if (t->subtechnique) {
        std::string parent = t->id.substr(0, 5);
        std::cout << "  sub-technique:  yes, of " << describe_id(cat, parent) << "\n";
    } else {
        std::vector<std::string> subs;
        for (auto it = cat.techniques().lower_bound(t->id + "."); it != cat.techniques().end() &&
                                                                   it->first.compare(0, 6, t->id + ".") == 0;
             ++it)
            subs.push_back(it->first);
        std::cout << "  sub-technique:  no" << (subs.empty() ? "" : "; has " + join(subs, ", ")) << "\n";
    }
    if (!t->platforms.empty()) std::cout << "  platforms:      " << join(t->platforms, ", ") << "\n";
    if (!t->version.empty()) std::cout << "  version:        " << t->version << "\n";
    std::cout << "  catalog:        " << chosen.label << "\n";
    return cli::kExitOk;
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
        "Catalogs: a built-in subset of ATT&CK Enterprise v19.1 ships inside ttx; `ttx attack import`\n"
        "stores the complete catalog from MITRE's STIX data in $XDG_DATA_HOME/ttx/attack/catalog.json\n"
        "(~/.local/share/ttx when unset), which is then preferred everywhere.");

    auto* list = app.add_subcommand("list", "List techniques: ID, name, status, tactics");
    list->add_option("--tactic", o->tactic,
                     "Only techniques of this tactic: TA id, shortname or name (v18 'defense-evasion' lists "
                     "stealth and defense-impairment)");
    list->add_option("--status", o->status, "active, revoked, deprecated or all")
        ->check(CLI::IsMember({"all", "active", "revoked", "deprecated"}))
        ->capture_default_str();
    list->add_flag("--builtin", o->builtin, "Use the built-in catalog even if one was imported");

    auto* tactics = app.add_subcommand("tactics", "List the tactics in matrix order");
    tactics->add_flag("--builtin", o->builtin, "Use the built-in catalog even if one was imported");

    auto* show = app.add_subcommand("show", "Show one technique (or tactic): status, replacement, tactics, platforms");
    show->add_option("id", o->id, "Technique id such as T1566.001, or a tactic id such as TA0001")->required();
    show->add_flag("--builtin", o->builtin, "Use the built-in catalog even if one was imported");
    show->footer("Exit code 1 when the id is unknown; the nearest ids are suggested.");

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
