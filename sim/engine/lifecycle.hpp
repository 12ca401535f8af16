// sim/engine/lifecycle.hpp — the exercise lifecycle, behind a plain facade.
//
//   Setup ─► Briefing ─► Running ─────────────► Ended ─► Hotwash ─► Closed
//                         │  ▲ (deep history)     ▲  └───────────────┘
//                         ▼  │                    │
//                        Paused ──────────────────┘
//   Running: Idle ─► Presenting ─► AwaitingResponse ─► Evaluating ─► (next inject) Presenting …
//
// The machine (Boost.Statechart, lifecycle_machine.hpp) is fed journal events
// by Exercise::apply(). An event the current state does not consume is
// refused, with a sentence; the machine is then unchanged. Stages and injects
// are data in the machine's context, not state types: the Running substate is
// the phase of the inject in focus (the last delivered), and the context
// keeps the phase of every delivered inject.
//
// Nothing outside sim/engine/lifecycle* sees statechart types.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "sim/engine/event.hpp"
#include "sim/engine/state.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

namespace lifecycle { struct Machine; }

class Lifecycle {
public:
    explicit Lifecycle(const Scenario& scenario);
    ~Lifecycle();
    Lifecycle(const Lifecycle&) = delete;
    Lifecycle& operator=(const Lifecycle&) = delete;

    // Processes the lifecycle side of one journal event. Returns "" when the
    // machine consumed it, else why it cannot happen now (nothing changed).
    [[nodiscard]] std::string feed(const Event& e);

    [[nodiscard]] Phase phase() const;
    [[nodiscard]] bool ended() const;
    [[nodiscard]] const std::string& current_inject() const;
    // The Running substate as an InjectPhase (none outside Running).
    [[nodiscard]] InjectPhase running_substate() const;
    // The phase of a delivered inject (none if it was not delivered).
    [[nodiscard]] InjectPhase inject_phase(const std::string& inject) const;

private:
    std::unique_ptr<lifecycle::Machine> machine_;
};

} // namespace sim
