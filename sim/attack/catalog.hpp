// sim/attack/catalog.hpp — MITRE ATT&CK Enterprise: tactics, techniques, and
// the defender's side: detection strategies (DET), analytics (AN) with their
// log sources, data components (DC), mitigations (M) and groups (G).
//
// Two sources: the built-in catalog (assets/attack/*.tsv, generated from a
// reference extract by assets/attack/refresh.py and embedded into the binary:
// the complete v19.1 Enterprise release, descriptions left out), and a user
// catalog imported from the official STIX data with `ttx attack import`,
// stored under <data dir>/attack/. The importer reads tactics and techniques
// only; a user catalog without its own DET/AN/DC/M/G tables borrows the
// built-in ones (Catalog::builtin_defences). select_catalog(data_dir) prefers
// the user catalog; the data dir is an input (sim/ never reads the environment).
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

struct DataComponent {
    std::string id;                     // "DC0035"
    std::string name;                   // "Process Access"
};

struct Analytic {
    std::string id;                     // "AN0934"
    std::string detection;              // its DET id; empty for a few orphans of the release
    std::vector<std::string> platforms;
    std::vector<std::string> data_components;   // DC ids
    std::vector<std::string> log_sources;       // "name:channel", e.g. "WinEventLog:Sysmon:EventCode=10"
};

struct DetectionStrategy {
    std::string id;                     // "DET0363"
    std::string name;
    std::vector<std::string> techniques;        // what it detects
    std::vector<std::string> analytics;         // AN ids naming it, in id order (derived by link())
};

struct Mitigation {
    std::string id;                     // "M1043"
    std::string name;
    std::vector<std::string> techniques;        // what it mitigates
};

struct Group {
    std::string id;                     // "G0007"
    std::string name;
    std::vector<std::string> aliases;
    std::vector<std::string> techniques;        // what it is known to use
};

// The object kinds `ttx attack show` answers for.
enum class Kind { tactic, technique, detection, analytic, data_component, mitigation, group, log_source };
[[nodiscard]] const char* kind_name(Kind k);    // "technique", "detection strategy", "data component", ...

// What a log-source query matched (Catalog::log_source).
struct LogSourceMatch {
    std::vector<std::string> sources;           // the catalog's log-source strings, sorted
    std::vector<std::string> analytics;         // AN ids that read any of them
    std::vector<std::string> data_components;   // DC ids of those analytics
    std::vector<std::string> techniques;        // techniques those analytics' strategies detect
    [[nodiscard]] bool empty() const { return sources.empty(); }
};

// The telemetry a technique's detection strategies rely on.
struct Telemetry {
    std::vector<std::string> detections;        // DET ids
    std::vector<std::string> data_components;   // DC ids, sorted, unique
    std::vector<std::string> log_sources;       // sorted, unique
};

class Catalog {
public:
    std::string version;                // "19.1"
    bool full = false;                  // true for a complete catalog of its release
    std::string origin;                 // "built-in" or the file it was loaded from
    bool builtin_defences = false;      // the DET/AN/DC/M/G tables were borrowed from the built-in catalog

    [[nodiscard]] const std::vector<Tactic>& tactics() const { return tactics_; }
    [[nodiscard]] const std::map<std::string, Technique>& techniques() const { return techniques_; }
    // By TA id or shortname (v18 "defense-evasion" resolves to "stealth").
    [[nodiscard]] const Tactic* tactic(const std::string& id_or_shortname) const;
    [[nodiscard]] const Technique* technique(const std::string& id) const;
    // Where a revoked technique ends up: revoked_by followed until a technique
    // that is not revoked (T1073 -> T1574.002 -> T1574.001); nullptr when the
    // chain breaks or loops. An unrevoked technique is its own successor.
    [[nodiscard]] const Technique* successor(const std::string& id) const;

    void add_tactic(Tactic t);
    void add_technique(Technique t);

    // ---- detection strategies, analytics, data components, mitigations, groups
    [[nodiscard]] const std::map<std::string, DetectionStrategy>& detection_strategies() const { return detections_; }
    [[nodiscard]] const std::map<std::string, Analytic>& analytics() const { return analytics_; }
    [[nodiscard]] const std::map<std::string, DataComponent>& data_components() const { return components_; }
    [[nodiscard]] const std::map<std::string, Mitigation>& mitigations() const { return mitigations_; }
    [[nodiscard]] const std::map<std::string, Group>& groups() const { return groups_; }
    [[nodiscard]] bool has_defences() const { return !detections_.empty() || !mitigations_.empty(); }

    // By id (case-insensitive); data components and mitigations also by name,
    // groups also by name or alias ("Process Access", "APT29", "Cozy Bear").
    [[nodiscard]] const DetectionStrategy* detection_strategy(const std::string& id) const;
    [[nodiscard]] const Analytic* analytic(const std::string& id) const;
    [[nodiscard]] const DataComponent* data_component(const std::string& id_or_name) const;
    [[nodiscard]] const Mitigation* mitigation(const std::string& id_or_name) const;
    [[nodiscard]] const Group* group(const std::string& id_or_name) const;

    // A log source as analytics name it, case-insensitive: the exact string
    // ("WinEventLog:Sysmon:EventCode=10"), one event code of a list
    // ("WinEventLog:Security:EventCode=4769" matches "...EventCode=4768, 4769, 4770"),
    // or a bare source name matching every channel under it ("WinEventLog:Sysmon").
    [[nodiscard]] LogSourceMatch log_source(const std::string& query) const;
    // Every distinct log-source string, sorted.
    [[nodiscard]] std::vector<std::string> log_sources() const;

    // Reverse indexes (valid after link()); empty when nothing applies.
    [[nodiscard]] const std::vector<std::string>& detections_of(const std::string& technique) const;
    [[nodiscard]] const std::vector<std::string>& mitigations_of(const std::string& technique) const;
    [[nodiscard]] const std::vector<std::string>& groups_using(const std::string& technique) const;
    [[nodiscard]] const std::vector<std::string>& analytics_reading(const std::string& dc_id) const;
    // Techniques whose detection strategies have an analytic reading this data component.
    [[nodiscard]] std::vector<std::string> techniques_seen_by(const std::string& dc_id) const;
    // The data components and log sources a technique's detection strategies rely on.
    [[nodiscard]] Telemetry telemetry_for(const std::string& technique) const;

    void add_detection_strategy(DetectionStrategy d);
    void add_analytic(Analytic a);
    void add_data_component(DataComponent d);
    void add_mitigation(Mitigation m);
    void add_group(Group g);
    // Derives DetectionStrategy::analytics and rebuilds the reverse and name
    // indexes. Every loader calls it after adding; call it again after more adds.
    void link();
    // Replaces this catalog's DET/AN/DC/M/G tables with `other`'s (and links).
    void borrow_defences(const Catalog& other);
    // The first cross-reference of those tables that names nothing in the catalog
    // ("DET0001 detects unknown technique T9999"), or "" when all resolve.
    [[nodiscard]] std::string dangling_reference() const;

private:
    std::vector<Tactic> tactics_;       // matrix order
    std::map<std::string, Technique> techniques_;
    std::map<std::string, DetectionStrategy> detections_;
    std::map<std::string, Analytic> analytics_;
    std::map<std::string, DataComponent> components_;
    std::map<std::string, Mitigation> mitigations_;
    std::map<std::string, Group> groups_;
    // Derived by link().
    std::map<std::string, std::vector<std::string>> technique_detections_, technique_mitigations_,
        technique_groups_, component_analytics_;
    std::map<std::string, std::string> names_;          // "dc:"/"m:"/"g:" + lower-case name or alias -> id
    struct Source {
        std::string text;                               // as the first analytic wrote it
        std::vector<std::string> analytics;
    };
    std::map<std::string, Source> sources_;             // lower-case log source -> its analytics
    std::map<std::string, std::vector<std::string>> event_codes_;   // "prefix:eventcode=n" -> sources_ keys
};

// v18 tactic shortname -> v19 shortname(s); identity for unchanged ones.
// "defense-evasion" -> {"stealth", "defense-impairment"}.
[[nodiscard]] std::vector<std::string> map_v18_tactic(const std::string& shortname);

// "T1234" or "T1234.001".
[[nodiscard]] bool is_technique_id(const std::string& s);
// The kind an id has by its form (TA0001, T1003, DET0001, AN0001, DC0001,
// M1013, G0001; case-insensitive); nullopt for anything else (a name, a log source).
[[nodiscard]] std::optional<Kind> kind_of_id(const std::string& s);

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
// there). `name` prefixes errors ("<name>/techniques.tsv:12: ..."). An empty
// text leaves that table out; the tables' cross-references are checked.
struct CatalogTexts {
    std::string tactics, techniques;
    std::string data_components, detection_strategies, analytics, mitigations, groups;
};
[[nodiscard]] std::optional<Catalog> parse_catalog_tsv(const CatalogTexts& texts, const std::string& name,
                                                       std::string& error);
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
// The same for any kind: ids (log-source strings for Kind::log_source) whose id
// or name is close to `query` (a typo, or part of a name), best first.
[[nodiscard]] std::vector<std::string> nearest(const Catalog& c, Kind kind, const std::string& query,
                                               std::size_t limit = 3);
// "DC0035 (Process Access)" (the id alone when unknown; a log source as is).
[[nodiscard]] std::string describe(const Catalog& c, Kind kind, const std::string& id);
// "did you mean DC0035 (Process Access)?" (", " between several); "" when nothing is close.
// For error hints such as "unknown data component 'Proces Access'; did you mean DC0035 (Process Access)?".
[[nodiscard]] std::string suggestion(const Catalog& c, Kind kind, const std::string& query);

} // namespace sim::attack
