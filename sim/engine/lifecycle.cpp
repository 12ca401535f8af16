// sim/engine/lifecycle.cpp — the statechart's custom reactions and the Lifecycle facade.
#include "sim/engine/lifecycle.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sim/engine/lifecycle_machine.hpp"

namespace sim {
namespace lifecycle {

InjectPhase Context::after_status(const std::string& inject, const std::string& team) {
    auto& teams = responded[inject];
    teams.insert(team);
    InjectPhase current = phases[inject];
    if (current == InjectPhase::evaluating) return current;   // never goes back
    const Inject* inj = scenario->inject(inject);
    bool open_decision = inj && inj->decision && decided.count(inject) == 0;
    const auto& aud = audience[inject];
    bool everyone = std::all_of(aud.begin(), aud.end(), [&](const std::string& t) { return teams.count(t) != 0; });
    return !open_decision && everyone ? InjectPhase::evaluating : InjectPhase::awaiting_response;
}

sc::result Setup::react(const EvStarted&) {
    auto& ctx = context<Machine>().ctx;
    if (ctx.started) return forward_event();                // a second session.started
    ctx.started = true;
    return discard_event();
}

sc::result Setup::react(const EvBriefing&) {
    if (!context<Machine>().ctx.started) return forward_event();
    return transit<Briefing>();
}

sc::result Running::enter(InjectPhase p) {
    switch (p) {
    case InjectPhase::presenting: return transit<Presenting>();
    case InjectPhase::awaiting_response: return transit<AwaitingResponse>();
    case InjectPhase::evaluating: return transit<Evaluating>();
    case InjectPhase::none: break;
    }
    return transit<Idle>();
}

sc::result Running::react(const EvDelivered& e) {
    auto& ctx = context<Machine>().ctx;
    if (ctx.phases.count(e.inject)) return forward_event();  // delivered twice
    ctx.phases[e.inject] = InjectPhase::presenting;
    ctx.audience[e.inject] = e.teams;
    ctx.current = e.inject;
    return enter(InjectPhase::presenting);
}

sc::result Running::react(const EvStatus& e) {
    auto& ctx = context<Machine>().ctx;
    if (!ctx.phases.count(e.inject)) return forward_event(); // not delivered
    InjectPhase before = ctx.phases[e.inject];
    InjectPhase after = ctx.after_status(e.inject, e.team);
    ctx.phases[e.inject] = after;
    if (e.inject != ctx.current || after == before) return discard_event();
    return enter(after);
}

sc::result Running::react(const EvDecided& e) {
    auto& ctx = context<Machine>().ctx;
    if (!ctx.phases.count(e.inject) || ctx.decided.count(e.inject)) return forward_event();
    ctx.decided.insert(e.inject);
    InjectPhase before = ctx.phases[e.inject];
    ctx.phases[e.inject] = InjectPhase::evaluating;
    if (e.inject != ctx.current || before == InjectPhase::evaluating) return discard_event();
    return enter(InjectPhase::evaluating);
}

} // namespace lifecycle

// ---- facade ----------------------------------------------------------------------

using namespace lifecycle;

Lifecycle::Lifecycle(const Scenario& scenario) : machine_(std::make_unique<Machine>(scenario)) {
    machine_->initiate();
}

Lifecycle::~Lifecycle() = default;

namespace {

template <class Ev>
bool process(Machine& m, const Ev& ev) {
    m.unconsumed = false;
    m.process_event(ev);
    return !m.unconsumed;
}

// The statechart event each payload feeds.
struct Feeder {
    Machine& m;
    bool operator()(const ev::SessionStarted&) const { return process(m, EvStarted{}); }
    bool operator()(const ev::BriefingStarted&) const { return process(m, EvBriefing{}); }
    bool operator()(const ev::ExerciseRunning&) const { return process(m, EvRunning{}); }
    bool operator()(const ev::ClockAdvanced&) const { return process(m, EvClock{}); }
    bool operator()(const ev::InjectDelivered& p) const {
        EvDelivered e;
        e.inject = p.inject;
        e.teams = p.teams;
        return process(m, e);
    }
    bool operator()(const ev::InjectSkipped&) const { return process(m, EvSkipped{}); }
    bool operator()(const ev::StatusSet& p) const {
        EvStatus e;
        e.inject = p.inject;
        e.team = p.team;
        return process(m, e);
    }
    bool operator()(const ev::DecisionRecorded& p) const {
        EvDecided e;
        e.inject = p.inject;
        return process(m, e);
    }
    bool operator()(const ev::ExpectationRated&) const { return process(m, EvAnnotation{}); }
    bool operator()(const ev::NoteAdded&) const { return process(m, EvAnnotation{}); }
    bool operator()(const ev::PurpleObserved&) const { return process(m, EvAnnotation{}); }
    bool operator()(const ev::EntryRetracted&) const { return process(m, EvAnnotation{}); }
    bool operator()(const ev::DecisionSigned&) const { return process(m, EvAnnotation{}); }
    bool operator()(const ev::FeedbackRecorded&) const { return process(m, EvAnnotation{}); }
    bool operator()(const ev::RedMove&) const { return process(m, EvRedMove{}); }
    bool operator()(const ev::RedAdjudicated&) const { return process(m, EvRedMove{}); }
    bool operator()(const ev::HuntRun&) const { return process(m, EvRedMove{}); }
    bool operator()(const ev::OutcomeOverridden&) const { return process(m, EvAnnotation{}); }
    bool operator()(const ev::ExercisePaused&) const { return process(m, EvPause{}); }
    bool operator()(const ev::ExerciseResumed&) const { return process(m, EvResume{}); }
    bool operator()(const ev::ExerciseEnded&) const { return process(m, EvEnded{}); }
    bool operator()(const ev::HotwashStarted&) const { return process(m, EvHotwash{}); }
    bool operator()(const ev::SessionClosed&) const { return process(m, EvClose{}); }
};

} // namespace

std::string Lifecycle::feed(const Event& e) {
    if (std::visit(Feeder{*machine_}, e.data)) return {};
    return fmt::format("event {} ({}) cannot happen in phase {}{}", e.seq, e.kind(), to_string(phase()),
                       ended() ? " (ended)" : "");
}

Phase Lifecycle::phase() const {
    const Machine& m = *machine_;
    if (m.state_cast<const Briefing*>()) return Phase::briefing;
    if (m.state_cast<const Running*>() || m.state_cast<const Ended*>()) return Phase::running;
    if (m.state_cast<const Paused*>()) return Phase::paused;
    if (m.state_cast<const Hotwash*>()) return Phase::hotwash;
    if (m.state_cast<const Closed*>()) return Phase::closed;
    return Phase::setup;
}

bool Lifecycle::ended() const {
    const Machine& m = *machine_;
    return m.state_cast<const Ended*>() || m.state_cast<const Hotwash*>() || m.state_cast<const Closed*>();
}

const std::string& Lifecycle::current_inject() const { return machine_->ctx.current; }

InjectPhase Lifecycle::running_substate() const {
    const Machine& m = *machine_;
    if (m.state_cast<const Presenting*>()) return Presenting::phase;
    if (m.state_cast<const AwaitingResponse*>()) return AwaitingResponse::phase;
    if (m.state_cast<const Evaluating*>()) return Evaluating::phase;
    return InjectPhase::none;
}

const std::map<std::string, InjectPhase>& Lifecycle::inject_phases() const { return machine_->ctx.phases; }

} // namespace sim
