// tests/console_test.cpp — the facilitator console (ui/): model rules, every view
// rendered from a replayed session, and an end-to-end run driven with xdotool.
//
// The model tests need no display. The rendering and end-to-end tests need an
// X display (ctest runs under xvfb-run in .ci/test) and skip with a message
// without one; the end-to-end test also needs xdotool.
#ifdef TTX_HAVE_UI

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>
#include <stb/stb_image.h>

#include "sim/attack/catalog.hpp"
#include "sim/engine/session.hpp"
#include "sim/report/actions_store.hpp"
#include "sim/report/report.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/store/store.hpp"
#include "tests/console_trace.hpp"
#include "tests/support.hpp"
#include "ui/actions.hpp"
#include "ui/backend.hpp"
#include "ui/console.hpp"
#include "ui/model.hpp"
#include "ui/prefs.hpp"
#include "ui/shortcuts.hpp"
#include "ui/views/practice_view.hpp"
#include "ui/views/review_view.hpp"
#include "ui/views/scoreboard_view.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kScenario = std::string(TTX_SOURCE_DIR) + "/scenarios/invoice-ransomware.yaml";

using ttx_test::slurp;
using ttx_test::TempDir;

bool have_display() {
    const char* d = std::getenv("DISPLAY");
    return d && *d;
}

bool have_scenario() { return fs::exists(kScenario); }

bool display_missing() {
    if (have_display()) return false;
    MESSAGE("skipped: no DISPLAY (run the suite under xvfb-run, as .ci/test does)");
    ++ttx_test::skipped_count();
    return true;
}

bool scenario_missing() {
    if (have_scenario()) return false;
    MESSAGE("skipped: " << kScenario << " is missing");
    ++ttx_test::skipped_count();
    return true;
}

// A live model on a fresh database with the bundled scenario, briefing started.
struct LiveModel {
    TempDir dir;
    ui::Model model{sim::attack::builtin_catalog()};
    explicit LiveModel(bool practice = false) {
        REQUIRE(model.open_store(dir.file("journal.db")));
        const ui::LibraryEntry& e = model.load_scenario(kScenario);
        REQUIRE_MESSAGE(e.runnable, "the bundled scenario must load without errors");
        ui::SetupDraft draft;
        draft.scenario_path = e.path;
        draft.seed = "4471";
        draft.practice = practice;
        REQUIRE(model.start_session(draft, 1'700'000'000'000));
        REQUIRE(model.state()->phase == sim::Phase::briefing);
        model.set_pacing(true);
    }
    void run_commands() { model.execute_pending(1'700'000'000'000); }
    // Starts the exercise and delivers its first inject (selected as it arrives).
    void run_and_deliver() {
        model.push(sim::cmd::BeginRunning{});
        run_commands();
        ui::actions::deliver_next(model);
        run_commands();
    }
    // Starts the exercise, delivers until a decision is open and selects it.
    std::string open_first_decision() {
        model.push(sim::cmd::BeginRunning{});
        run_commands();
        for (int i = 0; i < 10 && model.state()->pending_decisions.empty() && model.state()->next; ++i) {
            ui::actions::deliver_next(model);
            run_commands();
        }
        REQUIRE_FALSE(model.state()->pending_decisions.empty());
        ui::actions::next_open_decision(model);
        return model.selected_inject_id();
    }
    // run_and_deliver, returning the first inject (selected).
    std::string deliver_first() {
        run_and_deliver();
        std::string id = model.selected_inject_id();
        REQUIRE_FALSE(id.empty());
        return id;
    }
};

// Creates, through the engine API, a session that stops mid-exercise with an
// open decision, a status, a rating and a note (or goes on to the hotwash). Returns its id.
std::string make_mid_session(const std::string& db_path, bool hotwash = false) {
    sim::LoadResult r = sim::load_and_validate(kScenario, sim::attack::builtin_catalog());
    REQUIRE(r.scenario);
    auto scenario = std::make_shared<const sim::Scenario>(std::move(*r.scenario));
    sim::Store store = sim::Store::open(db_path);
    sim::cmd::Start start;
    start.seed = 4471;
    for (const auto& t : scenario->teams)
        if (t.kind == sim::TeamKind::blue && !t.roles.empty())
            start.participants.push_back({"Participant of " + t.id, t.id, t.roles.front()});
    auto created = sim::Session::create(store, hotwash ? "s-0000000d0a5e" : "s-00000000c0de", scenario, start,
                                        1'700'000'000'000);
    REQUIRE(std::holds_alternative<sim::Session>(created));
    sim::Session s = std::move(std::get<sim::Session>(created));
    std::int64_t wall = 1'700'000'000'000;
    REQUIRE(s.execute(sim::cmd::BeginBriefing{}, wall));
    REQUIRE(s.execute(sim::cmd::BeginRunning{}, wall));
    for (int i = 0; i < 10 && s.state().pending_decisions.empty() && s.state().next; ++i)
        REQUIRE(s.execute(sim::cmd::DeliverNext{}, wall += 1000));
    REQUIRE_FALSE(s.state().delivered.empty());
    const sim::DeliveredInject& first = s.state().delivered.front();
    if (!first.teams.empty())
        (void)s.execute(sim::cmd::SetStatus{first.inject, first.teams.front(), "acknowledged", "", ""}, wall += 1000);
    for (const auto& d : s.state().delivered)
        if (const sim::Inject* inj = s.scenario().inject(d.inject); inj && !inj->expect.empty()) {
            sim::cmd::Rate rate;
            rate.expectation = inj->expect.front().id;
            rate.rating = "S";
            rate.note = "slow to start";
            rate.by = "Test";
            REQUIRE(s.execute(rate, wall += 1000));
            break;
        }
    sim::cmd::AddNote note;
    note.text = "The team asked who owns the mail gateway";
    note.author = "Test";
    note.action = true;
    REQUIRE(s.execute(note, wall += 1000));
    if (hotwash) REQUIRE(s.execute(sim::cmd::StartHotwash{}, wall += 1000));
    return s.id();
}

struct Png {
    int w = 0, h = 0;
    double variance = 0;
};

Png load_png(const std::string& path) {
    Png p;
    int n = 0;
    unsigned char* data = stbi_load(path.c_str(), &p.w, &p.h, &n, 4);
    if (!data) return p;
    ui::Image img;
    img.width = p.w;
    img.height = p.h;
    img.rgba.assign(data, data + static_cast<std::size_t>(p.w) * p.h * 4);
    stbi_image_free(data);
    p.variance = ui::luminance_variance(img);
    return p;
}

int run(const std::string& cmd) {
    int rc = std::system(cmd.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
}

} // namespace

// ---- the model: no display needed ----------------------------------------------------------

TEST_CASE("console library: a broken scenario is listed with its errors in place") {
    TempDir dir;
    std::ofstream(dir.file("broken.yaml")) << "format: ttx/1\nid: broken\ntitle: [unclosed\n";
    std::ofstream(dir.file("notes.txt")) << "not a scenario";
    ui::Model m(sim::attack::builtin_catalog());
    m.scan_library({dir.path.string()});
    REQUIRE(m.library().size() == 1);
    const ui::LibraryEntry& e = m.library().front();
    CHECK_FALSE(e.runnable);
    REQUIRE(e.diags.has_errors());
    CHECK(e.diags.items.front().line > 0);      // the error names its place

    SUBCASE("and a session cannot start from it") {
        REQUIRE(m.open_store(dir.file("j.db")));
        ui::SetupDraft d;
        d.scenario_path = e.path;
        CHECK_FALSE(m.start_session(d, 0));
        CHECK_FALSE(m.has_session());
        REQUIRE_FALSE(m.messages().empty());
        CHECK(m.messages().back().level == ui::Message::Level::error);
    }
}

TEST_CASE("console: a database that cannot be opened is a message, not a crash") {
    TempDir dir;
    std::ofstream(dir.file("not-a-db.db")) << "this is not an SQLite database, it is a shopping list\n";
    ui::Model m(sim::attack::builtin_catalog());
    CHECK_FALSE(m.open_store(dir.file("not-a-db.db")));
    CHECK(m.store() == nullptr);
    CHECK(m.store_error().find("not-a-db.db") != std::string::npos);
    CHECK(m.unfinished_sessions().empty());
    CHECK(m.history().empty());
    // The file is left as it was.
    CHECK(slurp(dir.file("not-a-db.db")) == "this is not an SQLite database, it is a shopping list\n");
}

TEST_CASE("console clock: wall time x speed becomes Advance commands") {
    if (!have_scenario()) {
        TTX_SKIP(kScenario << " is missing");
    }
    LiveModel lm;
    ui::Model& m = lm.model;
    m.push(sim::cmd::BeginRunning{});
    lm.run_commands();
    REQUIRE(m.clock_running());
    REQUIRE(m.state()->next);
    const sim::ExTime due = m.state()->next->at;
    const std::string due_inject = m.state()->next->inject;

    SUBCASE("nothing moves while paused or in review") {
        m.push(sim::cmd::Pause{});
        lm.run_commands();
        m.tick(30.0, 0);
        CHECK(m.state()->clock == 0);
        CHECK(m.display_clock() == 0);
    }
    SUBCASE("the display runs ahead; the journal catches up at checkpoints and due times") {
        m.set_speed(2);
        m.tick(0.5, 0);   // 1 exercise second, well before the checkpoint
        CHECK(m.display_clock() == 1);
        CHECK(m.state()->clock == 0);
        // Ticks of one wall second at x60: the journal is advanced when the inject is due.
        m.set_speed(60);
        for (int i = 0; i < 1000 && !m.state()->is_delivered(due_inject); ++i) m.tick(1.0, 0);
        CHECK(m.state()->is_delivered(due_inject));
        CHECK(m.state()->clock >= due);
        CHECK(m.state()->clock - due < 60 + 1);
    }
    SUBCASE("a command happens at the time the facilitator saw") {
        m.set_speed(1);
        m.tick(0.9, 0);
        m.tick(0.9, 0);   // 1.8 s: display T+1, journal T+0
        REQUIRE(m.display_clock() == 1);
        REQUIRE(m.state()->clock == 0);
        m.ui.note_text = "written at one second";
        ui::actions::add_note(m);
        lm.run_commands();
        REQUIRE(m.state()->notes.size() == 1);
        CHECK(m.state()->notes.front().t == 1);
        CHECK(m.ui.note_text.empty());   // the form clears only once recorded
    }
    SUBCASE("a long stall does not fast-forward the exercise") {
        m.tick(3600.0, 0);
        CHECK(m.display_clock() <= 1);
    }
}

TEST_CASE("console decisions: shown as recorded only once the journal has them") {
    if (!have_scenario()) {
        TTX_SKIP(kScenario << " is missing");
    }
    LiveModel lm;
    ui::Model& m = lm.model;
    const std::string inject = lm.open_first_decision();
    REQUIRE(m.state()->pending_decision(inject));

    std::string why;
    CHECK_FALSE(ui::actions::can_record_decision(m, &why));   // no option chosen yet
    CHECK_FALSE(why.empty());
    ui::actions::choose_option(m, 0);
    REQUIRE(ui::actions::can_record_decision(m, &why));
    m.ui.decision.rationale = "isolate first, ask later";
    ui::actions::record_decision(m);
    CHECK(m.state()->decision(inject) == nullptr);            // queued, not yet committed
    lm.run_commands();
    const sim::DecisionRecord* rec = m.state()->decision(inject);
    REQUIRE(rec != nullptr);
    CHECK(rec->rationale == "isolate first, ask later");

    // The journal on disk has it, read through a second connection.
    sim::Store other = sim::Store::open(m.store_path());
    bool found = false;
    for (const auto& e : other.events(m.session()->id()))
        if (const auto* d = e.get<sim::ev::DecisionRecorded>()) found = found || d->inject == inject;
    CHECK(found);
}

TEST_CASE("console keys: Ctrl+Enter pressed with the last letters waits until the Why field has them") {
    if (!have_scenario()) {
        TTX_SKIP(kScenario << " is missing");
    }
    LiveModel lm;
    ui::Model& m = lm.model;
    const std::string inject = lm.open_first_decision();
    ui::actions::choose_option(m, 0);

    // A bare ImGui context: the field is drawn as the decision view draws it.
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;   // no imgui.ini left in the working folder
    io.DisplaySize = ImVec2(800, 600);
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    auto frame = [&](std::vector<ui::KeyPress> keys, bool focus) {
        ImGui::NewFrame();
        ui::handle_shortcuts(m, std::move(keys));
        ImGui::Begin("decision");
        if (focus) ImGui::SetKeyboardFocusHere();
        ImGui::InputTextMultiline("##rationale", &m.ui.decision.rationale);
        ImGui::End();
        ImGui::Render();
        lm.run_commands();
    };
    frame({}, true);   // the focus request lands a frame later; WantTextInput one more
    frame({}, false);
    frame({}, false);
    REQUIRE(io.WantTextInput);
    io.AddInputCharactersUTF8("do not pa");
    frame({}, false);
    CHECK(m.ui.decision.rationale == "do not pa");
    // The last letter and Ctrl+Enter reach the console in the same frame (a fast
    // typist, or a frame slowed by a busy machine).
    io.AddInputCharacter('y');
    frame({ui::KeyPress{GLFW_KEY_ENTER, GLFW_MOD_CONTROL, false}}, false);
    frame({}, false);
    ImGui::DestroyContext(ctx);

    const sim::DecisionRecord* rec = m.state()->decision(inject);
    REQUIRE(rec != nullptr);
    CHECK(rec->rationale == "do not pay");
}

TEST_CASE("console keys: status and option letters pressed on the Review screen journal nothing, on Exercise they do") {
    if (!have_scenario()) {
        TTX_SKIP(kScenario << " is missing");
    }
    LiveModel lm;
    ui::Model& m = lm.model;
    lm.open_first_decision();
    m.ui.selection_moved_at = -1e9;   // the selection is old: no "just selected" guard
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    auto press = [&](int key) {
        ImGui::NewFrame();
        ui::handle_shortcuts(m, {ui::KeyPress{key, 0, false}});
        ImGui::Render();
        lm.run_commands();
    };
    const auto before = m.state()->last_seq;
    for (ui::Screen screen : {ui::Screen::review, ui::Screen::library, ui::Screen::feedback}) {
        m.ui.screen = screen;
        for (int key : {GLFW_KEY_A, GLFW_KEY_E, GLFW_KEY_D, GLFW_KEY_C, GLFW_KEY_1, GLFW_KEY_N})
            press(key);
    }
    CHECK(m.state()->last_seq == before);   // nothing journaled
    m.ui.screen = ui::Screen::exercise;
    press(GLFW_KEY_A);
    CHECK(m.state()->last_seq > before);    // the same key where the queue is shown marks the inject
    ImGui::DestroyContext(ctx);
}

TEST_CASE("console replay: a session opened for review accepts no command") {
    if (!have_scenario()) {
        TTX_SKIP(kScenario << " is missing");
    }
    TempDir dir;
    const std::string id = make_mid_session(dir.file("j.db"));
    ui::Model m(sim::attack::builtin_catalog());
    REQUIRE(m.open_store(dir.file("j.db")));
    REQUIRE(m.open_session(id, true));
    const auto seq = m.state()->last_seq;
    CHECK_FALSE(m.execute(sim::cmd::Pause{}, 0).empty());
    m.tick(100.0, 0);
    CHECK(m.state()->last_seq == seq);
    CHECK_FALSE(ui::actions::primary(m).enabled);
    // The unfinished session is offered for resuming.
    auto unfinished = m.unfinished_sessions();
    REQUIRE(unfinished.size() == 1);
    CHECK(unfinished.front().id == id);
}

TEST_CASE("console prefs: unreadable values fall back to defaults with a warning") {
    std::string warning;
    ui::Prefs p = ui::prefs_from_json(R"({"theme": "neon", "zoom": 9, "speed": 7, "facilitator": 3})", warning);
    CHECK(p.theme == "light");
    CHECK(p.zoom == doctest::Approx(1.0));
    CHECK(p.speed == 1);
    CHECK_FALSE(warning.empty());
    ui::Prefs q;
    q.theme = "dark";
    q.zoom = 1.5f;
    q.scenario_dirs = {"/srv/exercises"};
    std::string w2;
    CHECK(ui::prefs_from_json(ui::prefs_to_json(q), w2) == q);
    CHECK(w2.empty());
}

TEST_CASE("console selection: a new inject never moves the selection of someone typing or deciding") {
    if (scenario_missing()) return;
    LiveModel lm;
    ui::Model& m = lm.model;
    const std::string first = lm.deliver_first();
    SUBCASE("typing in a text field") { m.ui.typing = true; }
    SUBCASE("a decision half made") {
        REQUIRE(m.state()->pending_decision(first));
        ui::actions::choose_option(m, 1);
    }
    ui::actions::deliver_next(m);
    lm.run_commands();
    REQUIRE(m.state()->delivered.size() == 2);
    CHECK(m.selected_inject_id() == first);
}

TEST_CASE("console queue: a status set by mistake is taken back as a retraction") {
    if (scenario_missing()) return;
    LiveModel lm;
    ui::Model& m = lm.model;
    lm.run_and_deliver();
    const std::string id = m.selected_inject_id();
    m.ui.team = m.state()->delivered_inject(id)->teams.front();
    ui::actions::set_status(m, sim::InjectStatus::escalated);
    lm.run_commands();
    REQUIRE(m.state()->delivered_inject(id)->status.at(m.ui.team) == sim::InjectStatus::escalated);
    REQUIRE(ui::actions::can_take_back_status(m));
    ui::actions::take_back_status(m);
    lm.run_commands();
    CHECK(m.state()->status_history.back().retracted);
    for (const auto& q : m.state()->queue(m.ui.team))
        if (q.inject == id) CHECK(q.status == sim::InjectStatus::pending);
    CHECK(sim::event_kind(m.state()->kinds.back()) == "entry.retracted");
    CHECK_FALSE(ui::actions::can_take_back_status(m));
}

TEST_CASE("console deliver next: allowed during a pause, which the journal keeps") {
    if (scenario_missing()) return;
    LiveModel lm;
    ui::Model& m = lm.model;
    m.push(sim::cmd::BeginRunning{});
    m.push(sim::cmd::Pause{});
    lm.run_commands();
    REQUIRE(m.state()->phase == sim::Phase::paused);
    CHECK(ui::actions::can_deliver_next(m));
    ui::actions::deliver_next(m);
    lm.run_commands();
    CHECK(m.state()->delivered.size() == 1);
    CHECK(m.state()->phase == sim::Phase::paused);
}

TEST_CASE("console setup: the next setup starts without the last session's participants") {
    if (scenario_missing()) return;
    TempDir dir;
    ui::Model m(sim::attack::builtin_catalog());
    REQUIRE(m.open_store(dir.file("j.db")));
    const ui::LibraryEntry& e = m.load_scenario(kScenario);
    m.ui.setup.scenario_path = e.path;
    m.ui.setup.seed = "1";
    m.ui.setup.add_participant({"Alice", "soc", ""});
    ui::actions::start_from_setup(m);
    REQUIRE(m.has_session());
    CHECK(m.state()->participants.size() == 1);
    CHECK(m.ui.setup.participants.empty());
    CHECK(m.ui.setup.row_keys.empty());
    REQUIRE(m.ui.last_participants.size() == 1);
    CHECK(m.ui.last_participants.front().name == "Alice");
}

TEST_CASE("console decisions: an option that ends the exercise asks before it is recorded") {
    const std::string bec = std::string(TTX_SOURCE_DIR) + "/scenarios/bec-oauth-consent.yaml";
    if (!fs::exists(bec)) {
        TTX_SKIP(bec << " is missing");
    }
    TempDir dir;
    ui::Model m(sim::attack::builtin_catalog());
    REQUIRE(m.open_store(dir.file("j.db")));
    const ui::LibraryEntry& e = m.load_scenario(bec);
    REQUIRE(e.runnable);
    ui::SetupDraft d;
    d.scenario_path = e.path;
    d.seed = "1";
    REQUIRE(m.start_session(d, 0));
    m.push(sim::cmd::BeginRunning{});
    m.execute_pending(0);
    // Deliver until an open decision has an option that ends the exercise.
    int ending = -1;
    for (int i = 0; i < 30 && ending < 0 && m.state()->next; ++i) {
        ui::actions::deliver_next(m);
        m.execute_pending(0);
        for (const auto& p : m.state()->pending_decisions) {
            const auto& opts = m.scenario()->inject(p.inject)->decision->options;
            for (std::size_t k = 0; k < opts.size() && k < 9; ++k)
                if (!opts[k].end.empty() && ending < 0) {
                    ui::actions::select_inject(m, p.inject);
                    ending = static_cast<int>(k);
                }
        }
    }
    REQUIRE(ending >= 0);
    ui::actions::choose_option(m, ending);
    REQUIRE(ui::actions::can_record_decision(m));
    ui::actions::record_decision(m);
    CHECK(m.ui.confirm_ending_decision);
    CHECK_FALSE(m.has_pending());             // nothing queued before the answer
    ui::actions::confirm_record_decision(m);
    m.execute_pending(0);
    CHECK(m.state()->ended);
}

// Runs the bundled scenario to its "contained early" ending: tier 1 escalates the
// phishing report, the CSIRT isolates the workstation (an option rating
// investigate-macro P) and the isolation's confirmation ends the exercise.
void run_to_contained_early(LiveModel& lm) {
    ui::Model& m = lm.model;
    lm.run_and_deliver();
    // The phishing report: "escalate to tier 2" leads to the macro's execution.
    REQUIRE(m.state()->pending_decision("phish-reported"));
    ui::actions::select_inject(m, "phish-reported");
    ui::actions::choose_option(m, 1);
    REQUIRE(m.ui.decision.option == "investigate");
    ui::actions::record_decision(m);
    lm.run_commands();
    for (int i = 0; i < 10 && !m.state()->pending_decision("macro-execution"); ++i) {
        ui::actions::deliver_next(m);
        lm.run_commands();
    }
    REQUIRE(m.state()->pending_decision("macro-execution"));
    ui::actions::select_inject(m, "macro-execution");
    ui::actions::choose_option(m, 0);
    REQUIRE(m.ui.decision.option == "contain-host");
    REQUIRE(ui::actions::can_record_decision(m));
    ui::actions::record_decision(m);
    lm.run_commands();
    REQUIRE(m.state()->decision("macro-execution"));
    // Contained: the follow-through decision on the isolated host ends it.
    REQUIRE(m.state()->pending_decision("isolation-confirmed"));
    ui::actions::select_inject(m, "isolation-confirmed");
    ui::actions::choose_option(m, 0);
    REQUIRE(m.ui.decision.option == "reimage-and-close");
    REQUIRE(ui::actions::can_record_decision(m));
    ui::actions::record_decision(m);
    REQUIRE(m.ui.confirm_ending_decision);      // the option ends the exercise: the console asks first
    ui::actions::confirm_record_decision(m);
    lm.run_commands();
    REQUIRE(m.state()->decision("isolation-confirmed"));
    REQUIRE(m.state()->ended);
    REQUIRE(m.state()->ending == "contained-early");
}

TEST_CASE("console hotwash: a note on an objective opens with its words, never its id") {
    if (scenario_missing()) return;
    LiveModel lm;
    ui::Model& m = lm.model;
    const sim::Objective& o = m.scenario()->objectives.front();
    REQUIRE_FALSE(o.text.empty());
    m.ui.note_about_inject = true;
    ui::actions::start_objective_note(m, o.id);
    CHECK(m.ui.note_text.find(o.text) != std::string::npos);
    CHECK(m.ui.note_text.find("[" + o.id + "]") == std::string::npos);
    CHECK_FALSE(m.ui.note_about_inject);      // a note on an objective is not about an inject
    CHECK(m.ui.focus_note);                   // the field takes the keyboard: the facilitator writes on
    // Recorded as an improvement action, the note carries its objective, so
    // the plan files it under the objective's capability; the next note is free.
    m.ui.note_text += "pre-approve isolation for finance laptops";
    m.ui.note_action = true;
    ui::actions::add_note(m);
    lm.run_commands();
    REQUIRE(m.state()->notes.size() == 1);
    CHECK(m.state()->notes.back().objective == o.id);
    CHECK(m.ui.note_objective.empty());
    const auto actions = sim::report::derive_actions(*m.scenario(), *m.journal(), *m.scorecard());
    REQUIRE_FALSE(actions.empty());
    CHECK(actions.back().source == "note");
    CHECK(actions.back().capability == o.capability);
}

TEST_CASE("console notes: About the selected inject is unticked after each note") {
    if (scenario_missing()) return;
    LiveModel lm;
    ui::Model& m = lm.model;
    const std::string first = lm.deliver_first();
    m.ui.note_about_inject = true;
    m.ui.note_text = "The analyst checked the sender first";
    ui::actions::add_note(m);
    lm.run_commands();
    REQUIRE(m.state()->notes.size() == 1);
    CHECK(m.state()->notes.back().inject == first);
    CHECK_FALSE(m.ui.note_about_inject);
    // The next note, written after another inject arrived and was selected, is about nothing unless ticked.
    ui::actions::deliver_next(m);
    lm.run_commands();
    m.ui.note_text = "General remark on the room's energy";
    ui::actions::add_note(m);
    lm.run_commands();
    REQUIRE(m.state()->notes.size() == 2);
    CHECK(m.state()->notes.back().inject.empty());
}

TEST_CASE("console debrief: a rating the facilitator overrode shows the rating that counts, marked") {
    if (scenario_missing()) return;
    LiveModel lm;
    ui::Model& m = lm.model;
    run_to_contained_early(lm);
    const sim::Option* chosen = m.scenario()->inject("macro-execution")->decision->option("contain-host");
    REQUIRE(chosen);
    REQUIRE(chosen->rate.count("investigate-macro"));
    const sim::Rating given = chosen->rate.at("investigate-macro");
    REQUIRE(given == sim::Rating::P);
    const ui::DebriefRating before = ui::debrief_rating(m.scorecard(), "investigate-macro", given);
    CHECK(before.rating == sim::Rating::P);
    CHECK(before.note.empty());
    sim::cmd::Rate rate;
    rate.expectation = "investigate-macro";
    rate.rating = "M";
    rate.by = "Dana";
    m.push(rate);
    lm.run_commands();
    const ui::DebriefRating after = ui::debrief_rating(m.scorecard(), "investigate-macro", given);
    CHECK(after.rating == sim::Rating::M);
    CHECK(after.note.find("overridden by the facilitator") != std::string::npos);
    CHECK(after.note.find("the option gave P") != std::string::npos);
}

TEST_CASE("console scoreboard: an ending reached without a contained status is named, not called never") {
    if (scenario_missing()) return;
    LiveModel lm;
    ui::Model& m = lm.model;
    run_to_contained_early(lm);
    // The follow-through option rated the reimaging (eradication) P; the
    // facilitator overrides it, so no containment evidence is left.
    sim::cmd::Rate undo;
    undo.expectation = "eradicate-early";
    undo.rating = "U";
    undo.by = "Facilitator";
    m.push(undo);
    lm.run_commands();
    const sim::scoring::Scorecard* card = m.scorecard();
    REQUIRE(card);
    REQUIRE(card->depth.contained < 0);       // nobody set a contained status
    const std::string text = ui::first_contained_text(*m.scenario(), card->depth.contained, m.state()->ending, true);
    CHECK(text.find("never") == std::string::npos);
    CHECK(text.find("Contained on the first workstation") != std::string::npos);
    CHECK(ui::ending_of(*m.journal()) == "contained-early");
    CHECK(ui::first_contained_text(*m.scenario(), -1, "", true) == "never");
    CHECK(ui::first_contained_text(*m.scenario(), -1, "", false) == "not yet");
}

TEST_CASE("console review: sessions of one scenario on one day are told apart, sorted and filtered") {
    auto entry = [](std::string id, std::int64_t wall, sim::Mode mode, std::string who, std::optional<double> ready) {
        ui::HistoryEntry h;
        h.info.id = std::move(id);
        h.info.scenario_title = "Invoice #4471";
        h.info.started_wall = wall;
        h.info.mode = mode;
        h.info.status = "closed";
        h.info.participants.push_back({std::move(who), "soc", ""});
        h.card.emplace();
        h.card->readiness.index = ready;
        return h;
    };
    const std::int64_t day = 1'796'000'000'000;   // 2026-11-30
    std::vector<ui::HistoryEntry> history;          // newest first, as the store lists them
    history.push_back(entry("s-000000000003", day + 3 * 3'600'000, sim::Mode::purple, "Carol", 55.0));
    history.push_back(entry("s-000000000002", day + 2 * 3'600'000, sim::Mode::blue, "Bob", 81.0));
    history.push_back(entry("s-000000000001", day + 1 * 3'600'000, sim::Mode::blue, "Alice", std::nullopt));
    std::set<std::string> rows;
    for (const auto& h : history) {
        std::string row;
        for (int c = 0; c < ui::kReviewColumns; ++c) row += ui::review_cell(h, static_cast<ui::ReviewColumn>(c)) + "|";
        rows.insert(row);
        CHECK(ui::review_cell(h, ui::ReviewColumn::when).size() == 16);   // YYYY-MM-DD HH:MM
    }
    CHECK(rows.size() == 3);
    CHECK(ui::review_cell(history[1], ui::ReviewColumn::when).substr(11) != ui::review_cell(history[2], ui::ReviewColumn::when).substr(11));
    CHECK(ui::review_cell(history[0], ui::ReviewColumn::mode) == "purple");
    CHECK(ui::review_cell(history[1], ui::ReviewColumn::participants) == "Bob");
    CHECK(ui::review_cell(history[1], ui::ReviewColumn::readiness).find("81") != std::string::npos);

    auto ids = [](const std::vector<const ui::HistoryEntry*>& r) {
        std::string out;
        for (const auto* h : r) out += h->info.id.substr(h->info.id.size() - 1);
        return out;
    };
    CHECK(ids(ui::review_rows(history, "", ui::ReviewColumn::when, false)) == "321");
    CHECK(ids(ui::review_rows(history, "", ui::ReviewColumn::when, true)) == "123");
    CHECK(ids(ui::review_rows(history, "", ui::ReviewColumn::readiness, false)) == "231");   // unscored last
    CHECK(ids(ui::review_rows(history, "", ui::ReviewColumn::participants, true)).size() == 3);
    CHECK(ids(ui::review_rows(history, "alice", ui::ReviewColumn::when, false)) == "1");
    CHECK(ids(ui::review_rows(history, "BLUE invoice", ui::ReviewColumn::when, false)) == "21");
    CHECK(ids(ui::review_rows(history, "s-000000000003", ui::ReviewColumn::when, false)) == "3");
    CHECK(ui::review_rows(history, "nobody", ui::ReviewColumn::when, false).empty());
}

// ---- rendering: needs a display -------------------------------------------------------------

TEST_CASE("console renders every view of a replayed session without errors") {
    if (display_missing()) return;
    if (!have_scenario()) {
        TTX_SKIP(kScenario << " is missing");
    }
    TempDir dir;
    const std::string db = dir.file("j.db");
    const std::string id = make_mid_session(db);
    const std::string env = "XDG_DATA_HOME=" + dir.file("data") + " XDG_CONFIG_HOME=" + dir.file("config") + " ";
    for (const std::string size : {"1366x768", "1920x1080"}) {
        for (const auto& view : ui::console_view_names()) {
            CAPTURE(view);
            CAPTURE(size);
            const std::string png = dir.file(view + "-" + size + ".png");
            const std::string err = dir.file(view + "-" + size + ".err");
            const int rc = run(env + "'" + std::string(TTX_BINARY) + "' console --frames 3 --screenshot '" + png +
                               "' --db '" + db + "' --replay " + id + " --view " + view + " --size " + size +
                               " >/dev/null 2>'" + err + "'");
            CHECK_MESSAGE(rc == 0, slurp(err));
            CHECK(slurp(err).empty());
            const Png p = load_png(png);
            CHECK(p.w == std::stoi(size.substr(0, size.find('x'))));
            CHECK(p.h == std::stoi(size.substr(size.find('x') + 1)));
            CHECK(p.variance > 100.0);   // text and panels, not a blank frame
        }
    }
    // The screenshot does not depend on the wall clock: the same inputs, the same picture.
    const std::string a = dir.file("again-a.png"), b = dir.file("again-b.png");
    for (const auto& out : {a, b})
        REQUIRE(run(env + "'" + std::string(TTX_BINARY) + "' console --frames 3 --screenshot '" + out + "' --db '" +
                    db + "' --replay " + id + " --view exercise --size 1366x768 >/dev/null 2>&1") == 0);
    CHECK(slurp(a) == slurp(b));
}

using ttx_test::placed_widgets;

TEST_CASE("console screens fit 1366x768, 1280x720 and 1920x1080: the controls that matter are wholly in view") {
    if (display_missing()) return;
    if (scenario_missing()) return;
    TempDir dir;
    const std::string db = dir.file("j.db");
    const std::string id = make_mid_session(db);
    const std::string wash = make_mid_session(db, true);
    // TTX_SCREENSHOT_DIR keeps the pictures for a person to look at.
    const char* keep = std::getenv("TTX_SCREENSHOT_DIR");
    const std::string out_dir = keep && *keep ? std::string(keep) : dir.path.string();
    const std::string env = "XDG_DATA_HOME=" + dir.file("data") + " XDG_CONFIG_HOME=" + dir.file("config") + " ";
    for (const std::string size : {"1366x768", "1280x720", "1920x1080"}) {
        const int width = std::stoi(size.substr(0, size.find('x')));
        const int height = std::stoi(size.substr(size.find('x') + 1));
        for (const std::string view : {"library", "setup", "exercise", "hotwash", "review", "projector-scores"}) {
            CAPTURE(size);
            CAPTURE(view);
            const std::string base = out_dir + "/" + view + "-" + size;
            // Sessions are resumed, so the views are live (rating buttons, an enabled Record button);
            // the offscreen console sends no command. The hotwash and the revealed scores come from
            // a session in its hotwash, the exercise from one with an open decision.
            const std::string source = view == "library" || view == "setup" ? "--scenario '" + kScenario + "'"
                                       : view == "hotwash" || view == "projector-scores" ? "--resume " + wash
                                                                                         : "--resume " + id;
            const int rc = run(env + "TTX_UI_TRACE='" + base + ".trace' '" + std::string(TTX_BINARY) +
                               "' console --frames 4 --screenshot '" + base + ".png' --db '" + db + "' " + source +
                               " --view " + view + " --size " + size + " >/dev/null 2>'" + base + ".err'");
            REQUIRE(rc == 0);
            CHECK(slurp(base + ".err").empty());
            const Png p = load_png(base + ".png");
            CHECK(p.w == width);
            CHECK(p.h == height);
            CHECK(p.variance > 100.0);
            const auto widgets = placed_widgets(base + ".trace");
            CHECK(slurp(base + ".trace").find("window\t" + std::to_string(width) + "\t" + std::to_string(height) + "\n") !=
                  std::string::npos);
            for (const auto& [name, w] : widgets) {
                CAPTURE(name);
                // Whatever is wholly in view lies inside the window (its panel's clip is not off-screen).
                if (!w.whole) continue;
                CHECK(w.x >= 0);
                CHECK(w.y >= 0);
                CHECK(w.x + w.w <= width);
                CHECK(w.y + w.h <= height);
            }
            if (view == "exercise") {
                // The decision is open: its Record button is wholly in view, and so are several expectations.
                auto rec = widgets.find("Record decision (Ctrl+Enter)");
                REQUIRE(rec != widgets.end());
                CHECK(rec->second.whole);
                auto why = widgets.find("Why?");
                REQUIRE(why != widgets.end());
                CHECK(why->second.whole);
                int expectations = 0, visible = 0;
                for (const auto& [name, w] : widgets)
                    if (name.rfind("Expectation ", 0) == 0) {
                        ++expectations;
                        visible += w.whole ? 1 : 0;
                    }
                CHECK(expectations >= 2);
                CHECK(visible >= 2);
            }
            if (view == "hotwash") {
                // The note form leads the hotwash: field, Improvement action and Add note in view.
                for (const std::string name : {"Note", "Improvement action"}) {
                    CAPTURE(name);
                    auto it = widgets.find(name);
                    REQUIRE(it != widgets.end());
                    CHECK(it->second.whole);
                }
                bool add = false;
                for (const auto& [name, w] : widgets)
                    if (name.rfind("Add note at ", 0) == 0) add = w.whole;
                CHECK(add);
            }
        }
    }
}

TEST_CASE("console without a usable database still renders, with the reason on screen") {
    if (!have_display()) {
        TTX_SKIP("no DISPLAY");
    }
    TempDir dir;
    std::ofstream(dir.file("bad.db")) << "garbage";
    const int rc = run("XDG_CONFIG_HOME=" + dir.file("c") + " '" + std::string(TTX_BINARY) +
                       "' console --frames 2 --screenshot '" + dir.file("s.png") + "' --db '" + dir.file("bad.db") +
                       "' --view review --size 1366x768 >/dev/null 2>'" + dir.file("err") + "'");
    CHECK(rc == 0);
    CHECK(slurp(dir.file("err")).find("cannot be opened") != std::string::npos);
    CHECK(load_png(dir.file("s.png")).variance > 100.0);
}

// ---- end to end: the real window, driven with xdotool ------------------------------------------

namespace {

// Every xdotool call is bounded: `search --sync` waits for ever for a window that
// never appears (a console that crashed), and one such wait once held CI for 90 minutes.
const std::string kXdotool = "timeout 30 xdotool ";

// Focuses the console window of `pid` and runs xdotool `args` on it. On a loaded
// machine xdotool now and then fails outright in its search or focus step,
// before the key is sent (seen in CI runs): try again.
int xdo_console(const std::string& pid, const std::string& args) {
    int rc = 1;
    for (int attempt = 0; attempt < 3 && rc != 0; ++attempt) {
        if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(200));
        rc = run(kXdotool + "search --sync --onlyvisible --pid " + pid + " --name '^ttx console' windowfocus --sync " +
                 args + " >/dev/null 2>&1");
    }
    return rc;
}

// One keyboard focus per display: tests that type into a window take turns
// (ctest -j runs them in parallel under one Xvfb).
struct DisplayLock {
    int fd = -1;
    DisplayLock() {
        const char* d = std::getenv("DISPLAY");
        std::string name = std::string("/tmp/ttx-test-keyboard") + (d ? d : "") + ".lock";
        fd = ::open(name.c_str(), O_CREAT | O_RDWR, 0600);
        if (fd >= 0) (void)::flock(fd, LOCK_EX);
    }
    ~DisplayLock() {
        if (fd >= 0) ::close(fd);
    }
    DisplayLock(const DisplayLock&) = delete;
    DisplayLock& operator=(const DisplayLock&) = delete;
};

// The pid of the console started on database `db` ("" if none): xdotool finds
// its window by pid, so consoles of tests running in parallel on one display never mix.
std::string console_pid(const std::string& db) {
    std::string out;
    FILE* p = popen(("pgrep -n -f -- '^" + std::string(TTX_BINARY) + " console .*" + db + "'").c_str(), "r");
    char buf[64] = {};
    if (p && fgets(buf, sizeof buf, p)) out = buf;
    if (p) pclose(p);
    return out.substr(0, out.find('\n'));
}

std::map<std::string, std::string> read_trace(const std::string& path) {
    std::map<std::string, std::string> out;
    std::istringstream in(slurp(path));
    std::string line;
    while (std::getline(in, line)) {
        auto tab = line.find('\t');
        if (tab != std::string::npos) out[line.substr(0, tab)] = line.substr(tab + 1);
    }
    return out;
}

// Waits until the trace file's `key` equals `value` (or satisfies pred).
template <class Pred>
bool wait_for(const std::string& trace, const std::string& key, Pred pred, int seconds = 20) {
    for (int i = 0; i < seconds * 20; ++i) {
        auto t = read_trace(trace);
        if (auto it = t.find(key); it != t.end() && pred(it->second)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

} // namespace

TEST_CASE("console end to end: start, deliver an inject, record a decision, all in the journal") {
    if (display_missing()) return;
    if (run("command -v xdotool >/dev/null 2>&1") != 0) {
        TTX_SKIP("xdotool is not installed");
    }
    if (!have_scenario()) {
        TTX_SKIP(kScenario << " is missing");
    }
    DisplayLock keyboard;
    TempDir dir;
    const std::string db = dir.file("e2e.db"), trace = dir.file("trace.txt"), rcfile = dir.file("rc");
    // The console runs in the background; its exit status lands in rcfile.
    const std::string launch = "(XDG_DATA_HOME='" + dir.file("data") + "' XDG_CONFIG_HOME='" + dir.file("config") +
                               "' TTX_UI_TRACE='" + trace + "' '" + std::string(TTX_BINARY) + "' console '" +
                               kScenario + "' --db '" + db + "' --size 1600x900 >'" + dir.file("out") + "' 2>&1; echo $? >'" +
                               rcfile + "') >/dev/null 2>&1 </dev/null &";
    REQUIRE(run(launch) == 0);
    REQUIRE_MESSAGE(wait_for(trace, "screen", [](const std::string& v) { return v == "setup"; }),
                    "the console did not reach its setup screen: " << slurp(dir.file("out")));

    const std::string pid = console_pid(db);
    REQUIRE_FALSE(pid.empty());
    // A failed check must not leave the console running behind the test.
    struct KillOnExit {
        std::string pid, rcfile;
        ~KillOnExit() {
            if (!(fs::exists(rcfile) && !slurp(rcfile).empty())) (void)run("kill " + pid + " 2>/dev/null");
        }
    } guard{pid, rcfile};
    auto xdo = [&](const std::string& args) { return xdo_console(pid, args); };
    // Ctrl+Enter on the setup screen starts the briefing; Space starts the exercise.
    REQUIRE(xdo("key ctrl+Return") == 0);
    REQUIRE(wait_for(trace, "phase", [](const std::string& v) { return v == "briefing"; }));
    REQUIRE(xdo("key space") == 0);
    REQUIRE(wait_for(trace, "phase", [](const std::string& v) { return v == "running"; }));

    // Click "Deliver next" (its place comes from the trace) until a decision is open.
    for (int i = 0; i < 10 && read_trace(trace)["pending"] == "0"; ++i) {
        const std::string before = read_trace(trace)["delivered"];
        std::istringstream pos(read_trace(trace)["Deliver next"]);
        int x = 0, y = 0, w = 0, h = 0;
        REQUIRE(static_cast<bool>(pos >> x >> y >> w >> h));
        REQUIRE(xdo("mousemove --window %1 " + std::to_string(x + w / 2) + " " + std::to_string(y + h / 2) +
                    " click 1") == 0);
        REQUIRE(wait_for(trace, "delivered", [&](const std::string& v) { return v != before; }));
    }
    REQUIRE(read_trace(trace)["pending"] != "0");

    // O selects the open decision, 1 chooses its first option, Ctrl+Enter records it.
    REQUIRE(xdo("key o") == 0);
    REQUIRE(wait_for(trace, "selected", [](const std::string& v) { return !v.empty(); }));
    REQUIRE(xdo("key 1") == 0);
    REQUIRE(wait_for(trace, "option", [](const std::string& v) { return !v.empty(); }));
    const std::string chosen_inject = read_trace(trace)["selected"];
    REQUIRE(xdo("key ctrl+Return") == 0);
    REQUIRE(wait_for(trace, "decisions", [](const std::string& v) { return v == "1"; }));
    REQUIRE(xdo("key ctrl+q") == 0);
    bool exited = false;
    for (int i = 0; i < 200 && !exited; ++i) {
        exited = fs::exists(rcfile) && !slurp(rcfile).empty();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE(exited);
    CHECK(slurp(rcfile) == "0\n");

    // The journal, read with the store API, holds the whole story.
    sim::Store store = sim::Store::open(db);
    auto sessions = store.list_sessions();
    REQUIRE(sessions.size() == 1);
    std::map<std::string, int> kinds;
    std::string decided;
    for (const auto& e : store.events(sessions.front().id)) {
        ++kinds[std::string(e.kind())];
        if (const auto* d = e.get<sim::ev::DecisionRecorded>()) decided = d->inject;
    }
    CHECK(kinds["briefing.started"] == 1);
    CHECK(kinds["exercise.running"] == 1);
    CHECK(kinds["inject.delivered"] >= 1);
    CHECK(kinds["decision.recorded"] == 1);
    CHECK(decided == chosen_inject);
}

// ---- the keyboard never writes what nobody aimed -------------------------------------------

namespace {

// The interactive console in the background, driven with xdotool, read through its trace.
struct Driven {
    DisplayLock keyboard;               // first: held until the console is gone
    TempDir dir;
    std::string db, trace, rcfile, pid;
    bool ok = false;

    // `prepare`, when given, fills the database first and returns more arguments (a --resume).
    Driven(const std::string& args, const std::string& wait_screen,
           const std::function<std::string(const std::string& db)>& prepare = {}) {
        db = dir.file("keys.db");
        trace = dir.file("trace.txt");
        rcfile = dir.file("rc");
        const std::string more = prepare ? " " + prepare(db) : std::string();
        const std::string launch = "(XDG_DATA_HOME='" + dir.file("data") + "' XDG_CONFIG_HOME='" +
                                   dir.file("config") + "' TTX_UI_TRACE='" + trace + "' '" +
                                   std::string(TTX_BINARY) + "' console " + args + more + " --db '" + db +
                                   "' --size 1366x768 >'" + dir.file("out") + "' 2>&1; echo $? >'" + rcfile + "') >/dev/null 2>&1 </dev/null &";
        ok = run(launch) == 0 && wait_for(trace, "screen", [&](const std::string& v) { return v == wait_screen; });
        pid = console_pid(db);
        ok = ok && !pid.empty();
    }
    ~Driven() {
        if (!exited()) {
            (void)key("ctrl+q");
            for (int i = 0; i < 100 && !exited(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        // Never leave a console behind (it would hold the test's output open).
        if (!exited() && !pid.empty()) (void)run("kill " + pid + " 2>/dev/null");
    }
    [[nodiscard]] bool exited() const { return fs::exists(rcfile) && !slurp(rcfile).empty(); }
    int xdo(const std::string& args) const { return xdo_console(pid, args); }
    int key(const std::string& k) const { return xdo("key " + k); }
    std::string get(const std::string& k) const { return read_trace(trace)[k]; }
    template <class Pred>
    bool until(const std::string& k, Pred pred, int seconds = 20) const {
        return wait_for(trace, k, pred, seconds);
    }
    bool click(const std::string& label) const {
        std::istringstream pos(get(label));
        int x = 0, y = 0, w = 0, h = 0;
        if (!(pos >> x >> y >> w >> h)) return false;
        return xdo("mousemove --window %1 " + std::to_string(x + w / 2) + " " + std::to_string(y + h / 2) +
                   " click 1") == 0;
    }
    // Ctrl+Q, then the exit status. xdotool may report an error when the window
    // closes under it (the console quit on the key press): the exit is what counts,
    // and a retry only follows a console that is still running.
    bool quit() {
        for (int attempt = 0; attempt < 3 && !exited(); ++attempt) {
            (void)run(kXdotool + "search --sync --onlyvisible --pid " + pid + " --name '^ttx console' windowfocus --sync key ctrl+q >/dev/null 2>&1");
            for (int i = 0; i < 200 && !exited(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return exited() && slurp(rcfile) == "0\n";
    }
    // The session's journal, read with the store API.
    [[nodiscard]] sim::Journal events() const {
        sim::Store store = sim::Store::open(db);
        auto sessions = store.list_sessions();
        REQUIRE(sessions.size() == 1);
        return store.events(sessions.front().id);
    }
};

bool can_drive() {
    if (!have_display()) {
        MESSAGE("skipped: no DISPLAY (run the suite under xvfb-run, as .ci/test does)");
        ++ttx_test::skipped_count();
        return false;
    }
    if (run("command -v xdotool >/dev/null 2>&1") != 0) {
        MESSAGE("skipped: xdotool is not installed");
        ++ttx_test::skipped_count();
        return false;
    }
    if (!have_scenario()) {
        MESSAGE("skipped: " << kScenario << " is missing");
        ++ttx_test::skipped_count();
        return false;
    }
    return true;
}

void pause_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// The one wait that is a rule, not a guess: keys that act on the selection
// are held for kSelectionGrace after a new inject was selected (ui/shortcuts.hpp).
void pause_after_selection() { pause_ms(static_cast<int>(ui::kSelectionGrace * 1000) + 200); }

std::map<std::string, int> count_kinds(const sim::Journal& events) {
    std::map<std::string, int> kinds;
    for (const auto& e : events) ++kinds[std::string(e.kind())];
    return kinds;
}

} // namespace

TEST_CASE("console keys: a rationale typed while injects arrive at x60 is one decision and nothing else") {
    if (!can_drive()) return;
    Driven c("'" + kScenario + "'", "setup");
    REQUIRE_MESSAGE(c.ok, "the console did not reach its setup screen: " << slurp(c.dir.file("out")));
    REQUIRE(c.key("ctrl+Return") == 0);
    REQUIRE(c.until("phase", [](const std::string& v) { return v == "briefing"; }));
    for (int i = 0; i < 5; ++i) REQUIRE(c.key("bracketright") == 0);
    REQUIRE(c.until("speed", [](const std::string& v) { return v == "60"; }));
    REQUIRE(c.key("space") == 0);
    // The phishing report (T+5:00) arrives after five seconds and is selected.
    REQUIRE(c.until("selected", [](const std::string& v) { return v == "phish-reported"; }));
    pause_after_selection();   // keys that act on a just-selected inject wait a moment
    REQUIRE(c.key("2") == 0);
    REQUIRE(c.until("option", [](const std::string& v) { return v == "investigate"; }, 5));
    // The click aims at where the last frame drew the field; at x60 an arriving
    // inject can move it between the trace and the click, so aim again.
    bool typing = false;
    for (int attempt = 0; attempt < 3 && !typing; ++attempt) {
        REQUIRE(c.click("Why?"));
        typing = c.until("typing", [](const std::string& v) { return v == "1"; }, 5);
    }
    REQUIRE(typing);
    // Every shortcut letter, digits and spaces, while the benign printer alert (T+8:00) arrives.
    const std::string text = "Escalate and contain at once, then notify the CFO by 10; do not pay";
    REQUIRE(c.xdo("type --delay 90 '" + text + "'") == 0);
    CHECK(std::stoi(c.get("delivered")) >= 2);   // injects did arrive while typing
    CHECK(c.get("selected") == "phish-reported");
    REQUIRE(c.key("ctrl+Return") == 0);
    REQUIRE(c.until("decisions", [](const std::string& v) { return v == "1"; }, 10));
    REQUIRE(c.quit());

    const auto events = c.events();
    auto kinds = count_kinds(events);
    CHECK(kinds["inject.status"] == 0);
    CHECK(kinds["exercise.paused"] == 0);
    CHECK(kinds["note.added"] == 0);
    CHECK(kinds["decision.recorded"] == 1);
    for (const auto& e : events) {
        if (const auto* d = e.get<sim::ev::InjectDelivered>()) CHECK(d->cause != "manual");
        if (const auto* d = e.get<sim::ev::DecisionRecorded>()) {
            CHECK(d->inject == "phish-reported");
            CHECK(d->option == "investigate");
            CHECK(d->rationale == text);
        }
    }
}

TEST_CASE("console keys: after Ctrl+Enter the Why field is empty and lets go, so 1 chooses an option") {
    if (!can_drive()) return;
    Driven c("'" + kScenario + "'", "setup");
    REQUIRE_MESSAGE(c.ok, "the console did not reach its setup screen: " << slurp(c.dir.file("out")));
    REQUIRE(c.key("ctrl+Return") == 0);
    REQUIRE(c.until("phase", [](const std::string& v) { return v == "briefing"; }));
    REQUIRE(c.key("space") == 0);
    REQUIRE(c.until("phase", [](const std::string& v) { return v == "running"; }));
    REQUIRE(c.key("n") == 0);
    REQUIRE(c.until("selected", [](const std::string& v) { return v == "phish-reported"; }));
    pause_after_selection();
    REQUIRE(c.key("2") == 0);   // investigate: the macro-execution inject (with its own decision) follows
    REQUIRE(c.until("option", [](const std::string& v) { return v == "investigate"; }, 5));
    REQUIRE(c.click("Why?"));
    REQUIRE(c.until("typing", [](const std::string& v) { return v == "1"; }, 5));
    REQUIRE(c.xdo("type --delay 40 'pull the process tree first'") == 0);
    REQUIRE(c.key("ctrl+Return") == 0);
    REQUIRE(c.until("decisions", [](const std::string& v) { return v == "1"; }, 10));
    REQUIRE(c.until("typing", [](const std::string& v) { return v == "0"; }, 5));
    // O opens the next decision, 1 chooses its first option, Ctrl+Enter records it.
    REQUIRE(c.key("o") == 0);
    REQUIRE(c.until("selected", [](const std::string& v) { return v == "macro-execution"; }, 5));
    REQUIRE(c.key("1") == 0);
    REQUIRE(c.until("option", [](const std::string& v) { return !v.empty(); }, 5));
    REQUIRE(c.key("ctrl+Return") == 0);
    CHECK(c.until("decisions", [](const std::string& v) { return v == "2"; }, 5));
    REQUIRE(c.quit());

    std::vector<std::string> rationales;
    for (const auto& e : c.events())
        if (const auto* d = e.get<sim::ev::DecisionRecorded>()) rationales.push_back(d->rationale);
    REQUIRE(rationales.size() == 2);
    CHECK(rationales[0] == "pull the process tree first");
    CHECK(rationales[1].empty());
}

TEST_CASE("console keys: the projector window passes its keys to the console") {
    if (!can_drive()) return;
    Driven c("--view library", "library");
    REQUIRE_MESSAGE(c.ok, "the console did not start: " << slurp(c.dir.file("out")));
    REQUIRE(c.key("F9") == 0);
    REQUIRE(c.until("projector", [](const std::string& v) { return v == "1"; }, 10));
    // Ctrl+Q typed while the projector window has the keyboard quits the console. A window
    // just mapped may refuse the focus for a moment: poll, do not guess a delay.
    bool typed = false;
    for (int i = 0; i < 50 && !typed; ++i) {
        typed = run(kXdotool + "search --sync --onlyvisible --pid " + c.pid +
                    " --name '^ttx .* projector' windowfocus --sync key ctrl+q >/dev/null 2>&1") == 0;
        if (!typed) pause_ms(100);
    }
    CHECK(typed);
    bool exited = false;
    for (int i = 0; i < 100 && !(exited = c.exited()); ++i) pause_ms(50);
    CHECK(exited);
}

TEST_CASE("console resume: a live session goes on where its journal stopped, the clock paused until resumed") {
    if (!can_drive()) return;
    sim::Journal before;                // the journal as the console finds it
    Driven c("", "exercise", [&](const std::string& db) {
        const std::string id = make_mid_session(db);
        before = sim::Store::open(db).events(id);
        return "--resume " + id;
    });
    REQUIRE_MESSAGE(c.ok, "the console did not open the session: " << slurp(c.dir.file("out")));
    // What the journal holds is on screen: the delivered injects and the open decision.
    std::size_t delivered = 0;
    for (const auto& e : before) delivered += e.get<sim::ev::InjectDelivered>() ? 1 : 0;
    CHECK(c.get("delivered") == std::to_string(delivered));
    CHECK(c.get("pending") != "0");
    // A resumed exercise never runs on by itself: the console paused it, in the journal.
    REQUIRE(c.until("phase", [](const std::string& v) { return v == "paused"; }, 5));
    REQUIRE(c.key("space") == 0);
    REQUIRE(c.until("phase", [](const std::string& v) { return v == "running"; }));
    // The facilitator carries on: O opens the decision, 1 picks an option, Ctrl+Enter records it.
    REQUIRE(c.key("o") == 0);
    REQUIRE(c.until("selected", [](const std::string& v) { return !v.empty(); }, 5));
    pause_after_selection();
    REQUIRE(c.key("1") == 0);
    REQUIRE(c.until("option", [](const std::string& v) { return !v.empty(); }, 5));
    REQUIRE(c.key("ctrl+Return") == 0);
    REQUIRE(c.until("decisions", [](const std::string& v) { return v == "1"; }, 10));
    REQUIRE(c.quit());

    // The same session, extended: everything from before unchanged, then pause, resume, decision.
    const sim::Journal after = c.events();
    REQUIRE(after.size() > before.size());
    for (std::size_t i = 0; i < before.size(); ++i) CHECK(after[i].seq == before[i].seq);
    auto kinds = count_kinds(sim::Journal(after.begin() + static_cast<long>(before.size()), after.end()));
    CHECK(kinds["exercise.paused"] == 1);
    CHECK(kinds["exercise.resumed"] == 1);
    CHECK(kinds["decision.recorded"] == 1);
}

TEST_CASE("console idle: the library screen sleeps while nobody touches it") {
    if (!can_drive()) return;
    Driven c("--view library", "library");
    REQUIRE_MESSAGE(c.ok, "the console did not start: " << slurp(c.dir.file("out")));
    pause_ms(1500);   // start-up and the first frames
    const std::string& pid = c.pid;
    REQUIRE_FALSE(pid.empty());
    auto cpu_ticks = [&] {
        std::istringstream in(slurp("/proc/" + pid + "/stat"));
        std::string field;
        long long utime = 0, stime = 0;
        for (int i = 1; i <= 15 && in >> field; ++i) {
            if (i == 14) utime = std::stoll(field);
            if (i == 15) stime = std::stoll(field);
        }
        return utime + stime;
    };
    // The quietest of three 2-second windows: start-up under a sanitizer on a busy
    // machine can spill into the first; a console that never sleeps fills all three.
    double share = 1.0;
    for (int w = 0; w < 3; ++w) {
        const long long t0 = cpu_ticks();
        pause_ms(2000);
        share = std::min(share, static_cast<double>(cpu_ticks() - t0) / static_cast<double>(sysconf(_SC_CLK_TCK)) / 2.0);
    }
    MESSAGE("idle console CPU: " << share * 100 << "% of one core");
    CHECK(share < 0.03);
}

TEST_CASE("console plan keys: Enter and Ctrl+Enter in a plan field save nothing, the Save button does") {
    if (!can_drive()) return;
    std::string id;
    Driven c("--view plan", "review", [&](const std::string& db) { return "--replay " + (id = make_mid_session(db, true)); });
    REQUIRE_MESSAGE(c.ok, "the console did not reach the plan: " << slurp(c.dir.file("out")));
    REQUIRE(c.until("Save action 1", [](const std::string& v) { return !v.empty(); }));
    auto owner = [&] {
        sim::Store store = sim::Store::open(c.db);
        for (const auto& a : sim::report::ActionStore(store).list(id))
            if (a.number == 1) return a.owner;
        return std::string("(no action 1)");
    };
    REQUIRE(owner().empty());
    REQUIRE(c.click("Plan contact"));
    REQUIRE(c.until("typing", [](const std::string& v) { return v == "1"; }));
    REQUIRE(c.xdo("type --delay 40 'Dana Ops'") == 0);
    REQUIRE(c.key("Return") == 0);
    REQUIRE(c.key("ctrl+Return") == 0);
    pause_ms(800);
    CHECK(owner().empty());
    REQUIRE(c.click("Save action 1"));
    for (int i = 0; i < 400 && owner().empty(); ++i) pause_ms(50);   // up to 20 s: a loaded sanitizer run is slow
    CHECK(owner() == "Dana Ops");
    CHECK(c.quit());
}

TEST_CASE("console export: clicking the STIX and Excel buttons writes a bundle and a workbook") {
    if (!can_drive()) return;
    std::string id;
    Driven c("--view review", "review", [&](const std::string& db) { return "--replay " + (id = make_mid_session(db, true)); });
    REQUIRE_MESSAGE(c.ok, "the console did not reach the review: " << slurp(c.dir.file("out")));
    REQUIRE(c.until("STIX 2.1", [](const std::string& v) { return !v.empty(); }));
    // The console's reports go beside its database, named <session>-<scenario>.<ext>.
    auto written = [&](const std::string& ext) {
        const fs::path dir = fs::path(c.db).parent_path() / "reports";
        std::string found;
        for (int i = 0; i < 200 && found.empty(); ++i) {
            std::error_code ec;
            for (const auto& e : fs::directory_iterator(dir, ec))
                if (e.path().string().size() > ext.size() &&
                    e.path().string().compare(e.path().string().size() - ext.size(), ext.size(), ext) == 0)
                    found = e.path().string();
            if (found.empty()) pause_ms(50);
        }
        return found;
    };
    REQUIRE(c.click("STIX 2.1"));
    const std::string stix = written(".stix.json");
    REQUIRE_FALSE(stix.empty());
    CHECK(fs::path(stix).filename().string().rfind(id, 0) == 0);
    const auto bundle = nlohmann::json::parse(slurp(stix));
    CHECK(bundle.at("type") == "bundle");
    REQUIRE(c.click("Excel workbook"));
    const std::string xlsx = written(".xlsx");
    REQUIRE_FALSE(xlsx.empty());
    CHECK(slurp(xlsx).rfind("PK", 0) == 0);
    CHECK_MESSAGE(c.quit(), "exit status: " << slurp(c.rcfile) << "output: " << slurp(c.dir.file("out")));
}

#endif // TTX_HAVE_UI
