// sim/engine/lifecycle_machine.hpp — the Boost.Statechart machine behind Lifecycle.
//
// Internal to sim/engine/lifecycle*.cpp. States declare their reactions here;
// custom reactions are implemented in lifecycle.cpp. The machine records an
// unconsumed event instead of ignoring it, so Lifecycle::feed can refuse it.
#pragma once

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/mpl/list.hpp>
#include <boost/statechart/custom_reaction.hpp>
#include <boost/statechart/deep_history.hpp>
#include <boost/statechart/event.hpp>
#include <boost/statechart/in_state_reaction.hpp>
#include <boost/statechart/simple_state.hpp>
#include <boost/statechart/state_machine.hpp>
#include <boost/statechart/transition.hpp>

#include "sim/engine/state.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim::lifecycle {

namespace sc = boost::statechart;
namespace mpl = boost::mpl;

// ---- events (one per lifecycle-relevant journal kind) ------------------------
struct EvStarted : sc::event<EvStarted> {};
struct EvBriefing : sc::event<EvBriefing> {};
struct EvRunning : sc::event<EvRunning> {};
struct EvClock : sc::event<EvClock> {};
struct EvDelivered : sc::event<EvDelivered> {
    std::string inject;
    std::vector<std::string> teams;
};
struct EvSkipped : sc::event<EvSkipped> {};
struct EvStatus : sc::event<EvStatus> {
    std::string inject;
    std::string team;
};
struct EvDecided : sc::event<EvDecided> {
    std::string inject;
};
struct EvAnnotation : sc::event<EvAnnotation> {};   // rating, note, purple outcome, retraction
struct EvRedMove : sc::event<EvRedMove> {};
struct EvPause : sc::event<EvPause> {};
struct EvResume : sc::event<EvResume> {};
struct EvEnded : sc::event<EvEnded> {};
struct EvHotwash : sc::event<EvHotwash> {};
struct EvClose : sc::event<EvClose> {};

// ---- the machine's data: the inject graph as seen by the lifecycle -----------
// What the lifecycle knows of one delivered inject.
struct InjectTrack {
    InjectPhase phase = InjectPhase::presenting;
    bool has_decision = false;                              // the scenario gives it a decision
    bool decided = false;
    std::vector<std::string> audience;
    std::set<std::string> responded;                        // teams with a status
};

struct Context {
    const Scenario* scenario = nullptr;
    bool started = false;
    std::string current;                                    // inject in focus
    // Every delivered inject, looked up once per event (hashed: replay does
    // this for every status and decision of a long journal).
    std::unordered_map<std::string, InjectTrack> injects;

    // The phase an inject reaches after a status from `team`.
    [[nodiscard]] static InjectPhase after_status(InjectTrack& inject, const std::string& team);
};

struct Setup;
struct Briefing;
struct Running;
struct Idle;
struct Presenting;
struct AwaitingResponse;
struct Evaluating;
struct Paused;
struct Ended;
struct Hotwash;
struct Closed;

struct Machine : sc::state_machine<Machine, Setup> {
    explicit Machine(const Scenario& s) { ctx.scenario = &s; }
    Context ctx;
    bool unconsumed = false;
    // Called by Boost.Statechart when no state reacts: recorded, then refused by feed().
    void unconsumed_event(const sc::event_base&) { unconsumed = true; }
};

// ---- states --------------------------------------------------------------------
struct Setup : sc::simple_state<Setup, Machine> {
    using reactions = mpl::list<sc::custom_reaction<EvStarted>, sc::custom_reaction<EvBriefing>>;
    sc::result react(const EvStarted&);
    sc::result react(const EvBriefing&);
};

struct Briefing : sc::simple_state<Briefing, Machine> {
    using reactions = mpl::list<sc::transition<EvRunning, Running>, sc::in_state_reaction<EvSkipped>,
                                sc::in_state_reaction<EvAnnotation>, sc::in_state_reaction<EvRedMove>>;
};

struct Running : sc::simple_state<Running, Machine, Idle, sc::has_deep_history> {
    using reactions = mpl::list<sc::custom_reaction<EvDelivered>, sc::custom_reaction<EvStatus>,
                                sc::custom_reaction<EvDecided>, sc::in_state_reaction<EvClock>,
                                sc::in_state_reaction<EvSkipped>, sc::in_state_reaction<EvAnnotation>,
                                sc::in_state_reaction<EvRedMove>, sc::transition<EvPause, Paused>,
                                sc::transition<EvEnded, Ended>>;
    sc::result react(const EvDelivered&);
    sc::result react(const EvStatus&);
    sc::result react(const EvDecided&);

private:
    // Moves the Running substate to `p` (the phase of the inject in focus).
    sc::result enter(InjectPhase p);
};

// Running's substates: the phase of the inject in focus.
struct Idle : sc::simple_state<Idle, Running> {
    static constexpr InjectPhase phase = InjectPhase::none;
};
struct Presenting : sc::simple_state<Presenting, Running> {
    static constexpr InjectPhase phase = InjectPhase::presenting;
};
struct AwaitingResponse : sc::simple_state<AwaitingResponse, Running> {
    static constexpr InjectPhase phase = InjectPhase::awaiting_response;
};
struct Evaluating : sc::simple_state<Evaluating, Running> {
    static constexpr InjectPhase phase = InjectPhase::evaluating;
};

struct Paused : sc::simple_state<Paused, Machine> {
    using reactions = mpl::list<sc::transition<EvResume, sc::deep_history<Idle>>, sc::transition<EvEnded, Ended>,
                                sc::in_state_reaction<EvSkipped>, sc::in_state_reaction<EvAnnotation>,
                                sc::in_state_reaction<EvRedMove>>;
};

struct Ended : sc::simple_state<Ended, Machine> {
    using reactions = mpl::list<sc::transition<EvHotwash, Hotwash>, sc::transition<EvClose, Closed>,
                                sc::in_state_reaction<EvAnnotation>>;
};

struct Hotwash : sc::simple_state<Hotwash, Machine> {
    using reactions = mpl::list<sc::transition<EvClose, Closed>, sc::in_state_reaction<EvAnnotation>>;
};

struct Closed : sc::simple_state<Closed, Machine> {};

} // namespace sim::lifecycle
