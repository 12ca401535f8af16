// ui/images.hpp — image artifacts: decoded in ui/ (sim/ never links GL), drawn as textures.
//
// PNG and JPEG go through stb_image, SVG through librsvg onto a cairo image
// surface. A decoded image is uploaded once per artifact as an OpenGL texture
// and kept until the scenario changes; the projector window shares the main
// window's GL objects, so both draw the same texture. Nothing here trusts the
// file: its size is capped before decoding, and a file that cannot be read or
// decoded gives a one-line reason the views show in place of the picture.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sim {
struct Artifact;
struct Scenario;
} // namespace sim

namespace ui {
class Model;

namespace images {

// The largest picture decoded, in pixels per side, and the largest file read.
inline constexpr int kMaxSide = 4096;
inline constexpr std::size_t kMaxFileBytes = 16u << 20;

struct Decoded {
    int width = 0;                      // the picture's own size (an SVG's in CSS pixels)
    int height = 0;
    int pixel_width = 0;                // the raster in `rgba` (SVGs are drawn larger, for the projector)
    int pixel_height = 0;
    std::vector<std::uint8_t> rgba;     // straight alpha, top row first
    std::string error;                  // why there is no picture ("" when decoded)
    [[nodiscard]] bool ok() const { return error.empty(); }
};

// Decodes `bytes` as `media_type` (image/png, image/jpeg, image/svg+xml; ""
// guesses from the first bytes). `name` words the error.
[[nodiscard]] Decoded decode(const std::string& bytes, const std::string& media_type, const std::string& name);
// Reads and decodes a file (at most kMaxFileBytes).
[[nodiscard]] Decoded decode_file(const std::string& path, const std::string& media_type);

// The folder an artifact's path resolves against: the scenario's own, else
// (a stored session keeps only the scenario's text) the folder of the library
// scenario with exactly the same text. "" when neither is known.
[[nodiscard]] std::string artifact_dir(const Model& m, const sim::Scenario& s);

// Draws an image artifact: its label, then the picture scaled to the
// available width (never taller than `max_height`, 0 = no limit), or a line
// saying why it cannot be shown.
void draw_artifact(const Model& m, const sim::Scenario& s, const sim::Artifact& a, float max_height);

// Frees every texture (the GL context that made them must be current).
void release_all();

} // namespace images
} // namespace ui
