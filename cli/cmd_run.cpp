// cli/cmd_run.cpp — `ttx run SCENARIO --decisions SCRIPT`: a headless exercise.
//
// Output contract (tests and the crash harness rely on it):
//   session: <id>                     first line, once the session exists
//   T+hh:mm:ss <what happened>        one line per accepted command, after its commit
//   journal-sha256: <hex>             last line
// A rejected step prints SCRIPT:line:col: error: … on stderr and exits 1.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/environment.hpp"
#include "cli/exercise_cli.hpp"

namespace {

struct Options {
    std::string scenario;
    std::string decisions;
    std::optional<std::uint64_t> seed;
    std::string mode;
    std::string db;
    std::string pace = "0";
    bool practice = false;
};

int run(const Options& o) {
    auto pace = cli::parse_pace(o.pace);
    if (!pace) throw cli::UsageError(fmt::format("--pace '{}' is not a duration like 50ms, 2s or 1m", o.pace));
    std::optional<sim::Mode> mode_override;
    if (!o.mode.empty()) {
        mode_override = sim::parse_mode(o.mode);
        if (!mode_override) throw cli::UsageError(fmt::format("--mode '{}' is not blue, red or purple", o.mode));
    }

    // Inputs first: nothing is created for a scenario or script that is wrong,
    // nor for a script naming an inject, option, team, role, participant or
    // expectation the scenario does not have.
    sim::service::Workspace ws = cli::open_workspace(o.db);
    sim::LoadResult loaded = ws.load_scenario(o.scenario);
    if (cli::print_diagnostics(loaded.diags, std::cerr) || !loaded.scenario) {
        std::cerr << "ttx: error: " << o.scenario << " is not a valid scenario; nothing was run\n";
        return cli::kExitInvalid;
    }
    auto scenario = std::make_shared<const sim::Scenario>(std::move(*loaded.scenario));
    sim::Diagnostics script_diags;
    auto script = sim::script::load_decision_script(o.decisions, script_diags);
    if (script) sim::script::check_decision_script(*script, *scenario, script_diags, mode_override);
    if (cli::print_diagnostics(script_diags, std::cerr) || !script) {
        std::cerr << "ttx: error: " << o.decisions << " does not fit " << o.scenario << "; no session was created\n";
        return cli::kExitInvalid;
    }

    sim::cmd::Start start;
    start.seed = o.seed ? *o.seed : script->seed ? *script->seed : sim::service::new_seed(cli::entropy());
    start.mode = mode_override ? *mode_override : script->mode.value_or(sim::Mode::blue);
    start.practice = o.practice || script->practice;
    start.participants = script->participants;

    auto created = ws.start(scenario, start, cli::wall_ms_now(), cli::entropy(), {script->name, script->text});
    if (auto* why = std::get_if<std::string>(&created)) {
        std::cerr << fmt::format("{}:{}:{}: error: cannot start the session: {}\n", script->name,
                                 script->participants_pos.line, script->participants_pos.col, *why);
        return cli::kExitInvalid;
    }
    sim::Session& session = std::get<sim::Session>(created);
    std::cout << "session: " << session.id() << std::endl;

    int rc = cli::drive(session, *script, 0, *pace, std::cout, std::cerr);
    std::cout << "journal-sha256: " << session.journal_hash() << std::endl;
    return rc;
}

const bool registered = cli::register_command({"run", "Run an exercise headlessly from a decision script", 20,
    [](CLI::App& app) {
        auto o = std::make_shared<Options>();
        app.add_option("scenario", o->scenario, "Scenario file (YAML)")->required();
        app.add_option("--decisions", o->decisions, "Decision script (docs/decision-scripts.md)")->required();
        app.add_option("--seed", o->seed, "Seed for the exercise's random draws (overrides the script's)");
        app.add_option("--mode", o->mode, "blue, red or purple (overrides the script's)");
        app.add_option("--db", o->db, "Journal database (default: $XDG_DATA_HOME/ttx/ttx.db)");
        app.add_option("--pace", o->pace, "Wait this long before each script step, e.g. 50ms or 2s");
        app.add_flag("--practice", o->practice, "Mark the session as practice (left out of history and trends)");
        app.footer("Prints `session: <id>` first, one line per accepted command, and `journal-sha256: <hex>` last.\n"
                   "Continue an interrupted run with `ttx resume <id>`.");
        return [o] { return run(*o); };
    }});

} // namespace
