// tests/attack_catalog_test.cpp — the built-in ATT&CK catalog is correct v19.1
// data, maps v18 tactics, and the catalog file formats reject bad input.
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
    CHECK_FALSE(c.full);
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

TEST_CASE("every built-in technique matches the v19.1 reference row") {
    const Catalog& c = builtin_catalog();
    CHECK(c.techniques().size() >= 150);
    auto ref = read_reference("enterprise-techniques.tsv");
    if (ref.empty()) {
        TTX_SKIP("no reference at " TTX_SHARED_DIR "/reference/attack");
    }
    for (const auto& [id, t] : c.techniques()) {
        CAPTURE(id);
        REQUIRE(ref.count(id));
        const auto& r = ref[id];   // technique_id name tactics is_subtechnique status platforms revoked_by
        CHECK(r[1] == t.name);
        CHECK(r[2] == join(t.tactics));
        CHECK(r[3] == (t.subtechnique ? "1" : "0"));
        CHECK(r[4] == status_name(t.status));
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
        CHECK(c.technique(tech.revoked_by)->status == Status::active);
    }
    CHECK(revoked >= 2);
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

TEST_CASE("the TSV format reports the line of a bad row") {
    const std::string tactics = "# comment\nid\tshortname\tname\torder\nTA0001\tinitial-access\tInitial Access\t1\n";
    const std::string header = "id\tname\ttactics\tstatus\trevoked_by\n";
    std::string error;

    auto ok = parse_catalog_tsv(tactics, header + "T1190\tExploit Public-Facing Application\tinitial-access\tactive\t\n",
                                "x", error);
    REQUIRE(ok);
    CHECK(ok->technique("T1190")->tactics == std::vector<std::string>{"initial-access"});

    CHECK_FALSE(parse_catalog_tsv(tactics, header + "T119\tX\tinitial-access\tactive\t\n", "x", error));
    CHECK(error.find("x/techniques.tsv:2:") == 0);
    CHECK_FALSE(parse_catalog_tsv(tactics, header + "T1190\tX\tstealth\tactive\t\n", "x", error));
    CHECK(error.find("unknown tactic 'stealth'") != std::string::npos);
    CHECK_FALSE(parse_catalog_tsv(tactics, header + "T1190\tX\tinitial-access\tgone\t\n", "x", error));
    CHECK(error.find("status 'gone'") != std::string::npos);
    CHECK_FALSE(parse_catalog_tsv(tactics, header + "T1190\tX\tinitial-access\trevoked\t\n", "x", error));
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
