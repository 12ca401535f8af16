// ui/images.cpp — decoding image artifacts (stb_image, librsvg) and their texture cache.
#include "ui/images.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>

#include <GLFW/glfw3.h>
#include <cairo.h>
#include <fmt/format.h>
#include <imgui.h>
#include <librsvg/rsvg.h>
#include <stb/stb_image.h>

#include "sim/scenario/scenario.hpp"
#include "sim/util/files.hpp"
#include "ui/model.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace ui::images {

namespace fs = std::filesystem;

namespace {

// SVGs are drawn at this many times their own size (capped at kSvgMaxWidth
// wide) so they stay sharp when scaled up to a projector's width.
constexpr double kSvgScale = 3.0;
constexpr double kSvgMaxWidth = 2048.0;

Decoded fail(std::string why) {
    Decoded d;
    d.error = std::move(why);
    return d;
}

std::string sniff(const std::string& bytes) {
    if (bytes.rfind("\x89PNG\r\n\x1a\n", 0) == 0) return "image/png";
    if (bytes.size() > 2 && bytes[0] == '\xFF' && bytes[1] == '\xD8') return "image/jpeg";
    if (bytes.find("<svg") != std::string::npos) return "image/svg+xml";
    return {};
}

Decoded decode_raster(const std::string& bytes, const std::string& kind, const std::string& name) {
    const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
    const int len = static_cast<int>(bytes.size());
    int w = 0, h = 0, n = 0;
    // The header first: a hostile file cannot make us allocate more than the cap.
    if (!stbi_info_from_memory(data, len, &w, &h, &n))
        return fail(fmt::format("{} is not a readable {} ({})", name, kind, stbi_failure_reason()));
    if (w <= 0 || h <= 0 || w > kMaxSide || h > kMaxSide)
        return fail(fmt::format("{} is {}×{} pixels; the console shows images up to {} pixels a side", name, w, h,
                                kMaxSide));
    stbi_uc* px = stbi_load_from_memory(data, len, &w, &h, &n, 4);
    if (!px) return fail(fmt::format("{} is not a readable {} ({})", name, kind, stbi_failure_reason()));
    Decoded d;
    d.width = d.pixel_width = w;
    d.height = d.pixel_height = h;
    d.rgba.assign(px, px + static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    stbi_image_free(px);
    return d;
}

Decoded decode_svg(const std::string& bytes, const std::string& name) {
    GError* err = nullptr;
    // From memory, with no base file: the SVG cannot pull in other files.
    RsvgHandle* handle = rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(bytes.data()), bytes.size(), &err);
    if (!handle) {
        std::string why = err && err->message ? err->message : "unknown error";
        if (err) g_error_free(err);
        why.erase(why.find_last_not_of(" \n.") + 1);
        return fail(fmt::format("{} is not a readable SVG ({})", name, why));
    }
    double w = 0, h = 0;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(handle, &w, &h)) {
        // Only a viewBox: take its size.
        gboolean has_w = FALSE, has_h = FALSE, has_vb = FALSE;
        RsvgLength lw, lh;
        RsvgRectangle vb{};
        rsvg_handle_get_intrinsic_dimensions(handle, &has_w, &lw, &has_h, &lh, &has_vb, &vb);
        if (has_vb) {
            w = vb.width;
            h = vb.height;
        }
    }
    if (!(w >= 1 && h >= 1) || !std::isfinite(w) || !std::isfinite(h)) {
        g_object_unref(handle);
        return fail(fmt::format("{} does not say how large it is (no width, height or viewBox)", name));
    }
    if (w > kMaxSide || h > kMaxSide) {
        g_object_unref(handle);
        return fail(fmt::format("{} is {:.0f}×{:.0f} pixels; the console shows images up to {} pixels a side", name, w,
                                h, kMaxSide));
    }
    const double scale = std::max(1.0, std::min({kSvgScale, kSvgMaxWidth / w, double(kMaxSide) / h}));
    const int pw = std::max(1, static_cast<int>(std::lround(w * scale)));
    const int ph = std::max(1, static_cast<int>(std::lround(h * scale)));
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pw, ph);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        g_object_unref(handle);
        return fail(fmt::format("{}: no memory to draw it at {}×{}", name, pw, ph));
    }
    cairo_t* cr = cairo_create(surface);
    const RsvgRectangle viewport{0, 0, static_cast<double>(pw), static_cast<double>(ph)};
    const bool drawn = rsvg_handle_render_document(handle, cr, &viewport, &err);
    cairo_destroy(cr);
    g_object_unref(handle);
    if (!drawn) {
        std::string why = err && err->message ? err->message : "unknown error";
        if (err) g_error_free(err);
        cairo_surface_destroy(surface);
        return fail(fmt::format("{} could not be drawn ({})", name, why));
    }
    cairo_surface_flush(surface);
    Decoded d;
    d.width = static_cast<int>(std::lround(w));
    d.height = static_cast<int>(std::lround(h));
    d.pixel_width = pw;
    d.pixel_height = ph;
    d.rgba.resize(static_cast<std::size_t>(pw) * static_cast<std::size_t>(ph) * 4);
    // Cairo keeps premultiplied ARGB in native-endian words; OpenGL wants straight RGBA bytes.
    const unsigned char* src = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    for (int y = 0; y < ph; ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(src + static_cast<std::ptrdiff_t>(y) * stride);
        std::uint8_t* out = d.rgba.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(pw) * 4;
        for (int x = 0; x < pw; ++x) {
            const std::uint32_t p = row[x];
            const unsigned a = p >> 24;
            auto un = [a](unsigned c) { return static_cast<std::uint8_t>(a ? std::min(255u, (c * 255 + a / 2) / a) : 0); };
            out[x * 4 + 0] = un((p >> 16) & 0xFF);
            out[x * 4 + 1] = un((p >> 8) & 0xFF);
            out[x * 4 + 2] = un(p & 0xFF);
            out[x * 4 + 3] = static_cast<std::uint8_t>(a);
        }
    }
    cairo_surface_destroy(surface);
    return d;
}

// ---- the texture cache ------------------------------------------------------------------------

struct Texture {
    GLuint id = 0;
    int width = 0;                      // the picture's own size
    int height = 0;
    std::string error;
};

struct Cache {
    const sim::Scenario* scenario = nullptr;   // the scenario the textures belong to
    std::string dir;                           // its artifact folder
    std::map<std::string, Texture> textures;   // artifact path -> texture
};

Cache& cache() {
    static Cache c;
    return c;
}

GLuint upload(const Decoded& d) {
    GLuint id = 0;
    glGenTextures(1, &id);
    if (!id) return 0;
    glBindTexture(GL_TEXTURE_2D, id);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, d.pixel_width, d.pixel_height, 0, GL_RGBA, GL_UNSIGNED_BYTE, d.rgba.data());
    glBindTexture(GL_TEXTURE_2D, 0);
    return id;
}

// The file an artifact names, refused when it could leave the scenario's folder.
std::string resolve(const std::string& dir, const std::string& path, std::string& why) {
    const fs::path rel(path);
    if (path.empty() || rel.is_absolute() || std::any_of(rel.begin(), rel.end(), [](const fs::path& c) { return c == ".."; })) {
        why = "its path '" + path + "' is not inside the scenario's folder";
        return {};
    }
    if (dir.empty()) {
        why = "the scenario's folder is not known (a stored session whose scenario is not in the library)";
        return {};
    }
    std::error_code ec;
    const fs::path full = fs::path(dir) / rel;
    if (!fs::is_regular_file(full, ec)) {
        why = "the file " + full.string() + " is missing";
        return {};
    }
    const fs::path base = fs::weakly_canonical(dir, ec);
    const fs::path real = fs::weakly_canonical(full, ec);
    auto [b, r] = std::mismatch(base.begin(), base.end(), real.begin(), real.end());
    if (ec || b != base.end()) {
        why = "the file " + full.string() + " leads outside the scenario's folder";
        return {};
    }
    return full.string();
}

const Texture& texture_for(const Model& m, const sim::Scenario& s, const sim::Artifact& a) {
    Cache& c = cache();
    if (c.scenario != &s) {
        release_all();
        c.scenario = &s;
        c.dir = artifact_dir(m, s);
    }
    auto it = c.textures.find(a.path);
    if (it != c.textures.end()) return it->second;
    Texture t;
    const std::string full = resolve(c.dir, a.path, t.error);
    if (!full.empty()) {
        Decoded d = decode_file(full, a.media_type);
        if (d.ok()) {
            t.id = upload(d);
            t.width = d.width;
            t.height = d.height;
            if (!t.id) t.error = "the graphics driver refused the picture";
        } else {
            t.error = d.error;
        }
    }
    return c.textures.emplace(a.path, std::move(t)).first->second;
}

} // namespace

Decoded decode(const std::string& bytes, const std::string& media_type, const std::string& name) {
    if (bytes.empty()) return fail(name + " is empty");
    const std::string type = media_type.empty() ? sniff(bytes) : media_type;
    if (type == "image/png") return decode_raster(bytes, "PNG", name);
    if (type == "image/jpeg") return decode_raster(bytes, "JPEG", name);
    if (type == "image/svg+xml") return decode_svg(bytes, name);
    return fail(fmt::format("{} is not a PNG, JPEG or SVG image{}", name, type.empty() ? "" : " (" + type + ")"));
}

Decoded decode_file(const std::string& path, const std::string& media_type) {
    const std::string name = fs::path(path).filename().string();
    std::string why;
    auto bytes = sim::read_file(path, kMaxFileBytes, why);
    if (!bytes) return fail(why);
    return decode(*bytes, media_type, name);
}

std::string artifact_dir(const Model& m, const sim::Scenario& s) {
    if (!s.base_dir.empty()) return s.base_dir;
    if (s.source_text.empty()) return {};
    for (const auto& e : m.library())
        if (e.scenario && !e.scenario->base_dir.empty() && e.scenario->source_text == s.source_text)
            return e.scenario->base_dir;
    return {};
}

void draw_artifact(const Model& m, const sim::Scenario& s, const sim::Artifact& a, float max_height) {
    if (!a.label.empty()) widgets::wrapped(a.label);
    const Texture& t = texture_for(m, s, a);
    if (!t.id) {
        ImGui::PushTextWrapPos(0.0f);
        widgets::colored(palette().warn, "Picture not shown: " + t.error);
        ImGui::PopTextWrapPos();
        widgets::trace_item("Picture missing " + a.path);
        widgets::tooltip(a.path);
        return;
    }
    // Fit the width; a picture taller than `max_height` shrinks to it.
    float w = ImGui::GetContentRegionAvail().x;
    float h = w * static_cast<float>(t.height) / static_cast<float>(t.width);
    if (max_height > 0 && h > max_height) {
        w *= max_height / h;
        h = max_height;
    }
    if (w < 1 || h < 1) return;
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(t.id)), ImVec2(w, h));
    widgets::trace_item("Picture " + a.path);
    widgets::tooltip(a.path);
}

void release_all() {
    Cache& c = cache();
    // Without a context (windowing already shut down) the textures went with it.
    if (glfwGetCurrentContext())
        for (auto& [path, t] : c.textures)
            if (t.id) glDeleteTextures(1, &t.id);
    c.textures.clear();
    c.scenario = nullptr;
    c.dir.clear();
}

} // namespace ui::images
