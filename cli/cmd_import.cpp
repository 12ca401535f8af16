// cli/cmd_import.cpp — `ttx import FILE... [--group ID|NAME] [--as scenario|purple-plan]
// [--into SCENARIO] -o OUT.yaml`: a ttx/1 scenario from Attack Flow, Navigator
// layers, ATT&CK groups, Atomic Red Team, Caldera and MSEL spreadsheets.
//
// What cannot be mapped is printed per source object (file:line:col or
// file:/json/pointer). The result is checked with the same loader and
// validator as `ttx validate` before it is written, atomically: a failed
// import leaves no file. Exit 0 (with warnings), 1 nothing usable / invalid, 2 usage.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/files.hpp"
#include "cli/environment.hpp"
#include "sim/import/import.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/util/files.hpp"

namespace {

namespace fs = std::filesystem;
namespace imp = sim::importer;

struct Options {
    std::vector<std::string> files;
    std::string group;
    std::string as = "auto";
    std::string into;
    std::string output;
    std::string id;
    bool quiet = false;
};

int run(const Options& o) {
    if (o.files.empty() && o.group.empty()) throw cli::UsageError("give FILE... or --group ID|NAME");
    imp::Options opts;
    opts.group = o.group;
    opts.id = o.id;
    opts.as = o.as == "scenario" ? imp::As::scenario : o.as == "purple-plan" ? imp::As::purple_plan : imp::As::automatic;
    if (!o.id.empty() && !std::all_of(o.id.begin(), o.id.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
        }))
        throw cli::UsageError("--id must be letters, digits, '-' and '_'");

    const auto selection = sim::attack::select_catalog(cli::environment_paths().data_dir);
    if (!selection.warning.empty()) std::cerr << "ttx: warning: " << selection.warning << "\n";
    const auto& catalog = selection.get();

    if (!o.into.empty()) {
        auto base = sim::load_and_validate(o.into, catalog);
        if (!base.scenario || base.diags.has_errors()) {
            for (const auto& d : base.diags.items)
                if (d.level == sim::DiagLevel::error) std::cerr << sim::format_diagnostic(d) << "\n";
            std::cerr << "ttx: error: --into " << o.into << " is not a valid scenario; nothing written\n";
            return cli::kExitInvalid;
        }
        opts.into = std::move(base.scenario);
    }

    std::vector<imp::Input> inputs;
    bool read_failed = false;
    for (const auto& path : cli::import_inputs(o.files)) {
        std::string error;
        auto text = sim::read_file(path, imp::kMaxInputBytes, error);
        if (!text) {
            std::cerr << path << ": error: " << error << "\n";
            read_failed = true;
            continue;
        }
        inputs.push_back({path, std::move(*text)});
    }

    auto res = imp::import_files(inputs, opts, catalog);
    for (const auto& p : res.problems)
        if (!o.quiet || p.level != imp::Level::note) std::cerr << imp::format_problem(p) << "\n";
    if (!res.scenario) {
        std::cerr << "ttx: error: nothing usable to import; nothing written\n";
        return cli::kExitInvalid;
    }

    // Check the text that will be written, exactly as `ttx validate` will.
    const imp::Checked checked = imp::check_import(*res.scenario, o.output, catalog);
    if (!checked.ok()) {
        for (const auto& d : checked.loaded.diags.items)
            if (d.level == sim::DiagLevel::error) std::cerr << sim::format_diagnostic(d) << "\n";
        std::cerr << "ttx: error: the imported scenario does not validate; nothing written\n";
        return cli::kExitInvalid;
    }
    std::string error;
    if (!sim::write_file_atomic(o.output, checked.yaml, error)) {
        std::cerr << "ttx: error: " << error << "\n";
        return cli::kExitInvalid;
    }
    const auto& s = *checked.loaded.scenario;
    const std::size_t warnings = checked.loaded.diags.count(sim::DiagLevel::warning), todos = checked.todos();
    std::cout << fmt::format("{}: {} stages, {} injects, {} red moves from {} ({})\n", o.output, s.stages.size(),
                             s.injects.size(),
                             [&] {
                                 std::size_t n = 0;
                                 for (const auto& [k, v] : s.red_moves) n += v.size();
                                 return n;
                             }(),
                             inputs.size() + (o.group.empty() ? 0 : 1), fmt::join(res.kinds, ", "));
    if (warnings)
        std::cout << fmt::format("{} validate warnings, {} of them to complete (todo-*): ttx validate {}\n", warnings,
                                 todos, o.output);
    return read_failed ? cli::kExitInvalid : cli::kExitOk;
}

const bool registered = cli::register_command({"import",
    "Turn an Attack Flow, Navigator layer, ATT&CK group, atomics, Caldera adversary or MSEL into a scenario", 15,
    [](CLI::App& app) {
        auto o = std::make_shared<Options>();
        app.add_option("files", o->files, "Input files or folders, recognised by their content");
        app.add_option("--group", o->group, "An ATT&CK group of the catalog, by id or name (G0102, \"Wizard Spider\")");
        app.add_option("--as", o->as, "scenario (skeleton) or purple-plan; default: purple-plan for atomics, else scenario")
            ->check(CLI::IsMember({"auto", "scenario", "purple-plan"}));
        app.add_option("--into", o->into, "Add the plan to this scenario (written to -o; the original is left alone)");
        app.add_option("--id", o->id, "The new scenario's id (default: from its title)");
        app.add_option("-o,--output", o->output, "The scenario file to write (atomically)")->required();
        app.add_flag("-q,--quiet", o->quiet, "Leave out notes (things skipped on purpose)");
        app.footer("Mappings, what each does with what it cannot map, and worked examples: docs/import.md");
        return [o] { return run(*o); };
    }});

} // namespace
