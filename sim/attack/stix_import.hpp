// sim/attack/stix_import.hpp — a full Enterprise catalog from MITRE's STIX 2.x data.
//
// Reads either a single bundle (enterprise-attack.json: {"type": "bundle",
// "objects": [...]}) or a folder of per-object files as in the ATT&CK data
// repository (x-mitre-matrix/, x-mitre-tactic/, attack-pattern/, relationship/,
// each file itself a bundle), searched recursively. What it takes:
//   tactics     the Enterprise x-mitre-matrix's tactic_refs, in that order
//   techniques  attack-pattern objects of the enterprise-attack domain: the
//               "mitre-attack" external id, kill_chain_phases, sub-technique
//               flag, revoked / x_mitre_deprecated, platforms, x_mitre_version
//   revoked_by  "revoked-by" relationships, mapped to the target's ATT&CK id
//   version     the x-mitre-collection's (or the bundle's) x_mitre_version
// Input is untrusted: size limits, positioned JSON errors, no exceptions out.
// The result has full = true; save it with save_user_catalog().
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sim/attack/catalog.hpp"

namespace sim::attack {

inline constexpr std::size_t kMaxStixFileBytes = 512u * 1024 * 1024;
inline constexpr std::size_t kMaxStixTotalBytes = 2048u * 1024 * 1024;
inline constexpr std::size_t kMaxStixFiles = 200000;

struct StixSummary {
    std::size_t files = 0;              // JSON files read
    std::size_t tactics = 0;
    std::size_t techniques = 0;         // including sub-techniques
    std::size_t subtechniques = 0;
    std::size_t revoked = 0;
    std::size_t deprecated = 0;
    std::size_t other_domains = 0;      // attack-patterns skipped as not enterprise-attack
    std::string version;                // "19.1", or "unknown" when the input does not say
};

struct StixImport {
    Catalog catalog;
    StixSummary summary;
    std::vector<std::string> warnings;  // things skipped or repaired, one sentence each
};

// `path` is a bundle file or a folder. `version_override`, when not empty,
// names the ATT&CK release instead of what the data says (per-object folders
// carry no release number). Returns nullopt and sets `error` on failure.
[[nodiscard]] std::optional<StixImport> import_stix(const std::string& path, std::string& error,
                                                    const std::string& version_override = {});

// The same for documents already in memory (`name` is used in errors).
struct StixDocument {
    std::string name;
    std::string text;
};
[[nodiscard]] std::optional<StixImport> import_stix_documents(const std::vector<StixDocument>& docs,
                                                              std::string& error,
                                                              const std::string& version_override = {});

// "3 tactics, 5 techniques (1 sub-techniques), 1 revoked, 1 deprecated, ATT&CK 19.1"
[[nodiscard]] std::string describe(const StixSummary& s);

} // namespace sim::attack
