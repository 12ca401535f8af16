// sim/explore/machine.hpp — internal to sim/explore: the engine's inject-graph
// rules, compiled for speed, over a small value state.
//
// This mirrors sim/engine (fold.cpp `due`, exercise.cpp `settle`, `decide`,
// `advance_to`) without events, JSON or the lifecycle, so millions of states
// can be tried. tests/scenarios_test.cpp replays the explorer's paths through
// the real engine to keep the two in agreement.
#pragma once

#include <cstdint>
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

// One exercise position. Times are absolute exercise-clock seconds.
struct State {
    ExTime clock = 0;
    Bits delivered;
    Bits flags;
    std::vector<PendingDecision> pending;  // delivery order, as the engine keeps them
    std::vector<ExTime> armed;          // per inject: when its `after` is met (+delay); kNoTime = not yet
    std::vector<std::uint8_t> tracked;  // latest rating of re-rated expectations: 0 none, 1+Rating
    int ending = -1;                    // index into Machine::ending_ids()
};

// What one move did, besides changing the state.
struct Effect {
    double gain_n = 0;                  // readiness numerator (points x weight)
    double gain_d = 0;                  // readiness denominator (weight)
    Count mult = 1;                     // red-move alternatives drawn on the way
    int decisions = 0;                  // decided + timed out
    std::vector<Step>* steps = nullptr; // filled when replaying a path
};

// A move: decide(inject, option) or wait.
using Label = std::uint32_t;
inline constexpr Label kWait = 0xFFFFFFFFu;
[[nodiscard]] inline Label decide_label(int inject, int option) {
    return static_cast<Label>(inject) * 64u + static_cast<Label>(option);
}
[[nodiscard]] inline int label_inject(Label l) { return static_cast<int>(l / 64u); }
[[nodiscard]] inline int label_option(Label l) { return static_cast<int>(l % 64u); }

enum class Kind : std::uint8_t { open, ended, stalled };

class Machine {
public:
    Machine(const Scenario& s, Mode mode);

    // The state once the exercise runs: injects due at +00:00 delivered, and
    // the clock run on while nobody has anything to decide.
    [[nodiscard]] State initial(Effect& e) const;
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
    int words_ = 1;                     // 64-bit words per inject bitset
    int flag_words_ = 1;
    std::vector<Inject> inj_;
    std::vector<Tracked> tracked_;
    std::vector<Bits> stage_mask_;      // injects per stage
    std::vector<int> stage_alternatives_;
    std::vector<std::string> ending_ids_;
    std::vector<std::string> rated_;
    bool has_endings_ = false;

    [[nodiscard]] bool holds(const Inject& c, const Bits& flags) const;
    [[nodiscard]] std::optional<ExTime> due(const State& st, int i) const;
    [[nodiscard]] std::optional<std::pair<int, ExTime>> earliest_due(const State& st) const;
    [[nodiscard]] bool times_out(const PendingDecision& p) const;
    [[nodiscard]] int first_timeout(const State& st, ExTime now) const;
    [[nodiscard]] std::optional<ExTime> next_event(const State& st) const;
    void deliver(State& st, int i, Effect& e) const;
    void decide(State& st, int i, int option, bool timed_out, Effect& e) const;
    void settle(State& st, Effect& e) const;
    void run_idle(State& st, Effect& e) const;
};

} // namespace sim::explore::detail
