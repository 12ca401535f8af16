// bench/explore_red_figure.cpp — `explore.red`: the explorer's red walk on the
// largest bundled scenario with red branches, against loading that scenario.
#include <algorithm>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "bench/bench.hpp"
#include "cli/environment.hpp"
#include "sim/attack/catalog.hpp"
#include "sim/explore/explore.hpp"
#include "sim/scenario/loader.hpp"

namespace bench {

namespace fs = std::filesystem;

Figure explore_red_figure(const Config& c) {
    Figure f;
    f.key = "explore.red";
    f.what = "explore the largest bundled scenario with red moves, in red mode";
    f.unit = "ms";
    f.bound = Bound::value;
    f.target = 1000;
    f.baseline_what = "load + validate of the same scenario file";

    // The bundled scenarios as ttx finds them (the build tree's share/ttx/scenarios).
    const std::string dir = cli::environment_paths().bundled_scenarios_dir();
    if (dir.empty()) {
        f.skipped = "no bundled scenarios found (share/ttx/scenarios beside ttx_bench)";
        return f;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (e.path().extension() == ".yaml" && name.find(".decisions.") == std::string::npos) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());

    // "Largest": the one whose red walk has the most distinct states, each
    // walked once here, untimed.
    sim::explore::Options o;
    o.mode = sim::Mode::red;
    std::shared_ptr<const sim::Scenario> chosen;
    std::string chosen_path;
    std::size_t most = 0;
    for (const auto& p : files) {
        sim::LoadResult r = sim::load_and_validate(p.string(), sim::attack::builtin_catalog());
        if (!r.scenario || r.diags.has_errors() || r.scenario->red_moves.empty()) continue;
        const auto report = sim::explore::explore(*r.scenario, o);
        if (report.states <= most) continue;
        most = report.states;
        chosen_path = p.string();
        chosen = std::make_shared<const sim::Scenario>(std::move(*r.scenario));
    }
    if (!chosen) {
        f.skipped = "no bundled scenario has red moves";
        return f;
    }

    const int runs = c.quick ? 1 : 5;
    sim::explore::Report report;
    f.value = median_ms(runs, [&] { report = sim::explore::explore(*chosen, o); });
    f.baseline = median_ms(runs, [&] {
        sim::LoadResult r = sim::load_and_validate(chosen_path, sim::attack::builtin_catalog());
        keep(&r);
    });
    f.what = fmt::format("explore {} in red mode (every red move, uncertain outcome and hunt a branch)", chosen->id);
    f.note = fmt::format("{} states, {} paths, {} red moves, {} blind spots{}", report.states, report.paths.str(),
                         report.red_moves.size(), report.blind_spots.size(), report.complete ? "" : ", INCOMPLETE");
    f.extra["scenario"] = chosen->id;
    f.extra["states"] = report.states;
    f.extra["paths"] = report.paths.str();
    f.extra["red_moves"] = report.red_moves.size();
    f.extra["blind_spots"] = report.blind_spots.size();
    f.extra["complete"] = report.complete;
    return f;
}

} // namespace bench
