// cli/exercise_cli.cpp — pacing, command lines after their commit, and the script driver.
#include "cli/exercise_cli.hpp"

#include <algorithm>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/environment.hpp"
#include "sim/script/describe.hpp"

namespace cli {

std::optional<std::chrono::milliseconds> parse_pace(const std::string& s) {
    if (s.size() > 2 && s.compare(s.size() - 2, 2, "ms") == 0) {
        std::string digits = s.substr(0, s.size() - 2);
        if (digits.size() > 7 || !std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
            return std::nullopt;
        return std::chrono::milliseconds(std::stoll(digits));
    }
    if (s == "0") return std::chrono::milliseconds(0);
    if (auto secs = sim::parse_duration(s)) return std::chrono::milliseconds(*secs * 1000);
    return std::nullopt;
}

bool execute_and_print(sim::Session& s, const sim::Command& c, std::optional<std::int64_t> cmd_index,
                       const std::string& where, const std::string& label, std::ostream& out, std::ostream& err) {
    sim::CommandResult r = s.execute(c, wall_ms_now(), cmd_index);
    if (!r) {
        err << where << ": error: " << label << " rejected: " << r.error << "\n";
        return false;
    }
    out << sim::script::describe(c, r.events, s.state()) << std::endl;   // flushed: acknowledged only after the commit
    return true;
}

namespace {
// Steps the facilitator may take while still briefing: the red cell's choices,
// pruning the MSEL, notes. Any other step starts the exercise first.
bool briefing_step(const sim::Command& c) {
    return std::holds_alternative<sim::cmd::ChooseRedMove>(c) || std::holds_alternative<sim::cmd::Skip>(c) ||
           std::holds_alternative<sim::cmd::AddNote>(c);
}

bool begin_running(sim::Session& s, const DecisionScript& script, std::ostream& out, std::ostream& err) {
    if (s.state().phase != sim::Phase::briefing) return true;
    return execute_and_print(s, sim::cmd::BeginRunning{}, std::nullopt, script.name, "starting the exercise", out, err);
}
} // namespace

int drive(sim::Session& s, const DecisionScript& script, std::int64_t done, std::chrono::milliseconds pace,
          std::ostream& out, std::ostream& err) {
    if (s.state().phase == sim::Phase::setup &&
        !execute_and_print(s, sim::cmd::BeginBriefing{}, std::nullopt, script.name, "the briefing", out, err))
        return kExitInvalid;
    for (std::size_t i = static_cast<std::size_t>(std::max<std::int64_t>(done, 0)); i < script.steps.size(); ++i) {
        const sim::script::ScriptStep& step = script.steps[i];
        if (!briefing_step(step.command) && !begin_running(s, script, out, err)) return kExitInvalid;
        if (pace.count() > 0) std::this_thread::sleep_for(pace);
        std::string where = fmt::format("{}:{}:{}", script.name, step.line, step.col);
        std::string label = fmt::format("step {} ({})", i + 1, step.verb);
        if (!execute_and_print(s, step.command, static_cast<std::int64_t>(i + 1), where, label, out, err))
            return kExitInvalid;
    }
    return begin_running(s, script, out, err) ? kExitOk : kExitInvalid;
}

bool print_diagnostics(const sim::Diagnostics& diags, std::ostream& err) {
    for (const auto& d : diags.items) err << sim::format_diagnostic(d) << "\n";
    return diags.has_errors();
}

} // namespace cli
