// sim/engine/story.hpp — the story's clock beside the exercise clock.
//
// A scenario may give its story a start (story: {start: "2024-09-24 07:30"});
// story time then runs with the exercise clock, and an inject with `jump`
// (or `story_at`) moves it forward when it is delivered, without moving the
// exercise clock. Story time is a pure function of the scenario and the
// deliveries so far, so every front end and report computes the same.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/event.hpp"
#include "sim/engine/state.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {


// Follows deliveries in order and answers "what is the story time at t".
class StoryTrack {
public:
    explicit StoryTrack(const Scenario& s) : s_(s), anchor_story_(s.story.start) {}

    // An inject delivered at exercise time t (deliveries in journal order).
    void delivered(const std::string& inject, ExTime t);
    // Story time at exercise time t (not before the last delivery fed); nullopt without a story start.
    [[nodiscard]] std::optional<std::int64_t> at(ExTime t) const;

private:
    const Scenario& s_;
    std::int64_t anchor_story_;
    ExTime anchor_t_ = 0;
};

// Story time now (the state's clock), and at a delivery already made.
[[nodiscard]] std::optional<std::int64_t> story_time(const Scenario& s, const ExerciseState& st);
[[nodiscard]] std::optional<std::int64_t> story_time(const Scenario& s, const ExerciseState& st, ExTime t);
// Story time at every event of a journal (nullopt entries without a story start).
[[nodiscard]] std::vector<std::optional<std::int64_t>> story_times(const Scenario& s, const Journal& events);
// "Tue 24 Sep 2024 07:30 CEST", or "" without a story start.
[[nodiscard]] std::string story_label(const Scenario& s, std::optional<std::int64_t> t);

} // namespace sim
