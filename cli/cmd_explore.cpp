// cli/cmd_explore.cpp — `ttx explore SCENARIO [--format text|json] [--mode blue|red|purple]
//                                        [--max-states N] [--list N]`.
//
// Loads and validates one scenario, then walks every path through it
// (sim/explore) and reports reachable and unreachable injects, endings with
// path counts and the shortest way into each, dead ends, goto loops, the
// readiness range, and per red move what it leads to and whether some blue
// path detects it (blind spots). Exit 1 when the scenario is invalid or has a
// defect; a blind spot is a finding about the posture, not a defect.
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "sim/attack/catalog.hpp"
#include "sim/explore/design.hpp"
#include "sim/explore/explore.hpp"
#include "sim/scenario/loader.hpp"

namespace {

struct Options {
    std::string path;
    std::string format = "text";
    std::string mode = "blue";
    std::size_t max_states = 1'000'000;
    std::size_t list = 0;
};

int run(const Options& o) {
    if (o.max_states == 0) throw cli::UsageError("--max-states must be at least 1");
    auto loaded = cli::open_workspace().load_scenario(o.path);
    if (!loaded.scenario || loaded.diags.has_errors()) {
        for (const auto& d : loaded.diags.items) std::cerr << sim::format_diagnostic(d) << "\n";
        std::cerr << o.path << ": not explored: fix the errors above first (`ttx validate " << o.path << "`)\n";
        return cli::kExitInvalid;
    }
    sim::explore::Options eo;
    eo.mode = *sim::parse_mode(o.mode);
    eo.max_states = o.max_states;
    const auto report = sim::explore::explore(*loaded.scenario, eo);
    const auto listed = o.list > 0 ? sim::explore::list_paths(*loaded.scenario, o.list, eo)
                                   : std::vector<sim::explore::Path>{};
    if (o.format == "json") {
        auto j = sim::explore::to_json(report);
        j["design"] = sim::explore::to_json(sim::explore::design(*loaded.scenario));
        if (o.list > 0) {
            j["listed"] = nlohmann::json::array();
            for (const auto& p : listed) j["listed"].push_back(sim::explore::to_json(p));
        }
        std::cout << j.dump(2) << "\n";
    } else {
        // Warnings are worth seeing before the paths they may explain.
        for (const auto& d : loaded.diags.items) std::cerr << sim::format_diagnostic(d) << "\n";
        std::cout << sim::explore::to_text(report);
        std::cout << sim::explore::to_text(sim::explore::design(*loaded.scenario));
        if (o.list > 0) {
            std::cout << "  paths (" << listed.size() << " listed):\n";
            for (std::size_t k = 0; k < listed.size(); ++k)
                std::cout << "    " << k + 1 << ". " << sim::explore::describe(listed[k]) << "\n";
        }
    }
    return report.clean() ? cli::kExitOk : cli::kExitInvalid;
}

const bool registered = cli::register_command(
    {"explore", "Walk every path through a scenario: endings, dead ends, loops, readiness range", 15,
     [](CLI::App& app) {
         auto opts = std::make_shared<Options>();
         app.description(
             "Explore every reachable combination of decisions, timeouts and (in red or purple mode) red moves,\n"
             "with the engine's own rules, merging identical states so large scenarios stay fast. Reports the\n"
             "injects no path delivers, each ending with its number of paths and its shortest decision sequence,\n"
             "dead ends (paths that stop with nothing left to deliver and no ending, when the scenario has\n"
             "endings), goto loops, the exact number of distinct paths, and the lowest and highest readiness a\n"
             "team can reach through its decisions, and how many decision points are real trade-offs (two\n"
             "defensible options), how often an automated option is the best answer, and how many hunting\n"
             "prompts are scored. Per red move: the injects it leads to, its adjudicated outcomes, whether some\n"
             "blue path detects it, and the blind spots no blue path ever detects (a red-mode walk, also in blue\n"
             "mode). See docs/authoring.md and docs/engine.md (\"The explorer's red walk\").");
         app.add_option("scenario", opts->path, "Scenario file")->required()->type_name("FILE");
         app.add_option("--format", opts->format, "Output: text (default) or json")
             ->check(CLI::IsMember({"text", "json"}));
         app.add_option("--mode", opts->mode, "blue (default), red or purple: red moves branch in red and purple")
             ->check(CLI::IsMember({"blue", "red", "purple"}));
         app.add_option("--max-states", opts->max_states, "Stop after this many distinct states (default 1000000)");
         app.add_option("--list", opts->list, "Also list up to N paths, each as its decisions and ending")
             ->type_name("N");
         app.footer("Examples:\n"
                    "  ttx explore scenarios/invoice-ransomware.yaml\n"
                    "  ttx explore my-exercise.yaml --list 20\n"
                    "  ttx explore my-exercise.yaml --mode red --format json > paths.json\n"
                    "Exit codes: 0 clean, 1 invalid scenario or a defect (dead end, goto loop without exit,\n"
                    "unreachable inject or ending, exploration cut short), 2 usage error.");
         return [opts] { return run(*opts); };
     }});

} // namespace
