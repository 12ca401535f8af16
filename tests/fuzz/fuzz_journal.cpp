// tests/fuzz/fuzz_journal.cpp — a damaged journal database: open, list, resume, score, report.
//
// At start-up a real journal is recorded (the invoice-ransomware scenario
// driven by tests/fixtures/scoring/invoice-late.decisions.yaml, and a purple
// session of purple-credential-theft) into a database on /dev/shm. Each input
// then damages a copy of that file: every 4 input bytes (a 24-bit offset and a
// value) overwrite one byte, and an input whose length leaves 3 bytes over
// also truncates the file. The copy is opened with the store, every session is
// listed and resumed, then scored and reported.
//
// What must hold: a damaged file is refused with sim::StoreError (a sentence),
// or it reads as a journal that replays. Any other exception, crash, leak or
// sanitizer report is a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/exercise_cli.hpp"
#include "sim/engine/session.hpp"
#include "sim/report/report.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scoring/scorecard.hpp"
#include "sim/store/store.hpp"

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
        auto script = cli::load_decision_script(
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

void exercise_store(const std::string& path) {
    sim::Store store = sim::Store::open(path, 50);
    for (const auto& info : store.list_sessions()) {
        (void)store.cmd_indexes(info.id);
        (void)store.last_cmd_index(info.id);
        sim::Session s = sim::Session::resume(store, info.id);
        sim::scoring::Scorecard card = sim::scoring::score(s.scenario(), s.journal());
        sim::report::SessionMeta meta = sim::report::meta_from_journal(s.id(), s.journal());
        sim::report::ReportInput in{s.scenario(), s.journal(), meta, card};
        (void)sim::report::render_html(in);
        (void)sim::report::render_json(in);
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

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string db = g_base;
    for (std::size_t i = 0; i + 4 <= size; i += 4) {
        std::size_t off = (data[i] | (data[i + 1] << 8) | (std::size_t{data[i + 2]} << 16)) % db.size();
        db[off] = static_cast<char>(data[i + 3]);
    }
    if (size % 4 == 3) db.resize(db.size() * (data[size - 1] + 1u) / 257u);

    const fs::path path = g_dir / "damaged.db";
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix, ec);
    {
        std::ofstream out(path, std::ios::binary);
        out.write(db.data(), static_cast<std::streamsize>(db.size()));
    }
    try {
        exercise_store(path.string());
    } catch (const sim::StoreError&) {
        // Refused with a sentence: what a damaged file must produce.
    }
    return 0;
}
