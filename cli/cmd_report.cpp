// cli/cmd_report.cpp — `ttx report SESSION --format F [-o FILE]`: after-action outputs.
//
// Through the workspace (sim/service), as the console's export: re-scores the
// session from its journal and stored scenario text, brings its
// improvement plan up to date in the database (new M/U ratings and action
// notes become actions; edits made with `ttx actions set` are kept), adds the
// follow-up of earlier sessions' actions for the same teams, and renders one
// format. Without -o the report goes to stdout; with -o it is written
// atomically and its path printed (a folder gets SESSION + the format's extension).
#include <iostream>

#include <fmt/format.h>

#include "cli/command.hpp"

namespace {

struct Options {
    std::string session;
    std::string format = "html";
    std::string output;
    std::string db;
};

int run(const Options& o) {
    const auto format = sim::report::parse_format(o.format);
    if (!format) throw cli::UsageError(fmt::format("--format '{}' is not html, md, json, navigator, detections, msel or csv", o.format));

    sim::service::Workspace ws = cli::open_workspace(o.db);
    std::string error;
    if (o.output.empty()) {
        auto text = ws.render_report(o.session, *format, error);
        if (!text) {
            std::cerr << "ttx: error: " << error << "\n";
            return cli::kExitInvalid;
        }
        std::cout << *text;
        std::cout.flush();
        return std::cout ? cli::kExitOk : cli::kExitInvalid;
    }
    auto path = ws.export_report(o.session, *format, o.output, error);
    if (!path) {
        std::cerr << "ttx: error: " << error << "\n";
        return cli::kExitInvalid;
    }
    std::cout << *path << "\n";
    return cli::kExitOk;
}

const bool registered = cli::register_command({"report", "After-action report, Navigator layer, MSEL or decision log", 30,
    [](CLI::App& app) {
        auto o = std::make_shared<Options>();
        app.add_option("session", o->session, "Session id (s-…); `ttx sessions` lists them")->required();
        app.add_option("-f,--format", o->format,
                       "html (AAR/IP, printable), md, json (ttx-report/1), navigator (ATT&CK layer 4.5), "
                       "detections (layer of the recommended detections), msel (CSV of delivered injects), "
                       "csv (decision log)")
            ->check(CLI::IsMember({"html", "md", "json", "navigator", "detections", "msel", "csv"}))
            ->default_str("html");
        app.add_option("-o,--output", o->output, "Write to FILE (or into a folder) instead of stdout");
        app.add_option("--db", o->db, "Journal database (default: $XDG_DATA_HOME/ttx/ttx.db)");
        return [o] { return run(*o); };
    }});

} // namespace
