// ui/app.hpp — the console's main loop: windows, fonts, the frame, the projector.
//
// One App per process. A frame is: shortcuts → menu bar → the current
// screen's views → overlays (help, confirmations, resume offer) → status
// line; then the queued commands are executed (committed to the journal),
// and the projector window, if open, draws its own frame from the same model.
#pragma once

#include <memory>
#include <string>

#include "sim/attack/catalog.hpp"
#include "ui/backend.hpp"
#include "ui/console.hpp"
#include "ui/model.hpp"
#include "ui/theme.hpp"
#include "ui/views/registry.hpp"

namespace ui {

class App {
public:
    explicit App(const ConsoleOptions& options);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Opens the main window (offscreen: an FBO of the requested size) and
    // loads the library, the database and the requested session.
    [[nodiscard]] bool init(bool offscreen, std::string& error);
    // The interactive loop; returns when the facilitator quits.
    void run();
    // One frame of the main window (and the projector window, if open).
    void frame(double wall_dt_s);

    [[nodiscard]] Model& model() { return *model_; }
    [[nodiscard]] GlWindow& window() { return main_; }

private:
    void configure_from_options();
    struct AppliedFonts {
        float px = 0;
        float heading_scale = 0;
        std::string theme;
    };
    void update_fonts(GlWindow& w, AppliedFonts& applied, float target_px, float heading_scale, float huge_scale);
    void draw_main();
    void draw_menu_bar();
    void draw_status_bar(float height);
    void draw_overlays();
    void draw_confirmations();
    void draw_resume_offer();
    void draw_store_banner();
    void update_projector_window();
    void draw_projector_frame();
    void save_settings();
    void write_trace();
    // How long the loop may sleep when nobody touches the console.
    [[nodiscard]] double idle_wait() const;
    [[nodiscard]] float main_font_px() const;
    void update_main_fonts();
    [[nodiscard]] std::vector<std::string> default_scenario_folders() const;

    ConsoleOptions options_;
    bool offscreen_ = false;
    std::unique_ptr<Model> model_;
    ViewRegistry views_;
    GlWindow main_;
    GlWindow projector_;
    FontFiles font_files_;
    AppliedFonts main_fonts_;
    AppliedFonts projector_fonts_;
    Prefs saved_prefs_;
    double clock_s_ = 0;
    std::string ini_path_;
    std::string trace_path_;            // $TTX_UI_TRACE: where button positions go
    std::string last_trace_;
    std::string last_title_;            // the window title is set only when it changes
};

} // namespace ui
