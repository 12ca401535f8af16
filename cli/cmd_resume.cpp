// cli/cmd_resume.cpp — `ttx resume SESSION`: replay the journal, continue the decision script.
//
// The session is rebuilt from its stored scenario text and journal. Script
// steps already in the journal (by their cmd_index) are not applied again, so
// run, kill -9 and resume ends with the same journal-sha256 as an
// uninterrupted run. Without --decisions the script stored with the session is used.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/exercise_cli.hpp"

namespace {

struct Options {
    std::string session;
    std::string decisions;
    std::string db;
    std::string pace = "0";
};

int run(const Options& o) {
    auto pace = cli::parse_pace(o.pace);
    if (!pace) throw cli::UsageError(fmt::format("--pace '{}' is not a duration like 50ms, 2s or 1m", o.pace));

    sim::service::Workspace ws = cli::open_workspace(o.db);
    auto info = ws.store().session(o.session);
    if (!info) {
        std::cerr << fmt::format("ttx: error: no session {} in {} (`ttx sessions` lists them)\n", o.session,
                                 ws.store().path());
        return cli::kExitInvalid;
    }
    std::optional<cli::DecisionScript> script;
    sim::Diagnostics diags;
    if (!o.decisions.empty()) script = sim::script::load_decision_script(o.decisions, diags);
    else if (!info->script_text.empty()) script = sim::script::parse_decision_script(info->script_text, info->script_name, diags);
    if (cli::print_diagnostics(diags, std::cerr)) return cli::kExitInvalid;

    sim::Session session = ws.resume(o.session);
    if (script && !sim::script::check_decision_script(*script, session.scenario(), diags, session.state().mode)) {
        cli::print_diagnostics(diags, std::cerr);
        return cli::kExitInvalid;
    }
    std::cout << "session: " << session.id() << std::endl;
    int rc = cli::kExitOk;
    if (script) {
        rc = cli::drive(session, *script, ws.store().last_cmd_index(session.id()).value_or(0), *pace, std::cout, std::cerr);
    } else {
        std::cerr << "ttx: no decision script stored with this session and none given (--decisions); "
                     "the journal was replayed and nothing was added\n";
    }
    std::cout << "journal-sha256: " << session.journal_hash() << std::endl;
    return rc;
}

const bool registered = cli::register_command({"resume", "Continue an interrupted session from its journal", 21,
    [](CLI::App& app) {
        auto o = std::make_shared<Options>();
        app.add_option("session", o->session, "Session id (s-…), as printed by `ttx run` or `ttx sessions`")->required();
        app.add_option("--decisions", o->decisions, "Decision script to continue (default: the one stored with the session)");
        app.add_option("--db", o->db, "Journal database (default: $XDG_DATA_HOME/ttx/ttx.db)");
        app.add_option("--pace", o->pace, "Wait this long before each script step, e.g. 50ms or 2s");
        return [o] { return run(*o); };
    }});

} // namespace
