// cli/environment.hpp — the one place the front ends (`ttx` and the console)
// read the process environment: the data paths, entropy for session ids and
// seeds, and the wall clock. Everything below (sim/service) takes these as
// inputs. Header-only so ui/ uses it without linking cli/.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "sim/service/workspace.hpp"

namespace cli {

// $XDG_DATA_HOME/ttx (or ~/.local/share/ttx); $TTX_EXPORT_DIR for console exports.
[[nodiscard]] inline sim::service::Paths environment_paths() {
    return sim::service::resolve_paths(std::getenv("XDG_DATA_HOME"), std::getenv("HOME"), std::getenv("TTX_EXPORT_DIR"));
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
