// tests/stix_import_test.cpp — importing MITRE's STIX data: a bundle, a
// per-object folder, hostile input, and `ttx attack import` end to end.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/attack/catalog.hpp"
#include "sim/attack/stix_import.hpp"
#include "tests/support.hpp"

using namespace sim::attack;
namespace fs = std::filesystem;

namespace {

const std::string kBundle = std::string(TTX_SOURCE_DIR) + "/tests/fixtures/stix/mini-bundle.json";

using ttx_test::slurp;
using ttx_test::TempDir;

void spit(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// The fixture bundle split the way the ATT&CK data repository stores it:
// <type>/<id>.json, each a bundle of one object. The collection object is left
// out, as that repository's folders have none.
void write_per_object_folder(const fs::path& dir) {
    auto bundle = nlohmann::json::parse(slurp(kBundle));
    for (const auto& obj : bundle["objects"]) {
        std::string type = obj["type"];
        if (type == "x-mitre-collection") continue;
        nlohmann::json one = {{"type", "bundle"}, {"id", "bundle--" + obj["id"].get<std::string>()},
                              {"spec_version", "2.0"}, {"objects", nlohmann::json::array({obj})}};
        spit(dir / type / (obj["id"].get<std::string>() + ".json"), one.dump(4));
    }
}

using Run = ttx_test::RunResult;

// Runs `ttx ARGS` with XDG_DATA_HOME=`xdg`; `out` holds stdout and stderr.
Run run(const std::string& args, const fs::path& xdg) { return ttx_test::run_ttx(args, xdg, ttx_test::Stderr::merged); }

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

} // namespace

TEST_CASE("a STIX bundle imports tactics in matrix order and every technique field") {
    std::string error;
    auto imp = import_stix(kBundle, error);
    REQUIRE_MESSAGE(imp, error);
    const Catalog& c = imp->catalog;
    CHECK(c.full);
    CHECK(c.version == "19.1");

    REQUIRE(c.tactics().size() == 4);   // the mobile matrix's tactic is not ours
    CHECK(c.tactics()[0].id == "TA0001");
    CHECK(c.tactics()[1].shortname == "execution");
    CHECK(c.tactics()[2].name == "Stealth");
    CHECK(c.tactics()[3].id == "TA0112");
    CHECK(c.tactics()[3].order == 4);

    CHECK(c.techniques().size() == 6);
    CHECK_FALSE(c.technique("T1660"));  // mobile-attack domain

    const Technique* phishing = c.technique("T1566");
    REQUIRE(phishing);
    CHECK(phishing->name == "Phishing");
    CHECK_FALSE(phishing->subtechnique);
    CHECK(phishing->status == Status::active);
    CHECK(phishing->version == "2.3");
    CHECK(phishing->platforms ==
          std::vector<std::string>{"Identity Provider", "Linux", "macOS", "Office Suite", "SaaS", "Windows"});

    REQUIRE(c.technique("T1566.001"));
    CHECK(c.technique("T1566.001")->subtechnique);

    const Technique* revoked = c.technique("T1562.001");
    REQUIRE(revoked);
    CHECK(revoked->status == Status::revoked);
    CHECK(revoked->revoked_by == "T1685");

    const Technique* deprecated = c.technique("T1064");
    REQUIRE(deprecated);
    CHECK(deprecated->status == Status::deprecated);
    // Listed stealth-first in the file, with a foreign kill chain in between.
    CHECK(deprecated->tactics == std::vector<std::string>{"execution", "stealth"});

    const StixSummary& s = imp->summary;
    CHECK(s.files == 1);
    CHECK(s.tactics == 4);
    CHECK(s.techniques == 6);
    CHECK(s.subtechniques == 2);
    CHECK(s.revoked == 1);
    CHECK(s.deprecated == 1);
    CHECK(s.other_domains == 1);
    CHECK(describe(s) == "4 tactics, 6 techniques (2 sub-techniques), 1 revoked, 1 deprecated, ATT&CK 19.1");
    CHECK(imp->warnings.empty());
}

TEST_CASE("a per-object folder imports the same catalog as the bundle") {
    TempDir dir;
    write_per_object_folder(dir.path / "enterprise-attack");
    spit(dir.path / "README.md", "not JSON, ignored");
    std::string error;
    auto from_bundle = import_stix(kBundle, error);
    REQUIRE_MESSAGE(from_bundle, error);

    SUBCASE("without a collection object the release is unknown, with a warning") {
        auto imp = import_stix(dir.path.string(), error);
        REQUIRE_MESSAGE(imp, error);
        CHECK(imp->summary.files > 10);
        CHECK(imp->catalog.version == "unknown");
        bool warned = false;
        for (const auto& w : imp->warnings) warned |= contains(w, "release");
        CHECK(warned);
    }
    SUBCASE("the release can be named, and then the catalogs are identical") {
        auto imp = import_stix(dir.path.string(), error, "19.1");
        REQUIRE_MESSAGE(imp, error);
        CHECK(catalog_to_json(imp->catalog) == catalog_to_json(from_bundle->catalog));
    }
    SUBCASE("a broken file in the folder fails the import and is named") {
        spit(dir.path / "enterprise-attack" / "attack-pattern" / "zz-broken.json", "{\n\"type\": \"bundle\",,\n}");
        CHECK_FALSE(import_stix(dir.path.string(), error));
        CHECK_MESSAGE(contains(error, "zz-broken.json:2:18: invalid JSON"), error);
    }
}

TEST_CASE("hostile or wrong input is refused with a position, never a crash") {
    std::string error;
    auto one = [&](const std::string& text) { return import_stix_documents({{"in.json", text}}, error); };

    CHECK_FALSE(one("{\n  \"type\": \"bundle\",\n  \"objects\": [ {\"id\": } ]\n}\n"));
    CHECK(error.find("in.json:3:23: invalid JSON") == 0);

    CHECK_FALSE(one(""));
    CHECK(error.find("in.json:1:1:") == 0);

    std::string bundle = slurp(kBundle);
    CHECK_FALSE(one(bundle.substr(0, bundle.size() / 2)));
    CHECK(error.find("in.json:") == 0);
    CHECK(contains(error, "invalid JSON"));

    CHECK_FALSE(one(std::string(100000, '[')));
    CHECK(contains(error, "nested more than"));

    CHECK_FALSE(one("[1, 2, 3]"));
    CHECK(contains(error, "not STIX data"));

    CHECK_FALSE(one(R"({"type": "bundle", "objects": {"not": "an array"}})"));
    CHECK(contains(error, "\"objects\" must be an array"));

    CHECK_FALSE(one(R"({"type": "bundle", "objects": []})"));
    CHECK(contains(error, "no Enterprise ATT&CK matrix"));

    // Fields of the wrong type are skipped, not trusted.
    CHECK_FALSE(one(R"({"type": "bundle", "objects": [
        {"type": "x-mitre-matrix", "id": "x-mitre-matrix--1", "tactic_refs": ["x-mitre-tactic--missing"],
         "external_references": [{"source_name": "mitre-attack", "external_id": "enterprise-attack"}]},
        {"type": "attack-pattern", "id": 7, "name": 5, "kill_chain_phases": [1, null, {"kill_chain_name": 7}]}]})"));
    CHECK(contains(error, "lists tactic x-mitre-tactic--missing, which is not in the input"));

    CHECK_FALSE(import_stix("/nonexistent/ttx/enterprise-attack.json", error));
    CHECK(contains(error, "no such file or folder"));
}

TEST_CASE("ttx attack import stores the catalog that ttx attack show then answers from") {
    TempDir xdg;
    Run r = run("attack import '" + kBundle + "'", xdg.path);
    CHECK(r.rc == 0);
    CHECK(contains(r.out, "4 tactics, 6 techniques (2 sub-techniques), 1 revoked, 1 deprecated, ATT&CK 19.1"));
    const fs::path stored = xdg.path / "ttx" / "attack" / "catalog.json";
    REQUIRE(fs::exists(stored));
    const std::string good = slurp(stored.string());

    r = run("attack show T1562.001", xdg.path);
    CHECK(r.rc == 0);
    CHECK(contains(r.out, "replaced by T1685 (Disable or Modify Tools)"));
    CHECK(contains(r.out, "user catalog " + stored.string()));

    // The imported catalog is the whole truth: a built-in technique it lacks is unknown.
    r = run("attack show T1486", xdg.path);
    CHECK(r.rc == 1);
    CHECK(contains(r.out, "no ATT&CK technique T1486"));
    r = run("attack show --builtin T1486", xdg.path);
    CHECK(r.rc == 0);
    CHECK(contains(r.out, "Data Encrypted for Impact"));
    CHECK(contains(r.out, "built-in catalog"));

    r = run("attack show T1566.009", xdg.path);
    CHECK(r.rc == 1);
    CHECK(contains(r.out, "did you mean"));
    CHECK(contains(r.out, "T1566 (Phishing)"));

    r = run("attack list --tactic defense-evasion", xdg.path);
    CHECK(r.rc == 0);
    CHECK(contains(r.out, "T1685"));
    CHECK(contains(r.out, "T1064"));
    CHECK_FALSE(contains(r.out, "T1566 "));

    // A failed import leaves the stored catalog untouched.
    TempDir bad;
    spit(bad.path / "bad.json", "{\"type\": \"bundle\", \"objects\": [\n  {]\n}");
    r = run("attack import '" + (bad.path / "bad.json").string() + "'", xdg.path);
    CHECK(r.rc == 1);
    CHECK(contains(r.out, "bad.json:2:4: invalid JSON"));
    CHECK(slurp(stored.string()) == good);

    r = run("attack list --tactic nowhere", xdg.path);
    CHECK(r.rc == 2);
}
