// ui/app.cpp — the main loop, the menu and status bars, overlays and the projector window.
#include "ui/app.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <GLFW/glfw3.h>
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "cli/environment.hpp"
#include "sim/report/report.hpp"
#include "sim/util/files.hpp"
#include "ui/actions.hpp"
#include "ui/images.hpp"
#include "ui/views/import_view.hpp"
#include "ui/shortcuts.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace fs = std::filesystem;

namespace {

constexpr Screen kNavScreens[] = {Screen::library, Screen::setup, Screen::exercise, Screen::hotwash,
                                  Screen::review, Screen::red, Screen::feedback};

const char* screen_title(Screen s) {
    switch (s) {
    case Screen::library: return "Library";
    case Screen::setup: return "Setup";
    case Screen::exercise: return "Exercise";
    case Screen::hotwash: return "Hotwash";
    case Screen::review: return "Review";
    case Screen::projector: return "Projector";
    case Screen::red: return "Red cell";
    case Screen::feedback: return "Feedback";
    }
    return "";
}

const char* screen_key(Screen s) {
    switch (s) {
    case Screen::library: return "F2";
    case Screen::setup: return "F3";
    case Screen::exercise: return "F4";
    case Screen::hotwash: return "F5";
    case Screen::review: return "F6";
    case Screen::projector: return "F11";
    case Screen::red: return "F7";
    case Screen::feedback: return "F8";
    }
    return "";
}

constexpr double kFrameSeconds = 1.0 / 60.0;   // the fastest the console ever draws
constexpr double kClockFrameSeconds = 0.1;    // the running clock redraws at most this often
constexpr double kIdleWait = 5.0;             // nothing moves: a frame now and then, as a safety net
constexpr int kActiveFrames = 12;             // frames at full rate after input (hover, popups)

// How long a status-line message stays prominent.
double message_fresh_seconds(const Message& msg) { return msg.level == Message::Level::error ? 15.0 : 6.0; }

double steady_seconds() {
    using namespace std::chrono;
    return duration_cast<duration<double>>(steady_clock::now().time_since_epoch()).count();
}

} // namespace

std::vector<std::string> console_view_names() {
    std::vector<std::string> names;
    for (Screen s : kScreens) names.push_back(to_string(s));
    names.push_back("help");
    names.push_back("projector-scores");
    ViewRegistry reg;
    for (const auto& v : reg.views())
        if (std::find(names.begin(), names.end(), v->id()) == names.end()) names.push_back(v->id());
    return names;
}

namespace {
// The catalog of the environment's data folder, chosen once per process (the
// model and its views keep references to it).
const sim::attack::Catalog& console_catalog(std::string& warning) {
    static const sim::attack::CatalogSelection selection =
        sim::attack::select_catalog(cli::environment_paths().data_dir);
    warning = selection.warning;
    return selection.get();
}
} // namespace

App::App(const ConsoleOptions& options) : options_(options) {}

App::~App() {
    if (main_.is_open()) {
        main_.make_current();
        images::release_all();          // the textures live in the main window's context
    }
    projector_.close();
    main_.close();
}

bool App::init(bool offscreen, std::string& error) {
    offscreen_ = offscreen;
    std::string catalog_warning;
    model_ = std::make_unique<Model>(console_catalog(catalog_warning));
    Model& m = *model_;
    if (!catalog_warning.empty()) m.error(catalog_warning);
    if (!offscreen_) {
        m.config_dir = config_dir();
        std::string warning;
        m.prefs = load_prefs(m.config_dir, warning);
        if (!warning.empty()) m.error(warning);
    }
    if (!options_.theme.empty()) m.prefs.theme = parse_theme(options_.theme) == ThemeKind::dark ? "dark" : "light";
    if (options_.zoom > 0) m.prefs.zoom = std::clamp(options_.zoom, kMinZoom, kMaxZoom);
    saved_prefs_ = m.prefs;
    // Every launch starts at ×1: a fast test run must not become the next exercise's pace.
    m.set_speed(1);
    m.set_pacing(!offscreen_);

    WindowConfig wc;
    wc.title = "ttx console";
    wc.offscreen = offscreen_;
    wc.width = options_.width > 0 ? options_.width : (offscreen_ ? 1920 : 1600);
    wc.height = options_.height > 0 ? options_.height : (offscreen_ ? 1080 : 900);
    wc.maximized = !offscreen_ && options_.width <= 0;
    if (!main_.open(wc, error)) return false;
    main_.make_current();

    if (!offscreen_ && !m.config_dir.empty()) {
        ini_path_ = (fs::path(m.config_dir) / "imgui.ini").string();
        std::error_code ec;
        if (fs::is_regular_file(ini_path_, ec)) ImGui::LoadIniSettingsFromDisk(ini_path_.c_str());
    }
    font_files_ = find_font_files();
    if (const char* trace = std::getenv("TTX_UI_TRACE"); trace && *trace) {
        trace_path_ = trace;
        widgets::set_trace(true);
    }
    configure_from_options();
    update_main_fonts();
    if (options_.projector_window) m.ui.projector_window = true;
    return true;
}

std::vector<std::string> App::default_scenario_folders() const {
    std::vector<std::string> out;
    auto add = [&](const fs::path& p) {
        std::error_code ec;
        if (!fs::is_directory(p, ec)) return;
        fs::path canon = fs::weakly_canonical(p, ec);
        const std::string s = (ec ? p : canon).string();
        if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    };
    if (const char* env = std::getenv("TTX_SCENARIOS"); env && *env) add(env);
    const sim::service::Paths paths = cli::environment_paths();
    add(paths.bundled_scenarios_dir());
    std::error_code ec;
    add(fs::current_path(ec) / "scenarios");
    add(paths.scenarios_dir());
    return out;
}

void App::configure_from_options() {
    Model& m = *model_;
    if (options_.db_path.empty())
        m.error("No journal database was given (--db).");
    else if (!m.open_store(options_.db_path))
        m.error(m.store_error());

    std::vector<std::string> folders = default_scenario_folders();
    for (const auto& d : m.prefs.scenario_dirs)
        if (std::find(folders.begin(), folders.end(), d) == folders.end()) folders.push_back(d);
    for (const auto& d : options_.scenario_dirs)
        if (std::find(folders.begin(), folders.end(), d) == folders.end()) folders.push_back(d);
    m.scan_library(folders);
    for (const auto& e : m.library())
        if (e.runnable) {
            m.ui.library_selection = e.path;
            break;
        }

    if (!options_.scenario.empty()) {
        std::error_code ec;
        const std::string path = fs::absolute(options_.scenario, ec).lexically_normal().string();
        const LibraryEntry* found = nullptr;
        for (const auto& e : m.library())
            if (fs::equivalent(e.path, path, ec)) found = &e;
        if (!found) found = &m.load_scenario(path);
        m.ui.library_selection = found->path;
        m.ui.screen = found->runnable ? Screen::setup : Screen::library;
    }

    auto screen_for_phase = [&]() {
        const sim::ExerciseState* st = m.state();
        if (!st) return Screen::library;
        return st->phase == sim::Phase::hotwash || st->phase == sim::Phase::closed ? Screen::hotwash
                                                                                   : Screen::exercise;
    };
    if (!options_.resume.empty()) {
        if (m.open_session(options_.resume, false)) {
            // A resumed exercise never runs on by itself: the facilitator resumes the clock.
            const sim::ExerciseState* st = m.state();
            if (!offscreen_ && st->phase == sim::Phase::running && !st->ended) m.push(sim::cmd::Pause{});
            m.ui.screen = screen_for_phase();
        }
    } else if (!options_.replay.empty()) {
        if (m.open_session(options_.replay, true)) m.ui.screen = screen_for_phase();
    } else if (!offscreen_ && !m.unfinished_sessions().empty()) {
        m.ui.resume_prompt = true;
    }

    if (!options_.import_path.empty()) {   // --import: the Import tab with its preview
        if (auto* v = dynamic_cast<ImportView*>(views_.find("import"))) {
            v->draft().path = options_.import_path;
            import_preview(m, v->draft());
        }
        m.ui.screen = Screen::library;
        m.ui.slot_tab["library"] = m.ui.focus_view = "import";
    }

    if (!options_.view.empty()) {
        const std::string& v = options_.view;
        if (v == "help") {
            m.ui.help_open = true;
        } else if (v == "projector-scores") {
            m.ui.screen = Screen::projector;   // the projector with scores revealed (Ctrl+R)
            m.ui.reveal_scores = true;
        } else if (auto s = parse_screen(v)) {
            m.ui.screen = *s;
        } else if (auto on = views_.screen_of(v, m)) {
            m.ui.screen = *on;
            m.ui.focus_view = v;
            for (const auto& sl : views_.layout(*on, m, Rect{ImVec2(0, 0), ImVec2(1000, 1000)}))
                for (const View* view : sl.views)
                    if (view->id() == v) m.ui.slot_tab[sl.id] = v;
        }
    }
}

float App::main_font_px() const {
    const int h = main_.logical_height() > 0 ? main_.logical_height() : 900;
    return std::clamp(std::round(base_font_px(h) * model_->prefs.zoom), 12.0f, 60.0f);
}

void App::update_main_fonts() {
    // The projector view in this window is read across a room: 1.7× the text.
    if (model_->ui.screen == Screen::projector)
        update_fonts(main_, main_fonts_, std::round(main_font_px() * 1.7f), 1.5f, 2.4f);
    else
        update_fonts(main_, main_fonts_, main_font_px(), 1.3f, 2.0f);
}

void App::update_fonts(GlWindow& w, AppliedFonts& applied, float target_px, float heading_scale, float huge_scale) {
    const std::string theme = model_->prefs.theme;
    const bool size_changed = std::abs(target_px - applied.px) >= 0.5f || heading_scale != applied.heading_scale;
    if (!size_changed && theme == applied.theme) return;
    ImGuiIO& io = ImGui::GetIO();
    if (size_changed) {
        Fonts f = load_fonts(*io.Fonts, font_files_, target_px, heading_scale, huge_scale);
        set_current_fonts(f);
        w.upload_fonts();
    }
    apply_theme(parse_theme(theme), target_px);
    applied = {target_px, heading_scale, theme};
}

void App::frame(double wall_dt_s) {
    Model& m = *model_;
    clock_s_ += wall_dt_s;
    m.set_time(clock_s_);
    m.tick(wall_dt_s, wall_now_ms());

    main_.make_current();
    update_main_fonts();
    main_.begin_frame();
    widgets::trace_clear();
    if (m.ui.release_keyboard) {
        ImGui::ClearActiveID();         // the text field lets go (after a decision is recorded)
        m.ui.release_keyboard = false;
    }
    handle_shortcuts(m, main_.take_key_presses());
    draw_main();
    const Palette& p = palette();
    const float clear[4] = {p.clear_color.x, p.clear_color.y, p.clear_color.z, 1.0f};
    main_.end_frame(clear);

    m.execute_pending(wall_now_ms());
    write_trace();

    if (!offscreen_) {
        update_projector_window();
        if (projector_.is_open()) draw_projector_frame();
        main_.make_current();
        save_settings();
        std::string title = "ttx console";
        if (const sim::Scenario* s = m.scenario()) title += " — " + s->title + " — " + m.session()->id();
        // Setting a title is an X round trip and an event that wakes the loop: only on change.
        if (title != last_title_) {
            main_.set_title(title);
            last_title_ = std::move(title);
        }
    }
    if (m.ui.quit_requested) main_.set_should_close(true);
}

double App::idle_wait() const {
    const Model& m = *model_;
    if (m.has_pending()) return 0;
    if (!m.clock_running()) {
        // Nothing moves: sleep until input, or until the latest message fades.
        double wait = kIdleWait;
        if (!m.messages().empty()) {
            const Message& msg = m.messages().back();
            const double left = msg.shown_at + message_fresh_seconds(msg) - m.now();
            if (left > 0) wait = std::min(wait, left + kFrameSeconds);
        }
        return wait;
    }
    // Redraw when the displayed clock turns over: at ×1 once a second; a fast
    // clock at most ten times a second (the seconds blur at that pace anyway).
    return std::clamp(m.wall_seconds_to_next_tick(), kClockFrameSeconds, kIdleWait);
}

void App::run() {
    double last = steady_seconds();
    int active_frames = kActiveFrames;
    while (!main_.should_close()) {
        main_.make_current();   // GLFW input callbacks feed the current ImGui context
        const std::uint64_t inputs = input_event_count();
        // Never faster than the display needs: after input a few frames at 60 Hz
        // (hover, popups), otherwise sleep until input or the clock's next second.
        const double since = steady_seconds() - last;
        const double wait = active_frames > 0 ? kFrameSeconds - since : idle_wait() - since;
        if (wait > 0.0005)
            poll_events(wait);
        else
            poll_events(0);
        if (input_event_count() != inputs) active_frames = kActiveFrames;
        else if (active_frames > 0) --active_frames;
        const double now = steady_seconds();
        frame(now - last);
        last = now;
    }
    main_.make_current();
    images::release_all();              // while the context that made them is alive
    save_settings();
}

// ---- the main window ---------------------------------------------------------------------

void App::draw_main() {
    Model& m = *model_;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    if (m.ui.screen == Screen::projector) {
        views_.draw_screen(m, Screen::projector, Rect{vp->Pos, vp->Size});
        draw_overlays();
        return;
    }
    draw_menu_bar();
    const float menu_h = ImGui::GetFrameHeight();
    const float status_h = ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y;
    float top = menu_h;
    if (!m.store_error().empty()) {
        const float banner_h = ImGui::GetTextLineHeightWithSpacing() * 2 + ImGui::GetStyle().WindowPadding.y * 2;
        ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + top));
        ImGui::SetNextWindowSize(ImVec2(vp->Size.x, banner_h));
        draw_store_banner();
        top += banner_h;
    }
    const Rect area{ImVec2(vp->Pos.x, vp->Pos.y + top), ImVec2(vp->Size.x, vp->Size.y - top - status_h)};
    views_.draw_screen(m, m.ui.screen, area);
    m.ui.focus_view.clear();
    draw_status_bar(status_h);
    draw_overlays();
}

void App::draw_store_banner() {
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleColor(ImGuiCol_WindowBg, palette().bad);
    ImGui::PushStyleColor(ImGuiCol_Text, palette().chip_text);
    if (ImGui::Begin("###store-banner", nullptr, flags)) {
        std::string text = model_->store_error();
        if (!text.empty() && text.back() != '.') text += '.';
        widgets::wrapped(text +
                         " Scenarios can still be browsed; sessions cannot be started or reviewed until the "
                         "console is restarted with a usable --db.");
    }
    ImGui::End();
    ImGui::PopStyleColor(2);
}

void App::draw_menu_bar() {
    Model& m = *model_;
    if (!ImGui::BeginMainMenuBar()) return;
    ImGui::PushFont(fonts().bold);
    widgets::text("ttx");
    ImGui::PopFont();
    if (ImGui::BeginMenu("Console")) {
        for (Screen s : kNavScreens)
            if (ImGui::MenuItem(screen_title(s), screen_key(s), m.ui.screen == s)) actions::go(m, s);
        ImGui::Separator();
        if (ImGui::MenuItem("Dark theme", "Ctrl+T", m.prefs.theme == "dark")) actions::toggle_theme(m);
        if (ImGui::MenuItem("Larger text", "Ctrl +")) actions::zoom(m, 1.1f);
        if (ImGui::MenuItem("Smaller text", "Ctrl −")) actions::zoom(m, 1.0f / 1.1f);
        if (ImGui::MenuItem("Text size for this screen", "Ctrl+0")) actions::zoom(m, 0.0f);
        ImGui::Separator();
        if (ImGui::MenuItem("Quit", "Ctrl+Q")) m.ui.quit_requested = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Projector")) {
        if (ImGui::MenuItem("Projector window", "F9", m.ui.projector_window)) actions::toggle_projector_window(m);
        if (ImGui::MenuItem("Projector view here (full screen)", "F11", m.ui.screen == Screen::projector))
            actions::toggle_projector_fullscreen(m);
        if (ImGui::MenuItem("Show the selected inject", "P", false, m.has_session())) actions::show_on_projector(m);
        if (ImGui::MenuItem("Follow the latest inject", nullptr, m.ui.projector_inject.empty(), m.has_session()))
            m.ui.projector_inject.clear();
        if (ImGui::MenuItem("Reveal scores", "Ctrl+R", m.ui.reveal_scores)) actions::toggle_reveal_scores(m);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("Keyboard shortcuts", "F1", m.ui.help_open)) actions::toggle_help(m);
        ImGui::EndMenu();
    }
    ImGui::Separator();
    for (Screen s : kNavScreens) {
        const std::string label = fmt::format("{} ({})", screen_title(s), screen_key(s));
        const bool current = m.ui.screen == s;
        if (current) ImGui::PushFont(fonts().bold);
        const ImVec2 size(ImGui::CalcTextSize(label.c_str()).x, 0);
        if (ImGui::Selectable(label.c_str(), current, 0, size)) actions::go(m, s);
        if (current) ImGui::PopFont();
        ImGui::SameLine(0, ImGui::GetFontSize() * 0.9f);
    }
    // Right side: what is open, so nobody mistakes a replay for the live exercise.
    std::string tag;
    if (const sim::Session* s = m.session()) {
        tag = s->id() + " · " + sim::to_string(s->state().mode);
        if (s->state().practice) tag += " · PRACTICE";
        if (m.read_only()) tag += " · REVIEW ONLY";
    } else {
        tag = "no session";
    }
    const float w = ImGui::CalcTextSize(tag.c_str()).x + ImGui::GetStyle().ItemSpacing.x * 2;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowWidth() - w));
    if (m.read_only())
        widgets::colored(palette().warn, tag);
    else
        widgets::muted(tag);
    ImGui::EndMainMenuBar();
}

void App::draw_status_bar(float height) {
    Model& m = *model_;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - height));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x, height));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ImGui::GetStyle().WindowPadding.x,
                                                            ImGui::GetStyle().WindowPadding.y * 0.5f));
    if (ImGui::Begin("###status", nullptr, flags)) {
        // Right: where everything is saved.
        std::string right;
        if (m.store()) {
            right = "Journal: " + m.store_path();
            if (const sim::ExerciseState* st = m.state())
                right += fmt::format("  ·  {} events, all saved", st->last_seq);
        } else {
            right = "No journal database";
        }
        const float rw = ImGui::CalcTextSize(right.c_str()).x;
        const float avail = ImGui::GetContentRegionAvail().x;
        // Left: the latest message, prominent while fresh.
        if (!m.messages().empty()) {
            const Message& msg = m.messages().back();
            const double age = m.now() - msg.shown_at;
            const bool fresh = age < message_fresh_seconds(msg);
            ImVec4 c = palette().text_muted;
            if (fresh) c = msg.level == Message::Level::error     ? palette().bad
                           : msg.level == Message::Level::success ? palette().good
                                                                  : palette().text;
            ImGui::PushStyleColor(ImGuiCol_Text, c);
            ImGui::PushClipRect(ImGui::GetCursorScreenPos(),
                                ImVec2(ImGui::GetCursorScreenPos().x + std::max(0.0f, avail - rw - 20),
                                       ImGui::GetCursorScreenPos().y + height),
                                true);
            widgets::text(msg.text);
            ImGui::PopClipRect();
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                const std::size_t n = m.messages().size();
                for (std::size_t i = n > 10 ? n - 10 : 0; i < n; ++i) widgets::text(m.messages()[i].text);
                ImGui::EndTooltip();
            }
        }
        ImGui::SameLine(std::max(ImGui::GetWindowContentRegionMin().x, ImGui::GetWindowContentRegionMax().x - rw));
        widgets::muted(right);
    }
    ImGui::End();
    ImGui::PopStyleVar();
}

void App::draw_overlays() {
    Model& m = *model_;
    if (m.ui.help_open) {
        if (View* help = views_.find("help")) {
            const ImGuiViewport* vp = ImGui::GetMainViewport();
            const ImVec2 size(std::min(vp->Size.x * 0.8f, ImGui::GetFontSize() * 52),
                              std::min(vp->Size.y * 0.85f, ImGui::GetFontSize() * 40));
            ImGui::SetNextWindowFocus();
            help->draw(m, Rect{ImVec2(vp->Pos.x + (vp->Size.x - size.x) * 0.5f, vp->Pos.y + (vp->Size.y - size.y) * 0.5f),
                               size});
        }
    }
    draw_confirmations();
    draw_resume_offer();
}

void App::draw_confirmations() {
    Model& m = *model_;
    struct Confirm {
        bool* flag;
        const char* title;
        const char* text;
        const char* yes;
        void (*run)(Model&);
    };
    const Confirm confirms[] = {
        {&m.ui.confirm_end, "End the exercise?",
         "The exercise clock stops for good and no more injects are delivered. Ratings and notes can still be "
         "added; the hotwash follows.",
         "End exercise", actions::confirm_end},
        {&m.ui.confirm_hotwash, "Start the hotwash?",
         "The exercise ends (if it is still running) and the hotwash begins: review notes, ratings and the "
         "prompts per objective with the participants.",
         "Start hotwash", actions::confirm_hotwash},
        {&m.ui.confirm_close, "Close the session?",
         "Nothing can be added after closing. The session stays in the history for review and reports.",
         "Close session", actions::confirm_close},
        {&m.ui.confirm_ending_decision, "Record a decision that ends the exercise?",
         "The chosen option ends the exercise: the clock stops for good and no more injects are delivered. "
         "Ratings and notes can still be added.",
         "Record and end", actions::confirm_record_decision},
    };
    for (const auto& c : confirms) {
        if (*c.flag && !ImGui::IsPopupOpen(c.title)) ImGui::OpenPopup(c.title);
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.4f),
                                ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
        ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 30, 0));
        if (ImGui::BeginPopupModal(c.title, nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings)) {
            widgets::wrapped(c.text);
            ImGui::Spacing();
            const bool enter = frame_key_pressed(GLFW_KEY_ENTER) || frame_key_pressed(GLFW_KEY_KP_ENTER);
            if (widgets::colored_button(std::string(c.yes) + " (Enter)", palette().bad) || enter) {
                c.run(m);
                *c.flag = false;
                ImGui::CloseCurrentPopup();
            }
            ImGui::SameLine();
            if (ImGui::Button("Cancel (Esc)") || !*c.flag) {
                *c.flag = false;
                ImGui::CloseCurrentPopup();
            }
            ImGui::EndPopup();
        }
    }
}

void App::draw_resume_offer() {
    Model& m = *model_;
    const char* title = "Unfinished sessions";
    if (m.ui.resume_prompt && !ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.4f), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(ImGui::GetFontSize() * 48, vp->Size.x * 0.92f), 0));
    if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings)) return;
    widgets::wrapped("These sessions were not finished. Everything recorded is in the journal; resuming "
                     "continues exactly where they stopped (the clock stays paused until you resume it).");
    ImGui::Spacing();
    const auto sessions = m.unfinished_sessions();
    if (ImGui::BeginTable("unfinished", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
        ImGui::TableSetupColumn("Session", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Scenario", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Started", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableHeadersRow();
        for (const auto& s : sessions) {
            ImGui::PushID(s.id.c_str());
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            widgets::text(s.id);
            ImGui::TableSetColumnIndex(1);
            widgets::wrapped(s.scenario_title + (s.practice ? "  (practice)" : ""));   // whole, on two lines if need be
            ImGui::TableSetColumnIndex(2);
            widgets::text(sim::report::format_wall(s.started_wall));
            ImGui::TableSetColumnIndex(3);
            if (ImGui::Button("Resume")) {
                if (m.open_session(s.id, false)) {
                    // A resumed exercise never runs on by itself: the facilitator resumes the clock.
                    const sim::ExerciseState* st = m.state();
                    if (st && st->phase == sim::Phase::running && !st->ended) m.push(sim::cmd::Pause{});
                    m.ui.screen = st && (st->phase == sim::Phase::hotwash) ? Screen::hotwash : Screen::exercise;
                    m.success("Resumed session " + s.id + ".");
                }
                m.ui.resume_prompt = false;
                ImGui::CloseCurrentPopup();
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    if (ImGui::Button("Not now (Esc)") || frame_key_pressed(GLFW_KEY_ESCAPE)) {
        m.ui.resume_prompt = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

// ---- the projector window -----------------------------------------------------------------

void App::update_projector_window() {
    Model& m = *model_;
    if (projector_.is_open() && projector_.should_close()) {
        projector_.close();
        projector_fonts_ = {};
        m.ui.projector_window = false;
    }
    if (m.ui.projector_window && !projector_.is_open()) {
        WindowConfig wc;
        wc.title = "ttx — projector";
        wc.width = 1280;
        wc.height = 720;
        wc.install_input = false;
        wc.key_sink = &main_;                        // Esc, Ctrl+Q, Space... still reach the console
        wc.share = main_.handle();                   // image artifacts' textures serve both windows
        wc.monitor = monitor_count() > 1 ? 1 : -1;   // a second screen is the projector
        std::string error;
        if (!projector_.open(wc, error)) {
            m.error("The projector window cannot be opened: " + error);
            m.ui.projector_window = false;
        }
        projector_fonts_ = {};
        main_.focus();                               // the keyboard stays with the facilitator
    } else if (!m.ui.projector_window && projector_.is_open()) {
        projector_.close();
    }
}

void App::draw_projector_frame() {
    projector_.make_current();
    const float px = std::clamp(std::round(base_font_px(projector_.logical_height()) * 1.6f), 20.0f, 80.0f);
    update_fonts(projector_, projector_fonts_, px, 1.5f, 2.4f);
    projector_.begin_frame();
    if (View* v = views_.find("projector")) {
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        v->draw(*model_, Rect{vp->Pos, vp->Size});
    }
    const Palette& p = palette();
    const float clear[4] = {p.clear_color.x, p.clear_color.y, p.clear_color.z, 1.0f};
    projector_.end_frame(clear);
}

// ---- automation -------------------------------------------------------------------------------

void App::write_trace() {
    if (trace_path_.empty()) return;
    const sim::ExerciseState* st = model_->state();
    std::string text = fmt::format("screen\t{}\nphase\t{}\ndelivered\t{}\npending\t{}\ndecisions\t{}\nselected\t{}\n"
                                   "option\t{}\nspeed\t{}\ntyping\t{}\nprojector\t{}\nwindow\t{}\t{}\n",
                                   to_string(model_->ui.screen), st ? sim::to_string(st->phase) : "none",
                                   st ? st->delivered.size() : 0, st ? st->pending_decisions.size() : 0,
                                   st ? st->decisions.size() : 0, model_->selected_inject_id(),
                                   model_->ui.decision.option, model_->speed(),
                                   model_->ui.typing ? 1 : 0, projector_.is_open() ? 1 : 0,
                                   static_cast<int>(ImGui::GetIO().DisplaySize.x),
                                   static_cast<int>(ImGui::GetIO().DisplaySize.y));
    int answered = 0;   // the feedback form's answers so far (a test waits for its click to land)
    for (const auto& [q, a] : model_->ui.feedback.answers) answered += a.empty() ? 0 : 1;
    text += fmt::format("feedback\t{}\n", answered);
    text += widgets::trace_dump();
    if (text == last_trace_) return;
    std::string why;
    if (sim::write_file_atomic(trace_path_, text, why)) last_trace_ = std::move(text);
}

// ---- settings ---------------------------------------------------------------------------------

void App::save_settings() {
    Model& m = *model_;
    if (offscreen_ || m.config_dir.empty()) return;
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantSaveIniSettings && !ini_path_.empty()) {
        std::error_code ec;
        fs::create_directories(m.config_dir, ec);
        std::size_t size = 0;
        const char* ini = ImGui::SaveIniSettingsToMemory(&size);
        std::string why;
        if (!sim::write_file_atomic(ini_path_, std::string(ini, size), why)) m.error(why);
        io.WantSaveIniSettings = false;
    }
    if (!(m.prefs == saved_prefs_)) {
        std::string why;
        if (!save_prefs(m.prefs, m.config_dir, why)) m.error("Preferences not saved: " + why);
        saved_prefs_ = m.prefs;
    }
}

// ---- entry points ---------------------------------------------------------------------------------

int run_console(const ConsoleOptions& options) {
    App app(options);
    std::string error;
    if (!app.init(false, error)) {
        std::cerr << "ttx console: " << error << "\n";
        shutdown_windowing();
        return 1;
    }
    app.run();
    shutdown_windowing();
    return 0;
}

OffscreenResult render_frames_offscreen(const ConsoleOptions& options, int frames) {
    OffscreenResult r;
    {
        App app(options);
        if (!app.init(true, r.error)) return r;
        frames = std::max(frames, 1);
        r.frame_ms.reserve(static_cast<std::size_t>(frames));
        for (int i = 0; i < frames; ++i) {
            const double t0 = steady_seconds();
            app.frame(1.0 / 60.0);
            r.frame_ms.push_back((steady_seconds() - t0) * 1000.0);
        }
        r.image = app.window().read_pixels();
        for (const auto& msg : app.model().messages()) r.messages.push_back(msg.text);
    }
    r.ok = !r.image.rgba.empty();
    if (!r.ok) r.error = "no frame was rendered";
    return r;
}

} // namespace ui
