// sim/attack/embedded.hpp — the built-in catalog files, compiled into ttx_sim.
//
// Defined in a .cpp that the build generates from assets/attack/*.tsv
// (assets/attack/embed.cmake); parsed by builtin_catalog().
#pragma once

namespace sim::attack::embedded {

extern const char tactics_tsv[];
extern const char techniques_tsv[];

} // namespace sim::attack::embedded
