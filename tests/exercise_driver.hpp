// tests/exercise_driver.hpp — drives a sim::Exercise the way sim::Session
// does, minus the store: plan a command, apply its events, keep the journal.
// Shared by the engine-level tests of red play, adjudication and the format
// additions.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include <doctest/doctest.h>

#include "sim/engine/exercise.hpp"

namespace ttx_test {

struct ExerciseDriver {
    std::shared_ptr<const sim::Scenario> sc;
    sim::Exercise ex;
    sim::Journal journal;

    explicit ExerciseDriver(std::shared_ptr<const sim::Scenario> s) : sc(s), ex(std::move(s)) {}

    // Start, brief and run, as a facilitator would before the first inject.
    void start_running(sim::Mode mode = sim::Mode::blue, std::uint64_t seed = 7) {
        sim::cmd::Start start;
        start.seed = seed;
        start.mode = mode;
        ok(start);
        ok(sim::cmd::BeginBriefing{});
        ok(sim::cmd::BeginRunning{});
    }
    sim::CommandResult run(const sim::Command& c) {
        sim::CommandResult r = ex.plan(c);
        for (const auto& e : r.events) {   // a refused command has none
            ex.apply(e);
            journal.push_back(e);
        }
        return r;
    }
    void ok(const sim::Command& c) {
        sim::CommandResult r = run(c);
        INFO("command ", sim::command_name(c));
        REQUIRE_MESSAGE(r.ok(), r.error);
    }
    // The command is refused and nothing changed; returns why.
    std::string refused(const sim::Command& c) {
        const auto before = ex.state();
        sim::CommandResult r = run(c);
        REQUIRE_FALSE(r.ok());
        CHECK(ex.state() == before);
        return r.error;
    }
    [[nodiscard]] bool got(const std::string& inject) const { return ex.state().is_delivered(inject); }
};

} // namespace ttx_test
