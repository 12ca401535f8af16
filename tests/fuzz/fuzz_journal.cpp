// tests/fuzz/fuzz_journal.cpp — a damaged journal database: open, list, resume, score, report.
//
// At start-up a real journal is recorded (the invoice-ransomware scenario
// driven by tests/fixtures/scoring/invoice-late.decisions.yaml, and a purple
// session of purple-credential-theft) into a database on /dev/shm. Each input
// then damages a copy of that file. An input whose first byte is even damages
// bytes: every 4 input bytes (a 24-bit offset and a value) overwrite one byte,
// and a length that leaves 3 bytes over also truncates the file. An input
// whose first byte is odd damages meaning instead (damage_events): valid
// SQLite, valid JSON mostly, but events the engine never wrote. The copy is opened with the store, every session is
// listed and resumed, then scored and reported (checks.hpp).
//
// What must hold: a damaged file is refused with sim::StoreError (a sentence),
// or it reads as a journal that replays. Any other exception, crash, leak or
// sanitizer report is a finding. TTX_FUZZ_DUMP_DB=FILE keeps the damaged copy
// of the last input run, which is what tests/fixtures/regressions/ stores.
#include <sqlite3.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "sim/script/decision_script.hpp"
#include "sim/engine/session.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/fuzz/checks.hpp"

namespace fs = std::filesystem;

namespace {

fs::path g_dir;
std::string g_base;                     // bytes of the undamaged database

std::shared_ptr<const sim::Scenario> load(const std::string& rel) {
    sim::LoadResult r = sim::load_scenario_file(std::string(TTX_SOURCE_DIR) + "/" + rel);
    if (!r.scenario || r.diags.has_errors()) __builtin_trap();
    return std::make_shared<const sim::Scenario>(std::move(*r.scenario));
}

void record_base(const fs::path& db) {
    sim::Store store = sim::Store::open(db.string());
    {
        sim::Diagnostics diags;
        auto script = sim::script::load_decision_script(
            std::string(TTX_SOURCE_DIR) + "/tests/fixtures/scoring/invoice-late.decisions.yaml", diags);
        if (!script) __builtin_trap();
        sim::cmd::Start start{script->seed.value_or(42), script->mode.value_or(sim::Mode::blue), false,
                              script->participants};
        auto created = sim::Session::create(store, "s-000000000001", load("scenarios/invoice-ransomware.yaml"), start,
                                            1'700'000'000'000, {script->name, script->text});
        auto& s = std::get<sim::Session>(created);
        (void)s.execute(sim::cmd::BeginBriefing{}, 1'700'000'001'000);
        (void)s.execute(sim::cmd::BeginRunning{}, 1'700'000'002'000);
        std::int64_t i = 0;
        for (const auto& step : script->steps) {
            ++i;
            (void)s.execute(step.command, 1'700'000'003'000 + i, i);
        }
    }
    {
        auto sc = load("scenarios/purple-credential-theft.yaml");
        sim::cmd::Start start{99, sim::Mode::purple, true, {}};
        auto created = sim::Session::create(store, "s-000000000002", sc, start, 1'700'000'100'000);
        auto& s = std::get<sim::Session>(created);
        (void)s.execute(sim::cmd::BeginBriefing{}, 1'700'000'101'000);
        (void)s.execute(sim::cmd::BeginRunning{}, 1'700'000'102'000);
        (void)s.execute(sim::cmd::Advance{30 * 60}, 1'700'000'103'000);
        (void)s.execute(sim::cmd::AddNote{"EDR saw the dump", "Facilitator", "facilitator", true, ""}, 1'700'000'104'000);
        (void)s.execute(sim::cmd::End{"time"}, 1'700'000'105'000);
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    g_dir = fs::path("/dev/shm") / ("ttx-fuzz-journal-" + std::to_string(::getpid()));
    fs::remove_all(g_dir);
    fs::create_directories(g_dir);
    const fs::path base = g_dir / "base.db";
    record_base(base);                  // the Store is closed here: the WAL is checkpointed into the file
    std::ifstream in(base, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    g_base = bytes.str();
    if (g_base.empty()) __builtin_trap();
    std::atexit([] {
        std::error_code ec;
        fs::remove_all(g_dir, ec);
    });
    return 0;
}

// Semantic damage: well-formed SQLite whose events say things the engine never
// wrote. Each 6-byte record picks an event (2 bytes), what to change (1 byte)
// and how (3 bytes): a byte of its JSON text, one JSON value replaced by a
// value of another type, its kind, or its time.
void damage_events(const std::string& path, const std::uint8_t* data, std::size_t size) {
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
        sqlite3_close(db);
        return;
    }
    struct Row {
        std::string session;
        std::int64_t seq;
        std::int64_t t;
        std::string kind, json;
    };
    std::vector<Row> rows;
    sqlite3_stmt* sel = nullptr;
    sqlite3_prepare_v2(db, "SELECT session_id, seq, t, kind, data FROM events ORDER BY session_id, seq", -1, &sel, nullptr);
    while (sel && sqlite3_step(sel) == SQLITE_ROW)
        rows.push_back({reinterpret_cast<const char*>(sqlite3_column_text(sel, 0)), sqlite3_column_int64(sel, 1),
                        sqlite3_column_int64(sel, 2), reinterpret_cast<const char*>(sqlite3_column_text(sel, 3)),
                        reinterpret_cast<const char*>(sqlite3_column_text(sel, 4))});
    sqlite3_finalize(sel);
    static const char* kKinds[] = {"session.started", "briefing.started", "exercise.running", "clock.advanced",
                                   "inject.delivered", "inject.skipped", "inject.status", "decision.recorded",
                                   "expectation.rated", "note.added", "red.move", "purple.outcome", "exercise.paused",
                                   "exercise.resumed", "exercise.ended", "hotwash.started", "session.closed",
                                   "entry.retracted", "no.such.kind"};
    const nlohmann::json kOdd[] = {nullptr, 0, -1, 9223372036854775807LL, 1e308, "", "x", nlohmann::json::array(),
                                   nlohmann::json::object(), true, nlohmann::json::array({1, "a", nullptr}),
                                   "no-such-id", -9223372036854775807LL - 1};
    for (std::size_t i = 1; i + 6 <= size && !rows.empty(); i += 6) {
        Row& r = rows[(data[i] | (data[i + 1] << 8)) % rows.size()];
        const std::uint8_t how = data[i + 2], a = data[i + 3], b = data[i + 4], c = data[i + 5];
        switch (how % 4) {
        case 0:
            if (!r.json.empty()) r.json[(a | (b << 8)) % r.json.size()] = static_cast<char>(c);
            break;
        case 1: {
            auto j = nlohmann::json::parse(r.json, nullptr, false);
            if (j.is_object() && !j.empty()) {
                auto it = j.begin();
                std::advance(it, a % j.size());
                *it = kOdd[b % std::size(kOdd)];
                r.json = j.dump();
            }
            break;
        }
        case 2: r.kind = kKinds[a % std::size(kKinds)]; break;
        default: r.t += static_cast<std::int8_t>(a); break;
        }
        sqlite3_stmt* up = nullptr;
        sqlite3_prepare_v2(db, "UPDATE events SET t = ?, kind = ?, data = ? WHERE session_id = ? AND seq = ?", -1, &up,
                           nullptr);
        sqlite3_bind_int64(up, 1, r.t);
        sqlite3_bind_text(up, 2, r.kind.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(up, 3, r.json.data(), static_cast<int>(r.json.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(up, 4, r.session.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(up, 5, r.seq);
        sqlite3_step(up);
        sqlite3_finalize(up);
    }
    sqlite3_close(db);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const bool semantic = size > 0 && data[0] % 2 == 1;
    std::string db = g_base;
    if (!semantic) {
        for (std::size_t i = 0; i + 4 <= size; i += 4) {
            std::size_t off = (data[i] | (data[i + 1] << 8) | (std::size_t{data[i + 2]} << 16)) % db.size();
            db[off] = static_cast<char>(data[i + 3]);
        }
        if (size % 4 == 3) db.resize(db.size() * (data[size - 1] + 1u) / 257u);
    }

    const fs::path path = g_dir / "damaged.db";
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix, ec);
    {
        std::ofstream out(path, std::ios::binary);
        out.write(db.data(), static_cast<std::streamsize>(db.size()));
    }
    if (semantic) damage_events(path.string(), data, size);
    if (const char* dump = std::getenv("TTX_FUZZ_DUMP_DB"); dump && *dump)
        fs::copy_file(path, dump, fs::copy_options::overwrite_existing);   // for tests/fixtures/regressions/
    if (std::string broken = fuzz::check_store_file(path.string()); !broken.empty()) {
        std::fprintf(stderr, "fuzz_journal: %s\n", broken.c_str());
        __builtin_trap();
    }
    return 0;
}
