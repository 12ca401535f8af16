// sim/explore/machine.hpp — internal to sim/explore: the engine's inject-graph
// rules, compiled for speed, over a small value state.
//
// This mirrors sim/engine (fold.cpp `due`, exercise.cpp `settle`, `decide`,
// `advance_to`) without events, JSON or the lifecycle, so millions of states
// can be tried. tests/scenarios_test.cpp replays the explorer's paths through
// the real engine to keep the two in agreement.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/explore/explore.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim::explore::detail {

using Bits = std::vector<std::uint64_t>;

struct PendingDecision {
    int inject = -1;
    ExTime deadline = kNoTime;          // absolute; kNoTime = never times out
};

// Adjudicated outcome of a stage's move, as kept in the state.
enum Outcome : std::uint8_t { kUnjudged = 0, kBlocked, kAlerted, kLogged, kUnseen, kRevealed };

// One exercise position. Times are absolute exercise-clock seconds.
struct State {
    bool started = false;               // false: before the opening injects (the root)
    ExTime clock = 0;
    Bits delivered;
    Bits flags;
    std::vector<PendingDecision> pending;  // delivery order, as the engine keeps them
    std::vector<ExTime> armed;          // per inject: when its `after` is met (+delay); kNoTime = not yet
    std::vector<std::uint8_t> tracked;  // latest rating of re-rated expectations: 0 none, 1+Rating
    int ending = -1;                    // index into Machine::ending_ids()
    // Red and purple modes only (empty in blue mode):
    std::vector<std::int16_t> move;     // per stage: the move in play (index into Machine::red_moves()), -1 none
    std::vector<std::uint8_t> outcome;  // per stage: its Outcome
    std::vector<ExTime> red_at;         // per inject: when a move made it due (causes, alerts, hunt finds)
    std::vector<std::int16_t> red_by;   // per inject: that move
};

// What happened to the red side on one transition, for the red-move report.
struct RedEvent {
    enum class Kind : std::uint8_t { executed, outcome, hunt_reveals, caused };
    Kind kind = Kind::executed;
    int move = -1;
    int value = 0;                      // outcome: an Outcome; caused: the inject
};

// What one move did, besides changing the state.
struct Effect {
    double gain_n = 0;                  // readiness numerator (points x weight)
    double gain_d = 0;                  // readiness denominator (weight)
    int decisions = 0;                  // decided + timed out
    std::vector<Step>* steps = nullptr; // filled when replaying a path
    std::vector<RedEvent>* red = nullptr; // filled while building the graph (red modes)
    // Branch points inside one move (the red cell's move when a stage begins,
    // the possible outcomes of an uncertain adjudication): `script` says which
    // alternative to take at each (0 beyond its end); `taken` and `arity`
    // record what was met, so the caller can enumerate every combination.
    const std::vector<std::uint8_t>* script = nullptr;
    std::vector<std::uint8_t> taken, arity;
};

// A move: decide(inject, option), wait, start (the root's only move), a red
// choice (a stage that begins with its move) or a hunt revealing a logged move.
using Label = std::uint32_t;
inline constexpr Label kWait = 0xFFFFFFFFu;
inline constexpr Label kStart = 0xFFFFFFFEu;
inline constexpr Label kRedBit = 0x80000000u;   // | move index
inline constexpr Label kHuntBit = 0x40000000u;  // | stage index
[[nodiscard]] inline bool is_decide(Label l) { return l < kHuntBit; }
[[nodiscard]] inline Label decide_label(int inject, int option) {
    return static_cast<Label>(inject) * 64u + static_cast<Label>(option);
}
[[nodiscard]] inline int label_inject(Label l) { return static_cast<int>(l / 64u); }
[[nodiscard]] inline int label_option(Label l) { return static_cast<int>(l % 64u); }

enum class Kind : std::uint8_t { open, ended, stalled };

class Machine {
public:
    // forget: key() leaves out history no future can test (Options::forget_history).
    Machine(const Scenario& s, Mode mode, bool forget = true);

    // The root: before the exercise runs. Its one move, kStart, delivers the
    // injects due at +00:00 and runs the clock on while nobody has anything to decide.
    [[nodiscard]] State initial() const;
    // Moves open to the teams; empty for a terminal state.
    [[nodiscard]] std::vector<Label> moves(const State& st) const;
    // Applies a move, then everything it forces.
    void apply(State& st, Label l, Effect& e) const;

    [[nodiscard]] Kind kind(const State& st) const;
    // Identical keys mean identical futures.
    [[nodiscard]] std::string key(const State& st) const;
    // Readiness contributions known only at the end (re-rated expectations).
    void terminal_gains(const State& st, double& n, double& d) const;
    // Undelivered injects with a trigger that never fired.
    [[nodiscard]] std::vector<std::string> waiting(const State& st) const;

    [[nodiscard]] const Scenario& scenario() const { return s_; }
    [[nodiscard]] const std::vector<std::string>& ending_ids() const { return ending_ids_; }
    [[nodiscard]] std::size_t defined_endings() const { return s_.endings.size(); }
    [[nodiscard]] bool has_endings() const { return has_endings_; }
    [[nodiscard]] const std::vector<std::string>& rated() const { return rated_; }
    [[nodiscard]] bool delivered(const State& st, int inject) const;

    struct RedMoveC {                   // a red move, compiled
        int stage = -1;
        const RedMove* def = nullptr;
        int fact = -1;                  // flag index of "stage/move"
        std::vector<int> req_all, req_any, req_none, blocked;
        std::vector<std::pair<int, ExTime>> causes, alerts, finds;  // (inject, delay)
        bool revealable = false;        // a hunt through collected telemetry can reveal it when logged
        std::vector<int> adj_flags;     // stopped_by, then revealed_by
    };
    [[nodiscard]] const std::vector<RedMoveC>& red_moves() const { return moves_; }
    [[nodiscard]] bool red() const { return red_; }
    [[nodiscard]] bool adjudicated() const { return red_ && s_.posture.has_value(); }

private:
    struct Option {
        std::vector<int> set, clear;    // flag indices
        std::vector<int> go_to;         // inject indices (unknown ids dropped)
        int end = -1;
        double gain_n = 0;              // ratings of expectations rated only here
        std::vector<std::pair<int, std::uint8_t>> tracked;  // tracked index, 1+Rating
        std::vector<std::pair<int, ExTime>> arms;           // after: inject.option -> (inject, delay)
    };
    struct Decision {
        ExTime timeout = kNoTime;
        int default_option = -1;
        std::vector<Option> options;
    };
    struct Inject {
        int stage = -1;
        bool goto_only = true;
        bool gated = false;             // red modes: due only once a move made it so (red_at)
        std::vector<int> fact_moves;    // moves whose fact its `when` tests under all/any
        ExTime at = kNoTime;
        bool has_after = false;
        bool has_when = false;
        std::vector<int> all, any, none;  // flag indices; -1 = a flag nobody sets
        int end = -1;
        double gain_d = 0;
        std::vector<std::pair<int, ExTime>> arms;  // after: inject -> (inject, delay)
        std::vector<int> set = {}, clear = {};     // flags the inject itself sets/clears on delivery
        std::optional<Decision> decision;
    };
    struct Tracked {
        int owner = -1;
        double weight = 0;
    };

    const Scenario& s_;
    bool red_ = false;
    bool forget_ = true;
    int words_ = 1;                     // 64-bit words per inject bitset
    int flag_words_ = 1;
    std::vector<Inject> inj_;
    std::vector<Tracked> tracked_;
    std::vector<Bits> stage_mask_;      // injects per stage
    std::vector<RedMoveC> moves_;
    std::vector<std::vector<int>> stage_moves_;   // per stage: its moves
    std::vector<std::uint8_t> waits_stage_;       // per stage: it begins with its move
    std::vector<std::uint8_t> red_opens_;         // per stage: only its move can begin it (the red cell chooses when)
    std::vector<std::string> flag_names_;
    // What key() needs to forget what no future can test (see `done`, `live_flags`):
    std::vector<Bits> when_reads_;      // per inject: the flags its `when` tests
    std::vector<Bits> draw_reads_;      // per stage: the flags its moves' requires, blocked_by, stopped_by, revealed_by test
    std::vector<std::uint8_t> may_settle_; // per inject: no goto leads to it and it owns no re-rated expectation
    std::vector<int> after_source_;     // per inject: the inject its `after` names (-1 none)
    std::vector<std::vector<int>> armers_;  // per inject: moves whose causes or alerts name it
    std::vector<std::vector<int>> finders_; // per inject: moves whose hunt_finds name it
    Bits kept_flags_;                   // flags nothing clears: once set, they stay
    std::vector<Bits> sets_;            // per inject: the flags it or one of its options sets
    std::vector<Bits> stage_facts_;     // per stage: its moves' facts
    mutable std::map<std::pair<int, std::uint32_t>, std::vector<std::uint8_t>> outcome_cache_;
    std::vector<std::string> ending_ids_;
    std::vector<std::string> rated_;
    bool has_endings_ = false;

    [[nodiscard]] bool holds(const Inject& c, const Bits& flags) const;
    [[nodiscard]] Bits done(const State& st) const;
    [[nodiscard]] Bits live_flags(const State& st, const Bits& done) const;
    [[nodiscard]] std::optional<ExTime> due(const State& st, int i) const;
    [[nodiscard]] std::optional<std::pair<int, ExTime>> earliest_due(const State& st) const;
    [[nodiscard]] bool times_out(const PendingDecision& p) const;
    [[nodiscard]] int first_timeout(const State& st, ExTime now) const;
    [[nodiscard]] std::optional<ExTime> next_event(const State& st) const;
    void deliver(State& st, int i, Effect& e) const;
    [[nodiscard]] bool available(const State& st, int move) const;
    [[nodiscard]] std::vector<std::uint8_t> outcomes(int move, const Bits& flags) const;
    void choose_move(State& st, int move) const;
    void execute(State& st, int move, Effect& e) const;
    void arm(State& st, int inject, ExTime at, int move) const;
    void decide(State& st, int i, int option, bool timed_out, Effect& e) const;
    void settle(State& st, Effect& e) const;
    void run_idle(State& st, Effect& e) const;
};

} // namespace sim::explore::detail
