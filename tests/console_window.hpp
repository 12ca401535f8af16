// tests/console_window.hpp — a real console window in the background, driven
// with xdotool and read through its TTX_UI_TRACE file (docs/console.md).
// Every external command is bounded by `timeout`, every wait by a deadline, so
// a test using it can fail but never hang. Tests that type take turns on the
// display's keyboard through a lock file.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "tests/support.hpp"

namespace ttx_test {

// True (and the check counted as skipped) when there is no X display: run the suite under xvfb-run.
inline bool no_display() {
    const char* d = std::getenv("DISPLAY");
    if (d && *d) return false;
    MESSAGE("skipped: no DISPLAY (run the suite under xvfb-run, as .ci/test does)");
    ++skipped_count();
    return true;
}

// True (and counted as skipped) when a bundled file the test needs is not there.
inline bool missing(const std::string& path) {
    if (std::filesystem::exists(path)) return false;
    MESSAGE("skipped: " << path << " is missing");
    ++skipped_count();
    return true;
}

inline int sh(const std::string& cmd) {
    const int rc = std::system(cmd.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
}

class ConsoleWindow {
public:
    TempDir dir;
    std::string db, trace, rcfile, pid;

    ConsoleWindow() {
        const char* d = std::getenv("DISPLAY");
        lock_ = ::open((std::string("/tmp/ttx-test-keyboard") + (d ? d : "") + ".lock").c_str(), O_CREAT | O_RDWR, 0600);
        if (lock_ >= 0) (void)::flock(lock_, LOCK_EX);
        db = dir.file("keys.db");
        trace = dir.file("trace.txt");
        rcfile = dir.file("rc");
    }
    ~ConsoleWindow() {
        if (!pid.empty() && !exited()) (void)key("ctrl+q");
        for (int i = 0; i < 100 && !pid.empty() && !exited(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (!exited() && !pid.empty()) (void)sh("kill " + pid + " 2>/dev/null");
        if (lock_ >= 0) ::close(lock_);
    }
    ConsoleWindow(const ConsoleWindow&) = delete;
    ConsoleWindow& operator=(const ConsoleWindow&) = delete;

    // Starts `ttx console ARGS --db DB --size 1366x768` and waits for screen `screen`.
    bool launch(const std::string& args, const std::string& screen) {
        bool ok = sh("(XDG_DATA_HOME='" + dir.file("data") + "' XDG_CONFIG_HOME='" + dir.file("config") +
                     "' TTX_UI_TRACE='" + trace + "' timeout 120 '" + std::string(TTX_BINARY) + "' console " + args +
                     " --db '" + db + "' --size 1366x768 >'" + dir.file("out") + "' 2>&1; echo $? >'" + rcfile +
                     "') &") == 0 &&
                  until("screen", [&](const std::string& v) { return v == screen; });
        FILE* p = popen(("timeout 5 pgrep -n -f -- '^" + std::string(TTX_BINARY) + " console .*" + db + "'").c_str(), "r");
        char buf[64] = {};
        if (p && fgets(buf, sizeof buf, p)) pid = std::string(buf).substr(0, std::string(buf).find('\n'));
        if (p) pclose(p);
        return ok && !pid.empty();
    }

    [[nodiscard]] bool exited() const { return std::filesystem::exists(rcfile) && !slurp(rcfile).empty(); }
    // A line of the trace: the value after "KEY\t".
    [[nodiscard]] std::string get(const std::string& k) const {
        std::istringstream in(slurp(trace));
        std::string line;
        while (std::getline(in, line))
            if (line.rfind(k + "\t", 0) == 0) return line.substr(k.size() + 1);
        return {};
    }
    template <class Pred>
    bool until(const std::string& k, Pred pred, int seconds = 20) const {
        for (int i = 0; i < seconds * 20; ++i) {
            if (pred(get(k))) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
    // xdotool `args` on the focused console window, retried: on a loaded machine it now and then fails.
    int xdo(const std::string& args) const {
        int rc = 1;
        for (int attempt = 0; attempt < 3 && rc != 0; ++attempt)
            rc = sh("timeout 15 xdotool search --sync --onlyvisible --pid " + pid +
                    " --name '^ttx console' windowfocus --sync " + args + " >/dev/null 2>&1");
        return rc;
    }
    int key(const std::string& k) const { return xdo("key " + k); }
    // Clicks the middle of the traced widget `label`.
    bool click(const std::string& label) const {
        std::istringstream pos(get(label));
        int x = 0, y = 0, w = 0, h = 0;
        return (pos >> x >> y >> w >> h) &&
               xdo("mousemove --window %1 " + std::to_string(x + w / 2) + " " + std::to_string(y + h / 2) +
                   " click 1") == 0;
    }
    // Clicks a text field until it has the keyboard.
    bool focus(const std::string& label) const {
        for (int attempt = 0; attempt < 3; ++attempt)
            if (click(label) && until("typing", [](const std::string& v) { return v == "1"; }, 5)) return true;
        return false;
    }

private:
    int lock_ = -1;
};

} // namespace ttx_test
