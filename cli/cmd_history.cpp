// cli/cmd_history.cpp — `ttx history`: sessions with their readiness and
// maturity, and the trend per team and capability across them.
//
// Sessions are re-scored from their journals (docs/scoring.md), oldest first.
// Practice sessions are left out unless --include-practice is given. A session
// whose stored scenario no longer loads is reported on stderr and skipped.
#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "sim/report/history.hpp"

namespace {

struct Options {
    std::string team;
    std::string scenario;
    std::string since;
    std::string format = "table";
    bool include_practice = false;
    std::string db;
};

int run(const Options& o) {
    const auto format = sim::report::parse_history_format(o.format);
    if (!format) throw cli::UsageError(fmt::format("--format '{}' is not table, csv or json", o.format));
    std::optional<std::int64_t> since;
    if (!o.since.empty()) {
        since = sim::report::parse_date_utc_ms(o.since);
        if (!since) throw cli::UsageError(fmt::format("--since '{}' is not a date like 2025-01-31 (YYYY-MM-DD)", o.since));
    }

    sim::service::Workspace ws = cli::open_workspace(o.db);
    sim::service::History h = ws.history({o.team, o.scenario, since, o.include_practice});
    for (const auto& why : h.skipped) std::cerr << "ttx: warning: skipping " << why << "\n";
    std::cout << sim::report::render_history(*format, h.summaries, h.trends);
    return cli::kExitOk;
}

const bool registered = cli::register_command({"history", "Sessions with readiness and maturity, and trends", 32,
    [](CLI::App& app) {
        auto o = std::make_shared<Options>();
        app.add_option("--team", o->team, "Only sessions whose scenario has this team id; its trend only");
        app.add_option("--scenario", o->scenario, "Only sessions of this scenario id");
        app.add_option("--since", o->since, "Only sessions started on or after this date (YYYY-MM-DD, UTC)");
        app.add_option("--format", o->format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
        app.add_flag("--include-practice", o->include_practice, "Include practice sessions");
        app.add_option("--db", o->db, "Journal database (default: $XDG_DATA_HOME/ttx/ttx.db)");
        return [o] { return run(*o); };
    }});

} // namespace
