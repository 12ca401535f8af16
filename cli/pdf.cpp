// cli/pdf.cpp — see pdf.hpp.
#include "cli/pdf.hpp"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cli {

namespace fs = std::filesystem;

namespace {

constexpr int kChromiumSeconds = 120;   // per document; a hung browser must not hang `ttx`

} // namespace

std::string find_chromium() {
    const char* path = std::getenv("PATH");
    if (!path) return {};
    std::string dirs = path;
    for (std::size_t start = 0; start <= dirs.size();) {
        const std::size_t end = std::min(dirs.find(':', start), dirs.size());
        const std::string dir = dirs.substr(start, end - start);
        start = end + 1;
        if (dir.empty()) continue;
        const std::string candidate = dir + "/chromium";
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return {};
}

namespace {

// file:// URL of an absolute path, percent-encoding all but unreserved bytes.
std::string file_url(const fs::path& p) {
    std::string url = "file://";
    for (unsigned char c : p.string()) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
            url += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            url += buf;
        }
    }
    return url;
}

} // namespace

// Prints `html` to `pdf` with headless Chromium; "" on success, else why not.
std::string print_pdf(const std::string& chromium, const fs::path& html, const fs::path& pdf, const fs::path& profile) {
    std::vector<std::string> args = {chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                     "--disable-background-networking", "--disable-component-update",
                                     "--disable-sync", "--no-pdf-header-footer",
                                     "--user-data-dir=" + profile.string(), "--print-to-pdf=" + pdf.string(),
                                     file_url(html)};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) return std::string("cannot start chromium: ") + std::strerror(errno);
    if (pid == 0) {
        ::setpgid(0, 0);                // so a timeout can stop its helper processes too
        const int null = ::open("/dev/null", O_RDWR);
        if (null >= 0) {
            ::dup2(null, 0);
            ::dup2(null, 1);
            ::dup2(null, 2);
        }
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    for (int waited_ms = 0;; waited_ms += 100) {
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) break;
        if (r < 0) return std::string("waiting for chromium failed: ") + std::strerror(errno);
        if (waited_ms >= kChromiumSeconds * 1000) {
            ::kill(-pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return "chromium did not finish printing " + html.filename().string() + " within " +
                   std::to_string(kChromiumSeconds) + " s";
        }
        const timespec tick{0, 100'000'000};
        ::nanosleep(&tick, nullptr);
    }
    std::error_code ec;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || fs::file_size(pdf, ec) == 0 || ec)
        return "chromium could not print " + html.filename().string() + " (exit status " +
               std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")";
    return {};
}

// A folder made with mkdtemp from `pattern` (ending in XXXXXX); "" on failure.
std::string make_temp_dir(const fs::path& pattern) {
    std::string t = pattern.string();
    return ::mkdtemp(t.data()) ? t : std::string{};
}

} // namespace cli
