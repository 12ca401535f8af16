// tests/console_feedback_test.cpp — the console's participant feedback screen
// (F8) and image artifacts: the form records through the model's queue into
// the journal and the report, a real window records two participants typed in
// with xdotool, and pictures decode (or say why not) and are drawn in the
// inject view and on the projector.
#ifdef TTX_HAVE_UI

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/attack/catalog.hpp"
#include "sim/engine/session.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/store/store.hpp"
#include "tests/console_trace.hpp"
#include "tests/console_window.hpp"
#include "tests/support.hpp"
#include "ui/feedback_actions.hpp"
#include "ui/images.hpp"
#include "ui/model.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kDir = std::string(TTX_SOURCE_DIR) + "/scenarios/";
const std::string kBec = kDir + "bec-oauth-consent.yaml";
const std::string kSvg = kDir + "bec-oauth-consent/consent-screen.svg";
constexpr std::int64_t kWall = 1'700'000'000'000;

using ttx_test::slurp;
using ttx_test::TempDir;

using ttx_test::missing;

using ttx_test::no_display;

using ttx_test::sh;

// A session of `scenario` on `db`: briefing, running to `until`, then either
// ended (`end`) or paused. Participants: two SOC analysts and a controller.
std::string make_session(const std::string& db, const std::string& scenario, const std::string& id, sim::ExTime until,
                         bool end) {
    sim::LoadResult r = sim::load_and_validate(scenario, sim::attack::builtin_catalog());
    REQUIRE(r.scenario);
    auto s = std::make_shared<const sim::Scenario>(std::move(*r.scenario));
    sim::Store store = sim::Store::open(db);
    sim::cmd::Start start;
    start.seed = 2024;
    start.participants = {{"Dana Ortiz", "soc", "tier1"}, {"Ravi Menon", "soc", "tier2"},
                          {"Ilse Brandt", "finance", "finance-controller"}};
    auto created = sim::Session::create(store, id, s, start, kWall);
    REQUIRE(std::holds_alternative<sim::Session>(created));
    sim::Session ses = std::move(std::get<sim::Session>(created));
    std::int64_t wall = kWall;
    REQUIRE(ses.execute(sim::cmd::BeginBriefing{}, wall += 1000));
    REQUIRE(ses.execute(sim::cmd::BeginRunning{}, wall += 1000));
    REQUIRE(ses.execute(sim::cmd::Advance{until}, wall += 1000));
    if (end)
        REQUIRE(ses.execute(sim::cmd::End{}, wall += 1000));
    else
        REQUIRE(ses.execute(sim::cmd::Pause{}, wall += 1000));
    return ses.id();
}

} // namespace

// ---- decoding ------------------------------------------------------------------------------------

TEST_CASE("console images: a bundled SVG decodes at its own size, drawn sharper for the projector") {
    if (missing(kSvg)) return;
    const ui::images::Decoded d = ui::images::decode_file(kSvg, "image/svg+xml");
    REQUIRE_MESSAGE(d.ok(), d.error);
    CHECK(d.width == 440);   // <svg width="440" height="360">
    CHECK(d.height == 360);
    CHECK(d.pixel_width >= 440);
    CHECK(d.pixel_width <= 2048);
    CHECK(d.pixel_width * 360 == doctest::Approx(d.pixel_height * 440).epsilon(0.01));
    REQUIRE(d.rgba.size() == static_cast<std::size_t>(d.pixel_width) * d.pixel_height * 4);
    // Not a blank raster: the page is opaque, and the Accept button is Microsoft blue (#0f6cbd).
    CHECK(d.rgba[3] == 255);
    const int x = d.pixel_width * 312 / 440, y = d.pixel_height * 296 / 360;   // left of its label
    const std::size_t at = (static_cast<std::size_t>(y) * d.pixel_width + x) * 4;
    CHECK(int(d.rgba[at]) == doctest::Approx(0x0f).epsilon(0.1));
    CHECK(int(d.rgba[at + 1]) == doctest::Approx(0x6c).epsilon(0.1));
    CHECK(int(d.rgba[at + 2]) == doctest::Approx(0xbd).epsilon(0.1));
    // The media type may be left out: the first bytes tell.
    CHECK(ui::images::decode_file(kSvg, "").width == 440);
}

TEST_CASE("console images: garbage, a missing file and an oversized picture give a reason, never a picture") {
    TempDir dir;
    const std::string junk = dir.file("junk.svg");
    std::ofstream(junk) << "this is not an image at all\n\x01\x02";
    ui::images::Decoded d = ui::images::decode_file(junk, "image/svg+xml");
    CHECK_FALSE(d.ok());
    CHECK(d.rgba.empty());
    CHECK(d.error.find("junk.svg") != std::string::npos);
    CHECK(d.error.find("not a readable SVG") != std::string::npos);

    d = ui::images::decode("\x89PNG\r\n\x1a\n garbage after the signature", "image/png", "shot.png");
    CHECK_FALSE(d.ok());
    CHECK(d.error.find("shot.png is not a readable PNG") == 0);

    d = ui::images::decode_file(dir.file("absent.png"), "image/png");
    CHECK_FALSE(d.ok());
    CHECK_FALSE(d.error.empty());

    // A PNG header that claims 5000 x 100 pixels: refused from the header, before anything is decoded.
    std::string png = "\x89PNG\r\n\x1a\n";
    png += std::string("\0\0\0\x0dIHDR", 8);
    png += std::string("\x00\x00\x13\x88\x00\x00\x00\x64\x08\x06\x00\x00\x00", 13);
    png += std::string("\0\0\0\0", 4);   // CRC (stb does not check it)
    d = ui::images::decode(png, "image/png", "huge.png");
    CAPTURE(d.error);
    CHECK_FALSE(d.ok());
    CHECK(d.error.find("5000×100") != std::string::npos);
    CHECK(d.error.find("4096") != std::string::npos);

    // An SVG claiming a huge canvas is refused the same way.
    d = ui::images::decode("<svg xmlns='http://www.w3.org/2000/svg' width='90000' height='10'/>", "image/svg+xml",
                           "wide.svg");
    CHECK_FALSE(d.ok());
    CHECK(d.error.find("4096") != std::string::npos);

    d = ui::images::decode("GIF89a....", "", "anim.gif");
    CHECK_FALSE(d.ok());
    CHECK(d.error.find("not a PNG, JPEG or SVG") != std::string::npos);
}

// ---- the form through the model ---------------------------------------------------------------------

TEST_CASE("console feedback: the form records through the journal, then empties for the next participant") {
    if (missing(kBec)) return;
    TempDir dir;
    const std::string db = dir.file("j.db");
    const std::string id = make_session(db, kBec, "s-0000000fee01", 20 * 60, false);
    ui::Model m(sim::attack::builtin_catalog());
    REQUIRE(m.open_store(db));
    REQUIRE(m.open_session(id, false));
    m.set_pacing(false);
    ui::actions::sync_feedback_draft(m);
    m.ui.feedback.answers["handoff-clear"] = "4";

    // Still running (paused): the form waits for the end.
    std::string why;
    CHECK_FALSE(ui::actions::can_record_feedback(m, &why));
    CHECK(why.find("ended") != std::string::npos);
    ui::actions::record_feedback(m);
    CHECK_FALSE(m.has_pending());
    CHECK(m.ui.feedback.error == why);

    m.push(sim::cmd::End{});
    m.execute_pending(kWall);
    REQUIRE(m.state()->ended);
    ui::FeedbackDraft& d = m.ui.feedback;
    d.answers.clear();
    d.answers["change-monday"] = "  \n";
    CHECK_FALSE(ui::actions::can_record_feedback(m, &why));
    CHECK(why == "Answer at least one question.");

    d.respondent = "Dana Ortiz";
    d.team = "soc";
    d.role = "tier1";
    d.answers["handoff-clear"] = "4";
    d.answers["change-monday"] = "Triage of the report was quick\n";   // the Enter of a Ctrl+Enter the field kept
    REQUIRE(ui::actions::can_record_feedback(m, &why));
    ui::actions::record_feedback(m);
    CHECK(m.state()->feedback.empty());       // queued, not yet in the journal
    CHECK(m.ui.feedback.respondent == "Dana Ortiz");   // the form keeps it until then
    CHECK(m.execute_pending(kWall) == 1);
    REQUIRE(m.state()->feedback.size() == 1);
    const sim::FeedbackRecord& f = m.state()->feedback.front();
    CHECK(f.respondent == "Dana Ortiz");
    CHECK(f.team == "soc");
    CHECK(f.role == "tier1");
    const std::vector<std::pair<std::string, std::string>> answers = {{"handoff-clear", "4"},
                                                                      {"change-monday", "Triage of the report was quick"}};
    CHECK(f.answers == answers);
    CHECK(m.ui.feedback.respondent.empty());
    CHECK(m.ui.feedback.answers.empty());
    CHECK(m.ui.feedback.session == id);
    // On disk, through another connection.
    sim::Store other = sim::Store::open(db);
    int on_disk = 0;
    for (const auto& e : other.events(id)) on_disk += e.is<sim::ev::FeedbackRecorded>() ? 1 : 0;
    CHECK(on_disk == 1);

    // A role the engine does not know: refused in the form, with the engine's words, and nothing journaled.
    m.ui.feedback.role = "no-such-role";
    m.ui.feedback.answers["handoff-clear"] = "2";
    CHECK_FALSE(ui::actions::can_record_feedback(m, &why));
    CHECK(why.find("no-such-role") != std::string::npos);
    ui::actions::record_feedback(m);
    CHECK(m.ui.feedback.error.find("no-such-role") != std::string::npos);
    CHECK(m.execute_pending(kWall) == 0);
    CHECK(m.state()->feedback.size() == 1);

    // Review only: nothing can be recorded.
    REQUIRE(m.open_session(id, true));
    ui::actions::sync_feedback_draft(m);
    m.ui.feedback.answers["handoff-clear"] = "5";
    CHECK_FALSE(ui::actions::can_record_feedback(m, &why));
    CHECK(why.find("review only") != std::string::npos);
}

// ---- rendering: needs an X display -----------------------------------------------------------------

namespace {

// Renders `view` of session `id` on `db` offscreen at 1366x768; returns its trace.
std::multimap<std::string, ttx_test::Placed> render(const TempDir& dir, const std::string& db, const std::string& id,
                                                    const std::string& flag, const std::string& view,
                                                    const std::string& tag) {
    const char* keep = std::getenv("TTX_SCREENSHOT_DIR");
    const std::string base = (keep && *keep ? std::string(keep) : dir.path.string()) + "/feedback-" + tag;
    const std::string env = "XDG_DATA_HOME=" + dir.file("data") + " XDG_CONFIG_HOME=" + dir.file("config") + " ";
    const int rc = sh(env + "TTX_UI_TRACE='" + base + ".trace' timeout 60 '" + std::string(TTX_BINARY) +
                      "' console --frames 4 --screenshot '" + base + ".png' --db '" + db + "' " + flag + " " + id +
                      " --view " + view + " --size 1366x768 >/dev/null 2>'" + base + ".err'");
    CHECK_MESSAGE(rc == 0, slurp(base + ".err"));
    CHECK(slurp(base + ".err").empty());
    return ttx_test::placed_widgets(base + ".trace");
}

} // namespace

TEST_CASE("console images: the consent screen is drawn in the inject view and on the projector, or its reason") {
    if (no_display()) return;
    if (missing(kBec)) return;
    TempDir dir;
    const std::string db = dir.file("j.db");
    // At +00:10 the phishing report with the consent screen arrives.
    const std::string id = make_session(db, kBec, "s-0000000fee02", 10 * 60, false);
    {
        sim::Store store = sim::Store::open(db);
        sim::Session s = sim::Session::resume(store, id);
        REQUIRE(s.state().current_inject == "consent-phish-report");
    }
    const std::string pic = "Picture bec-oauth-consent/consent-screen.svg";
    // The stored session has no folder: the picture is found through the library's identical scenario.
    for (const std::string view : {"inject", "projector"}) {
        CAPTURE(view);
        const auto w = render(dir, db, id, "--replay", view, "bec-" + view);
        auto it = w.find(pic);
        REQUIRE(it != w.end());
        CHECK(it->second.w > 300);
        CHECK(it->second.h * 440 == doctest::Approx(it->second.w * 360).epsilon(0.02));
        CHECK(it->second.y + it->second.h <= 768);
    }

    // A scenario the library does not hold (its text changed): the label and why, no picture.
    TempDir other;
    fs::create_directories(other.path / "bec-oauth-consent");
    const std::string text = slurp(kBec) + "\n# an edited copy\n";
    std::ofstream(other.file("bec-copy.yaml")) << text;
    fs::copy_file(kSvg, other.path / "bec-oauth-consent" / "consent-screen.svg");
    const std::string db2 = dir.file("j2.db");
    const std::string id2 = make_session(db2, other.file("bec-copy.yaml"), "s-0000000fee03", 10 * 60, false);
    const auto w = render(dir, db2, id2, "--replay", "inject", "bec-unknown-folder");
    CHECK(w.count(pic) == 0);
    CHECK(w.count("Picture missing bec-oauth-consent/consent-screen.svg") == 1);
}

TEST_CASE("console feedback: the form renders at 1366x768 with Record and the questions' buttons in view") {
    if (no_display()) return;
    if (missing(kBec)) return;
    TempDir dir;
    const std::string db = dir.file("j.db");
    const std::string id = make_session(db, kBec, "s-0000000fee04", 20 * 60, true);
    const auto w = render(dir, db, id, "--resume", "feedback", "form");
    for (const std::string name : {"Record feedback", "Respondent", "Participant Dana Ortiz", "q handoff-clear 1",
                                   "q handoff-clear 5"}) {
        CAPTURE(name);
        auto it = w.find(name);
        REQUIRE(it != w.end());
        CHECK(it->second.whole);
    }
}

// ---- a real window: two participants' feedback through the keyboard and the mouse -----------------------

namespace {

// The console on the feedback screen of an ended session, in the background.
struct FeedbackWindow : ttx_test::ConsoleWindow {
    std::string id;
    bool ok = false;

    FeedbackWindow() {
        id = make_session(db, kBec, "s-0000000fee05", 25 * 60, true);
        ok = launch("--resume " + id + " --view feedback", "feedback");
    }
    [[nodiscard]] int feedback_count() const {
        sim::Store store = sim::Store::open(db);
        int n = 0;
        for (const auto& e : store.events(id)) n += e.is<sim::ev::FeedbackRecorded>() ? 1 : 0;
        return n;
    }
    // Clicks a scale button until the form has `answers` answers (a click can be lost on a busy machine).
    bool answer(const std::string& button, int answers) const {
        for (int attempt = 0; attempt < 3; ++attempt)
            if (click(button) &&
                until("feedback", [&](const std::string& v) { return v == std::to_string(answers); }, 5))
                return true;
        return false;
    }
    bool wait_feedback(int n) const {
        for (int i = 0; i < 100; ++i) {
            if (feedback_count() == n) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }
};

} // namespace

TEST_CASE("console feedback keys: two participants recorded through the form are both in the report") {
    if (no_display()) return;
    if (missing(kBec)) return;
    if (sh("command -v xdotool >/dev/null 2>&1") != 0) {
        TTX_SKIP("xdotool is not installed");
    }
    FeedbackWindow w;
    REQUIRE_MESSAGE(w.ok, "the console did not reach the feedback screen: " << slurp(w.dir.file("out")));
    REQUIRE(w.feedback_count() == 0);

    // Ctrl+Enter on an empty form records nothing.
    REQUIRE(w.key("ctrl+Return") == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    CHECK(w.feedback_count() == 0);

    // The first participant: picked from the registered ones, a rating, a sentence, the Record button.
    REQUIRE(w.click("Participant Dana Ortiz"));
    REQUIRE(w.answer("q handoff-clear 4", 1));
    REQUIRE(w.answer("q pace 5", 2));
    REQUIRE(w.focus("q change-monday"));
    // Letters that are shortcuts elsewhere (N, A, E, D, C, space) are text here.
    const std::string first = "Quick triage and a clean escalation";
    REQUIRE(w.xdo("type --delay 40 '" + first + "'") == 0);
    REQUIRE(w.click("Record feedback"));
    REQUIRE(w.wait_feedback(1));

    // The second: anonymous, typed, recorded with Ctrl+Enter right after the last letter.
    REQUIRE(w.until("typing", [](const std::string& v) { return v == "0"; }, 5));   // the form let go
    REQUIRE(w.until("feedback", [](const std::string& v) { return v == "0"; }, 5));   // emptied
    REQUIRE(w.answer("q handoff-clear 2", 1));
    REQUIRE(w.focus("q other"));
    const std::string second = "Payment call-back rules, owned by finance";
    REQUIRE(w.xdo("type --delay 40 '" + second + "'") == 0);
    REQUIRE(w.key("ctrl+Return") == 0);
    REQUIRE(w.wait_feedback(2));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(w.feedback_count() == 2);   // one Ctrl+Enter, one entry

    // The report's feedback summary has both.
    const ttx_test::RunResult r =
        ttx_test::run_ttx("report " + w.id + " --format json --db " + ttx_test::quote(w.db), w.dir.file("data"));
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    const nlohmann::json& fb = j.at("feedback");
    CAPTURE(fb.dump());
    CHECK(fb.at("responses") == 2);
    std::map<std::string, nlohmann::json> by_id;
    for (const auto& q : fb.at("questions")) by_id[q.at("id").get<std::string>()] = q;
    CHECK(by_id["handoff-clear"].at("answered") == 2);
    CHECK(by_id["handoff-clear"].at("counts").at("4") == 1);
    CHECK(by_id["handoff-clear"].at("counts").at("2") == 1);
    CHECK(by_id["pace"].at("counts").at("5") == 1);
    CHECK(by_id["change-monday"].at("answers") == nlohmann::json::array({first}));
    CHECK(by_id["other"].at("answers") == nlohmann::json::array({second}));

    // Who answered, as the journal has it.
    sim::Store store = sim::Store::open(w.db);
    std::vector<std::string> who;
    for (const auto& e : store.events(w.id))
        if (const auto* f = e.get<sim::ev::FeedbackRecorded>()) who.push_back(f->respondent + "/" + f->team + "/" + f->role);
    CHECK(who == std::vector<std::string>{"Dana Ortiz/soc/tier1", "//"});
}

#endif // TTX_HAVE_UI
