// ui/console.hpp — the facilitator console's entry points (Dear ImGui + GLFW + OpenGL3).
//
//   ui::ConsoleOptions o;  o.db_path = "...";  o.scenario = "scenarios/x.yaml";
//   return ui::run_console(o);                 // the interactive window; exit code
//
// Test and benchmark hooks render without a visible window, into an
// offscreen framebuffer of exactly width×height pixels:
//
//   ui::OffscreenResult r = ui::render_frames_offscreen(o, 120);
//   // r.image holds the last frame; r.frame_ms each frame's CPU+GPU time.
//
// Offscreen rendering never reads or writes the user's preferences, never
// moves the exercise clock with wall time and never sends a command, so the
// same inputs give the same picture. It needs a display (Xvfb is enough).
#pragma once

#include <string>
#include <vector>

#include "ui/backend.hpp"

namespace ui {

struct ConsoleOptions {
    std::string scenario;               // a scenario file to open in the setup screen
    std::string db_path;                // the journal database (required)
    std::string resume;                 // a session to continue
    std::string replay;                 // a session to open read-only (review / screenshots)
    std::string view;                   // a screen or view to show first: library, setup, exercise,
                                        // hotwash, review, projector, help, or a view id
                                        // (control, killchain, queues, inject, decision,
                                        // expectations, scoreboard, notes, practice)
    std::vector<std::string> scenario_dirs;   // library folders besides the defaults
    int width = 0;                      // window / image size; 0 = automatic
    int height = 0;
    std::string theme;                  // "light" | "dark" ("" = the saved preference)
    float zoom = 0;                     // 0 = the saved preference (offscreen: 1)
    bool projector_window = false;      // open the projector window at start
    std::string import_path;            // a file to preview on the library's Import tab
};

// Names accepted by ConsoleOptions::view.
[[nodiscard]] std::vector<std::string> console_view_names();

// Runs the interactive console until the facilitator quits. Returns 0, or 1
// with a message on stderr when no window can be opened.
[[nodiscard]] int run_console(const ConsoleOptions& options);

struct OffscreenResult {
    bool ok = false;
    std::string error;                  // why it failed ("" when ok)
    Image image;                        // the last frame, RGBA, top row first
    std::vector<double> frame_ms;       // wall time of each frame (build + render + finish)
    std::vector<std::string> messages;  // what the console's status line reported
};

// Renders `frames` frames offscreen at options.width×options.height (default
// 1920×1080) and returns the last one. Used by `ttx console --frames N
// --screenshot F` and by bench/frame_bench.cpp.
[[nodiscard]] OffscreenResult render_frames_offscreen(const ConsoleOptions& options, int frames);

} // namespace ui
