// sim/attack/catalog.hpp — MITRE ATT&CK Enterprise tactics and techniques.
//
// Two sources: the built-in catalog written for this project (assets/attack/,
// embedded into the binary at build time: the 15 v19.1 tactics and every
// technique the bundled scenarios and docs use), and a full user catalog
// imported from the official STIX data with `ttx attack import`, stored under
// <data dir>/attack/. select_catalog(data_dir) prefers the user catalog; the
// data dir is an input (sim/ never reads the environment).
#pragma once

#include <cstddef>
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
    std::string version;                // the object's x_mitre_version ("1.2"); empty in the built-in catalog
};

class Catalog {
public:
    std::string version;                // "19.1"
    bool full = false;                  // true for an imported complete catalog
    std::string origin;                 // "built-in" or the file it was loaded from

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
// The catalog of a data dir: the imported one if present and readable, else
// the built-in one (with why in `warning` when an imported one is broken).
struct CatalogSelection {
    std::optional<Catalog> user;
    std::string warning;
    [[nodiscard]] const Catalog& get() const;
};
[[nodiscard]] CatalogSelection select_catalog(const std::string& data_dir);

// ---- additions beyond the core interface -----------------------------------

[[nodiscard]] const char* status_name(Status s);        // "active" | "revoked" | "deprecated"
[[nodiscard]] std::optional<Status> parse_status(const std::string& s);

// The built-in catalog's format (assets/attack/*.tsv; see the header comments
// there). `name` prefixes errors ("<name>/techniques.tsv:12: ...").
[[nodiscard]] std::optional<Catalog> parse_catalog_tsv(const std::string& tactics_tsv,
                                                       const std::string& techniques_tsv,
                                                       const std::string& name, std::string& error);

// The user catalog file: <data_dir>/attack/catalog.json.
[[nodiscard]] std::string user_catalog_path(const std::string& data_dir);
// JSON form of a catalog (what `ttx attack import` stores) and back; errors
// carry line:column.
[[nodiscard]] std::string catalog_to_json(const Catalog& c);
[[nodiscard]] std::optional<Catalog> catalog_from_json(const std::string& text, const std::string& name,
                                                       std::string& error);
// Writes the catalog atomically to user_catalog_path(data_dir), creating the folder.
[[nodiscard]] bool save_user_catalog(const Catalog& c, const std::string& data_dir, std::string& error);

// Up to `limit` technique ids closest to `query` (an id with a typo, or part
// of a name), best first: for "did you mean" hints.
[[nodiscard]] std::vector<std::string> nearest_techniques(const Catalog& c, const std::string& query,
                                                          std::size_t limit = 3);

} // namespace sim::attack
