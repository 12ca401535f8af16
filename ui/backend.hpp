// ui/backend.hpp — the tiny seam between the console and the windowing system.
//
// A GlWindow is one GLFW window with its own OpenGL context and its own Dear
// ImGui context (so the projector window can have its own, larger fonts).
// Two ways to draw:
//  - on screen: frames go to the window and are swapped to the display;
//  - offscreen: frames go to a framebuffer object of a fixed size, whatever
//    the window or screen size, so tests and benchmarks can render N frames
//    under Xvfb and read the pixels back (read_pixels, write_png).
// Nothing here knows about exercises; app.cpp drives it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct GLFWwindow;
struct ImGuiContext;
struct ImFontAtlas;

namespace ui {

// Initialises GLFW once per process (idempotent) and terminates it at exit.
// Returns false with a sentence in `error` when there is no display.
[[nodiscard]] bool init_windowing(std::string& error);
void shutdown_windowing();
// Processes pending window events; waits up to `timeout_s` for one if > 0.
void poll_events(double timeout_s);
// How many input events (keys, pointer, focus, resize, expose) windows have had:
// a loop that waited can tell whether someone touched it.
[[nodiscard]] std::uint64_t input_event_count();
// The last GLFW error as a sentence ("" if none).
[[nodiscard]] std::string last_windowing_error();

struct WindowConfig {
    std::string title = "ttx console";
    int width = 1600;
    int height = 900;
    bool offscreen = false;             // render into a framebuffer object of width×height
    bool maximized = false;
    bool decorated = true;
    bool install_input = true;          // false: a display-only window (the projector)
    int monitor = -1;                   // >= 0: open full-screen on that monitor
    class GlWindow* key_sink = nullptr; // a display-only window passes its key presses here
    GLFWwindow* share = nullptr;
};

// A key press (or auto-repeat) as GLFW reported it. Dear ImGui 1.86 only
// sees key state per frame, so a press and release within one frame would be
// lost; the window queues presses itself so no shortcut is ever missed.
struct KeyPress {
    int key = 0;                        // GLFW_KEY_*
    int mods = 0;                       // GLFW_MOD_* bits
    bool repeat = false;
};

struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;     // top row first
};

class GlWindow {
public:
    GlWindow() = default;
    ~GlWindow();
    GlWindow(const GlWindow&) = delete;
    GlWindow& operator=(const GlWindow&) = delete;

    // Creates the window, its GL context and its ImGui context (made current).
    [[nodiscard]] bool open(const WindowConfig& config, std::string& error);
    void close();
    [[nodiscard]] bool is_open() const { return window_ != nullptr; }

    // Makes this window's GL and ImGui contexts current.
    void make_current();
    // NewFrame for platform, renderer and ImGui (after make_current()).
    void begin_frame();
    // Renders the ImGui draw data over `clear` (RGBA 0..1) and presents it.
    void end_frame(const float clear[4]);

    // After changing the ImGui font atlas: re-uploads it to the GPU.
    void upload_fonts();

    [[nodiscard]] bool should_close() const;
    void set_should_close(bool close);
    void set_title(const std::string& title);
    // Toggles borderless full-screen on the monitor the window is on.
    void set_fullscreen(bool on);
    [[nodiscard]] bool fullscreen() const { return fullscreen_; }
    [[nodiscard]] bool focused() const;
    void focus();

    // Window height in screen coordinates (the FBO height when offscreen):
    // what font sizes follow, so HiDPI screens get the same layout.
    [[nodiscard]] int logical_height() const;
    // Framebuffer size in pixels (the FBO size when offscreen).
    [[nodiscard]] int width() const;
    [[nodiscard]] int height() const;
    [[nodiscard]] bool offscreen() const { return config_.offscreen; }
    [[nodiscard]] GLFWwindow* handle() const { return window_; }
    [[nodiscard]] ImGuiContext* imgui() const { return imgui_; }

    // Key presses since the last call, in order.
    [[nodiscard]] std::vector<KeyPress> take_key_presses();

    // Reads the last rendered frame (call right after end_frame()).
    [[nodiscard]] Image read_pixels() const;

private:
    bool create_framebuffer(std::string& error);
    void destroy_framebuffer();

    WindowConfig config_;
    GLFWwindow* window_ = nullptr;
    ImGuiContext* imgui_ = nullptr;
    bool platform_ready_ = false;
    bool renderer_ready_ = false;
    bool fullscreen_ = false;
    int saved_pos_[2] = {0, 0};
    int saved_size_[2] = {0, 0};
    unsigned fbo_ = 0;
    unsigned color_rb_ = 0;
    std::vector<KeyPress> keys_;

    friend void on_key_event(GLFWwindow*, int, int, int, int);
};

// Number of connected monitors (0 when windowing is not initialised).
[[nodiscard]] int monitor_count();

// Writes an image as PNG, atomically (never a half-written file over a good one).
[[nodiscard]] bool write_png(const std::string& path, const Image& image, std::string& error);

// Population variance of the luminance of an image's pixels: 0 for a blank image.
[[nodiscard]] double luminance_variance(const Image& image);

} // namespace ui
