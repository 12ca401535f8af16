// cli/cmd_report.cpp — `ttx report SESSION --format F [-o FILE]`: after-action outputs.
//
// Re-scores the session from its journal and stored scenario text, brings its
// improvement plan up to date in the database (new M/U ratings and action
// notes become actions; edits made with `ttx actions set` are kept), adds the
// follow-up of earlier sessions' actions for the same teams, and renders one
// format. Without -o the report goes to stdout; with -o it is written
// atomically and its path printed (a folder gets SESSION + the format's extension).
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "sim/attack/catalog.hpp"
#include "sim/report/actions_store.hpp"
#include "sim/report/history.hpp"
#include "sim/util/files.hpp"

namespace {

struct Options {
    std::string session;
    std::string format = "html";
    std::string output;
    std::string db;
};

int run(const Options& o) {
    const auto format = sim::report::parse_format(o.format);
    if (!format) throw cli::UsageError(fmt::format("--format '{}' is not html, md, json, navigator, msel or csv", o.format));

    sim::Store store = sim::Store::open(o.db.empty() ? cli::default_db_path() : o.db);
    std::string error;
    auto loaded = sim::report::load_session(store, o.session, error);
    if (!loaded) {
        std::cerr << "ttx: error: " << error << "\n";
        return cli::kExitInvalid;
    }

    sim::report::ActionStore actions(store);
    auto plan = actions.sync(o.session, sim::report::derive_actions(loaded->scenario, loaded->journal, loaded->card));
    std::vector<std::string> teams;
    for (const auto& t : loaded->card.teams) teams.push_back(t.group.id);
    auto earlier = sim::report::earlier_actions(actions.all(), o.session, loaded->info.started_wall, teams,
                                                loaded->scenario.id);

    sim::report::ReportInput in{loaded->scenario, loaded->journal, loaded->meta, loaded->card,
                                std::move(plan), std::move(earlier), &sim::attack::default_catalog()};
    const std::string text = sim::report::render(*format, in);

    if (o.output.empty()) {
        std::cout << text;
        std::cout.flush();
        return std::cout ? cli::kExitOk : cli::kExitInvalid;
    }
    std::filesystem::path path(o.output);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) path /= o.session + sim::report::file_extension(*format);
    if (!sim::write_file_atomic(path.string(), text, error)) {
        std::cerr << fmt::format("ttx: error: cannot write {}: {}\n", path.string(), error);
        return cli::kExitInvalid;
    }
    std::cout << path.string() << "\n";
    return cli::kExitOk;
}

const bool registered = cli::register_command({"report", "After-action report, Navigator layer, MSEL or decision log", 30,
    [](CLI::App& app) {
        auto o = std::make_shared<Options>();
        app.add_option("session", o->session, "Session id (s-…); `ttx sessions` lists them")->required();
        app.add_option("-f,--format", o->format,
                       "html (AAR/IP, printable), md, json (ttx-report/1), navigator (ATT&CK layer 4.5), "
                       "msel (CSV of delivered injects), csv (decision log)")
            ->check(CLI::IsMember({"html", "md", "json", "navigator", "msel", "csv"}))
            ->default_str("html");
        app.add_option("-o,--output", o->output, "Write to FILE (or into a folder) instead of stdout");
        app.add_option("--db", o->db, "Journal database (default: $XDG_DATA_HOME/ttx/ttx.db)");
        return [o] { return run(*o); };
    }});

} // namespace
