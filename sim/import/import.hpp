// sim/import/import.hpp — scenarios and purple plans from the ecosystem's files.
//
// `ttx import` recognises each input by its content, not its name:
//   attack-flow      an Attack Flow 2.x STIX bundle (attack-flow, attack-action, ...)
//   navigator-layer  an ATT&CK Navigator layer (format 4.x)
//   atomic-red-team  an Atomic Red Team atomics file (attack_technique, atomic_tests)
//   caldera          Caldera adversary profiles and ability files (stockpile YAML)
//   msel             a CSV master scenario events list
// plus an ATT&CK group from the catalog (Options::group). Everything it reads
// becomes one sim::Scenario, written as ttx/1 YAML by write_scenario_yaml().
// What cannot be mapped is reported per source object with its place (a line
// or a JSON pointer); nothing here throws, reads the clock or the environment.
// Mappings and their limits: docs/import.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/attack/catalog.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim::importer {

// Inputs larger than this are refused before parsing (the largest real
// Attack Flow is well under 1 MiB; a full 1,000-technique layer ~200 KiB).
inline constexpr std::size_t kMaxInputBytes = 16u * 1024 * 1024;

enum class Level { error, warning, note };

// One thing about one source object: "Conti.json:/objects/12: warning: ...".
struct Problem {
    std::string file;
    std::string where;                  // "12:5" (line:col), "/objects/3" (JSON pointer) or ""
    Level level = Level::warning;
    std::string message;
};
[[nodiscard]] std::string format_problem(const Problem& p);

struct Input {
    std::string name;                   // the file's name as given (for messages and provenance)
    std::string text;
};

enum class As { automatic, scenario, purple_plan };

struct Options {
    As as = As::automatic;
    std::string group;                  // ATT&CK group id or name ("" = none)
    std::optional<Scenario> into;       // add the plan to this scenario
    std::string id;                     // scenario id for a new scenario ("" = derived)
};

struct Result {
    std::optional<Scenario> scenario;   // nullopt when nothing usable remained
    std::vector<Problem> problems;
    std::vector<std::string> kinds;     // what each input was recognised as
    std::size_t mapped = 0;             // source objects that became steps
    [[nodiscard]] bool has_errors() const;
};

// The kind an input's content shows ("attack-flow", ...), or "" when unknown.
[[nodiscard]] std::string detect_kind(const std::string& text);

[[nodiscard]] Result import_files(const std::vector<Input>& inputs, const Options& opts,
                                  const attack::Catalog& catalog);

// A Scenario as ttx/1 YAML (every field the format has, metadata included).
[[nodiscard]] std::string write_scenario_yaml(const Scenario& s);

// The imported scenario as the YAML to write, read back and validated exactly
// as `ttx validate` will read it from `path`. `ttx import` and the console's
// import write `yaml` only when ok() (then warnings only).
struct Checked {
    std::string yaml;
    LoadResult loaded;
    [[nodiscard]] bool ok() const { return loaded.scenario && !loaded.diags.has_errors(); }
    [[nodiscard]] std::size_t todos() const;   // warnings a facilitator must complete (todo-*)
};
[[nodiscard]] Checked check_import(const Scenario& s, const std::string& path, const attack::Catalog& catalog);

} // namespace sim::importer
