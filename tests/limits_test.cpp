// Input limits beyond scenario files (those are in validate_test.cpp): decision
// scripts, STIX bundles, the journal database and report sizes. Each limit in
// docs/security.md ("Limits") has a case here. Every refusal must be a sentence
// that names the input, arrive before the input is read or built, and never be
// a crash.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "sim/attack/stix_import.hpp"
#include "sim/engine/session.hpp"
#include "sim/report/report.hpp"
#include "sim/scenario/limits.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scoring/scorecard.hpp"
#include "sim/store/store.hpp"
#include "sim/util/files.hpp"
#include "tests/support.hpp"

using namespace std::string_literals;
namespace fs = std::filesystem;

namespace {

const std::string kScenario = TTX_SOURCE_DIR "/scenarios/invoice-ransomware.yaml"s;

using ttx_test::quote;
using ttx_test::slurp;
using ttx_test::TempDir;
using Result = ttx_test::RunResult;

void spit(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

// `ttx run` of the bundled invoice scenario with `script`, into a database in `tmp`.
Result run_script(const TempDir& tmp, const std::string& script) {
    return ttx_test::run_ttx("run " + quote(kScenario) + " --decisions " + quote(script) + " --db " +
                                 quote(tmp.file("ttx.db")),
                             tmp.path / "xdg");
}

const std::string kHeader = "format: ttx-decisions/1\nscenario: invoice-ransomware\nseed: 1\n";

std::shared_ptr<const sim::Scenario> invoice() {
    sim::LoadResult r = sim::load_scenario_file(kScenario);
    REQUIRE(r.scenario);
    REQUIRE_FALSE(r.diags.has_errors());
    return std::make_shared<const sim::Scenario>(std::move(*r.scenario));
}

// A stored session of the invoice scenario: started, briefed, running, one note.
void record_session(const std::string& db, const std::string& id) {
    sim::Store store = sim::Store::open(db);
    auto created = sim::Session::create(store, id, invoice(), sim::cmd::Start{7, sim::Mode::blue, false,
                                                                             {{"Dana Ortiz", "soc", "tier1"}}},
                                        1'700'000'000'000);
    REQUIRE(std::holds_alternative<sim::Session>(created));
    auto& s = std::get<sim::Session>(created);
    REQUIRE(s.execute(sim::cmd::BeginBriefing{}, 1'700'000'000'001).ok());
    REQUIRE(s.execute(sim::cmd::BeginRunning{}, 1'700'000'000'002).ok());
    REQUIRE(s.execute(sim::cmd::AddNote{"first note", "Ana", "facilitator", false, "", ""}, 1'700'000'000'003).ok());
}

// Runs one SQL statement against the database with the bare sqlite3 API (a
// stand-in for someone editing the file), binding `text` to ?1 if given.
void sql(const std::string& db, const std::string& statement, const std::string& text = {}) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE_MESSAGE(sqlite3_prepare_v2(h, statement.c_str(), -1, &st, nullptr) == SQLITE_OK, sqlite3_errmsg(h));
    if (!text.empty()) sqlite3_bind_text(st, 1, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    CHECK(sqlite3_step(st) == SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(h);
}

// Session::resume must refuse with a StoreError (a sentence), nothing else.
std::string resume_error(const std::string& db, const std::string& id) {
    sim::Store store = sim::Store::open(db);
    try {
        (void)sim::Session::resume(store, id);
    } catch (const sim::StoreError& e) {
        return e.what();
    }
    FAIL("resume accepted a journal it should have refused");
    return {};
}

} // namespace

// ---- decision scripts -----------------------------------------------------------------

TEST_CASE("a decision script over 1 MiB is refused before anything is created") {
    TempDir tmp;
    std::string text = kHeader + "steps:\n";
    while (text.size() <= (1u << 20)) text += "  - note: \"" + std::string(200, 'x') + "\"\n";
    spit(tmp.path / "big.decisions.yaml", text);
    Result r = run_script(tmp, tmp.file("big.decisions.yaml"));
    CHECK(r.rc == 1);
    CHECK(r.err.find("big.decisions.yaml") != std::string::npos);
    CHECK(r.err.find("larger than the limit of 1 MiB") != std::string::npos);
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists(tmp.file("ttx.db")));
}

TEST_CASE("a decision script of more than 10,000 steps is refused with its place") {
    TempDir tmp;
    std::string text = kHeader + "steps:\n";
    for (int i = 0; i < 10'001; ++i) text += "  - pause\n";
    spit(tmp.path / "long.decisions.yaml", text);
    Result r = run_script(tmp, tmp.file("long.decisions.yaml"));
    CHECK(r.rc == 1);
    CHECK(r.err.find("long.decisions.yaml:5:3: error: too many steps (10001, at most 10000)") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp.file("ttx.db")));
}

TEST_CASE("deeply nested decision scripts are refused, not a stack overflow") {
    TempDir tmp;
    SUBCASE("flow style, 100,000 levels") {
        spit(tmp.path / "deep.decisions.yaml",
             kHeader + "steps: " + std::string(100'000, '[') + std::string(100'000, ']') + "\n");
    }
    SUBCASE("maps in flow style, 20,000 levels") {
        std::string s = kHeader + "steps: [";
        for (int i = 0; i < 20'000; ++i) s += "{a: ";
        s += "1" + std::string(20'000, '}') + "]\n";
        spit(tmp.path / "deep.decisions.yaml", s);
    }
    Result r = run_script(tmp, tmp.file("deep.decisions.yaml"));
    CHECK(r.rc == 1);
    CHECK(r.err.find("deep.decisions.yaml:") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp.file("ttx.db")));
}

TEST_CASE("an alias bomb in a decision script costs nothing: aliases are never expanded") {
    // Nine levels of ten aliases each: a billion nodes if anything expanded them.
    TempDir tmp;
    std::string s = kHeader + "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 9; ++i) {
        s += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
        for (int k = 0; k < 10; ++k) s += (k ? ", *l" : "*l") + std::to_string(i - 1);
        s += "]\n";
    }
    s += "steps: [{note: *l8}, *l8]\n";
    spit(tmp.path / "bomb.decisions.yaml", s);
    Result r = run_script(tmp, tmp.file("bomb.decisions.yaml"));
    CHECK(r.rc == 1);
    CHECK(r.err.find("bomb.decisions.yaml:") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp.file("ttx.db")));
}

// ---- STIX bundles ---------------------------------------------------------------------

TEST_CASE("a STIX bundle over 512 MiB is refused without reading it") {
    TempDir tmp;
    const fs::path big = tmp.path / "enterprise-attack.json";
    {
        std::ofstream(big) << "{";
    }
    fs::resize_file(big, sim::attack::kMaxStixFileBytes + 1);   // sparse: costs no disk
    std::string error;
    CHECK_FALSE(sim::attack::import_stix(big.string(), error));
    CHECK(error.find(big.string()) != std::string::npos);
    CHECK(error.find("larger than the limit of 512 MiB") != std::string::npos);
}

TEST_CASE("a STIX folder adding up to more than 2 GiB is refused before any file is read") {
    TempDir tmp;
    for (int i = 0; i < 5; ++i) {
        const fs::path f = tmp.path / ("part-" + std::to_string(i) + ".json");
        {
            std::ofstream(f) << "{";
        }
        fs::resize_file(f, 450u * 1024 * 1024);                 // each under the per-file limit
    }
    std::string error;
    CHECK_FALSE(sim::attack::import_stix(tmp.path.string(), error));
    CHECK(error.find("add up to more than 2048 MiB") != std::string::npos);
}

TEST_CASE("STIX JSON nested deeper than 64 levels is refused with its place") {
    std::string deep = "{\"type\": \"bundle\", \"objects\": [" + std::string(70, '[') + std::string(70, ']') + "]}";
    std::string error;
    CHECK_FALSE(sim::attack::import_stix_documents({{"deep.json", deep}}, error));
    CHECK(error.find("deep.json:1:") != std::string::npos);
    CHECK(error.find("nested more than 64 levels") != std::string::npos);
}

// ---- the journal database -------------------------------------------------------------

TEST_CASE("a stored scenario over the loader's 4 MiB limit is refused on resume") {
    TempDir tmp;
    const std::string db = tmp.file("ttx.db");
    record_session(db, "s-000000000001");
    std::string huge = slurp(kScenario);
    while (huge.size() <= sim::limits::kMaxFileBytes) huge += "# padding to pass the limit\n";
    sql(db, "UPDATE sessions SET scenario_text = ?1", huge);
    sql(db, "UPDATE sessions SET scenario_sha256 = ?1", sim::sha256_hex(huge));   // consistent, just too big
    std::string why = resume_error(db, "s-000000000001");
    CHECK(why.find("s-000000000001") != std::string::npos);
    CHECK(why.find("larger than the limit of 4 MiB") != std::string::npos);
}

TEST_CASE("an event nested 100,000 levels deep is refused on resume, not a stack overflow") {
    TempDir tmp;
    const std::string db = tmp.file("ttx.db");
    record_session(db, "s-000000000001");
    std::string deep = "{\"text\": " + std::string(100'000, '[') + std::string(100'000, ']') + "}";
    sql(db, "UPDATE events SET data = ?1 WHERE kind = 'note.added'", deep);
    std::string why = resume_error(db, "s-000000000001");
    CHECK(why.find("cannot be replayed") != std::string::npos);
    CHECK(why.find("note.added") != std::string::npos);
}

TEST_CASE("an event payload of the wrong shape is refused on resume with a sentence") {
    TempDir tmp;
    const std::string db = tmp.file("ttx.db");
    record_session(db, "s-000000000001");
    SUBCASE("participants that are not objects") {
        sql(db, "UPDATE events SET data = json_set(data, '$.participants', json('[1, \"x\", null]')) "
                "WHERE kind = 'session.started'");
    }
    SUBCASE("a payload that is not an object") {
        sql(db, "UPDATE events SET data = '[\"text\", 1]' WHERE kind = 'note.added'");
    }
    SUBCASE("a payload that is not JSON") {
        sql(db, "UPDATE events SET data = '{\"text\": ' WHERE kind = 'note.added'");
    }
    std::string why = resume_error(db, "s-000000000001");
    CHECK(why.find("s-000000000001") != std::string::npos);
}

// ---- reports ------------------------------------------------------------------------------

TEST_CASE("report size grows linearly with the journal") {
    // The same session with 200, 400 and 800 extra notes: each doubling adds
    // about twice the bytes of the one before, never a multiple of the whole.
    auto sc = invoice();
    auto html_with_notes = [&](int notes) {
        sim::Exercise ex(sc);
        sim::Journal journal;
        auto run = [&](const sim::Command& c) {
            sim::CommandResult r = ex.plan(c, 1'700'000'000'000);
            REQUIRE_MESSAGE(r.ok(), r.error);
            for (const auto& e : r.events) {
                ex.apply(e);
                journal.push_back(e);
            }
        };
        run(sim::cmd::Start{7, sim::Mode::blue, false, {{"Dana Ortiz", "soc", "tier1"}}});
        run(sim::cmd::BeginBriefing{});
        run(sim::cmd::BeginRunning{});
        run(sim::cmd::Advance{45 * 60});
        for (int i = 0; i < notes; ++i)
            run(sim::cmd::AddNote{"Observation " + std::to_string(i) + ": <b>escaped</b> & kept", "Ana", "facilitator",
                                  i % 5 == 0, "", ""});
        sim::scoring::Scorecard card = sim::scoring::score(*sc, journal);
        sim::report::SessionMeta meta = sim::report::meta_from_journal("s-000000000001", journal);
        return sim::report::render_html({*sc, journal, meta, card}).size();
    };
    const double base = static_cast<double>(html_with_notes(0));
    const double d1 = static_cast<double>(html_with_notes(200)) - base;
    const double d2 = static_cast<double>(html_with_notes(400)) - base;
    const double d3 = static_cast<double>(html_with_notes(800)) - base;
    REQUIRE(d1 > 0);
    CHECK(d2 / d1 == doctest::Approx(2.0).epsilon(0.1));
    CHECK(d3 / d2 == doctest::Approx(2.0).epsilon(0.1));
}
