// Every input that ever broke a fuzz target (tests/fuzz/), replayed through
// the same check (tests/fuzz/checks.hpp). Files live in tests/fixtures/regressions/,
// named <target>-<what broke>.<ext>:
//   loader-*.yaml    scenario text: load, validate, play, replay
//   stix-*.json      STIX input (split at the first NUL into two documents)
//   journal-*.db     a damaged journal database: open, resume, score, report
//   journal-*.sql    the same, for damage that is still valid SQLite (sqlite3 .dump)
//   script-*.yaml    a decision script, run by `ttx run` against the scenario it names
// The header of each case in docs/security.md says what the input did and where it was fixed.
#include <doctest/doctest.h>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tests/fuzz/checks.hpp"
#include "tests/support.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(TTX_SOURCE_DIR) / "tests" / "fixtures" / "regressions";

using ttx_test::slurp;
using ttx_test::TempDir;

std::vector<fs::path> inputs(const std::string& prefix) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(kDir, ec))
        if (e.path().filename().string().rfind(prefix + "-", 0) == 0) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

TEST_CASE("fuzz regressions: scenario files") {
    for (const auto& f : inputs("loader")) {
        INFO(f.filename().string());
        const std::string text = slurp(f);
        CHECK(fuzz::check_scenario_text(text, text.size()) == "");
    }
}

TEST_CASE("fuzz regressions: STIX bundles") {
    const auto files = inputs("stix");
    CHECK_FALSE(files.empty());     // stix-revoked-by-malformed-id.json at least
    for (const auto& f : files) {
        INFO(f.filename().string());
        CHECK(fuzz::check_stix_input(slurp(f)) == "");
    }
}

TEST_CASE("fuzz regressions: damaged journal databases") {
    const auto files = inputs("journal");
    CHECK_FALSE(files.empty());     // journal-practice-null.sql at least
    for (const auto& f : files) {
        INFO(f.filename().string());
        TempDir tmp;
        const fs::path db = tmp.path / "ttx.db";          // the store must not touch the fixture
        if (f.extension() == ".sql") {
            // Damage that is still valid SQLite is kept as readable SQL.
            sqlite3* h = nullptr;
            REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
            char* err = nullptr;
            const int rc = sqlite3_exec(h, slurp(f).c_str(), nullptr, nullptr, &err);
            INFO((err ? err : ""));
            sqlite3_free(err);
            sqlite3_close(h);
            REQUIRE(rc == SQLITE_OK);
        } else {
            fs::copy_file(f, db);                           // byte damage: the file itself
        }
        CHECK(fuzz::check_store_file(db.string()) == "");
    }
}

TEST_CASE("fuzz regressions: decision scripts") {
    for (const auto& f : inputs("script")) {
        INFO(f.filename().string());
        TempDir tmp;
        // The scenario the script names, if it is a bundled one; invoice-ransomware otherwise.
        std::string id = "invoice-ransomware";
        std::istringstream in(slurp(f));
        for (std::string line; std::getline(in, line);)
            if (line.rfind("scenario: ", 0) == 0 && fs::exists(fs::path(TTX_SOURCE_DIR) / "scenarios" / (line.substr(10) + ".yaml")))
                id = line.substr(10);
        const std::string cmd = "XDG_DATA_HOME='" + (tmp.path / "xdg").string() + "' '" + TTX_BINARY + "' run '" +
                                TTX_SOURCE_DIR + "/scenarios/" + id + ".yaml' --decisions '" + f.string() + "' --db '" +
                                (tmp.path / "ttx.db").string() + "' >/dev/null 2>'" + (tmp.path / "err").string() + "'";
        const int status = std::system(cmd.c_str());
        REQUIRE(WIFEXITED(status));                        // a signal would be a crash
        CHECK((WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 1));
        if (WEXITSTATUS(status) == 1) CHECK_FALSE(slurp(tmp.path / "err").empty());
    }
}
