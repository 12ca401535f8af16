// tests/console_red_test.cpp — the console's red cell screen (F7): red moves,
// overrides and hunts go through the model's command queue into the journal,
// the projector never shows the red cell's material, and the screen renders
// for invoice-ransomware in red and purple modes at 1366x768.
#ifdef TTX_HAVE_UI

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <thread>
#include <vector>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <stb/stb_image.h>

#include "sim/attack/catalog.hpp"
#include "sim/engine/session.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scoring/scorecard.hpp"
#include "sim/store/store.hpp"
#include "tests/console_trace.hpp"
#include "tests/console_window.hpp"
#include "tests/support.hpp"
#include "ui/actions.hpp"
#include "ui/model.hpp"
#include "ui/red_actions.hpp"
#include "ui/views/red_view.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kDir = std::string(TTX_SOURCE_DIR) + "/scenarios/";
const std::string kInvoice = kDir + "invoice-ransomware.yaml";
const std::string kPurple = kDir + "purple-credential-theft.yaml";
constexpr std::int64_t kWall = 1'700'000'000'000;

using ttx_test::slurp;
using ttx_test::TempDir;

// A live console model on a fresh database: the scenario's session in `mode`, briefing started.
struct RedModel {
    TempDir dir;
    ui::Model model{sim::attack::builtin_catalog()};
    RedModel(const std::string& scenario, sim::Mode mode) {
        REQUIRE(model.open_store(dir.file("journal.db")));
        const ui::LibraryEntry& e = model.load_scenario(scenario);
        REQUIRE_MESSAGE(e.runnable, scenario << " must load without errors");
        ui::SetupDraft draft;
        draft.scenario_path = e.path;
        draft.seed = "4471";
        draft.mode = mode;
        REQUIRE(model.start_session(draft, kWall));
        REQUIRE(model.state()->phase == sim::Phase::briefing);
        model.set_pacing(false);
    }
    void run() { model.execute_pending(kWall); }
    void advance_to(sim::ExTime t) {
        model.push(sim::cmd::Advance{t});
        run();
    }
    // The events of `kind` in the journal on disk, read through a second connection.
    template <class Ev>
    std::vector<Ev> on_disk() {
        std::vector<Ev> out;
        sim::Store other = sim::Store::open(model.store_path());
        for (const auto& e : other.events(model.session()->id()))
            if (const auto* p = e.template get<Ev>()) out.push_back(*p);
        return out;
    }
};

// The red cell's first three moves in invoice-ransomware, with `s3` for stage 3.
std::vector<std::pair<std::string, std::string>> first_moves(const std::string& s3) {
    return {{"s1", "attachment"}, {"s2", "T1204.002"}, {"s3", s3}};
}

using ttx_test::missing;

} // namespace

TEST_CASE("console red: a chosen move is shown as recorded only once the journal has it") {
    if (missing(kInvoice)) return;
    RedModel rm(kInvoice, sim::Mode::red);
    ui::Model& m = rm.model;
    std::string why;
    REQUIRE(ui::actions::can_choose_red_move(m, "s1", "link", &why));
    ui::actions::choose_red_move(m, "s1", "link");
    CHECK(m.state()->red_move("s1") == nullptr);   // queued, not committed
    rm.run();
    const sim::RedMoveRecord* r = m.state()->red_move("s1");
    REQUIRE(r != nullptr);
    CHECK(r->move == "link");
    CHECK(r->technique == "T1566.002");
    CHECK_FALSE(r->drawn);
    const auto moves = rm.on_disk<sim::ev::RedMove>();
    REQUIRE(moves.size() == 1);
    CHECK(moves.front().move == "link");
    // The stage has its move: the engine refuses a second one and the button says why.
    CHECK_FALSE(ui::actions::can_choose_red_move(m, "s1", "attachment", &why));
    CHECK_FALSE(why.empty());
}

TEST_CASE("console red: blue mode refuses red moves, with the reason for the button") {
    if (missing(kInvoice)) return;
    RedModel rm(kInvoice, sim::Mode::blue);
    std::string why;
    CHECK_FALSE(ui::actions::can_choose_red_move(rm.model, "s1", "link", &why));
    CHECK(why.find("mode") != std::string::npos);
}

TEST_CASE("console red: an override is journaled with its reason, and needs one") {
    if (missing(kInvoice)) return;
    RedModel rm(kInvoice, sim::Mode::purple);
    ui::Model& m = rm.model;
    ui::actions::choose_red_move(m, "s1", "attachment");
    rm.run();
    m.push(sim::cmd::BeginRunning{});
    rm.run();
    rm.advance_to(6 * 60);
    const sim::RedMoveRecord* r = m.state()->red_move("s1");
    REQUIRE(r != nullptr);
    REQUIRE(r->executed_at != sim::kNoTime);
    REQUIRE_FALSE(r->outcome.empty());   // adjudicated against Harbourline Freight's posture

    sim::cmd::OverrideOutcome c{"s1", "attachment", "none", "", "White cell"};
    std::string why;
    CHECK_FALSE(ui::actions::can_override_outcome(m, c, &why));
    CHECK(why.find("reason") != std::string::npos);
    c.reason = "The mail sandbox was in maintenance";
    REQUIRE(ui::actions::can_override_outcome(m, c, &why));
    bool cleared = false;
    ui::actions::override_outcome(m, c, [&](ui::Model&) { cleared = true; });
    CHECK_FALSE(cleared);   // the form keeps the reason until the journal has it
    CHECK(m.state()->red_move("s1")->override_outcome.empty());
    rm.run();
    CHECK(cleared);
    r = m.state()->red_move("s1");
    CHECK(r->override_outcome == "none");
    CHECK(r->effective_outcome() == "none");
    CHECK(r->override_reason == "The mail sandbox was in maintenance");
    const auto overrides = rm.on_disk<sim::ev::OutcomeOverridden>();
    REQUIRE(overrides.size() == 1);
    CHECK(overrides.front().reason == "The mail sandbox was in maintenance");
    CHECK(overrides.front().by == "White cell");
}

TEST_CASE("console red: a hunt through the collected telemetry reveals a logged move, and only then does blue get it") {
    if (missing(kInvoice)) return;
    RedModel rm(kInvoice, sim::Mode::purple);
    ui::Model& m = rm.model;
    for (const auto& [stage, move] : first_moves("T1555.003"))
        ui::actions::choose_red_move(m, stage, move);
    rm.run();
    REQUIRE(m.state()->red_moves.size() == 3);
    m.push(sim::cmd::BeginRunning{});
    rm.run();
    rm.advance_to(36 * 60);
    const sim::RedMoveRecord* r = m.state()->red_move("s3");
    REQUIRE(r != nullptr);
    REQUIRE(r->effective_outcome() == "logged");
    // Logged, not alerted: nothing about it in the SOC's queue yet.
    auto in_soc_queue = [&](const std::string& inject) {
        for (const auto& e : m.state()->queue("soc"))
            if (e.inject == inject) return true;
        return false;
    };
    CHECK_FALSE(in_soc_queue("browser-store-read"));

    // The hunt view offers the posture's telemetry; the Sysmon process-access source is among it.
    const auto options = ui::actions::hunt_telemetry(m);
    bool offered = false;
    for (const auto& [value, label] : options) offered = offered || value == "WinEventLog:Sysmon:EventCode=10";
    CHECK(offered);
    ui::actions::hunt(m, {"soc", "WinEventLog:Sysmon:EventCode=10", "Process access on FIN-WS-112"});
    CHECK(m.state()->hunts.empty());
    rm.run();
    REQUIRE(m.state()->hunts.size() == 1);
    CHECK(m.state()->hunts.front().revealed == std::vector<std::string>{"s3/T1555.003"});
    CHECK(m.state()->red_move("s3")->revealed_at != sim::kNoTime);
    CHECK(in_soc_queue("browser-store-read"));
    CHECK(rm.on_disk<sim::ev::HuntRun>().size() == 1);
}

TEST_CASE("console red: the projector never shows the red cell's injects, even pinned") {
    if (missing(kPurple)) return;
    RedModel rm(kPurple, sim::Mode::purple);
    ui::Model& m = rm.model;
    m.push(sim::cmd::BeginRunning{});
    rm.run();
    // cred-start goes to the red operator and the purple cell only ("technique withheld from the SOC").
    for (int i = 0; i < 40 && !m.state()->is_delivered("cred-start") && m.state()->next; ++i) {
        ui::actions::deliver_next(m);
        rm.run();
    }
    REQUIRE(m.state()->is_delivered("cred-start"));
    REQUIRE(m.state()->current_inject == "cred-start");
    const std::string shown = m.projector_inject_id();
    CHECK(shown != "cred-start");
    REQUIRE_FALSE(shown.empty());
    const sim::DeliveredInject* d = m.state()->delivered_inject(shown);
    REQUIRE(d != nullptr);
    CHECK(ui::actions::for_defenders(*m.scenario(), *d));
    // P on the red inject pins nothing the room may not see.
    ui::actions::select_inject(m, "cred-start");
    ui::actions::show_on_projector(m);
    CHECK(m.projector_inject_id() == shown);
    // Nor is it in the SOC's queue.
    for (const auto& e : m.state()->queue("blue-soc")) CHECK(e.inject != "cred-start");
}

TEST_CASE("console red: the scoreboard sentence puts red and blue side by side") {
    if (missing(kInvoice)) return;
    RedModel rm(kInvoice, sim::Mode::red);
    ui::Model& m = rm.model;
    for (const auto& [stage, move] : first_moves("T1003.001"))
        ui::actions::choose_red_move(m, stage, move);
    rm.run();
    m.push(sim::cmd::BeginRunning{});
    rm.run();
    rm.advance_to(31 * 60);
    const sim::scoring::Scorecard* card = m.scorecard();
    REQUIRE(card != nullptr);
    REQUIRE(card->red.furthest >= 0);
    const std::string s = ui::red_blue_sentence(*card, *m.scenario(), m.catalog(), false);
    CAPTURE(s);
    CHECK(s.rfind("Red reached ", 0) == 0);
    CHECK(s.find("Credential Access") != std::string::npos);   // the LSASS dump at s3
    CHECK(s.find("blue") != std::string::npos);
}

// ---- rendering: needs an X display ---------------------------------------------------------------

namespace {

using ttx_test::no_display;

// A live session on `db` in `mode`, paused at +00:40 with moves chosen, one
// overridden (purple) and one hunt. Returns its id.
std::string make_red_session(const std::string& db, sim::Mode mode, const std::string& id) {
    sim::LoadResult r = sim::load_and_validate(kInvoice, sim::attack::builtin_catalog());
    REQUIRE(r.scenario);
    auto scenario = std::make_shared<const sim::Scenario>(std::move(*r.scenario));
    sim::Store store = sim::Store::open(db);
    sim::cmd::Start start;
    start.seed = 4471;
    start.mode = mode;
    start.participants = {{"Viktor Hale", "adversary", ""}, {"Dana Ortiz", "soc", "tier1"}};
    auto created = sim::Session::create(store, id, scenario, start, kWall);
    REQUIRE(std::holds_alternative<sim::Session>(created));
    sim::Session s = std::move(std::get<sim::Session>(created));
    std::int64_t wall = kWall;
    REQUIRE(s.execute(sim::cmd::BeginBriefing{}, wall));
    const bool purple = mode == sim::Mode::purple;
    REQUIRE(s.execute(sim::cmd::ChooseRedMove{"s1", "attachment"}, wall += 1000));
    REQUIRE(s.execute(sim::cmd::ChooseRedMove{"s2", "T1204.002"}, wall += 1000));
    REQUIRE(s.execute(sim::cmd::ChooseRedMove{"s3", purple ? "T1555.003" : "T1003.001"}, wall += 1000));
    REQUIRE(s.execute(sim::cmd::BeginRunning{}, wall += 1000));
    REQUIRE(s.execute(sim::cmd::Advance{6 * 60}, wall += 1000));
    if (purple)
        REQUIRE(s.execute(sim::cmd::OverrideOutcome{"s1", "attachment", "none", "Sandbox in maintenance", "White cell"},
                          wall += 1000));
    REQUIRE(s.execute(sim::cmd::Advance{26 * 60}, wall += 1000));   // T+32: stage 4 (T+33) not yet begun
    if (purple)
        REQUIRE(s.execute(sim::cmd::Hunt{"soc", "WinEventLog:Sysmon:EventCode=10", "FIN-WS-112"}, wall += 1000));
    REQUIRE(s.execute(sim::cmd::Pause{}, wall += 1000));
    return s.id();
}

} // namespace

TEST_CASE("console red: the red cell screen renders for invoice-ransomware in red and purple mode at 1366x768") {
    if (no_display()) return;
    if (missing(kInvoice)) return;
    TempDir dir;
    const std::string db = dir.file("j.db");
    const char* keep = std::getenv("TTX_SCREENSHOT_DIR");
    const std::string out = keep && *keep ? std::string(keep) : dir.path.string();
    const std::string env = "XDG_DATA_HOME=" + dir.file("data") + " XDG_CONFIG_HOME=" + dir.file("config") + " ";
    const std::vector<std::pair<sim::Mode, std::string>> sessions = {{sim::Mode::red, "s-00000000bed1"},
                                                                      {sim::Mode::purple, "s-00000000bed2"}};
    for (const auto& [mode, id] : sessions) {
        CAPTURE(sim::to_string(mode));
        make_red_session(db, mode, id);
        for (const std::string view : {"red", "hunt", "projector-scores"}) {
            CAPTURE(view);
            const std::string base = out + "/red-" + sim::to_string(mode) + "-" + view;
            const int rc = std::system((env + "TTX_UI_TRACE='" + base + ".trace' timeout 60 '" +
                                        std::string(TTX_BINARY) + "' console --frames 4 --screenshot '" + base +
                                        ".png' --db '" + db + "' --resume " + id + " --view " + view +
                                        " --size 1366x768 >/dev/null 2>'" + base + ".err'")
                                           .c_str());
            REQUIRE(WIFEXITED(rc));
            REQUIRE(WEXITSTATUS(rc) == 0);
            CHECK(slurp(base + ".err").empty());
            int w = 0, h = 0, n = 0;
            unsigned char* px = stbi_load((base + ".png").c_str(), &w, &h, &n, 4);
            REQUIRE(px != nullptr);
            stbi_image_free(px);
            CHECK(w == 1366);
            CHECK(h == 768);
            const auto widgets = ttx_test::placed_widgets(base + ".trace");
            for (const auto& [name, p] : widgets) {
                CAPTURE(name);
                if (!p.whole) continue;
                CHECK(p.x >= 0);
                CHECK(p.y >= 0);
                CHECK(p.x + p.w <= 1366);
                CHECK(p.y + p.h <= 768);
            }
            if (view == "red") {
                // Stages 1-3 have their moves; stage 4's alternatives can be chosen, the first in view.
                auto choose = widgets.find("Choose s4/T1021.001");
                REQUIRE(choose != widgets.end());
                CHECK(choose->second.whole);
                CHECK(widgets.count("Choose s1/link") == 0);   // s1 is chosen: no alternatives offered
                auto reason = widgets.find("Override reason");
                REQUIRE(reason != widgets.end());
                CHECK(reason->second.whole);
            }
            if (view == "hunt") {
                auto scope = widgets.find("Hunt scope");
                REQUIRE(scope != widgets.end());
                CHECK(scope->second.whole);
            }
        }
    }
}

// ---- the keyboard: a real window driven with xdotool -----------------------------------------------

namespace {

using ttx_test::sh;

// The console on the red cell screen of a resumed purple session, in the background.
struct RedWindow : ttx_test::ConsoleWindow {
    bool ok = false;

    RedWindow() {
        const std::string id = make_red_session(db, sim::Mode::purple, "s-00000000bed3");
        ok = launch("--resume " + id + " --view red", "red");
    }
    [[nodiscard]] sim::Journal events() const {
        sim::Store store = sim::Store::open(db);
        return store.events("s-00000000bed3");
    }
    [[nodiscard]] int count(const std::string& kind) const {
        int n = 0;
        for (const auto& e : events()) n += std::string(e.kind()) == kind ? 1 : 0;
        return n;
    }
};

} // namespace

TEST_CASE("console red keys: shortcut letters typed into the override reason are text, then one override") {
    if (no_display()) return;
    if (missing(kInvoice)) return;
    if (sh("command -v xdotool >/dev/null 2>&1") != 0) {
        TTX_SKIP("xdotool is not installed");
    }
    RedWindow w;
    REQUIRE_MESSAGE(w.ok, "the console did not reach the red cell screen: " << slurp(w.dir.file("out")));
    const int overrides = w.count("red.override");
    const int delivered = w.count("inject.delivered");
    const int decided = w.count("decision.recorded");
    bool typing = false;
    for (int attempt = 0; attempt < 3 && !typing; ++attempt) {
        REQUIRE(w.click("Override reason"));
        typing = w.until("typing", [](const std::string& v) { return v == "1"; }, 5);
    }
    REQUIRE(typing);
    // Space (resume), N (deliver), A E D C (statuses), T O 1 [ ]: all of them text here.
    const std::string text = "Seen on a contained decoy at 10 [not] escalated";
    REQUIRE(w.xdo("type --delay 60 '" + text + "'") == 0);
    REQUIRE(w.click("Record override"));
    bool recorded = false;
    for (int i = 0; i < 100 && !recorded; ++i) {
        recorded = w.count("red.override") == overrides + 1;
        if (!recorded) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(recorded);
    CHECK(w.until("typing", [](const std::string& v) { return v == "0"; }, 5));   // the field lets go

    const auto events = w.events();
    CHECK(w.count("inject.status") == 0);
    CHECK(w.count("exercise.resumed") == 0);
    CHECK(w.count("inject.delivered") == delivered);
    CHECK(w.count("decision.recorded") == decided);
    std::string reason;
    for (const auto& e : events)
        if (const auto* o = e.get<sim::ev::OutcomeOverridden>()) reason = o->reason;
    CHECK(reason == text);
}

#endif // TTX_HAVE_UI
