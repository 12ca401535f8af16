// tests/navigator_test.cpp — the ATT&CK Navigator layer follows format 4.5
// (../shared/reference/formats/navigator/layerformat-v4.5.md) and scores the
// exercise outcome: detected early = high, missed = low.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "sim/report/report.hpp"
#include "tests/event_support.hpp"

#include "tests/support.hpp"

using namespace sim;
using namespace sim::report;
using nlohmann::json;

namespace {

Scenario chain_scenario() {
    Scenario s;
    s.id = "nav";
    s.title = "Navigator <check>";
    s.roles = builtin_roles();
    s.capabilities = builtin_capabilities();
    s.teams = {{"soc", "SOC", TeamKind::blue, {"tier1", "tier2"}, {}}};
    s.stages = {{"s1", "initial-access", "", "", {}},
                {"s2", "execution", "", "", {}},
                {"s3", "credential-access", "", "", {}},
                {"s4", "lateral-movement", "", "", {}}};
    auto inject = [](std::string id, std::string stage, std::vector<std::string> techniques) {
        Inject i;
        i.id = std::move(id);
        i.stage = std::move(stage);
        i.to = {"soc"};
        i.title = i.id;
        i.techniques = std::move(techniques);
        i.expect = {{"detect-" + i.id, Action::detect, "tier1", 600, "detection", "", 1.0, i.id, {}}};
        return i;
    };
    s.injects = {inject("phish", "s1", {"T1566.001"}), inject("macro", "s2", {"T1204.002", "T1059.001"}),
                 inject("lsass", "s3", {"T1003.001"}), inject("rdp", "s4", {"T1021.001"})};
    Inject noise;
    noise.id = "noise";
    noise.stage = "s1";
    noise.to = {"soc"};
    noise.benign = true;
    noise.techniques = {"T1110.003"};                // benign: never on the layer
    s.injects.push_back(noise);
    return s;
}

Event journal_event(std::int64_t seq, ExTime t, std::string kind, json data) { return ttx_test::stored_event(seq, t, kind, data); }

// phish missed, macro missed, lsass caught (P on time), rdp delivered later:
// covered by the earlier detection; purple says T1059.001 was blocked.
Journal chain_journal() {
    Journal j;
    std::int64_t seq = 0;
    j.push_back(journal_event(++seq, 0, "session.started", {{"scenario", "chain"}, {"seed", 1}, {"mode", "purple"}}));
    for (auto [t, id, st] : {std::tuple{0, "phish", "s1"}, {60, "noise", "s1"}, {120, "macro", "s2"}, {300, "lsass", "s3"},
                             {900, "rdp", "s4"}})
        j.push_back(journal_event(++seq, t, "inject.delivered", {{"inject", id}, {"stage", st}, {"teams", {"soc"}}}));
    j.push_back(journal_event(++seq, 400, "inject.status",
                   {{"inject", "lsass"}, {"team", "soc"}, {"status", "escalated"}, {"role", "tier1"}}));
    j.push_back(journal_event(++seq, 500, "purple.outcome",
                   {{"technique", "T1059.001"}, {"outcome", "blocked"}, {"team", "soc"}, {"note", ""}}));
    j.push_back(journal_event(++seq, 2000, "exercise.ended", {{"ending", ""}, {"reason", "facilitator"}}));
    return j;
}

json layer_for(const Scenario& sc, const Journal& j) {
    const auto card = scoring::score(sc, j);
    const SessionMeta meta = meta_from_journal("s-0000000000aa", j);
    return json::parse(render_navigator({sc, j, meta, card}));
}

// Tactic shortnames of ATT&CK v19.1 from the shared reference, if present.
std::set<std::string> reference_tactics() {
    std::set<std::string> out;
    std::ifstream in(std::string(TTX_SHARED_DIR) + "/reference/attack/enterprise-tactics.tsv");
    std::string line;
    std::getline(in, line);                            // header
    while (std::getline(in, line)) {
        std::istringstream cols(line);
        std::string id, shortname;
        std::getline(cols, id, '\t');
        std::getline(cols, shortname, '\t');
        if (!shortname.empty()) out.insert(shortname);
    }
    return out;
}

} // namespace

TEST_CASE("navigator layer: required fields and value rules of format 4.5") {
    const json layer = layer_for(chain_scenario(), chain_journal());
    REQUIRE(layer.is_object());
    CHECK(layer["versions"]["layer"] == "4.5");
    CHECK(layer["versions"]["attack"] == "19");
    CHECK(layer["versions"]["navigator"].is_string());
    CHECK(layer["name"].is_string());
    CHECK(layer["name"].get<std::string>().find("Navigator <check>") != std::string::npos);  // JSON, not HTML
    CHECK(layer["domain"] == "enterprise-attack");
    CHECK(layer["description"].is_string());
    REQUIRE(layer["gradient"]["colors"].size() >= 2);
    const double lo = layer["gradient"]["minValue"], hi = layer["gradient"]["maxValue"];
    CHECK(hi > lo);
    const std::regex color("^#[0-9a-fA-F]{6}$");
    for (const auto& c : layer["gradient"]["colors"]) CHECK(std::regex_match(c.get<std::string>(), color));
    for (const auto& l : layer["legendItems"]) {
        CHECK(l["label"].is_string());
        CHECK(std::regex_match(l["color"].get<std::string>(), color));
    }

    const std::regex technique_id("^T[0-9]{4}(\\.[0-9]{3})?$");
    std::set<std::string> tactics = reference_tactics();
    if (tactics.empty()) {
        MESSAGE("../shared/reference/attack not found: checking tactics against the built-in catalog only");
        for (const auto& t : attack::builtin_catalog().tactics()) tactics.insert(t.shortname);
    }
    REQUIRE(layer["techniques"].is_array());
    CHECK(layer["techniques"].size() == 5);
    for (const auto& t : layer["techniques"]) {
        CHECK(std::regex_match(t["techniqueID"].get<std::string>(), technique_id));
        if (t.contains("tactic")) CHECK_MESSAGE(tactics.count(t["tactic"].get<std::string>()), t["tactic"]);
        if (t.contains("score")) {
            CHECK(t["score"].get<double>() >= lo);
            CHECK(t["score"].get<double>() <= hi);
        }
        if (t.contains("color")) CHECK(std::regex_match(t["color"].get<std::string>(), color));
        CHECK(t["enabled"].is_boolean());
        CHECK(t["comment"].is_string());
        CHECK(t["showSubtechniques"].is_boolean());
        for (const auto& m : t["metadata"]) {
            CHECK(m["name"].is_string());
            CHECK(m["value"].is_string());
        }
    }
}

TEST_CASE("navigator layer: scores follow the exercise outcome") {
    const json layer = layer_for(chain_scenario(), chain_journal());
    std::map<std::string, json> by_id;
    for (const auto& t : layer["techniques"]) by_id[t["techniqueID"].get<std::string>()] = t;
    CHECK_FALSE(by_id.count("T1110.003"));               // benign noise is not part of the attack
    CHECK(by_id["T1566.001"]["score"] == 0);             // missed at the first stage
    CHECK(by_id["T1204.002"]["score"] == 0);             // missed
    CHECK(by_id["T1059.001"]["score"] == 100);           // purple: blocked
    CHECK(by_id["T1003.001"]["score"] == 100);           // detected on its own inject, P on time
    CHECK(by_id["T1021.001"]["score"] == 50);            // not caught itself; attack already detected
    CHECK(by_id["T1003.001"]["tactic"] == "credential-access");
    CHECK(by_id["T1566.001"]["color"] == "#d73027");
    CHECK(by_id["T1003.001"]["color"] == "#1a9850");
    CHECK(by_id["T1566.001"]["comment"].get<std::string>().find("Missed") != std::string::npos);
}

TEST_CASE("navigator layer: a technique outside its stage's tactic is placed under one of its own tactics") {
    Scenario sc = chain_scenario();
    sc.injects[0].techniques = {"T1003.001"};            // credential dumping written on an initial-access stage
    sc.injects[2].techniques = {"T1021.002"};
    const json layer = layer_for(sc, chain_journal());
    for (const auto& t : layer["techniques"])
        if (t["techniqueID"] == "T1003.001") CHECK(t["tactic"] == "credential-access");
}

TEST_CASE("navigator layer: the reference example's shape is what we emit") {
    const std::string path = std::string(TTX_SHARED_DIR) + "/reference/formats/navigator/example-from-spec-v4.5.json";
    if (!std::filesystem::exists(path)) {
        TTX_SKIP(path << " not found");
    }
    std::ifstream in(path);
    const json example = json::parse(in);
    const json ours = layer_for(chain_scenario(), chain_journal());
    for (const auto& [key, value] : example.items()) {
        if (key == "filters") continue;                  // optional: we do not restrict platforms
        CHECK_MESSAGE(ours.contains(key), key);
        if (ours.contains(key)) CHECK_MESSAGE(ours[key].type() == value.type(), key);
    }
}
