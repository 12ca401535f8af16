// tests/history_test.cpp — reports, improvement actions, history and compare
// through the `ttx` binary over real `ttx run` sessions in a temporary database.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "sim/report/actions_store.hpp"
#include "sim/report/history.hpp"
#include "tests/support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Result {
    int code = -1;
    std::string out;
};

using ttx_test::quote;

// A temporary data home and database shared by the cases below (runs once).
struct Lab {
    fs::path dir;
    std::string db;
    std::string late, early, practice;   // session ids, in the order they ran

    mutable std::string last_err;        // stderr of the last ttx()

    // `ttx ARGS --db <db>` from the source tree; stderr is kept for err().
    Result ttx(const std::string& args) const {
        ttx_test::RunResult r = ttx_test::run_ttx(args + " --db " + quote(db), dir, ttx_test::Stderr::separate,
                                                  TTX_SOURCE_DIR);
        last_err = r.err;
        return {r.rc, r.out};
    }
    std::string err() const { return last_err; }
    std::string run(const std::string& script, const std::string& extra = "") const {
        Result r = ttx("run scenarios/invoice-ransomware.yaml --decisions tests/fixtures/scoring/" + script + " " + extra);
        REQUIRE_MESSAGE(r.code == 0, err());
        REQUIRE(r.out.rfind("session: ", 0) == 0);
        return r.out.substr(9, r.out.find('\n') - 9);
    }

    static const Lab& get() {
        static Lab lab = [] {
            Lab l;
            l.dir = fs::temp_directory_path() / ("ttx-history-test-" + std::to_string(::getpid()));
            fs::remove_all(l.dir);
            fs::create_directories(l.dir);
            l.db = (l.dir / "journal.db").string();
            l.late = l.run("invoice-late.decisions.yaml");
            l.early = l.run("invoice-early.decisions.yaml");
            l.practice = l.run("invoice-early.decisions.yaml", "--practice");
            return l;
        }();
        static const struct Remover {
            fs::path dir;
            ~Remover() {
                std::error_code ec;
                fs::remove_all(dir, ec);
            }
        } remover{lab.dir};
        return lab;
    }
};

} // namespace

TEST_CASE("ttx report writes every format, atomically to -o or to stdout") {
    const Lab& lab = Lab::get();
    const fs::path html = lab.dir / "aar.html";
    Result r = lab.ttx("report " + lab.late + " --format html -o " + quote(html.string()));
    REQUIRE_MESSAGE(r.code == 0, lab.err());
    CHECK(r.out == html.string() + "\n");
    std::ifstream in(html);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str().find("After-Action Report") != std::string::npos);
    CHECK(text.str().find("<script") == std::string::npos);    // a participant is named "Sam <script>…"
    CHECK(text.str().find("Sam &lt;script&gt;alert(1)&lt;/script&gt; &quot;Quote&quot; Lee") != std::string::npos);

    r = lab.ttx("report " + lab.late + " --format md");
    CHECK(r.code == 0);
    CHECK(r.out.find("\\<script\\>") != std::string::npos);
    CHECK(r.out.find("<script>") == std::string::npos);

    r = lab.ttx("report " + lab.late + " --format csv");
    CHECK(r.code == 0);
    CHECK(r.out.rfind("time,inject,option,team,role,participant,rationale,timed_out,automated", 0) == 0);
    CHECK(r.out.find("\r\n") != std::string::npos);

    r = lab.ttx("report " + lab.late + " --format msel");
    CHECK(r.code == 0);
    CHECK(r.out.rfind("Event #,Scenario time,Synopsis,Method,From,To", 0) == 0);

    r = lab.ttx("report " + lab.late + " --format navigator -o " + quote(lab.dir.string()));
    CHECK(r.code == 0);
    CHECK(fs::exists(lab.dir / (lab.late + ".layer.json")));

    r = lab.ttx("report " + lab.late + " --format json");
    REQUIRE(r.code == 0);
    json doc = json::parse(r.out);
    CHECK(doc["schema"] == "ttx-report/1");
    CHECK(doc["session"]["id"] == lab.late);
    CHECK(doc["scorecard"]["readiness"]["index"].is_number());

    CHECK(lab.ttx("report " + lab.late + " --format pdf").code == 2);
    CHECK(lab.ttx("report s-000000000000").code == 1);
    CHECK(lab.err().find("no session s-000000000000") != std::string::npos);
}

TEST_CASE("ttx actions: the plan comes from M/U ratings and action notes, owner, due and status stick") {
    const Lab& lab = Lab::get();
    Result r = lab.ttx("actions list " + lab.late + " --format json");
    REQUIRE_MESSAGE(r.code == 0, lab.err());
    json list = json::parse(r.out)["actions"];
    REQUIRE(list.size() >= 2);
    bool from_note = false, from_rating = false;
    for (const auto& a : list) {
        from_note |= a["source"] == "note" && a["text"] == "Tier 2 needs a runbook for LSASS access alerts";
        from_rating |= a["key"] == "exp:escalate-lsass";
        CHECK(a["status"] == "open");
    }
    CHECK(from_note);
    CHECK(from_rating);

    r = lab.ttx("actions set " + lab.late + " 1 --owner 'Priya Nair' --due 2030-01-31 --status done");
    CHECK_MESSAGE(r.code == 0, lab.err());
    CHECK(r.out.find("done") != std::string::npos);
    // listing again (which re-syncs the plan) keeps the edit
    list = json::parse(lab.ttx("actions list " + lab.late + " --format json").out)["actions"];
    CHECK(list[0]["owner"] == "Priya Nair");
    CHECK(list[0]["due"] == "2030-01-31");
    CHECK(list[0]["status"] == "done");
    CHECK(list[0]["number"] == 1);

    CHECK(lab.ttx("actions set " + lab.late + " 1 --due 2030-02-30").code == 1);     // not a real date: invalid input
    CHECK(lab.ttx("actions set " + lab.late + " 1 --status finished").code == 2);
    CHECK(lab.ttx("actions set " + lab.late + " 1").code == 2);                      // nothing to change
    CHECK(lab.ttx("actions set " + lab.late + " 0 --status done").code == 2);
    CHECK(lab.ttx("actions set " + lab.late + " 99 --status done").code == 1);
    CHECK(lab.err().find("numbered 1 to") != std::string::npos);
    CHECK(lab.ttx("actions list s-000000000000").code == 1);

    SUBCASE("the next report for the same team shows which earlier actions are closed") {
        json doc = json::parse(lab.ttx("report " + lab.early + " --format json").out);
        bool seen_closed = false;
        for (const auto& a : doc["earlier_actions"])
            if (a["session"] == lab.late && a["number"] == 1) seen_closed = a["status"] == "done";
        CHECK(seen_closed);
        CHECK(lab.ttx("report " + lab.early + " --format html").out.find("Follow-up on earlier actions") !=
              std::string::npos);
        // …and an earlier session never lists later ones
        json first = json::parse(lab.ttx("report " + lab.late + " --format json").out);
        CHECK(first["earlier_actions"].empty());
    }
}

TEST_CASE("ttx history: sessions with readiness and maturity, trends per team and capability") {
    const Lab& lab = Lab::get();
    Result r = lab.ttx("history --format json");
    REQUIRE_MESSAGE(r.code == 0, lab.err());
    json doc = json::parse(r.out);
    CHECK(doc["schema"] == "ttx-history/1");
    REQUIRE(doc["sessions"].size() == 2);                      // the practice run is left out
    CHECK(doc["sessions"][0]["id"] == lab.late);               // oldest first
    CHECK(doc["sessions"][1]["id"] == lab.early);
    const double late = doc["sessions"][0]["readiness"], early = doc["sessions"][1]["readiness"];
    CHECK(early > late);                                       // isolating at once beats watching
    CHECK(doc["sessions"][1]["maturity"].is_string());
    const json& overall = doc["trends"][0];
    CHECK(overall["kind"] == "overall");
    CHECK(overall["points"].size() == 2);
    CHECK(overall["delta"].get<double>() == doctest::Approx(early - late));
    bool team_trend = false, capability_trend = false;
    for (const auto& t : doc["trends"]) {
        team_trend |= t["kind"] == "team" && t["id"] == "soc" && t["points"].size() == 2;
        capability_trend |= t["kind"] == "capability" && t["id"] == "escalation" && t["points"].size() == 2;
    }
    CHECK(team_trend);
    CHECK(capability_trend);

    CHECK(json::parse(lab.ttx("history --format json --include-practice").out)["sessions"].size() == 3);
    CHECK(json::parse(lab.ttx("history --format json --scenario nope").out)["sessions"].empty());
    CHECK(json::parse(lab.ttx("history --format json --team nope").out)["sessions"].empty());
    CHECK(json::parse(lab.ttx("history --format json --since 2999-01-01").out)["sessions"].empty());
    CHECK(json::parse(lab.ttx("history --format json --since 2000-01-01").out)["sessions"].size() == 2);
    json soc = json::parse(lab.ttx("history --format json --team soc").out);
    for (const auto& t : soc["trends"]) CHECK((t["kind"] != "team" || t["id"] == "soc"));
    CHECK(lab.ttx("history --since yesterday").code == 2);
    CHECK(lab.ttx("history --format xml").code == 2);

    r = lab.ttx("history");
    CHECK(r.code == 0);
    CHECK(r.out.find("Trends in readiness") != std::string::npos);
    CHECK(r.out.find(lab.late) < r.out.find(lab.early));
    r = lab.ttx("history --format csv");
    CHECK(r.code == 0);
    CHECK(r.out.rfind("session,started,scenario,mode,practice,kind,id,name,readiness,level,maturity\r\n", 0) == 0);
}

TEST_CASE("ttx compare: side-by-side deltas") {
    const Lab& lab = Lab::get();
    Result r = lab.ttx("compare " + lab.late + " " + lab.early + " --format json");
    REQUIRE_MESSAGE(r.code == 0, lab.err());
    json doc = json::parse(r.out);
    CHECK(doc["a"]["session"] == lab.late);
    const json& first = doc["rows"][0];
    CHECK(first["label"] == "Readiness index");
    CHECK(first["delta"].get<double>() == doctest::Approx(first["b"].get<double>() - first["a"].get<double>()));
    CHECK(first["verdict"] == "better");
    bool has_capability = false, has_team = false, has_time = false;
    for (const auto& row : doc["rows"]) {
        has_capability |= row["section"] == "capability";
        has_team |= row["section"] == "team" && row["label"] == "Security Operations Center";
        if (row["label"] == "Time to escalate") {
            has_time = true;
            CHECK(row["lower_is_better"] == true);
        }
    }
    CHECK(has_capability);
    CHECK(has_team);
    CHECK(has_time);
    CHECK(lab.ttx("compare " + lab.late + " " + lab.early).out.find("Readiness index") != std::string::npos);
    CHECK(lab.ttx("compare " + lab.late + " s-000000000000").code == 1);
}

TEST_CASE("history through the store API: trends and earlier actions are pure") {
    using namespace sim::report;
    SessionSummary a, b, c;
    a.id = "s-a";
    a.started_wall = 1000;
    a.readiness = 50;
    a.teams = {{"soc", "SOC", 40.0}};
    a.capabilities = {{"triage", "Triage", 60.0}};
    b.id = "s-b";
    b.started_wall = 2000;                               // not rated: skipped in trends
    c.id = "s-c";
    c.started_wall = 3000;
    c.readiness = 72.5;
    c.teams = {{"soc", "SOC", 70.0}, {"it", "IT", 55.0}};
    c.capabilities = {{"triage", "Triage", 90.0}};
    auto t = trends({a, b, c});
    REQUIRE(t.size() == 4);
    CHECK(t[0].kind == TrendKind::overall);
    CHECK(*t[0].delta() == doctest::Approx(22.5));
    CHECK(t[1].id == "soc");
    CHECK(*t[1].delta() == doctest::Approx(30));
    CHECK(t[2].id == "it");
    CHECK_FALSE(t[2].delta());
    CHECK(t[3].kind == TrendKind::capability);
    CHECK(trends({a, b, c}, "it").size() == 3);          // overall, it, triage

    ImprovementAction x;
    x.session = "s-a";
    x.session_started = 1000;
    x.team = "soc";
    ImprovementAction y = x;
    y.session = "s-x";
    y.team = "other";
    ImprovementAction z = x;
    z.session = "s-z";
    z.session_started = 5000;                            // later: not "earlier"
    ImprovementAction w = x;
    w.session = "s-w";
    w.team = "";
    w.scenario_id = "sc";
    auto e = earlier_actions({x, y, z, w}, "s-c", 3000, {"soc"}, "sc");
    REQUIRE(e.size() == 2);
    CHECK(e[0].session == "s-a");
    CHECK(e[1].session == "s-w");
    CHECK(parse_date_utc_ms("2025-01-01") == 1735689600000LL);
    CHECK_FALSE(parse_date_utc_ms("2025-02-30"));
}
