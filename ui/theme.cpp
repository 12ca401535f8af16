// ui/theme.cpp — fonts found at run time, two themes, semantic colours.
#include "ui/theme.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>

namespace ui {

namespace {

ThemeKind g_theme = ThemeKind::light;
std::map<ImGuiContext*, Fonts> g_fonts;

ImVec4 rgb(int hex, float a = 1.0f) {
    return ImVec4(((hex >> 16) & 0xff) / 255.0f, ((hex >> 8) & 0xff) / 255.0f, (hex & 0xff) / 255.0f, a);
}

Palette make_light() {
    Palette p{};
    p.text = rgb(0x111418);
    p.text_muted = rgb(0x4a5260);
    p.accent = rgb(0x1f5fbf);
    p.good = rgb(0x1b6e34);
    p.warn = rgb(0x955300);
    p.bad = rgb(0xb42318);
    p.info = rgb(0x35618f);
    p.clear_color = rgb(0xe9ecf1);
    p.chip_text = rgb(0xffffff);
    p.severity[0] = rgb(0x5a6b7d);
    p.severity[1] = rgb(0x2e7d32);
    p.severity[2] = rgb(0x8a5a00);
    p.severity[3] = rgb(0xb54708);
    p.severity[4] = rgb(0xb42318);
    p.rating[0] = rgb(0x2e7d32);
    p.rating[1] = rgb(0x56730a);
    p.rating[2] = rgb(0xb54708);
    p.rating[3] = rgb(0xb42318);
    p.status_new = rgb(0x1f5fbf);
    p.status_ack = rgb(0x5a6b7d);
    p.status_escalated = rgb(0xb54708);
    p.status_dismissed = rgb(0x6b7280);
    p.status_contained = rgb(0x2e7d32);
    p.stage_reached = rgb(0xb42318);
    p.stage_detected = rgb(0x8a5a00);
    p.stage_contained = rgb(0x2e7d32);
    p.stage_future = rgb(0xc9ced6);
    p.purple_outcome[0] = rgb(0x2e7d32);
    p.purple_outcome[1] = rgb(0x1f5fbf);
    p.purple_outcome[2] = rgb(0x8a5a00);
    p.purple_outcome[3] = rgb(0xb42318);
    p.purple_outcome[4] = rgb(0x6b7280);
    return p;
}

Palette make_dark() {
    Palette p = make_light();
    p.text = rgb(0xeceff4);
    p.text_muted = rgb(0xaab1bd);
    p.accent = rgb(0x7fb0ff);
    p.good = rgb(0x6fd08c);
    p.warn = rgb(0xf0b35a);
    p.bad = rgb(0xff8a80);
    p.info = rgb(0x9cc3ee);
    p.clear_color = rgb(0x15181d);
    p.stage_future = rgb(0x3b424d);
    return p;
}

const Palette& palette_for(ThemeKind t) {
    static const Palette light = make_light();
    static const Palette dark = make_dark();
    return t == ThemeKind::dark ? dark : light;
}

bool exists(const std::string& p) {
    std::error_code ec;
    return !p.empty() && std::filesystem::is_regular_file(p, ec);
}

std::string first_existing(std::initializer_list<const char*> paths) {
    for (const char* p : paths)
        if (exists(p)) return p;
    return {};
}

// Latin text plus the punctuation, arrows and shapes the console draws.
const ImWchar* text_ranges() {
    static const ImWchar ranges[] = {
        0x0020, 0x00FF,                 // Basic Latin + Latin-1 (×, ·, é)
        0x0100, 0x017F,                 // Latin Extended-A (names)
        0x2010, 0x2027,                 // dashes, quotes, bullet, ellipsis
        0x2030, 0x203A,
        0x2190, 0x21FF,                 // arrows
        0x2212, 0x2212,                 // minus
        0x2300, 0x23FF,                 // technical (⏸ ⏵ on some fonts)
        0x25A0, 0x25FF,                 // geometric shapes (● ▲ ▶ ■)
        0x2600, 0x26FF,                 // symbols (⚠)
        0x2713, 0x2718,                 // check marks
        0,
    };
    return ranges;
}

// The clock and large titles need only ASCII and a few signs.
const ImWchar* huge_ranges() {
    static const ImWchar ranges[] = {0x0020, 0x007E, 0x00D7, 0x00D7, 0x2013, 0x2014, 0x2212, 0x2212,
                                     0x25A0, 0x25FF, 0};
    return ranges;
}

ImFont* add_font(ImFontAtlas& atlas, const std::string& path, float px, const ImWchar* ranges) {
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    if (!path.empty())
        if (ImFont* f = atlas.AddFontFromFileTTF(path.c_str(), px, &cfg, ranges)) return f;
    // ImGui's built-in font is a TTF too: it scales, if less gracefully.
    ImFontConfig def;
    def.SizePixels = std::round(px);
    def.OversampleH = def.OversampleV = 1;
    return atlas.AddFontDefault(&def);
}

} // namespace

const char* to_string(ThemeKind t) { return t == ThemeKind::dark ? "dark" : "light"; }

ThemeKind parse_theme(const std::string& s) { return s == "dark" ? ThemeKind::dark : ThemeKind::light; }

FontFiles find_font_files() {
    FontFiles f;
    if (const char* env = std::getenv("TTX_FONT"); env && exists(env)) f.regular = env;
    if (f.regular.empty())
        f.regular = first_existing({"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
                                    "/usr/share/fonts/TTF/DejaVuSans.ttf",
                                    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
                                    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                                    "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
                                    "/usr/share/fonts/truetype/freefont/FreeSans.ttf"});
    f.bold = first_existing({"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
                             "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
                             "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
                             "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
                             "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
                             "/usr/share/fonts/liberation-sans/LiberationSans-Bold.ttf"});
    f.mono = first_existing({"/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
                             "/usr/share/fonts/dejavu/DejaVuSansMono.ttf",
                             "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
                             "/usr/share/fonts/dejavu-sans-mono-fonts/DejaVuSansMono.ttf",
                             "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf"});
    if (f.bold.empty()) f.bold = f.regular;
    if (f.mono.empty()) f.mono = f.regular;
    return f;
}

Fonts load_fonts(ImFontAtlas& atlas, const FontFiles& files, float base_px, float heading_scale,
                 float huge_scale) {
    atlas.Clear();
    Fonts f;
    f.size = std::round(base_px);
    f.regular = add_font(atlas, files.regular, f.size, text_ranges());   // first = ImGui's default
    f.bold = add_font(atlas, files.bold, f.size, text_ranges());
    f.mono = add_font(atlas, files.mono, std::round(f.size * 0.95f), text_ranges());
    f.heading = add_font(atlas, files.bold, std::round(f.size * heading_scale), text_ranges());
    f.huge = add_font(atlas, files.bold, std::round(f.size * huge_scale), huge_ranges());
    atlas.Build();
    return f;
}

float base_font_px(int height_px) {
    // 20 px on a 1080-line screen; projected, that is about 3 cm per line on
    // a 2 m wide image. Small laptop screens stay at 16 px.
    return std::clamp(std::round(static_cast<float>(height_px) / 54.0f), 16.0f, 40.0f);
}

void apply_theme(ThemeKind theme, float font_px) {
    g_theme = theme;
    ImGuiStyle style;
    if (theme == ThemeKind::dark)
        ImGui::StyleColorsDark(&style);
    else
        ImGui::StyleColorsLight(&style);
    const Palette& p = palette_for(theme);
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = p.text;
    c[ImGuiCol_TextDisabled] = p.text_muted;
    if (theme == ThemeKind::light) {
        c[ImGuiCol_WindowBg] = rgb(0xfbfbfc);
        c[ImGuiCol_ChildBg] = rgb(0xfbfbfc, 0.0f);
        c[ImGuiCol_PopupBg] = rgb(0xffffff);
        c[ImGuiCol_Border] = rgb(0xb9c0ca);
        c[ImGuiCol_FrameBg] = rgb(0xffffff);
        c[ImGuiCol_FrameBgHovered] = rgb(0xe3ecfa);
        c[ImGuiCol_FrameBgActive] = rgb(0xcfdff7);
        c[ImGuiCol_TitleBg] = rgb(0xdfe4ea);
        c[ImGuiCol_TitleBgActive] = rgb(0xd2dbe7);
        c[ImGuiCol_MenuBarBg] = rgb(0xdfe4ea);
        c[ImGuiCol_Button] = rgb(0xe4e9f0);
        c[ImGuiCol_ButtonHovered] = rgb(0xcfdff7);
        c[ImGuiCol_ButtonActive] = rgb(0xb3cbef);
        c[ImGuiCol_Header] = rgb(0xd5e3f8);
        c[ImGuiCol_HeaderHovered] = rgb(0xc2d6f5);
        c[ImGuiCol_HeaderActive] = rgb(0xabc7f0);
        c[ImGuiCol_Tab] = rgb(0xd9dfe7);
        c[ImGuiCol_TabHovered] = rgb(0xc2d6f5);
        c[ImGuiCol_TabActive] = rgb(0xfbfbfc);
        c[ImGuiCol_TableHeaderBg] = rgb(0xe4e9f0);
        c[ImGuiCol_TableRowBgAlt] = rgb(0xf1f3f6);
        c[ImGuiCol_PlotHistogram] = p.accent;
        c[ImGuiCol_CheckMark] = p.accent;
    } else {
        c[ImGuiCol_WindowBg] = rgb(0x1c2027);
        c[ImGuiCol_ChildBg] = rgb(0x1c2027, 0.0f);
        c[ImGuiCol_PopupBg] = rgb(0x232832);
        c[ImGuiCol_Border] = rgb(0x3d4552);
        c[ImGuiCol_FrameBg] = rgb(0x2a303a);
        c[ImGuiCol_TitleBg] = rgb(0x252b34);
        c[ImGuiCol_TitleBgActive] = rgb(0x2d3541);
        c[ImGuiCol_MenuBarBg] = rgb(0x252b34);
        c[ImGuiCol_TableRowBgAlt] = rgb(0x22272f);
        c[ImGuiCol_PlotHistogram] = p.accent;
    }
    style.WindowRounding = 3;
    style.FrameRounding = 3;
    style.GrabRounding = 3;
    style.TabRounding = 3;
    style.PopupRounding = 3;
    style.WindowBorderSize = 1;
    style.FrameBorderSize = theme == ThemeKind::light ? 1.0f : 0.0f;
    style.WindowTitleAlign = ImVec2(0.0f, 0.5f);
    style.ScaleAllSizes(font_px / 13.0f * 0.85f);
    ImGui::GetStyle() = style;
}

const Palette& palette() { return palette_for(g_theme); }

ThemeKind current_theme() { return g_theme; }

ImVec4 severity_color(sim::Severity s) { return palette().severity[static_cast<int>(s)]; }

ImVec4 rating_color(sim::Rating r) { return palette().rating[static_cast<int>(r)]; }

ImVec4 status_color(sim::InjectStatus s) {
    const Palette& p = palette();
    switch (s) {
    case sim::InjectStatus::pending: return p.status_new;
    case sim::InjectStatus::acknowledged: return p.status_ack;
    case sim::InjectStatus::escalated: return p.status_escalated;
    case sim::InjectStatus::dismissed: return p.status_dismissed;
    case sim::InjectStatus::contained: return p.status_contained;
    }
    return p.status_new;
}

void set_current_fonts(const Fonts& f) { g_fonts[ImGui::GetCurrentContext()] = f; }

const Fonts& fonts() {
    static const Fonts empty;
    auto it = g_fonts.find(ImGui::GetCurrentContext());
    return it == g_fonts.end() ? empty : it->second;
}

} // namespace ui
