// cli/exercise_cli.hpp — what `ttx run`, `resume`, `sessions` and `show` share:
// decision scripts (docs/decision-scripts.md), one-line descriptions of what a
// command did, and driving a Session through a script.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/commands.hpp"
#include "sim/engine/session.hpp"
#include "sim/scenario/diagnostics.hpp"

namespace cli {

inline constexpr const char* kScriptFormat = "ttx-decisions/1";

struct ScriptStep {
    int line = 0;                       // 1-based place of the step in the script
    int col = 0;
    std::string verb;                   // advance, decide, ...
    sim::Command command;
};

struct DecisionScript {
    std::string name;                   // file name used in messages
    std::string text;                   // exact text (stored with the session)
    std::string scenario;               // scenario id it was written for
    sim::SourcePos scenario_pos;
    std::optional<std::uint64_t> seed;
    std::optional<sim::Mode> mode;
    bool practice = false;
    std::vector<sim::Participant> participants;
    sim::SourcePos participants_pos;
    std::vector<ScriptStep> steps;      // step k (1-based) is steps[k-1]: its cmd_index
};

// Parses a decision script; every problem goes to `diags` as name:line:col.
[[nodiscard]] std::optional<DecisionScript> parse_decision_script(const std::string& text, const std::string& name,
                                                                  sim::Diagnostics& diags);
// Reads and parses a script file (limit 1 MiB).
[[nodiscard]] std::optional<DecisionScript> load_decision_script(const std::string& path, sim::Diagnostics& diags);

// "T+00:12:00 decision recorded: phish-reported -> investigate (soc/tier1 Dana Ortiz)"
[[nodiscard]] std::string describe(const sim::Command& c, const sim::Journal& events, const sim::ExerciseState& after);

// "s-" + 12 random hex digits (/dev/urandom).
[[nodiscard]] std::string new_session_id();
[[nodiscard]] std::uint64_t random_seed();
[[nodiscard]] std::int64_t wall_ms_now();
// "50ms", "2s", "1m" -> duration; nullopt if malformed.
[[nodiscard]] std::optional<std::chrono::milliseconds> parse_pace(const std::string& s);
// UTC "2024-03-04 09:10:42Z" for a wall-clock millisecond stamp.
[[nodiscard]] std::string format_wall(std::int64_t wall_ms);

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
