// Crash soak, short: bench/soak.sh with 10 kills (the full 200-kill run is in
// docs/performance.md). `ttx run --pace` is SIGKILLed at seeded random moments
// across the bundled scenarios and resumed; the script checks that nothing
// acknowledged was lost or done twice and that every final journal equals the
// uninterrupted run's. tests/crash_test.cpp does the same in C++ on one fixture.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support.hpp"

namespace fs = std::filesystem;

TEST_CASE("crash soak: 10 kills across the bundled scenarios lose nothing acknowledged") {
    if (std::system("command -v sqlite3 >/dev/null 2>&1") != 0) {
        TTX_SKIP("the sqlite3 command is not installed (.ci/install-deps installs it)");
    }
    const fs::path log = fs::temp_directory_path() / ("ttx-soak-test-" + std::to_string(::getpid()) + ".log");
    const std::string cmd = std::string("TTX='") + TTX_BINARY + "' SOAK_SEED=7 bash '" + TTX_SOURCE_DIR +
                            "/bench/soak.sh' 10 >'" + log.string() + "' 2>&1";
    const int status = std::system(cmd.c_str());
    std::ifstream in(log);
    std::stringstream out;
    out << in.rdbuf();
    fs::remove(log);
    INFO(out.str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(out.str().find("soak: 0 acknowledged decisions lost, 0 runs with a command done twice") != std::string::npos);
    CHECK(out.str().find("soak: OK") != std::string::npos);
}
