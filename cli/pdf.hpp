// cli/pdf.hpp — printing HTML to PDF with headless Chromium (Debian's
// `chromium`), shared by `ttx kit --format pdf` and `ttx report --format pdf`.
// Spawned here, in the front end: sim/ spawns nothing.
#pragma once

#include <filesystem>
#include <string>

namespace cli {

// What to tell a user without Chromium (the callers add what was not written).
inline constexpr const char* kNoChromium =
    "--format pdf prints with headless Chromium, which is not installed (no `chromium` on PATH): install the "
    "Debian package chromium (apt-get install chromium), or use --format html";

// The chromium executable on PATH, or "" when there is none.
[[nodiscard]] std::string find_chromium();
// Prints `html` to `pdf` with headless Chromium using the profile folder
// `profile`; "" on success, else why not. Gives up after two minutes.
[[nodiscard]] std::string print_pdf(const std::string& chromium, const std::filesystem::path& html,
                                    const std::filesystem::path& pdf, const std::filesystem::path& profile);
// A folder made with mkdtemp from `pattern` (ending in XXXXXX); "" on failure.
[[nodiscard]] std::string make_temp_dir(const std::filesystem::path& pattern);

} // namespace cli
