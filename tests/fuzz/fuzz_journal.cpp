// tests/fuzz/fuzz_journal.cpp — a damaged journal database: open, list, resume, score, report.
//
// At start-up a real journal is recorded into a database on /dev/shm: a small
// scenario (kScenario) played once in blue mode to its close and once in
// purple mode, between them every command the engine has (record_base). Each input
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

#include "sim/attack/catalog.hpp"
#include "sim/engine/session.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/fuzz/checks.hpp"

namespace fs = std::filesystem;

namespace {

fs::path g_dir;
std::string g_base;                     // bytes of the undamaged database

// The base journal's scenario: as small as the engine allows while every
// command, and so every event kind, has something to act on. Each input pays
// for parsing it (twice per session: resume and report) and for rendering what
// was recorded against it, so its size is the target's speed.
constexpr const char* kScenario = R"(format: ttx/1
id: fuzz-base
title: Fuzz base
version: "1"
summary: A phish, a benign alert and a red move, for the journal fuzzer.
teams:
  - { id: soc, name: SOC, kind: blue, roles: [tier1, csirt] }
  - { id: red, name: Red cell, kind: red }
objectives:
  - { id: obj, text: Contain it, capability: containment, weight: 2 }
stages:
  - { id: s1, tactic: initial-access, title: Phish }
  - { id: s2, tactic: credential-access, title: Creds }
injects:
  - id: phish
    stage: s1
    at: "+00:05"
    to: soc
    title: Reported phish
    techniques: [T1566.001]
    expect:
      - { id: triage, action: triage, by: tier1, within: 10m, capability: triage }
      - { id: contain, action: contain, by: csirt, within: 15m, capability: containment, objective: obj }
    decision:
      prompt: Now?
      by: soc
      timeout: 20m
      default: isolate
      options:
        - { id: isolate, label: Isolate, rate: { contain: S }, goto: lsass }
        - { id: wait, label: Wait }
  - { id: printer, stage: s1, at: "+00:08", to: soc, title: Printer logons, benign: true,
      expect: [{ id: dismiss, action: dismiss, by: tier1, within: 20m, capability: alert-quality }] }
  - { id: lsass, stage: s2, to: soc, title: LSASS access, techniques: [T1003.001] }
  - { id: late, stage: s2, at: "+00:40", to: soc, title: Sent early }
  - { id: spare, stage: s2, at: "+01:00", to: soc, title: Never sent }
red_moves:
  s2:
    - { technique: T1003.001, description: LSASS dump, observable: Sysmon 10 }
    - { technique: T1558.003, description: Kerberoast, observable: "4769 RC4" }
)";

// Runs `c` against the base session; the base must use every command, so a refusal stops the fuzzer at start-up.
void must(sim::Session& s, const sim::Command& c, std::int64_t wall) {
    if (sim::CommandResult r = s.execute(c, wall); !r) {
        std::fprintf(stderr, "fuzz_journal: the base journal's %s was refused: %s\n", sim::command_name(c),
                     r.error.c_str());
        __builtin_trap();
    }
}

void record_base(const fs::path& db) {
    sim::LoadResult r = sim::load_scenario_text(kScenario, "fuzz-base.yaml");
    if (r.scenario) sim::validate_scenario(*r.scenario, sim::attack::builtin_catalog(), r.diags);
    if (!r.scenario || r.diags.has_errors()) {
        for (const auto& d : r.diags.items) std::fprintf(stderr, "%s\n", sim::format_diagnostic(d).c_str());
        __builtin_trap();
    }
    const auto sc = std::make_shared<const sim::Scenario>(std::move(*r.scenario));
    sim::Store store = sim::Store::open(db.string());
    namespace cmd = sim::cmd;
    std::int64_t wall = 1'700'000'000'000;
    {   // blue: decisions, statuses, ratings, notes, a skip, a retraction, pause, hotwash, close
        auto created = sim::Session::create(store, "s-000000000001", sc,
                                            cmd::Start{42, sim::Mode::blue, false, {{"Ana", "soc", "tier1"}, {"Bo", "soc", "csirt"}}},
                                            wall, {"fuzz.decisions.yaml", "steps: []\n"});
        auto& s = std::get<sim::Session>(created);
        must(s, cmd::BeginBriefing{}, ++wall);
        must(s, cmd::BeginRunning{}, ++wall);
        must(s, cmd::Skip{"spare", "not needed"}, ++wall);
        must(s, cmd::Advance{5 * 60}, ++wall);
        must(s, cmd::SetStatus{"phish", "soc", "acknowledged", "Ana", "tier1"}, ++wall);
        must(s, cmd::Rate{"triage", "S", "on time", "facilitator", "Fac"}, ++wall);
        must(s, cmd::Pause{}, ++wall);
        must(s, cmd::AddNote{"mail gateway <b>missed</b> it", "Fac", "facilitator", true, "phish", ""}, ++wall);
        must(s, cmd::Resume{}, ++wall);
        must(s, cmd::Advance{8 * 60}, ++wall);
        must(s, cmd::SetStatus{"printer", "soc", "escalated", "", ""}, ++wall);
        must(s, cmd::Decide{"phish", "isolate", "soc", "csirt", "Bo", "contain first"}, ++wall);
        must(s, cmd::DeliverNext{}, ++wall);
        must(s, cmd::AddNote{"=cmd|' /C calc'!A0", "Obs", "observer", false, "", ""}, ++wall);
        const std::int64_t note_seq = static_cast<std::int64_t>(s.journal().size());
        must(s, cmd::Retract{note_seq, "typo"}, ++wall);
        must(s, cmd::End{"time"}, ++wall);
        must(s, cmd::StartHotwash{}, ++wall);
        must(s, cmd::Rate{"dismiss", "M", "late", "evaluator", "Eve"}, ++wall);
        must(s, cmd::Close{}, ++wall);
    }
    {   // purple: a chosen red move and outcomes, one retracted; left running so resume has something to resume
        auto created = sim::Session::create(store, "s-000000000002", sc, cmd::Start{99, sim::Mode::purple, true, {}}, ++wall);
        auto& s = std::get<sim::Session>(created);
        must(s, cmd::BeginBriefing{}, ++wall);
        must(s, cmd::BeginRunning{}, ++wall);
        must(s, cmd::ChooseRedMove{"s2", s.scenario().red_moves.at("s2").back().id}, ++wall);
        must(s, cmd::Advance{30 * 60}, ++wall);
        must(s, cmd::RecordPurpleOutcome{"T1566.001", "alerted", 6 * 60, "soc", "mail alert"}, ++wall);
        must(s, cmd::RecordPurpleOutcome{"T1558.003", "none", std::nullopt, "soc", ""}, ++wall);
        must(s, cmd::Retract{static_cast<std::int64_t>(s.journal().size()), "re-run"}, ++wall);
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
