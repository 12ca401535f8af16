// ui/theme.hpp — fonts, colours and sizes: what makes the console legible on a projector.
//
// Promises:
//  - Text is drawn from a scalable TTF found at run time (DejaVu Sans from
//    fonts-dejavu-core, then Liberation Sans, then $TTX_FONT if set first);
//    without any, Dear ImGui's built-in font is scaled to the same size, so
//    the console always starts.
//  - The base size follows the window height (20 px at 1080 lines, never
//    under 16 px) times the user's zoom (Ctrl + / Ctrl −), and every padding
//    and spacing scales with it.
//  - Light and dark themes; the semantic colours (severity, rating, status)
//    keep at least 4.5:1 contrast with the text drawn on them.
#pragma once

#include <string>

#include <imgui.h>

#include "sim/engine/state.hpp"
#include "sim/scenario/scenario.hpp"

namespace ui {

enum class ThemeKind { light, dark };

[[nodiscard]] const char* to_string(ThemeKind t);
[[nodiscard]] ThemeKind parse_theme(const std::string& s);  // anything but "dark" is light

struct FontFiles {
    std::string regular;                // "" = use the built-in font
    std::string bold;
    std::string mono;
};

// Probes the known locations of the console's fonts.
[[nodiscard]] FontFiles find_font_files();

struct Fonts {
    ImFont* regular = nullptr;
    ImFont* bold = nullptr;
    ImFont* mono = nullptr;
    ImFont* heading = nullptr;          // 1.3× regular, bold
    ImFont* huge = nullptr;             // the exercise clock
    float size = 20.0f;                 // regular size in pixels
};

// Rebuilds `atlas` with the console's fonts at `base_px`. The projector uses
// larger `heading_scale`/`huge_scale` for text read across a room.
[[nodiscard]] Fonts load_fonts(ImFontAtlas& atlas, const FontFiles& files, float base_px,
                               float heading_scale = 1.3f, float huge_scale = 2.0f);

// The base font size for a window `height_px` lines high at zoom 1.
[[nodiscard]] float base_font_px(int height_px);
inline constexpr float kMinZoom = 0.6f;
inline constexpr float kMaxZoom = 2.5f;

// Applies colours and sizes (scaled for `font_px`) to the current ImGui style.
void apply_theme(ThemeKind theme, float font_px);

// Semantic colours of the active theme. Each `*_bg` has a matching text colour.
struct Palette {
    ImVec4 text, text_muted, accent, good, warn, bad, info, clear_color;
    ImVec4 chip_text;                   // text on the coloured chips below
    ImVec4 severity[5];                 // info, low, medium, high, critical
    ImVec4 rating[4];                   // P, S, M, U
    ImVec4 status_new, status_ack, status_escalated, status_dismissed, status_contained;
    ImVec4 stage_reached, stage_detected, stage_contained, stage_future;
    ImVec4 purple_outcome[5];           // blocked, alerted, logged, none, n/a
};
[[nodiscard]] const Palette& palette();
[[nodiscard]] ThemeKind current_theme();

[[nodiscard]] ImVec4 severity_color(sim::Severity s);
[[nodiscard]] ImVec4 rating_color(sim::Rating r);
[[nodiscard]] ImVec4 status_color(sim::InjectStatus s);

// The font set of the current ImGui context (set by the app after load_fonts).
void set_current_fonts(const Fonts& fonts);
[[nodiscard]] const Fonts& fonts();

} // namespace ui
