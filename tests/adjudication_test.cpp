// tests/adjudication_test.cpp — red moves adjudicated against the defenders'
// posture: outcomes from mitigations, detections and telemetry, blue's flags,
// seeded rolls that replay, hunts, overrides, and profile validation.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "sim/attack/catalog.hpp"
#include "sim/engine/adjudicate.hpp"
#include "sim/engine/exercise.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/posture.hpp"
#include "sim/script/decision_script.hpp"
#include "tests/exercise_driver.hpp"
#include "tests/support.hpp"

using namespace sim;

namespace {

// s2's alternatives meet different parts of the posture: the LSASS dump an
// XDR rule (alerted), Kerberoasting only collected 4769 events (logged),
// DCSync nothing the posture collects (none), WinRM a mitigation (blocked).
// `asr-lsass`, set by blue's first decision, stops the LSASS dump.
const char* kScenario = R"(format: ttx/1
id: adjudicated
title: Adjudicated
teams:
  - { id: soc, kind: blue, roles: [tier1] }
  - { id: red, kind: red }
  - { id: white, kind: white }
stages:
  - { id: s1, tactic: initial-access }
  - { id: s2, tactic: credential-access }
  - { id: s3, tactic: lateral-movement }
injects:
  - id: start
    stage: s1
    at: "+00:00"
    to: soc
    title: Phish reported
    decision:
      prompt: Harden the endpoint?
      by: soc
      timeout: 5m
      default: wait
      options:
        - { id: asr, label: Enable the ASR LSASS rule, set: [asr-lsass] }
        - { id: wait, label: Wait }
  - { id: step2, stage: s2, at: "+00:10", to: red, title: Step 2 begins }
  - { id: lsass-alert, stage: s2, to: soc, title: LSASS access }
  - { id: roast-found, stage: s2, to: soc, title: Kerberoasting found by a hunt }
  - { id: step3, stage: s3, at: "+00:30", to: red, title: Step 3 begins }
  - { id: winrm-alert, stage: s3, to: soc, title: WinRM session }
  - { id: end, stage: s3, at: "+00:50", to: soc, title: Over }
posture:
  telemetry:
    - { source: "WinEventLog:Sysmon:EventCode=10", reliability: 0.5 }
    - { source: "WinEventLog:Security:EventCode=4769" }
  detections:
    - { id: xdr-lsass, covers: [DET0363], reliability: 0.5 }
  mitigations:
    - { id: M1042, scope: [T1021.006] }
red_moves:
  s2:
    - { id: lsass, technique: T1003.001, alerts: [{ inject: lsass-alert, delay: 2m }], stopped_by: [asr-lsass] }
    - { id: roast, technique: T1558.003, hunt_finds: [roast-found] }
    - { id: dcsync, technique: T1003.006 }
  s3:
    - { id: winrm, technique: T1021.006, alerts: [winrm-alert] }
    - { id: smb, technique: T1021.002 }
)";

std::string with_uncertain(std::string text) {
    const std::string at = "posture:\n";
    text.insert(text.find(at) + at.size(), "  uncertain: true\n");
    return text;
}

std::shared_ptr<const Scenario> scenario(const std::string& text = kScenario) {
    LoadResult r = load_scenario_text(text, "adjudicated.yaml");
    REQUIRE(r.scenario);
    validate_scenario(*r.scenario, attack::builtin_catalog(), r.diags);
    for (const auto& d : r.diags.items) MESSAGE(format_diagnostic(d));
    REQUIRE_FALSE(r.diags.has_errors());
    return std::make_shared<const Scenario>(std::move(*r.scenario));
}

// The shared driver, started and running in `mode` with `seed`.
struct Run : ttx_test::ExerciseDriver {
    explicit Run(Mode mode, std::uint64_t seed = 7, std::shared_ptr<const Scenario> s = scenario())
        : ExerciseDriver(std::move(s)) {
        start_running(mode, seed);
    }
    const RedMoveRecord& move(const std::string& stage) const {
        const RedMoveRecord* r = ex.state().red_move(stage);
        REQUIRE(r);
        return *r;
    }
};

} // namespace

TEST_CASE("adjudication: one different red move, same seed, different injects") {
    Run lsass(Mode::red), roast(Mode::red);
    lsass.ok(cmd::ChooseRedMove{"s2", "lsass"});
    roast.ok(cmd::ChooseRedMove{"s2", "roast"});
    lsass.ok(cmd::Advance{20 * 60});
    roast.ok(cmd::Advance{20 * 60});
    CHECK(lsass.move("s2").outcome == "alerted");
    CHECK(lsass.move("s2").control.find("xdr-lsass") != std::string::npos);
    CHECK(lsass.got("lsass-alert"));
    CHECK(lsass.ex.state().delivered_inject("lsass-alert")->delivered_at == 12 * 60);   // step 2 + 2 min
    CHECK(lsass.ex.state().delivered_inject("lsass-alert")->cause == "alert");
    CHECK(roast.move("s2").outcome == "logged");
    CHECK_FALSE(roast.got("lsass-alert"));
    CHECK_FALSE(roast.got("roast-found"));       // logged: only a hunt finds it
}

TEST_CASE("adjudication: what the posture blocks never produces its alert") {
    Run r(Mode::red);
    r.ok(cmd::ChooseRedMove{"s3", "winrm"});
    r.ok(cmd::Advance{45 * 60});
    CHECK(r.move("s3").outcome == "blocked");
    CHECK(r.move("s3").control.rfind("M1042", 0) == 0);
    CHECK_FALSE(r.got("winrm-alert"));
    // The white cell cannot make it arrive late by accident: only an override to alerted would.
    CHECK(r.move("s3").detected_at() == 30 * 60);
}

TEST_CASE("adjudication: a flag blue set earlier blocks the move, without it the move alerts") {
    Run hardened(Mode::red), open(Mode::red);
    for (Run* run : {&hardened, &open}) run->ok(cmd::ChooseRedMove{"s2", "lsass"});
    hardened.ok(cmd::Decide{"start", "asr", "soc", "", "", ""});
    open.ok(cmd::Decide{"start", "wait", "soc", "", "", ""});
    hardened.ok(cmd::Advance{20 * 60});
    open.ok(cmd::Advance{20 * 60});
    CHECK(hardened.move("s2").outcome == "blocked");
    CHECK(hardened.move("s2").source == "flag");
    CHECK_FALSE(hardened.got("lsass-alert"));
    CHECK(open.move("s2").outcome == "alerted");
    CHECK(open.got("lsass-alert"));
}

TEST_CASE("adjudication: a move that meets nothing the posture collects is unseen") {
    Run r(Mode::red);
    r.ok(cmd::ChooseRedMove{"s2", "dcsync"});
    r.ok(cmd::Advance{20 * 60});
    CHECK(r.move("s2").outcome == "none");
    CHECK(r.move("s2").detected_at() == kNoTime);
}

TEST_CASE("adjudication: an uncertain posture rolls, journals every roll, and a replay draws the same") {
    const auto sc = scenario(with_uncertain(kScenario));
    std::vector<std::string> outcomes;
    for (std::uint64_t seed : {1, 2, 3, 4, 5, 6, 7, 8}) {
        Run r(Mode::red, seed, sc);
        r.ok(cmd::ChooseRedMove{"s2", "lsass"});
        r.ok(cmd::Advance{20 * 60});
        const auto& m = r.move("s2");
        REQUIRE_FALSE(m.rolls.empty());
        CHECK(m.source == "roll");
        outcomes.push_back(m.outcome);
        // The journal holds the rolls; folding it again gives the same state.
        bool journaled = false;
        for (const auto& e : r.journal)
            if (const auto* a = e.get<ev::RedAdjudicated>()) journaled = a->rolls == m.rolls;
        CHECK(journaled);
        CHECK(replay(sc, r.journal).state() == r.ex.state());
        // The same seed draws the same again.
        Run again(Mode::red, seed, sc);
        again.ok(cmd::ChooseRedMove{"s2", "lsass"});
        again.ok(cmd::Advance{20 * 60});
        CHECK(again.move("s2").rolls == m.rolls);
        CHECK(again.journal == r.journal);
    }
    // With p = 0.5 x 0.5 for the alert, eight seeds do not all agree.
    CHECK(std::count(outcomes.begin(), outcomes.end(), outcomes.front()) < 8);
}

TEST_CASE("adjudication: a hunt reveals a logged move and not an unseen one") {
    Run logged(Mode::red), unseen(Mode::red);
    logged.ok(cmd::ChooseRedMove{"s2", "roast"});
    unseen.ok(cmd::ChooseRedMove{"s2", "dcsync"});
    for (Run* r : {&logged, &unseen}) r->ok(cmd::Advance{20 * 60});
    for (Run* r : {&logged, &unseen})
        r->ok(cmd::Hunt{"soc", "WinEventLog:Security:EventCode=4769", "RC4 service tickets, last hour"});
    CHECK(logged.move("s2").revealed_at == 20 * 60);
    CHECK(logged.move("s2").detected_at() == 20 * 60);
    CHECK(logged.got("roast-found"));
    CHECK(logged.ex.state().delivered_inject("roast-found")->cause == "hunt");
    REQUIRE(logged.ex.state().hunts.size() == 1);
    CHECK(logged.ex.state().hunts[0].revealed == std::vector<std::string>{"s2/roast"});
    CHECK(unseen.move("s2").revealed_at == kNoTime);
    CHECK(unseen.ex.state().hunts[0].revealed.empty());
    // Telemetry the catalog does not know is refused with the nearest name.
    CommandResult bad = logged.run(cmd::Hunt{"soc", "Proces Access", ""});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error.find("DC0035") != std::string::npos);
}

TEST_CASE("adjudication: an override is journaled, changes what arrives and is shown") {
    Run r(Mode::red);
    r.ok(cmd::ChooseRedMove{"s2", "roast"});
    r.ok(cmd::Advance{20 * 60});
    CHECK_FALSE(r.run(cmd::OverrideOutcome{"s2", "roast", "alerted", "", "white"}).ok());     // a reason is required
    r.ok(cmd::OverrideOutcome{"s2", "roast", "alerted", "The SOC lead spotted the RC4 burst on the DC console", "white"});
    const Event& last = r.journal.back().is<ev::OutcomeOverridden>() ? r.journal.back() : r.journal[r.journal.size() - 2];
    REQUIRE(last.is<ev::OutcomeOverridden>());
    CHECK(last.get<ev::OutcomeOverridden>()->reason.find("RC4") != std::string::npos);
    CHECK(r.move("s2").effective_outcome() == "alerted");
    CHECK(r.move("s2").outcome == "logged");
    const nlohmann::json red = red_entries_json(r.ex.scenario(), r.ex.state());
    REQUIRE(red.size() == 1);
    CHECK(red[0]["outcome"] == "alerted");
    CHECK(red[0]["detected_at"] == 20 * 60);
    CHECK(red[0]["adjudication"]["source"] == "override");
    CHECK(red[0]["adjudication"]["override"]["adjudicated"] == "logged");
    CHECK(red[0]["adjudication"]["override"]["reason"] == "The SOC lead spotted the RC4 burst on the DC console");
}

TEST_CASE("adjudication: scenarios without a posture keep their causes and are not adjudicated") {
    std::string text = kScenario;
    text.erase(text.find("posture:"), text.find("red_moves:") - text.find("posture:"));
    Run r(Mode::red, 7, scenario(text));
    r.ok(cmd::ChooseRedMove{"s2", "lsass"});
    r.ok(cmd::Advance{20 * 60});
    CHECK(r.move("s2").outcome.empty());
    CHECK(r.got("lsass-alert"));               // no posture: an alert arrives like a cause
    CHECK_FALSE(r.run(cmd::Hunt{"soc", "DC0035", ""}).ok());
}

TEST_CASE("adjudication: a profile naming unknown or revoked ids is a located error with the nearest name") {
    ttx_test::TempDir tmp;
    const std::string path = tmp.file("acme.yaml");
    {
        std::ofstream out(path);
        out << "format: ttx-profile/1\n"
               "id: acme\n"
               "telemetry:\n"
               "  - { source: Proces Access }\n"
               "detections:\n"
               "  - { id: rule-a, covers: [DET0364, T1073] }\n"
               "  - { id: rule-b, covers: [DET9363] }\n"
               "mitigations:\n"
               "  - M1043\n"
               "  - { id: M9999 }\n";
    }
    ProfileLoad r = load_and_validate_profile(path, attack::builtin_catalog());
    std::vector<std::string> errors;
    for (const auto& d : r.diags.items)
        if (d.level == DiagLevel::error) errors.push_back(format_diagnostic(d));
    for (const auto& e : errors) MESSAGE(e);
    auto has = [&](const std::string& a, const std::string& b) {
        return std::any_of(errors.begin(), errors.end(), [&](const std::string& e) {
            return e.find(a) != std::string::npos && e.find(b) != std::string::npos;
        });
    };
    CHECK(has(path + ":4:5:", "DC0035"));                  // nearest data component
    CHECK(has(path + ":6:37:", "revoked"));                // T1073 is revoked ...
    CHECK(has(":6:37:", "T1574.001"));                     // ... and its replacement named
    CHECK(has(path + ":7:28:", "DET9363"));
    CHECK(has(path + ":10:5:", "M9999"));
    CHECK(errors.size() == 4);
}

TEST_CASE("adjudication: a scenario referencing a profile resolves it and checks it") {
    const auto sc = scenario(R"(format: ttx/1
id: uses-profile
title: Uses a profile
teams: [{ id: soc, kind: blue }]
stages: [{ id: s1, tactic: credential-access }]
injects: [{ id: a, stage: s1, at: "+00:00", to: soc, title: A }]
posture: { profile: harbourline-freight }
)");
    REQUIRE(sc->posture);
    CHECK(sc->posture->profile == "harbourline-freight");
    CHECK_FALSE(sc->posture->telemetry.empty());
    LoadResult missing = load_scenario_text("format: ttx/1\nid: x\ntitle: X\nposture: { profile: harbourline-freigth }\n", "x.yaml");
    bool located = false;
    for (const auto& d : missing.diags.items)
        located = located || (d.code == "unknown-profile" && d.line == 4 && d.hint.find("harbourline-freight") != std::string::npos);
    CHECK(located);
}

TEST_CASE("adjudication: override and hunt steps in decision scripts, override in a blue script is a located error") {
    const auto sc = scenario();
    Diagnostics d;
    auto script = script::parse_decision_script("format: ttx-decisions/1\nscenario: adjudicated\nsteps:\n"
                                                "  - hunt: { team: soc, telemetry: DC0035, scope: lsass }\n"
                                                "  - override: { stage: s2, move: roast, outcome: alerted, reason: seen }\n",
                                                "blue.yaml", d);
    REQUIRE(script);
    CHECK_FALSE(script::check_decision_script(*script, *sc, d));
    bool located = false;
    for (const auto& x : d.items) located = located || (x.code == "wrong-mode" && x.line == 5);
    CHECK(located);
    Diagnostics d2;
    auto bad = script::parse_decision_script("format: ttx-decisions/1\nscenario: adjudicated\nsteps:\n"
                                             "  - hunt: { team: soc, telemetry: Proces Acess }\n", "hunt.yaml", d2);
    REQUIRE(bad);
    CHECK_FALSE(script::check_decision_script(*bad, *sc, d2));
    bool hinted = false;
    for (const auto& x : d2.items) hinted = hinted || (x.code == "unknown-telemetry" && x.line == 4 && x.hint.find("DC0035") != std::string::npos);
    CHECK(hinted);
}
