// cli/exercise_cli.hpp — what `ttx run` and `resume` share: pacing, printing
// what a command did after its commit, and driving a Session through a
// decision script (parsed and checked in sim/script/decision_script.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "sim/engine/commands.hpp"
#include "sim/engine/session.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/script/decision_script.hpp"

namespace cli {

using sim::script::DecisionScript;

// "50ms", "2s", "1m" -> duration; nullopt if malformed.
[[nodiscard]] std::optional<std::chrono::milliseconds> parse_pace(const std::string& s);

// Executes one command and prints its line only after the commit; on refusal
// prints `where: error: <label> rejected: why` to stderr. Returns whether it was accepted.
bool execute_and_print(sim::Session& s, const sim::Command& c, std::optional<std::int64_t> cmd_index,
                       const std::string& where, const std::string& label, std::ostream& out, std::ostream& err);

// Runs the script's steps after `done` (already in the journal), pacing them.
// Starting is implicit: a session still in setup gets its briefing; leading
// `red`, `skip` and `note` steps run during the briefing, and the exercise
// starts running before the first other step (or after the last step).
// Returns kExitOk or kExitInvalid (a rejected step).
int drive(sim::Session& s, const DecisionScript& script, std::int64_t done, std::chrono::milliseconds pace,
          std::ostream& out, std::ostream& err);

// Prints the diagnostics to `err`; returns whether there was an error.
bool print_diagnostics(const sim::Diagnostics& diags, std::ostream& err);

} // namespace cli
