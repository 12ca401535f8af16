// sim/scenario/loader.hpp — YAML text -> Scenario, with every problem collected.
//
// load_* parses and checks the structure (YAML syntax, known keys, types,
// enums, input limits); validate_scenario then checks meaning (references,
// reachability, ATT&CK techniques against the catalog, timing). A scenario
// with any error must not be run.
#pragma once

#include <optional>
#include <string>

#include "sim/attack/catalog.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

struct LoadResult {
    std::optional<Scenario> scenario;   // set when the structure could be read
    Diagnostics diags;
};

// `name` is the file name used in diagnostics; `base_dir` resolves artifact paths.
[[nodiscard]] LoadResult load_scenario_text(const std::string& text, const std::string& name,
                                            const std::string& base_dir = {});
[[nodiscard]] LoadResult load_scenario_file(const std::string& path);

// Semantic checks; appends to `diags`.
void validate_scenario(const Scenario& s, const attack::Catalog& catalog, Diagnostics& diags);

// load + validate in one call: what `ttx validate`, `ttx run` and the console use.
[[nodiscard]] LoadResult load_and_validate(const std::string& path, const attack::Catalog& catalog);

} // namespace sim
