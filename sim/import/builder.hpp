// sim/import/builder.hpp — what every importer shares: problem reporting,
// technique and tactic resolution against the catalog, and a Scenario being
// assembled (teams, stages per tactic, unique ids, provenance, todos).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/import/import.hpp"

namespace sim::importer::detail {

// Problems of one input file.
class Reporter {
public:
    Reporter(std::string file, std::vector<Problem>& out) : file_(std::move(file)), out_(out) {}
    void error(const std::string& where, const std::string& msg) { add(Level::error, where, msg); }
    void warning(const std::string& where, const std::string& msg) { add(Level::warning, where, msg); }
    void note(const std::string& where, const std::string& msg) { add(Level::note, where, msg); }
    [[nodiscard]] const std::string& file() const { return file_; }

private:
    void add(Level l, const std::string& where, const std::string& msg) { out_.push_back({file_, where, l, msg}); }
    std::string file_;
    std::vector<Problem>& out_;
};

// A technique id from a source, checked against the catalog. Returns the id
// to use (upper-cased; a revoked one's replacement) or "" after reporting why
// it cannot be used: malformed ("N/A", "T1218/011"), another domain (ICS,
// Mobile), unknown (with the nearest ids), revoked or deprecated.
[[nodiscard]] std::string resolve_technique(const attack::Catalog& cat, const std::string& raw, Reporter& rep,
                                            const std::string& where, const std::string& what);

// The v19 tactic shortname for a source's tactic (shortname, TA id or name;
// v18 defense-evasion placed as the catalog places `technique`), or the
// technique's first tactic when `raw` is empty. "" when neither resolves.
[[nodiscard]] std::string resolve_tactic(const attack::Catalog& cat, const std::string& raw,
                                         const std::string& technique);

// "Phishing: Spearphishing Attachment" -> "phishing-spearphishing-attachment" (at most `max` chars).
[[nodiscard]] std::string slug(const std::string& text, std::size_t max = 40);
// At most `max` bytes, cut at a UTF-8 boundary (scenario values are limited to 64 KiB).
[[nodiscard]] std::string clip(const std::string& text, std::size_t max = 16000);

// A Scenario under construction, fresh or extending one given with --into.
class Builder {
public:
    Builder(const attack::Catalog& cat, std::optional<Scenario> base);

    Scenario s;
    const attack::Catalog& cat;
    bool extending = false;             // s came from --into

    // The stage for a tactic, created on first use (ids "<prefix><tactic>"). With
    // `fresh`, a new stage even if one for the tactic exists (red-move groups).
    std::string stage_for(const std::string& tactic, bool fresh = false);
    // Puts the stages this import created in ATT&CK matrix order.
    void sort_new_stages_by_matrix();
    // A team of this kind, created with the given id/name when none exists.
    std::string team(TeamKind kind, const std::string& id, const std::string& name);
    // A unique id among injects, expectations, stages and endings ("a01-x" -> "a01-x-2").
    std::string unique_id(const std::string& base);
    void todo(const std::string& need, const std::string& at, const std::string& note);
    ImportSource& source(const std::string& file, const std::string& kind, const std::string& text);
    // The latest `at` of the scenario (0 when none): where an added plan starts.
    [[nodiscard]] ExTime last_at() const;
    std::string ending(const std::string& id, const std::string& title);

    // A purple-plan step: one inject to the red and blue teams, the outcome
    // recorded by the purple lead as a decision, the telemetry the catalog's
    // detection strategies expect in its body.
    struct Step {
        std::string title;
        std::string technique;
        std::string tactic;
        std::string description;
        std::vector<Artifact> artifacts;
        std::string origin;             // source object id for provenance
    };
    void purple_plan(const std::vector<Step>& steps, ImportSource& src);
    // A scenario skeleton: one inject per technique, per tactic stage.
    void skeleton(const std::vector<Step>& steps, ImportSource& src, const std::string& why_no_expect);
    // The expected-telemetry paragraph for a technique ("" when the catalog has none).
    [[nodiscard]] std::string telemetry_markdown(const std::string& technique) const;

private:
    std::set<std::string> ids_;
    std::vector<std::string> new_stages_;
    std::string stage_prefix_;
};

} // namespace sim::importer::detail
