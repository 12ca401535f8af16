// sim/script/describe.hpp — one line for what a command did, as `ttx run` prints it.
#pragma once

#include <string>

#include "sim/engine/commands.hpp"
#include "sim/engine/event.hpp"
#include "sim/engine/state.hpp"

namespace sim::script {

// "T+00:12:00 decision recorded: phish-reported -> investigate (soc/tier1 Dana Ortiz)"
[[nodiscard]] std::string describe(const Command& c, const Journal& events, const ExerciseState& after);

} // namespace sim::script
