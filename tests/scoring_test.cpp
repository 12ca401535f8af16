// tests/scoring_test.cpp — the scoring model of docs/scoring.md, number by number.
#include <doctest/doctest.h>

#include <map>

#include "sim/scoring/scorecard.hpp"
#include "tests/event_support.hpp"

using namespace sim;
using namespace sim::scoring;
using nlohmann::json;

namespace {

// The worked example of docs/scoring.md ("Phish to LSASS"), built in code.
Scenario worked_scenario() {
    Scenario s;
    s.id = "phish-to-lsass";
    s.title = "Phish to LSASS";
    s.roles = builtin_roles();
    s.capabilities = builtin_capabilities();
    s.teams = {{"soc", "Security Operations", TeamKind::blue, {"tier1", "tier2", "csirt"}, {}},
               {"red", "Red cell", TeamKind::red, {}, {}}};
    s.objectives = {{"obj-contain", "Contain before lateral movement", "containment", 2.0, {}}};
    s.stages = {{"s1", "initial-access", "The invoice", "", {}},
                {"s2", "execution", "The macro runs", "", {}},
                {"s3", "credential-access", "Harvesting credentials", "", {}},
                {"s4", "lateral-movement", "Toward the file servers", "", {}}};

    Inject phish;
    phish.id = "phish";
    phish.stage = "s1";
    phish.title = "User-reported phishing";
    phish.to = {"soc"};
    phish.techniques = {"T1566.001"};
    phish.expect = {{"triage-phish", Action::triage, "tier1", 600, "triage", "", 1.0, "phish", {}},
                    {"escalate-phish", Action::escalate, "tier1", 900, "escalation", "", 2.0, "phish", {}}};
    Decision dec;
    dec.by = {"soc"};
    Option investigate;
    investigate.id = "investigate";
    investigate.label = "Escalate to Tier 2";
    investigate.rate = {{"escalate-phish", Rating::S}};
    Option isolate;
    isolate.id = "isolate";
    isolate.rate = {{"escalate-phish", Rating::P}};
    dec.options = {investigate, isolate};
    phish.decision = dec;

    Inject printer;
    printer.id = "printer";
    printer.stage = "s1";
    printer.title = "Failed logons from the print server";
    printer.to = {"soc"};
    printer.benign = true;
    printer.expect = {{"dismiss-printer", Action::dismiss, "tier1", 1200, "alert-quality", "", 1.0, "printer", {}}};

    Inject lsass;
    lsass.id = "lsass";
    lsass.stage = "s3";
    lsass.title = "LSASS memory access";
    lsass.to = {"soc"};
    lsass.techniques = {"T1003.001"};
    lsass.expect = {{"contain-lsass", Action::contain, "csirt", 600, "containment", "obj-contain", 2.0, "lsass", {}}};

    Inject lateral;
    lateral.id = "lateral";
    lateral.stage = "s4";
    lateral.title = "RDP to the file server";
    lateral.to = {"soc"};
    lateral.techniques = {"T1021.001"};
    lateral.expect = {{"detect-lateral", Action::detect, "tier2", 600, "detection", "obj-contain", 1.0, "lateral", {}}};

    s.injects = {phish, printer, lsass, lateral};
    return s;
}

struct JournalBuilder {
    Journal j;
    Event& add(ExTime t, std::string_view kind, const json& data = json::object()) {
        j.push_back(ttx_test::stored_event(static_cast<std::int64_t>(j.size()) + 1, t, kind, data));
        return j.back();
    }
    void deliver(ExTime t, const std::string& inject, const std::string& stage) {
        add(t, "inject.delivered", {{"inject", inject}, {"stage", stage}, {"teams", {"soc"}}, {"cause", "clock"}});
    }
    void status(ExTime t, const std::string& inject, const std::string& st, const std::string& role) {
        add(t, "inject.status",
            {{"inject", inject}, {"team", "soc"}, {"status", st}, {"participant", "Ana"}, {"role", role}});
    }
    void rate(ExTime t, const std::string& exp, const std::string& r, const std::string& source,
              const std::string& note = "") {
        add(t, "expectation.rated", {{"expectation", exp}, {"rating", r}, {"note", note}, {"source", source}, {"by", "eva"}});
    }
};

// The journal of the worked example, event by event as in docs/scoring.md.
Journal worked_journal() {
    JournalBuilder b;
    b.add(0, "session.started", {{"scenario", "phish-to-lsass"}, {"mode", "blue"}, {"seed", 7}, {"practice", false},
                                 {"participants", json::array()}});                     // 1
    b.add(0, "exercise.running");                                                      // 2
    b.deliver(300, "phish", "s1");                                                     // 3
    b.status(420, "phish", "acknowledged", "tier1");                                   // 4
    b.deliver(480, "printer", "s1");                                                   // 5
    b.add(600, "decision.recorded", {{"inject", "phish"}, {"option", "investigate"}, {"team", "soc"},
                                     {"role", "tier1"}, {"participant", "Ana"}, {"rationale", "need scope"},
                                     {"timed_out", false}, {"automated", false}});     // 6
    b.rate(600, "escalate-phish", "S", "option");                                      // 7
    b.rate(660, "triage-phish", "M", "facilitator");                                   // 8
    b.add(700, "entry.retracted", {{"seq", 8}, {"reason", "wrong expectation"}});      // 9
    b.rate(720, "triage-phish", "P", "evaluator", "Checked the sandbox verdict first"); // 10
    b.deliver(1200, "lsass", "s3");                                                    // 11
    b.status(1800, "printer", "dismissed", "tier1");                                   // 12
    b.status(2100, "lsass", "contained", "csirt");                                     // 13
    b.rate(2160, "contain-lsass", "S", "facilitator");                                 // 14
    b.add(2400, "exercise.ended", {{"ending", ""}, {"reason", "facilitator"}});        // 15
    return b.j;
}

} // namespace

TEST_CASE("worked example of docs/scoring.md: every number") {
    const Scenario sc = worked_scenario();
    const Scorecard c = score(sc, worked_journal());

    SUBCASE("expectations") {
        const auto* triage = c.expectation("triage-phish");
        REQUIRE(triage);
        CHECK(triage->state == ExpectationState::rated);
        CHECK(triage->given == Rating::P);              // latest non-retracted rating (seq 10)
        CHECK(triage->given_seq == 10);
        CHECK(triage->response_at == 420);              // the acknowledged status came first
        CHECK(triage->response_kind == "status");
        CHECK_FALSE(triage->late);
        CHECK(triage->final_rating == Rating::P);
        CHECK(triage->points == 100);
        CHECK(triage->audit.size() == 2);
        CHECK(triage->audit[0].retracted);

        const auto* esc = c.expectation("escalate-phish");
        CHECK(esc->final_rating == Rating::S);
        CHECK(esc->points == 75);
        CHECK(esc->decision_seq == 6);
        CHECK(esc->decision_option == "investigate");

        const auto* dis = c.expectation("dismiss-printer");
        CHECK(dis->given == Rating::P);                 // implied by the dismissed status
        CHECK(dis->given_source == "status");
        CHECK(dis->deadline == 1680);
        CHECK(dis->late);                               // 1800 > 1680
        CHECK(dis->final_rating == Rating::S);
        CHECK(dis->points == 75);

        const auto* con = c.expectation("contain-lsass");
        CHECK(con->response_at == 2100);
        CHECK(con->late);                               // 2100 > 1800
        CHECK(con->final_rating == Rating::M);
        CHECK(con->points == 40);

        const auto* lat = c.expectation("detect-lateral");
        CHECK(lat->state == ExpectationState::not_applicable);
    }

    SUBCASE("expectation score and timeliness") {
        CHECK(c.overall_stats.applicable == 4);
        CHECK(c.overall_stats.not_applicable == 1);
        CHECK(c.overall_stats.weight == doctest::Approx(6));
        CHECK(c.overall_stats.weighted_points == doctest::Approx(405));
        CHECK(*c.overall_stats.score == doctest::Approx(67.5));
        CHECK(*c.overall_stats.timeliness == doctest::Approx(50.0));
    }

    SUBCASE("capabilities, objectives, roles") {
        CHECK(*c.capability("triage")->stats.score == doctest::Approx(100));
        CHECK(*c.capability("escalation")->stats.score == doctest::Approx(75));
        CHECK(*c.capability("alert-quality")->stats.score == doctest::Approx(75));
        CHECK(*c.capability("containment")->stats.score == doctest::Approx(40));
        CHECK_FALSE(c.capability("detection")->stats.score);        // only a not-applicable expectation
        CHECK(*c.capability("escalation")->readiness.index == doctest::Approx(5250.0 / 65));
        CHECK(c.capability("containment")->readiness.level == 1);
        REQUIRE(c.objectives.size() == 1);
        CHECK(*c.objectives[0].stats.score == doctest::Approx(40));
        REQUIRE(c.roles.size() == 3);                   // tier1, tier2, csirt in catalog order
        CHECK(c.roles[0].id == "tier1");
        CHECK(*c.roles[0].stats.score == doctest::Approx(81.25));
    }

    SUBCASE("time metrics from the first malicious inject (T+5m)") {
        CHECK(c.start == 300);
        CHECK(*c.metrics.detect.value == 120);
        CHECK(c.metrics.detect.seq == 4);
        CHECK(*c.metrics.acknowledge.value == 120);
        CHECK(*c.metrics.escalate.value == 300);        // escalate-phish rated S at T+10m
        CHECK(*c.metrics.contain.value == 1800);
        CHECK_FALSE(c.metrics.recover.value);
    }

    SUBCASE("detection depth") {
        CHECK(c.depth.stages == 4);
        CHECK(c.depth.first_reached == 0);
        CHECK(c.depth.furthest == 2);
        CHECK(c.depth.detected == 0);
        CHECK(c.depth.contained == 2);
        CHECK(*c.depth.detect_score == doctest::Approx(100));
        CHECK(*c.depth.contain_score == doctest::Approx(50));
        CHECK(*c.depth.score == doctest::Approx(75));
    }

    SUBCASE("alert quality") {
        CHECK(c.alerts.benign_total == 1);
        CHECK(c.alerts.benign_dismissed == 1);
        CHECK(c.alerts.malicious_total == 2);
        CHECK(c.alerts.malicious_escalated == 2);
        CHECK(*c.alerts.precision == doctest::Approx(1.0));
        CHECK(*c.alerts.score == doctest::Approx(100));
    }

    SUBCASE("readiness index and maturity") {
        CHECK_FALSE(c.purple.coverage);
        REQUIRE(c.readiness.index);
        CHECK(*c.readiness.index == doctest::Approx(6250.0 / 90));   // 69.44
        CHECK(c.readiness.level == 3);
        CHECK(std::string(maturity_name(c.readiness.level)) == "Defined");
        const TeamScore* soc = c.team("soc");
        REQUIRE(soc);
        CHECK(*soc->group.readiness.index == doctest::Approx(6250.0 / 90));
        CHECK_FALSE(c.team("red"));                      // red teams are not scored for readiness
    }

    SUBCASE("findings point at their sources") {
        bool triage_strength = false, contain_improvement = false;
        for (const auto& f : c.strengths)
            if (f.expectation == "triage-phish") {
                triage_strength = true;
                CHECK(f.fact == FindingFact::expectation_met);
            }
        for (const auto& f : c.improvements)
            if (f.expectation == "contain-lsass") {
                contain_improvement = true;
                CHECK(f.category == "timeliness");
                CHECK(f.inject == "lsass");
            }
        CHECK(triage_strength);
        CHECK(contain_improvement);
    }
}

TEST_CASE("ratings: latest wins, retractions ignored, all kept for audit") {
    Scenario sc = worked_scenario();
    JournalBuilder b;
    b.deliver(300, "phish", "s1");                      // 1
    b.rate(310, "triage-phish", "S", "option");         // 2
    b.rate(320, "triage-phish", "U", "facilitator");    // 3
    b.rate(330, "triage-phish", "M", "evaluator");      // 4
    b.add(340, "entry.retracted", {{"seq", 4}, {"reason", "typo"}});
    auto c = score(sc, b.j);
    const auto* e = c.expectation("triage-phish");
    CHECK(e->final_rating == Rating::U);                // seq 3 is the latest standing rating
    CHECK(e->given_source == "facilitator");
    CHECK(e->audit.size() == 3);

    SUBCASE("retracting the retraction restores the rating") {
        b.add(350, "entry.retracted", {{"seq", 5}, {"reason", "undo"}});
        auto c2 = score(sc, b.j);
        CHECK(c2.expectation("triage-phish")->final_rating == Rating::M);
        CHECK(retracted_seqs(b.j) == std::vector<std::int64_t>{5});
    }
    SUBCASE("a retracted delivery makes the expectation not applicable") {
        b.add(360, "entry.retracted", {{"seq", 1}, {"reason", "delivered by mistake"}});
        CHECK(score(sc, b.j).expectation("triage-phish")->state == ExpectationState::not_applicable);
    }
}

TEST_CASE("timeliness: a late response drops one level, no response is U") {
    Scenario sc = worked_scenario();
    CHECK(downgrade(Rating::P) == Rating::S);
    CHECK(downgrade(Rating::S) == Rating::M);
    CHECK(downgrade(Rating::M) == Rating::U);
    CHECK(downgrade(Rating::U) == Rating::U);

    JournalBuilder b;
    b.deliver(0, "phish", "s1");
    b.rate(600, "triage-phish", "P", "facilitator");    // exactly on the deadline: on time
    b.rate(901, "escalate-phish", "P", "option");       // one second late
    auto running = score(sc, b.j);
    CHECK(running.expectation("triage-phish")->final_rating == Rating::P);
    CHECK(running.expectation("escalate-phish")->final_rating == Rating::S);

    SUBCASE("still running before a deadline: pending, excluded") {
        JournalBuilder p;
        p.deliver(0, "printer", "s1");
        p.add(100, "clock.advanced", {{"from", 0}, {"to", 100}});
        auto c = score(sc, p.j);
        CHECK(c.expectation("dismiss-printer")->state == ExpectationState::pending);
        CHECK_FALSE(c.overall_stats.score);
    }
    SUBCASE("deadline passed without a response: U even while running") {
        JournalBuilder p;
        p.deliver(0, "printer", "s1");
        p.add(1201, "clock.advanced", {{"from", 0}, {"to", 1201}});
        auto c = score(sc, p.j);
        CHECK(c.expectation("dismiss-printer")->no_response);
        CHECK(c.expectation("dismiss-printer")->final_rating == Rating::U);
    }
    SUBCASE("exercise ended without a response: U") {
        JournalBuilder p;
        p.deliver(0, "lsass", "s3");
        p.add(60, "exercise.ended", {{"ending", ""}, {"reason", "facilitator"}});
        auto c = score(sc, p.j);
        CHECK(c.expectation("contain-lsass")->final_rating == Rating::U);
        CHECK(c.expectation("contain-lsass")->points == 0);
        bool found = false;
        for (const auto& f : c.improvements)
            if (f.expectation == "contain-lsass") found = f.fact == FindingFact::expectation_no_response;
        CHECK(found);
    }
    SUBCASE("a status that does not match the action is no response") {
        JournalBuilder p;
        p.deliver(0, "printer", "s1");
        p.status(60, "printer", "escalated", "tier1");  // escalating a benign alert is not dismissing it
        p.add(2000, "exercise.ended", {{"ending", ""}, {"reason", "facilitator"}});
        auto c = score(sc, p.j);
        CHECK(c.expectation("dismiss-printer")->final_rating == Rating::U);
        CHECK(c.alerts.benign_escalated == 1);
        CHECK(*c.alerts.precision == doctest::Approx(0.0));
    }
}

TEST_CASE("time metrics per team count from the first malicious inject") {
    Scenario sc = worked_scenario();
    JournalBuilder b;
    b.deliver(100, "printer", "s1");                    // benign: does not start the clock
    b.status(150, "printer", "acknowledged", "tier1");  // and acknowledging it detects nothing
    b.deliver(400, "phish", "s1");
    b.status(700, "phish", "escalated", "tier1");
    b.deliver(800, "lsass", "s3");
    b.status(1000, "lsass", "contained", "csirt");
    auto c = score(sc, b.j);
    CHECK(c.start == 400);
    const TeamScore* soc = c.team("soc");
    REQUIRE(soc);
    CHECK(*soc->metrics.detect.value == 300);
    CHECK(*soc->metrics.acknowledge.value == 300);
    CHECK(*soc->metrics.escalate.value == 300);
    CHECK(*soc->metrics.contain.value == 600);
    CHECK(soc->metrics.contain.inject == "lsass");
    CHECK_FALSE(soc->metrics.recover.value);
}

TEST_CASE("detection depth: earlier in the kill chain scores higher") {
    Scenario sc = worked_scenario();
    auto depth_for = [&](bool detect_early) {
        JournalBuilder b;
        b.deliver(0, "phish", "s1");
        b.deliver(100, "lsass", "s3");
        b.deliver(200, "lateral", "s4");
        if (detect_early) b.status(50, "phish", "acknowledged", "tier1");
        b.status(300, "lateral", "contained", "tier2");
        return score(sc, b.j).depth;
    };
    auto early = depth_for(true);
    auto late = depth_for(false);
    CHECK(early.detected == 0);
    CHECK(late.detected == 3);
    CHECK(early.furthest == 3);
    CHECK(*early.detect_score == doctest::Approx(100));
    CHECK(*late.detect_score == doctest::Approx(25));
    CHECK(*early.contain_score == doctest::Approx(25));
    CHECK(*early.score > *late.score);

    JournalBuilder never;
    never.deliver(0, "phish", "s1");
    never.add(900, "exercise.ended", {{"ending", ""}, {"reason", "facilitator"}});
    auto n = score(sc, never.j).depth;
    CHECK(n.detected == -1);
    CHECK(*n.score == doctest::Approx(0));

    JournalBuilder none;                                // nothing malicious delivered: no depth
    none.deliver(0, "printer", "s1");
    CHECK_FALSE(score(sc, none.j).depth.score);
}

TEST_CASE("scoring models: a session keeps the model it started with, model 2 weighs the outcome and caps an uncontained attack") {
    Scenario sc = worked_scenario();
    // Every expectation met and on time, the attack detected at once, but it
    // reaches the last stage (s4) and nobody contains it.
    auto journal = [](std::optional<int> model) {
        JournalBuilder b;
        json started = {{"scenario", "phish-to-lsass"}, {"mode", "blue"}, {"seed", 7}};
        if (model) started["scoring_model"] = *model;
        b.add(0, "session.started", started);
        b.deliver(0, "phish", "s1");
        b.status(60, "phish", "escalated", "tier1");
        b.rate(60, "triage-phish", "P", "evaluator");
        b.deliver(100, "lsass", "s3");
        b.rate(200, "contain-lsass", "P", "evaluator");   // rated, but no containment status or metric...
        b.deliver(300, "lateral", "s4");
        b.status(320, "lateral", "acknowledged", "tier2");
        b.add(900, "exercise.ended", {{"ending", ""}, {"reason", "facilitator"}});
        return b.j;
    };
    const auto old_card = score(sc, journal(std::nullopt));    // a journal from before models were versioned
    CHECK(old_card.model == 1);
    CHECK_FALSE(old_card.outcome.score);
    for (const auto& c : old_card.readiness.components) CHECK(c.name != "outcome");
    CHECK_FALSE(old_card.readiness.uncapped);

    const auto card = score(sc, journal(2));
    CHECK(card.model == 2);
    REQUIRE(card.outcome.score);
    CHECK(card.outcome.objective_reached);                      // it reached the last of four stages
    // ...but a P on a contain expectation is containment evidence (at s3):
    // stopped at stage 2 of 0..3, outcome 100 x (4 - 1 - 2) / 3, no ceiling.
    CHECK(card.outcome.contained);
    CHECK(card.depth.contained == 2);
    CHECK(*card.outcome.score == doctest::Approx(100.0 / 3));
    CHECK_FALSE(card.outcome.ceiling);

    // Never contained at all: the index is held at the ceiling, maturity 3.
    JournalBuilder b;
    b.add(0, "session.started", {{"scenario", "phish-to-lsass"}, {"mode", "blue"}, {"seed", 7}, {"scoring_model", 2}});
    b.deliver(0, "phish", "s1");
    b.status(60, "phish", "escalated", "tier1");
    b.rate(60, "triage-phish", "P", "evaluator");
    b.rate(60, "escalate-phish", "P", "evaluator");
    b.deliver(300, "lateral", "s4");
    b.status(320, "lateral", "escalated", "tier2");
    b.add(900, "exercise.ended", {{"ending", ""}, {"reason", "facilitator"}});
    const auto capped = score(sc, b.j);
    CHECK_FALSE(capped.outcome.contained);
    CHECK(capped.outcome.ceiling);
    REQUIRE(capped.readiness.uncapped);
    CHECK(*capped.readiness.uncapped > kUncontainedCeiling);
    CHECK(*capped.readiness.index == doctest::Approx(kUncontainedCeiling));
    CHECK(capped.readiness.level == 3);
    // The same journal under model 1 reads higher: sessions scored before keep that.
    Journal before = b.j;
    before.front() = ttx_test::stored_event(1, 0, "session.started",
                                            {{"scenario", "phish-to-lsass"}, {"mode", "blue"}, {"seed", 7}});
    const auto as_before = score(sc, before);
    CHECK(as_before.model == 1);
    CHECK(*as_before.readiness.index > kUncontainedCeiling);

    // Contained at the first stage, the attack never went further: outcome 100.
    JournalBuilder early;
    early.add(0, "session.started", {{"scenario", "phish-to-lsass"}, {"mode", "blue"}, {"seed", 7}, {"scoring_model", 2}});
    early.deliver(0, "phish", "s1");
    early.status(60, "phish", "contained", "tier1");
    const auto e = score(sc, early.j);
    REQUIRE(e.outcome.score);
    CHECK(*e.outcome.score == doctest::Approx(100));
    CHECK_FALSE(e.outcome.ceiling);
}

TEST_CASE("scoring model 3: a red move past the containment stage means the containment did not stop the attack") {
    Scenario sc = worked_scenario();
    // Blue contains at s1 (stage 0), but the red cell goes on to s3 and s4.
    auto journal = [](int model, bool red_carries_on) {
        JournalBuilder b;
        b.add(0, "session.started", {{"scenario", "phish-to-lsass"}, {"mode", "red"}, {"seed", 7}, {"scoring_model", model}});
        b.add(10, "red.move", {{"stage", "s1"}, {"move", "T1566.001"}, {"technique", "T1566.001"}});
        b.deliver(20, "phish", "s1");
        b.status(60, "phish", "contained", "tier1");
        if (red_carries_on) {
            b.add(400, "red.move", {{"stage", "s3"}, {"move", "dump"}, {"technique", "T1003.001"}});
            b.add(900, "red.move", {{"stage", "s4"}, {"move", "rdp"}, {"technique", "T1021.001"}});
        }
        b.add(1400, "exercise.ended", {{"ending", ""}, {"reason", "facilitator"}});
        return b.j;
    };
    const auto held = score(sc, journal(3, false));
    CHECK(held.model == 3);
    CHECK(held.outcome.contained);
    CHECK_FALSE(held.outcome.carried_on);
    CHECK(held.outcome.stopped == 0);
    CHECK(*held.outcome.score == doctest::Approx(100));

    const auto past = score(sc, journal(3, true));
    CHECK(past.depth.contained == 0);                   // blue's containment evidence is unchanged...
    CHECK(past.outcome.carried_on);                     // ...but red went on to the last stage
    CHECK_FALSE(past.outcome.contained);
    CHECK(past.outcome.stopped == 3);
    CHECK(*past.outcome.score == doctest::Approx(0));
    CHECK(past.outcome.ceiling);
    REQUIRE(past.readiness.index);
    CHECK(*past.readiness.index <= kUncontainedCeiling);
    CHECK(past.readiness.level <= 3);

    // The same journal started under model 2 keeps its model-2 score: stopped at containment.
    const auto as_model2 = score(sc, journal(2, true));
    CHECK(as_model2.model == 2);
    CHECK(as_model2.outcome.contained);
    CHECK(*as_model2.outcome.score == doctest::Approx(100));
    CHECK(*as_model2.readiness.index > *past.readiness.index);
}

TEST_CASE("alert quality: benign dismissed vs escalated, real dismissed vs escalated") {
    Scenario sc = worked_scenario();
    JournalBuilder b;
    b.deliver(0, "printer", "s1");
    b.deliver(0, "phish", "s1");
    b.deliver(0, "lsass", "s3");
    b.status(10, "printer", "escalated", "tier1");      // false positive
    b.status(20, "printer", "dismissed", "tier1");      // … corrected: latest verdict counts
    b.status(30, "phish", "dismissed", "tier1");        // missed
    b.status(40, "lsass", "escalated", "tier1");        // caught
    auto q = score(sc, b.j).alerts;
    CHECK(q.benign_dismissed == 1);
    CHECK(q.benign_escalated == 0);
    CHECK(q.malicious_dismissed == 1);
    CHECK(q.malicious_escalated == 1);
    CHECK(*q.precision == doctest::Approx(1.0));
    CHECK(*q.accuracy == doctest::Approx(2.0 / 3));
    CHECK(*q.score == doctest::Approx(200.0 / 3));
}

TEST_CASE("an escalated benign alert is a wrong response, not no response") {
    Scenario sc = worked_scenario();
    JournalBuilder b;
    b.deliver(0, "printer", "s1");
    b.status(90, "printer", "escalated", "tier1");
    SUBCASE("while the exercise runs, the answer is already rated U") {
        const Scorecard card = score(sc, b.j);
        const ExpectationResult* e = card.expectation("dismiss-printer");
        REQUIRE(e != nullptr);
        CHECK(e->state == ExpectationState::rated);
        CHECK(e->wrong_response == "escalated");
        CHECK_FALSE(e->no_response);
        CHECK(e->response_at == 90);
        CHECK(e->final_rating == Rating::U);
    }
    SUBCASE("after the end it still reads as the wrong answer") {
        b.add(2400, "exercise.ended", {{"ending", ""}, {"reason", "facilitator"}});
        const Scorecard card = score(sc, b.j);
        const ExpectationResult* e = card.expectation("dismiss-printer");
        REQUIRE(e != nullptr);
        CHECK(e->wrong_response == "escalated");
        CHECK_FALSE(e->no_response);
    }
    SUBCASE("a later dismissal meets the expectation") {
        b.status(120, "printer", "dismissed", "tier1");
        const Scorecard card = score(sc, b.j);
        const ExpectationResult* e = card.expectation("dismiss-printer");
        REQUIRE(e != nullptr);
        CHECK(e->wrong_response.empty());
        CHECK(e->final_rating == Rating::P);
    }
}

TEST_CASE("purple coverage: blocked and alerted count, logged half, n/a excluded") {
    Scenario sc = worked_scenario();
    JournalBuilder b;
    b.add(0, "session.started", {{"scenario", "phish-to-lsass"}, {"seed", 7}, {"mode", "purple"}});
    auto outcome = [&](const std::string& tech, const std::string& o) {
        b.add(10, "purple.outcome", {{"technique", tech}, {"outcome", o}, {"detected_at", nullptr},
                                     {"team", "soc"}, {"note", ""}});
    };
    outcome("T1566.001", "none");
    outcome("T1566.001", "blocked");                    // latest per technique wins
    outcome("T1059.001", "alerted");
    outcome("T1003.001", "logged");
    outcome("T1021.001", "none");
    outcome("T1105", "n/a");
    auto c = score(sc, b.j);
    CHECK(c.mode == "purple");
    CHECK(c.purple.results.size() == 5);
    CHECK(c.purple.blocked == 1);
    CHECK(c.purple.not_applicable == 1);
    CHECK(*c.purple.coverage == doctest::Approx(100.0 * 2.5 / 4));  // 62.5
    CHECK(*c.team("soc")->purple.coverage == doctest::Approx(62.5));
    // purple coverage enters the readiness index with weight 10
    bool has = false;
    for (const auto& comp : c.readiness.components)
        if (comp.name == "purple-coverage") has = comp.value && *comp.value == doctest::Approx(62.5);
    CHECK(has);
}

TEST_CASE("red metrics: stages reached, undetected techniques, time to objective") {
    Scenario sc = worked_scenario();
    JournalBuilder b;
    b.add(0, "session.started", {{"scenario", "phish-to-lsass"}, {"seed", 7}, {"mode", "red"}});
    b.add(100, "red.move", {{"stage", "s1"}, {"move", "T1566.001"}, {"technique", "T1566.001"}});
    b.add(200, "red.move", {{"stage", "s2"}, {"move", "T1059.001"}, {"technique", "T1059.001"}});
    b.deliver(300, "lsass", "s3");
    b.status(350, "lsass", "acknowledged", "tier1");    // first detection at s3
    b.add(400, "red.move", {{"stage", "s3"}, {"move", "dump"}, {"technique", "T1003.001"}});
    b.add(1300, "red.move", {{"stage", "s4"}, {"move", "rdp"}, {"technique", "T1021.001"}});
    b.add(1400, "exercise.ended", {{"ending", "domain-admin"}, {"reason", "ending"}});
    auto c = score(sc, b.j);
    CHECK(c.red.stages_reached == 4);
    CHECK(c.red.furthest == 3);
    CHECK(c.red.objective_reached);
    CHECK(*c.red.time_to_objective == 1200);
    CHECK(c.red.ending == "domain-admin");
    REQUIRE(c.red.moves.size() == 4);
    CHECK_FALSE(c.red.moves[0].detected);
    CHECK_FALSE(c.red.moves[1].detected);
    CHECK(c.red.moves[2].detected);
    CHECK(c.red.undetected == 2);
    // Dwell: from the first attack inject (lsass at 300) to the first detection (350).
    REQUIRE(c.red.dwell);
    CHECK(*c.red.dwell == 50);
    CHECK_FALSE(c.red.dwell_to_end);
    CHECK(c.red.by_outcome == std::map<std::string, int>{{"unknown", 4}});
}

TEST_CASE("red metrics: moves by purple outcome, dwell to the end when never detected") {
    Scenario sc = worked_scenario();
    JournalBuilder b;
    b.add(0, "session.started", {{"scenario", "phish-to-lsass"}, {"seed", 7}, {"mode", "purple"}});
    b.add(100, "red.move", {{"stage", "s3"}, {"move", "dump"}, {"technique", "T1003.001"}});
    b.add(100, "red.move", {{"stage", "s4"}, {"move", "rdp"}, {"technique", "T1021.001"}});
    b.deliver(300, "lsass", "s3");
    b.add(900, "purple.outcome", {{"technique", "T1003.001"}, {"outcome", "logged"}, {"detected_at", nullptr},
                                  {"team", "soc"}, {"note", ""}});
    b.add(2700, "exercise.ended", {{"ending", ""}, {"reason", "facilitator"}});
    auto c = score(sc, b.j);
    CHECK(c.red.by_outcome == std::map<std::string, int>{{"logged", 1}, {"unknown", 1}});
    CHECK(c.red.moves[0].outcome == "logged");
    CHECK(c.red.undetected == 2);
    REQUIRE(c.red.dwell);
    CHECK(c.red.dwell_to_end);
    CHECK(*c.red.dwell == 2700 - 300);
}

TEST_CASE("maturity thresholds") {
    CHECK(maturity_level(0) == 1);
    CHECK(maturity_level(39.99) == 1);
    CHECK(maturity_level(40) == 2);
    CHECK(maturity_level(54.9) == 2);
    CHECK(maturity_level(55) == 3);
    CHECK(maturity_level(69.99) == 3);
    CHECK(maturity_level(70) == 4);
    CHECK(maturity_level(84.99) == 4);
    CHECK(maturity_level(85) == 5);
    CHECK(maturity_level(100) == 5);
    CHECK(std::string(maturity_name(1)) == "Initial");
    CHECK(std::string(maturity_name(5)) == "Optimized");
    CHECK(points(Rating::P) == 100);
    CHECK(points(Rating::S) == 75);
    CHECK(points(Rating::M) == 40);
    CHECK(points(Rating::U) == 0);
}

TEST_CASE("an empty journal, or one with unusable values, scores without throwing") {
    // Malformed payloads never reach scoring: the store refuses them when it
    // decodes (journal_test). What does reach it may still hold values the
    // scenario does not know.
    Scenario sc = worked_scenario();
    Journal j;
    CHECK_NOTHROW((void)score(sc, j));
    j.push_back({1, 0, 0, ev::ExpectationRated{"no-such-expectation", "X", "", "facilitator", "", "", "", {}}});
    j.push_back({2, 0, 0, ev::InjectDelivered{"no-such-inject", "", {}, ""}});
    j.push_back({3, 0, 0, ev::EntryRetracted{99, ""}});
    auto c = score(sc, j);
    CHECK_FALSE(c.readiness.index);
    CHECK(c.readiness.level == 0);
}

TEST_CASE("purple outcomes blocked or alerted count as detection, at detected_at") {
    Scenario sc = worked_scenario();
    JournalBuilder b;
    b.add(0, "session.started", {{"scenario", "phish-to-lsass"}, {"seed", 7}, {"mode", "purple"}});
    b.deliver(300, "phish", "s1");
    b.deliver(600, "lsass", "s3");
    b.add(900, "purple.outcome", {{"technique", "T1566.001"}, {"outcome", "logged"}, {"detected_at", nullptr},
                                  {"team", "soc"}, {"note", ""}});   // logged: not a detection
    b.add(900, "purple.outcome", {{"technique", "T1003.001"}, {"outcome", "alerted"}, {"detected_at", 660},
                                  {"team", "soc"}, {"note", ""}});
    auto c = score(sc, b.j);
    CHECK(*c.metrics.detect.value == 360);              // 660 - 300
    CHECK(c.metrics.detect.inject == "lsass");
    CHECK(c.metrics.detect.evidence == "purple.outcome alerted T1003.001");
    CHECK(c.depth.detected == 2);
    CHECK_FALSE(c.metrics.acknowledge.value);            // nobody set a status
}

TEST_CASE("a rating that states the exercise time it refers to is timed by that, not by its entry") {
    // triage-phish: within 10 minutes of delivery at +05:00. The evaluator rates
    // it P in the hotwash at +50:00, stating it refers to +09:00.
    Scenario sc = worked_scenario();
    auto journal = [](std::optional<ExTime> at) {
        JournalBuilder b;
        b.add(0, "session.started", {{"scenario", "phish-to-lsass"}, {"seed", 7}, {"mode", "blue"}});
        b.add(0, "exercise.running");
        b.deliver(300, "phish", "s1");
        b.add(3000, "exercise.ended", {{"ending", ""}, {"reason", "facilitator"}});
        json rating = {{"expectation", "triage-phish"}, {"rating", "P"}, {"note", ""}, {"source", "evaluator"}, {"by", "eva"}};
        if (at) rating["at"] = *at;
        b.add(3000, "expectation.rated", rating);
        return b.j;
    };
    const auto late = score(sc, journal(std::nullopt));
    const auto* x = late.expectation("triage-phish");
    REQUIRE(x);
    CHECK(x->late);
    CHECK(x->response_at == 3000);
    CHECK(x->final_rating == Rating::S);                         // downgraded for lateness

    const auto timely = score(sc, journal(540));
    const auto* y = timely.expectation("triage-phish");
    REQUIRE(y);
    CHECK_FALSE(y->late);
    CHECK(y->response_at == 540);
    CHECK(y->final_rating == Rating::P);
    REQUIRE(y->audit.size() == 1);
    CHECK(y->audit[0].at == 540);
    CHECK(y->audit[0].t == 3000);
}
