// cli/cmd_bench.cpp — `ttx bench`: the performance figures, each against a bare-library baseline.
//
// The measuring code is the separate program ttx_bench (bench/), built beside
// ttx when TTX_BUILD_BENCH is on, so the benchmarks' generators and baselines
// (bare Boost.Statechart, sqlite3, yaml-cpp, Dear ImGui) never ship inside
// the tool a facilitator runs. This command checks the options and replaces
// itself with that program (execv); docs/performance.md explains the figures.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/environment.hpp"

namespace {

struct Options {
    bool quick = false;
    bool json = false;
    std::string only;
    std::string dir;
    std::string formats;
    double budget = 60;
};

std::filesystem::path bench_program() {
    const std::string self = cli::self_exe();
    if (self.empty()) return {};
    return std::filesystem::path(self).parent_path() / "ttx_bench";
}

int run(const Options& o) {
    if (o.budget <= 0) throw cli::UsageError(fmt::format("--budget {} must be a positive number of seconds", o.budget));
    const std::filesystem::path prog = bench_program();
    if (prog.empty() || ::access(prog.c_str(), X_OK) != 0) {
        std::cerr << fmt::format("ttx: error: `ttx bench` runs the ttx_bench program beside ttx, and there is none at {}; "
                                 "it is built beside ttx in a build tree (-DTTX_BUILD_BENCH=ON, the default) "
                                 "and is not installed\n",
                                 prog.empty() ? std::string("(cannot locate ttx itself)") : prog.string());
        return cli::kExitInvalid;
    }
    std::vector<std::string> args = {prog.string()};
    if (o.quick) args.push_back("--quick");
    if (o.json) args.push_back("--json");
    if (!o.only.empty()) args.insert(args.end(), {"--only", o.only});
    if (!o.dir.empty()) args.insert(args.end(), {"--dir", o.dir});
    if (!o.formats.empty()) args.insert(args.end(), {"--formats", o.formats});
    args.insert(args.end(), {"--budget", fmt::format("{}", o.budget)});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::cout.flush();
    ::execv(prog.c_str(), argv.data());
    std::cerr << fmt::format("ttx: error: cannot run {}: {}\n", prog.string(), std::strerror(errno));
    return cli::kExitInvalid;
}

const bool registered = cli::register_command({"bench", "Measure performance against bare-library baselines", 90,
    [](CLI::App& app) {
        auto o = std::make_shared<Options>();
        app.add_flag("--quick", o->quick, "Small sizes: a smoke run for CI, not a measurement");
        app.add_flag("--json", o->json, "Print one JSON object keyed by figure instead of the table");
        app.add_option("--only", o->only, "Comma-separated figures: load, engine, engine.growth, commit, replay, report, explore, explore.red, import.flow, import.layer, frame, console_idle, console_running");
        app.add_option("--formats", o->formats, "Folder whose attack-flow/ holds the Attack Flows the import figure reads (default: ../shared/reference/formats of the sources)");
        app.add_option("--dir", o->dir, "Folder for scratch databases (its disk decides commit latency; default: temp)");
        app.add_option("--budget", o->budget, "Seconds a figure may spend growing its input before extrapolating (default 60)");
        app.footer("Figures: load, engine, engine.growth, commit, replay, report, explore, explore.red, import.flow, import.layer, frame, console_idle, console_running; each with its baseline, ratio and target.\n"
                   "Targets are reported, not enforced. See docs/performance.md.");
        return [o] { return run(*o); };
    }});

} // namespace
