// ui/prefs.cpp — prefs.json in the user's config folder.
#include "ui/prefs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "sim/util/files.hpp"

namespace ui {

namespace fs = std::filesystem;

std::string config_dir() {
    if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return (fs::path(x) / "ttx").string();
    if (const char* h = std::getenv("HOME"); h && *h) return (fs::path(h) / ".config" / "ttx").string();
    return {};
}

std::string prefs_to_json(const Prefs& p) {
    nlohmann::json j = {
        {"theme", p.theme},
        {"zoom", std::round(p.zoom * 100.0f) / 100.0f},
        {"speed", p.speed},
        {"scenario_dirs", p.scenario_dirs},
        {"facilitator", p.facilitator},
        {"reveal_scores_on_projector", p.reveal_scores_on_projector},
    };
    return j.dump(2) + "\n";
}

Prefs prefs_from_json(const std::string& text, std::string& warning) {
    Prefs p;
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        warning = "prefs.json is not a JSON object; using the default preferences";
        return p;
    }
    auto take = [&](const char* key, auto& field) {
        auto it = j.find(key);
        if (it == j.end()) return;
        try {
            field = it->get<std::remove_reference_t<decltype(field)>>();
        } catch (const nlohmann::json::exception&) {
            warning = std::string("prefs.json: '") + key + "' has the wrong type; using its default";
        }
    };
    take("theme", p.theme);
    take("zoom", p.zoom);
    take("speed", p.speed);
    take("scenario_dirs", p.scenario_dirs);
    take("facilitator", p.facilitator);
    take("reveal_scores_on_projector", p.reveal_scores_on_projector);
    if (p.theme != "light" && p.theme != "dark") p.theme = "light";
    if (!(p.zoom >= 0.6f && p.zoom <= 2.5f)) p.zoom = 1.0f;
    static constexpr int kSpeeds[] = {1, 2, 5, 10, 30, 60};
    if (std::find(std::begin(kSpeeds), std::end(kSpeeds), p.speed) == std::end(kSpeeds)) p.speed = 1;
    if (p.facilitator.empty()) p.facilitator = "Facilitator";
    return p;
}

Prefs load_prefs(const std::string& dir, std::string& warning) {
    if (dir.empty()) return {};
    const fs::path path = fs::path(dir) / "prefs.json";
    std::error_code ec;
    if (!fs::exists(path, ec)) return {};
    std::string error;
    auto text = sim::read_file(path.string(), 1u << 20, error);
    if (!text) {
        warning = error + "; using the default preferences";
        return {};
    }
    return prefs_from_json(*text, warning);
}

bool save_prefs(const Prefs& prefs, const std::string& dir, std::string& error) {
    if (dir.empty()) {
        error = "no configuration folder (set HOME or XDG_CONFIG_HOME)";
        return false;
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        error = "cannot create " + dir + ": " + ec.message();
        return false;
    }
    ::chmod(dir.c_str(), 0700);
    return sim::write_file_atomic((fs::path(dir) / "prefs.json").string(), prefs_to_json(prefs), error);
}

} // namespace ui
