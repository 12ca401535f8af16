// sim/scenario/posture.hpp — the defenders' posture: organisation profiles
// (format ttx-profile/1) and a scenario's `posture:` block.
//
// A posture lists the telemetry an organisation collects (ATT&CK data
// components or log sources), the detections it runs (DET/AN ids, or its own
// named rules mapped to them) and the mitigations in place (M ids), each with
// a reliability. The engine adjudicates red moves against it (sim/engine/
// adjudicate.hpp); docs/scenario-format.md "posture" describes the format.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/attack/catalog.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/yaml_reader.hpp"

namespace sim {

inline constexpr const char* kProfileFormat = "ttx-profile/1";

// Reads the body a profile file and an inline posture share (telemetry,
// detections, mitigations, uncertain, name, summary) from `n` into `out`;
// `extra` are further keys the caller allows and reads itself; `what` names
// the map in messages ("the profile", "the posture").
void read_posture_body(yaml::YamlReader& r, const YAML::Node& n, const yaml::Keys& extra, const std::string& what,
                       Posture& out);

struct ProfileLoad {
    std::optional<Posture> posture;     // set when the structure could be read
    Diagnostics diags;
};
// A profile file's text (`name` for diagnostics).
[[nodiscard]] ProfileLoad load_profile_text(const std::string& text, const std::string& name);
[[nodiscard]] ProfileLoad load_profile_file(const std::string& path);
// Loads and checks a profile against the catalog: what `ttx validate` does for one.
[[nodiscard]] ProfileLoad load_and_validate_profile(const std::string& path, const attack::Catalog& catalog);

// Resolves `posture: {profile: id}`: <base_dir>/profiles/<id>.yaml, then
// <base_dir>/<id>.yaml, then the profiles built into ttx (scenarios/profiles).
// The profile's contents replace the scenario's posture (its `uncertain`
// stays if the scenario set it). A missing profile is an error at the reference.
void resolve_posture(Scenario& s, Diagnostics& diags);

// Ids of the profiles built into ttx.
[[nodiscard]] std::vector<std::string> builtin_profiles();

// Checks every id a posture names against the catalog (unknown or revoked:
// error with the nearest known name or the replacement), and warns about
// detections no collected telemetry feeds. Diagnostics name posture.file
// (or `fallback_file` for an inline posture).
void validate_posture(const Posture& p, const attack::Catalog& catalog, Diagnostics& diags,
                      const std::string& fallback_file);

} // namespace sim
