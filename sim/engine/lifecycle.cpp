// sim/engine/lifecycle.cpp — the statechart's custom reactions and the Lifecycle facade.
#include "sim/engine/lifecycle.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sim/engine/lifecycle_machine.hpp"

namespace sim {
namespace lifecycle {

InjectPhase Context::after_status(InjectTrack& inject, const std::string& team) {
    inject.responded.insert(team);
    if (inject.phase == InjectPhase::evaluating) return inject.phase;   // never goes back
    bool open_decision = inject.has_decision && !inject.decided;
    const auto& aud = inject.audience;
    bool everyone = std::all_of(aud.begin(), aud.end(), [&](const std::string& t) { return inject.responded.count(t) != 0; });
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
    auto [it, fresh] = ctx.injects.try_emplace(e.inject);
    if (!fresh) return forward_event();                     // delivered twice
    const Inject* inj = ctx.scenario->inject(e.inject);
    it->second.has_decision = inj && inj->decision;
    it->second.audience = e.teams;
    ctx.current = e.inject;
    return enter(InjectPhase::presenting);
}

sc::result Running::react(const EvStatus& e) {
    auto& ctx = context<Machine>().ctx;
    auto it = ctx.injects.find(e.inject);
    if (it == ctx.injects.end()) return forward_event();    // not delivered
    InjectPhase before = it->second.phase;
    InjectPhase after = Context::after_status(it->second, e.team);
    it->second.phase = after;
    if (e.inject != ctx.current || after == before) return discard_event();
    return enter(after);
}

sc::result Running::react(const EvDecided& e) {
    auto& ctx = context<Machine>().ctx;
    auto it = ctx.injects.find(e.inject);
    if (it == ctx.injects.end() || it->second.decided) return forward_event();
    it->second.decided = true;
    InjectPhase before = it->second.phase;
    it->second.phase = InjectPhase::evaluating;
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

namespace {

// Whether the innermost active state is S. The machine has no orthogonal
// regions, so there is one leaf; comparing its type id is far cheaper than a
// state_cast, which dynamic_casts every active state (apply() asks per event).
template <class S>
bool leaf_is(const Machine& m) {
    return m.state_begin() != m.state_end() && m.state_begin()->dynamic_type() == S::static_type();
}

} // namespace

Phase Lifecycle::phase() const {
    const Machine& m = *machine_;
    if (leaf_is<Briefing>(m)) return Phase::briefing;
    if (running_substate() != InjectPhase::none || leaf_is<Idle>(m) || leaf_is<Ended>(m)) return Phase::running;
    if (leaf_is<Paused>(m)) return Phase::paused;
    if (leaf_is<Hotwash>(m)) return Phase::hotwash;
    if (leaf_is<Closed>(m)) return Phase::closed;
    return Phase::setup;
}

bool Lifecycle::ended() const {
    const Machine& m = *machine_;
    return leaf_is<Ended>(m) || leaf_is<Hotwash>(m) || leaf_is<Closed>(m);
}

const std::string& Lifecycle::current_inject() const { return machine_->ctx.current; }

InjectPhase Lifecycle::running_substate() const {
    const Machine& m = *machine_;
    if (leaf_is<Presenting>(m)) return Presenting::phase;
    if (leaf_is<AwaitingResponse>(m)) return AwaitingResponse::phase;
    if (leaf_is<Evaluating>(m)) return Evaluating::phase;
    return InjectPhase::none;
}

InjectPhase Lifecycle::inject_phase(const std::string& inject) const {
    const auto& injects = machine_->ctx.injects;
    auto it = injects.find(inject);
    return it == injects.end() ? InjectPhase::none : it->second.phase;
}

} // namespace sim
