// sim/engine/state.cpp — enum spellings and lookups on the exercise snapshot.
#include "sim/engine/state.hpp"

#include <algorithm>
#include <array>

namespace sim {

namespace {
constexpr std::array kPhases{"setup", "briefing", "running", "paused", "hotwash", "closed"};
constexpr std::array kInjectPhases{"none", "presenting", "awaiting_response", "evaluating"};
constexpr std::array kStatuses{"pending", "acknowledged", "escalated", "dismissed", "contained"};

template <class T>
const T* find_inject(const std::vector<T>& v, const std::string& id) {
    auto it = std::find_if(v.begin(), v.end(), [&](const T& x) { return x.inject == id; });
    return it == v.end() ? nullptr : &*it;
}
} // namespace

const char* to_string(Phase p) { return kPhases[static_cast<size_t>(p)]; }
const char* to_string(InjectPhase p) { return kInjectPhases[static_cast<size_t>(p)]; }
const char* to_string(InjectStatus s) { return kStatuses[static_cast<size_t>(s)]; }

std::optional<InjectStatus> parse_inject_status(const std::string& s) {
    for (size_t i = 1; i < kStatuses.size(); ++i)
        if (s == kStatuses[i]) return static_cast<InjectStatus>(i);
    return std::nullopt;
}

const DeliveredInject* ExerciseState::delivered_inject(const std::string& id) const {
    auto it = delivered_pos.find(id);
    return it == delivered_pos.end() ? nullptr : &delivered[it->second];
}

DeliveredInject* ExerciseState::delivered_inject_mut(const std::string& id) {
    auto it = delivered_pos.find(id);
    return it == delivered_pos.end() ? nullptr : &delivered[it->second];
}

bool ExerciseState::is_skipped(const std::string& id) const {
    return std::find(skipped.begin(), skipped.end(), id) != skipped.end();
}

const DecisionRecord* ExerciseState::decision(const std::string& inject) const { return find_inject(decisions, inject); }

const PendingDecision* ExerciseState::pending_decision(const std::string& inject) const {
    return find_inject(pending_decisions, inject);
}

const RedMoveRecord* ExerciseState::red_move(const std::string& stage) const {
    auto it = std::find_if(red_moves.begin(), red_moves.end(), [&](const RedMoveRecord& r) { return r.stage == stage; });
    return it == red_moves.end() ? nullptr : &*it;
}

const SignOffRecord* ExerciseState::sign_off(const std::string& inject) const {
    auto it = std::find_if(sign_offs.begin(), sign_offs.end(), [&](const SignOffRecord& r) { return r.inject == inject; });
    return it == sign_offs.end() ? nullptr : &*it;
}

InjectPhase ExerciseState::inject_phase(const std::string& inject) const {
    const DeliveredInject* d = delivered_inject(inject);
    return d ? d->phase : InjectPhase::none;
}

InjectPhase ExerciseState::current_inject_phase() const {
    if (ended || (phase != Phase::running && phase != Phase::paused)) return InjectPhase::none;
    return inject_phase(current_inject);
}

const std::vector<TeamQueueEntry>& ExerciseState::queue(const std::string& team) const {
    static const std::vector<TeamQueueEntry> empty;
    auto it = queues.find(team);
    return it == queues.end() ? empty : it->second;
}

ExTime RedMoveRecord::detected_at() const {
    auto seen = [](const std::string& o) { return o == "alerted" || o == "blocked"; };
    if (seen(effective_outcome())) return seen(outcome) ? adjudicated_at : overridden_at;
    return effective_outcome() == "logged" ? revealed_at : kNoTime;
}

} // namespace sim
