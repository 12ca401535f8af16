// cli/environment.hpp — the one place the front ends (`ttx` and the console)
// read the process environment: the data paths, entropy for session ids and
// seeds, and the wall clock. Everything below (sim/service) takes these as
// inputs. Header-only so ui/ uses it without linking cli/.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "sim/service/workspace.hpp"

namespace cli {

// The running binary's own path ("" when /proc is not mounted).
[[nodiscard]] inline std::string self_exe() {
    std::error_code ec;
    std::filesystem::path p = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string{} : p.string();
}

// $XDG_DATA_HOME/ttx (or ~/.local/share/ttx); $TTX_EXPORT_DIR for console exports;
// the bundled data found from the binary's location, then $XDG_DATA_DIRS.
[[nodiscard]] inline sim::service::Paths environment_paths() {
    sim::service::Paths p = sim::service::resolve_paths(std::getenv("XDG_DATA_HOME"), std::getenv("HOME"),
                                                        std::getenv("TTX_EXPORT_DIR"));
    p.bundled_dir = sim::service::find_bundled_dir(
        sim::service::bundled_dir_candidates(self_exe(), std::getenv("XDG_DATA_DIRS")));
    return p;
}

// 64 bits from /dev/urandom (session ids, seeds).
[[nodiscard]] inline std::uint64_t entropy() {
    std::uint64_t v = 0;
    std::ifstream urandom("/dev/urandom", std::ios::binary);
    if (!urandom.read(reinterpret_cast<char*>(&v), sizeof v))
        throw std::runtime_error("cannot read /dev/urandom for a session id or seed; pass --seed");
    return v;
}

// Wall-clock UTC milliseconds (journal entries are stamped with it).
[[nodiscard]] inline std::int64_t wall_ms_now() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace cli
