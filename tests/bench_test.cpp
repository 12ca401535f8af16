// `ttx bench --quick --json`: the shape of the figures, never their values
// (a timed test would fail on a slow laptop; the targets are reported only).
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/support.hpp"

namespace fs = std::filesystem;

TEST_CASE("ttx bench --quick --json reports every figure with its baseline, ratio, target and verdict") {
    if (!fs::exists(fs::path(TTX_BINARY).parent_path() / "ttx_bench")) {
        TTX_SKIP("ttx_bench was not built (-DTTX_BUILD_BENCH=OFF)");
    }
    const std::string cmd = std::string("'") + TTX_BINARY + "' bench --quick --json 2>/dev/null";
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p);
    std::string out;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    const int status = ::pclose(p);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);

    const auto j = nlohmann::json::parse(out, nullptr, false);
    REQUIRE_MESSAGE(j.is_object(), out);
    for (const char* key : {"load", "engine", "commit", "replay", "report", "explore", "explore.red", "import.flow", "import.layer",
                            "frame"}) {
        INFO("figure ", key);
        REQUIRE(j.contains(key));
        const auto& f = j.at(key);
        CHECK(f.at("unit").is_string());
        CHECK(f.at("target").is_number());
        CHECK(f.at("met").is_boolean());
        for (const char* k : {"value", "baseline", "ratio"}) CHECK((f.at(k).is_number() || f.at(k).is_null()));
        if (f.at("value").is_null()) {
            // Only the console figure (no display or no UI build) and the Attack Flow import
            // (no reference files) may be skipped, and they say why.
            CHECK((std::string(key) == "frame" || std::string(key) == "import.flow"));
            CHECK(f.at("skipped").is_string());
            CHECK_FALSE(f.at("met").get<bool>());
        } else {
            CHECK(f.at("value").get<double>() >= 0);
            CHECK(f.at("baseline").is_number());
            CHECK(f.at("ratio").get<double>() == doctest::Approx(f.at("value").get<double>() / f.at("baseline").get<double>()));
        }
    }
    // The red walk's figure names the bundled scenario it chose and what the walk found there.
    const auto& red = j.at("explore.red");
    REQUIRE(red.at("scenario").is_string());
    CHECK(red.at("complete") == true);
    CHECK(red.at("states").get<int>() > 0);
    CHECK(red.at("red_moves").get<int>() > 0);
    CHECK(red.at("what").get<std::string>().find(red.at("scenario").get<std::string>()) != std::string::npos);
}
