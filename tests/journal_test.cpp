// The durable journal: SQLite store, sessions, and what it refuses to touch.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <set>

#include <nlohmann/json.hpp>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/attack/catalog.hpp"
#include "sim/engine/session.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/util/files.hpp"
#include "tests/support.hpp"

using namespace sim;
namespace fs = std::filesystem;

namespace {

constexpr const char* kFixture = TTX_SOURCE_DIR "/tests/fixtures/engine/branching.yaml";

using ttx_test::slurp;
using ttx_test::TempDir;

std::shared_ptr<const Scenario> load(const std::string& path) {
    LoadResult r = load_and_validate(path, attack::builtin_catalog());
    REQUIRE(r.scenario);
    REQUIRE_FALSE(r.diags.has_errors());
    return std::make_shared<const Scenario>(std::move(*r.scenario));
}

void write_bytes(const fs::path& p, const std::string& data) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << data;
}

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

void raw_exec(const fs::path& db, const char* sql) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(h, sql, nullptr, nullptr, &err);
    INFO(sql, " -> ", err ? err : "ok");
    CHECK(rc == SQLITE_OK);
    sqlite3_free(err);
    sqlite3_close(h);
}

cmd::Start start_cmd() {
    cmd::Start s;
    s.seed = 99;
    s.participants = {{"Dana", "soc", "tier1"}};
    return s;
}

Session new_session(Store& store, const std::string& id, std::shared_ptr<const Scenario> sc) {
    auto created = Session::create(store, id, std::move(sc), start_cmd(), 1000, {"script.yaml", "steps: []"});
    REQUIRE(std::holds_alternative<Session>(created));
    return std::move(std::get<Session>(created));
}

void must(Session& s, const Command& c, std::optional<std::int64_t> idx = std::nullopt) {
    CommandResult r = s.execute(c, 2000, idx);
    REQUIRE_MESSAGE(r.ok(), r.error);
}

} // namespace

TEST_CASE("a new journal is private: the file is created 0600, new folders 0700") {
    TempDir tmp;
    fs::path db = tmp.path / "nested" / "deeper" / "ttx.db";
    {
        Store store = Store::open(db.string());
        auto sc = load(kFixture);
        Session s = new_session(store, "s-000000000001", sc);
        must(s, cmd::BeginBriefing{});
    }
    CHECK(mode_of(db) == 0600);
    CHECK(mode_of(tmp.path / "nested") == 0700);
    CHECK(mode_of(tmp.path / "nested" / "deeper") == 0700);
}

TEST_CASE("events round-trip with their cmd_index, the session status follows the lifecycle") {
    TempDir tmp;
    fs::path db = tmp.path / "ttx.db";
    auto sc = load(kFixture);
    Journal live;
    {
        Store store = Store::open(db.string());
        Session s = new_session(store, "s-00000000000a", sc);
        must(s, cmd::BeginBriefing{});
        must(s, cmd::BeginRunning{});
        must(s, cmd::Advance{600}, 1);
        must(s, cmd::Decide{"alert", "investigate", "soc", "", "Dana", "why not"}, 2);
        must(s, cmd::End{"time is up"}, 3);
        live = s.journal();
        CHECK(store.session("s-00000000000a")->status == "ended");
        must(s, cmd::StartHotwash{}, 4);
        must(s, cmd::Close{}, 5);
    }
    Store store = Store::open(db.string());                      // a fresh connection
    auto info = store.session("s-00000000000a");
    REQUIRE(info);
    CHECK(info->status == "closed");
    CHECK(info->ended_wall == 2000);
    CHECK(info->scenario_id == "engine-branching");
    CHECK(info->scenario_text == sc->source_text);
    CHECK(info->scenario_sha256 == sha256_hex(sc->source_text));
    CHECK(info->seed == 99);
    CHECK(info->participants == std::vector<Participant>{{"Dana", "soc", "tier1"}});
    CHECK(info->script_name == "script.yaml");
    Journal stored = store.events("s-00000000000a");
    CHECK(info->event_count == static_cast<std::int64_t>(stored.size()));
    REQUIRE(stored.size() >= live.size());
    for (std::size_t i = 0; i < live.size(); ++i) {
        CHECK(stored[i].seq == live[i].seq);
        CHECK(stored[i].t == live[i].t);
        CHECK(stored[i].wall_ms == live[i].wall_ms);
        CHECK(stored[i].data == live[i].data);       // typed payloads survive the store
    }
    CHECK(store.last_cmd_index("s-00000000000a") == 5);
    auto idx = store.cmd_indexes("s-00000000000a");
    CHECK_FALSE(idx[0].has_value());                              // session.started: no script step
    CHECK(idx.back() == 5);
    CHECK(store.list_sessions().size() == 1);
    CHECK_FALSE(store.session("s-nope"));
}

TEST_CASE("resume replays the stored scenario text (not the file) into the same state") {
    TempDir tmp;
    fs::path copy = tmp.path / "scenario.yaml";
    fs::copy_file(kFixture, copy);
    auto sc = load(copy.string());
    Store store = Store::open((tmp.path / "ttx.db").string());
    Session s = new_session(store, "s-00000000000b", sc);
    must(s, cmd::BeginBriefing{});
    must(s, cmd::BeginRunning{});
    must(s, cmd::Advance{900});
    must(s, cmd::AddNote{"note", "Kim", "facilitator", false, "", ""});
    fs::remove(copy);                                            // the file is gone (or edited): irrelevant
    Session resumed = Session::resume(store, "s-00000000000b");
    CHECK(resumed.state() == s.state());
    CHECK(resumed.journal_hash() == s.journal_hash());
    // …and it carries on exactly where the original was.
    must(resumed, cmd::Advance{1200});
    CHECK(resumed.state().clock == 1200);
    CHECK_THROWS_AS((void)Session::resume(store, "s-missing"), StoreError);
}

TEST_CASE("a rejected command writes nothing") {
    TempDir tmp;
    Store store = Store::open((tmp.path / "ttx.db").string());
    Session s = new_session(store, "s-00000000000c", load(kFixture));
    auto before = store.events("s-00000000000c").size();
    CommandResult r = s.execute(cmd::Advance{600}, 0, 1);        // still in setup
    CHECK_FALSE(r.ok());
    CHECK(store.events("s-00000000000c").size() == before);
    CHECK(s.journal().size() == before);
}

TEST_CASE("a database from a newer ttx is refused") {
    TempDir tmp;
    fs::path db = tmp.path / "ttx.db";
    { Store store = Store::open(db.string()); }
    raw_exec(db, "PRAGMA user_version = 99");
    try {
        (void)Store::open(db.string());
        FAIL("expected a refusal");
    } catch (const StoreError& e) {
        std::string msg = e.what();
        CHECK(msg.find("newer") != std::string::npos);
        CHECK(msg.find(db.string()) != std::string::npos);
    }
}

TEST_CASE("a file that is not ours is refused and left byte-for-byte untouched") {
    TempDir tmp;
    SUBCASE("plain text") {
        fs::path f = tmp.path / "notes.db";
        std::string text;
        for (int i = 0; i < 200; ++i) text += "these are my notes, not a database\n";
        write_bytes(f, text);
        CHECK_THROWS_WITH_AS((void)Store::open(f.string()), doctest::Contains("not an SQLite database"), StoreError);
        CHECK(slurp(f) == text);
        CHECK_FALSE(fs::exists(f.string() + "-wal"));
    }
    SUBCASE("another application's SQLite database") {
        fs::path f = tmp.path / "photos.db";
        raw_exec(f, "CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos (path) VALUES ('a.jpg');");
        std::string before = slurp(f);
        CHECK_THROWS_WITH_AS((void)Store::open(f.string()), doctest::Contains("not a ttx journal"), StoreError);
        CHECK(slurp(f) == before);
    }
}

TEST_CASE("a corrupt journal gives a clear error and is not overwritten") {
    TempDir tmp;
    fs::path db = tmp.path / "ttx.db";
    {
        Store store = Store::open(db.string());
        Session s = new_session(store, "s-00000000000d", load(kFixture));
        must(s, cmd::BeginBriefing{});
    }
    std::string good = slurp(db);
    REQUIRE(good.size() > 4096);
    std::string bad = good;
    std::mt19937 rng(5);
    for (std::size_t i = 100; i < 4096; ++i) bad[i] = static_cast<char>(rng());   // page 1 after the header
    write_bytes(db, bad);
    try {
        Store store = Store::open(db.string());
        (void)store.list_sessions();
        FAIL("expected an error");
    } catch (const StoreError& e) {
        std::string msg = e.what();
        CHECK(msg.find(db.string()) != std::string::npos);
        CHECK((msg.find("corrupt") != std::string::npos || msg.find("not") != std::string::npos));
    }
    CHECK(slurp(db) == bad);
}

TEST_CASE("a locked journal gives a clear error, nothing is half-written") {
    TempDir tmp;
    fs::path db = tmp.path / "ttx.db";
    Store store = Store::open(db.string(), 100);
    Session s = new_session(store, "s-00000000000e", load(kFixture));
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    auto before = s.state();
    CHECK_THROWS_WITH_AS(s.execute(cmd::BeginBriefing{}, 0), doctest::Contains("locked"), StoreError);
    CHECK(s.state() == before);                                  // not applied: it was not committed
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    must(s, cmd::BeginBriefing{});
    CHECK(store.events("s-00000000000e").size() == 2);
}

TEST_CASE("a full disk gives a clear error and rolls the command back") {
    TempDir tmp;
    fs::path db = tmp.path / "ttx.db";
    Store store = Store::open(db.string());
    Session s = new_session(store, "s-00000000000f", load(kFixture));
    must(s, cmd::BeginBriefing{});
    // Cap the database at its current size: the next big write cannot fit.
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(store.db(), "PRAGMA page_count", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    std::int64_t pages = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    REQUIRE(sqlite3_exec(store.db(), ("PRAGMA max_page_count = " + std::to_string(pages)).c_str(), nullptr, nullptr,
                         nullptr) == SQLITE_OK);
    auto before = s.state();
    std::string huge(200000, 'x');
    CHECK_THROWS_WITH_AS(s.execute(cmd::AddNote{huge, "Kim", "facilitator", false, "", ""}, 0),
                         doctest::Contains("disk is full"), StoreError);
    CHECK(s.state() == before);
    CHECK(store.events("s-00000000000f").size() == 2);
    REQUIRE(sqlite3_exec(store.db(), "PRAGMA max_page_count = 1000000", nullptr, nullptr, nullptr) == SQLITE_OK);
    must(s, cmd::AddNote{huge, "Kim", "facilitator", false, "", ""});     // space again: the same command goes through
    CHECK(store.events("s-00000000000f").size() == 3);
}

TEST_CASE("every event kind survives encode then decode unchanged, with the stored text") {
    const Journal all = {
        {1, 0, 5, ev::SessionStarted{"sc", "ab12", 18446744073709551615ULL, "purple", true,
                                     {{"Dana", "soc", "tier1"}, {"Eli", "soc", ""}}}},
        {2, 0, 0, ev::BriefingStarted{}},
        {3, 0, 0, ev::ExerciseRunning{}},
        {4, 60, 0, ev::ClockAdvanced{0, 60}},
        {5, 60, 0, ev::InjectDelivered{"alert", "s1", {"soc", "leadership"}, "clock"}},
        {6, 60, 0, ev::InjectSkipped{"noise", "not today"}},
        {7, 60, 0, ev::StatusSet{"alert", "soc", "escalated", "Dana", "tier1"}},
        {8, 60, 0, ev::DecisionRecorded{"alert", "contain", "soc", "tier1", "Dana", "why \"not\"\n", false, true,
                                        {"contained"}, {"investigating"}}},
        {9, 60, 0, ev::ExpectationRated{"triage-alert", "S", "ok", "option", "Dana", "alert", "contain", std::nullopt}},
        {10, 60, 0, ev::ExpectationRated{"triage-alert", "P", "", "evaluator", "Kim", "", "", ExTime{30}}},
        {11, 60, 0, ev::NoteAdded{"ünïcode ✓", "Kim", "observer", true, "alert", ""}},
        {12, 60, 0, ev::NoteAdded{"no inject", "", "facilitator", false, "", ""}},
        {13, 60, 0, ev::RedMove{"s2", "vba", "T1059.005", true}},
        {14, 60, 0, ev::PurpleObserved{"T1059.005", "alerted", ExTime{45}, "soc", ""}},
        {15, 60, 0, ev::PurpleObserved{"T1059.005", "none", std::nullopt, "soc", "missed"}},
        {16, 60, 0, ev::ExercisePaused{}},
        {17, 60, 0, ev::ExerciseResumed{}},
        {18, 60, 0, ev::ExerciseEnded{"", "facilitator", "time"}},
        {19, 60, 0, ev::HotwashStarted{}},
        {20, 60, 0, ev::SessionClosed{}},
        {21, 60, 0, ev::EntryRetracted{11, "dup"}},
        {22, 60, 0, ev::RedAdjudicated{"s2", "vba", "T1059.005", "alerted", "roll", "xdr-vba on DC0032",
                                       {"xdr-vba on DC0032: p=0.90 draw=4312/10000 hit"}}},
        {23, 60, 0, ev::HuntRun{"soc", "DC0035", "lsass \"handles\"", {"s2/vba"}, {}}},
        {24, 60, 0, ev::OutcomeOverridden{"s2", "vba", "blocked", "ASR was on", "white"}},
        {25, 60, 0, ev::DecisionSigned{"phish", "isolate", "soc", "legal", "Ana", "agreed", {"legal"}}},
        {26, 60, 0, ev::FeedbackRecorded{"Ana", "soc", "tier1", {"realistic", "went-well"}, {"4", "Fast \"isolation\""}}},
    };
    std::set<std::size_t> kinds;
    for (const auto& e : all) {
        kinds.insert(e.data.index());
        const std::string text = encode_data(e.data);
        const Event back = decode_event(e.seq, e.t, e.wall_ms, e.kind(), text);
        CHECK_MESSAGE(back == e, text);
        // The stored text is what nlohmann writes for it: sorted keys, same escapes.
        CHECK(nlohmann::json::parse(text).dump() == text);
    }
    CHECK(kinds.size() == std::variant_size_v<EventData>);
    // Optional fields: written only when set, and absent ones read as defaults.
    CHECK(encode_data(all[11].data).find("\"inject\"") == std::string::npos);
    CHECK(encode_data(all[8].data).find("\"at\"") == std::string::npos);
    CHECK(encode_data(all[9].data).find("\"at\":30") != std::string::npos);
    CHECK(encode_data(all[14].data).find("\"detected_at\":null") != std::string::npos);
    const Event old = decode_event(3, 0, 0, "decision.recorded", R"({"inject":"a","option":"b","extra":{"x":[1,{}]}})");
    REQUIRE(old.get<ev::DecisionRecorded>());
    CHECK(old.get<ev::DecisionRecorded>()->set.empty());
    CHECK_FALSE(old.get<ev::DecisionRecorded>()->timed_out);
}

TEST_CASE("a stored payload that does not decode is refused with its seq and field") {
    auto refused = [](std::string_view kind, std::string_view text) {
        try {
            (void)decode_event(7, 0, 0, kind, text);
        } catch (const JournalError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK(refused("inject.status", R"({"inject":"a","team":3,"status":"escalated"})") ==
          "event 7 (inject.status): field 'team' must be a string");
    CHECK(refused("inject.status", R"({"inject":"a","status":"escalated"})") ==
          "event 7 (inject.status): required field 'team' is missing");
    CHECK(refused("clock.advanced", R"({"from":0,"to":1.5})") == "event 7 (clock.advanced): field 'to' must be an integer");
    CHECK(refused("inject.delivered", R"({"inject":"a","teams":["soc",1]})") ==
          "event 7 (inject.delivered): field 'teams' must be a list of strings");
    CHECK(refused("session.started", R"({"scenario":"s","seed":-1,"mode":"blue"})") ==
          "event 7 (session.started): field 'seed' must be a non-negative integer");
    CHECK(refused("session.started", R"({"scenario":"s","seed":1,"mode":"blue","participants":[{"name":2}]})") ==
          "event 7 (session.started): field 'participants' must be a list of {name, team, role} objects of strings");
    CHECK(refused("note.added", R"([1,2])") == "event 7 (note.added): the payload must be a JSON object");
    CHECK(refused("note.added", R"({"text":)").find("event 7 (note.added): the payload is not valid JSON") == 0);
    CHECK(refused("no.such.kind", "{}") == "event 7: unknown event kind 'no.such.kind'");
    CHECK(refused("note.added", R"({"text":"x","inject":null,"unknown":[[{}]]})") == "accepted");

    // Through the store: resuming names the damaged event and field.
    TempDir tmp;
    const fs::path db = tmp.path / "ttx.db";
    {
        Store store = Store::open(db.string());
        Session s = new_session(store, "s-00000000000d", load(kFixture));
        must(s, cmd::BeginBriefing{});
    }
    raw_exec(db, "UPDATE events SET data = '{\"scenario\":\"engine-branching\",\"seed\":\"x\",\"mode\":\"blue\"}' "
                 "WHERE seq = 1");
    Store store = Store::open(db.string());
    CHECK_THROWS_WITH_AS(store.events("s-00000000000d"),
                         "event 1 (session.started): field 'seed' must be a non-negative integer", JournalError);
    CHECK_THROWS_WITH_AS((void)Session::resume(store, "s-00000000000d"),
                         doctest::Contains("event 1 (session.started): field 'seed'"), StoreError);
}
