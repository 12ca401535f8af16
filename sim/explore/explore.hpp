// sim/explore/explore.hpp — every path through a scenario, checked.
//
// explore() walks every reachable combination of decisions, timeouts and (in
// red and purple mode) red moves, adjudicated outcomes and hunts (docs/
// engine.md "The explorer's red walk"), with the engine's own rules: injects with
// `at` fire in time order, `after` waits for a delivery or a chosen option
// plus `delay`, `when` is evaluated on the flags of the moment, `goto`
// delivers at once, a decision that times out takes its default option, an
// `end` stops the exercise. States that are the same — the same injects
// delivered, the same decisions open (and their deadlines), the same flags and
// the same clock wherever the clock can still matter — are merged, once what
// no future can test is forgotten (Options::forget_history), so the cost
// grows with the number of distinct states, not with the number of paths.
//
// What it promises (docs/authoring.md explains each item to authors):
//  - every inject that some path delivers, and every one no path delivers;
//  - every ending some path reaches, with the number of paths into it and the
//    shortest decision sequence that gets there;
//  - dead ends: an exercise that stops with nothing left to deliver and no
//    ending reached. This counts only when the scenario names endings: a
//    scenario without any `end:` simply runs out of injects;
//  - goto cycles (an inject is delivered once, so a goto back is a no-op);
//  - the least and the greatest "decision readiness" a team can reach:
//    the scoring model's expectations component (P=100 S=75 M=40 U=0,
//    weighted by expectation weight) over the expectations that some option
//    rates and whose inject the path delivers; an expectation the path leaves
//    unrated counts as U, the latest rating of an expectation wins;
//  - the exact number of distinct paths (a big integer);
//  - per red move: whether some path plays it, the injects it delivers, the
//    outcomes it gets, whether some path detects it, and the blind spots
//    (played, never detected). In blue mode these come from a second walk
//    in red mode (Options::red_report).
//
// The model of time: a team decides at the moments something happens (a
// delivery or a timeout), never in between, because nothing can change in
// between. Taking the default in the last quiet stretch before the deadline is
// the same story as letting the decision time out, so that is counted once, as
// the timeout. Two paths are distinct when their decisions, timeouts and
// deliveries happen in a different order or with different options (and, in
// red or purple mode, with different red moves). The facilitator's own
// commands (skip, end, manual delivery) are not explored.
//
// explore() expects a scenario without validation errors; it never throws on
// one that has some, it just follows what is there.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <boost/multiprecision/cpp_int.hpp>
#include <nlohmann/json.hpp>

#include "sim/engine/commands.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim::explore {

using Count = boost::multiprecision::cpp_int;

struct Options {
    Mode mode = Mode::blue;             // red / purple: red moves (and uncertain outcomes) are branches
    // In blue mode, also walk the scenario in red mode for the red-move report
    // (Report::red_moves, blind_spots); red and purple modes always fill it.
    bool red_report = true;
    std::size_t max_states = 1'000'000; // stop (Report::complete = false) beyond this
    std::size_t max_dead_ends = 10;     // dead-end examples kept (shortest first)
    // Merge states that differ only in history no future can test (flags no
    // condition still reads, injects that can no longer come). false keys
    // every state by all it holds: the same report, many more states (tests).
    bool forget_history = true;
};

// Something that happens on a path, as the journal would record it.
struct Step {
    enum class Kind { delivered, decided, timed_out, ended, red_move, revealed };
    Kind kind = Kind::delivered;
    ExTime at = 0;
    std::string inject;
    std::string option;                 // decided / timed_out
    std::string ending;                 // ended
    std::string stage = {}, move = {};  // red_move (the red cell's move took effect) / revealed (by a hunt)
    std::string outcome = {};           // red_move: blocked|alerted|logged|none ("" without a posture)
};

// What the teams do: take an option now, or let the clock run to the next event.
struct Move {
    enum class Kind { decide, wait, red, hunt };
    Kind kind = Kind::decide;
    std::string inject;                 // decide
    std::string option;                 // decide
    std::string stage = {}, move = {};  // red: the move chosen for a stage that begins with it; hunt: the move revealed
    ExTime at = 0;                      // the clock when the move is made
    ExTime until = 0;                   // the clock once it and everything it forces are done
    std::vector<std::string> draws = {}; // red modes: "stage/move" put in play when a stage began during it
};

struct Path {
    ExTime start_until = 0;             // the clock after the opening injects (before the first move)
    std::vector<std::string> start_draws; // red modes: "stage/move" put in play by the opening injects
    std::vector<Move> moves;
    std::vector<Step> steps;            // everything that happens, from the start
    int decisions = 0;                  // decided + timed out
};

struct EndingResult {
    std::string id;
    std::string title;
    bool defined = true;                // listed under `endings:`
    bool reachable = false;
    Count paths = 0;                    // paths that finish with this ending
    Path shortest;                      // fewest decisions, then fewest moves
};

struct DeadEnd {
    Path path;                          // the shortest path into this stalled state
    std::vector<std::string> waiting;   // injects never delivered on it whose triggers are unmet
};

struct GotoLoop {
    std::vector<std::string> cycle;     // a -> b -> ... -> a (first repeated at the end)
    bool exit = false;                  // some option on it ends the exercise or leads out of it
    SourcePos pos;                      // the first inject's place
};

struct ReadinessBound {
    double index = 0;                   // 0..100
    Path path;
};

// One red move, over every path of the red-mode walk.
struct RedMoveResult {
    std::string stage, move, technique;
    bool played = false;                // some path puts it into effect
    std::vector<std::string> injects;   // injects it delivers on some path (causes, alerts, hunt finds, `when` on its fact)
    std::vector<std::string> outcomes;  // adjudicated outcomes seen on some path (blocked, alerted, logged, none)
    bool hunt = false;                  // logged on some path and a hunt through collected telemetry reveals it
    bool detected_on_some_path = false; // blocked or alerted on some path, or revealed by a hunt
};

struct Report {
    std::string scenario;               // id
    std::string file;                   // source path ("" if built in code)
    Mode mode = Mode::blue;
    bool complete = true;               // false: max_states reached, the rest is a lower bound
    std::size_t states = 0;
    std::size_t transitions = 0;
    Count paths = 0;
    bool has_endings = false;           // some inject or option has `end:`
    Count dead_end_paths = 0;
    std::size_t dead_end_states = 0;    // stalled states (no ending reached)
    std::size_t doomed_states = 0;      // states from which no ending can be reached
    std::vector<std::string> reachable;   // inject ids, scenario order
    std::vector<std::string> unreachable; // inject ids, scenario order
    std::vector<std::string> by_red_move; // blue mode: injects only a red move delivers: not walked, not unreachable
    std::vector<EndingResult> endings;    // defined ones in order, then undefined ones referenced
    std::vector<DeadEnd> dead_ends;
    std::vector<GotoLoop> loops;
    std::vector<std::string> rated;       // expectations the readiness bounds are computed over
    std::optional<ReadinessBound> min_readiness, max_readiness;
    // The red side (from the red-mode walk; empty when the scenario has no red moves):
    bool red_walked = false;            // red_moves below were computed
    bool red_complete = true;           // that walk covered every path
    bool adjudicated = false;           // the scenario has a posture: outcomes and detection are known
    std::vector<RedMoveResult> red_moves;   // stage order, then the stage's move order
    std::vector<std::size_t> blind_spots;   // indices into red_moves: played, never detected
    std::vector<std::string> red_decisions; // injects whose decision the red team takes (walked like any)
    std::vector<std::string> red_undelivered; // red modes: injects only a move delivers that no path delivers

    // One sentence per problem; empty when the scenario is clean. Defects:
    // dead ends, goto loops without an exit, unreachable injects, defined
    // endings no path reaches, and an exploration (or the red walk) that did
    // not finish. Blind spots are findings about the posture, not defects.
    [[nodiscard]] std::vector<std::string> defects() const;
    [[nodiscard]] bool clean() const { return defects().empty(); }
};

[[nodiscard]] Report explore(const Scenario& s, const Options& options = {});

// The paths themselves, in a depth-first order, at most `limit` of them (in
// red modes, paths that differ in red moves or outcomes are listed apart).
// For small scenarios, tests, and `ttx explore --list`.
[[nodiscard]] std::vector<Path> list_paths(const Scenario& s, std::size_t limit, const Options& options = {});

// Goto cycles, found on the scenario text alone (cheap).
[[nodiscard]] std::vector<GotoLoop> find_goto_loops(const Scenario& s);

// The cheap path checks, for `ttx validate`: goto cycles ("goto-loop": an
// error without an exit, a warning with one), and, when the exploration fits
// in `max_states`, dead ends ("path-dead-end", error) and defined endings no
// path reaches ("unreachable-ending", warning). Appends to `diags`.
void check_paths(const Scenario& s, Diagnostics& diags, std::size_t max_states = 100'000);

// A scenario with `decisions` binary decisions in a row (each option goes on
// to the next one; the last one's two options are the two endings), timeouts
// included: 2^decisions paths, readiness from 0 to 100. For tests and benchmarks.
[[nodiscard]] Scenario generate_chain_scenario(int decisions);

// The engine commands that play `p` once the exercise runs (after
// cmd::BeginRunning): an Advance for each stretch the clock runs, a Decide for
// each decision, by the first team its `by` allows (role left empty). In red
// modes: a ChooseRedMove ahead of the move during which a stage begins with
// it, and for a red move; a Hunt through the first collected telemetry that
// reveals the move, by the first blue team. The moves of `p.start_draws` are
// not among them: choose those before cmd::BeginRunning (red_choices_at_start).
[[nodiscard]] std::vector<Command> commands_for(const Scenario& s, const Path& p);
[[nodiscard]] std::vector<Command> red_choices_at_start(const Path& p);

// Renderings used by `ttx explore`.
[[nodiscard]] nlohmann::json to_json(const Report& r);
[[nodiscard]] nlohmann::json to_json(const Path& p);
[[nodiscard]] std::string to_text(const Report& r);
// "phish-reported → isolate-host", "phish-reported ⏱ close-ticket" (timed out), "wait until T+00:25:00".
[[nodiscard]] std::string describe(const Path& p);

} // namespace sim::explore
