// tests/attack_catalog_test.cpp — the built-in ATT&CK catalog is correct v19.1
// data (techniques, detection strategies, analytics, data components,
// mitigations, groups), its reverse indexes, log-source lookups and
// suggestions work, it maps v18 tactics, and the catalog file formats reject
// bad input. `ttx attack` itself: tests/attack_cli_test.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sim/attack/catalog.hpp"
#include "tests/support.hpp"

using namespace sim::attack;

namespace {

std::vector<std::string> split_tabs(const std::string& line, char sep = '\t') {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string f;
    while (std::getline(ss, f, sep)) out.push_back(f);
    if (!line.empty() && line.back() == sep) out.push_back("");
    return out;
}

// Rows of a reference TSV keyed by the first column; empty when absent.
std::map<std::string, std::vector<std::string>> read_reference(const std::string& file) {
    std::map<std::string, std::vector<std::string>> rows;
    std::ifstream in(std::string(TTX_SHARED_DIR) + "/reference/attack/" + file);
    std::string line;
    bool header = true;
    while (std::getline(in, line)) {
        if (header) {
            header = false;
            continue;
        }
        auto f = split_tabs(line);
        if (!f.empty()) rows[f[0]] = f;
    }
    return rows;
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

using ttx_test::TempDir;

} // namespace

TEST_CASE("the built-in catalog has the 15 Enterprise v19.1 tactics in matrix order") {
    const Catalog& c = builtin_catalog();
    CHECK(c.version == "19.1");
    CHECK(c.full);
    REQUIRE(c.tactics().size() == 15);
    CHECK(c.tactics().front().id == "TA0043");
    CHECK(c.tactics()[6].shortname == "stealth");
    CHECK(c.tactics()[7].id == "TA0112");
    CHECK(c.tactics().back().shortname == "impact");
    for (std::size_t i = 0; i < c.tactics().size(); ++i) CHECK(c.tactics()[i].order == static_cast<int>(i + 1));

    auto ref = read_reference("enterprise-tactics.tsv");
    if (ref.empty()) {
        TTX_SKIP("no reference at " TTX_SHARED_DIR "/reference/attack");
    }
    REQUIRE(ref.size() == c.tactics().size());
    for (const auto& t : c.tactics()) {
        CAPTURE(t.id);
        REQUIRE(ref.count(t.id));
        const auto& r = ref[t.id];
        CHECK(r[1] == t.shortname);
        CHECK(r[2] == t.name);
        CHECK(r[3] == std::to_string(t.order));
    }
}

TEST_CASE("every built-in technique matches the v19.1 reference row, and none is missing") {
    const Catalog& c = builtin_catalog();
    CHECK(c.techniques().size() >= 800);
    auto ref = read_reference("enterprise-techniques.tsv");
    if (ref.empty()) {
        TTX_SKIP("no reference at " TTX_SHARED_DIR "/reference/attack");
    }
    CHECK(c.techniques().size() == ref.size());
    for (const auto& [id, t] : c.techniques()) {
        CAPTURE(id);
        REQUIRE(ref.count(id));
        const auto& r = ref[id];   // technique_id name tactics is_subtechnique status platforms revoked_by
        CHECK(r[1] == t.name);
        CHECK(r[2] == join(t.tactics));
        CHECK(r[3] == (t.subtechnique ? "1" : "0"));
        CHECK(r[4] == status_name(t.status));
        CHECK(r[5] == join(t.platforms));
        CHECK(r[6] == t.revoked_by);
    }
}

TEST_CASE("the built-in catalog covers every tactic and the techniques scenarios use") {
    const Catalog& c = builtin_catalog();
    for (const auto& tac : c.tactics()) {
        CAPTURE(tac.shortname);
        bool used = std::any_of(c.techniques().begin(), c.techniques().end(), [&](const auto& kv) {
            const auto& t = kv.second;
            return t.status == Status::active &&
                   std::find(t.tactics.begin(), t.tactics.end(), tac.shortname) != t.tactics.end();
        });
        CHECK(used);
    }
    for (const char* id :
         {"T1566",     "T1566.001", "T1566.002", "T1204.002", "T1059.001", "T1059.003", "T1059.004", "T1059.007",
          "T1003.001", "T1003.006", "T1021.001", "T1021.002", "T1021.006", "T1486",     "T1490",     "T1489",
          "T1071.001", "T1105",     "T1053.005", "T1547.001", "T1543.003", "T1505.003", "T1190",     "T1133",
          "T1078",     "T1078.004", "T1110.003", "T1528",     "T1550.001", "T1114.002", "T1114.003", "T1564.008",
          "T1567.002", "T1048",     "T1041",     "T1560.001", "T1119",     "T1005",     "T1039",     "T1195.002",
          "T1072",     "T1496",     "T1496.001", "T1580",     "T1526",     "T1087.002", "T1087.004", "T1069.002",
          "T1082",     "T1083",     "T1018",     "T1016",     "T1057",     "T1595.002", "T1592",     "T1589.002",
          "T1583.001", "T1585.002", "T1588.002", "T1608.001", "T1098.001", "T1098.003", "T1136.003", "T1098",
          "T1027",     "T1036.005", "T1070.004", "T1218.011", "T1055",     "T1112",     "T1685",     "T1685.001",
          "T1686",     "T1687",     "T1688",     "T1689",     "T1690",     "T1556",     "T1558.003", "T1552.001",
          "T1552.005", "T1212",     "T1068",     "T1134",     "T1548.002", "T1090",     "T1572",     "T1219",
          "T1102",     "T1030",     "T1537",     "T1485",     "T1491.001", "T1565.001", "T1499",     "T1531",
          "T1213",     "T1530",     "T1074.001", "T1560",     "T1217",     "T1049",     "T1135",     "T1497",
          "T1014",     "T1620"}) {
        CAPTURE(id);
        const Technique* t = c.technique(id);
        REQUIRE(t);
        CHECK(t->status == Status::active);
    }
}

TEST_CASE("revoked built-in techniques name a replacement the catalog knows") {
    const Catalog& c = builtin_catalog();
    const Technique* t = c.technique("T1562.001");
    REQUIRE(t);
    CHECK(t->status == Status::revoked);
    CHECK(t->revoked_by == "T1685");
    REQUIRE(c.technique("T1070.001"));
    CHECK(c.technique("T1070.001")->revoked_by == "T1685.005");
    std::size_t revoked = 0;
    for (const auto& [id, tech] : c.techniques()) {
        if (tech.status != Status::revoked) continue;
        ++revoked;
        CAPTURE(id);
        REQUIRE(c.technique(tech.revoked_by));
        // Some replacements were revoked in turn; every chain ends at an active one.
        REQUIRE(c.successor(id));
        CHECK(c.successor(id)->status == Status::active);
    }
    CHECK(revoked >= 2);
    CHECK(c.technique("T1073")->revoked_by == "T1574.002");
    CHECK(c.successor("T1073")->id == "T1574.001");
    CHECK(c.successor("T1003.001")->id == "T1003.001");
}

TEST_CASE("tactics resolve by id, shortname, name and v18 shortname") {
    const Catalog& c = builtin_catalog();
    REQUIRE(c.tactic("TA0006"));
    CHECK(c.tactic("TA0006")->shortname == "credential-access");
    CHECK(c.tactic("ta0006") == c.tactic("TA0006"));
    CHECK(c.tactic("credential-access") == c.tactic("TA0006"));
    CHECK(c.tactic("Credential Access") == c.tactic("TA0006"));
    REQUIRE(c.tactic("defense-evasion"));
    CHECK(c.tactic("defense-evasion")->id == "TA0005");
    CHECK(c.tactic("defense-impairment")->id == "TA0112");
    CHECK(c.tactic("no-such-tactic") == nullptr);
}

TEST_CASE("v18 tactics map to their v19 successors") {
    CHECK(map_v18_tactic("defense-evasion") == std::vector<std::string>{"stealth", "defense-impairment"});
    CHECK(map_v18_tactic("execution") == std::vector<std::string>{"execution"});

    for (const auto& tac : builtin_catalog().tactics())
        for (const auto& now : map_v18_tactic(tac.shortname)) CHECK(builtin_catalog().tactic(now));

    // v19's two new homes, stealth and defense-impairment, only took techniques
    // that were defense-evasion in v18.1, so mapping a v18 tactic never misses
    // them; and no v19 technique keeps defense-evasion.
    std::ifstream in(std::string(TTX_SHARED_DIR) + "/reference/attack/changes-v18.1-to-v19.1.tsv");
    if (!in) {
        TTX_SKIP("no v18.1 -> v19.1 reference at " TTX_SHARED_DIR);
    }
    std::string line;
    std::getline(in, line);   // technique_id change v18.1_name v18.1_status v18.1_tactics v19.1_name ...
    std::size_t checked = 0;
    while (std::getline(in, line)) {
        auto f = split_tabs(line);
        if (f.size() < 8 || f[1] != "tactics") continue;
        CAPTURE(f[0]);
        std::set<std::string> mapped;
        for (const auto& old : split_tabs(f[4], ','))
            for (const auto& now : map_v18_tactic(old)) mapped.insert(now);
        for (const auto& now : split_tabs(f[7], ',')) {
            CHECK(now != "defense-evasion");
            if (now == "stealth" || now == "defense-impairment") CHECK(mapped.count(now));
        }
        ++checked;
    }
    CHECK(checked > 100);
}

TEST_CASE("technique ids are T + 4 digits, optionally . + 3 digits") {
    CHECK(is_technique_id("T1003"));
    CHECK(is_technique_id("T1003.001"));
    CHECK_FALSE(is_technique_id("T1003."));
    CHECK_FALSE(is_technique_id("T1003.01"));
    CHECK_FALSE(is_technique_id("t1003"));
    CHECK_FALSE(is_technique_id("TA0006"));
    CHECK_FALSE(is_technique_id("T10031"));
    CHECK_FALSE(is_technique_id(""));
}

TEST_CASE("technique lookup and suggestions") {
    const Catalog& c = builtin_catalog();
    CHECK(c.technique("t1566.001") == c.technique("T1566.001"));
    CHECK(c.technique("T9999") == nullptr);
    auto near = nearest_techniques(c, "T1566.009");
    REQUIRE_FALSE(near.empty());
    CHECK(near.front() == "T1566");
    near = nearest_techniques(c, "spearphishing attach");
    REQUIRE_FALSE(near.empty());
    CHECK(near.front() == "T1566.001");
    CHECK(nearest_techniques(c, "T1486", 3).size() <= 3);
    CHECK(nearest_techniques(c, "").empty());
}

TEST_CASE("a swapped pair of digits finds the technique meant: T1910 is T1190") {
    const Catalog& c = builtin_catalog();
    REQUIRE(c.technique("T1190"));
    auto near = nearest_techniques(c, "T1910");
    REQUIRE_FALSE(near.empty());
    CHECK(near.front() == "T1190");
}

TEST_CASE("the TSV format reports the line of a bad row") {
    const std::string tactics = "# comment\nid\tshortname\tname\torder\nTA0001\tinitial-access\tInitial Access\t1\n";
    const std::string header = "id\tname\ttactics\tstatus\trevoked_by\tplatforms\n";
    std::string error;

    auto ok = parse_catalog_tsv(tactics, header + "T1190\tExploit Public-Facing Application\tinitial-access\tactive\t\tWindows,Linux\n",
                                "x", error);
    REQUIRE(ok);
    CHECK(ok->technique("T1190")->tactics == std::vector<std::string>{"initial-access"});
    CHECK(ok->technique("T1190")->platforms == std::vector<std::string>{"Windows", "Linux"});

    CHECK_FALSE(parse_catalog_tsv(tactics, header + "T119\tX\tinitial-access\tactive\t\t\n", "x", error));
    CHECK(error.find("x/techniques.tsv:2:") == 0);
    CHECK_FALSE(parse_catalog_tsv(tactics, header + "T1190\tX\tstealth\tactive\t\t\n", "x", error));
    CHECK(error.find("unknown tactic 'stealth'") != std::string::npos);
    CHECK_FALSE(parse_catalog_tsv(tactics, header + "T1190\tX\tinitial-access\tgone\t\t\n", "x", error));
    CHECK(error.find("status 'gone'") != std::string::npos);
    CHECK_FALSE(parse_catalog_tsv(tactics, header + "T1190\tX\tinitial-access\trevoked\t\t\n", "x", error));
    CHECK(error.find("revoked_by") != std::string::npos);
    CHECK_FALSE(parse_catalog_tsv(tactics, "id\tname\n", "x", error));
    CHECK(error.find("x/techniques.tsv:1: expected the header row") == 0);
    CHECK_FALSE(parse_catalog_tsv("id\tshortname\tname\torder\nTA0001\ta\tA\tfirst\n", header, "x", error));
    CHECK(error.find("x/tactics.tsv:2: order 'first'") == 0);
}

TEST_CASE("the user catalog survives a JSON round trip and reports corruption with a position") {
    const Catalog& builtin = builtin_catalog();
    std::string error;
    auto back = catalog_from_json(catalog_to_json(builtin), "catalog.json", error);
    REQUIRE_MESSAGE(back, error);
    CHECK(back->version == builtin.version);
    CHECK(back->tactics().size() == builtin.tactics().size());
    REQUIRE(back->techniques().size() == builtin.techniques().size());
    for (const auto& [id, t] : builtin.techniques()) {
        const Technique* u = back->technique(id);
        REQUIRE(u);
        CHECK(u->name == t.name);
        CHECK(u->tactics == t.tactics);
        CHECK(u->status == t.status);
        CHECK(u->revoked_by == t.revoked_by);
        CHECK(u->subtechnique == t.subtechnique);
    }

    CHECK_FALSE(catalog_from_json("{\n  \"format\": \"ttx-attack-catalog\",\n  oops\n}", "c.json", error));
    CHECK(error.find("c.json:3:3:") == 0);
    CHECK_FALSE(catalog_from_json("[1, 2]", "c.json", error));
    CHECK(error.find("not a ttx ATT&CK catalog") != std::string::npos);
    CHECK_FALSE(catalog_from_json(R"({"format": "ttx-attack-catalog", "format_version": 99})", "c.json", error));
    CHECK(error.find("format_version") != std::string::npos);
    CHECK_FALSE(catalog_from_json(
        R"({"format": "ttx-attack-catalog", "format_version": 1, "tactics": [],
            "techniques": [{"id": "T1000", "name": "X", "status": "active", "tactics": ["nowhere"]}]})",
        "c.json", error));
    CHECK(error.find("unknown tactic 'nowhere'") != std::string::npos);
}

TEST_CASE("load_user_catalog: absent is not an error, stored is read back, broken is reported") {
    TempDir dir;
    std::string error = "stale";
    CHECK_FALSE(load_user_catalog(dir.path.string(), error));
    CHECK(error.empty());

    REQUIRE(save_user_catalog(builtin_catalog(), dir.path.string(), error));
    auto loaded = load_user_catalog(dir.path.string(), error);
    REQUIRE_MESSAGE(loaded, error);
    CHECK(loaded->origin == user_catalog_path(dir.path.string()));
    CHECK(loaded->techniques().size() == builtin_catalog().techniques().size());

    std::ofstream(user_catalog_path(dir.path.string())) << "{\"format\": ";
    CHECK_FALSE(load_user_catalog(dir.path.string(), error));
    CHECK(error.find(user_catalog_path(dir.path.string()) + ":1:") == 0);
}

// ---- detection strategies, analytics, data components, mitigations, groups ----------

namespace {

// Reference rows of one table, or a skip when the reference is absent.
#define REFERENCE_OR_SKIP(var, file)                                                   \
    auto var = read_reference(file);                                                   \
    if (var.empty()) {                                                                 \
        TTX_SKIP("no reference at " TTX_SHARED_DIR "/reference/attack");              \
    }

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

} // namespace

TEST_CASE("every built-in data component, detection strategy and analytic matches the reference") {
    const Catalog& c = builtin_catalog();
    CHECK(c.data_components().size() >= 100);
    CHECK(c.detection_strategies().size() >= 600);
    CHECK(c.analytics().size() >= 1500);
    REFERENCE_OR_SKIP(components, "enterprise-data-components.tsv");
    REQUIRE(c.data_components().size() == components.size());
    for (const auto& [id, d] : c.data_components()) {
        CAPTURE(id);
        REQUIRE(components.count(id));
        CHECK(components[id][1] == d.name);
    }
    auto strategies = read_reference("enterprise-detection-strategies.tsv");
    REQUIRE(c.detection_strategies().size() == strategies.size());
    for (const auto& [id, d] : c.detection_strategies()) {
        CAPTURE(id);
        REQUIRE(strategies.count(id));
        const auto& r = strategies[id];   // det_id name technique_ids analytic_ids
        CHECK(r[1] == d.name);
        CHECK(r[2] == join(d.techniques));
        CHECK(r[3] == join(d.analytics));
    }
    auto analytics = read_reference("enterprise-analytics.tsv");
    REQUIRE(c.analytics().size() == analytics.size());
    for (const auto& [id, a] : c.analytics()) {
        CAPTURE(id);
        REQUIRE(analytics.count(id));
        const auto& r = analytics[id];    // analytic_id det_id platforms data_component_ids log_sources description
        CHECK(r[1] == a.detection);
        CHECK(r[2] == join(a.platforms));
        CHECK(r[3] == join(a.data_components));
        std::string sources;
        for (const auto& s : a.log_sources) sources += (sources.empty() ? "" : " | ") + s;
        CHECK(r[4] == sources);
    }
}

TEST_CASE("every built-in mitigation and group matches the reference") {
    const Catalog& c = builtin_catalog();
    CHECK(c.mitigations().size() >= 40);
    CHECK(c.groups().size() >= 150);
    REFERENCE_OR_SKIP(mitigations, "enterprise-mitigations.tsv");
    REQUIRE(c.mitigations().size() == mitigations.size());
    for (const auto& [id, m] : c.mitigations()) {
        CAPTURE(id);
        REQUIRE(mitigations.count(id));
        CHECK(mitigations[id][1] == m.name);
        CHECK(mitigations[id][2] == join(m.techniques));
    }
    auto groups = read_reference("enterprise-groups.tsv");
    REQUIRE(c.groups().size() == groups.size());
    for (const auto& [id, g] : c.groups()) {
        CAPTURE(id);
        REQUIRE(groups.count(id));
        CHECK(groups[id][1] == g.name);
        CHECK(groups[id][2] == join(g.aliases));
        CHECK(groups[id][3] == join(g.techniques));
    }
}

TEST_CASE("reverse indexes: what detects, mitigates and uses LSASS memory dumping") {
    const Catalog& c = builtin_catalog();
    CHECK(contains(c.mitigations_of("T1003.001"), "M1040"));    // Behavior Prevention on Endpoint
    CHECK(contains(c.mitigations_of("T1003.001"), "M1043"));    // Credential Access Protection
    CHECK_FALSE(contains(c.mitigations_of("T1003.001"), "M1013"));
    CHECK(c.detections_of("T1003.001") == std::vector<std::string>{"DET0363"});
    CHECK(contains(c.groups_using("T1003.001"), "G0007"));      // APT28
    CHECK(contains(c.groups_using("t1003.001"), "G0102"));      // Wizard Spider; ids are case-insensitive
    CHECK(c.groups_using("T9999").empty());
    // Each index agrees with the forward relation it inverts.
    for (const auto& [id, m] : c.mitigations())
        for (const auto& t : m.techniques) CHECK(contains(c.mitigations_of(t), id));
    for (const auto& [id, t] : c.techniques())
        for (const auto& det : c.detections_of(id)) CHECK(contains(c.detection_strategy(det)->techniques, id));

    const DetectionStrategy* det = c.detection_strategy("det0363");
    REQUIRE(det);
    CHECK(contains(det->analytics, "AN1030"));
    const Analytic* an = c.analytic("AN1030");
    REQUIRE(an);
    CHECK(an->detection == "DET0363");
    CHECK(contains(an->data_components, "DC0035"));
    CHECK(contains(an->log_sources, "WinEventLog:Sysmon:EventCode=10"));

    CHECK(contains(c.analytics_reading("DC0035"), "AN1030"));
    CHECK(contains(c.analytics_reading("Process Access"), "AN1030"));
    CHECK(contains(c.techniques_seen_by("DC0035"), "T1003.001"));

    Telemetry t = c.telemetry_for("T1003.001");
    CHECK(t.detections == std::vector<std::string>{"DET0363"});
    CHECK(contains(t.data_components, "DC0035"));
    CHECK(contains(t.log_sources, "WinEventLog:Sysmon:EventCode=10"));
    CHECK(std::is_sorted(t.log_sources.begin(), t.log_sources.end()));
    // A revoked technique has no strategies of its own; its replacement has.
    CHECK(c.telemetry_for("T1562.001").detections.empty());
    CHECK_FALSE(c.telemetry_for("T1685").detections.empty());
}

TEST_CASE("lookups by id, name and alias") {
    const Catalog& c = builtin_catalog();
    REQUIRE(c.data_component("DC0035"));
    CHECK(c.data_component("process access") == c.data_component("DC0035"));
    CHECK(c.data_component("dc0035")->name == "Process Access");
    REQUIRE(c.mitigation("Credential Access Protection"));
    CHECK(c.mitigation("Credential Access Protection")->id == "M1043");
    REQUIRE(c.group("Cozy Bear"));
    CHECK(c.group("Cozy Bear")->id == "G0016");
    CHECK(c.group("apt29") == c.group("G0016"));
    CHECK(c.data_component("Credential Access Protection") == nullptr);   // a mitigation, not a data component
    CHECK(c.detection_strategy("DET9999") == nullptr);
    CHECK(c.analytic("") == nullptr);

    CHECK(kind_of_id("DET0363") == Kind::detection);
    CHECK(kind_of_id("an1030") == Kind::analytic);
    CHECK(kind_of_id("DC0035") == Kind::data_component);
    CHECK(kind_of_id("M1043") == Kind::mitigation);
    CHECK(kind_of_id("G0016") == Kind::group);
    CHECK(kind_of_id("TA0006") == Kind::tactic);
    CHECK(kind_of_id("T1003.001") == Kind::technique);
    CHECK_FALSE(kind_of_id("M104"));
    CHECK_FALSE(kind_of_id("Process Access"));
}

TEST_CASE("log sources: exact, one event code of a list, and a bare source name") {
    const Catalog& c = builtin_catalog();
    LogSourceMatch exact = c.log_source("WinEventLog:Sysmon:EventCode=10");
    CHECK(exact.sources == std::vector<std::string>{"WinEventLog:Sysmon:EventCode=10"});
    CHECK(contains(exact.analytics, "AN1030"));
    CHECK(contains(exact.techniques, "T1003.001"));
    CHECK(contains(exact.data_components, "DC0035"));
    // Case-insensitive, and "=1" is not "=10".
    CHECK(c.log_source("winEventLog:sysmon:eventcode=10").sources == exact.sources);
    CHECK_FALSE(contains(c.log_source("WinEventLog:Sysmon:EventCode=1").sources, "WinEventLog:Sysmon:EventCode=10"));

    // 4769 on its own and inside lists such as "EventCode=4768, 4769, 4770".
    LogSourceMatch kerberos = c.log_source("WinEventLog:Security:EventCode=4769");
    CHECK(contains(kerberos.sources, "WinEventLog:Security:EventCode=4769"));
    CHECK(contains(kerberos.sources, "WinEventLog:Security:EventCode=4768, 4769, 4770"));
    CHECK(contains(kerberos.techniques, "T1558.003"));   // Kerberoasting
    CHECK_FALSE(contains(kerberos.sources, "WinEventLog:Security:EventCode=4768"));

    LogSourceMatch sysmon = c.log_source("WinEventLog:Sysmon");
    CHECK(sysmon.sources.size() > 10);
    CHECK(contains(sysmon.sources, "WinEventLog:Sysmon:EventCode=10"));
    CHECK(std::all_of(sysmon.sources.begin(), sysmon.sources.end(),
                      [](const std::string& s) { return s.rfind("WinEventLog:Sysmon:", 0) == 0; }));
    CHECK_FALSE(c.log_source("AWS:CloudTrail").empty());
    CHECK(c.log_source("WinEventLog:Sysmo").empty());
    CHECK(c.log_source("").empty());
    CHECK(c.log_sources().size() > 2000);
}

TEST_CASE("nearest names and ids for every kind") {
    const Catalog& c = builtin_catalog();
    CHECK(suggestion(c, Kind::data_component, "Proces Access").rfind("did you mean DC0035 (Process Access)", 0) == 0);
    CHECK(suggestion(c, Kind::data_component, "Process Acess") == "did you mean DC0035 (Process Access)?");
    auto near = nearest(c, Kind::mitigation, "Credential Acess Protection");
    REQUIRE_FALSE(near.empty());
    CHECK(near.front() == "M1043");
    near = nearest(c, Kind::group, "Cozy Bare");
    REQUIRE_FALSE(near.empty());
    CHECK(near.front() == "G0016");
    near = nearest(c, Kind::detection, "DET0364");
    CHECK(contains(near, "DET0363"));
    CHECK_FALSE(contains(near, "DET0364"));   // the query itself is no suggestion
    near = nearest(c, Kind::log_source, "WinEventLog:Sysmn:EventCode=10");
    REQUIRE_FALSE(near.empty());
    CHECK(near.front() == "WinEventLog:Sysmon:EventCode=10");
    near = nearest(c, Kind::analytic, "AN1031x");
    CHECK(near.size() <= 3);
    CHECK(nearest(c, Kind::data_component, "zzzzzzzzzzzzzzzz").empty());
    CHECK(suggestion(c, Kind::group, "zzzzzzzzzzzzzzzz").empty());
    CHECK(nearest(c, Kind::technique, "T1910").front() == "T1190");
}

TEST_CASE("the defence tables' TSV format reports bad rows and dangling references") {
    CatalogTexts t;
    t.tactics = "id\tshortname\tname\torder\nTA0006\tcredential-access\tCredential Access\t1\n";
    t.techniques = "id\tname\ttactics\tstatus\trevoked_by\tplatforms\n"
                   "T1003\tOS Credential Dumping\tcredential-access\tactive\t\tWindows\n";
    t.data_components = "id\tname\nDC0035\tProcess Access\n";
    t.detection_strategies = "id\tname\ttechniques\nDET0001\tDumping\tT1003\n";
    t.analytics = "id\tdetection\tplatforms\tdata_components\tlog_sources\n"
                  "AN0001\tDET0001\tWindows\tDC0035\tWinEventLog:Sysmon:EventCode=10 | WinEventLog:Security:EventCode=4656, 4663\n";
    t.mitigations = "id\tname\ttechniques\nM1043\tCredential Access Protection\tT1003\n";
    t.groups = "id\tname\taliases\ttechniques\nG0001\tExample\tOne, Two\tT1003\n";
    std::string error;
    auto ok = parse_catalog_tsv(t, "x", error);
    REQUIRE_MESSAGE(ok, error);
    CHECK(ok->detection_strategy("DET0001")->analytics == std::vector<std::string>{"AN0001"});
    CHECK(ok->analytic("AN0001")->log_sources.size() == 2);
    CHECK(ok->group("Two")->id == "G0001");
    CHECK(contains(ok->log_source("WinEventLog:Security:EventCode=4663").analytics, "AN0001"));
    CHECK(ok->mitigations_of("T1003") == std::vector<std::string>{"M1043"});

    CatalogTexts bad = t;
    bad.detection_strategies = "id\tname\ttechniques\nDET0001\tDumping\tT1003\nDET02\tX\tT1003\n";
    CHECK_FALSE(parse_catalog_tsv(bad, "x", error));
    CHECK(error.find("x/detection-strategies.tsv:3: 'DET02' is not a detection strategy id") == 0);
    bad = t;
    bad.mitigations = "id\tname\ttechniques\nM1043\tCredential Access Protection\tT1004\n";
    CHECK_FALSE(parse_catalog_tsv(bad, "x", error));
    CHECK(error == "x: M1043 mitigates unknown technique T1004");
    bad = t;
    bad.analytics = "id\tdetection\tplatforms\tdata_components\tlog_sources\nAN0001\tDET0001\tWindows\tDC0099\t\n";
    CHECK_FALSE(parse_catalog_tsv(bad, "x", error));
    CHECK(error == "x: AN0001 reads unknown data component DC0099");
    bad = t;
    bad.groups = "id\tname\taliases\ttechniques\nG0001\tA\t\tT1003\nG0001\tB\t\tT1003\n";
    CHECK_FALSE(parse_catalog_tsv(bad, "x", error));
    CHECK(error.find("x/groups.tsv:3: group G0001 appears twice") == 0);
}

TEST_CASE("the user catalog keeps its own defence tables and borrows the built-in ones when it has none") {
    std::string error;
    auto back = catalog_from_json(catalog_to_json(builtin_catalog()), "catalog.json", error);
    REQUIRE_MESSAGE(back, error);
    CHECK_FALSE(back->builtin_defences);
    CHECK(back->detection_strategies().size() == builtin_catalog().detection_strategies().size());
    CHECK(back->analytics().size() == builtin_catalog().analytics().size());
    CHECK(back->groups_using("T1003.001") == builtin_catalog().groups_using("T1003.001"));
    CHECK(back->log_source("WinEventLog:Sysmon").sources == builtin_catalog().log_source("WinEventLog:Sysmon").sources);

    // What `ttx attack import` stores: tactics and techniques only.
    const std::string imported = R"({"format": "ttx-attack-catalog", "format_version": 1, "version": "19.1",
        "tactics": [{"id": "TA0006", "shortname": "credential-access", "name": "Credential Access", "order": 1}],
        "techniques": [{"id": "T1003.001", "name": "LSASS Memory", "status": "active", "tactics": ["credential-access"]}]})";
    auto borrowed = catalog_from_json(imported, "c.json", error);
    REQUIRE_MESSAGE(borrowed, error);
    CHECK(borrowed->builtin_defences);
    CHECK(contains(borrowed->mitigations_of("T1003.001"), "M1043"));
    CHECK(borrowed->data_component("DC0035"));
    // Saving it again does not freeze today's built-in tables into the file.
    CHECK(catalog_to_json(*borrowed).find("detection_strategies") == std::string::npos);

    CHECK_FALSE(catalog_from_json(R"({"format": "ttx-attack-catalog", "format_version": 1, "tactics": [],
        "techniques": [], "detection_strategies": [{"id": "DET0001", "name": "x", "techniques": ["T1003"]}]})",
                                  "c.json", error));
    CHECK(error == "c.json: DET0001 detects unknown technique T1003");
    CHECK_FALSE(catalog_from_json(R"({"format": "ttx-attack-catalog", "format_version": 1, "tactics": [],
        "techniques": [], "detection_strategies": [], "mitigations": [{"id": "X1", "name": "x"}]})",
                                  "c.json", error));
    CHECK(error == "c.json: mitigations[0] needs the id of a mitigation");
}
