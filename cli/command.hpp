// cli/command.hpp — the table of `ttx` subcommands.
//
// Each subcommand lives in its own cli/cmd_<name>.cpp and adds itself to the
// table with a static registration, so adding one never touches main.cpp:
//
//   static const bool registered = cli::register_command({"validate",
//       "Check scenario files and folders", 10, [](CLI::App& app) {
//           auto opts = std::make_shared<Options>();
//           app.add_option("paths", opts->paths, "...")->required();
//           return [opts] { return run(*opts); };      // returns the exit code
//       }});
//
// Exit codes: 0 success, 1 invalid input or a failed check, 2 usage error.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "sim/service/workspace.hpp"

namespace cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;
inline constexpr int kExitUsage = 2;

// Configures the subcommand's options and returns what runs it.
using CommandSetup = std::function<std::function<int()>(CLI::App&)>;

struct Command {
    std::string name;
    std::string summary;
    int order = 100;                    // position in `ttx --help`
    CommandSetup setup;
};

bool register_command(Command c);
[[nodiscard]] const std::vector<Command>& commands();

// Thrown by a subcommand for a usage error found after parsing (exit 2).
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The workspace at the environment's paths (cli/environment.hpp); `db` (--db)
// replaces the journal database. Prints a broken imported catalog's warning.
[[nodiscard]] sim::service::Workspace open_workspace(const std::string& db = {});

} // namespace cli
