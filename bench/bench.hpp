// bench/bench.hpp — the figures `ttx bench` reports, and what measuring them shares.
//
// Every figure is timed in the same run as a bare-library baseline doing the
// comparable work (yaml-cpp, Boost.Statechart, sqlite3, fmt, Dear ImGui), so
// the table reads "what ttx costs over the libraries it is built on" on the
// machine at hand. Targets are reported, never asserted: a slower laptop is
// not a failed build.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bench {

struct Config {
    bool quick = false;                 // small sizes: a smoke run for CI, not a measurement
    std::string dir;                    // scratch folder for databases (its disk decides commit latency)
    std::vector<std::string> only;      // figure keys to run ("" = all)
    double budget_s = 60;               // a quadratic figure stops growing its input past this
    std::string formats_dir;            // reference files of other tools (the Attack Flow the import figure reads)
};

// What a figure's target bounds: the ratio to the baseline, or the value itself.
enum class Bound { ratio, value };

struct Figure {
    std::string key;                    // load, engine, engine.growth, commit, replay, report, explore, explore.red, frame
    std::string what;                   // "load + validate, 2000 injects (2.4 MB)"
    std::string unit;                   // "ms", "us"
    std::optional<double> value;        // nullopt: skipped or failed (see `skipped`)
    std::optional<double> baseline;
    std::string baseline_what;          // "bare YAML::Load"
    Bound bound = Bound::value;
    double target = 0;                  // in `unit` for Bound::value, a factor for Bound::ratio
    std::string skipped;                // why there is no value
    std::string note;                   // extra detail for the table (p50, estimate, ...)
    nlohmann::json extra = nlohmann::json::object();   // extra members of its JSON object

    [[nodiscard]] std::optional<double> ratio() const {
        if (!value || !baseline || *baseline <= 0) return std::nullopt;
        return *value / *baseline;
    }
    [[nodiscard]] bool met() const {
        if (!value) return false;
        if (bound == Bound::value) return *value <= target;
        auto r = ratio();
        return r && *r <= target;
    }
};

// ---- timing ---------------------------------------------------------------------

using Clock = std::chrono::steady_clock;

[[nodiscard]] inline double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Milliseconds `fn` takes, the median of `runs` runs.
[[nodiscard]] double median_ms(int runs, const std::function<void()>& fn);
// The q-quantile (0..1) of `samples` (sorted copy, nearest rank).
[[nodiscard]] double quantile(std::vector<double> samples, double q);

// Keeps the optimiser from dropping work whose result is otherwise unused.
void keep(const void* p);

// ---- the figures (each one file) -----------------------------------------------------

[[nodiscard]] Figure load_figure(const Config& c);
[[nodiscard]] Figure engine_figure(const Config& c);
[[nodiscard]] Figure growth_figure(const Config& c);
[[nodiscard]] Figure commit_figure(const Config& c);
[[nodiscard]] Figure replay_figure(const Config& c);
[[nodiscard]] Figure report_figure(const Config& c);
[[nodiscard]] Figure explore_figure(const Config& c);
[[nodiscard]] Figure explore_red_figure(const Config& c);
[[nodiscard]] Figure frame_figure(const Config& c);
[[nodiscard]] Figure idle_figure(const Config& c);
[[nodiscard]] Figure running_figure(const Config& c);
[[nodiscard]] Figure import_flow_figure(const Config& c);
[[nodiscard]] Figure import_layer_figure(const Config& c);

} // namespace bench
