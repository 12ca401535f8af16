// sim/import/formats.hpp — one reader per source format (internal to sim/import).
// Each adds what it maps to the Builder, reports the rest, and returns false
// when the input gave nothing usable.
#pragma once

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "sim/import/builder.hpp"

namespace sim::importer::detail {

bool import_attack_flow(const nlohmann::json& doc, const Input& in, Builder& b, Reporter& rep);
bool import_layer(const nlohmann::json& doc, const Input& in, Builder& b, Reporter& rep, bool purple);
bool import_group(const std::string& id_or_name, Builder& b, Reporter& rep, bool purple);
bool import_atomics(const YAML::Node& doc, const Input& in, Builder& b, Reporter& rep, bool purple);
// Caldera: ability files first (any order), then the profiles that name them.
struct CalderaAbility {
    std::string id, name, description, tactic, technique, technique_name, command, platform;
    std::string file, where;
};
void collect_abilities(const YAML::Node& doc, const Input& in, std::vector<CalderaAbility>& out, Reporter& rep);
bool import_caldera(const std::vector<std::pair<YAML::Node, Input>>& profiles,
                    const std::vector<CalderaAbility>& abilities, Builder& b, std::vector<Problem>& problems);
bool import_msel(const Input& in, Builder& b, Reporter& rep);

// "12:5" for a yaml-cpp node (1-based), "" when it has no mark.
std::string where(const YAML::Node& n);

} // namespace sim::importer::detail
