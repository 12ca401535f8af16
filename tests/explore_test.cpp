// Explorer: path counts, endings, dead ends, goto loops, unreachable injects,
// readiness bounds, red moves, the generated chain, and agreement with the
// engine (every listed path, replayed through sim::Exercise, does what the
// explorer says). Fixtures: tests/fixtures/explore/*.yaml, each commented
// with the numbers it must give.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/attack/catalog.hpp"
#include "sim/engine/exercise.hpp"
#include "sim/explore/design.hpp"
#include "sim/explore/explore.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support.hpp"

using namespace sim;
using sim::explore::Count;

namespace {

std::shared_ptr<const Scenario> fixture(const std::string& name) {
    LoadResult r = load_and_validate(TTX_SOURCE_DIR "/tests/fixtures/explore/" + name, attack::builtin_catalog());
    for (const auto& d : r.diags.items) MESSAGE(format_diagnostic(d));
    REQUIRE(r.scenario);
    REQUIRE_FALSE(r.diags.has_errors());
    return std::make_shared<const Scenario>(std::move(*r.scenario));
}

const explore::EndingResult& ending(const explore::Report& r, const std::string& id) {
    for (const auto& e : r.endings)
        if (e.id == id) return e;
    FAIL("no ending " << id);
    return r.endings.front();
}

bool has_defect(const explore::Report& r, const std::string& fragment) {
    for (const auto& d : r.defects())
        if (d.find(fragment) != std::string::npos) return true;
    return false;
}

} // namespace

// Plays an explorer path through the real engine and checks that the same
// injects arrive in the same order, the same decisions are taken (or time
// out), the same red moves take effect with the same outcomes and the same
// ending is reached. Shared with scenarios_test.cpp.
void check_path_in_engine(const std::shared_ptr<const Scenario>& s, const explore::Path& p, Mode mode) {
    Exercise ex(s);
    auto run = [&](const Command& c) {
        CommandResult r = ex.plan(c);
        REQUIRE_MESSAGE(r.ok(), command_name(c), ": ", r.error, " (path: ", explore::describe(p), ")");
        for (const auto& e : r.events) ex.apply(e);
    };
    cmd::Start start;
    start.seed = 7;
    start.mode = mode;
    run(start);
    run(cmd::BeginBriefing{});
    for (const auto& c : explore::red_choices_at_start(p)) run(c);
    run(cmd::BeginRunning{});
    for (const auto& c : explore::commands_for(*s, p)) {
        if (ex.state().ended) break;
        run(c);
    }
    const ExerciseState& st = ex.state();
    INFO("path: ", explore::describe(p));

    std::vector<std::string> want_delivered, got_delivered;
    std::vector<std::string> want_decisions, got_decisions;
    std::vector<std::string> want_red, got_red;
    std::string want_ending;
    for (const auto& step : p.steps) {
        if (step.kind == explore::Step::Kind::delivered) want_delivered.push_back(step.inject + "@" + std::to_string(step.at));
        if (step.kind == explore::Step::Kind::decided || step.kind == explore::Step::Kind::timed_out)
            want_decisions.push_back(step.inject + "=" + step.option +
                                     (step.kind == explore::Step::Kind::timed_out ? " (timeout)" : "") + "@" +
                                     std::to_string(step.at));
        if (step.kind == explore::Step::Kind::ended) want_ending = step.ending;
        if (step.kind == explore::Step::Kind::red_move)
            want_red.push_back(step.stage + "/" + step.move + "=" + step.outcome + "@" + std::to_string(step.at));
    }
    for (const auto& r : st.red_moves)
        if (r.executed_at != kNoTime)
            got_red.push_back(r.stage + "/" + r.move + "=" + r.effective_outcome() + "@" + std::to_string(r.executed_at));
    for (const auto& d : st.delivered) got_delivered.push_back(d.inject + "@" + std::to_string(d.delivered_at));
    for (const auto& d : st.decisions)
        got_decisions.push_back(d.inject + "=" + d.option + (d.timed_out ? " (timeout)" : "") + "@" + std::to_string(d.t));
    CHECK(got_delivered == want_delivered);
    CHECK(got_decisions == want_decisions);
    CHECK(got_red == want_red);
    CHECK(st.ended == !want_ending.empty());
    CHECK(st.ending == want_ending);
}

TEST_CASE("explore: two decisions in a row give 3 x 2 paths, a timeout with nothing before it is no extra path") {
    auto s = fixture("linear.yaml");
    const auto r = explore::explore(*s);
    CHECK(r.complete);
    CHECK(r.paths == 6);
    CHECK(ending(r, "closed").paths == 3);
    CHECK(ending(r, "reported").paths == 3);
    CHECK(r.unreachable.empty());
    CHECK(r.dead_end_states == 0);
    CHECK(r.clean());
    CHECK(ending(r, "closed").shortest.decisions == 2);
}

TEST_CASE("explore: a decision racing a timed inject branches on when it is taken") {
    auto s = fixture("interleave.yaml");
    const auto r = explore::explore(*s);
    CHECK(r.paths == 3);
    CHECK(ending(r, "contained").paths == 1);
    CHECK(ending(r, "breach").paths == 2);  // watch chosen at once, or left open while the spread arrives
    // The fewest decisions into the breach: none at all.
    CHECK(ending(r, "breach").shortest.decisions == 0);
    const auto& contained = ending(r, "contained").shortest;
    REQUIRE(contained.moves.size() == 1);
    CHECK(contained.moves[0].inject == "phish");
    CHECK(contained.moves[0].option == "isolate");
    CHECK(r.clean());
}

TEST_CASE("explore: paths that stop with nothing left and no ending are dead ends") {
    auto s = fixture("dead-end.yaml");
    const auto r = explore::explore(*s);
    CHECK(r.paths == 3);
    CHECK(r.has_endings);
    CHECK(r.dead_end_paths == 2);
    CHECK(r.dead_end_states == 2);
    CHECK(ending(r, "contained").paths == 1);
    CHECK_FALSE(ending(r, "late-end").reachable);
    CHECK(r.unreachable == std::vector<std::string>{"late"});
    REQUIRE_FALSE(r.dead_ends.empty());
    // Shortest first: the alert left to time out (one decision, no choice made).
    CHECK(r.dead_ends.front().path.decisions == 1);
    CHECK(r.dead_ends.front().waiting == std::vector<std::string>{"late"});
    CHECK_FALSE(r.clean());
    CHECK(has_defect(r, "stop without reaching an ending"));
    CHECK(has_defect(r, "inject 'late' is delivered on no path"));
    CHECK(has_defect(r, "ending 'late-end' is reached by no path"));
}

TEST_CASE("explore: a goto loop without an exit is a defect even when a timer ends the exercise") {
    auto s = fixture("goto-loop.yaml");
    const auto r = explore::explore(*s);
    REQUIRE(r.loops.size() == 1);
    CHECK(r.loops[0].cycle == std::vector<std::string>{"a", "b", "a"});
    CHECK_FALSE(r.loops[0].exit);
    CHECK(r.dead_end_states == 0);
    CHECK(r.paths == 3);
    CHECK(has_defect(r, "goto loop without an exit: a -> b -> a"));

    SUBCASE("an option that ends the exercise is an exit: reported, not a defect") {
        Scenario copy = *s;
        copy.injects[1].decision->options.push_back({"stop", "Stop", "", false, {}, {}, {}, {}, "over", {}});
        const auto r2 = explore::explore(copy);
        REQUIRE(r2.loops.size() == 1);
        CHECK(r2.loops[0].exit);
        CHECK(r2.clean());
    }
    SUBCASE("a goto to itself is a loop") {
        Scenario copy = *s;
        copy.injects[0].decision->options[0].go_to = {"a"};
        const auto loops = explore::find_goto_loops(copy);
        REQUIRE(loops.size() == 1);
        CHECK(loops[0].cycle == std::vector<std::string>{"a", "a"});
    }
}

TEST_CASE("explore: an inject gated on flags no single path sets together is unreachable") {
    auto s = fixture("unreachable.yaml");
    const auto r = explore::explore(*s);
    CHECK(r.paths == 2);
    CHECK(r.unreachable == std::vector<std::string>{"both"});
    CHECK(r.reachable == std::vector<std::string>{"choice", "done"});
    CHECK(has_defect(r, "inject 'both' is delivered on no path"));
}

TEST_CASE("explore: readiness bounds are exact ratios over the expectations options rate") {
    auto s = fixture("readiness.yaml");
    const auto r = explore::explore(*s);
    CHECK(r.rated == std::vector<std::string>{"e1", "e2", "e3", "e4"});
    REQUIRE(r.min_readiness);
    REQUIRE(r.max_readiness);
    // The most points (A then C, 700) is not the best ratio (B, 200/2).
    CHECK(r.max_readiness->index == doctest::Approx(100.0));
    CHECK(r.min_readiness->index == doctest::Approx(84.375));
    CHECK(explore::describe(r.max_readiness->path).find("alert -> B") != std::string::npos);
    CHECK(explore::describe(r.min_readiness->path).find("follow -> D") != std::string::npos);

    SUBCASE("the latest rating of a re-rated expectation wins") {
        // Path A then C re-rates e2 from S to U: 87.5, between the bounds.
        Scenario copy = *s;
        copy.injects[0].decision->options[1].end.clear();  // B no longer ends...
        copy.injects[0].decision->options[1].go_to = {"follow"};  // ...it goes on like A
        const auto r2 = explore::explore(copy);
        // B then D: e1 P, e2 P, e3 U, e4 P = 700/8; A then D: 675/8; A or B then C: e2 U: 700/8.
        CHECK(r2.max_readiness->index == doctest::Approx(87.5));
        CHECK(r2.min_readiness->index == doctest::Approx(84.375));
    }
}

TEST_CASE("explore: readiness is absent when no option rates anything") {
    auto s = fixture("interleave.yaml");
    const auto r = explore::explore(*s);
    CHECK(r.rated.empty());
    CHECK_FALSE(r.min_readiness);
    CHECK_FALSE(r.max_readiness);
}

TEST_CASE("explore: in red and purple mode each red move alternative multiplies the paths") {
    auto s = fixture("red.yaml");
    explore::Options o;
    CHECK(explore::explore(*s, o).paths == 2);
    o.mode = Mode::red;
    const auto red = explore::explore(*s, o);
    CHECK(red.paths == 12);
    CHECK(ending(red, "done").paths == 12);
    o.mode = Mode::purple;
    CHECK(explore::explore(*s, o).paths == 12);
}

TEST_CASE("explore: the generated 30-decision chain has exactly 2^30 paths") {
    const Scenario s = explore::generate_chain_scenario(30);
    Diagnostics d;
    validate_scenario(s, attack::builtin_catalog(), d);
    for (const auto& x : d.items) MESSAGE(format_diagnostic(x));
    CHECK(d.items.empty());

    const auto r = explore::explore(s);
    CHECK(r.complete);
    CHECK(r.paths == (Count(1) << 30));
    CHECK(ending(r, "best").paths == (Count(1) << 29));
    CHECK(ending(r, "worst").paths == (Count(1) << 29));
    CHECK(r.states < 100);  // merged: one state per step, not per path
    CHECK(ending(r, "best").shortest.decisions == 30);
    REQUIRE(r.min_readiness);
    CHECK(r.min_readiness->index == doctest::Approx(0.0));
    CHECK(r.max_readiness->index == doctest::Approx(100.0));
    CHECK(r.clean());

    SUBCASE("far beyond 64 bits, the count stays exact") {
        const auto big = explore::explore(explore::generate_chain_scenario(200));
        CHECK(big.paths == (Count(1) << 200));
    }
}

TEST_CASE("explore: a state budget stops the walk and says so") {
    explore::Options o;
    o.max_states = 5;
    const auto r = explore::explore(explore::generate_chain_scenario(30), o);
    CHECK_FALSE(r.complete);
    CHECK(has_defect(r, "stopped after"));
}

TEST_CASE("explore: list_paths enumerates every path, and each one plays the same in the engine") {
    for (const char* name : {"linear.yaml", "interleave.yaml", "dead-end.yaml", "goto-loop.yaml", "unreachable.yaml",
                             "readiness.yaml", "red.yaml"}) {
        CAPTURE(name);
        auto s = fixture(name);
        const auto r = explore::explore(*s);
        const auto paths = explore::list_paths(*s, 1000);
        CHECK(Count(paths.size()) == r.paths);
        for (const auto& p : paths) check_path_in_engine(s, p, Mode::blue);
    }
    // The engine's own test fixture exercises every trigger and effect kind.
    LoadResult b = load_and_validate(TTX_SOURCE_DIR "/tests/fixtures/engine/branching.yaml", attack::builtin_catalog());
    REQUIRE(b.scenario);
    auto branching = std::make_shared<const Scenario>(std::move(*b.scenario));
    const auto paths = explore::list_paths(*branching, 1000);
    CHECK(Count(paths.size()) == explore::explore(*branching).paths);
    for (const auto& p : paths) check_path_in_engine(branching, p, Mode::blue);
}

TEST_CASE("explore: check_paths gives validate the cheap checks as diagnostics") {
    SUBCASE("dead ends") {
        auto s = fixture("dead-end.yaml");
        Diagnostics d;
        explore::check_paths(*s, d);
        bool dead = false, ending_warn = false;
        for (const auto& x : d.items) {
            if (x.code == "path-dead-end" && x.level == DiagLevel::error) dead = true;
            if (x.code == "unreachable-ending" && x.level == DiagLevel::warning) ending_warn = true;
            CHECK(x.line > 0);
        }
        CHECK(dead);
        CHECK(ending_warn);
    }
    SUBCASE("goto loops") {
        auto s = fixture("goto-loop.yaml");
        Diagnostics d;
        explore::check_paths(*s, d);
        REQUIRE(d.items.size() == 1);
        CHECK(d.items[0].code == "goto-loop");
        CHECK(d.items[0].level == DiagLevel::error);
        CHECK(d.items[0].line == s->inject("a")->pos.line);
    }
    SUBCASE("a clean scenario gets nothing") {
        auto s = fixture("linear.yaml");
        Diagnostics d;
        explore::check_paths(*s, d);
        CHECK(d.items.empty());
    }
}

TEST_CASE("explore: the report renders as text and as JSON with exact counts") {
    const auto r = explore::explore(explore::generate_chain_scenario(70));
    const auto j = explore::to_json(r);
    CHECK(j["paths"] == (Count(1) << 70).str());  // a string: beyond what a JSON number holds exactly
    CHECK(j["clean"] == true);
    CHECK(j["endings"].size() == 2);
    CHECK(j["readiness"]["max"]["index"] == 100.0);
    const std::string text = explore::to_text(r);
    CHECK(text.find((Count(1) << 70).str() + " distinct paths") != std::string::npos);
    CHECK(text.find("result: clean") != std::string::npos);
}

TEST_CASE("explore: without any ending, running out of injects is no dead end") {
    Scenario s = *fixture("linear.yaml");
    for (auto& o : s.injects[1].decision->options) o.end.clear();
    s.endings.clear();
    const auto r = explore::explore(s);
    CHECK_FALSE(r.has_endings);
    CHECK(r.paths == 6);
    CHECK(r.dead_end_states == 0);
    CHECK(r.dead_end_paths == 0);
    CHECK(r.clean());
}

namespace {

// Runs `ttx ARGS`; returns its exit status, and what it printed on stdout in `out`.
int run_ttx(const std::string& args, std::string& out) {
    ttx_test::RunResult r = ttx_test::run_ttx(args);
    out = r.out;
    return r.rc;
}

} // namespace

TEST_CASE("explore: decision design counts trade-offs, top-rated playbooks and scored hunting prompts") {
    const auto s = fixture("design.yaml");   // the numbers are worked out in the fixture's header
    const auto d = explore::design(*s);
    REQUIRE(d.decisions.size() == 3);        // `lonely` has one graded option: not a decision point
    CHECK(d.decisions[0].inject == "pick");
    CHECK(d.decisions[0].trade_off);
    CHECK_FALSE(d.decisions[0].automated_top);
    REQUIRE(d.decisions[0].graded.size() == 3);
    CHECK(d.decisions[0].graded[0].id == "two-p");
    CHECK(d.decisions[0].graded[1].grade == doctest::Approx(2.5));
    CHECK(d.decisions[1].inject == "playbook");
    CHECK_FALSE(d.decisions[1].trade_off);
    CHECK(d.decisions[1].automated_top);
    CHECK(d.decisions[2].inject == "weighted");   // weights: 2.25 against 2.25
    CHECK(d.decisions[2].graded[0].grade == doctest::Approx(2.25));
    CHECK(d.decisions[2].trade_off);
    CHECK(d.trade_offs == 2);
    CHECK(d.with_automated == 2);
    CHECK(d.automated_top == 1);
    CHECK(d.hunting_prompts == 4);
    CHECK(d.hunting_scored == 3);
    CHECK(d.benign == 1);
    CHECK(d.trade_off_share() == doctest::Approx(2.0 / 3));
    CHECK(d.automated_top_share() == doctest::Approx(0.5));
    CHECK(d.hunting_scored_share() == doctest::Approx(0.75));

    const std::string text = explore::to_text(d);
    CHECK(text.find("trade-offs: 2 of 3") != std::string::npos);
    CHECK(text.find("3 of 4 (75%; target at least 80%)  (below target)") != std::string::npos);
    CHECK(text.find("one clear answer (best vs runner-up, P=3 S=2 M=1 U=0): playbook (press 3.0 vs by-hand 1.0)") !=
          std::string::npos);
    const auto j = explore::to_json(d);
    CHECK(j["trade_offs"] == 2);
    CHECK(j["decisions"][1]["automated_top"] == true);
}

TEST_CASE("ttx explore: exit codes, text and JSON") {
    const std::string dir = TTX_SOURCE_DIR "/tests/fixtures/explore/";
    std::string out;
    CHECK(run_ttx("explore '" + dir + "linear.yaml'", out) == 0);
    CHECK(out.find("6 distinct paths") != std::string::npos);
    CHECK(out.find("result: clean") != std::string::npos);

    CHECK(run_ttx("explore '" + dir + "dead-end.yaml'", out) == 1);
    CHECK(out.find("error: 2 paths stop without reaching an ending") != std::string::npos);

    CHECK(run_ttx("explore '" + dir + "red.yaml' --mode red --format json --list 3", out) == 0);
    const auto j = nlohmann::json::parse(out);
    CHECK(j["paths"] == "12");
    CHECK(j["mode"] == "red");
    CHECK(j["clean"] == true);
    CHECK(j["listed"].size() == 3);  // red moves are branches: the first three of the twelve

    CHECK(run_ttx("explore '" + dir + "design.yaml' --format json", out) == 0);
    CHECK(nlohmann::json::parse(out)["design"]["trade_offs"] == 2);
    CHECK(run_ttx("explore '" + dir + "design.yaml'", out) == 0);
    CHECK(out.find("decision design:") != std::string::npos);

    CHECK(run_ttx("explore '" + dir + "no-such-file.yaml'", out) == 1);
    CHECK(run_ttx("explore '" + dir + "linear.yaml' --mode green", out) == 2);
    CHECK(run_ttx("explore '" + dir + "linear.yaml' --max-states 0", out) == 2);
}

namespace {

const explore::RedMoveResult& red_move(const explore::Report& r, const std::string& fact) {
    for (const auto& m : r.red_moves)
        if (m.stage + "/" + m.move == fact) return m;
    FAIL("no red move " << fact);
    return r.red_moves.front();
}

std::vector<std::string> blind_spots(const explore::Report& r) {
    std::vector<std::string> out;
    for (std::size_t k : r.blind_spots) out.push_back(r.red_moves[k].stage + "/" + r.red_moves[k].move);
    return out;
}

using Strings = std::vector<std::string>;

// The blind-spots fixture, with `from` replaced by `to` in its text.
std::shared_ptr<const Scenario> blind_spots_variant(const std::string& from, const std::string& to) {
    std::string text = ttx_test::slurp(TTX_SOURCE_DIR "/tests/fixtures/explore/blind-spots.yaml");
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    LoadResult r = load_scenario_text(text, "blind-spots-variant.yaml");
    REQUIRE(r.scenario);
    validate_scenario(*r.scenario, attack::builtin_catalog(), r.diags);
    for (const auto& d : r.diags.items) MESSAGE(format_diagnostic(d));
    REQUIRE_FALSE(r.diags.has_errors());
    return std::make_shared<const Scenario>(std::move(*r.scenario));
}

} // namespace

TEST_CASE("explore: the red walk finds exactly the blind spots of a crafted posture") {
    auto s = fixture("blind-spots.yaml");
    for (Mode mode : {Mode::blue, Mode::red, Mode::purple}) {
        CAPTURE(to_string(mode));
        explore::Options o;
        o.mode = mode;
        const auto r = explore::explore(*s, o);
        CHECK(r.clean());
        REQUIRE(r.red_walked);
        CHECK(r.red_complete);
        CHECK(r.adjudicated);
        REQUIRE(r.red_moves.size() == 8);
        CHECK(blind_spots(r) == Strings{"s1/link", "s3/smb"});
        CHECK(r.red_decisions == Strings{"red-pace"});

        CHECK(red_move(r, "s1/attach").outcomes == Strings{"blocked"});
        CHECK(red_move(r, "s1/attach").detected_on_some_path);
        CHECK(red_move(r, "s1/link").outcomes == Strings{"none"});
        CHECK_FALSE(red_move(r, "s1/link").detected_on_some_path);
        CHECK(red_move(r, "s2/lsass").outcomes == Strings{"alerted"});
        CHECK(red_move(r, "s2/lsass").injects == Strings{"lsass-alert"});
        CHECK(red_move(r, "s2/browser").outcomes == Strings{"logged"});
        CHECK(red_move(r, "s2/browser").hunt);
        CHECK(red_move(r, "s2/browser").injects == Strings{"browser-found"});
        CHECK(red_move(r, "s2/browser").detected_on_some_path);
        // Alerted only where blue chose to watch RDP: detected on some path, not a blind spot.
        CHECK(red_move(r, "s3/rdp").outcomes == Strings{"alerted", "none"});
        CHECK(red_move(r, "s3/rdp").detected_on_some_path);
        CHECK(red_move(r, "s3/winrm").outcomes == Strings{"blocked"});
        // Never available: not played, so not a blind spot either.
        CHECK_FALSE(red_move(r, "s3/dcom").played);
        CHECK(red_move(r, "s3/dcom").outcomes.empty());
        CHECK_FALSE(red_move(r, "s3/dcom").detected_on_some_path);
    }
    SUBCASE("blue deciding differently closes a blind spot") {
        auto fixed = blind_spots_variant("- { id: smb, technique: T1021.002 }",
                                         "- { id: smb, technique: T1021.002, revealed_by: [watch-rdp] }");
        CHECK(blind_spots(explore::explore(*fixed)) == Strings{"s1/link"});
    }
    SUBCASE("a red walk that is cut short says so") {
        explore::Options o;
        o.max_states = 3;
        const auto r = explore::explore(*s, o);
        CHECK(r.red_walked);
        CHECK_FALSE(r.red_complete);
    }
}

TEST_CASE("explore: in an uncertain posture a move is detectable when some roll outcome detects it") {
    // The LSASS rule fires half the time: alerted when it does, logged by
    // Sysmon when it does not. Sysmon itself records half the time: the
    // browser-store read is logged (a hunt finds it) or unseen.
    auto s = blind_spots_variant("covers: [DET0363] }]", "covers: [DET0363], reliability: 0.5 }]\n  uncertain: true");
    auto s2 = blind_spots_variant("name: Sysmon process access }", "name: Sysmon process access, reliability: 0.5 }");
    explore::Options o;
    o.mode = Mode::red;
    const auto r = explore::explore(*s, o);
    CHECK(red_move(r, "s2/lsass").outcomes == Strings{"alerted", "logged"});
    CHECK(red_move(r, "s2/lsass").detected_on_some_path);
    CHECK(blind_spots(r) == Strings{"s1/link", "s3/smb"});
    // Reliabilities without `uncertain: true` are trusted: one outcome.
    CHECK(red_move(explore::explore(*s2, o), "s2/browser").outcomes == Strings{"logged"});
}

TEST_CASE("explore: red paths play out the same in the engine") {
    for (const char* name : {"blind-spots.yaml", "red.yaml"}) {
        CAPTURE(name);
        auto s = fixture(name);
        explore::Options o;
        o.mode = Mode::red;
        const auto r = explore::explore(*s, o);
        const auto paths = explore::list_paths(*s, 200, o);
        REQUIRE(!paths.empty());
        if (r.paths <= 200) CHECK(Count(paths.size()) == r.paths);
        bool hunted = false;
        for (const auto& p : paths) {
            for (const auto& m : p.moves) hunted |= m.kind == explore::Move::Kind::hunt;
            check_path_in_engine(s, p, Mode::red);
        }
        if (std::string(name) == "blind-spots.yaml") CHECK(hunted);
    }
}

TEST_CASE("explore: without a posture red moves are walked but nothing is adjudicated") {
    auto s = fixture("red.yaml");
    const auto r = explore::explore(*s);
    CHECK(r.red_walked);
    CHECK_FALSE(r.adjudicated);
    REQUIRE(r.red_moves.size() == 5);
    for (const auto& m : r.red_moves) {
        CHECK(m.played);
        CHECK(m.outcomes.empty());
        CHECK_FALSE(m.detected_on_some_path);
    }
    CHECK(r.blind_spots.empty());
    const auto j = explore::to_json(r);
    CHECK(j["red_moves"][0]["detected_on_some_path"].is_null());
    CHECK(j["blind_spots"].empty());
}

TEST_CASE("explore: the bundled purple scenarios report their red moves") {
    for (const char* id : {"invoice-ransomware", "purple-credential-theft"}) {
        CAPTURE(id);
        LoadResult l = load_and_validate(std::string(TTX_SOURCE_DIR "/scenarios/") + id + ".yaml", attack::builtin_catalog());
        REQUIRE(l.scenario);
        REQUIRE_FALSE(l.diags.has_errors());
        const auto r = explore::explore(*l.scenario);
        CHECK(r.red_walked);
        CHECK(r.red_complete);
        CHECK(r.adjudicated);
        REQUIRE_FALSE(r.red_moves.empty());
        std::size_t with_injects = 0;
        for (const auto& m : r.red_moves) {
            CAPTURE(m.stage + "/" + m.move);
            CHECK(!m.technique.empty());
            if (m.played) CHECK_FALSE(m.outcomes.empty());
            with_injects += m.injects.empty() ? 0 : 1;
        }
        CHECK(with_injects > 0);  // some move changes what the defenders receive
        const auto j = explore::to_json(r);
        CHECK(j["red_moves"].size() == r.red_moves.size());
        CHECK(j["blind_spots"].size() == r.blind_spots.size());
    }
}

TEST_CASE("ttx explore: red moves and blind spots in text and JSON") {
    const std::string file = TTX_SOURCE_DIR "/tests/fixtures/explore/blind-spots.yaml";
    std::string out;
    REQUIRE(run_ttx("explore '" + file + "' --format json", out) == 0);
    const auto j = nlohmann::json::parse(out);
    REQUIRE(j["red_moves"].is_array());
    REQUIRE(j["red_moves"].size() == 8);
    for (const auto& m : j["red_moves"]) {
        for (const char* key : {"stage", "move", "technique"}) CHECK(m[key].is_string());
        CHECK(m["injects"].is_array());
        CHECK(m["detected_on_some_path"].is_boolean());
    }
    CHECK(j["red_moves"][2] == nlohmann::json{{"stage", "s2"},
                                              {"move", "lsass"},
                                              {"technique", "T1003.001"},
                                              {"played", true},
                                              {"injects", {"lsass-alert"}},
                                              {"outcomes", {"alerted"}},
                                              {"revealed_by_hunt", false},
                                              {"detected_on_some_path", true}});
    CHECK(j["blind_spots"] == nlohmann::json::parse(R"([{"stage": "s1", "move": "link", "technique": "T1566.002"},
                                                        {"stage": "s3", "move": "smb", "technique": "T1021.002"}])"));

    REQUIRE(run_ttx("explore '" + file + "'", out) == 0);
    CHECK(out.find("red moves (8 moves") != std::string::npos);
    CHECK(out.find("s3/dcom T1021.003: never played") != std::string::npos);
    CHECK(out.find("blind spots (2 moves no blue path ever detects):\n    s1/link T1566.002\n    s3/smb T1021.002\n") !=
          std::string::npos);
}

namespace {

// A report as JSON without what depends on how many states the walk kept:
// state and transition counts, and which of several equally short paths an
// example shows (only its length is kept).
nlohmann::json figures(const explore::Report& r) {
    nlohmann::json j = explore::to_json(r);
    for (const char* k : {"states", "transitions", "doomed_states", "defects"}) j.erase(k);
    auto length = [](nlohmann::json& p) {
        if (!p.is_null()) p = nlohmann::json{{"decisions", p["decisions"]}, {"moves", p["moves"].size()}};
    };
    for (auto& e : j["endings"]) length(e["shortest"]);
    for (auto& d : j["dead_ends"]) length(d["path"]);
    for (const char* b : {"min", "max"})
        if (j["readiness"].contains(b) && j["readiness"][b].is_object()) length(j["readiness"][b]["path"]);
    j["defect_count"] = r.defects().size();
    return j;
}

} // namespace

TEST_CASE("explore: forgetting history no future can test changes no figure, only the number of states") {
    // Every bundled scenario and fixture whose walk with every state keyed by
    // all it holds fits in the budget (the largest red walks do not: those are
    // why the explorer forgets), in blue and in red mode.
    std::vector<std::string> files;
    for (const char* dir : {"/scenarios", "/tests/fixtures/explore"})
        for (const auto& e : std::filesystem::directory_iterator(std::string(TTX_SOURCE_DIR) + dir)) {
            const std::string name = e.path().filename().string();
            if (e.path().extension() == ".yaml" && name.find(".decisions.") == std::string::npos) files.push_back(e.path().string());
        }
    std::sort(files.begin(), files.end());
    std::size_t compared = 0, merged = 0;
    for (const auto& file : files) {
        LoadResult l = load_and_validate(file, attack::builtin_catalog());
        REQUIRE(l.scenario);
        for (Mode mode : {Mode::blue, Mode::red}) {
            CAPTURE(file);
            CAPTURE(static_cast<int>(mode));
            explore::Options full;
            full.mode = mode;
            full.forget_history = false;
            full.max_states = 10'000;
            const auto a = explore::explore(*l.scenario, full);
            if (!a.complete || !a.red_complete) continue;
            explore::Options o = full;
            o.forget_history = true;
            const auto b = explore::explore(*l.scenario, o);
            CHECK(b.complete);
            CHECK(b.states <= a.states);
            CHECK(figures(b) == figures(a));
            ++compared;
            merged += b.states < a.states ? 1 : 0;
        }
    }
    CHECK(compared >= 20);   // every fixture and the smaller half of the library
    CHECK(merged >= 10);     // and forgetting merges states in most of those scenarios
}

TEST_CASE("explore: double-extortion-esxi's red walk keeps its figures in a fraction of the states") {
    LoadResult l = load_and_validate(TTX_SOURCE_DIR "/scenarios/double-extortion-esxi.yaml", attack::builtin_catalog());
    REQUIRE(l.scenario);
    explore::Options o;
    o.mode = Mode::red;
    const auto r = explore::explore(*l.scenario, o);
    REQUIRE(r.complete);
    // 1,032,994 states before the walk forgot untestable history; the paths,
    // the red report and the blind spot are those that walk gave.
    CHECK(r.states < 50'000);
    CHECK(r.paths == Count("377505702424764"));
    REQUIRE(r.blind_spots.size() == 1);
    CHECK(r.red_moves[r.blind_spots[0]].stage == "access");
    CHECK(r.red_moves[r.blind_spots[0]].move == "helpdesk-vish");
    // stage/move, then P (played) or -, D (detected on some path) or -, and the injects it delivers.
    std::vector<std::string> seen;
    for (const auto& m : r.red_moves) {
        std::string line = m.stage + "/" + m.move + (m.played ? " P" : " -") + (m.detected_on_some_path ? "D" : "-");
        for (const auto& i : m.injects) line += " " + i;
        seen.push_back(line);
    }
    CHECK(seen == std::vector<std::string>{"access/vpn-creds PD vpn-anomaly", "access/helpdesk-vish P- helpdesk-ticket",
                                           "creds/ntds PD ntds-alert", "creds/veeam-db PD veeam-hunt",
                                           "exfil/rclone-mega PD mega-upload", "exfil/sftp-vps PD sftp-hunt",
                                           "privesc/esx-admins PD esx-admins-alert", "privesc/vcenter-admin PD vcenter-hunt",
                                           "lateral/ssh-root --", "impact/encrypt-datastores --",
                                           "impact/delete-restore-points --", "impact/kill-vms --"});
}
