// cli/main.cpp — `ttx`: one binary, a table of subcommands (see command.hpp).
#include <iostream>
#include <map>

#include "cli/command.hpp"
#include "cli/environment.hpp"
#include "cli/version.hpp"

namespace cli {

namespace {
std::vector<Command>& table() {
    static std::vector<Command> t;
    return t;
}
} // namespace

bool register_command(Command c) {
    table().push_back(std::move(c));
    return true;
}

const std::vector<Command>& commands() { return table(); }

sim::service::Workspace open_workspace(const std::string& db) {
    sim::service::Paths paths = environment_paths();
    if (!db.empty()) paths.db = db;
    sim::service::Workspace ws(std::move(paths));
    if (!ws.catalog_warning().empty()) std::cerr << "ttx: warning: " << ws.catalog_warning() << "\n";
    return ws;
}

} // namespace cli

int main(int argc, char** argv) {
    CLI::App app{"ttx — tabletop exercise simulator for red, blue and purple security teams"};
    app.require_subcommand(1);
    app.set_version_flag("--version", [] { return cli::version_text(); },
                         "Print the version, the git commit it was built from and the built-in ATT&CK release");
    app.footer("Exit codes: 0 success, 1 invalid input or failed check, 2 usage error.\n"
               "Run `ttx <command> --help` for a command's options.");

    auto cmds = cli::commands();
    std::stable_sort(cmds.begin(), cmds.end(),
                     [](const cli::Command& a, const cli::Command& b) { return a.order < b.order; });
    std::map<CLI::App*, std::function<int()>> runners;
    for (const auto& c : cmds) {
        CLI::App* sub = app.add_subcommand(c.name, c.summary);
        runners[sub] = c.setup(*sub);
        // A command may give itself a long description for its own --help; the
        // top-level list keeps the one-line summary, the long text goes below.
        if (sub->get_description() != c.summary) {
            std::string longer = sub->get_description();
            if (!sub->get_footer().empty()) longer += "\n\n" + sub->get_footer();
            sub->footer(longer);
            sub->description(c.summary);
        }
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);           // prints help or the error
        return rc == 0 ? cli::kExitOk : cli::kExitUsage;
    }

    try {
        for (auto& [sub, run] : runners)
            if (sub->parsed()) return run();
    } catch (const cli::UsageError& e) {
        std::cerr << "ttx: " << e.what() << "\n";
        return cli::kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "ttx: error: " << e.what() << "\n";
        return cli::kExitInvalid;
    }
    return cli::kExitUsage;
}
