// sim/script/decision_script.hpp — decision scripts (docs/decision-scripts.md):
// parsing with the scenario loader's diagnosing reader, and checking every
// name a script uses against its scenario before a session is created.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/commands.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim::script {

inline constexpr const char* kScriptFormat = "ttx-decisions/1";

// A name a step refers to, with where it is written: checked against the scenario.
struct NameRef {
    enum class Kind { inject, option, team, role, participant, expectation, objective, stage, move };
    Kind kind = Kind::inject;
    std::string value;
    SourcePos pos;
    std::string inject;                 // for an option: the inject whose decision offers it
    std::string stage;                  // for a red move: the stage it belongs to
};

struct ScriptStep {
    int line = 0;                       // 1-based place of the step in the script
    int col = 0;
    std::string verb;                   // advance, decide, ...
    Command command;
    std::vector<NameRef> names;         // the scenario names the step uses
};

struct DecisionScript {
    std::string name;                   // file name used in messages
    std::string text;                   // exact text (stored with the session)
    std::string scenario;               // scenario id it was written for
    SourcePos scenario_pos;
    std::optional<std::uint64_t> seed;
    std::optional<Mode> mode;
    bool practice = false;
    std::vector<Participant> participants;
    SourcePos participants_pos;
    std::vector<NameRef> participant_names;   // teams and roles the participants name
    std::vector<ScriptStep> steps;      // step k (1-based) is steps[k-1]: its cmd_index
};

// Parses a decision script; every problem goes to `diags` as name:line:col.
[[nodiscard]] std::optional<DecisionScript> parse_decision_script(const std::string& text, const std::string& name,
                                                                  Diagnostics& diags);
// Reads and parses a script file (limit 1 MiB).
[[nodiscard]] std::optional<DecisionScript> load_decision_script(const std::string& path, Diagnostics& diags);

// Checks that the script is for `scenario`, that every inject, option, team,
// role, participant, expectation, stage and red move it names exists there
// (nearest name as the hint), and that its steps fit the mode it runs in
// (`mode`, else the script's own, else blue): red moves and red-team
// decisions need red or purple mode, purple outcomes purple mode.
// Returns whether there was no error.
bool check_decision_script(const DecisionScript& script, const Scenario& scenario, Diagnostics& diags,
                           std::optional<Mode> mode = std::nullopt);

} // namespace sim::script
