// cli/cmd_sessions.cpp — `ttx sessions`: the sessions in the journal database, newest first.
#include <algorithm>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/exercise_cli.hpp"

namespace {

struct Options {
    std::string db;
};

int run(const Options& o) {
    sim::service::Workspace ws = cli::open_workspace(o.db);
    sim::Store& store = ws.store();
    auto sessions = store.list_sessions();
    if (sessions.empty()) {
        std::cout << "no sessions in " << store.path() << "\n";
        return cli::kExitOk;
    }
    std::size_t scenario_w = 8;
    for (const auto& s : sessions) scenario_w = std::max(scenario_w, s.scenario_id.size());
    std::cout << fmt::format("{:<14}  {:<{}}  {:<6}  {:<20}  {:<7}  {:>6}\n", "ID", "SCENARIO", scenario_w, "MODE",
                             "STARTED", "STATUS", "EVENTS");
    for (const auto& s : sessions)
        std::cout << fmt::format("{:<14}  {:<{}}  {:<6}  {:<20}  {:<7}  {:>6}\n", s.id, s.scenario_id, scenario_w,
                                 std::string(sim::to_string(s.mode)) + (s.practice ? "*" : ""),
                                 sim::service::format_time(s.started_wall), s.status, s.event_count);
    if (std::any_of(sessions.begin(), sessions.end(), [](const sim::SessionInfo& s) { return s.practice; }))
        std::cout << "* practice session\n";
    return cli::kExitOk;
}

const bool registered = cli::register_command({"sessions", "List recorded exercise sessions", 22, [](CLI::App& app) {
    auto o = std::make_shared<Options>();
    app.add_option("--db", o->db, "Journal database (default: $XDG_DATA_HOME/ttx/ttx.db)");
    return [o] { return run(*o); };
}});

} // namespace
