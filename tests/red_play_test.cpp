// tests/red_play_test.cpp — the red cell's moves shape the story: caused and
// move-conditioned injects, prerequisites and blocks, red decisions, replay,
// validation of move references, and red steps in decision scripts.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>

#include "sim/attack/catalog.hpp"
#include "sim/engine/exercise.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/script/decision_script.hpp"
#include "tests/exercise_driver.hpp"

using namespace sim;

namespace {

// Three stages: s2's move decides which alert the SOC gets and when; s3's
// RDP move needs the LSASS dump and is closed once blue isolates the host.
const char* kScenario = R"(format: ttx/1
id: red-play
title: Red play
teams:
  - { id: soc, kind: blue, roles: [tier1] }
  - { id: red, kind: red }
stages:
  - { id: s1, tactic: initial-access }
  - { id: s2, tactic: credential-access }
  - { id: s3, tactic: lateral-movement }
injects:
  - id: phish
    stage: s1
    at: "+00:00"
    to: soc
    title: Phish reported
    decision:
      prompt: Isolate the host?
      by: soc
      default: wait
      options:
        - { id: isolate, label: Isolate, set: [host-isolated] }
        - { id: wait, label: Wait }
  - { id: cred-start, stage: s2, at: "+00:10", to: red, title: Step 2 begins }
  - { id: lsass-alert, stage: s2, to: soc, channel: xdr-incidents, title: LSASS handle opened }
  - { id: dcsync-alert, stage: s2, to: soc, channel: siem, title: Replication from a workstation }
  - { id: edr-noise, stage: s2, at: "+00:12", when: { not: [s2/dcsync] }, to: soc, title: Only without DCSync }
  - id: red-choice
    stage: s3
    at: "+00:30"
    to: red
    title: The SOC is onto you
    decision:
      prompt: What does the red cell do?
      by: red
      default: quiet
      options:
        - { id: quiet, label: Go quiet, set: [red-quiet], goto: end-quiet }
        - { id: push, label: Push on, goto: end-loud }
  - { id: end-quiet, stage: s3, to: soc, title: Nothing more is seen, end: quiet }
  - { id: end-loud, stage: s3, to: soc, title: File server encrypted, end: loud }
red_moves:
  s1:
    - { technique: T1566.001 }
  s2:
    - { id: lsass, technique: T1003.001, causes: [{ inject: lsass-alert, delay: 2m }] }
    - { id: dcsync, technique: T1003.006, causes: [{ inject: dcsync-alert, delay: 9m }] }
  s3:
    - { id: rdp, technique: T1021.001, requires: [s2/lsass], blocked_by: [host-isolated] }
    - { id: winrm, technique: T1021.006 }
endings:
  - { id: quiet, title: Quiet }
  - { id: loud, title: Loud }
)";

std::shared_ptr<const Scenario> scenario(const std::string& text = kScenario) {
    LoadResult r = load_scenario_text(text, "red-play.yaml");
    REQUIRE(r.scenario);
    validate_scenario(*r.scenario, attack::builtin_catalog(), r.diags);
    for (const auto& d : r.diags.items) MESSAGE(format_diagnostic(d));
    REQUIRE(r.diags.items.empty());
    return std::make_shared<const Scenario>(std::move(*r.scenario));
}

// The shared driver, started and running in `mode` with `seed`.
struct Run : ttx_test::ExerciseDriver {
    explicit Run(Mode mode, std::uint64_t seed = 7, std::shared_ptr<const Scenario> s = scenario())
        : ExerciseDriver(std::move(s)) {
        start_running(mode, seed);
    }
    std::vector<std::string> delivered() const {
        std::vector<std::string> out;
        for (const auto& d : ex.state().delivered) out.push_back(d.inject + "@" + format_clock(d.delivered_at));
        return out;
    }
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_CASE("red play: one different red move, same seed, different injects on different channels and times") {
    Run lsass(Mode::red), dcsync(Mode::red);
    lsass.ok(cmd::ChooseRedMove{"s2", "lsass"});
    dcsync.ok(cmd::ChooseRedMove{"s2", "dcsync"});
    // Chosen ahead: nothing yet, the move takes effect when step 2 begins.
    CHECK(lsass.ex.state().red_move("s2")->executed_at == kNoTime);
    lsass.ok(cmd::Advance{25 * 60});
    dcsync.ok(cmd::Advance{25 * 60});
    CHECK(lsass.ex.state().red_move("s2")->executed_at == 10 * 60);
    CHECK(lsass.ex.state().flags.count("s2/lsass") == 1);

    CHECK(lsass.got("lsass-alert"));
    CHECK(lsass.got("edr-noise"));
    CHECK_FALSE(lsass.got("dcsync-alert"));
    CHECK(lsass.ex.state().delivered_inject("lsass-alert")->delivered_at == 12 * 60);
    CHECK(lsass.ex.state().delivered_inject("lsass-alert")->cause == "red-move");

    CHECK(dcsync.got("dcsync-alert"));
    CHECK_FALSE(dcsync.got("lsass-alert"));
    CHECK_FALSE(dcsync.got("edr-noise"));           // when: {not: [s2/dcsync]}
    CHECK(dcsync.ex.state().delivered_inject("dcsync-alert")->delivered_at == 19 * 60);
    CHECK(lsass.delivered() != dcsync.delivered());

    SUBCASE("chosen while the stage runs, the move takes effect at once") {
        Run late(Mode::purple);
        late.ok(cmd::Advance{11 * 60});              // step 2 began at +00:10 with no move (purple draws one)
        CHECK(late.ex.state().red_move("s2") != nullptr);
    }
}

TEST_CASE("red play: blue mode has no red cell, so caused injects never come") {
    Run blue(Mode::blue);
    blue.ok(cmd::Advance{25 * 60});
    CHECK_FALSE(blue.got("lsass-alert"));
    CHECK_FALSE(blue.got("dcsync-alert"));
    CHECK(blue.got("edr-noise"));                   // nothing says DCSync happened
    CHECK(contains(blue.refused(cmd::ChooseRedMove{"s2", "lsass"}), "red or purple mode"));
}

TEST_CASE("red play: unavailable moves are refused with their reason, the draw skips them") {
    SUBCASE("a prerequisite that does not hold yet") {
        Run r(Mode::red);
        r.ok(cmd::ChooseRedMove{"s2", "lsass"});
        // s2 has not begun, so the dump has not happened yet.
        const std::string why = r.refused(cmd::ChooseRedMove{"s3", "rdp"});
        CHECK(contains(why, "red move 's3/rdp' requires s2/lsass"));
        CHECK(contains(why, "available now: winrm"));
        r.ok(cmd::Advance{11 * 60});
        r.ok(cmd::ChooseRedMove{"s3", "rdp"});      // the dump took effect at +00:10
    }
    SUBCASE("a prerequisite that never held") {
        Run r(Mode::red);
        r.ok(cmd::ChooseRedMove{"s2", "dcsync"});
        r.ok(cmd::Advance{11 * 60});
        CHECK(contains(r.refused(cmd::ChooseRedMove{"s3", "rdp"}), "requires s2/lsass"));
    }
    SUBCASE("blue isolated the host") {
        Run r(Mode::red);
        r.ok(cmd::ChooseRedMove{"s2", "lsass"});
        r.ok(cmd::Decide{"phish", "isolate", "soc", "", "", ""});
        r.ok(cmd::Advance{11 * 60});
        const std::string why = r.refused(cmd::ChooseRedMove{"s3", "rdp"});
        CHECK(contains(why, "red move 's3/rdp' is blocked: host-isolated is set"));
    }
    SUBCASE("the seeded draw picks only among available moves, whatever the seed") {
        for (std::uint64_t seed = 1; seed <= 12; ++seed) {
            Run r(Mode::red, seed);
            r.ok(cmd::ChooseRedMove{"s2", "dcsync"});
            r.ok(cmd::Advance{31 * 60});
            REQUIRE(r.ex.state().red_move("s3"));
            CHECK(r.ex.state().red_move("s3")->move == "winrm");
            CHECK(r.ex.state().red_move("s3")->drawn);
        }
    }
}

TEST_CASE("red play: a red decision branches the story") {
    for (const char* option : {"quiet", "push"}) {
        CAPTURE(option);
        Run r(Mode::red);
        r.ok(cmd::Advance{30 * 60});
        CHECK(contains(r.refused(cmd::Decide{"red-choice", option, "soc", "", "", ""}), "may not take the decision"));
        r.ok(cmd::Decide{"red-choice", option, "red", "", "", "the SOC isolated the first host"});
        CHECK(r.ex.state().ended);
        CHECK(r.ex.state().ending == (std::string(option) == "quiet" ? "quiet" : "loud"));
        CHECK(r.got(std::string(option) == "quiet" ? "end-quiet" : "end-loud"));
    }
}

TEST_CASE("red play: replaying the journal gives the same state, draws included") {
    Run r(Mode::purple, 99);
    r.ok(cmd::ChooseRedMove{"s2", "lsass"});
    r.ok(cmd::Advance{31 * 60});
    r.ok(cmd::Decide{"red-choice", "push", "red", "", "", ""});
    const Exercise again = replay(r.sc, r.journal);
    CHECK(again.state() == r.ex.state());
    // The same commands with the same seed give the same journal.
    Run twin(Mode::purple, 99);
    twin.ok(cmd::ChooseRedMove{"s2", "lsass"});
    twin.ok(cmd::Advance{31 * 60});
    twin.ok(cmd::Decide{"red-choice", "push", "red", "", "", ""});
    CHECK(journal_sha256(twin.journal) == journal_sha256(r.journal));
}

namespace {

Diagnostics validate_text(const std::string& text) {
    LoadResult r = load_scenario_text(text, "red-play.yaml");
    if (r.scenario && !r.diags.has_errors()) validate_scenario(*r.scenario, attack::builtin_catalog(), r.diags);
    return r.diags;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

const Diagnostic* find_code(const Diagnostics& d, const std::string& code) {
    for (const auto& x : d.items)
        if (x.code == code) return &x;
    return nullptr;
}

// The first diagnostic with `code` is on `line`, says `message` and suggests `hint`.
void expect_located(const Diagnostics& d, const std::string& code, int line, const std::string& message,
                    const std::string& hint) {
    const Diagnostic* x = find_code(d, code);
    REQUIRE_MESSAGE(x, "no ", code);
    CHECK(x->line == line);
    CHECK(contains(x->message, message));
    CHECK(contains(x->hint, hint));
}

} // namespace

TEST_CASE("red play: bad move references are located errors with the nearest name") {
    SUBCASE("an unknown inject in causes") {
        auto d = validate_text(replaced(kScenario, "inject: lsass-alert", "inject: lsass-alrt"));
        expect_located(d, "dangling-ref", 46, "unknown inject 'lsass-alrt'", "lsass-alert");
    }
    SUBCASE("an unknown move in a when") {
        auto d = validate_text(replaced(kScenario, "not: [s2/dcsync]", "not: [s2/dcsnyc]"));
        expect_located(d, "dangling-ref", 27, "unknown red move 's2/dcsnyc'", "s2/dcsync");
    }
    SUBCASE("an unknown move in requires, an unset flag in blocked_by") {
        auto d = validate_text(replaced(replaced(kScenario, "requires: [s2/lsass]", "requires: [s2/lsas]"),
                                        "blocked_by: [host-isolated]", "blocked_by: [host-isolatd]"));
        expect_located(d, "dangling-ref", 49, "unknown red move 's2/lsas'", "s2/lsass");
        expect_located(d, "unset-flag", 49, "flag 'host-isolatd'", "host-isolated");
    }
    SUBCASE("a move reference that is neither a flag nor stage/move") {
        auto d = validate_text(replaced(kScenario, "requires: [s2/lsass]", "requires: [s2/lsass/x]"));
        const Diagnostic* x = find_code(d, "bad-id");
        REQUIRE(x);
        CHECK(x->line == 49);
    }
    SUBCASE("a move whose prerequisites can never hold is a warning") {
        auto d = validate_text(replaced(kScenario, "requires: [s2/lsass]", "requires: [s3/winrm]"));
        CHECK_FALSE(d.has_errors());
        const Diagnostic* x = find_code(d, "unavailable-move");
        REQUIRE(x);
        CHECK(x->level == DiagLevel::warning);
        CHECK(x->line == 49);
        CHECK(contains(x->message, "another move of its own stage"));
    }
}

TEST_CASE("red play: red steps in a blue-mode script are located errors") {
    const std::string script = R"(format: ttx-decisions/1
scenario: red-play
steps:
  - advance: "+00:05"
  - red: { stage: s2, move: lsass }
  - advance: "+00:31"
  - decide: { inject: red-choice, option: push, team: red }
)";
    auto sc = scenario();
    Diagnostics d;
    auto parsed = script::parse_decision_script(script, "blue.decisions.yaml", d);
    REQUIRE(parsed);
    CHECK_FALSE(script::check_decision_script(*parsed, *sc, d));
    REQUIRE(d.items.size() == 2);
    CHECK(d.items[0].code == "wrong-mode");
    CHECK(d.items[0].line == 5);
    CHECK(contains(d.items[0].message, "step 2 (red)"));
    CHECK(d.items[1].line == 7);
    CHECK(contains(d.items[1].message, "red team 'red'"));

    Diagnostics red;
    CHECK(script::check_decision_script(*parsed, *sc, red, Mode::red));
    CHECK(red.items.empty());

    Diagnostics typo;
    auto bad = script::parse_decision_script(replaced(script, "move: lsass", "move: lsas"), "x.yaml", typo);
    REQUIRE(bad);
    CHECK_FALSE(script::check_decision_script(*bad, *sc, typo, Mode::red));
    REQUIRE(typo.items.size() == 1);
    CHECK(typo.items[0].line == 5);
    CHECK(contains(typo.items[0].hint, "lsass"));
}
