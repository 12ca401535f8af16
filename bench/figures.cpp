// bench/figures.cpp — load, engine, commit, replay, report and explore, each against its bare baseline.
#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <stdexcept>

#include <boost/mpl/list.hpp>
#include <boost/multiprecision/cpp_int.hpp>
#include <boost/statechart/event.hpp>
#include <boost/statechart/simple_state.hpp>
#include <boost/statechart/state_machine.hpp>
#include <boost/statechart/transition.hpp>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "bench/bench.hpp"
#include "bench/workload.hpp"
#include "sim/attack/catalog.hpp"
#include "sim/engine/exercise.hpp"
#include "sim/engine/session.hpp"
#include "sim/explore/explore.hpp"
#include "sim/report/report.hpp"
#include "sim/scenario/limits.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scoring/scorecard.hpp"
#include "sim/store/store.hpp"

namespace bench {

namespace {

// ---- a quadratic-safe ladder --------------------------------------------------------
//
// Some figures are specified at a size (1M events) that code with a cost per
// event growing with the journal would need hours to reach. The ladder times
// N/256, N/128, ... N/2 and N (rungs under 1000 skipped), and stops when the
// next rung is predicted to take longer than the budget; the value at N is then
// extrapolated from the growth measured between the last two rungs, and the
// figure says so.
struct LadderResult {
    double ms = 0;                      // at `size`, measured or extrapolated
    std::size_t measured_size = 0;      // largest size actually timed
    double measured_ms = 0;             // its time
    std::vector<std::pair<std::size_t, double>> rungs;   // every (size, ms) timed
    double exponent = 1;                // growth: time ∝ size^exponent
    bool estimated = false;
    bool assumed = false;               // only one rung fitted the budget: growth assumed quadratic
};

LadderResult ladder(std::size_t n, double budget_s, const std::function<double(std::size_t)>& time_ms) {
    LadderResult r;
    std::vector<std::size_t> sizes;
    for (std::size_t div = 256; div >= 1; div /= 2)
        if (std::size_t s = n / div; s >= 1000 && (sizes.empty() || s > sizes.back())) sizes.push_back(s);
    if (sizes.empty() || sizes.back() != n) sizes.push_back(n);
    double prev_ms = 0;
    std::size_t prev_size = 0;
    for (std::size_t s : sizes) {
        if (prev_size) {
            // Predict conservatively (quadratic) until two rungs give the real growth.
            double k = r.measured_size && r.exponent > 0 ? r.exponent : 2.0;
            double predicted_s = prev_ms * std::pow(double(s) / double(prev_size), k) / 1000.0;
            if (predicted_s > budget_s) {
                r.exponent = std::max(k, 1.0);
                r.assumed = r.measured_size && sizes.front() == prev_size;
                r.ms = prev_ms * std::pow(double(n) / double(prev_size), r.exponent);
                r.estimated = true;
                return r;
            }
        }
        double ms = time_ms(s);
        if (prev_size) r.exponent = std::log(ms / prev_ms) / std::log(double(s) / double(prev_size));
        else r.exponent = 0;            // unknown yet
        prev_ms = ms;
        prev_size = s;
        r.measured_size = s;
        r.measured_ms = ms;
        r.rungs.emplace_back(s, ms);
        r.ms = ms;
    }
    if (r.exponent == 0) r.exponent = 1;
    return r;
}

std::string ladder_note(const LadderResult& r, std::size_t n, const char* what) {
    if (!r.estimated) return fmt::format("time grows as {}^{:.2f}", what, r.exponent);
    return fmt::format("ESTIMATED from {} {} in {:.0f} ms (time grows as {}^{:.2f}{}); {} would exceed the run's time budget",
                       r.measured_size, what, r.measured_ms, what, r.exponent, r.assumed ? ", assumed" : ", measured", n);
}

void add_ladder(Figure& f, const LadderResult& r) {
    f.extra["estimated"] = r.estimated;
    f.extra["measured_size"] = r.measured_size;
    f.extra["measured_ms"] = r.measured_ms;
    f.extra["rungs"] = r.rungs;
    f.extra["growth_exponent"] = std::round(r.exponent * 100) / 100;
}

// ---- bare Boost.Statechart: Running ⇄ Paused ------------------------------------------
namespace bare {
namespace sc = boost::statechart;
struct EvPause : sc::event<EvPause> {};
struct EvResume : sc::event<EvResume> {};
struct Running;
struct Paused;
struct Machine : sc::state_machine<Machine, Running> {};
struct Running : sc::simple_state<Running, Machine> {
    using reactions = sc::transition<EvPause, Paused>;
};
struct Paused : sc::simple_state<Paused, Machine> {
    using reactions = sc::transition<EvResume, Running>;
};
} // namespace bare

// ---- bare sqlite3 -------------------------------------------------------------------

void check(sqlite3* db, int rc, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        throw std::runtime_error(fmt::format("bare sqlite3 {}: {}", what, sqlite3_errmsg(db)));
}

struct BareDb {
    sqlite3* db = nullptr;
    explicit BareDb(const std::string& path) {
        check(db, sqlite3_open(path.c_str(), &db), "open");
        // The same pragmas and table as sim/store/store.cpp.
        check(db, sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", nullptr, nullptr, nullptr), "pragmas");
        check(db, sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS events (session_id TEXT NOT NULL, seq INTEGER NOT NULL, "
                                   "t INTEGER NOT NULL, wall_ms INTEGER NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL, "
                                   "cmd_index INTEGER, PRIMARY KEY (session_id, seq)) WITHOUT ROWID",
                                   nullptr, nullptr, nullptr), "create");
    }
    ~BareDb() { sqlite3_close(db); }
};

// A session with the first `injects` injects played and the exercise running.
struct LiveExercise {
    std::shared_ptr<const sim::Scenario> sc;
    sim::Exercise ex;
    explicit LiveExercise(int injects) : sc(load_generated(generate_scenario_yaml(injects))), ex(sc) {
        for (const auto& c : std::vector<sim::Command>{sim::cmd::Start{1, sim::Mode::blue, false, {}},
                                                        sim::cmd::BeginBriefing{}, sim::cmd::BeginRunning{}})
            step(c);
    }
    void step(const sim::Command& c) {
        sim::CommandResult r = ex.plan(c);
        if (!r) throw std::runtime_error(std::string("engine refused ") + sim::command_name(c) + ": " + r.error);
        for (const auto& e : r.events) ex.apply(e);
    }
};

} // namespace

// ---- load ---------------------------------------------------------------------------

Figure load_figure(const Config& c) {
    const int injects = c.quick ? 100 : static_cast<int>(sim::limits::kMaxInjects);
    const std::string yaml = generate_scenario_yaml(injects);
    Figure f;
    f.key = "load";
    f.what = fmt::format("load + validate, {} injects ({:.1f} MB YAML)", injects, yaml.size() / 1e6);
    f.unit = "ms";
    f.bound = Bound::ratio;
    f.target = 1.2;
    f.baseline_what = "bare YAML::Load of the same text";
    (void)load_generated(yaml);         // throws if the generator is wrong
    const int runs = c.quick ? 3 : 7;
    f.value = median_ms(runs, [&] {
        sim::LoadResult r = sim::load_scenario_text(yaml, "bench-generated.yaml");
        sim::validate_scenario(*r.scenario, sim::attack::builtin_catalog(), r.diags);
        keep(&r);
    });
    f.baseline = median_ms(runs, [&] {
        YAML::Node root = YAML::Load(yaml);
        keep(&root);
    });
    double load_only = median_ms(runs, [&] {
        sim::LoadResult r = sim::load_scenario_text(yaml, "bench-generated.yaml");
        keep(&r);
    });
    f.note = fmt::format("load {:.0f} ms + validate {:.0f} ms", load_only, *f.value - load_only);
    f.extra["load_ms"] = load_only;
    return f;
}

// ---- engine -------------------------------------------------------------------------

Figure engine_figure(const Config& c) {
    const int commands = c.quick ? 500 : 5000;
    Figure f;
    f.key = "engine";
    f.what = fmt::format("engine command (plan + apply), {} pause/resume", commands);
    f.unit = "us";
    f.bound = Bound::ratio;
    f.target = 100;
    f.baseline_what = "bare Boost.Statechart transition";

    LiveExercise live(20);
    const sim::Command pause = sim::cmd::Pause{}, resume = sim::cmd::Resume{};
    auto start = Clock::now();
    for (int i = 0; i < commands; ++i) live.step(i % 2 ? resume : pause);
    f.value = ms_since(start) * 1000.0 / commands;

    bare::Machine m;
    m.initiate();
    const int transitions = commands * 100;     // cheap: more of them for a stable figure
    start = Clock::now();
    for (int i = 0; i < transitions; i += 2) {
        m.process_event(bare::EvPause{});
        m.process_event(bare::EvResume{});
    }
    f.baseline = ms_since(start) * 1000.0 / transitions;
    keep(&m);
    return f;
}

// ---- engine.growth -------------------------------------------------------------------

// The same command on a fresh exercise and after a long journal: planning reads
// only what it needs, so the two should cost the same.
Figure growth_figure(const Config& c) {
    const std::int64_t events = c.quick ? 2'000 : 20'000;
    const int sample = c.quick ? 200 : 1000, rounds = 5;
    Figure f;
    f.key = "engine.growth";
    f.what = fmt::format("engine command (plan + apply) after {} events, pause/resume", events);
    f.unit = "us";
    f.bound = Bound::ratio;
    f.target = 1.2;
    f.baseline_what = "the same command on a fresh exercise";
    auto per_command_us = [&](LiveExercise& live) {
        auto start = Clock::now();
        for (int i = 0; i < sample; ++i)
            live.step(live.ex.state().phase == sim::Phase::paused ? sim::Command{sim::cmd::Resume{}}
                                                                   : sim::Command{sim::cmd::Pause{}});
        return ms_since(start) * 1000.0 / sample;
    };
    std::vector<double> fresh, late;
    for (int r = 0; r < rounds; ++r) {
        LiveExercise live(20);
        fresh.push_back(per_command_us(live));
    }
    LiveExercise longer(20);
    while (longer.ex.state().last_seq < events)
        longer.step(longer.ex.state().phase == sim::Phase::paused ? sim::Command{sim::cmd::Resume{}}
                                                                   : sim::Command{sim::cmd::Pause{}});
    for (int r = 0; r < rounds; ++r) late.push_back(per_command_us(longer));
    f.value = quantile(late, 0.5);
    f.baseline = quantile(fresh, 0.5);
    f.note = fmt::format("median of {} runs of {} commands each", rounds, sample);
    f.extra["events"] = events;
    return f;
}

// ---- commit -------------------------------------------------------------------------

Figure commit_figure(const Config& c) {
    const int commands = c.quick ? 100 : 2000;
    ScratchDir dir(c.dir);
    Figure f;
    f.key = "commit";
    f.what = fmt::format("durable command commit p99, {} notes (WAL, synchronous=FULL)", commands);
    f.unit = "ms";
    f.bound = Bound::value;
    f.target = 2;
    f.baseline_what = "bare sqlite3 INSERT + COMMIT p99, same pragmas";

    auto sc = load_generated(generate_scenario_yaml(20));
    std::vector<double> lat;
    {
        sim::Store store = sim::Store::open(dir.file("ttx.db"));
        auto created = sim::Session::create(store, "s-00000000bench", sc, sim::cmd::Start{1, sim::Mode::blue, false, {}},
                                            1'700'000'000'000);
        auto& s = std::get<sim::Session>(created);
        (void)s.execute(sim::cmd::BeginBriefing{}, 1'700'000'000'001);
        (void)s.execute(sim::cmd::BeginRunning{}, 1'700'000'000'002);
        for (int i = 0; i < commands; ++i) {
            sim::cmd::AddNote note{fmt::format("Observation {}: the analyst re-checked the queue", i), "Facilitator Ana",
                                   "facilitator", false, "", ""};
            auto start = Clock::now();
            sim::CommandResult r = s.execute(note, 1'700'000'001'000 + i);
            lat.push_back(ms_since(start));
            if (!r) throw std::runtime_error("commit benchmark: note refused: " + r.error);
        }
    }
    std::vector<double> base;
    {
        BareDb db(dir.file("bare.db"));
        sqlite3_stmt* ins = nullptr;
        check(db.db, sqlite3_prepare_v2(db.db, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, NULL)", -1, &ins, nullptr), "prepare");
        const std::string data = R"({"action":false,"author":"Facilitator Ana","role":"facilitator","text":"Observation 0: the analyst re-checked the queue"})";
        for (int i = 0; i < commands; ++i) {
            auto start = Clock::now();
            check(db.db, sqlite3_exec(db.db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), "begin");
            sqlite3_bind_text(ins, 1, "s-00000000bench", -1, SQLITE_STATIC);
            sqlite3_bind_int64(ins, 2, i + 1);
            sqlite3_bind_int64(ins, 3, 0);
            sqlite3_bind_int64(ins, 4, 1'700'000'001'000 + i);
            sqlite3_bind_text(ins, 5, "note.added", -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 6, data.c_str(), static_cast<int>(data.size()), SQLITE_STATIC);
            check(db.db, sqlite3_step(ins), "insert");
            sqlite3_reset(ins);
            check(db.db, sqlite3_exec(db.db, "COMMIT", nullptr, nullptr, nullptr), "commit");
            base.push_back(ms_since(start));
        }
        sqlite3_finalize(ins);
    }
    f.value = quantile(lat, 0.99);
    f.baseline = quantile(base, 0.99);
    f.note = fmt::format("p50 {:.3f} ms (bare {:.3f} ms); databases in {}", quantile(lat, 0.5), quantile(base, 0.5),
                         std::filesystem::path(dir.path()).parent_path().string());
    f.extra["p50"] = quantile(lat, 0.5);
    f.extra["baseline_p50"] = quantile(base, 0.5);
    return f;
}

// ---- replay -------------------------------------------------------------------------

Figure replay_figure(const Config& c) {
    const std::size_t n = c.quick ? 5'000 : 1'000'000;
    ScratchDir dir(c.dir);
    Figure f;
    f.key = "replay";
    f.what = fmt::format("replay a {}-event journal (read + fold)", n);
    f.unit = "ms";
    f.bound = Bound::value;
    f.target = 500;
    f.baseline_what = "bare sqlite3 SELECT of the same rows";

    auto sc = load_generated(generate_scenario_yaml(200));
    const sim::Journal full = generate_journal(sc, n);
    const std::string db_path = dir.file("replay.db");
    auto session_id = [](std::size_t size) { return fmt::format("s-{:012}", size); };
    {
        sim::Store store = sim::Store::open(db_path);
        write_session(store, session_id(n), *sc, full);
    }
    LadderResult r = ladder(n, c.budget_s, [&](std::size_t size) {
        sim::Store store = sim::Store::open(db_path);
        if (size != n && !store.session(session_id(size)))
            write_session(store, session_id(size), *sc, sim::Journal(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size)));
        auto start = Clock::now();
        sim::Session s = sim::Session::resume(store, session_id(size));
        double ms = ms_since(start);
        if (s.journal().size() != size) throw std::runtime_error("replay benchmark: the journal came back short");
        return ms;
    });
    f.value = r.ms;
    add_ladder(f, r);

    sqlite3* db = nullptr;
    check(db, sqlite3_open(db_path.c_str(), &db), "open");
    sqlite3_stmt* sel = nullptr;
    check(db, sqlite3_prepare_v2(db, "SELECT seq, t, wall_ms, kind, data FROM events WHERE session_id = ? ORDER BY seq", -1,
                                 &sel, nullptr), "prepare");
    const std::string id = session_id(n);
    f.baseline = median_ms(3, [&] {
        sqlite3_bind_text(sel, 1, id.c_str(), -1, SQLITE_STATIC);
        std::size_t bytes = 0, rows = 0;
        while (sqlite3_step(sel) == SQLITE_ROW) {
            bytes += static_cast<std::size_t>(sqlite3_column_int64(sel, 0) + sqlite3_column_int64(sel, 1) + sqlite3_column_int64(sel, 2));
            bytes += std::strlen(reinterpret_cast<const char*>(sqlite3_column_text(sel, 3)));
            bytes += static_cast<std::size_t>(sqlite3_column_bytes(sel, 4)) + (sqlite3_column_text(sel, 4) ? 1 : 0);
            ++rows;
        }
        sqlite3_reset(sel);
        if (rows != n) throw std::runtime_error("replay baseline: wrong row count");
        keep(&bytes);
    });
    sqlite3_finalize(sel);
    sqlite3_close(db);
    f.note = ladder_note(r, n, "events");
    return f;
}

// ---- report -------------------------------------------------------------------------

Figure report_figure(const Config& c) {
    const std::size_t n = c.quick ? 5'000 : 1'000'000;
    Figure f;
    f.key = "report";
    f.what = fmt::format("score + HTML report, {} events", n);
    f.unit = "ms";
    f.bound = Bound::value;
    f.target = 1000;
    f.baseline_what = "bare fmt: one HTML table row per event";

    auto sc = load_generated(generate_scenario_yaml(200));
    const sim::Journal full = generate_journal(sc, n);
    std::size_t html_bytes = 0;
    LadderResult r = ladder(n, c.budget_s, [&](std::size_t size) {
        sim::Journal journal(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size));
        auto start = Clock::now();
        sim::scoring::Scorecard card = sim::scoring::score(*sc, journal);
        sim::report::SessionMeta meta = sim::report::meta_from_journal("s-00000000bench", journal);
        sim::report::ReportInput in{*sc, journal, meta, card};
        in.catalog = &sim::attack::builtin_catalog();
        std::string html = sim::report::render_html(in);
        double ms = ms_since(start);
        html_bytes = html.size();
        return ms;
    });
    f.value = r.ms;
    add_ladder(f, r);
    // The payload texts as stored, made before timing: the baseline formats, it does not encode.
    std::vector<std::string> payloads;
    payloads.reserve(full.size());
    for (const auto& e : full) payloads.push_back(sim::encode_data(e.data));
    f.baseline = median_ms(3, [&] {
        std::string out;
        out.reserve(n * 120);
        out += "<table>\n";
        for (std::size_t i = 0; i < full.size(); ++i)
            fmt::format_to(std::back_inserter(out), "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                           full[i].seq, sim::format_clock(full[i].t), full[i].kind(), payloads[i]);
        out += "</table>\n";
        keep(out.data());
    });
    f.note = fmt::format("{}; last HTML {:.1f} MB", ladder_note(r, n, "events"), html_bytes / 1e6);
    return f;
}

// ---- explore ------------------------------------------------------------------------

Figure explore_figure(const Config& c) {
    const int decisions = c.quick ? 12 : 30;
    Figure f;
    f.key = "explore";
    f.what = fmt::format("explore {} binary decisions (2^{} paths)", decisions, decisions);
    f.unit = "ms";
    f.bound = Bound::value;
    f.target = 1000;
    f.baseline_what = "bare memoised path count (std::map + cpp_int)";
    const sim::Scenario s = sim::explore::generate_chain_scenario(decisions);
    sim::explore::Report report;
    f.value = median_ms(3, [&] { report = sim::explore::explore(s); });

    using Count = boost::multiprecision::cpp_int;
    Count bare_paths;
    f.baseline = median_ms(3, [&] {
        std::map<std::string, Count> memo;
        std::function<Count(const std::string&)> paths = [&](const std::string& id) -> Count {
            if (auto it = memo.find(id); it != memo.end()) return it->second;
            const sim::Inject* inj = s.inject(id);
            Count total = 0;
            if (!inj || !inj->decision) total = 1;
            else
                for (const auto& o : inj->decision->options) {
                    if (!o.end.empty() || o.go_to.empty()) total += 1;
                    else
                        for (const auto& g : o.go_to) total += paths(g);
                }
            memo[id] = total;
            return total;
        };
        bare_paths = paths(s.injects.front().id);
    });
    f.note = fmt::format("{} states, {} paths (bare count {}){}", report.states, report.paths.str(), bare_paths.str(),
                         report.complete ? "" : ", INCOMPLETE");
    f.extra["states"] = report.states;
    f.extra["paths"] = report.paths.str();
    return f;
}

} // namespace bench
