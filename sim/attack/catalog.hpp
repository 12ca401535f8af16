// sim/attack/catalog.hpp — MITRE ATT&CK Enterprise tactics and techniques.
//
// Two sources: the built-in catalog written for this project (assets/attack/,
// embedded into the binary at build time: the 15 v19.1 tactics and every
// technique the bundled scenarios and docs use), and a full user catalog
// imported from the official STIX data with `ttx attack import`, stored under
// $XDG_DATA_HOME/ttx/attack/. default_catalog() prefers the user catalog.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sim::attack {

struct Tactic {
    std::string id;                     // "TA0006"
    std::string shortname;              // "credential-access"
    std::string name;                   // "Credential Access"
    int order = 0;                      // 1-based matrix column
};

enum class Status { active, revoked, deprecated };

struct Technique {
    std::string id;                     // "T1003.001"
    std::string name;
    std::vector<std::string> tactics;   // shortnames, matrix order
    bool subtechnique = false;
    Status status = Status::active;
    std::string revoked_by;             // replacement id when revoked
    std::vector<std::string> platforms;
};

class Catalog {
public:
    std::string version;                // "19.1"
    bool full = false;                  // true for an imported complete catalog

    [[nodiscard]] const std::vector<Tactic>& tactics() const { return tactics_; }
    [[nodiscard]] const std::map<std::string, Technique>& techniques() const { return techniques_; }
    // By TA id or shortname (v18 "defense-evasion" resolves to "stealth").
    [[nodiscard]] const Tactic* tactic(const std::string& id_or_shortname) const;
    [[nodiscard]] const Technique* technique(const std::string& id) const;

    void add_tactic(Tactic t);
    void add_technique(Technique t);

private:
    std::vector<Tactic> tactics_;       // matrix order
    std::map<std::string, Technique> techniques_;
};

// v18 tactic shortname -> v19 shortname(s); identity for unchanged ones.
// "defense-evasion" -> {"stealth", "defense-impairment"}.
[[nodiscard]] std::vector<std::string> map_v18_tactic(const std::string& shortname);

// "T1234" or "T1234.001".
[[nodiscard]] bool is_technique_id(const std::string& s);

[[nodiscard]] const Catalog& builtin_catalog();
// The imported catalog in `data_dir` (…/ttx), if one was imported.
[[nodiscard]] std::optional<Catalog> load_user_catalog(const std::string& data_dir, std::string& error);
// The user catalog from $XDG_DATA_HOME/ttx if present, else the built-in one.
[[nodiscard]] const Catalog& default_catalog();

} // namespace sim::attack
