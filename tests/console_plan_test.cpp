// tests/console_plan_test.cpp — the console's improvement-plan screen and the
// review's exports: an edit saved in the console is what `ttx report` and
// `ttx actions` show, a refused edit keeps what was typed and writes nothing,
// every export button writes a valid file (or says why not), and both screens
// fit 1366x768 and 1280x720.
#ifdef TTX_HAVE_UI

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/attack/catalog.hpp"
#include "sim/report/actions_store.hpp"
#include "tests/console_trace.hpp"
#include "tests/support.hpp"
#include "ui/model.hpp"
#include "ui/views/plan_view.hpp"
#include "ui/views/review_view.hpp"

namespace fs = std::filesystem;

namespace {

using ttx_test::quote;
using ttx_test::run_ttx;
using ttx_test::slurp;
using ttx_test::TempDir;

const std::string kScenario = std::string(TTX_SOURCE_DIR) + "/scenarios/invoice-ransomware.yaml";
const std::string kScript = std::string(TTX_SOURCE_DIR) + "/scenarios/invoice-ransomware.decisions.yaml";

// A closed session of invoice-ransomware run from its bundled decision script
// into `db`; its improvement plan has ATT&CK-grounded actions. Returns its id.
std::string run_script(const std::string& db) {
    const auto r = run_ttx("run " + quote(kScenario) + " --decisions " + quote(kScript) + " --db " + quote(db));
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    const std::string first = r.lines().front();
    REQUIRE(first.rfind("session: ", 0) == 0);
    return first.substr(9);
}

// Action `number` of `session` as `ttx actions list --format json` shows it.
nlohmann::json cli_action(const std::string& db, const std::string& session, std::int64_t number) {
    const auto r = run_ttx("actions list " + session + " --format json --db " + quote(db));
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    const auto list = nlohmann::json::parse(r.out);   // kept: a range-for over a temporary's member dangles
    for (const auto& a : list.at("actions"))
        if (a.at("number") == number) return a;
    FAIL("no action " << number);
    return {};
}

bool scenario_missing() {
    if (fs::exists(kScript)) return false;
    MESSAGE("skipped: " << kScript << " is missing");
    ++ttx_test::skipped_count();
    return true;
}

// A console model on the database (its reports go to <db folder>/reports).
struct Console {
    ui::Model model{sim::attack::builtin_catalog()};
    explicit Console(const std::string& db) { REQUIRE(model.open_store(db)); }
};

// A session played from the script into a fresh database, a console on it and its plan loaded.
struct Played {
    TempDir dir;
    std::string db = dir.file("j.db");
    std::string id = run_script(db);
    Console c{db};
    ui::PlanEditor plan;
    Played() {
        plan.load(c.model, id);
        REQUIRE(plan.load_error().empty());
        REQUIRE(plan.actions().size() >= 2);
    }
};

} // namespace

TEST_CASE("console plan: an edit saved on the plan screen is what ttx report and ttx actions show") {
    if (scenario_missing()) return;
    Played p;
    [[maybe_unused]] auto& [dir, db, id, c, plan] = p;
    CHECK(plan.selected() == 1);

    ui::PlanDraft& d = plan.draft(2);
    CHECK_FALSE(plan.dirty(2));
    d.organisation = "IT Operations";
    d.contact = "Dana Okafor";
    d.start = "2026-12-01";
    d.completion = "2027-01-15";
    d.status = sim::report::ActionStatus::in_progress;
    CHECK(plan.dirty(2));
    REQUIRE_MESSAGE(plan.save(c.model, 2), plan.message());
    CHECK_FALSE(plan.dirty(2));
    CHECK_FALSE(plan.message_is_error());

    // The CLI's report (re-scored, re-synced) carries the edit, and the sync did not undo it.
    const auto r = run_ttx("report " + id + " --format json --db " + quote(db));
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    bool found = false;
    const auto report = nlohmann::json::parse(r.out);
    for (const auto& a : report.at("actions"))
        if (a.at("number") == 2) {
            found = true;
            CHECK(a.at("owner") == "Dana Okafor");
            CHECK(a.at("organisation") == "IT Operations");
            CHECK(a.at("start") == "2026-12-01");
            CHECK(a.at("due") == "2027-01-15");
            CHECK(a.at("status") == "in-progress");
        } else {
            CHECK(a.at("owner") == "");   // no other action was touched
        }
    CHECK(found);
    // The console's own export says the same.
    const std::string path = c.model.export_report(id, "json");
    REQUIRE_FALSE(path.empty());
    CHECK(slurp(path).find("\"Dana Okafor\"") != std::string::npos);
    CHECK(cli_action(db, id, 2).at("status") == "in-progress");
}

TEST_CASE("console plan: a refused save keeps every typed field and writes nothing") {
    if (scenario_missing()) return;
    Played p;
    [[maybe_unused]] auto& [dir, db, id, c, plan] = p;
    const sim::report::ImprovementAction stored = *plan.action(1);

    ui::PlanDraft& d = plan.draft(1);
    d.contact = "Kim";
    d.completion = "2027-02-30";   // no such day
    const ui::PlanDraft typed = d;
    CHECK_FALSE(plan.save(c.model, 1));
    CHECK(plan.message_is_error());
    const std::string why = sim::report::check_edit(ui::plan_edit(typed, stored), stored);
    REQUIRE_FALSE(why.empty());
    CHECK(plan.message().find(why) != std::string::npos);
    CHECK(plan.draft(1) == typed);
    CHECK(cli_action(db, id, 1).at("owner") == "");

    // A start after the completion date is refused as `ttx actions set` refuses it.
    plan.draft(1).completion = "2027-02-01";
    plan.draft(1).start = "2027-03-01";
    CHECK_FALSE(plan.save(c.model, 1));
    CHECK(plan.draft(1).start == "2027-03-01");
    const auto cli = run_ttx("actions set " + id + " 1 --owner Kim --start 2027-03-01 --due 2027-02-01 --db " + quote(db));
    CHECK(cli.rc == 1);
    CHECK(cli.err.find(plan.message()) != std::string::npos);
    CHECK(cli_action(db, id, 1).at("owner") == "");

    // Another action's draft survives choosing it and coming back; a reload keeps drafts.
    plan.select(2);
    plan.draft(2).area = "Hand-over between shifts";
    plan.select(1);
    plan.load(c.model, id, true);
    CHECK(plan.dirty(2));
    CHECK(plan.draft(1).contact == "Kim");
    plan.revert(2);
    CHECK_FALSE(plan.dirty(2));

    // Fixed, it saves, and the draft is the stored action again.
    plan.draft(1).start = "2027-01-10";
    REQUIRE_MESSAGE(plan.save(c.model, 1), plan.message());
    CHECK_FALSE(plan.dirty(1));
    const auto a = cli_action(db, id, 1);
    CHECK(a.at("owner") == "Kim");
    CHECK(a.at("start") == "2027-01-10");
    CHECK(a.at("due") == "2027-02-01");
}

TEST_CASE("console export: every review export button writes a valid file through the workspace") {
    if (scenario_missing()) return;
    TempDir dir;
    const std::string db = dir.file("j.db");
    const std::string id = run_script(db);
    Console c(db);
    std::set<std::string> formats;
    for (const auto& [label, format] : ui::review_export_formats()) {
        CAPTURE(format);
        formats.insert(format);
        REQUIRE(sim::report::parse_format(format));
        const std::string path = c.model.export_report(id, format);
        REQUIRE_FALSE(path.empty());
        CHECK(c.model.ui.last_export == path);
        CHECK(c.model.ui.last_export_error.empty());
        CHECK(fs::path(path).parent_path() == fs::path(dir.file("reports")));
        const std::string bytes = slurp(path);
        REQUIRE_FALSE(bytes.empty());
        if (std::string(format) == "xlsx") CHECK(bytes.rfind("PK", 0) == 0);   // a zip
        if (std::string(format) == "stix") {
            const auto j = nlohmann::json::parse(bytes);
            CHECK(j.at("type") == "bundle");
            CHECK_FALSE(j.at("objects").empty());
        }
        if (std::string(format) == "vectr-csv") CHECK(bytes.find(',') < bytes.find('\n'));
        if (std::string(format) == "posture-layer" || std::string(format) == "navigator")
            CHECK(nlohmann::json::parse(bytes).contains("techniques"));
    }
    for (const char* f : {"xlsx", "vectr-csv", "stix", "posture-layer", "detections", "navigator"}) CHECK(formats.count(f) == 1);
    // No temporary file is left beside the exports.
    for (const auto& e : fs::directory_iterator(dir.file("reports")))
        CHECK(e.path().filename().string().find("tmp") == std::string::npos);

    // A report folder that cannot be made: the error is kept for the screen, nothing is claimed written.
    TempDir blocked;
    fs::copy_file(db, blocked.file("j.db"));
    std::ofstream(blocked.file("reports")) << "a file where the folder would go";
    Console b(blocked.file("j.db"));
    CHECK(b.model.export_report(id, "stix").empty());
    CHECK(b.model.ui.last_export.empty());
    CHECK(b.model.ui.last_export_error.find("stix") != std::string::npos);
}

TEST_CASE("console plan and review screens fit 1366x768 and 1280x720 with the controls that matter in view") {
    if (scenario_missing()) return;
    const char* display = std::getenv("DISPLAY");
    if (!display || !*display) {
        TTX_SKIP("no DISPLAY (run the suite under xvfb-run, as .ci/test does)");
    }
    TempDir dir;
    const std::string db = dir.file("j.db");
    const std::string id = run_script(db);
    const char* keep = std::getenv("TTX_SCREENSHOT_DIR");
    const std::string out_dir = keep && *keep ? std::string(keep) : dir.path.string();
    for (const std::string size : {"1366x768", "1280x720"}) {
        const int width = std::stoi(size.substr(0, size.find('x')));
        const int height = std::stoi(size.substr(size.find('x') + 1));
        for (const std::string view : {"plan", "review"}) {
            CAPTURE(size);
            CAPTURE(view);
            const std::string base = out_dir + "/" + view + "-" + size;
            const int rc = std::system(("XDG_DATA_HOME=" + quote(dir.file("data")) + " XDG_CONFIG_HOME=" +
                                        quote(dir.file("config")) + " TTX_UI_TRACE=" + quote(base + ".trace") + " " +
                                        quote(TTX_BINARY) + " console --frames 4 --screenshot " + quote(base + ".png") +
                                        " --db " + quote(db) + " --replay " + id + " --view " + view + " --size " +
                                        size + " >/dev/null 2>" + quote(base + ".err"))
                                           .c_str());
            REQUIRE(rc == 0);
            CHECK(slurp(base + ".err").empty());
            const auto widgets = ttx_test::placed_widgets(base + ".trace");
            const auto names = view == "plan"
                                   ? std::vector<std::string>{"Plan area", "Plan contact", "Plan start", "Plan completion",
                                                              "Plan status", "Save action 1", "Revert"}
                                   : std::vector<std::string>{"HTML", "Excel workbook", "VECTR CSV", "STIX 2.1",
                                                              "Posture layer", "Edit improvement plan"};
            for (const std::string& name : names) {
                CAPTURE(name);
                const auto it = widgets.find(name);
                REQUIRE(it != widgets.end());
                CHECK(it->second.whole);
                CHECK(it->second.x + it->second.w <= width);
                CHECK(it->second.y + it->second.h <= height);
            }
        }
    }
}

#endif // TTX_HAVE_UI
