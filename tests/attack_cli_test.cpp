// tests/attack_cli_test.cpp — `ttx attack show|list` for every kind of ATT&CK
// object, text and JSON, and the errors for unknown ids. The catalog itself:
// tests/attack_catalog_test.cpp.
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "tests/support.hpp"

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// `ttx attack ARGS` against an empty data home (so the built-in catalog answers).
ttx_test::RunResult attack(const std::string& args) {
    ttx_test::TempDir home;
    return ttx_test::run_ttx("attack " + args, home.path);
}

nlohmann::json json_of(const ttx_test::RunResult& r) {
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    return nlohmann::json::parse(r.out);
}

} // namespace

TEST_CASE("ttx attack show suggests the nearest ids, list and tactics end their output with a newline") {
    ttx_test::TempDir home;
    auto show = ttx_test::run_ttx("attack show T1910", home.path);
    CHECK(show.rc == 1);
    const auto at = show.err.find("did you mean:\n    T1190 (Exploit Public-Facing Application)");
    CHECK(at != std::string::npos);
    for (const char* args : {"attack list", "attack tactics"}) {
        CAPTURE(args);
        auto r = ttx_test::run_ttx(args, home.path, ttx_test::Stderr::merged);
        CHECK(r.rc == 0);
        REQUIRE_FALSE(r.out.empty());
        CHECK(r.out.back() == '\n');
        // The footer is a line of its own after the table.
        auto lines = r.lines();
        REQUIRE(lines.size() > 2);
        CHECK(lines.back().find("from the built-in catalog") != std::string::npos);
        CHECK(lines[lines.size() - 2].find("from the built-in catalog") == std::string::npos);
    }
}

TEST_CASE("ttx attack show T1003.001 lists its detections, mitigations and groups") {
    auto r = attack("show T1003.001");
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    CHECK(has(r.out, "T1003.001  LSASS Memory\n"));
    CHECK(has(r.out, "  detections:     1 detection strategy\n    DET0363  "));
    CHECK(has(r.out, "DC0035 (Process Access)"));
    CHECK(has(r.out, "WinEventLog:Sysmon:EventCode=10"));
    CHECK(has(r.out, "M1040 (Behavior Prevention on Endpoint)"));
    CHECK(has(r.out, "M1043 (Credential Access Protection)"));
    CHECK(has(r.out, "G0007 (APT28)"));
    // Long lists wrap instead of running off the screen.
    for (const auto& line : r.lines()) CHECK(line.size() <= 110);

    auto j = json_of(attack("show T1003.001 --format json"));
    CHECK(j["kind"] == "technique");
    CHECK(j["name"] == "LSASS Memory");
    REQUIRE(j["detections"].size() == 1);
    CHECK(j["detections"][0]["id"] == "DET0363");
    CHECK(has(j["detections"][0]["log_sources"].dump(), "\"WinEventLog:Sysmon:EventCode=10\""));
    CHECK(has(j["mitigations"].dump(), R"({"id":"M1043","name":"Credential Access Protection"})"));
    CHECK(has(j["groups"].dump(), R"("id":"G0102")"));
    CHECK(j["parent"]["id"] == "T1003");
}

TEST_CASE("ttx attack show answers for DET, AN, DC, M and G ids and for a log source") {
    auto det = attack("show DET0363");
    REQUIRE_MESSAGE(det.rc == 0, det.err);
    CHECK(has(det.out, "DET0363  Detection of Credential Dumping from LSASS Memory"));
    CHECK(has(det.out, "detects:        T1003.001 (LSASS Memory)"));
    CHECK(has(det.out, "    AN1030  Windows\n"));

    auto an = json_of(attack("show AN1030 --format json"));
    CHECK(an["kind"] == "analytic");
    CHECK(an["detection"]["id"] == "DET0363");
    CHECK(has(an["data_components"].dump(), R"({"id":"DC0035","name":"Process Access"})"));
    CHECK(an["techniques"][0]["id"] == "T1003.001");

    auto dc = attack("show DC0035");
    REQUIRE_MESSAGE(dc.rc == 0, dc.err);
    CHECK(has(dc.out, "DC0035  Process Access\n  kind:           data component\n"));
    CHECK(has(dc.out, "T1003.001 (LSASS Memory)"));
    // By name too.
    CHECK(json_of(attack("show \"Process Access\" --format json"))["id"] == "DC0035");

    auto m = json_of(attack("show M1043 --format json"));
    CHECK(m["kind"] == "mitigation");
    CHECK(m["name"] == "Credential Access Protection");
    CHECK(has(m["techniques"].dump(), R"({"id":"T1003.001","name":"LSASS Memory"})"));

    auto g = attack("show G0016");
    REQUIRE_MESSAGE(g.rc == 0, g.err);
    CHECK(has(g.out, "G0016  APT29\n  kind:           group\n"));
    CHECK(has(g.out, "Cozy Bear"));
    CHECK(json_of(attack("show \"Cozy Bear\" --format json"))["id"] == "G0016");

    auto ls = json_of(attack("show WinEventLog:Security:EventCode=4769 --format json"));
    CHECK(ls["kind"] == "log source");
    CHECK(has(ls["sources"].dump(), "\"WinEventLog:Security:EventCode=4768, 4769, 4770\""));
    CHECK(has(ls["techniques"].dump(), R"("id":"T1558.003")"));
    auto sysmon = attack("show WinEventLog:Sysmon");
    REQUIRE_MESSAGE(sysmon.rc == 0, sysmon.err);
    CHECK(has(sysmon.out, "WinEventLog:Sysmon  log source\n"));

    auto tactic = json_of(attack("show TA0006 --format json"));
    CHECK(tactic["kind"] == "tactic");
    CHECK(tactic["shortname"] == "credential-access");
}

TEST_CASE("ttx attack show: unknown ids exit 1 with the nearest of their kind, revoked names its replacement") {
    auto dc = attack("show DC0999");
    CHECK(dc.rc == 1);
    CHECK(dc.out.empty());
    CHECK(has(dc.err, "no ATT&CK data component DC0999 in the built-in catalog"));

    auto name = attack("show \"Proces Access\"");
    CHECK(name.rc == 1);
    CHECK(has(name.err, "did you mean:\n    DC0035 (Process Access)  [data component]"));

    auto m = attack("show M1099 --format json");
    CHECK(m.rc == 1);
    CHECK(m.out.empty());
    CHECK(has(m.err, "no ATT&CK mitigation M1099"));

    auto revoked = attack("show T1562.001");
    REQUIRE_MESSAGE(revoked.rc == 0, revoked.err);
    CHECK(has(revoked.out, "status:         revoked -- replaced by T1685 (Disable or Modify Tools)"));
    CHECK(has(revoked.out, "detections:     none in this catalog"));
    auto rj = json_of(attack("show T1562.001 --format json"));
    CHECK(rj["revoked_by"]["id"] == "T1685");
}

TEST_CASE("ttx attack list --kind lists every kind, and --tactic applies to techniques only") {
    for (const char* kind : {"detections", "analytics", "data-components", "mitigations", "groups", "log-sources"}) {
        CAPTURE(kind);
        auto r = attack(std::string("list --kind ") + kind);
        REQUIRE_MESSAGE(r.rc == 0, r.err);
        CHECK(r.lines().size() > 40);
        CHECK(has(r.err, std::string(" ") + kind + " from the built-in catalog"));
    }
    CHECK(has(attack("list --kind mitigations").out, "M1043  Credential Access Protection"));
    CHECK(has(attack("list --kind data-components").out, "DC0035  Process Access"));
    CHECK(attack("list --kind groups --tactic execution").rc == 2);
    CHECK(attack("list --kind nonsense").rc == 2);
}

TEST_CASE("ttx attack show follows a chain of replacements to the current technique") {
    auto r = attack("show T1073");
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    CHECK(has(r.out, "replaced by T1574.002 (DLL Side-Loading), itself replaced: now T1574.001 (DLL)"));
    CHECK(json_of(attack("show T1073 --format json"))["successor"]["id"] == "T1574.001");
}
