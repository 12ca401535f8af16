// tests/support.hpp — helpers the test files share: a scratch folder removed at
// scope exit, reading a file whole, and running the `ttx` binary (TTX_BINARY)
// to capture its output and exit status. Header-only; include after doctest.
#pragma once

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include <stdlib.h>     // mkdtemp, mkstemp
#include <sys/wait.h>
#include <unistd.h>     // close

namespace ttx_test {

// How many checks this process skipped (a missing display, reference or tool).
// tests/main.cpp turns a run that skipped into CTest's "Skipped" status.
inline int& skipped_count() {
    static int n = 0;
    return n;
}

// Ends the current test case as skipped, saying why: under CTest the case then
// reports Skipped (exit code kSkipExitCode), never Passed.
#define TTX_SKIP(why)                                   \
    do {                                                \
        MESSAGE("skipped: " << why);                    \
        ++::ttx_test::skipped_count();                  \
        return;                                         \
    } while (false)

inline constexpr int kSkipExitCode = 77;

// A fresh folder under the system temp dir (<tag>-XXXXXX), removed with all it
// holds at scope exit. Fails the test when it cannot be created.
struct TempDir {
    std::filesystem::path path;

    explicit TempDir(const std::string& tag = "ttx-test") {
        std::string tmpl = (std::filesystem::temp_directory_path() / (tag + "-XXXXXX")).string();
        REQUIRE_MESSAGE(::mkdtemp(tmpl.data()) != nullptr, "cannot create a temporary folder from ", tmpl);
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] std::string file(const std::string& name) const { return (path / name).string(); }
};

// The whole file, byte for byte; "" when it cannot be opened.
inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return {};
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// `s` as one /bin/sh word: in single quotes, each ' inside written '\''.
inline std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// What a run of `ttx` gave.
struct RunResult {
    int rc = -1;            // exit status; -1 when it did not exit normally
    std::string out;        // stdout (and stderr, with Stderr::merged)
    std::string err;        // stderr (empty with Stderr::merged)

    // `out` split into lines, without their '\n'.
    [[nodiscard]] std::vector<std::string> lines() const {
        std::vector<std::string> v;
        std::istringstream in(out);
        for (std::string l; std::getline(in, l);) v.push_back(l);
        return v;
    }
};

enum class Stderr { separate, merged };

// Runs `ttx ARGS` through /bin/sh and waits for it. ARGS go to the shell as
// they are (quote paths with quote()). With `data_home`, XDG_DATA_HOME is set to
// it, so no user catalog or journal is touched; with `cwd`, it runs from there.
// Stderr::separate captures stderr in `err`, Stderr::merged folds it into `out`.
inline RunResult run_ttx(const std::string& args, const std::filesystem::path& data_home = {},
                         Stderr err_mode = Stderr::separate, const std::filesystem::path& cwd = {}) {
    std::string cmd;
    if (!cwd.empty()) cmd += "cd " + quote(cwd.string()) + " && ";
    if (!data_home.empty()) cmd += "XDG_DATA_HOME=" + quote(data_home.string()) + " ";
    cmd += quote(TTX_BINARY) + " " + args;

    std::string err_file;
    if (err_mode == Stderr::merged) {
        cmd += " 2>&1";
    } else {
        err_file = (std::filesystem::temp_directory_path() / "ttx-stderr-XXXXXX").string();
        const int fd = ::mkstemp(err_file.data());
        REQUIRE_MESSAGE(fd >= 0, "cannot create a temporary file from ", err_file);
        ::close(fd);
        cmd += " 2>" + quote(err_file);
    }

    RunResult r;
    FILE* p = ::popen(cmd.c_str(), "r");
    const bool started = p != nullptr;
    if (started) {
        std::array<char, 4096> buf{};
        for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), p)) > 0;) r.out.append(buf.data(), n);
        const int status = ::pclose(p);
        r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    if (!err_file.empty()) {
        r.err = slurp(err_file);
        std::error_code ec;
        std::filesystem::remove(err_file, ec);
    }
    REQUIRE_MESSAGE(started, "cannot run ", cmd);
    return r;
}

} // namespace ttx_test
