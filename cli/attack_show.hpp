// cli/attack_show.hpp — `ttx attack show QUERY`: one ATT&CK object of any kind.
#pragma once

#include <iosfwd>
#include <string>

#include "sim/attack/catalog.hpp"

namespace cli {

// Resolves `query` (a T, TA, DET, AN, DC, M or G id, a tactic, data component,
// mitigation or group name, or a log source) against `cat` and prints it as
// text or as one JSON object to `out`. `label` names the catalog. An unknown
// query prints the nearest ids to `err` and returns kExitInvalid.
int show_attack_object(const sim::attack::Catalog& cat, const std::string& label, const std::string& query,
                       bool json, std::ostream& out, std::ostream& err);

} // namespace cli
