// tests/red_report_test.cpp — the red/blue side of the after-action report:
// a session played with invoice-ransomware's red script (plus a white-cell
// override) reports each move's outcome, how it was decided and when blue saw
// it, red's dwell time and objectives, in HTML, Markdown and JSON; the
// posture layer; red objectives in the loader, validator and scorecard.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/attack/catalog.hpp"
#include "sim/report/report.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/red_team.hpp"
#include "sim/script/decision_script.hpp"
#include "tests/exercise_driver.hpp"
#include "tests/support.hpp"

using namespace sim;
using nlohmann::json;

namespace {

const std::string kScenarios = std::string(TTX_SOURCE_DIR) + "/scenarios/";

std::shared_ptr<const Scenario> load_checked(const LoadResult& r) {
    for (const auto& d : r.diags.items) MESSAGE(format_diagnostic(d));
    REQUIRE(r.scenario);
    REQUIRE_FALSE(r.diags.has_errors());
    return std::make_shared<const Scenario>(*r.scenario);
}

// A decision script played the way `ttx run` plays it (cli::drive): the red
// cell's choices may come during the briefing, anything else starts the exercise.
struct Played {
    std::shared_ptr<const Scenario> sc;
    Journal journal;
    report::SessionMeta meta;
    scoring::Scorecard card;
};

Played play(const std::shared_ptr<const Scenario>& sc, const std::string& script_text) {
    Diagnostics d;
    auto script = script::parse_decision_script(script_text, "red.decisions.yaml", d);
    REQUIRE(script);
    script::check_decision_script(*script, *sc, d);
    for (const auto& x : d.items) MESSAGE(format_diagnostic(x));
    REQUIRE_FALSE(d.has_errors());

    ttx_test::ExerciseDriver drv(sc);
    cmd::Start start;
    start.seed = script->seed.value_or(1);
    start.mode = script->mode.value_or(Mode::blue);
    start.participants = script->participants;
    drv.ok(start);
    drv.ok(cmd::BeginBriefing{});
    bool running = false;
    for (const auto& step : script->steps) {
        const bool briefing = std::holds_alternative<cmd::ChooseRedMove>(step.command);
        if (!briefing && !running) drv.ok(cmd::BeginRunning{}), running = true;
        INFO("script line ", step.line);
        drv.ok(step.command);
    }
    Played p{sc, drv.journal, report::meta_from_journal("s-redreport0001", drv.journal), scoring::score(*sc, drv.journal)};
    return p;
}

const char* kReason = "<script>alert(1)</script> Sandbox in maintenance & the gateway let it through";

// The bundled red script with the white cell's override of the first move.
std::string red_script_with_override() {
    std::string text = ttx_test::slurp(kScenarios + "invoice-ransomware.red.decisions.yaml");
    REQUIRE_FALSE(text.empty());
    const std::string at = "  - advance: \"+00:13\"\n";
    REQUIRE(text.find(at) != std::string::npos);
    text.insert(text.find(at), std::string("  - override: { stage: s1, move: attachment, outcome: none, reason: \"") + kReason +
                                   "\", by: Exercise control }\n");
    return text;
}

Played invoice_red() {
    return play(load_checked(load_scenario_file(kScenarios + "invoice-ransomware.yaml")), red_script_with_override());
}

const scoring::RedMoveResult& move_at(const scoring::Scorecard& c, const std::string& stage) {
    for (const auto& m : c.red.moves)
        if (m.stage == stage) return m;
    FAIL("no red move at " << stage);
    throw 0;
}

} // namespace

TEST_CASE("red report: invoice-ransomware's red script gives each move its outcome, source and detection time") {
    const Played p = invoice_red();
    const auto& r = p.card.red;
    // The script chooses s1-s3; red mode draws s4's move when its stage begins.
    REQUIRE(r.moves.size() == 4);

    // s1: the mail gateway's sandbox rule alerts on the attachment; the white
    // cell overrode that to unseen, with its reason.
    const auto& s1 = move_at(p.card, "s1");
    CHECK(s1.source == "override");
    CHECK(s1.engine_outcome == "alerted");
    CHECK(s1.adjudicated == "none");
    CHECK(s1.override_reason == kReason);
    CHECK(s1.override_by == "Exercise control");
    CHECK(s1.detected_at == kNoTime);
    CHECK_FALSE(s1.detected);

    // s3: the XDR's LSASS rule alerts on the comsvcs.dll dump (the script's story).
    const auto& s3 = move_at(p.card, "s3");
    CHECK(s3.technique == "T1003.001");
    CHECK(s3.adjudicated == "alerted");
    CHECK((s3.source == "posture" || s3.source == "roll"));
    CHECK(s3.control.find("xdr-lsass-access") != std::string::npos);
    CHECK(s3.detected_at == s3.executed_at);

    // Counts: every move is in exactly one adjudicated bucket.
    int total = 0;
    for (const auto& [k, n] : r.adjudicated) total += n;
    CHECK(total == 4);
    CHECK(r.adjudicated.at("unseen") == 1);
    CHECK(r.adjudicated.at("alerted") == 3);
    CHECK(r.undetected == 1);
    const auto& s4 = move_at(p.card, "s4");
    CHECK(s4.t == 31 * 60);   // drawn when lateral movement began

    // Dwell: from the first attack inject to blue's first detection.
    REQUIRE(r.dwell);
    REQUIRE(p.card.metrics.detect.value);
    CHECK_FALSE(r.dwell_to_end);
    CHECK(*r.dwell == p.card.metrics.detect.at - p.card.start);
    CHECK(r.first_detected == p.card.depth.detected);
    CHECK(r.furthest == 3);   // lateral movement
    CHECK(r.cut_off == 2);    // the CSIRT contained it at credential access in the second edition

    CHECK(r.objectives.empty());   // the scenario gives the red cell no objectives of its own

    const report::ReportInput in{*p.sc, p.journal, p.meta, p.card};
    const std::string sentence = "Red reached Lateral Movement (4 of 5 stages) and stayed unseen for " +
                                 scoring::format_duration(*r.dwell) + "; blue first detected it at " +
                                 report::tactic_name(p.sc->stages[static_cast<size_t>(r.first_detected)].tactic);

    SUBCASE("JSON") {
        const json j = json::parse(report::render_json(in));
        const json& red = j["scorecard"]["red"];
        // Contained at credential access, yet red's lateral movement came after: the sentence says so.
        CHECK(red["summary"] == sentence + " and contained it at Credential Access, but red carried on past it.");
        CHECK(red["dwell"] == *r.dwell);
        CHECK(red["objectives"].empty());
        CHECK(red["adjudicated"]["unseen"] == 1);
        const json& m1 = red["moves"][0];
        CHECK(m1["stage"] == "s1");
        CHECK(m1["source"] == "override");
        CHECK(m1["override"]["reason"] == kReason);
        CHECK(m1["override"]["adjudicated"] == s1.engine_outcome);
        CHECK(m1["override"]["outcome"] == "none");
        CHECK(m1["detected_at"].is_null());
        const json& m3 = red["moves"][2];
        CHECK(m3["adjudicated"] == "alerted");
        CHECK(m3["override"].is_null());
        CHECK(m3["detected_at"] == s3.executed_at);
        // The defenders' objectives are scored as before, red's are not in the readiness.
        CHECK(j["scorecard"]["overall"]["applicable"] == p.card.overall_stats.applicable);
    }
    SUBCASE("HTML") {
        const std::string html = report::render_html(in);
        CHECK(html.find("Red against blue") != std::string::npos);
        CHECK(html.find(report::html_escape(sentence)) != std::string::npos);
        CHECK(html.find("OVERRIDE") != std::string::npos);
        CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; Sandbox in maintenance &amp; the gateway let it through") !=
              std::string::npos);
        CHECK(html.find("<script>") == std::string::npos);
        CHECK(html.find("Dwell time") != std::string::npos);
        CHECK(html.find("xdr-lsass-access") != std::string::npos);
    }
    SUBCASE("Markdown") {
        const std::string md = report::render_markdown(in);
        CHECK(md.find("Red against blue") != std::string::npos);
        CHECK(md.find("OVERRIDE") != std::string::npos);
        CHECK(md.find("\\<script\\>alert(1)\\</script\\>") != std::string::npos);
        CHECK(md.find("<script>") == std::string::npos);
        CHECK(md.find("Dwell time") != std::string::npos);
        CHECK(md.find(report::md_escape(scoring::format_duration(*r.dwell))) != std::string::npos);
    }
}

TEST_CASE("posture layer: ATT&CK Navigator 4.5 of what the Harbourline profile covers") {
    const Played p = invoice_red();
    const report::ReportInput in{*p.sc, p.journal, p.meta, p.card};
    const json layer = json::parse(report::render(report::Format::posture_layer, in));
    CHECK(layer["versions"]["layer"] == "4.5");
    CHECK(layer["domain"] == "enterprise-attack");
    REQUIRE(layer["techniques"].is_array());
    std::map<std::string, json> by_id;
    const auto& cat = attack::builtin_catalog();
    for (const auto& t : layer["techniques"]) {
        const std::string id = t["techniqueID"];
        INFO(id);
        CHECK(cat.technique(id) != nullptr);
        const int score = t["score"];
        CHECK((score == 100 || score == 75 || score == 40));
        CHECK(by_id.emplace(id, t).second);   // one entry per technique
    }
    // The profile's two scoped mitigations block, the XDR's LSASS rule alerts,
    // Kerberos service tickets are only logged (no rule on 4769).
    REQUIRE(by_id.count("T1021.006"));
    CHECK(by_id["T1021.006"]["score"] == 100);
    REQUIRE(by_id.count("T1021.001"));
    CHECK(by_id["T1021.001"]["score"] == 100);
    REQUIRE(by_id.count("T1003.001"));
    CHECK(by_id["T1003.001"]["score"] == 75);
    CHECK(by_id["T1003.001"]["comment"].get<std::string>().find("xdr-lsass-access") != std::string::npos);
    CHECK(by_id["T1003.001"]["comment"].get<std::string>().find("Executed in this exercise") != std::string::npos);
    REQUIRE(by_id.count("T1558.003"));
    CHECK(by_id["T1558.003"]["score"] == 40);
    // An unwatched technique is not on the layer: nothing in the profile reads cloud logs.
    CHECK_FALSE(by_id.count("T1530"));
    CHECK(report::file_extension(report::Format::posture_layer) == std::string(".posture.layer.json"));
    CHECK(report::parse_format("posture-layer") == report::Format::posture_layer);

    // A scenario without a posture: a valid, empty layer that says why.
    Scenario bare = *p.sc;
    bare.posture.reset();
    const report::ReportInput none{bare, p.journal, p.meta, p.card};
    const json empty = json::parse(report::render_posture_layer(none));
    CHECK(empty["techniques"].empty());
    CHECK(empty["description"].get<std::string>().find("no posture") != std::string::npos);
}

namespace {

const char* kRedObjectives = R"(format: ttx/1
id: red-objectives
title: Red objectives
teams:
  - { id: soc, kind: blue, roles: [tier1] }
  - { id: red, kind: red, roles: [operator] }
roles:
  - { id: operator, name: Red operator }
objectives:
  - { id: blue-triage, text: Triage the phish, capability: triage }
  - { id: red-quiet, text: Run the payload without an EDR alert }
  - { id: red-persist, text: Keep a foothold through the weekend }
stages:
  - { id: s1, tactic: initial-access }
  - { id: s2, tactic: execution }
  - { id: s3, tactic: persistence }
injects:
  - id: phish
    stage: s1
    at: "+00:00"
    to: soc
    title: Phish reported
    techniques: [T1566.001]
    expect:
      - { id: triage-phish, action: triage, by: tier1, within: 10m, objective: blue-triage }
  - id: red-brief
    stage: s2
    at: "+00:05"
    to: red
    title: Run the payload without tripping the EDR
    techniques: [T1204.002]
    expect:
      - { id: red-no-alert, action: investigate, by: operator, objective: red-quiet, weight: 2 }
      - { id: red-persisted, action: investigate, by: red, objective: red-persist }
  - { id: over, stage: s3, at: "+00:30", to: soc, title: Wrap-up }
)";

} // namespace

TEST_CASE("red objectives: red expectations score on the red scorecard and stay out of the defenders' readiness") {
    const auto sc = load_checked([] {
        LoadResult r = load_scenario_text(kRedObjectives, "red-objectives.yaml");
        REQUIRE(r.scenario);
        validate_scenario(*r.scenario, attack::builtin_catalog(), r.diags);
        return r;
    }());
    CHECK(red_audience(*sc, "operator"));
    CHECK(red_audience(*sc, "red"));
    CHECK_FALSE(red_audience(*sc, "tier1"));
    CHECK(red_objective(*sc, "red-quiet"));
    CHECK_FALSE(red_objective(*sc, "blue-triage"));

    ttx_test::ExerciseDriver drv(sc);
    drv.start_running(Mode::red);
    drv.ok(cmd::Advance{6 * 60});
    drv.ok(cmd::Rate{"red-no-alert", "P", "no EDR alert", "evaluator", "white", std::nullopt});
    drv.ok(cmd::Rate{"red-persisted", "M", "the scheduled task was found", "evaluator", "white", std::nullopt});
    drv.ok(cmd::Rate{"triage-phish", "S", "", "evaluator", "white", std::nullopt});
    drv.ok(cmd::End{});
    const auto card = scoring::score(*sc, drv.journal);

    // The red expectations are red's alone: not in the defenders' stats, teams or findings.
    CHECK(card.overall_stats.applicable == 1);
    CHECK(card.overall_stats.expectations == std::vector<std::string>{"triage-phish"});
    for (const auto& comp : card.readiness.components)
        if (comp.name == "expectations") CHECK(*comp.value == doctest::Approx(75));   // S on the one blue expectation
    for (const auto& t : card.teams) CHECK(t.group.id != "red");
    for (const auto* list : {&card.strengths, &card.improvements})
        for (const auto& f : *list) CHECK(f.expectation.rfind("red-", 0) != 0);
    // (2 x 100 + 1 x 40) / 3 = 80 over both red expectations.
    CHECK(card.red.expectations.applicable == 2);
    CHECK(*card.red.expectations.score == doctest::Approx(80));

    REQUIRE(card.red.objectives.size() == 2);
    CHECK(card.red.objectives[0].id == "red-quiet");
    CHECK(card.red.objectives[0].achieved);          // P: 100
    CHECK(card.red.objectives[1].id == "red-persist");
    CHECK_FALSE(card.red.objectives[1].achieved);    // M: 40
    CHECK(card.red.objectives_achieved == 1);

    // Scoring model 3: red's objectives weigh half of the outcome (one of two achieved: 50).
    CHECK(card.model == 3);
    REQUIRE(card.outcome.red_objectives_score);
    CHECK(*card.outcome.red_objectives_score == doctest::Approx(50));
    REQUIRE(card.outcome.stage_score);
    CHECK(*card.outcome.score == doctest::Approx((*card.outcome.stage_score + 50) / 2));

    // The defenders' objectives table leaves red's out; the red section lists them.
    const auto meta = report::meta_from_journal("s-redobjective1", drv.journal);
    const report::ReportInput in{*sc, drv.journal, meta, card};
    const std::string md = report::render_markdown(in);
    CHECK(md.find("Red achieved 1 of 2 objectives") != std::string::npos);
    const auto red_at = md.find("Red against blue");
    REQUIRE(red_at != std::string::npos);
    CHECK(md.find("Keep a foothold through the weekend", red_at) != std::string::npos);
    const json j = json::parse(report::render_json(in));
    CHECK(j["scorecard"]["red"]["objectives_achieved"] == 1);
    CHECK(j["scorecard"]["outcome"]["red_objectives_score"] == doctest::Approx(50));
    CHECK(j["scorecard"]["red"]["expectations"]["applicable"] == 2);
}

TEST_CASE("red objectives: an objective both the red cell and the defenders count toward is a located error") {
    std::string text = kRedObjectives;
    const std::string from = "by: tier1, within: 10m, objective: blue-triage";
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), "by: tier1, within: 10m, objective: red-quiet");
    LoadResult r = load_scenario_text(text, "red-objectives.yaml");
    REQUIRE(r.scenario);
    validate_scenario(*r.scenario, attack::builtin_catalog(), r.diags);
    std::string all;
    for (const auto& d : r.diags.items) all += format_diagnostic(d) + "\n";
    INFO(all);
    CHECK(r.diags.has_errors());
    // Reported at the later expectation (red-no-alert, line 33), naming the first.
    CHECK(all.find("red-objectives.yaml:33:") != std::string::npos);
    CHECK(all.find("expectation 'red-no-alert' by 'operator' counts toward objective 'red-quiet', which is the "
                   "defenders' (expectation 'triage-phish')") != std::string::npos);
}
