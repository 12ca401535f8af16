// bench/main.cpp — `ttx_bench` (run as `ttx bench`): every performance figure in one table.
//
//   ttx bench [--quick] [--json] [--only load,commit] [--dir FOLDER] [--budget SECONDS]
//
// Prints one table (figure, value, baseline, ratio, target, met) or, with
// --json, one object keyed by figure: {value, unit, baseline, ratio, target,
// met, ...}. Exit 0 when every figure was measured (met or not), 1 when one
// could not be measured because of an error, 2 for a usage error. Targets are
// reported, never enforced: docs/performance.md explains each one.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "bench/bench.hpp"

namespace bench {

double median_ms(int runs, const std::function<void()>& fn) {
    std::vector<double> t;
    for (int i = 0; i < runs; ++i) {
        auto start = Clock::now();
        fn();
        t.push_back(ms_since(start));
    }
    return quantile(t, 0.5);
}

double quantile(std::vector<double> samples, double q) {
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(samples.size())));
    return samples[std::min(samples.size() - 1, rank == 0 ? 0 : rank - 1)];
}

void keep(const void* p) { asm volatile("" : : "g"(p) : "memory"); }

} // namespace bench

namespace {

using bench::Figure;

std::string num(double v) {
    if (v >= 100) return fmt::format("{:.0f}", v);
    if (v >= 10) return fmt::format("{:.1f}", v);
    if (v >= 0.1) return fmt::format("{:.2f}", v);
    return fmt::format("{:.3f}", v);
}

std::string target_text(const Figure& f) {
    return f.bound == bench::Bound::ratio ? fmt::format("ratio <= {}", num(f.target))
                                          : fmt::format("<= {} {}", num(f.target), f.unit);
}

nlohmann::json to_json(const Figure& f) {
    nlohmann::json j = f.extra;
    auto opt = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
    j["value"] = opt(f.value);
    j["unit"] = f.unit;
    j["baseline"] = opt(f.baseline);
    j["ratio"] = opt(f.ratio());
    j["target"] = f.target;
    j["target_applies_to"] = f.bound == bench::Bound::ratio ? "ratio" : "value";
    j["met"] = f.met();
    j["what"] = f.what;
    j["baseline_what"] = f.baseline_what;
    if (!f.note.empty()) j["note"] = f.note;
    if (!f.skipped.empty()) j["skipped"] = f.skipped;
    return j;
}

void print_table(const std::vector<Figure>& figures, std::ostream& out) {
    std::vector<std::array<std::string, 6>> rows;
    rows.push_back({"figure", "value", "baseline", "ratio", "target", "met"});
    for (const auto& f : figures) {
        if (!f.value) {
            rows.push_back({f.key, "skipped", "-", "-", target_text(f), "-"});
            continue;
        }
        rows.push_back({f.key, num(*f.value) + " " + f.unit, f.baseline ? num(*f.baseline) + " " + f.unit : "-",
                        f.ratio() ? num(*f.ratio()) + "x" : "-", target_text(f), f.met() ? "yes" : "NO"});
    }
    std::array<std::size_t, 6> w{};
    for (const auto& r : rows)
        for (std::size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], r[i].size());
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const auto& r = rows[k];
        out << fmt::format("{:<{}}  {:>{}}  {:>{}}  {:>{}}  {:<{}}  {}\n", r[0], w[0], r[1], w[1], r[2], w[2], r[3], w[3],
                           r[4], w[4], r[5]);
        if (k == 0) out << std::string(w[0] + w[1] + w[2] + w[3] + w[4] + w[5] + 10, '-') << "\n";
    }
    out << "\n";
    for (const auto& f : figures) {
        out << fmt::format("{:<8} {}; baseline: {}\n", f.key, f.what, f.baseline_what);
        if (!f.skipped.empty()) out << fmt::format("{:<8} skipped: {}\n", "", f.skipped);
        if (!f.note.empty()) out << fmt::format("{:<8} {}\n", "", f.note);
    }
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"ttx bench — performance figures, each against a bare-library baseline"};
    bench::Config cfg;
    bool json = false;
    std::string only;
    app.add_flag("--quick", cfg.quick, "Small sizes: a smoke run for CI, not a measurement");
    app.add_flag("--json", json, "One JSON object keyed by figure instead of the table");
    app.add_option("--only", only, "Comma-separated figures: load, engine, engine.growth, commit, replay, report, explore, explore.red, import.flow, import.layer, frame, console_idle, console_running");
    app.add_option("--dir", cfg.dir, "Folder for the scratch databases (default: the system temp folder)");
    app.add_option("--budget", cfg.budget_s, "Seconds a figure may spend growing its input (default 60)");
    cfg.formats_dir = TTX_BENCH_FORMATS_DIR;
    app.add_option("--formats", cfg.formats_dir, "Folder of reference files whose attack-flow/ holds the Attack Flows to import");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }

    struct Entry {
        const char* key;
        Figure (*run)(const bench::Config&);
    };
    const Entry all[] = {{"load", bench::load_figure},       {"engine", bench::engine_figure},
                         {"engine.growth", bench::growth_figure},
                         {"commit", bench::commit_figure},   {"replay", bench::replay_figure},
                         {"report", bench::report_figure},   {"explore", bench::explore_figure},
                         {"explore.red", bench::explore_red_figure},
                         {"import.flow", bench::import_flow_figure}, {"import.layer", bench::import_layer_figure},
                         {"frame", bench::frame_figure},     {"console_idle", bench::idle_figure},
                         {"console_running", bench::running_figure}};
    std::vector<std::string> wanted;
    std::stringstream ss(only);
    for (std::string k; std::getline(ss, k, ',');)
        if (!k.empty()) wanted.push_back(k);
    for (const auto& k : wanted)
        if (std::none_of(std::begin(all), std::end(all), [&](const Entry& e) { return k == e.key; })) {
            std::cerr << "ttx bench: unknown figure '" << k << "' (figures: load, engine, engine.growth, commit, replay, report, explore, explore.red, import.flow, import.layer, frame, console_idle, console_running)\n";
            return 2;
        }

    std::vector<Figure> figures;
    int rc = 0;
    for (const auto& e : all) {
        if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), e.key) == wanted.end()) continue;
        if (!json) std::cerr << "measuring " << e.key << "...\n";
        Figure f;
        try {
            f = e.run(cfg);
        } catch (const std::exception& ex) {
            f.key = e.key;
            f.skipped = std::string("error: ") + ex.what();
            rc = 1;
        }
        figures.push_back(std::move(f));
    }

    if (json) {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& f : figures) out[f.key] = to_json(f);
        std::cout << out.dump(2) << "\n";
    } else {
        if (cfg.quick) std::cout << "(--quick: small sizes, a smoke run; the figures are not comparable to the targets)\n";
        print_table(figures, std::cout);
    }
    return rc;
}
