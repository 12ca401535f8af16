// tests/report_golden_test.cpp — golden files: the HTML and Markdown reports of
// one bundled session, byte for byte.
//
// The session is scenarios/insider-exfiltration.yaml run by `ttx run` with its
// decision script (seeded by the script), then made independent of the run's
// moment: a fixed session id and wall stamps. Its reports are compared with
// tests/golden/insider-exfiltration.{html,md}; on a mismatch the test prints the
// first differing line.
//
// When a change to the reports is intended, regenerate the files and review
// the diff before committing them:
//
//     TTX_UPDATE_GOLDEN=1 ctest --test-dir build -R golden
//
// (docs/reports.md says the same.)
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "sim/report/report.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/store/store.hpp"
#include "support.hpp"

using namespace sim;
using namespace sim::report;
namespace fs = std::filesystem;

namespace {

const fs::path kSource = TTX_SOURCE_DIR;
constexpr const char* kScenario = "insider-exfiltration";
constexpr const char* kSession = "s-golden000001";
constexpr std::int64_t kStartWall = 1735725600000;     // 2025-01-01 10:00 UTC

struct Rendered {
    std::string html, md;
};

Rendered render_bundled_session() {
    ttx_test::TempDir tmp("ttx-golden");
    const fs::path scenario = kSource / "scenarios" / (std::string(kScenario) + ".yaml");
    const fs::path script = kSource / "scenarios" / (std::string(kScenario) + ".decisions.yaml");
    const std::string db = tmp.file("ttx.db");
    const auto run = ttx_test::run_ttx("run " + ttx_test::quote(scenario.string()) + " --decisions " +
                                           ttx_test::quote(script.string()) + " --db " + ttx_test::quote(db),
                                       tmp.path);
    INFO(run.out, run.err);
    REQUIRE(run.rc == 0);
    const auto at = run.out.find("session: ");
    REQUIRE(at != std::string::npos);
    const std::string id = run.out.substr(at + 9, run.out.find('\n', at) - at - 9);

    Journal journal = Store::open(db).events(id);
    REQUIRE_FALSE(journal.empty());
    // The run's wall clock is the only thing that differs between runs.
    for (auto& e : journal) e.wall_ms = kStartWall + e.t * 1000;

    auto loaded = load_scenario_file(scenario.string());
    REQUIRE(loaded.scenario);
    const Scenario& sc = *loaded.scenario;
    const auto card = scoring::score(sc, journal);
    const SessionMeta meta = meta_from_journal(kSession, journal);
    auto actions = derive_actions(sc, journal, card);
    for (size_t i = 0; i < actions.size(); ++i) {
        actions[i].number = static_cast<std::int64_t>(i) + 1;
        actions[i].session = kSession;
    }
    const ReportInput in{sc, journal, meta, card, actions};
    return {render_html(in), render_markdown(in)};
}

// Line number (1-based) and both lines where the texts first differ.
std::string first_difference(const std::string& want, const std::string& got) {
    size_t line = 1, i = 0;
    while (i < want.size() && i < got.size() && want[i] == got[i]) line += want[i++] == '\n';
    auto line_at = [&](const std::string& s) {
        const size_t from = s.rfind('\n', i == 0 ? 0 : i - 1);
        const size_t begin = from == std::string::npos || i == 0 ? 0 : from + 1;
        std::string l = s.substr(begin, s.find('\n', begin) - begin);
        return l.size() > 400 ? l.substr(0, 400) + "…" : l;
    };
    return "line " + std::to_string(line) + " (byte " + std::to_string(i) + ")\n  golden: " + line_at(want) +
           "\n  now:    " + line_at(got);
}

void compare_with_golden(const std::string& got, const std::string& file) {
    const fs::path golden = kSource / "tests" / "golden" / file;
    if (const char* update = std::getenv("TTX_UPDATE_GOLDEN"); update && *update && std::string(update) != "0") {
        std::ofstream(golden, std::ios::binary) << got;
        MESSAGE("rewrote ", golden.string());
        return;
    }
    const std::string want = ttx_test::slurp(golden);
    REQUIRE_MESSAGE(!want.empty(), golden.string(), " is missing: run TTX_UPDATE_GOLDEN=1 ctest --test-dir build -R golden");
    if (want != got)
        FAIL_CHECK(golden.string(), " differs from the report at ", first_difference(want, got),
                   "\nIf the change is intended: TTX_UPDATE_GOLDEN=1 ctest --test-dir build -R golden");
}

} // namespace

TEST_CASE("golden: the HTML and Markdown reports of a bundled session match tests/golden") {
    const Rendered r = render_bundled_session();
    compare_with_golden(r.html, std::string(kScenario) + ".html");
    compare_with_golden(r.md, std::string(kScenario) + ".md");
}

TEST_CASE("golden: the first differing line is named") {
    CHECK(first_difference("a\nb\nc\n", "a\nb\nx\n") == "line 3 (byte 4)\n  golden: c\n  now:    x");
    CHECK(first_difference("same", "same+") == "line 1 (byte 4)\n  golden: same\n  now:    same+");
}
