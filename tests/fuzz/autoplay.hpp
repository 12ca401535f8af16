// tests/fuzz/autoplay.hpp — drives an exercise through a scenario without a script.
//
// Used by the fuzzers to push whatever scenario survived validation through
// the engine: start, deliver or advance to every inject, take the first option
// every team may take, rate, note, pause and resume, end, hotwash and close.
// Every step is bounded so a hostile scenario cannot turn a fuzz run into a hang
// by itself; an engine that loops forever still shows up as a libFuzzer timeout.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "sim/engine/exercise.hpp"
#include "sim/scenario/scenario.hpp"

namespace fuzz {

// Plans `c`; applies and records its events if accepted. Returns whether it was accepted.
inline bool step(sim::Exercise& ex, sim::Journal& journal, const sim::Command& c) {
    sim::CommandResult r = ex.plan(c, 1'700'000'000'000);
    if (!r) return false;
    if (r.events.empty()) throw std::logic_error(std::string("an accepted ") + sim::command_name(c) + " produced no events");
    for (const auto& e : r.events) {
        ex.apply(e);
        journal.push_back(e);
    }
    return true;
}

// Returns "" when the engine kept its promises, else which one it broke.
inline std::string autoplay(const std::shared_ptr<const sim::Scenario>& sc, std::uint64_t seed, sim::Mode mode) {
    namespace cmd = sim::cmd;
    sim::Exercise ex(sc);
    sim::Journal journal;
    auto step = [&](const sim::Command& c) { return fuzz::step(ex, journal, c); };
    cmd::Start start;
    start.seed = seed;
    start.mode = mode;
    for (const auto& team : sc->teams)
        if (start.participants.size() < 4)
            start.participants.push_back({"P " + team.id, team.id, team.roles.empty() ? "" : team.roles.front()});
    if (!step(start) && !step(cmd::Start{seed, mode, false, {}})) return "";
    if (!step(cmd::BeginBriefing{}) || !step(cmd::BeginRunning{})) return "";

    for (int round = 0; round < 200 && !ex.state().ended; ++round) {
        bool progressed = false;
        // Answer open decisions with the first option any team may take.
        std::vector<sim::PendingDecision> open = ex.state().pending_decisions;
        for (const auto& pd : open) {
            const sim::Inject* inj = sc->inject(pd.inject);
            if (!inj || !inj->decision || inj->decision->options.empty()) continue;
            for (std::size_t t = 0; t < sc->teams.size() && t < 6; ++t)
                if (step(cmd::Decide{pd.inject, inj->decision->options.front().id, sc->teams[t].id, "", "", "fuzz"})) {
                    progressed = true;
                    break;
                }
        }
        if (ex.state().ended) break;
        if (!ex.state().delivered.empty()) {
            const sim::DeliveredInject last = ex.state().delivered.back();   // a copy: step() replaces the state
            for (const auto& team : last.teams)
                step(cmd::SetStatus{last.inject, team, round % 2 ? "escalated" : "acknowledged", "", ""});
            if (const sim::Inject* inj = sc->inject(last.inject))
                for (const auto& e : inj->expect) step(cmd::Rate{e.id, "S", "fuzz", "facilitator", "fuzz", {}});
        }
        if (round % 7 == 3) {
            step(cmd::Pause{});
            step(cmd::AddNote{"paused by the fuzzer", "fuzz", "facilitator", true, "", ""});
            step(cmd::Resume{});
        }
        if (step(cmd::DeliverNext{})) continue;
        sim::ExTime to = ex.state().next ? ex.state().next->at : ex.state().clock + 15 * 60;
        if (to <= ex.state().clock) to = ex.state().clock + 60;
        if (step(cmd::Advance{to})) progressed = true;
        if (!progressed) break;
    }
    step(cmd::End{"fuzz"});
    step(cmd::StartHotwash{});
    step(cmd::Close{});
    // Replaying what was produced must give the same state (event sourcing's promise).
    try {
        sim::Exercise again = sim::replay(sc, journal);
        if (!(again.state() == ex.state())) return "replaying the journal gives a different state";
    } catch (const sim::JournalError& e) {
        return std::string("the engine's own journal does not replay: ") + e.what();
    }
    return "";
}

} // namespace fuzz
