// ui/backend.cpp — GLFW + OpenGL3 windows, offscreen framebuffers, PNG output.
#include "ui/backend.hpp"

#include <algorithm>
#include <cfloat>
#include <cstdlib>

#include <GLFW/glfw3.h>
#include <GL/glext.h>

#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb/stb_image_write.h>

#include "sim/util/files.hpp"

namespace ui {

namespace {

std::string g_last_error;
bool g_glfw_ready = false;
std::uint64_t g_input_events = 0;

// Installed before Dear ImGui's callbacks (which chain to them): they only count
// input, so the idle loop knows whether it was woken by the facilitator.
void count_cursor(GLFWwindow*, double, double) { ++g_input_events; }
void count_button(GLFWwindow*, int, int, int) { ++g_input_events; }
void count_scroll(GLFWwindow*, double, double) { ++g_input_events; }
void count_char(GLFWwindow*, unsigned int) { ++g_input_events; }
void count_flag(GLFWwindow*, int) { ++g_input_events; }
void count_size(GLFWwindow*, int, int) { ++g_input_events; }
void count_refresh(GLFWwindow*) { ++g_input_events; }

void on_glfw_error(int code, const char* description) {
    g_last_error = "GLFW error " + std::to_string(code) + ": " + (description ? description : "unknown");
}

// Framebuffer-object entry points are not exported by every libGL: load them
// from the current context (they are core since OpenGL 3.0).
struct FboApi {
    PFNGLGENFRAMEBUFFERSPROC gen_framebuffers = nullptr;
    PFNGLDELETEFRAMEBUFFERSPROC delete_framebuffers = nullptr;
    PFNGLBINDFRAMEBUFFERPROC bind_framebuffer = nullptr;
    PFNGLGENRENDERBUFFERSPROC gen_renderbuffers = nullptr;
    PFNGLDELETERENDERBUFFERSPROC delete_renderbuffers = nullptr;
    PFNGLBINDRENDERBUFFERPROC bind_renderbuffer = nullptr;
    PFNGLRENDERBUFFERSTORAGEPROC renderbuffer_storage = nullptr;
    PFNGLFRAMEBUFFERRENDERBUFFERPROC framebuffer_renderbuffer = nullptr;
    PFNGLCHECKFRAMEBUFFERSTATUSPROC check_framebuffer_status = nullptr;

    bool load() {
        gen_framebuffers = reinterpret_cast<PFNGLGENFRAMEBUFFERSPROC>(glfwGetProcAddress("glGenFramebuffers"));
        delete_framebuffers = reinterpret_cast<PFNGLDELETEFRAMEBUFFERSPROC>(glfwGetProcAddress("glDeleteFramebuffers"));
        bind_framebuffer = reinterpret_cast<PFNGLBINDFRAMEBUFFERPROC>(glfwGetProcAddress("glBindFramebuffer"));
        gen_renderbuffers = reinterpret_cast<PFNGLGENRENDERBUFFERSPROC>(glfwGetProcAddress("glGenRenderbuffers"));
        delete_renderbuffers =
            reinterpret_cast<PFNGLDELETERENDERBUFFERSPROC>(glfwGetProcAddress("glDeleteRenderbuffers"));
        bind_renderbuffer = reinterpret_cast<PFNGLBINDRENDERBUFFERPROC>(glfwGetProcAddress("glBindRenderbuffer"));
        renderbuffer_storage =
            reinterpret_cast<PFNGLRENDERBUFFERSTORAGEPROC>(glfwGetProcAddress("glRenderbufferStorage"));
        framebuffer_renderbuffer =
            reinterpret_cast<PFNGLFRAMEBUFFERRENDERBUFFERPROC>(glfwGetProcAddress("glFramebufferRenderbuffer"));
        check_framebuffer_status =
            reinterpret_cast<PFNGLCHECKFRAMEBUFFERSTATUSPROC>(glfwGetProcAddress("glCheckFramebufferStatus"));
        return gen_framebuffers && delete_framebuffers && bind_framebuffer && gen_renderbuffers &&
               delete_renderbuffers && bind_renderbuffer && renderbuffer_storage && framebuffer_renderbuffer &&
               check_framebuffer_status;
    }
};

FboApi g_fbo;

GLFWmonitor* monitor_of(GLFWwindow* w) {
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    if (count <= 0) return nullptr;
    int wx = 0, wy = 0, ww = 0, wh = 0;
    glfwGetWindowPos(w, &wx, &wy);
    glfwGetWindowSize(w, &ww, &wh);
    GLFWmonitor* best = monitors[0];
    long best_area = -1;
    for (int i = 0; i < count; ++i) {
        int mx = 0, my = 0;
        glfwGetMonitorPos(monitors[i], &mx, &my);
        const GLFWvidmode* mode = glfwGetVideoMode(monitors[i]);
        if (!mode) continue;
        long ox = std::max(0, std::min(wx + ww, mx + mode->width) - std::max(wx, mx));
        long oy = std::max(0, std::min(wy + wh, my + mode->height) - std::max(wy, my));
        if (ox * oy > best_area) {
            best_area = ox * oy;
            best = monitors[i];
        }
    }
    return best;
}

} // namespace

// Installed before Dear ImGui's own callback, which chains to it.
void on_key_event(GLFWwindow* window, int key, int /*scancode*/, int action, int mods) {
    ++g_input_events;
    auto* self = static_cast<GlWindow*>(glfwGetWindowUserPointer(window));
    if (!self || key == GLFW_KEY_UNKNOWN || action == GLFW_RELEASE) return;
    // The projector window has no controls of its own: its keys drive the console.
    GlWindow* target = self->config_.key_sink ? self->config_.key_sink : self;
    if (target->keys_.size() < 256) target->keys_.push_back({key, mods, action == GLFW_REPEAT});
}

bool init_windowing(std::string& error) {
    if (g_glfw_ready) return true;
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) {
        error = "cannot open a window: " + (g_last_error.empty() ? std::string("no display") : g_last_error);
        const char* display = std::getenv("DISPLAY");
        const char* wayland = std::getenv("WAYLAND_DISPLAY");
        if ((!display || !*display) && (!wayland || !*wayland))
            error += " (DISPLAY is not set; run under a desktop session or xvfb-run)";
        return false;
    }
    g_glfw_ready = true;
    return true;
}

void shutdown_windowing() {
    if (!g_glfw_ready) return;
    glfwTerminate();
    g_glfw_ready = false;
}

void poll_events(double timeout_s) {
    if (!g_glfw_ready) return;
    if (timeout_s > 0)
        glfwWaitEventsTimeout(timeout_s);
    else
        glfwPollEvents();
}

std::string last_windowing_error() { return g_last_error; }

std::uint64_t input_event_count() { return g_input_events; }

int monitor_count() {
    if (!g_glfw_ready) return 0;
    int count = 0;
    glfwGetMonitors(&count);
    return count;
}

GlWindow::~GlWindow() { close(); }

bool GlWindow::open(const WindowConfig& config, std::string& error) {
    if (!g_glfw_ready && !init_windowing(error)) return false;
    config_ = config;
    config_.width = std::clamp(config_.width, 64, 8192);
    config_.height = std::clamp(config_.height, 64, 8192);

    glfwDefaultWindowHints();
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_VISIBLE, config_.offscreen ? GLFW_FALSE : GLFW_TRUE);
    glfwWindowHint(GLFW_MAXIMIZED, config_.maximized && !config_.offscreen ? GLFW_TRUE : GLFW_FALSE);
    glfwWindowHint(GLFW_DECORATED, config_.decorated ? GLFW_TRUE : GLFW_FALSE);
    // A full-screen projector must stay up when the facilitator clicks the console,
    // and a display-only window never takes the keyboard when it appears.
    glfwWindowHint(GLFW_AUTO_ICONIFY, config_.monitor >= 0 ? GLFW_FALSE : GLFW_TRUE);
    glfwWindowHint(GLFW_FOCUS_ON_SHOW, config_.install_input ? GLFW_TRUE : GLFW_FALSE);

    GLFWmonitor* monitor = nullptr;
    int w = config_.offscreen ? 64 : config_.width;
    int h = config_.offscreen ? 64 : config_.height;
    if (!config_.offscreen && config_.monitor >= 0) {
        int count = 0;
        GLFWmonitor** monitors = glfwGetMonitors(&count);
        if (config_.monitor < count) {
            monitor = monitors[config_.monitor];
            if (const GLFWvidmode* mode = glfwGetVideoMode(monitor)) {
                w = mode->width;
                h = mode->height;
            }
        }
    }
    window_ = glfwCreateWindow(w, h, config_.title.c_str(), monitor, config_.share);
    if (!window_) {
        error = "cannot create an OpenGL 3 window: " +
                (g_last_error.empty() ? std::string("unknown reason") : g_last_error);
        return false;
    }
    fullscreen_ = monitor != nullptr;
    glfwSetWindowUserPointer(window_, this);
    if ((config_.install_input || config_.key_sink) && !config_.offscreen) glfwSetKeyCallback(window_, on_key_event);
    if (!config_.offscreen) {
        glfwSetCursorPosCallback(window_, count_cursor);
        glfwSetMouseButtonCallback(window_, count_button);
        glfwSetScrollCallback(window_, count_scroll);
        glfwSetCharCallback(window_, count_char);
        glfwSetWindowFocusCallback(window_, count_flag);
        glfwSetCursorEnterCallback(window_, count_flag);
        glfwSetFramebufferSizeCallback(window_, count_size);
        glfwSetWindowRefreshCallback(window_, count_refresh);
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(config_.install_input ? 1 : 0);

    IMGUI_CHECKVERSION();
    imgui_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(imgui_);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;           // app.cpp saves layout where the prefs live
    io.LogFilename = nullptr;
    if (config_.install_input) io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;

    platform_ready_ = ImGui_ImplGlfw_InitForOpenGL(window_, config_.install_input && !config_.offscreen);
    renderer_ready_ = ImGui_ImplOpenGL3_Init("#version 130");
    if (!platform_ready_ || !renderer_ready_) {
        error = "cannot initialise Dear ImGui's GLFW/OpenGL3 backends";
        close();
        return false;
    }
    if (config_.offscreen && !create_framebuffer(error)) {
        close();
        return false;
    }
    return true;
}

bool GlWindow::create_framebuffer(std::string& error) {
    if (!g_fbo.gen_framebuffers && !g_fbo.load()) {
        error = "the OpenGL driver has no framebuffer objects (OpenGL 3.0 is required for offscreen rendering)";
        return false;
    }
    g_fbo.gen_framebuffers(1, &fbo_);
    g_fbo.bind_framebuffer(GL_FRAMEBUFFER, fbo_);
    g_fbo.gen_renderbuffers(1, &color_rb_);
    g_fbo.bind_renderbuffer(GL_RENDERBUFFER, color_rb_);
    g_fbo.renderbuffer_storage(GL_RENDERBUFFER, GL_RGBA8, config_.width, config_.height);
    g_fbo.framebuffer_renderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color_rb_);
    GLenum status = g_fbo.check_framebuffer_status(GL_FRAMEBUFFER);
    g_fbo.bind_framebuffer(GL_FRAMEBUFFER, 0);
    if (status != GL_FRAMEBUFFER_COMPLETE) {
        error = "cannot create a " + std::to_string(config_.width) + "x" + std::to_string(config_.height) +
                " offscreen framebuffer (status " + std::to_string(status) + ")";
        return false;
    }
    return true;
}

void GlWindow::destroy_framebuffer() {
    if (fbo_) g_fbo.delete_framebuffers(1, &fbo_);
    if (color_rb_) g_fbo.delete_renderbuffers(1, &color_rb_);
    fbo_ = color_rb_ = 0;
}

void GlWindow::close() {
    if (!window_) return;
    glfwMakeContextCurrent(window_);
    if (imgui_) ImGui::SetCurrentContext(imgui_);
    destroy_framebuffer();
    if (renderer_ready_) ImGui_ImplOpenGL3_Shutdown();
    if (platform_ready_) ImGui_ImplGlfw_Shutdown();
    renderer_ready_ = platform_ready_ = false;
    if (imgui_) ImGui::DestroyContext(imgui_);
    imgui_ = nullptr;
    glfwDestroyWindow(window_);
    window_ = nullptr;
}

void GlWindow::make_current() {
    glfwMakeContextCurrent(window_);
    ImGui::SetCurrentContext(imgui_);
}

void GlWindow::begin_frame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    if (config_.offscreen) {
        // The FBO, not the (hidden, tiny) window, defines the frame; no pointer.
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(static_cast<float>(config_.width), static_cast<float>(config_.height));
        io.DisplayFramebufferScale = ImVec2(1, 1);
        io.DeltaTime = 1.0f / 60.0f;
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    }
    ImGui::NewFrame();
}

void GlWindow::end_frame(const float clear[4]) {
    ImGui::Render();
    const int w = width(), h = height();
    if (config_.offscreen) g_fbo.bind_framebuffer(GL_FRAMEBUFFER, fbo_);
    glViewport(0, 0, w, h);
    glClearColor(clear[0], clear[1], clear[2], clear[3]);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (config_.offscreen)
        glFinish();
    else
        glfwSwapBuffers(window_);
}

Image GlWindow::read_pixels() const {
    Image img;
    if (!window_) return img;
    img.width = width();
    img.height = height();
    img.rgba.assign(static_cast<std::size_t>(img.width) * img.height * 4, 0);
    if (config_.offscreen) {
        g_fbo.bind_framebuffer(GL_FRAMEBUFFER, fbo_);
    } else {
        glReadBuffer(GL_FRONT);         // end_frame() swapped: the frame is in front
    }
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, img.width, img.height, GL_RGBA, GL_UNSIGNED_BYTE, img.rgba.data());
    if (config_.offscreen) g_fbo.bind_framebuffer(GL_FRAMEBUFFER, 0);
    // OpenGL's rows start at the bottom; images start at the top.
    const std::size_t row = static_cast<std::size_t>(img.width) * 4;
    for (int y = 0; y < img.height / 2; ++y)
        std::swap_ranges(img.rgba.begin() + y * row, img.rgba.begin() + (y + 1) * row,
                         img.rgba.begin() + (img.height - 1 - y) * row);
    return img;
}

std::vector<KeyPress> GlWindow::take_key_presses() {
    std::vector<KeyPress> out;
    out.swap(keys_);
    return out;
}

void GlWindow::upload_fonts() {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

bool GlWindow::should_close() const { return window_ && glfwWindowShouldClose(window_); }

void GlWindow::set_should_close(bool close) {
    if (window_) glfwSetWindowShouldClose(window_, close ? GLFW_TRUE : GLFW_FALSE);
}

void GlWindow::set_title(const std::string& title) {
    if (window_) glfwSetWindowTitle(window_, title.c_str());
}

void GlWindow::set_fullscreen(bool on) {
    if (!window_ || config_.offscreen || on == fullscreen_) return;
    if (on) {
        glfwGetWindowPos(window_, &saved_pos_[0], &saved_pos_[1]);
        glfwGetWindowSize(window_, &saved_size_[0], &saved_size_[1]);
        GLFWmonitor* m = monitor_of(window_);
        const GLFWvidmode* mode = m ? glfwGetVideoMode(m) : nullptr;
        if (!mode) return;
        glfwSetWindowMonitor(window_, m, 0, 0, mode->width, mode->height, mode->refreshRate);
    } else {
        glfwSetWindowMonitor(window_, nullptr, saved_pos_[0], saved_pos_[1], std::max(saved_size_[0], 320),
                             std::max(saved_size_[1], 240), 0);
    }
    fullscreen_ = on;
}

void GlWindow::focus() {
    if (window_ && !config_.offscreen) glfwFocusWindow(window_);
}

bool GlWindow::focused() const { return window_ && glfwGetWindowAttrib(window_, GLFW_FOCUSED); }

int GlWindow::logical_height() const {
    if (config_.offscreen) return config_.height;
    int w = 0, h = 0;
    if (window_) glfwGetWindowSize(window_, &w, &h);
    return h;
}

int GlWindow::width() const {
    if (config_.offscreen) return config_.width;
    int w = 0, h = 0;
    if (window_) glfwGetFramebufferSize(window_, &w, &h);
    return w;
}

int GlWindow::height() const {
    if (config_.offscreen) return config_.height;
    int w = 0, h = 0;
    if (window_) glfwGetFramebufferSize(window_, &w, &h);
    return h;
}

bool write_png(const std::string& path, const Image& image, std::string& error) {
    if (image.width <= 0 || image.height <= 0 ||
        image.rgba.size() != static_cast<std::size_t>(image.width) * image.height * 4) {
        error = "no image to write to " + path;
        return false;
    }
    std::string png;
    auto append = [](void* ctx, void* data, int size) {
        static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
    };
    if (!stbi_write_png_to_func(append, &png, image.width, image.height, 4, image.rgba.data(), image.width * 4)) {
        error = "cannot encode the PNG for " + path;
        return false;
    }
    return sim::write_file_atomic(path, png, error);
}

double luminance_variance(const Image& image) {
    const std::size_t n = image.rgba.size() / 4;
    if (n == 0) return 0;
    double sum = 0, sum2 = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t* p = &image.rgba[i * 4];
        double y = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
        sum += y;
        sum2 += y * y;
    }
    double mean = sum / static_cast<double>(n);
    return std::max(0.0, sum2 / static_cast<double>(n) - mean * mean);
}

} // namespace ui
