// sim/engine/story.cpp — story time from the deliveries so far.
#include "sim/engine/story.hpp"

#include <algorithm>

namespace sim {

void StoryTrack::delivered(const std::string& inject, ExTime t) {
    if (!s_.story.set()) return;
    const Inject* inj = s_.inject(inject);
    if (!inj || (inj->jump == kNoTime && inj->story_at == kNoTime)) return;
    const std::int64_t now = anchor_story_ + (t - anchor_t_);
    // A story_at in the past of the story (a branch delivered late) never turns the clock back.
    anchor_story_ = inj->jump != kNoTime ? now + inj->jump : std::max(now, inj->story_at);
    anchor_t_ = t;
}

std::optional<std::int64_t> StoryTrack::at(ExTime t) const {
    if (!s_.story.set()) return std::nullopt;
    return anchor_story_ + (std::max(t, anchor_t_) - anchor_t_);
}

std::optional<std::int64_t> story_time(const Scenario& s, const ExerciseState& st, ExTime t) {
    if (!s.story.set()) return std::nullopt;
    StoryTrack track(s);
    for (const auto& d : st.delivered) {
        if (d.delivered_at > t) break;
        track.delivered(d.inject, d.delivered_at);
    }
    return track.at(t);
}

std::optional<std::int64_t> story_time(const Scenario& s, const ExerciseState& st) {
    return story_time(s, st, st.clock);
}

std::vector<std::optional<std::int64_t>> story_times(const Scenario& s, const Journal& events) {
    std::vector<std::optional<std::int64_t>> out;
    out.reserve(events.size());
    StoryTrack track(s);
    for (const auto& e : events) {
        if (const auto* d = e.get<ev::InjectDelivered>()) track.delivered(d->inject, e.t);
        out.push_back(track.at(e.t));
    }
    return out;
}

std::string story_label(const Scenario& s, std::optional<std::int64_t> t) {
    if (!t) return {};
    return format_story_time(*t) + (s.story.zone.empty() ? std::string() : " " + s.story.zone);
}

} // namespace sim
