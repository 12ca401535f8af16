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

std::vector<std::string> string_list(const nlohmann::json& j) {
    std::vector<std::string> out;
    if (j.is_array())
        for (const auto& x : j)
            if (x.is_string()) out.push_back(x.get<std::string>());
    return out;
}

std::string str(const nlohmann::json& data, const char* key) {
    auto it = data.find(key);
    return it != data.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

} // namespace

std::string Lifecycle::feed(const Event& e) {
    Machine& m = *machine_;
    const std::string& k = e.kind;
    bool ok = false;
    if (k == "session.started") ok = process(m, EvStarted{});
    else if (k == "briefing.started") ok = process(m, EvBriefing{});
    else if (k == "exercise.running") ok = process(m, EvRunning{});
    else if (k == "clock.advanced") ok = process(m, EvClock{});
    else if (k == "inject.delivered") {
        EvDelivered ev;
        ev.inject = str(e.data, "inject");
        ev.teams = string_list(e.data.value("teams", nlohmann::json::array()));
        ok = process(m, ev);
    } else if (k == "inject.skipped") ok = process(m, EvSkipped{});
    else if (k == "inject.status") {
        EvStatus ev;
        ev.inject = str(e.data, "inject");
        ev.team = str(e.data, "team");
        ok = process(m, ev);
    } else if (k == "decision.recorded") {
        EvDecided ev;
        ev.inject = str(e.data, "inject");
        ok = process(m, ev);
    } else if (k == "expectation.rated" || k == "note.added" || k == "purple.outcome" || k == "entry.retracted")
        ok = process(m, EvAnnotation{});
    else if (k == "red.move") ok = process(m, EvRedMove{});
    else if (k == "exercise.paused") ok = process(m, EvPause{});
    else if (k == "exercise.resumed") ok = process(m, EvResume{});
    else if (k == "exercise.ended") ok = process(m, EvEnded{});
    else if (k == "hotwash.started") ok = process(m, EvHotwash{});
    else if (k == "session.closed") ok = process(m, EvClose{});
    else return fmt::format("unknown event kind '{}'", k);
    if (ok) return {};
    return fmt::format("event {} ({}) cannot happen in phase {}{}", e.seq, k, to_string(phase()),
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
