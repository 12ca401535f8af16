// cli/cmd_compare.cpp — `ttx compare A B`: two sessions side by side.
//
// Readiness overall and per component, per capability and per team, and the
// time metrics, with B − A and whether that is better (times: lower is better).
#include <iostream>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "sim/report/history.hpp"

namespace {

struct Options {
    std::string a, b;
    std::string format = "table";
    std::string db;
};

int run(const Options& o) {
    const auto format = sim::report::parse_compare_format(o.format);
    if (!format) throw cli::UsageError(fmt::format("--format '{}' is not table, json or md", o.format));
    sim::service::Workspace ws = cli::open_workspace(o.db);
    std::string error;
    auto a = ws.load_session(o.a, error);
    if (!a) {
        std::cerr << "ttx: error: " << error << "\n";
        return cli::kExitInvalid;
    }
    auto b = ws.load_session(o.b, error);
    if (!b) {
        std::cerr << "ttx: error: " << error << "\n";
        return cli::kExitInvalid;
    }
    std::cout << sim::report::render_compare(*format, *a, *b, sim::report::compare(*a, *b));
    return cli::kExitOk;
}

const bool registered = cli::register_command({"compare", "Compare two sessions: readiness, capabilities, teams, times", 33,
    [](CLI::App& app) {
        auto o = std::make_shared<Options>();
        app.add_option("a", o->a, "The earlier (baseline) session id")->required();
        app.add_option("b", o->b, "The later session id")->required();
        app.add_option("--format", o->format, "table, json or md")->check(CLI::IsMember({"table", "json", "md"}));
        app.add_option("--db", o->db, "Journal database (default: $XDG_DATA_HOME/ttx/ttx.db)");
        return [o] { return run(*o); };
    }});

} // namespace
