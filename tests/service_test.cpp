// The service layer (sim/service/workspace.hpp): `ttx` and the console reach
// sessions, reports and history through the same calls, so they agree byte for byte.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "sim/attack/catalog.hpp"
#include "sim/service/workspace.hpp"
#include "tests/support.hpp"
#ifdef TTX_HAVE_UI
#include "ui/model.hpp"
#endif

namespace fs = std::filesystem;
using ttx_test::quote;
using ttx_test::slurp;
using ttx_test::TempDir;

namespace {

const std::string kScenario = TTX_SOURCE_DIR "/scenarios/invoice-ransomware.yaml";
const std::string kScript = TTX_SOURCE_DIR "/scenarios/invoice-ransomware.decisions.yaml";

// A bundled scenario run headless with its decision script; returns the session id.
std::string run_bundled(const TempDir& tmp, const std::string& db) {
    auto r = ttx_test::run_ttx("run " + quote(kScenario) + " --decisions " + quote(kScript) + " --db " + quote(db),
                               tmp.path / "xdg");
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    auto lines = r.lines();
    REQUIRE_FALSE(lines.empty());
    REQUIRE(lines[0].rfind("session: ", 0) == 0);
    return lines[0].substr(9);
}

ttx_test::RunResult ttx(const TempDir& tmp, const std::string& args) {
    return ttx_test::run_ttx(args, tmp.path / "xdg");
}

sim::service::Workspace workspace(const std::string& db) {
    sim::service::Paths p;
    p.db = db;
    return sim::service::Workspace(p, sim::attack::builtin_catalog());
}

// The export as the console makes it: through ui::Model when the console is built, else the shared call it uses.
std::string console_export(const std::string& db, const std::string& id, const std::string& format, std::string& why) {
#ifdef TTX_HAVE_UI
    ui::Model m(sim::attack::builtin_catalog());
    REQUIRE(m.open_store(db));
    std::string path = m.export_report(id, format);
    if (path.empty() && !m.messages().empty()) why = m.messages().back().text;
    return path.empty() ? std::string{} : slurp(path);
#else
    auto ws = workspace(db);
    auto path = ws.export_report(id, *sim::report::parse_format(format), "", why);
    return path ? slurp(*path) : std::string{};
#endif
}

void alter_stored_scenario(const std::string& db, const std::string& id) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
    const std::string sql = "UPDATE sessions SET scenario_text = scenario_text || '# edited' WHERE id = '" + id + "'";
    CHECK(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(h);
}

} // namespace

TEST_CASE("the console's export and ttx report write byte-identical HTML for the same session") {
    TempDir tmp;
    const std::string db = tmp.file("ttx.db");
    const std::string id = run_bundled(tmp, db);

    auto cli = ttx(tmp, "report " + id + " --format html --db " + quote(db) + " -o " + quote(tmp.file("cli.html")));
    REQUIRE_MESSAGE(cli.rc == 0, cli.err);
    const std::string from_cli = slurp(tmp.file("cli.html"));
    std::string why;
    const std::string from_console = console_export(db, id, "html", why);
    REQUIRE_MESSAGE(!from_console.empty(), why);
    CHECK(from_cli.size() > 1000);
    CHECK(from_console == from_cli);
    // And in the other order: the console first on a fresh database, the CLI second.
    TempDir tmp2;
    const std::string db2 = tmp2.file("ttx.db");
    const std::string id2 = run_bundled(tmp2, db2);
    const std::string first = console_export(db2, id2, "html", why);
    auto second = ttx(tmp2, "report " + id2 + " --format html --db " + quote(db2));
    REQUIRE(second.rc == 0);
    CHECK(first == second.out);
}

TEST_CASE("improvement actions are numbered 1..N in the console's export and in ttx report") {
    TempDir tmp;
    const std::string db = tmp.file("ttx.db");
    const std::string id = run_bundled(tmp, db);
    std::string why;
    const std::string console_json = console_export(db, id, "json", why);
    REQUIRE_MESSAGE(!console_json.empty(), why);
    auto cli = ttx(tmp, "report " + id + " --format json --db " + quote(db));
    REQUIRE(cli.rc == 0);
    for (const std::string& text : {console_json, cli.out}) {
        auto actions = nlohmann::json::parse(text).at("actions");
        REQUIRE(actions.size() >= 2);   // the bundled script leaves M/U ratings and action notes
        for (std::size_t i = 0; i < actions.size(); ++i) CHECK(actions[i].at("number").get<int>() == int(i + 1));
    }
}

TEST_CASE("a stored session whose scenario text was altered is refused the same way by ttx and the console") {
    TempDir tmp;
    const std::string db = tmp.file("ttx.db");
    const std::string id = run_bundled(tmp, db);
    alter_stored_scenario(db, id);
    const std::string sentence = "session " + id + ": the stored scenario text does not match its SHA-256";

    auto cli = ttx(tmp, "report " + id + " --format html --db " + quote(db));
    CHECK(cli.rc == 1);
    CHECK(cli.out.empty());
    CHECK(cli.err.find(sentence) != std::string::npos);

    std::string why;
    CHECK(console_export(db, id, "html", why).empty());
    CHECK(why.find(sentence) != std::string::npos);

    auto ws = workspace(db);
    std::string error;
    CHECK_FALSE(ws.load_session(id, error));
    CHECK(error.find(sentence) != std::string::npos);
    std::string thrown;
    try {
        static_cast<void>(ws.resume(id));
    } catch (const sim::StoreError& e) {
        thrown = e.what();
    }
    CHECK(thrown.find(sentence) != std::string::npos);
    auto resumed = ttx(tmp, "resume " + id + " --db " + quote(db));
    CHECK(resumed.rc == 1);
    CHECK(resumed.err.find(sentence) != std::string::npos);
#ifdef TTX_HAVE_UI
    ui::Model m(sim::attack::builtin_catalog());
    REQUIRE(m.open_store(db));
    CHECK_FALSE(m.open_session(id, true));
    const ui::HistoryEntry* h = m.history_entry(id);
    REQUIRE(h);
    CHECK_FALSE(h->card);
    CHECK(h->error.find(sentence) != std::string::npos);
#endif
    auto history = ws.history();
    CHECK(history.summaries.empty());
    REQUIRE(history.skipped.size() == 1);
    CHECK(history.skipped[0].find(sentence) != std::string::npos);
}

TEST_CASE("policies: paths from the XDG variables, session ids, seeds and one date format") {
    using namespace sim::service;
    Paths p = resolve_paths("/x", "/home/u");
    CHECK(p.data_dir == "/x/ttx");
    CHECK(p.db == "/x/ttx/ttx.db");
    CHECK(p.scenarios_dir() == "/x/ttx/scenarios");
    CHECK(p.reports_dir() == "/x/ttx/reports");
    CHECK(resolve_paths("", "/home/u").data_dir == "/home/u/.local/share/ttx");
    CHECK(resolve_paths(nullptr, nullptr).data_dir == ".ttx");
    CHECK(resolve_paths(nullptr, "/home/u", "/out").reports_dir() == "/out");

    CHECK(new_session_id(0x0123456789abcdefULL) == "s-456789abcdef");
    CHECK(new_session_id(0) == "s-000000000000");
    CHECK(new_seed(0xffffffffffffffffULL) < 1000000000ULL);
    CHECK(new_seed(1234) == 1234);
    CHECK(format_time(1735725600000) == "2025-01-01 10:00 UTC");
}

TEST_CASE("a workspace reads the catalog of its data folder and never the environment") {
    TempDir tmp;
    sim::service::Paths p;
    p.data_dir = tmp.file("data");
    p.db = tmp.file("data/ttx.db");
    // A broken imported catalog: the built-in one is used, and the workspace says why.
    fs::create_directories(tmp.path / "data" / "attack");
    std::ofstream(tmp.path / "data" / "attack" / "catalog.json") << "{ not json";
    sim::service::Workspace ws(p);
    CHECK(ws.catalog().origin == "built-in");
    CHECK(ws.catalog().techniques().size() == sim::attack::builtin_catalog().techniques().size());
    CHECK_FALSE(ws.catalog_warning().empty());
    // No data folder: the built-in catalog, silently; nothing is created until the store is used.
    sim::service::Paths none;
    none.db = tmp.file("later/ttx.db");
    sim::service::Workspace quiet(none);
    CHECK(quiet.catalog_warning().empty());
    CHECK_FALSE(fs::exists(tmp.path / "later"));
    (void)quiet.store();
    CHECK(fs::exists(tmp.file("later/ttx.db")));
}
