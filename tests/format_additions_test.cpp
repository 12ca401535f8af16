// Format additions for the exercise kit (issue 13): discussion and hotwash
// questions, response/recovery stages, story time and jumps, exercise scope,
// EEG entries, inject flags, flag-dependent ratings, joint sign-off, image
// artifacts and participant feedback: loader and validator (good and bad
// input, located errors), and their effect on the engine and on replay.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "sim/attack/catalog.hpp"
#include "sim/engine/exercise.hpp"
#include "sim/engine/story.hpp"
#include "sim/report/feedback_summary.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scoring/scorecard.hpp"
#include "tests/exercise_driver.hpp"
#include "tests/support.hpp"

using namespace sim;
using namespace std::string_literals;
namespace fs = std::filesystem;

namespace {

const std::string kBase = R"(format: ttx/1
id: adds
title: Additions
story: { start: "2024-09-24 07:30", zone: CEST }
exercise:
  purpose: Practise the hand-off.
  scope: SOC and legal.
  assumptions: [Mail works]
  artificialities: [Time is compressed]
  agenda: [{ time: "09:00", item: Briefing }]
  handling: TLP:AMBER
  contacts: [{ role: Director, name: Ana, contact: "ext. 1" }]
roles:
  - { id: legal }
  - { id: dpo }
capabilities:
  - { id: privacy, name: Privacy, csf: [govern], core_capabilities: [Cybersecurity] }
teams:
  - { id: soc, roles: [tier1] }
  - { id: office, roles: [legal, dpo] }
objectives:
  - id: obj-notify
    text: Notify on time
    capability: privacy
    hotwash: [ "Who decided?", { text: "Was it on time?", points: [72 hours, documented] } ]
stages:
  - { id: s1, tactic: initial-access, questions: [{ text: "Who owns the alert?", points: [tier1 first] }] }
  - { id: notify, kind: response, title: Notification }
  - { id: s2, tactic: impact }
injects:
  - id: alert
    stage: s1
    at: "+00:00"
    to: soc
    title: Alert
    questions: [ "What now?" ]
    decision:
      prompt: Call legal?
      by: soc
      timeout: 5m
      default: no
      options:
        - { id: yes, label: Call legal, set: [legal-in], goto: legal-call }
        - { id: no, label: Do not }
  - { id: legal-call, stage: notify, to: legal, title: Legal called }
  - id: days-later
    stage: s2
    at: "+00:10"
    jump: 3d
    set: [breach-known]
    to: soc
    title: Three days later
  - id: regulator
    stage: notify
    at: "+00:12"
    when: breach-known
    to: [legal, dpo]
    title: Tell the regulator?
    expect:
      - id: notify-dpa
        action: communicate
        by: legal
        objective: obj-notify
        task: Notify the authority within 72 hours
        guidance: { P: On time and documented, U: Not at all }
    decision:
      prompt: Notify now?
      by: [legal, dpo]
      sign_off: [legal, dpo]
      timeout: 10m
      default: wait
      options:
        - id: notify
          label: Notify
          rate: { notify-dpa: M }
          rate_when: [{ when: legal-in, rate: { notify-dpa: P } }]
          end: done
        - { id: wait, label: Wait, rate: { notify-dpa: U }, end: done }
  - { id: later, stage: notify, at: "+00:20", story_at: "2024-10-01 09:00", to: soc, title: Next week }
endings:
  - { id: done, title: Done }
feedback:
  - { id: useful, text: It was useful., low: not at all, high: very }
  - { id: change, text: "What would you change?", kind: text }
)";

LoadResult load_text(const std::string& text, const std::string& base_dir = {}) {
    LoadResult r = load_scenario_text(text, "adds.yaml", base_dir);
    if (r.scenario && !r.diags.has_errors()) validate_scenario(*r.scenario, attack::builtin_catalog(), r.diags);
    return r;
}

std::string dump(const Diagnostics& d) {
    std::string out;
    for (const auto& x : d.items) out += format_diagnostic(x) + "\n";
    return out;
}

std::shared_ptr<const Scenario> good() {
    LoadResult r = load_text(kBase);
    INFO(dump(r.diags));
    REQUIRE(r.scenario);
    REQUIRE_FALSE(r.diags.has_errors());
    return std::make_shared<const Scenario>(std::move(*r.scenario));
}

// `from` replaced by `to` in the base scenario must give `code` at `line`, with `hint` in the hint.
void expect_error(const std::string& from, const std::string& to, const std::string& code, int line,
                  const std::string& hint = {}) {
    std::string text = kBase;
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    text.replace(at, from.size(), to);
    LoadResult r = load_text(text);
    INFO(to, "\n", dump(r.diags));
    const bool found = std::any_of(r.diags.items.begin(), r.diags.items.end(), [&](const Diagnostic& d) {
        return d.code == code && d.line == line && d.col > 0 && d.hint.find(hint) != std::string::npos;
    });
    CHECK(found);
}

// The shared driver; start() runs it in blue mode with seed 7.
struct Harness : ttx_test::ExerciseDriver {
    using ExerciseDriver::ExerciseDriver;
    void start() { start_running(Mode::blue, 7); }
};

} // namespace

TEST_CASE("format additions: every new key is read into the model") {
    auto s = good();
    CHECK(s->story.start == *parse_story_datetime("2024-09-24 07:30"));
    CHECK(s->story.zone == "CEST");
    CHECK(s->exercise.handling == "amber");
    CHECK(s->exercise.agenda.at(0).item == "Briefing");
    CHECK(s->exercise.contacts.at(0).contact == "ext. 1");
    CHECK(s->capability("privacy")->frameworks.csf == std::vector<std::string>{"govern"});
    REQUIRE(s->objectives.at(0).hotwash.size() == 2);
    CHECK(s->objectives.at(0).hotwash[1].points == std::vector<std::string>{"72 hours", "documented"});
    CHECK(s->stages.at(0).questions.at(0).points.at(0) == "tier1 first");
    CHECK(s->stage("notify")->kind == StageKind::response);
    CHECK(s->stage("notify")->tactic.empty());
    CHECK(s->attack_stage_count() == 2);
    CHECK(s->attack_stage_index("s2") == 1);
    CHECK(s->attack_stage_index("notify") == -1);
    CHECK(s->inject("days-later")->jump == 3 * 86400);
    CHECK(s->inject("days-later")->set == std::vector<std::string>{"breach-known"});
    const Expectation* e = s->expectation("notify-dpa");
    CHECK(e->task == "Notify the authority within 72 hours");
    CHECK(e->guidance.at(Rating::U) == "Not at all");
    CHECK(s->inject("regulator")->decision->sign_off == std::vector<std::string>{"legal", "dpo"});
    CHECK(s->inject("regulator")->decision->option("notify")->rate_when.size() == 1);
    CHECK(s->feedback_form().size() == 2);
    CHECK(s->feedback_form()[1].kind == FeedbackKind::text);
}

TEST_CASE("format additions: bad input gives located errors with the right hint") {
    expect_error("kind: response", "kind: respons", "bad-value", 28, "response");
    expect_error("{ id: notify, kind: response, title: Notification }",
                 "{ id: notify, kind: response, tactic: impact }", "bad-value", 28, "drop `tactic:`");
    expect_error("jump: 3d", "jump: 3 days", "bad-value", 49, "3d");
    expect_error("story_at: \"2024-10-01 09:00\"", "story_at: \"2024-09-31 09:00\"", "bad-value", 79, "real date");
    expect_error("story_at: \"2024-10-01 09:00\"", "story_at: \"2024-09-01 09:00\"", "time-order", 79);
    expect_error("start: \"2024-09-24 07:30\"", "start: \"24.09.2024\"", "bad-value", 4);
    expect_error("handling: TLP:AMBER", "handling: ambr", "bad-value", 11, "amber");
    expect_error("csf: [govern]", "csf: [governance]", "bad-value", 17, "govern");
    expect_error("core_capabilities: [Cybersecurity]", "core_capabilities: [Cyber security]", "bad-value", 17,
                 "Cybersecurity");
    expect_error("sign_off: [legal, dpo]", "sign_off: [legal]", "bad-value", 69, "by: legal");
    expect_error("sign_off: [legal, dpo]", "sign_off: [legal, dop]", "dangling-ref", 69, "dpo");
    expect_error("rate_when: [{ when: legal-in, rate: { notify-dpa: P } }]",
                 "rate_when: [{ when: legal-on, rate: { notify-dpa: P } }]", "unset-flag", 76, "legal-in");
    expect_error("rate_when: [{ when: legal-in, rate: { notify-dpa: P } }]",
                 "rate_when: [{ when: legal-in, rate: { notify-dp: P } }]", "dangling-ref", 76, "notify-dpa");
    expect_error("guidance: { P: On time and documented, U: Not at all }",
                 "guidance: { P: On time and documented, X: Not at all }", "unknown-key", 65);
    expect_error("{ id: change, text: \"What would you change?\", kind: text }",
                 "{ id: change, text: \"What would you change?\", kind: txt }", "bad-value", 84, "text");
    expect_error("{ id: change, text: \"What would you change?\", kind: text }",
                 "{ id: useful, text: Again }", "duplicate-id", 84);
    expect_error("questions: [ \"What now?\" ]", "questions: [ { txt: \"What now?\" } ]", "unknown-key", 36, "text");
    // A story jump needs a story start.
    expect_error("story: { start: \"2024-09-24 07:30\", zone: CEST }\n", "", "bad-value", 48, "story:");
    // A flag set only by an inject counts as set: `when: breach-known` is valid (good() passed).
}

TEST_CASE("format additions: image artifacts must exist beside the scenario and be what their name says") {
    ttx_test::TempDir tmp;
    const std::string dir = tmp.file("sc");
    fs::create_directories(dir + "/img");
    std::ofstream(dir + "/img/ok.svg") << "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>";
    std::ofstream(dir + "/img/fake.png") << "not a png";
    auto with_image = [&](const std::string& path) {
        std::string text = kBase;
        const std::string anchor = "    questions: [ \"What now?\" ]\n";
        text.replace(text.find(anchor), anchor.size(),
                     anchor + "    artifacts: [{ kind: image, path: " + path + ", label: Screen }]\n");
        return load_text(text, dir);
    };
    LoadResult ok = with_image("img/ok.svg");
    INFO(dump(ok.diags));
    REQUIRE_FALSE(ok.diags.has_errors());
    CHECK(ok.scenario->inject("alert")->artifacts.at(0).media_type == "image/svg+xml");
    auto code_of = [](const LoadResult& r) { return r.diags.items.empty() ? std::string() : r.diags.items[0].code; };
    CHECK(code_of(with_image("img/fake.png")) == "artifact-path");   // bytes are not PNG
    CHECK(code_of(with_image("img/missing.svg")) == "artifact-path");
    CHECK(code_of(with_image("img/ok.gif")) == "bad-value");         // not an image format ttx shows
    CHECK(code_of(with_image("../ok.svg")) == "artifact-path");
}

TEST_CASE("story time: runs with the exercise clock, jumps on delivery, never moves the exercise clock") {
    CHECK(format_story_time(*parse_story_datetime("2024-09-24 07:30")) == "Tue 24 Sep 2024 07:30");
    CHECK_FALSE(parse_story_datetime("2023-02-29 10:00"));
    CHECK(parse_story_datetime("2024-02-29 10:00"));
    CHECK(parse_story_span("2d4h") == 2 * 86400 + 4 * 3600);
    CHECK_FALSE(parse_story_span("4h2d"));

    Harness h(good());
    h.start();
    CHECK(story_label(h.ex.scenario(), story_time(h.ex.scenario(), h.ex.state())) == "Tue 24 Sep 2024 07:30 CEST");
    h.ok(cmd::Advance{9 * 60});
    CHECK(format_story_time(*story_time(h.ex.scenario(), h.ex.state())) == "Tue 24 Sep 2024 07:39");
    h.ok(cmd::Advance{10 * 60});                 // days-later: +3 days
    CHECK(h.ex.state().clock == 10 * 60);        // the exercise clock moved only as far as asked
    CHECK(format_story_time(*story_time(h.ex.scenario(), h.ex.state())) == "Fri 27 Sep 2024 07:40");
    h.ok(cmd::Advance{11 * 60});
    CHECK(format_story_time(*story_time(h.ex.scenario(), h.ex.state())) == "Fri 27 Sep 2024 07:41");
    // The journal gives the same times as the state.
    const auto times = story_times(h.ex.scenario(), h.journal);
    CHECK(format_story_time(*times.back()) == "Fri 27 Sep 2024 07:41");
    // Before the jump's delivery the story time is the un-jumped one.
    CHECK(format_story_time(*story_time(h.ex.scenario(), h.ex.state(), 5 * 60)) == "Tue 24 Sep 2024 07:35");
}

TEST_CASE("inject flags, flag-dependent ratings and joint sign-off") {
    Harness h(good());
    h.start();
    h.ok(cmd::Decide{"alert", "yes", "soc", "", "", "bring in legal"});
    CHECK(h.ex.state().flags.count("legal-in"));
    h.ok(cmd::Advance{12 * 60});
    // Delivering days-later set breach-known, which delivered the regulator inject.
    CHECK(h.ex.state().flags.count("breach-known"));
    CHECK(h.ex.state().is_delivered("regulator"));
    // A team outside the sign-off may not sign.
    CHECK(h.run(cmd::Decide{"regulator", "notify", "soc", "", "", ""}).error.find("sign off") != std::string::npos);
    // Legal signs: no decision yet.
    h.ok(cmd::Decide{"regulator", "notify", "office", "legal", "", "72 hours run"});
    CHECK(h.ex.state().decision("regulator") == nullptr);
    CHECK(h.ex.state().sign_off("regulator")->signed_by == std::vector<std::string>{"legal"});
    CHECK(h.run(cmd::Decide{"regulator", "notify", "office", "legal", "", ""}).error.find("already signed") !=
          std::string::npos);
    // The DPO signs the same option: the decision is taken, and rated P because legal was in.
    h.ok(cmd::Decide{"regulator", "notify", "office", "dpo", "", "agreed"});
    REQUIRE(h.ex.state().decision("regulator"));
    CHECK(h.ex.state().decision("regulator")->option == "notify");
    CHECK(h.ex.state().ratings.at("notify-dpa").rating == Rating::P);
    CHECK(h.ex.state().ended);
    // Replayed from the journal, the state is the same.
    CHECK(replay(h.ex.scenario_ptr(), h.journal).state() == h.ex.state());
}

TEST_CASE("flag-dependent rating falls back to `rate`, and a sign-off for another option starts over") {
    Harness h(good());
    h.start();
    h.ok(cmd::Decide{"alert", "no", "soc", "", "", ""});
    h.ok(cmd::Advance{12 * 60});
    h.ok(cmd::Decide{"regulator", "wait", "office", "legal", "", ""});
    h.ok(cmd::Decide{"regulator", "notify", "office", "dpo", "", ""});      // disagrees: starts over
    CHECK(h.ex.state().sign_off("regulator")->option == "notify");
    CHECK(h.ex.state().sign_off("regulator")->signed_by == std::vector<std::string>{"dpo"});
    CHECK(h.ex.state().decision("regulator") == nullptr);
    h.ok(cmd::Decide{"regulator", "notify", "office", "legal", "", ""});
    CHECK(h.ex.state().ratings.at("notify-dpa").rating == Rating::M);       // legal was never brought in
    // The team as a whole holds both roles: one signature covers both parties.
    Harness t(good());
    t.start();
    t.ok(cmd::Advance{12 * 60});
    t.ok(cmd::Decide{"regulator", "wait", "office", "", "", ""});
    CHECK(t.ex.state().decision("regulator"));
}

TEST_CASE("feedback: recorded in the journal, checked against the form, and kept by a replay") {
    Harness h(good());
    h.start();
    CHECK(h.run(cmd::RecordFeedback{"Ana", "soc", "", {{"useful", "6"}}}).error.find("1 to 5") != std::string::npos);
    CHECK(h.run(cmd::RecordFeedback{"Ana", "soc", "", {{"usefull", "4"}}}).error.find("unknown feedback question") !=
          std::string::npos);
    CHECK_FALSE(h.run(cmd::RecordFeedback{"Ana", "nope", "", {{"useful", "4"}}}).ok());
    h.ok(cmd::RecordFeedback{"Ana", "soc", "tier1", {{"useful", "4"}, {"change", "More time for legal"}}});
    h.ok(cmd::StartHotwash{});
    h.ok(cmd::RecordFeedback{"", "", "", {{"useful", "2"}}});
    h.ok(cmd::Close{});
    CHECK_FALSE(h.run(cmd::RecordFeedback{"Bo", "", "", {{"useful", "3"}}}).ok());   // closed
    REQUIRE(h.ex.state().feedback.size() == 2);
    CHECK(h.ex.state().feedback[0].answers.at(1).second == "More time for legal");
    // Through the stored form of the journal and back.
    Journal stored;
    for (const auto& e : h.journal)
        stored.push_back(decode_event(e.seq, e.t, e.wall_ms, e.kind(), encode_data(e.data)));
    const Exercise again = replay(h.ex.scenario_ptr(), stored);
    CHECK(again.state() == h.ex.state());
    CHECK(again.state().feedback.at(1).answers.at(0) == std::make_pair("useful"s, "2"s));
    // The report's summary, per question of the scenario's form.
    const auto sum = report::feedback_summary(h.ex.scenario(), stored);
    CHECK(sum["responses"] == 2);
    CHECK(sum["questions"][0]["id"] == "useful");
    CHECK(sum["questions"][0]["mean"].get<double>() == doctest::Approx(3.0));
    CHECK(sum["questions"][0]["counts"]["4"] == 1);
    CHECK(sum["questions"][1]["answers"] == nlohmann::json::array({"More time for legal"}));
}

TEST_CASE("detection depth counts only attack stages") {
    auto s = good();
    Harness h(s);
    h.start();
    h.ok(cmd::Advance{12 * 60});
    const scoring::Scorecard card = scoring::score(*s, h.journal);
    for (const auto& t : card.teams) CHECK(t.depth.stages == 2);
}
