// ui/prefs.hpp — the facilitator's preferences and where the console keeps its files.
//
// Everything lives under $XDG_CONFIG_HOME/ttx (else ~/.config/ttx):
//   prefs.json   theme, zoom, default speed, extra scenario folders, names
//   imgui.ini    window and table layout (Dear ImGui's own format)
// A missing or unreadable prefs file gives the defaults and a warning; files
// are written atomically, so a crash never leaves a half-written one.
#pragma once

#include <string>
#include <vector>

namespace ui {

struct Prefs {
    std::string theme = "light";        // light | dark (light reads better on projectors)
    float zoom = 1.0f;                  // multiplies the size chosen for the window height
    int speed = 1;                      // default clock speed (1, 2, 5, 10, 30, 60)
    std::vector<std::string> scenario_dirs; // folders scanned besides the bundled scenarios/
    std::string facilitator = "Facilitator"; // author of facilitator notes and ratings
    bool reveal_scores_on_projector = false;

    bool operator==(const Prefs&) const = default;
};

// $XDG_CONFIG_HOME/ttx or ~/.config/ttx ("" if neither HOME nor XDG_CONFIG_HOME is set).
[[nodiscard]] std::string config_dir();

// Reads <dir>/prefs.json; on any problem returns the defaults and sets `warning`.
[[nodiscard]] Prefs load_prefs(const std::string& dir, std::string& warning);
// Writes <dir>/prefs.json atomically, creating the folder (0700).
[[nodiscard]] bool save_prefs(const Prefs& prefs, const std::string& dir, std::string& error);

[[nodiscard]] std::string prefs_to_json(const Prefs& prefs);
[[nodiscard]] Prefs prefs_from_json(const std::string& text, std::string& warning);

} // namespace ui
