// Engine: lifecycle, inject triggers, option effects, command checks, modes.
// Fixture: tests/fixtures/engine/branching.yaml (every trigger and effect kind).
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>

#include "sim/attack/catalog.hpp"
#include "sim/engine/exercise.hpp"
#include "sim/engine/lifecycle.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/event_support.hpp"

using namespace sim;

namespace {

std::shared_ptr<const Scenario> branching() {
    static std::shared_ptr<const Scenario> s = [] {
        LoadResult r = load_and_validate(TTX_SOURCE_DIR "/tests/fixtures/engine/branching.yaml", attack::builtin_catalog());
        for (const auto& d : r.diags.items) MESSAGE(format_diagnostic(d));
        REQUIRE(r.scenario);
        REQUIRE_FALSE(r.diags.has_errors());
        return std::make_shared<const Scenario>(std::move(*r.scenario));
    }();
    return s;
}

constexpr ExTime min(int m) { return m * 60; }

// Drives an Exercise the way Session does, minus the store.
struct Harness {
    Exercise ex{branching()};
    Journal journal;

    CommandResult run(const Command& c) {
        CommandResult r = ex.plan(c);
        if (r)
            for (const auto& e : r.events) {
                ex.apply(e);
                journal.push_back(e);
            }
        return r;
    }
    Journal ok(const Command& c) {
        CommandResult r = run(c);
        INFO("command ", command_name(c));
        REQUIRE_MESSAGE(r.ok(), r.error);
        REQUIRE_FALSE(r.events.empty());
        return r.events;
    }
    // Asserts the command is refused, with a message, and that nothing changed.
    std::string refused(const Command& c) {
        ExerciseState before = ex.state();
        CommandResult r = run(c);
        CHECK_FALSE(r.ok());
        CHECK(r.events.empty());
        CHECK_FALSE(r.error.empty());
        CHECK(ex.state() == before);
        return r.error;
    }
    const ExerciseState& st() const { return ex.state(); }
    [[nodiscard]] std::vector<const Event*> of_kind(const std::string& kind) const {
        std::vector<const Event*> out;
        for (const auto& e : journal)
            if (e.kind() == kind) out.push_back(&e);
        return out;
    }
};

cmd::Start start_cmd(Mode mode = Mode::blue, std::uint64_t seed = 7) {
    cmd::Start s;
    s.seed = seed;
    s.mode = mode;
    s.participants = {{"Dana", "soc", "tier1"}, {"Ravi", "soc", "tier2"}, {"Elena", "leadership", "executive"}};
    return s;
}

void start_running(Harness& h, Mode mode = Mode::blue, std::uint64_t seed = 7) {
    h.ok(start_cmd(mode, seed));
    h.ok(cmd::BeginBriefing{});
    h.ok(cmd::BeginRunning{});
}

cmd::Decide decide(std::string inject, std::string option, std::string team = "soc", std::string who = "Dana") {
    return cmd::Decide{std::move(inject), std::move(option), std::move(team), "", std::move(who), "because"};
}

} // namespace

TEST_CASE("lifecycle: setup -> briefing -> running <-> paused -> ended -> hotwash -> closed") {
    Harness h;
    CHECK(h.st().phase == Phase::setup);
    CHECK_FALSE(h.st().started);
    h.ok(start_cmd());
    CHECK(h.st().phase == Phase::setup);
    CHECK(h.st().started);
    CHECK(h.st().participants.size() == 3);
    h.ok(cmd::BeginBriefing{});
    CHECK(h.st().phase == Phase::briefing);
    h.ok(cmd::BeginRunning{});
    CHECK(h.st().phase == Phase::running);
    CHECK(h.st().clock == 0);
    REQUIRE(h.st().next);
    CHECK(h.st().next->inject == "alert");
    CHECK(h.st().next->at == min(5));
    h.ok(cmd::Pause{});
    CHECK(h.st().phase == Phase::paused);
    h.ok(cmd::Resume{});
    CHECK(h.st().phase == Phase::running);
    h.ok(cmd::End{"out of time"});
    CHECK(h.st().ended);
    CHECK(h.st().end_reason == "facilitator");
    CHECK(h.st().phase == Phase::running);
    CHECK_FALSE(h.st().next);
    h.ok(cmd::StartHotwash{});
    CHECK(h.st().phase == Phase::hotwash);
    h.ok(cmd::Close{});
    CHECK(h.st().phase == Phase::closed);
    // Every event's t is the clock when it happened; seqs are gap-free.
    for (std::size_t i = 0; i < h.journal.size(); ++i) CHECK(h.journal[i].seq == static_cast<std::int64_t>(i + 1));
}

TEST_CASE("hotwash from a running exercise ends it first") {
    Harness h;
    start_running(h);
    auto events = h.ok(cmd::StartHotwash{});
    REQUIRE(events.size() == 2);
    CHECK(events[0].kind() == "exercise.ended");
    CHECK(events[1].kind() == "hotwash.started");
}

TEST_CASE("the clock delivers injects in time order into each team's queue") {
    Harness h;
    start_running(h);
    auto events = h.ok(cmd::Advance{min(10)});
    std::vector<std::string> delivered;
    ExTime last_t = 0;
    for (const auto& e : events) {
        CHECK(e.t >= last_t);
        last_t = e.t;
        if (e.kind() == "inject.delivered") delivered.push_back(ttx_test::payload(e)["inject"]);
    }
    // alert at +5, noise at +8, noise-followup 2 minutes after noise.
    CHECK(delivered == std::vector<std::string>{"alert", "noise", "noise-followup"});
    CHECK(h.st().clock == min(10));
    const auto& soc = h.st().queue("soc");
    REQUIRE(soc.size() == 2);
    CHECK(soc[0].inject == "alert");
    CHECK(soc[0].delivered_at == min(5));
    CHECK(soc[1].inject == "noise");     // `to: tier1` reaches the team holding that role
    const auto& lead = h.st().queue("leadership");
    REQUIRE(lead.size() == 1);
    CHECK(lead[0].inject == "noise-followup");
    CHECK(lead[0].delivered_at == min(10));
    CHECK(h.st().delivered_inject("noise-followup")->cause == "after");
    REQUIRE(h.st().pending_decisions.size() == 1);
    CHECK(h.st().pending_decisions[0].deadline == min(15));
}

TEST_CASE("deliver-next delivers the next scheduled inject without moving the clock") {
    Harness h;
    start_running(h);
    auto events = h.ok(cmd::DeliverNext{});
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind() == "inject.delivered");
    CHECK(ttx_test::payload(events[0])["inject"] == "alert");
    CHECK(ttx_test::payload(events[0])["cause"] == "manual");
    CHECK(h.st().clock == 0);
    REQUIRE(h.st().next);
    CHECK(h.st().next->inject == "noise");
    // The decision's deadline counts from the actual delivery.
    CHECK(h.st().pending_decision("alert")->deadline == min(10));
}

TEST_CASE("per-inject phase: presenting -> awaiting_response -> evaluating, kept across pause (deep history)") {
    Harness h;
    start_running(h);
    h.ok(cmd::Advance{min(5)});
    CHECK(h.st().current_inject == "alert");
    CHECK(h.st().current_inject_phase() == InjectPhase::presenting);
    h.ok(cmd::SetStatus{"alert", "soc", "acknowledged", "Dana", ""});
    CHECK(h.st().inject_phase("alert") == InjectPhase::awaiting_response);
    h.ok(cmd::Pause{});
    CHECK(h.st().current_inject_phase() == InjectPhase::awaiting_response);
    h.ok(cmd::Resume{});
    CHECK(h.st().current_inject_phase() == InjectPhase::awaiting_response);
    h.ok(decide("alert", "investigate"));
    CHECK(h.st().inject_phase("alert") == InjectPhase::evaluating);
    CHECK(h.st().inject_phase("followup") == InjectPhase::none);
}

TEST_CASE("the statechart restores the Running substate after Pause/Resume and refuses out-of-phase events") {
    auto sc = branching();
    Lifecycle lc(*sc);
    auto event = [](std::int64_t seq, EventData data) { return Event{seq, 0, 0, std::move(data)}; };
    ev::DecisionRecorded decided;
    decided.inject = "alert";
    CHECK(lc.feed(event(1, ev::ExercisePaused{})) != "");        // not running yet: refused
    CHECK(lc.phase() == Phase::setup);
    CHECK(lc.feed(event(1, ev::SessionStarted{})) == "");
    CHECK(lc.feed(event(2, ev::SessionStarted{})) != "");        // only once
    CHECK(lc.feed(event(2, ev::BriefingStarted{})) == "");
    CHECK(lc.feed(event(3, ev::ExerciseRunning{})) == "");
    CHECK(lc.running_substate() == InjectPhase::none);
    CHECK(lc.feed(event(4, ev::InjectDelivered{"alert", "", {"soc"}, ""})) == "");
    CHECK(lc.running_substate() == InjectPhase::presenting);
    CHECK(lc.feed(event(5, ev::StatusSet{"alert", "soc", "", "", ""})) == "");
    CHECK(lc.running_substate() == InjectPhase::awaiting_response);
    CHECK(lc.feed(event(6, ev::ExercisePaused{})) == "");
    CHECK(lc.phase() == Phase::paused);
    CHECK(lc.running_substate() == InjectPhase::none);
    CHECK(lc.feed(event(7, decided)) != "");  // not while paused
    CHECK(lc.feed(event(7, ev::ExerciseResumed{})) == "");
    CHECK(lc.running_substate() == InjectPhase::awaiting_response);            // deep history
    CHECK(lc.feed(event(8, decided)) == "");
    CHECK(lc.running_substate() == InjectPhase::evaluating);
    CHECK(lc.feed(event(9, decided)) != "");  // twice
    CHECK_THROWS_WITH_AS(ttx_test::stored_event(9, 0, "no.such.kind"), doctest::Contains("unknown event kind 'no.such.kind'"),
                         JournalError);
    CHECK(lc.feed(event(9, ev::ExerciseEnded{})) == "");
    CHECK(lc.ended());
    CHECK(lc.feed(event(10, ev::ClockAdvanced{})) != "");
    CHECK(lc.feed(event(10, ev::SessionClosed{})) == "");
    CHECK(lc.phase() == Phase::closed);
    CHECK(lc.feed(event(11, ev::NoteAdded{})) != "");
}

TEST_CASE("option effects and triggers") {
    Harness h;
    start_running(h);
    h.ok(cmd::Advance{min(6)});

    SUBCASE("set + rate + after-option trigger, then clear") {
        auto events = h.ok(decide("alert", "investigate"));
        CHECK(events[0].kind() == "decision.recorded");
        CHECK(h.st().flags == std::set<std::string>{"investigating", "tier2-engaged"});
        REQUIRE(h.st().ratings.count("triage-alert"));
        CHECK(h.st().ratings.at("triage-alert").rating == Rating::S);
        CHECK(h.st().ratings.at("triage-alert").source == "option");
        CHECK(h.st().ratings.at("triage-alert").option == "investigate");
        CHECK_FALSE(h.st().is_delivered("followup"));
        h.ok(cmd::Advance{min(10)});
        CHECK_FALSE(h.st().is_delivered("followup"));
        REQUIRE(h.st().next);
        CHECK(h.st().next->inject == "followup");
        CHECK(h.st().next->at == min(11));                 // `after: alert.investigate`, delay 5m
        h.ok(cmd::Advance{min(12)});
        REQUIRE(h.st().is_delivered("followup"));
        CHECK(h.st().delivered_inject("followup")->delivered_at == min(11));
        CHECK(h.st().delivered_inject("followup")->cause == "after");
        h.ok(cmd::Decide{"followup", "drop", "soc", "tier2", "Ravi", ""});
        CHECK(h.st().flags == std::set<std::string>{"tier2-engaged"});
    }
    SUBCASE("when-condition fires as soon as the flag is set") {
        h.ok(decide("alert", "investigate"));
        h.ok(cmd::Advance{min(11)});
        auto events = h.ok(cmd::Decide{"followup", "escalate", "soc", "", "Ravi", ""});
        CHECK(h.st().flags.count("escalated"));
        const auto* brief = h.st().delivered_inject("exec-brief");
        REQUIRE(brief);
        CHECK(brief->delivered_at == min(11));
        CHECK(brief->cause == "condition");
        CHECK(brief->teams == std::vector<std::string>{"leadership"});
    }
    SUBCASE("goto delivers at once; end stops the exercise; gated injects never come") {
        auto events = h.ok(decide("alert", "contain"));
        REQUIRE(h.st().is_delivered("containment-done"));
        CHECK(h.st().delivered_inject("containment-done")->cause == "goto");
        CHECK(h.st().delivered_inject("containment-done")->delivered_at == min(6));
        CHECK(h.st().ratings.at("contain-alert").rating == Rating::P);
        h.ok(cmd::Advance{min(40)});
        CHECK_FALSE(h.st().is_delivered("spread"));         // `when: not contained`
        h.ok(cmd::Decide{"containment-done", "close", "leadership", "", "Elena", ""});
        CHECK(h.st().ended);
        CHECK(h.st().ending == "contained-early");
        CHECK(h.st().end_reason == "ending");
        CHECK(h.refused(cmd::Advance{min(50)}).find("ended") != std::string::npos);
    }
    SUBCASE("a decision past its deadline takes its default; an inject's `end` ends the exercise") {
        auto events = h.ok(cmd::Advance{min(45)});
        const DecisionRecord* d = h.st().decision("alert");
        REQUIRE(d);
        CHECK(d->option == "ignore");
        CHECK(d->timed_out);
        CHECK(d->t == min(15));
        CHECK(d->team.empty());
        CHECK(h.st().ratings.at("contain-alert").rating == Rating::U);
        CHECK(h.st().ratings.at("contain-alert").t == min(15));
        // spread at +30 ends the exercise: the clock stops there.
        CHECK(h.st().ended);
        CHECK(h.st().ending == "breach");
        CHECK(h.st().clock == min(30));
        CHECK_FALSE(h.st().is_delivered("containment-done"));   // goto-only, never reached
        CHECK_FALSE(h.st().is_delivered("followup"));           // its option was not taken
        CHECK(h.journal.back().kind() == "exercise.ended");
    }
    SUBCASE("a skipped inject is never delivered, nor what follows it") {
        h.ok(cmd::Skip{"noise", "printer fixed"});
        h.ok(cmd::Advance{min(14)});
        CHECK_FALSE(h.st().is_delivered("noise"));
        CHECK_FALSE(h.st().is_delivered("noise-followup"));
        CHECK(h.st().is_skipped("noise"));
    }
}

TEST_CASE("every impossible command is refused with a message and changes nothing") {
    Harness h;
    start_running(h);

    SUBCASE("decide on an inject not delivered") {
        CHECK(h.refused(decide("alert", "contain")).find("not been delivered") != std::string::npos);
    }
    SUBCASE("decide on an inject that has no decision") {
        h.ok(cmd::Advance{min(8)});
        CHECK(h.refused(decide("noise", "anything")).find("has no decision") != std::string::npos);
    }
    SUBCASE("decide twice") {
        h.ok(cmd::Advance{min(5)});
        h.ok(decide("alert", "contain"));
        CHECK(h.refused(decide("alert", "ignore")).find("already decided") != std::string::npos);
    }
    SUBCASE("unknown option") {
        h.ok(cmd::Advance{min(5)});
        std::string why = h.refused(decide("alert", "panic"));
        CHECK(why.find("unknown option 'panic'") != std::string::npos);
        CHECK(why.find("contain, investigate, ignore") != std::string::npos);
    }
    SUBCASE("team not allowed") {
        h.ok(cmd::Advance{min(5)});
        CHECK(h.refused(decide("alert", "contain", "leadership", "Elena")).find("may not take the decision") !=
              std::string::npos);
    }
    SUBCASE("a participant speaking for another team") {
        h.ok(cmd::Advance{min(5)});
        CHECK(h.refused(decide("alert", "contain", "soc", "Elena")).find("belongs to team") != std::string::npos);
    }
    SUBCASE("resume when not paused") {
        CHECK(h.refused(cmd::Resume{}).find("only a paused exercise") != std::string::npos);
    }
    SUBCASE("pause when not running") {
        h.ok(cmd::Pause{});
        CHECK(h.refused(cmd::Pause{}).find("paused") != std::string::npos);
        Harness fresh;
        fresh.ok(start_cmd());
        CHECK(fresh.refused(cmd::Pause{}).find("not running") != std::string::npos);
    }
    SUBCASE("advance backwards, or to the same time") {
        h.ok(cmd::Advance{min(10)});
        CHECK(h.refused(cmd::Advance{min(5)}).find("backwards") != std::string::npos);
        CHECK(h.refused(cmd::Advance{min(10)}).find("already reads") != std::string::npos);
    }
    SUBCASE("rate an unknown expectation") {
        h.ok(cmd::Advance{min(5)});
        CHECK(h.refused(cmd::Rate{"no-such", "P", "", "facilitator", "Kim", {}}).find("unknown expectation") !=
              std::string::npos);
    }
    SUBCASE("invalid rating") {
        h.ok(cmd::Advance{min(5)});
        CHECK(h.refused(cmd::Rate{"triage-alert", "A+", "", "facilitator", "Kim", {}}).find("not one of P, S, M, U") !=
              std::string::npos);
    }
    SUBCASE("rate an expectation whose inject was not delivered") {
        CHECK(h.refused(cmd::Rate{"triage-alert", "P", "", "facilitator", "Kim", {}}).find("not been delivered") !=
              std::string::npos);
    }
    SUBCASE("status for a team not in the audience") {
        h.ok(cmd::Advance{min(5)});
        CHECK(h.refused(cmd::SetStatus{"alert", "leadership", "acknowledged", "", ""}).find("not in the audience") !=
              std::string::npos);
    }
    SUBCASE("invalid status") {
        h.ok(cmd::Advance{min(5)});
        CHECK(h.refused(cmd::SetStatus{"alert", "soc", "pending", "", ""}).find("is not one of") != std::string::npos);
    }
    SUBCASE("commands after close") {
        h.ok(cmd::End{""});
        h.ok(cmd::StartHotwash{});
        h.ok(cmd::Close{});
        CHECK(h.refused(cmd::AddNote{"late thought", "Kim", "facilitator", false, "", ""}).find("closed") != std::string::npos);
        CHECK(h.refused(cmd::Advance{min(5)}).find("closed") != std::string::npos);
        CHECK(h.refused(cmd::Close{}).find("closed") != std::string::npos);
        CHECK(h.refused(cmd::Retract{1, ""}).find("closed") != std::string::npos);
    }
    SUBCASE("skip a delivered inject") {
        h.ok(cmd::Advance{min(5)});
        CHECK(h.refused(cmd::Skip{"alert", ""}).find("already delivered") != std::string::npos);
    }
    SUBCASE("retract an unknown seq") {
        CHECK(h.refused(cmd::Retract{999, ""}).find("no journal entry 999") != std::string::npos);
    }
    SUBCASE("retract a decision") {
        h.ok(cmd::Advance{min(5)});
        h.ok(decide("alert", "investigate"));
        CHECK(h.refused(cmd::Retract{h.st().decisions[0].seq, ""}).find("decisions cannot be retracted") !=
              std::string::npos);
    }
    SUBCASE("retract a rating given by an option") {
        h.ok(cmd::Advance{min(5)});
        h.ok(decide("alert", "investigate"));
        CHECK(h.refused(cmd::Retract{h.st().ratings.at("triage-alert").seq, ""}).find("stands with the decision") !=
              std::string::npos);
    }
    SUBCASE("red move in blue mode") {
        CHECK(h.refused(cmd::ChooseRedMove{"s2", "vba"}).find("blue mode") != std::string::npos);
    }
    SUBCASE("red move for a stage without alternatives") {
        Harness red;
        start_running(red, Mode::red);
        CHECK(red.refused(cmd::ChooseRedMove{"s1", "anything"}).find("no red alternatives") != std::string::npos);
        CHECK(red.refused(cmd::ChooseRedMove{"s2", "teleport"}).find("unknown move") != std::string::npos);
    }
    SUBCASE("purple outcome outside purple mode") {
        h.ok(cmd::Advance{min(5)});
        CHECK(h.refused(cmd::RecordPurpleOutcome{"T1566.001", "alerted", min(5), "soc", ""}).find("purple mode") !=
              std::string::npos);
    }
    SUBCASE("start twice, and a participant in an unknown team") {
        CHECK(h.refused(start_cmd()).find("already been started") != std::string::npos);
        Harness fresh;
        cmd::Start s = start_cmd();
        s.participants.push_back({"Zed", "marketing", ""});
        CHECK(fresh.refused(s).find("unknown team 'marketing'") != std::string::npos);
    }
    SUBCASE("deliver-next with nothing scheduled") {
        h.ok(cmd::Advance{min(10)});
        h.ok(decide("alert", "contain"));
        // spread waits on `not contained`, the rest on decisions or goto.
        CHECK(h.refused(cmd::DeliverNext{}).find("no inject is scheduled") != std::string::npos);
    }
}

TEST_CASE("retracting notes, ratings and statuses keeps them in the history but out of the current view") {
    Harness h;
    start_running(h);
    h.ok(cmd::Advance{min(8)});
    auto note = h.ok(cmd::AddNote{"slow triage", "Kim", "observer", true, "alert", ""});
    auto on_objective = h.ok(cmd::AddNote{"isolate sooner", "Kim", "facilitator", true, "", "obj-contain"});
    CHECK(h.st().notes.back().objective == "obj-contain");
    CHECK(h.refused(cmd::AddNote{"typo", "Kim", "facilitator", true, "", "obj-contian"}).find("unknown objective 'obj-contian'") !=
          std::string::npos);
    auto r1 = h.ok(cmd::Rate{"dismiss-noise", "S", "first look", "evaluator", "Kim", {}});
    auto r2 = h.ok(cmd::Rate{"dismiss-noise", "M", "second look", "evaluator", "Kim", {}});
    auto ack = h.ok(cmd::SetStatus{"alert", "soc", "acknowledged", "Dana", ""});
    auto esc = h.ok(cmd::SetStatus{"alert", "soc", "escalated", "Dana", ""});
    CHECK(h.st().ratings.at("dismiss-noise").rating == Rating::M);
    CHECK(h.st().delivered_inject("alert")->status.at("soc") == InjectStatus::escalated);

    h.ok(cmd::Retract{r2[0].seq, "wrong expectation"});
    CHECK(h.st().ratings.at("dismiss-noise").rating == Rating::S);
    CHECK(h.st().rating_history.size() == 2);
    CHECK(h.st().rating_history[1].retracted);
    h.ok(cmd::Retract{esc[0].seq, ""});
    CHECK(h.st().delivered_inject("alert")->status.at("soc") == InjectStatus::acknowledged);
    CHECK(h.st().queue("soc")[0].status == InjectStatus::acknowledged);
    h.ok(cmd::Retract{note[0].seq, ""});
    CHECK(h.st().notes[0].retracted);
    CHECK(h.st().retracted.size() == 3);
    CHECK(h.refused(cmd::Retract{note[0].seq, ""}).find("already retracted") != std::string::npos);
    CHECK(h.refused(cmd::Retract{1, ""}).find("session.started") != std::string::npos);
}

TEST_CASE("red mode: a chosen move is recorded, an unchosen one is drawn from the seed when its stage begins") {
    SUBCASE("chosen") {
        Harness h;
        h.ok(start_cmd(Mode::red));
        h.ok(cmd::BeginBriefing{});
        auto ev = h.ok(cmd::ChooseRedMove{"s2", "vba"});
        CHECK(ttx_test::payload(ev[0])["drawn"] == false);
        CHECK(ttx_test::payload(ev[0])["technique"] == "T1059.005");
        h.ok(cmd::BeginRunning{});
        h.ok(cmd::Advance{min(45)});                       // spread (s2) is delivered
        REQUIRE(h.st().red_moves.size() == 1);
        CHECK(h.st().red_move("s2")->move == "vba");
        CHECK(h.refused(cmd::ChooseRedMove{"s2", "powershell"}).find("ended") != std::string::npos);
    }
    SUBCASE("drawn, deterministically, right before the stage's first inject") {
        auto drawn_move = [](std::uint64_t seed) {
            Harness h;
            start_running(h, Mode::red, seed);
            h.ok(cmd::Advance{min(45)});
            auto moves = h.of_kind("red.move");
            REQUIRE(moves.size() == 1);
            CHECK(ttx_test::payload(*moves[0])["drawn"] == true);
            CHECK(ttx_test::payload(*moves[0])["stage"] == "s2");
            const Event& next = h.journal[static_cast<std::size_t>(moves[0]->seq)];  // the event after it
            CHECK(next.kind() == "inject.delivered");
            CHECK(ttx_test::payload(next)["stage"] == "s2");
            CHECK(h.st().rng_draws == 1);
            return ttx_test::payload(*moves[0])["move"].get<std::string>();
        };
        std::string a = drawn_move(11);
        CHECK(drawn_move(11) == a);
        std::set<std::string> seen;
        for (std::uint64_t seed = 1; seed <= 12; ++seed) seen.insert(drawn_move(seed));
        CHECK(seen.size() > 1);                            // the seed matters
        for (const auto& m : seen) CHECK((m == "powershell" || m == "vba" || m == "user-exec"));
    }
    SUBCASE("blue mode draws nothing") {
        Harness h;
        start_running(h, Mode::blue);
        h.ok(cmd::Advance{min(45)});
        CHECK(h.of_kind("red.move").empty());
    }
}

TEST_CASE("purple mode: outcomes per technique, checked and retractable") {
    Harness h;
    start_running(h, Mode::purple);
    h.ok(cmd::Advance{min(6)});
    auto ev = h.ok(cmd::RecordPurpleOutcome{"T1566.001", "alerted", min(5), "soc", "mail gateway alert"});
    REQUIRE(h.st().purple_outcomes.size() == 1);
    CHECK(h.st().purple_outcomes[0].outcome == PurpleOutcome::alerted);
    CHECK(h.st().purple_outcomes[0].detected_at == min(5));
    h.ok(cmd::RecordPurpleOutcome{"T1059.005", "n/a", std::nullopt, "soc", ""});   // a red alternative's technique
    CHECK(h.st().purple_outcomes[1].outcome == PurpleOutcome::not_applicable);
    CHECK(h.refused(cmd::RecordPurpleOutcome{"T9999", "alerted", std::nullopt, "soc", ""}).find("not used") !=
          std::string::npos);
    CHECK(h.refused(cmd::RecordPurpleOutcome{"T1566.001", "maybe", std::nullopt, "soc", ""}).find("not one of") !=
          std::string::npos);
    CHECK(h.refused(cmd::RecordPurpleOutcome{"T1566.001", "logged", min(30), "soc", ""}).find("current clock") !=
          std::string::npos);
    h.ok(cmd::Retract{ev[0].seq, "mis-keyed"});
    CHECK(h.st().purple_outcomes[0].retracted);
}

TEST_CASE("apply refuses a journal that plan() could not have produced") {
    Harness h;
    start_running(h);
    Exercise fresh(branching());
    CHECK_THROWS_AS(fresh.apply(h.journal[1]), JournalError);          // seq 2 first
    fresh.apply(h.journal[0]);
    Event jump{2, 0, 0, ev::ExerciseRunning{}};                         // skips the briefing
    CHECK_THROWS_AS(fresh.apply(jump), JournalError);
    CHECK(fresh.state().last_seq == 1);
    Event late{2, 500, 0, ev::BriefingStarted{}};
    CHECK_THROWS_AS(fresh.apply(late), JournalError);                  // t != clock
    Event unknown{2, 0, 0, ev::InjectDelivered{"nope", "", {"soc"}, ""}};
    CHECK_THROWS_AS(fresh.apply(unknown), JournalError);
}

TEST_CASE("a status reaches the team's own queue entry, and one from outside the audience only the inject's map") {
    // The fold finds a team's queue entry by the position the delivery gave it
    // (issue 10); a journal may also carry a status from a team the inject was
    // not addressed to, which never touched any queue.
    Harness h;
    start_running(h);
    h.ok(cmd::Advance{min(10)});                   // alert, noise -> soc; noise-followup -> leadership
    h.ok(cmd::SetStatus{"noise", "soc", "dismissed", "Dana", ""});
    Journal journal = h.journal;
    const ExTime t = h.st().clock;
    journal.push_back(Event{h.st().last_seq + 1, t, 0, ev::StatusSet{"alert", "leadership", "escalated", "", ""}});
    journal.push_back(Event{h.st().last_seq + 2, t, 0, ev::StatusSet{"noise-followup", "leadership", "contained", "", ""}});
    const Exercise ex = replay(branching(), journal);
    const auto& soc = ex.state().queue("soc");
    REQUIRE(soc.size() == 2);
    CHECK(soc[0].status == InjectStatus::pending);
    CHECK(soc[1].status == InjectStatus::dismissed);
    CHECK(soc[1].status_at == t);
    const auto& lead = ex.state().queue("leadership");
    REQUIRE(lead.size() == 1);
    CHECK(lead[0].inject == "noise-followup");
    CHECK(lead[0].status == InjectStatus::contained);
    CHECK(ex.state().delivered_inject("alert")->status.at("leadership") == InjectStatus::escalated);
    CHECK(ex.state().inject_phase("noise-followup") == InjectPhase::evaluating);
    // Retracting it takes the entry back to pending, found the same way.
    journal.push_back(Event{h.st().last_seq + 3, t, 0, ev::EntryRetracted{h.st().last_seq + 2, ""}});
    const Exercise after = replay(branching(), journal);
    CHECK(after.state().queue("leadership")[0].status == InjectStatus::pending);
    CHECK(after.state().queue("leadership")[0].status_at == kNoTime);
}

TEST_CASE("an event the fold refuses part-way leaves the exercise refusing everything after it") {
    // The statechart accepts a rating while running, and the fold then refuses
    // its payload (no such rating): the state may be half-changed, so the
    // exercise must not go on as if nothing happened.
    Harness h;
    start_running(h);
    Exercise ex(branching());
    ex.apply(h.journal[0]);                                            // session.started
    ex.apply(h.journal[1]);                                            // briefing.started
    ex.apply(h.journal[2]);                                            // exercise.running
    Event bad_payload{4, 0, 0, ev::ExpectationRated{"triage-alert", "X", "", "facilitator", "", "", "", {}}};
    CHECK_THROWS_AS(ex.apply(bad_payload), JournalError);
    Event fine{4, 0, 0, ev::NoteAdded{"ok", "", "", false, "", ""}};
    CHECK_THROWS_WITH_AS(ex.apply(fine), doctest::Contains("follows an event the engine refused"), JournalError);
    const CommandResult r = ex.plan(cmd::AddNote{"later", "", "facilitator", false, "", ""});
    CHECK_FALSE(r.ok());
    CHECK(r.error.find("cannot continue") != std::string::npos);
}

TEST_CASE("a command planned after 20,000 events gives the events it gives without them, and replay agrees") {
    // Two exercises at the same point of play; one has 20,000 annotations behind it.
    Harness fresh, longer;
    for (Harness* h : {&fresh, &longer}) {
        start_running(*h);
        h->ok(cmd::Advance{min(6)});
    }
    longer.ok(cmd::AddNote{"the first note", "Kim", "facilitator", false, "alert", ""});
    const std::int64_t first_note = longer.journal.back().seq;
    for (int n = 0; longer.st().last_seq < 20'000; ++n) {
        if (n % 4 == 0) longer.ok(cmd::AddNote{"note " + std::to_string(n), "Kim", "observer", false, "", ""});
        else if (n % 4 == 1) longer.ok(cmd::Rate{"triage-alert", n % 8 == 1 ? "S" : "M", "", "evaluator", "Kim", {}});
        else if (n % 4 == 2) longer.ok(cmd::SetStatus{"alert", "soc", n % 8 == 2 ? "acknowledged" : "escalated", "", ""});
        else longer.ok(cmd::Pause{}), longer.ok(cmd::Resume{});
    }
    // Payloads and times are the same; only the seqs follow each journal.
    auto same_play = [](const Journal& a, const Journal& b) {
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            CHECK(a[i].t == b[i].t);
            CHECK_MESSAGE(a[i].data == b[i].data, encode_data(a[i].data), " vs ", encode_data(b[i].data));
        }
    };
    for (const Command& c : std::vector<Command>{decide("alert", "investigate"), cmd::Advance{min(40)}, cmd::DeliverNext{},
                                                 cmd::StartHotwash{}}) {
        CAPTURE(command_name(c));
        const CommandResult a = fresh.ex.plan(c), b = longer.ex.plan(c);
        REQUIRE(a.ok() == b.ok());
        if (!a) continue;
        same_play(a.events, b.events);
        CHECK(b.events.front().seq == longer.st().last_seq + 1);
        // A fresh replay of the long journal plans exactly the same events.
        const CommandResult r = replay(longer.ex.scenario_ptr(), longer.journal).plan(c);
        REQUIRE(r.ok());
        CHECK(r.events == b.events);
        fresh.ok(c);
        longer.ok(c);
    }
    // Entries far behind can still be retracted.
    longer.ok(cmd::Retract{first_note, "typo"});
    CHECK(longer.st().notes.front().retracted);
}

TEST_CASE("the decision rule and check() are the engine's, for every front end to ask") {
    const Scenario& s = *branching();
    Decision by_role;
    by_role.by = {"tier2"};
    SUBCASE("a listed role decides, and so does the team holding it as a whole") {
        CHECK(may_take_decision(s, by_role, {"soc"}, "soc", "tier2"));
        CHECK(may_take_decision(s, by_role, {"soc"}, "soc", ""));
        CHECK_FALSE(may_take_decision(s, by_role, {"soc"}, "soc", "tier1"));
        CHECK_FALSE(may_take_decision(s, by_role, {"soc"}, "leadership", ""));
    }
    SUBCASE("with no `by`, only a team the inject reached decides") {
        Decision open;
        CHECK(may_take_decision(s, open, {"soc"}, "soc", ""));
        CHECK_FALSE(may_take_decision(s, open, {"soc"}, "leadership", ""));
    }
    SUBCASE("check() answers exactly what plan() would, and changes nothing") {
        Harness h;
        h.ok(cmd::Start{});
        const ExerciseState before = h.ex.state();
        const std::string why = h.ex.check(cmd::End{});
        CHECK(why == h.ex.plan(cmd::End{}).error);
        CHECK(why.find("running or paused") != std::string::npos);
        CHECK(h.ex.state() == before);
        h.ok(cmd::BeginBriefing{});
        h.ok(cmd::BeginRunning{});
        CHECK(h.ex.check(cmd::End{}).empty());
        CHECK(h.ex.check(cmd::Close{}).find("end the exercise") != std::string::npos);
    }
}
