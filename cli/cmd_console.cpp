// cli/cmd_console.cpp — `ttx console [SCENARIO] [--db PATH] [--resume SESSION]`.
//
// Opens the facilitator console (ui/console.hpp). Test hooks render frames
// offscreen and write a PNG instead of opening an interactive window:
//   ttx console --frames N --screenshot FILE.png [--scenario S] [--replay SESSION]
//               [--view NAME] [--size WxH] [--db PATH] [--theme light|dark]
// Built without the UI (-DTTX_BUILD_UI=OFF), the subcommand says so and exits 1.
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/command.hpp"
#include "cli/environment.hpp"

#ifdef TTX_HAVE_UI
#include <algorithm>
#include <cstdio>

#include "ui/backend.hpp"
#include "ui/console.hpp"
#endif

namespace {

struct Options {
    std::string scenario;
    std::string scenario_opt;
    std::string db;
    std::string resume;
    std::string replay;
    std::string view;
    std::string size;
    std::string theme;
    std::string screenshot;
    std::vector<std::string> folders;
    std::string import_path;
    int frames = 0;
    float zoom = 0;
    bool projector = false;
};

#ifdef TTX_HAVE_UI

bool parse_size(const std::string& s, int& w, int& h) {
    if (s.empty()) return true;
    char x = 0;
    char extra = 0;
    return std::sscanf(s.c_str(), "%d%c%d%c", &w, &x, &h, &extra) == 3 && (x == 'x' || x == 'X') && w >= 320 &&
           h >= 240 && w <= 8192 && h <= 8192;
}

int run(const Options& o) {
    ui::ConsoleOptions c;
    c.scenario = !o.scenario_opt.empty() ? o.scenario_opt : o.scenario;
    c.db_path = o.db.empty() ? cli::environment_paths().db : o.db;
    c.resume = o.resume;
    c.replay = o.replay;
    c.view = o.view;
    c.theme = o.theme;
    c.zoom = o.zoom;
    c.scenario_dirs = o.folders;
    c.projector_window = o.projector;
    c.import_path = o.import_path;
    if (!o.resume.empty() && !o.replay.empty())
        throw cli::UsageError("--resume and --replay exclude each other: resume continues a session, replay only "
                              "shows it");
    if (!parse_size(o.size, c.width, c.height))
        throw cli::UsageError("--size must be WIDTHxHEIGHT between 320x240 and 8192x8192, e.g. 1920x1080 (got '" +
                              o.size + "')");
    if (!o.theme.empty() && o.theme != "light" && o.theme != "dark")
        throw cli::UsageError("--theme must be light or dark (got '" + o.theme + "')");
    if (!o.view.empty()) {
        const auto names = ui::console_view_names();
        if (std::find(names.begin(), names.end(), o.view) == names.end()) {
            std::string list;
            for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
            throw cli::UsageError("unknown --view '" + o.view + "'; one of: " + list);
        }
    }

    if (o.frames <= 0 && o.screenshot.empty()) return ui::run_console(c);

    // Offscreen: render, then write the last frame.
    const int frames = o.frames > 0 ? o.frames : 3;
    if (c.width == 0) {
        c.width = 1920;
        c.height = 1080;
    }
    ui::OffscreenResult r = ui::render_frames_offscreen(c, frames);
    if (!r.ok) {
        std::cerr << "ttx console: " << r.error << "\n";
        return cli::kExitInvalid;
    }
    for (const auto& m : r.messages) std::cerr << "ttx console: " << m << "\n";
    if (!o.screenshot.empty()) {
        std::string error;
        if (!ui::write_png(o.screenshot, r.image, error)) {
            std::cerr << "ttx console: " << error << "\n";
            return cli::kExitInvalid;
        }
        std::cout << "wrote " << o.screenshot << " (" << r.image.width << "x" << r.image.height << ", " << frames
                  << " frames)\n";
    }
    return cli::kExitOk;
}

#else

int run(const Options&) {
    std::cerr << "ttx console: this ttx was built without the console (configure with -DTTX_BUILD_UI=ON and "
                 "install libimgui-dev, libglfw3-dev and libgl-dev)\n";
    return cli::kExitInvalid;
}

#endif

const bool registered = cli::register_command({"console", "Open the facilitator console (Dear ImGui window)", 80,
    [](CLI::App& app) {
        auto o = std::make_shared<Options>();
        app.add_option("scenario", o->scenario, "Scenario file to open in the session setup");
        app.add_option("--scenario", o->scenario_opt, "Same as the positional SCENARIO");
        app.add_option("--db", o->db, "Journal database (default: $XDG_DATA_HOME/ttx/ttx.db)");
        app.add_option("--resume", o->resume, "Continue an unfinished session");
        app.add_option("--replay", o->replay, "Open a stored session read-only (review, screenshots)");
        app.add_option("--folder", o->folders, "Extra scenario folder for the library (repeatable)");
        app.add_option("--view", o->view, "Screen or view to show first (library, setup, exercise, hotwash, "
                                          "review, projector, help, decision, scoreboard, ...)");
        app.add_option("--theme", o->theme, "light or dark (default: the saved preference)");
        app.add_option("--zoom", o->zoom, "Text size factor, 0.6 to 2.5")->check(CLI::Range(0.6, 2.5));
        app.add_flag("--projector", o->projector, "Open the projector window at start");
        app.add_option("--import", o->import_path, "Open the library's Import tab with this file (or folder) previewed");
        app.add_option("--frames", o->frames, "Render N frames offscreen and exit (test hook)")
            ->check(CLI::Range(1, 100000));
        app.add_option("--screenshot", o->screenshot, "Write the last offscreen frame as PNG (test hook)");
        app.add_option("--size", o->size, "Window or screenshot size WIDTHxHEIGHT (default 1920x1080 offscreen)");
        return [o] { return run(*o); };
    }});

} // namespace
