// sim/attack/embedded.hpp — the built-in catalog files, compiled into ttx_sim.
//
// Defined in a .cpp that the build generates from assets/attack/*.tsv
// (assets/attack/embed.cmake); parsed by builtin_catalog().
#pragma once

namespace sim::attack::embedded {

extern const char tactics_tsv[];
extern const char techniques_tsv[];
extern const char data_components_tsv[];
extern const char detection_strategies_tsv[];
extern const char analytics_tsv[];
extern const char mitigations_tsv[];
extern const char groups_tsv[];

} // namespace sim::attack::embedded
