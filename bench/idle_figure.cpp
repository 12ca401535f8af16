// bench/idle_figure.cpp — how much of one core an untouched console uses.
//
// Starts the real `ttx console` (the ttx beside this program) as a child
// under the current display, lets it settle, then reads its CPU time
// (/proc/<pid>/stat: user + system, all threads, llvmpipe's included) over a
// few seconds of nobody touching it: once on the library screen, once with a
// paused session open on the exercise screen. The figure is the larger share.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>



#include <chrono>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "bench/bench.hpp"
#include "bench/workload.hpp"
#include "cli/environment.hpp"
#include "sim/attack/catalog.hpp"
#include "sim/engine/session.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/store/store.hpp"

extern char** environ;

namespace bench {

namespace {

namespace fs = std::filesystem;

double process_cpu_s(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Fields after the command name (which may hold spaces) start after the last ')'.
    std::istringstream rest(text.substr(text.rfind(')') + 2));
    std::string field;
    long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14) utime = std::stoll(field);
        if (i == 15) stime = std::stoll(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Share of one core the console uses while untouched, after `settle_s`.
// `keys`, when given, are typed into the console with xdotool once it has
// settled (a resumed session opens paused: Space starts its clock).
double idle_share(const std::string& ttx, const std::vector<std::string>& args, const std::string& config_dir,
                  double settle_s, double measure_s, const std::string& keys = {}) {
    std::vector<std::string> argv_s = {ttx, "console"};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_s;
    for (char** e = environ; *e; ++e)
        if (std::string(*e).rfind("XDG_CONFIG_HOME=", 0) != 0) env_s.emplace_back(*e);
    env_s.push_back("XDG_CONFIG_HOME=" + config_dir);   // no saved preferences, no resume offer from elsewhere
    std::vector<char*> envp;
    for (auto& e : env_s) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, ttx.c_str(), &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("cannot start " + ttx + ": " + std::strerror(rc));
    std::this_thread::sleep_for(std::chrono::duration<double>(settle_s));
    if (!keys.empty()) {
        const std::string cmd = "timeout 30 xdotool search --sync --onlyvisible --pid " + std::to_string(pid) +
                                " --name '^ttx console' windowfocus --sync key " + keys + " >/dev/null 2>&1";
        if (std::system(cmd.c_str()) != 0) {
            kill(pid, SIGTERM);
            waitpid(pid, nullptr, 0);
            throw std::runtime_error("xdotool could not type into the console");
        }
        std::this_thread::sleep_for(std::chrono::duration<double>(settle_s));
    }
    const double c0 = process_cpu_s(pid);
    const auto t0 = Clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(measure_s));
    const double c1 = process_cpu_s(pid);
    const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    return (c1 - c0) / wall * 100.0;
}

// Both console figures need the real console, a display and a stored session
// of the bundled scenario: this prepares them, or says why the figure is skipped.
struct ConsoleRun {
    fs::path ttx;
    std::string db;
};

std::optional<ConsoleRun> prepare_console(Figure& f, const ScratchDir& dir, bool paused) {
#ifndef TTX_HAVE_UI
    (void)dir;
    (void)paused;
    f.skipped = "this build has no console (configured with -DTTX_BUILD_UI=OFF)";
    return std::nullopt;
#else
    const char* display = std::getenv("DISPLAY");
    if (!display || !*display) {
        f.skipped = "no display: set DISPLAY or run under xvfb-run";
        return std::nullopt;
    }
    std::error_code ec;
    ConsoleRun run;
    const std::string self = cli::self_exe();
    run.ttx = fs::path(self).parent_path() / "ttx";
    if (self.empty() || !fs::exists(run.ttx, ec)) {
        f.skipped = "no ttx binary beside ttx_bench";
        return std::nullopt;
    }
    run.db = dir.file("idle.db");
    // The bundled scenario as ttx finds it (the build tree's share/ttx/scenarios).
    const std::string bundled = cli::environment_paths().bundled_scenarios_dir();
    if (bundled.empty()) {
        f.skipped = "no bundled scenarios found (share/ttx/scenarios beside ttx_bench)";
        return std::nullopt;
    }
    const std::string scenario = bundled + "/invoice-ransomware.yaml";
    sim::LoadResult r = sim::load_and_validate(scenario, sim::attack::builtin_catalog());
    if (!r.scenario) {
        f.skipped = "the bundled scenario " + scenario + " does not load";
        return std::nullopt;
    }
    // A session mid-exercise: paused, as a facilitator leaves it for a
    // discussion, or running, its clock ticking while the room talks.
    sim::Store store = sim::Store::open(run.db);
    auto sc = std::make_shared<const sim::Scenario>(std::move(*r.scenario));
    sim::cmd::Start start;
    start.seed = 1;
    auto created = sim::Session::create(store, "s-0000000idle", sc, start, 0);
    auto& s = std::get<sim::Session>(created);
    std::vector<sim::Command> steps{sim::cmd::BeginBriefing{}, sim::cmd::BeginRunning{}, sim::cmd::DeliverNext{}};
    if (paused) steps.push_back(sim::cmd::Pause{});
    for (const sim::Command& cmd : steps)
        if (auto res = s.execute(cmd, 0); !res) throw std::runtime_error("idle session: " + res.error);
    return run;
#endif
}

Figure cpu_figure(const char* key, const char* what, double target) {
    Figure f;
    f.key = key;
    f.what = what;
    f.unit = "% of a core";
    f.bound = Bound::value;
    f.target = target;
    return f;
}

} // namespace

Figure idle_figure(const Config& c) {
    Figure f = cpu_figure("console_idle", "untouched console: library screen and a paused session, 1366x768", 2);
    ScratchDir dir(c.dir);
    const auto run = prepare_console(f, dir, true);
    if (!run) return f;
    const double settle = c.quick ? 2.0 : 3.0, measure = c.quick ? 2.0 : 5.0;
    const std::string size = "1366x768";
    const double library = idle_share(run->ttx.string(), {"--db", run->db, "--view", "library", "--size", size},
                                      dir.file("config-a"), settle, measure);
    const double paused = idle_share(run->ttx.string(), {"--db", run->db, "--resume", "s-0000000idle", "--size", size},
                                     dir.file("config-b"), settle, measure);
    f.value = std::max(library, paused);
    f.note = fmt::format("library {:.1f}%, paused session {:.1f}%, over {:.0f} s each", library, paused, measure);
    f.extra["library"] = library;
    f.extra["paused"] = paused;
    return f;
}

Figure running_figure(const Config& c) {
    Figure f = cpu_figure("console_running", "untouched console, exercise clock running at x1: exercise screen, 1366x768", 10);
    ScratchDir dir(c.dir);
    const auto run = prepare_console(f, dir, false);
    if (!run) return f;
    if (std::system("command -v xdotool >/dev/null 2>&1") != 0) {
        f.skipped = "xdotool is not installed (it starts the resumed session's clock)";
        return f;
    }
    const double settle = c.quick ? 2.0 : 3.0, measure = c.quick ? 2.0 : 5.0;
    // The console's trace says whether the clock really ran while measured.
    const std::string trace = dir.file("trace.txt");
    setenv("TTX_UI_TRACE", trace.c_str(), 1);
    f.value = idle_share(run->ttx.string(), {"--db", run->db, "--resume", "s-0000000idle", "--size", "1366x768"},
                         dir.file("config"), settle, measure, "space");
    unsetenv("TTX_UI_TRACE");
    std::ifstream in(trace);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.find("phase\trunning\n") == std::string::npos)
        throw std::runtime_error("console_running: the clock did not run (trace: " + trace + ")");
    f.note = fmt::format("Space starts the resumed session's clock; redraws at the clock's rate, over {:.0f} s", measure);
    return f;
}

} // namespace bench
