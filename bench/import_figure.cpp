// bench/import_figure.cpp — `ttx import` of the largest reference Attack Flow and
// of a generated 1,000-technique Navigator layer, each against nlohmann::json
// parsing the same text alone. "Import" is what the command does between
// reading the file and writing it: recognise, map, write the YAML, load it back
// and validate it (sim::importer::import_files + check_import).
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench/bench.hpp"
#include "sim/attack/catalog.hpp"
#include "sim/import/import.hpp"

namespace bench {

namespace {

namespace fs = std::filesystem;
namespace imp = sim::importer;

Figure import_figure(const Config& c, const std::string& key, const std::string& name, const std::string& text,
                     const std::string& what) {
    Figure f;
    f.key = key;
    f.what = what;
    f.unit = "ms";
    f.bound = Bound::value;             // the target: under 100 ms each
    f.target = 100;
    f.baseline_what = "nlohmann::json::parse of the same text";
    const auto& catalog = sim::attack::builtin_catalog();
    auto import_once = [&] {
        const imp::Result r = imp::import_files({{name, text}}, {}, catalog);
        if (!r.scenario) throw std::runtime_error(name + " gave no scenario");
        const imp::Checked checked = imp::check_import(*r.scenario, "bench-import.yaml", catalog);
        if (!checked.ok()) throw std::runtime_error(name + " gave a scenario that does not validate");
        keep(&checked);
    };
    import_once();                      // throws if the input is not what the figure claims
    const int runs = c.quick ? 3 : 15;
    f.value = median_ms(runs, import_once);
    f.baseline = median_ms(runs, [&] {
        auto j = nlohmann::json::parse(text);
        keep(&j);
    });
    return f;
}

// Navigator layer 4.5 with `n` enabled technique entries of the built-in
// catalog, every third scored and commented (the import orders those first).
std::string generate_layer(std::size_t n, std::size_t& made) {
    nlohmann::json techniques = nlohmann::json::array();
    std::size_t i = 0;
    // One entry per technique and tactic, as Navigator writes them; the
    // catalog has ~700 active techniques, so a second pass scores them again.
    for (int pass = 0; i < n && pass < 4; ++pass)
        for (const auto& [id, t] : sim::attack::builtin_catalog().techniques()) {
            if (t.status != sim::attack::Status::active) continue;
            for (const auto& tactic : t.tactics) {
                if (i >= n) break;
                nlohmann::json e = {{"techniqueID", id}, {"tactic", tactic}, {"enabled", true}};
                if (i % 3 == 0) {
                    e["score"] = static_cast<int>(i % 100);
                    e["comment"] = fmt::format("Seen in case {}", i);
                }
                techniques.push_back(std::move(e));
                ++i;
            }
        }
    made = i;
    nlohmann::json layer = {{"name", "bench layer"},
                            {"versions", {{"attack", "19"}, {"navigator", "5.1.0"}, {"layer", "4.5"}}},
                            {"domain", "enterprise-attack"},
                            {"techniques", std::move(techniques)}};
    return layer.dump(1);
}

} // namespace

Figure import_flow_figure(const Config& c) {
    // The largest Attack Flow among the reference files (Conti's CISA alert, 27 kB).
    fs::path largest;
    std::uintmax_t size = 0;
    std::error_code ec;
    const fs::path dir = fs::path(c.formats_dir) / "attack-flow";
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        if (it->path().extension() != ".json") continue;
        std::ifstream in(it->path(), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        const auto bytes = it->file_size(ec);
        if (imp::detect_kind(ss.str()) == "attack-flow" && bytes > size) {
            size = bytes;
            largest = it->path();
        }
    }
    if (largest.empty()) {
        Figure f;
        f.key = "import.flow";
        f.unit = "ms";
        f.target = 100;
        f.skipped = "no Attack Flow under " + dir.string() + " (give --formats DIR)";
        return f;
    }
    std::ifstream in(largest, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return import_figure(c, "import.flow", largest.filename().string(), ss.str(),
                         fmt::format("ttx import {} ({:.1f} kB)", largest.filename().string(), size / 1e3));
}

Figure import_layer_figure(const Config& c) {
    const std::size_t n = c.quick ? 100 : 1000;
    std::size_t made = 0;
    const std::string text = generate_layer(n, made);
    return import_figure(c, "import.layer", "bench.layer.json", text,
                         fmt::format("ttx import of a Navigator layer of {} technique entries ({:.0f} kB)", made, text.size() / 1e3));
}

} // namespace bench
