// sim/scenario/limits.hpp — the caps the loader puts on scenario input.
//
// Scenarios come from strangers (shared exercise packs, imports), so the
// loader refuses input that could exhaust memory or time before it builds
// anything from it. Each limit is documented in docs/scenario-format.md and
// has a test in tests/validate_test.cpp.
#pragma once

#include <cstddef>

namespace sim::limits {

inline constexpr std::size_t kMaxFileBytes = 4u * 1024u * 1024u;  // checked before reading
inline constexpr int kMaxDepth = 32;                               // nested maps/lists
inline constexpr int kMaxAliases = 16;                             // `*alias` uses per file
inline constexpr long kMaxAliasExpansion = 100000;                 // extra nodes aliases may add
inline constexpr std::size_t kMaxInjects = 2000;
inline constexpr std::size_t kMaxOptions = 50;                     // per decision
inline constexpr std::size_t kMaxString = 64u * 1024u;             // any single scalar
inline constexpr std::size_t kMaxIdLength = 64;
inline constexpr int kMaxDiagnostics = 200;                        // per file, then stop

} // namespace sim::limits
