// tests/import_test.cpp — `ttx import`: the reference examples become valid
// scenarios; broken variants give located problems and no scenario.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/import/import.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support.hpp"

namespace {

namespace fs = std::filesystem;
namespace imp = sim::importer;

std::string formats_dir() {
#ifdef TTX_SHARED_DIR
    return std::string(TTX_SHARED_DIR) + "/reference/formats";
#else
    return "../shared/reference/formats";
#endif
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

imp::Result run(std::vector<imp::Input> inputs, imp::Options opts = {}) {
    return imp::import_files(inputs, opts, sim::attack::builtin_catalog());
}

// The written YAML read back and validated as `ttx validate` does (no errors).
sim::LoadResult check(const imp::Result& r) {
    REQUIRE(r.scenario);
    auto yaml = imp::write_scenario_yaml(*r.scenario);
    auto loaded = sim::load_scenario_text(yaml, "imported.yaml", ".");
    if (loaded.scenario && !loaded.diags.has_errors())
        sim::validate_scenario(*loaded.scenario, sim::attack::builtin_catalog(), loaded.diags);
    for (const auto& d : loaded.diags.items)
        if (d.level == sim::DiagLevel::error) FAIL_CHECK(sim::format_diagnostic(d));
    REQUIRE(loaded.scenario);
    return loaded;
}

bool has_problem(const imp::Result& r, const std::string& where, const std::string& text) {
    for (const auto& p : r.problems)
        if (p.where == where && p.message.find(text) != std::string::npos) return true;
    return false;
}

int todo_warnings(const sim::LoadResult& l) {
    int n = 0;
    for (const auto& d : l.diags.items) n += d.code.rfind("todo-", 0) == 0;
    return n;
}

} // namespace

TEST_CASE("import: the reference Attack Flows, atomics and Navigator layer validate") {
    const std::string dir = formats_dir();
    if (!fs::exists(dir)) TTX_SKIP("no ../shared/reference/formats");
    SUBCASE("Conti flow: OR alternatives become red moves, conditions decisions") {
        auto r = run({{"Conti.json", slurp(dir + "/attack-flow/Conti_CISA_Alert.json")}});
        auto l = check(r);
        CHECK(l.scenario->injects.size() == 25);          // 18 actions + 7 conditions
        CHECK_FALSE(l.scenario->red_moves.empty());
        CHECK(l.scenario->sources.at(0).kind == "attack-flow");
        CHECK(todo_warnings(l) > 0);
    }
    SUBCASE("Tesla flow") {
        auto l = check(run({{"Tesla.json", slurp(dir + "/attack-flow/Tesla_Kubernetes_Breach.json")}}));
        CHECK(l.scenario->injects.size() == 9);
    }
    SUBCASE("atomics become purple steps with commands and telemetry") {
        auto r = run({{"T1566.001.yaml", slurp(dir + "/atomic-red-team/T1566.001.yaml")},
                      {"T1059.001.yaml", slurp(dir + "/atomic-red-team/T1059.001.yaml")}});
        auto l = check(r);
        const auto& first = l.scenario->injects.front();
        CHECK(first.techniques == std::vector<std::string>{"T1566.001"});
        CHECK(first.decision);
        CHECK_FALSE(first.artifacts.empty());
    }
    SUBCASE("Navigator layer: scored and commented first, disabled left out, v13 defense-evasion moved") {
        auto r = run({{"layer.json", slurp(dir + "/navigator/example-from-spec-v4.5.json")}});
        auto l = check(r);
        CHECK(l.scenario->injects.size() == 5);           // T1078 is disabled
        CHECK(l.scenario->injects.front().techniques.front() == "T1110.001");   // score 100
        for (const auto& st : l.scenario->stages) CHECK(st.tactic != "defense-evasion");
        CHECK(has_problem(r, "/techniques/3", "disabled"));
    }
    SUBCASE("Caldera profile with its abilities: the bad id is reported on its line") {
        std::vector<imp::Input> in{{"alice-2.0.yml", slurp(dir + "/caldera/alice-2.0.yml")}};
        for (const auto& e : fs::directory_iterator(dir + "/caldera/abilities"))
            in.push_back({e.path().string(), slurp(e.path().string())});
        auto r = run(in);
        auto l = check(r);
        CHECK(l.scenario->injects.size() == 8);
        CHECK(has_problem(r, "10:5", "not a UUID"));
    }
}

TEST_CASE("import: broken inputs give located problems and nothing to write") {
    SUBCASE("empty") {
        auto r = run({{"e.json", "  \n"}});
        CHECK_FALSE(r.scenario);
        CHECK(r.has_errors());
    }
    SUBCASE("binary") {
        auto r = run({{"b.json", std::string("\x7f" "ELF\0\x01\x02", 7)}});
        CHECK_FALSE(r.scenario);
        CHECK(has_problem(r, "1:5", "binary"));
    }
    SUBCASE("truncated JSON") {
        auto r = run({{"t.json", "{\"type\": \"bundle\", \"objects\": [ {\"type\": \"attack-flow\""}});
        CHECK_FALSE(r.scenario);
        REQUIRE(r.has_errors());
        CHECK(r.problems.front().where.find("1:") == 0);
    }
    SUBCASE("a layer of another domain") {
        auto r = run({{"m.json", R"({"domain": "mobile-attack", "versions": {"layer": "4.5"}, "techniques": []})"}});
        CHECK_FALSE(r.scenario);
        CHECK(has_problem(r, "/domain", "mobile-attack"));
    }
    SUBCASE("malformed, revoked, ICS and unknown ids in a layer") {
        auto r = run({{"l.json", R"({"domain": "enterprise-attack", "versions": {"layer": "4.5", "attack": "19"},
            "techniques": [{"techniqueID": "N/A"}, {"techniqueID": "T1218/011"}, {"techniqueID": "T1562.001"},
                           {"techniqueID": "T0855"}, {"techniqueID": "T1910"}]})"}});
        CHECK(has_problem(r, "/techniques/0/techniqueID", "malformed"));
        CHECK(has_problem(r, "/techniques/1/techniqueID", "T1218.011"));
        CHECK(has_problem(r, "/techniques/2/techniqueID", "replaced by T1685"));
        CHECK(has_problem(r, "/techniques/3/techniqueID", "ICS"));
        CHECK(has_problem(r, "/techniques/4/techniqueID", "T1190"));
        // The revoked one maps to its replacement: one usable step remains.
        auto l = check(r);
        CHECK(l.scenario->injects.size() == 1);
        CHECK(l.scenario->injects.front().techniques.front() == "T1685");
    }
    SUBCASE("a flow with a cycle and without start_refs") {
        auto r = run({{"c.json", R"({"type": "bundle", "objects": [
            {"type": "attack-flow", "id": "attack-flow--1", "name": "Loop"},
            {"type": "attack-action", "id": "attack-action--a", "name": "A", "technique_id": "T1059", "effect_refs": ["attack-action--b"]},
            {"type": "attack-action", "id": "attack-action--b", "name": "B", "technique_id": "T1078", "effect_refs": ["attack-action--a"]}]})"}});
        CHECK_FALSE(r.scenario);
        CHECK(has_problem(r, "/objects/0/start_refs", "nothing to start from"));
    }
    SUBCASE("a flow edge closing a cycle is dropped and reported") {
        auto r = run({{"c.json", R"({"type": "bundle", "objects": [
            {"type": "attack-flow", "id": "attack-flow--1", "name": "Loop", "start_refs": ["attack-action--a"]},
            {"type": "attack-action", "id": "attack-action--a", "name": "A", "technique_id": "T1059", "effect_refs": ["attack-action--b"]},
            {"type": "attack-action", "id": "attack-action--b", "name": "B", "technique_id": "T1078", "effect_refs": ["attack-action--a"]}]})"}});
        CHECK(has_problem(r, "/objects/2/effect_refs/0", "cycle"));
        CHECK(check(r).scenario->injects.size() == 2);
    }
    SUBCASE("an atomic test for no supported platform") {
        auto r = run({{"a.yaml", "attack_technique: T1059.001\ndisplay_name: PowerShell\natomic_tests:\n"
                                 "- name: On a phone\n  supported_platforms: [android]\n  executor: {name: sh, command: id}\n"}});
        CHECK_FALSE(r.scenario);
        CHECK(has_problem(r, "5:24", "no supported platform"));
    }
    SUBCASE("an atomics file for a Mobile technique") {
        auto r = run({{"a.yaml", "attack_technique: T1404\natomic_tests: []\n"}});
        CHECK_FALSE(r.scenario);
        CHECK(has_problem(r, "1:19", "Mobile"));
    }
}

TEST_CASE("import: an MSEL round trip keeps every row") {
    const std::string csv =
        "Event #,Scenario time,Synopsis,Method,From,To,Expected action,Capability,Observed response,Rating,Inject ID,Tactic\r\n"
        "1,T+00:05:00,Phishing reported,email,Exercise control,SOC,triage by SOC within 10m,Triage,,,phish,Initial Access\r\n"
        "2,T+00:15:00,\"Macro, then beacon\",xdr-incidents,endpoint,SOC; CSIRT,contain by CSIRT,Containment,,,beacon,Execution\r\n"
        "3,T+00:20:00,'=cmd spawned,siem,endpoint,SOC,Call the CISO,,,,note,Execution\r\n";
    auto r = run({{"msel.csv", csv}});
    auto l = check(r);
    const auto& s = *l.scenario;
    REQUIRE(s.injects.size() == 3);
    CHECK(s.injects[0].trigger.at == 300);
    CHECK(s.injects[0].expect.at(0).action == sim::Action::triage);
    CHECK(s.injects[0].expect.at(0).within == 600);
    CHECK(s.injects[1].title == "Macro, then beacon");
    CHECK(s.injects[1].to.size() == 2);
    CHECK(s.injects[2].title == "=cmd spawned");
    CHECK(todo_warnings(l) == 1);                         // row 3: free-text expected action
    // The same input gives the same file, byte for byte (deterministic).
    auto again = run({{"msel.csv", csv}});
    CHECK(imp::write_scenario_yaml(*again.scenario) == imp::write_scenario_yaml(*r.scenario));
}

TEST_CASE("import: an ATT&CK group by name or id, an unknown one is refused") {
    auto by_name = run({}, [] { imp::Options o; o.group = "Wizard Spider"; return o; }());
    auto l = check(by_name);
    CHECK(l.scenario->injects.size() > 10);
    auto unknown = run({}, [] { imp::Options o; o.group = "Wizzard Spyder"; return o; }());
    CHECK_FALSE(unknown.scenario);
    CHECK(unknown.has_errors());
}
