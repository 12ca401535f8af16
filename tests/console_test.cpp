// tests/console_test.cpp — the facilitator console (ui/): model rules, every view
// rendered from a replayed session, and an end-to-end run driven with xdotool.
//
// The model tests need no display. The rendering and end-to-end tests need an
// X display (ctest runs under xvfb-run in .ci/test) and skip with a message
// without one; the end-to-end test also needs xdotool.
#ifdef TTX_HAVE_UI

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include <stb/stb_image.h>

#include "sim/attack/catalog.hpp"
#include "sim/engine/session.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/store/store.hpp"
#include "tests/support.hpp"
#include "ui/actions.hpp"
#include "ui/backend.hpp"
#include "ui/console.hpp"
#include "ui/model.hpp"
#include "ui/prefs.hpp"

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
};

// Creates, through the engine API, a session that stops mid-exercise with an
// open decision, a status, a rating and a note. Returns its id.
std::string make_mid_session(const std::string& db_path) {
    sim::LoadResult r = sim::load_and_validate(kScenario, sim::attack::builtin_catalog());
    REQUIRE(r.scenario);
    auto scenario = std::make_shared<const sim::Scenario>(std::move(*r.scenario));
    sim::Store store = sim::Store::open(db_path);
    sim::cmd::Start start;
    start.seed = 4471;
    for (const auto& t : scenario->teams)
        if (t.kind == sim::TeamKind::blue && !t.roles.empty())
            start.participants.push_back({"Participant of " + t.id, t.id, t.roles.front()});
    auto created = sim::Session::create(store, "s-00000000c0de", scenario, start, 1'700'000'000'000);
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
        MESSAGE("skipped: " << kScenario << " is missing");
        return;
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
        MESSAGE("skipped: " << kScenario << " is missing");
        return;
    }
    LiveModel lm;
    ui::Model& m = lm.model;
    m.push(sim::cmd::BeginRunning{});
    lm.run_commands();
    for (int i = 0; i < 10 && m.state()->pending_decisions.empty() && m.state()->next; ++i) {
        ui::actions::deliver_next(m);
        lm.run_commands();
    }
    REQUIRE_FALSE(m.state()->pending_decisions.empty());
    ui::actions::next_open_decision(m);
    const std::string inject = m.selected_inject_id();
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
        found = found || (e.kind == "decision.recorded" && e.data.value("inject", "") == inject);
    CHECK(found);
}

TEST_CASE("console replay: a session opened for review accepts no command") {
    if (!have_scenario()) {
        MESSAGE("skipped: " << kScenario << " is missing");
        return;
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

// ---- rendering: needs a display -------------------------------------------------------------

TEST_CASE("console renders every view of a replayed session without errors") {
    if (!have_display()) {
        MESSAGE("skipped: no DISPLAY (run the suite under xvfb-run, as .ci/test does)");
        return;
    }
    if (!have_scenario()) {
        MESSAGE("skipped: " << kScenario << " is missing");
        return;
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
            CHECK(rc == 0);
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

TEST_CASE("console without a usable database still renders, with the reason on screen") {
    if (!have_display()) {
        MESSAGE("skipped: no DISPLAY");
        return;
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
    if (!have_display()) {
        MESSAGE("skipped: no DISPLAY (run the suite under xvfb-run, as .ci/test does)");
        return;
    }
    if (run("command -v xdotool >/dev/null 2>&1") != 0) {
        MESSAGE("skipped: xdotool is not installed");
        return;
    }
    if (!have_scenario()) {
        MESSAGE("skipped: " << kScenario << " is missing");
        return;
    }
    TempDir dir;
    const std::string db = dir.file("e2e.db"), trace = dir.file("trace.txt"), rcfile = dir.file("rc");
    // The console runs in the background; its exit status lands in rcfile.
    const std::string launch = "(XDG_DATA_HOME='" + dir.file("data") + "' XDG_CONFIG_HOME='" + dir.file("config") +
                               "' TTX_UI_TRACE='" + trace + "' '" + std::string(TTX_BINARY) + "' console '" +
                               kScenario + "' --db '" + db + "' --size 1600x900 >'" + dir.file("out") + "' 2>&1; echo $? >'" +
                               rcfile + "') &";
    REQUIRE(run(launch) == 0);
    REQUIRE_MESSAGE(wait_for(trace, "screen", [](const std::string& v) { return v == "setup"; }),
                    "the console did not reach its setup screen: " << slurp(dir.file("out")));

    auto xdo = [&](const std::string& args) {
        return run("xdotool search --sync --onlyvisible --name '^ttx console' windowfocus --sync " + args +
                   " >/dev/null 2>&1");
    };
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
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
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
        ++kinds[e.kind];
        if (e.kind == "decision.recorded") decided = e.data.value("inject", "");
    }
    CHECK(kinds["briefing.started"] == 1);
    CHECK(kinds["exercise.running"] == 1);
    CHECK(kinds["inject.delivered"] >= 1);
    CHECK(kinds["decision.recorded"] == 1);
    CHECK(decided == chosen_inject);
}

#endif // TTX_HAVE_UI
