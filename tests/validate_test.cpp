// tests/validate_test.cpp — every rule of `ttx validate`, the hostile-input
// limits, and the command's exit codes and JSON output.
//
// Rule fixtures live in tests/fixtures/validate/. The first line of each
// states what it must produce:
//   # expect: <error|warning> <code> <line>:<col>
//   # expect: valid                      (no errors and no warnings)
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/attack/catalog.hpp"
#include "sim/scenario/limits.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support.hpp"

using namespace sim;
namespace fs = std::filesystem;

namespace {

const fs::path kSource = TTX_SOURCE_DIR;
const fs::path kFixtures = kSource / "tests" / "fixtures" / "validate";

using ttx_test::slurp;
using ttx_test::TempDir;

const Diagnostic* find(const Diagnostics& d, const std::string& code) {
    for (const auto& x : d.items)
        if (x.code == code) return &x;
    return nullptr;
}

std::string dump(const Diagnostics& d) {
    std::string s;
    for (const auto& x : d.items) s += format_diagnostic(x) + " [" + x.code + "]\n";
    return s;
}

LoadResult check_text(const std::string& text) {
    LoadResult r = load_scenario_text(text, "inline.yaml");
    if (r.scenario && !r.diags.has_errors()) validate_scenario(*r.scenario, attack::builtin_catalog(), r.diags);
    return r;
}

template <class F>
double seconds(F&& f) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

using Run = ttx_test::RunResult;

// Runs `ttx ARGS` from the source tree with a private XDG_DATA_HOME, so no user
// catalog is used; `out` holds stdout and stderr.
Run ttx(const std::string& args, const fs::path& data_home) {
    return ttx_test::run_ttx(args, data_home, ttx_test::Stderr::merged, kSource);
}

const std::string kHead = "format: ttx/1\nid: t\ntitle: T\nteams:\n  - { id: soc, roles: [tier1] }\n"
                          "stages:\n  - { id: s1, tactic: initial-access }\n";

} // namespace

// ---- one fixture per rule -------------------------------------------------------------

TEST_CASE("every rule fixture produces its code at its line and column") {
    int checked = 0;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(kFixtures))
        if (e.path().extension() == ".yaml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 30);
    for (const auto& f : files) {
        std::string first;
        std::getline(std::ifstream(f), first);
        std::smatch m;
        static const std::regex kExpect(R"(# expect: (valid|(error|warning) ([a-z-]+) (\d+):(\d+)))");
        INFO("fixture " << f.filename().string() << ": " << first);
        REQUIRE(std::regex_match(first, m, kExpect));
        LoadResult r = load_and_validate(f.string(), attack::builtin_catalog());
        INFO(dump(r.diags));
        if (m[1] == "valid") {
            CHECK(r.scenario.has_value());
            CHECK(r.diags.items.empty());
        } else {
            const DiagLevel level = m[2] == "error" ? DiagLevel::error : DiagLevel::warning;
            const int line = std::stoi(m[4]), col = std::stoi(m[5]);
            bool found = false;
            for (const auto& d : r.diags.items)
                if (d.code == m[3] && d.level == level && d.line == line && d.col == col) {
                    found = true;
                    CHECK(d.file == f.string());
                    CHECK_FALSE(d.message.empty());
                }
            CHECK(found);
            if (level == DiagLevel::warning) CHECK_FALSE(r.diags.has_errors());  // warnings alone keep it valid
        }
        ++checked;
    }
    CHECK(checked == static_cast<int>(files.size()));
}

TEST_CASE("every documented diagnostic code is exercised by a fixture or a test here") {
    const std::string doc = slurp(kSource / "docs" / "scenario-format.md");
    const auto section = doc.find("## Diagnostic codes");
    REQUIRE(section != std::string::npos);
    std::set<std::string> documented;
    static const std::regex kRow(R"(\n\| `([a-z-]+)` \| (error|warning))");
    for (std::sregex_iterator it(doc.begin() + static_cast<long>(section), doc.end(), kRow), end; it != end; ++it)
        documented.insert((*it)[1]);
    REQUIRE(documented.size() >= 25);
    // Covered by the inline tests in this file (they need generated input).
    const std::set<std::string> inline_tested = {"io", "encoding", "limit"};
    for (const auto& code : documented) {
        INFO("code " << code);
        bool has_fixture = inline_tested.count(code) != 0;
        for (const auto& e : fs::directory_iterator(kFixtures))
            if (e.path().filename().string().rfind(code, 0) == 0) has_fixture = true;
        CHECK(has_fixture);
    }
}

TEST_CASE("unknown techniques are errors against a complete catalog and against the built-in one") {
    attack::Catalog full;
    full.full = true;
    full.version = "19.1";
    for (const auto& t : attack::builtin_catalog().tactics()) full.add_tactic(t);
    attack::Technique t;
    t.id = "T1566.001";
    t.name = "Spearphishing Attachment";
    t.tactics = {"initial-access"};
    t.subtechnique = true;
    full.add_technique(t);
    LoadResult r = load_and_validate((kFixtures / "unknown-technique.yaml").string(), full);
    const Diagnostic* d = find(r.diags, "unknown-technique");
    REQUIRE(d);
    CHECK(d->level == DiagLevel::error);
    CHECK(d->line == 16);
    CHECK(d->col == 18);

    LoadResult w = load_and_validate((kFixtures / "unknown-technique.yaml").string(), attack::builtin_catalog());
    REQUIRE(find(w.diags, "unknown-technique"));
    CHECK(find(w.diags, "unknown-technique")->level == DiagLevel::error);
    CHECK(find(w.diags, "unknown-technique")->hint.find("ttx attack import") != std::string::npos);
}

TEST_CASE("a mistyped technique id is an error whose hint names the nearest ids") {
    const std::string text = slurp(kFixtures / "unknown-technique.yaml");
    const std::string typo = std::regex_replace(text, std::regex("T1999\\.999"), "T1910");
    REQUIRE(typo != text);
    LoadResult r = check_text(typo);
    const Diagnostic* d = find(r.diags, "unknown-technique");
    REQUIRE_MESSAGE(d, dump(r.diags));
    CHECK(d->level == DiagLevel::error);
    CHECK(d->line == 16);
    CHECK(d->message.find("T1910") != std::string::npos);
    CHECK(d->hint.rfind("did you mean T1190 (Exploit Public-Facing Application)", 0) == 0);

    TempDir home;
    const fs::path file = home.path / "typo.yaml";
    std::ofstream(file) << typo;
    Run cli = ttx("validate " + ttx_test::quote(file.string()), home.path);
    CHECK(cli.rc == 1);
    CHECK(cli.out.find("typo.yaml:16:18: error: technique T1910") != std::string::npos);
    CHECK(cli.out.find("did you mean T1190") != std::string::npos);
}

TEST_CASE("hints: nearest key, nearest id, allowed values, the right form") {
    auto r = load_and_validate((kFixtures / "unknown-key.yaml").string(), attack::builtin_catalog());
    REQUIRE(find(r.diags, "unknown-key"));
    CHECK(find(r.diags, "unknown-key")->hint == "did you mean 'title'?");

    r = load_and_validate((kFixtures / "dangling-ref-to.yaml").string(), attack::builtin_catalog());
    REQUIRE(find(r.diags, "dangling-ref"));
    CHECK(find(r.diags, "dangling-ref")->hint == "did you mean 'tier3'?");

    r = load_and_validate((kFixtures / "bad-value-enum.yaml").string(), attack::builtin_catalog());
    REQUIRE(find(r.diags, "bad-value"));
    CHECK(find(r.diags, "bad-value")->hint == "allowed: info, low, medium, high, critical");

    r = load_and_validate((kFixtures / "bad-value-offset.yaml").string(), attack::builtin_catalog());
    REQUIRE(find(r.diags, "bad-value"));
    CHECK(find(r.diags, "bad-value")->hint.find("+HH:MM") != std::string::npos);

    r = load_and_validate((kFixtures / "revoked-technique.yaml").string(), attack::builtin_catalog());
    REQUIRE(find(r.diags, "revoked-technique"));
    CHECK(find(r.diags, "revoked-technique")->hint.find("T1685.005") != std::string::npos);

    // Short unknown words get no far-fetched suggestion.
    auto s = check_text(kHead + "injects:\n  - { id: a, stage: s1, at: \"+00:01\", to: soc, title: A }\nx1: 1\n");
    REQUIRE(find(s.diags, "unknown-key"));
    CHECK(find(s.diags, "unknown-key")->hint.find("did you mean") == std::string::npos);
}

TEST_CASE("an option leading nowhere is fine when a later inject follows it") {
    auto base = kHead + "injects:\n"
                        "  - id: a\n    stage: s1\n    at: \"+00:05\"\n    to: soc\n    title: A\n"
                        "    decision:\n      prompt: P\n      default: wait\n      options:\n"
                        "        - { id: wait, label: Wait }\n";
    CHECK(find(check_text(base).diags, "dead-end"));
    CHECK_FALSE(find(check_text(base + "  - { id: b, stage: s1, at: \"+00:10\", to: soc, title: B }\n").diags, "dead-end"));
    CHECK_FALSE(find(check_text(base + "  - { id: b, stage: s1, after: a.wait, to: soc, title: B }\n").diags, "dead-end"));
}

TEST_CASE("reachability follows flags: a `when` on a flag only a reachable option sets") {
    auto text = kHead + "injects:\n"
                        "  - id: a\n    stage: s1\n    at: \"+00:05\"\n    to: soc\n    title: A\n"
                        "    decision:\n      prompt: P\n      default: go\n      options:\n"
                        "        - { id: go, label: Go, goto: b }\n"
                        "  - id: b\n    stage: s1\n    to: soc\n    title: B\n"
                        "    decision:\n      prompt: P\n      default: x\n      options:\n"
                        "        - { id: x, label: X, set: [flag-x], end: over }\n"
                        "  - { id: c, stage: s1, when: flag-x, to: soc, title: C }\n"
                        "endings:\n  - { id: over, title: Over }\n";
    auto r = check_text(text);
    INFO(dump(r.diags));
    CHECK(r.diags.items.empty());
    // Cut the goto: b, its option and therefore c become unreachable.
    auto cut = check_text(std::regex_replace(text, std::regex(", goto: b"), ", end: over"));
    int unreachable = 0;
    for (const auto& d : cut.diags.items) unreachable += d.code == "unreachable";
    CHECK(unreachable == 2);
}

TEST_CASE("the documented example in docs/scenario-format.md is a valid scenario") {
    const std::string doc = slurp(kSource / "docs" / "scenario-format.md");
    const auto at = doc.find("## A complete annotated example");
    REQUIRE(at != std::string::npos);
    const auto start = doc.find("```yaml\n", at);
    const auto end = doc.find("```\n", start + 8);
    REQUIRE(start != std::string::npos);
    REQUIRE(end != std::string::npos);
    // No base folder: artifact files are not looked up, everything else is checked.
    auto r = check_text(doc.substr(start + 8, end - start - 8));
    INFO(dump(r.diags));
    REQUIRE(r.scenario);
    CHECK(r.diags.items.empty());
    CHECK(r.scenario->injects.size() == 5);
}

// ---- hostile input ---------------------------------------------------------------------

TEST_CASE("hostile input: empty and comment-only files") {
    for (const std::string text : {"", "   \n\n", "# just a comment\n"}) {
        auto r = load_scenario_text(text, "empty.yaml");
        CHECK_FALSE(r.scenario);
        REQUIRE(find(r.diags, "empty-scenario"));
        CHECK(find(r.diags, "empty-scenario")->message.find("empty scenario") != std::string::npos);
    }
}

TEST_CASE("a decision script given as a scenario is one located error that says what it is") {
    auto r = load_scenario_text("# a script\nformat: ttx-decisions/1\nscenario: x\nseed: 1\nsteps: []\n", "x.decisions.yaml");
    REQUIRE(r.diags.items.size() == 1);
    const auto& d = r.diags.items.front();
    CHECK(d.line == 2);
    CHECK(d.col == 9);
    CHECK(d.message.find("this is a decision script") != std::string::npos);
    CHECK(d.hint.find("ttx run SCENARIO --decisions FILE") != std::string::npos);
}

TEST_CASE("hostile input: binary garbage and invalid UTF-8") {
    std::string garbage = "format: ttx/1\nid: x";
    garbage += std::string("\0\x01\xff\xfe", 4);
    auto r = load_scenario_text(garbage, "bin.yaml");
    CHECK_FALSE(r.scenario);
    REQUIRE(find(r.diags, "encoding"));
    CHECK(find(r.diags, "encoding")->line == 2);
    CHECK(find(r.diags, "encoding")->col == 6);
    CHECK(find(r.diags, "encoding")->message.find("NUL") != std::string::npos);

    auto u = load_scenario_text("title: caf\xc3(\n", "utf8.yaml");
    REQUIRE(find(u.diags, "encoding"));
    CHECK(find(u.diags, "encoding")->message.find("UTF-8") != std::string::npos);
    CHECK(find(u.diags, "encoding")->col == 11);

    // Valid UTF-8 (and a BOM) is fine.
    auto ok = load_scenario_text("\xef\xbb\xbf" + kHead + "injects:\n  - { id: a, stage: s1, at: \"+00:01\", to: soc, "
                                                           "title: \"Caf\xc3\xa9 \xe2\x80\x94 ok\" }\n",
                                 "bom.yaml");
    INFO(dump(ok.diags));
    CHECK_FALSE(ok.diags.has_errors());
}

TEST_CASE("hostile input: an alias bomb fails fast") {
    std::string bomb = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int i = 1; i < 10; ++i) {
        bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
        for (int k = 0; k < 9; ++k) bomb += (k ? ", *a" : "*a") + std::to_string(i - 1);
        bomb += "]\n";
    }
    LoadResult r;
    double s = seconds([&] { r = load_scenario_text(bomb, "bomb.yaml"); });
    CHECK(s < 1.0);
    REQUIRE(find(r.diags, "limit"));
    CHECK(find(r.diags, "limit")->message.find("aliases") != std::string::npos);
    CHECK(find(r.diags, "limit")->line == 3);
}

TEST_CASE("hostile input: few aliases that expand a lot stop at the visit budget") {
    std::string big = "[";
    for (int i = 0; i < 40000; ++i) big += i ? ",x" : "x";
    big += "]";
    std::string text = kHead + "tags: &big " + big + "\ninjects:\n";
    for (int i = 0; i < 16; ++i)
        text += "  - { id: i" + std::to_string(i) + ", stage: s1, at: \"+00:01\", to: soc, title: T, hunting: *big }\n";
    LoadResult r;
    double s = seconds([&] { r = load_scenario_text(text, "expand.yaml"); });
    CHECK(s < 2.0);
    REQUIRE(find(r.diags, "limit"));
    CHECK(find(r.diags, "limit")->message.find("aliases expand") != std::string::npos);
}

TEST_CASE("hostile input: nesting deeper than 32 levels") {
    std::string flow = "x: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
    LoadResult r;
    double s = seconds([&] { r = load_scenario_text(flow, "deep.yaml"); });
    CHECK(s < 1.0);
    REQUIRE(find(r.diags, "limit"));
    CHECK(find(r.diags, "limit")->message.find("nesting") != std::string::npos);
    CHECK(find(r.diags, "limit")->line == 1);

    std::string block;
    for (int i = 0; i < 40; ++i) block += std::string(static_cast<size_t>(i) * 2, ' ') + "k" + std::to_string(i) + ":\n";
    auto b = load_scenario_text(block, "deep-block.yaml");
    REQUIRE(find(b.diags, "limit"));
    CHECK(find(b.diags, "limit")->line == limits::kMaxDepth + 1);
}

TEST_CASE("hostile input: a 50 MB file is refused from its size, without reading it") {
    TempDir tmp;
    const fs::path big = tmp.path / "big.yaml";
    {
        std::ofstream out(big);
        out << kHead;
    }
    fs::resize_file(big, 50u * 1024u * 1024u);
    LoadResult r;
    double s = seconds([&] { r = load_and_validate(big.string(), attack::builtin_catalog()); });
    CHECK(s < 0.5);
    CHECK_FALSE(r.scenario);
    REQUIRE(find(r.diags, "limit"));
    CHECK(find(r.diags, "limit")->message.find("50 MiB") != std::string::npos);
    CHECK(find(r.diags, "limit")->message.find("4 MiB") != std::string::npos);

    // The text entry point applies the same cap.
    auto t = load_scenario_text(std::string(limits::kMaxFileBytes + 1, '#'), "big.yaml");
    CHECK(find(t.diags, "limit"));
}

TEST_CASE("hostile input: too many injects, too many options, too long a value") {
    std::string many = kHead + "injects:\n";
    for (size_t i = 0; i <= limits::kMaxInjects; ++i)
        many += "  - { id: i" + std::to_string(i) + ", stage: s1, at: \"+00:01\", to: soc, title: T }\n";
    auto r = load_scenario_text(many, "many.yaml");
    REQUIRE(find(r.diags, "limit"));
    CHECK(find(r.diags, "limit")->message.find("2001 entries") != std::string::npos);

    std::string opts = kHead + "injects:\n  - id: a\n    stage: s1\n    at: \"+00:01\"\n    to: soc\n    title: A\n"
                               "    decision:\n      prompt: P\n      default: o0\n      options:\n";
    for (size_t i = 0; i <= limits::kMaxOptions; ++i)
        opts += "        - { id: o" + std::to_string(i) + ", label: O, end: e }\n";
    auto o = load_scenario_text(opts, "opts.yaml");
    REQUIRE(find(o.diags, "limit"));
    CHECK(find(o.diags, "limit")->line == 18);  // the options list

    std::string longv = kHead + "summary: \"" + std::string(limits::kMaxString + 1, 'a') + "\"\n";
    auto l = load_scenario_text(longv, "long.yaml");
    REQUIRE(find(l.diags, "limit"));
    CHECK(find(l.diags, "limit")->line == 8);
}

TEST_CASE("hostile input: several documents, a missing file, a folder") {
    auto r = load_scenario_text(kHead + "---\nother: doc\n", "two.yaml");
    REQUIRE(find(r.diags, "yaml-syntax"));
    CHECK(find(r.diags, "yaml-syntax")->message.find("more than one YAML document") != std::string::npos);

    auto m = load_scenario_file("/nonexistent/ttx/scenario.yaml");
    REQUIRE(find(m.diags, "io"));
    CHECK(find(m.diags, "io")->message == "no such file");

    TempDir tmp;
    auto d = load_scenario_file(tmp.path.string());
    REQUIRE(find(d.diags, "io"));
}

TEST_CASE("too many problems stop the reader") {
    std::string text = kHead + "injects:\n";
    for (int i = 0; i < 300; ++i)
        text += "  - { id: i" + std::to_string(i) + ", stage: s1, at: \"+00:01\", to: soc, title: T, bogus: 1 }\n";
    auto r = load_scenario_text(text, "noisy.yaml");
    CHECK(r.diags.count(DiagLevel::error) == limits::kMaxDiagnostics + 1);
    CHECK(r.diags.items.back().code == "limit");
}

// ---- the command -------------------------------------------------------------------------

TEST_CASE("ttx validate: exit codes and text output") {
    TempDir home;
    SUBCASE("the bundled scenarios are valid; these two with no warnings") {
        Run all = ttx("validate scenarios/", home.path);
        INFO(all.out);
        CHECK(all.rc == 0);
        CHECK(all.out.find(" valid, 0 invalid (0 errors, ") != std::string::npos);
        Run r = ttx("validate --strict scenarios/invoice-ransomware.yaml scenarios/purple-credential-theft.yaml",
                    home.path);
        INFO(r.out);
        CHECK(r.rc == 0);
        CHECK(r.out.find("2 files: 2 valid, 0 invalid (0 errors, 0 warnings)") != std::string::npos);
        CHECK(r.out.find("invoice-ransomware \"") != std::string::npos);
        CHECK(r.out.find("tactics: initial-access, execution, credential-access, lateral-movement, impact") !=
              std::string::npos);
    }
    SUBCASE("an error: file:line:col, exit 1") {
        Run r = ttx("validate tests/fixtures/validate/dangling-ref-stage.yaml", home.path);
        INFO(r.out);
        CHECK(r.rc == 1);
        CHECK(r.out.find("tests/fixtures/validate/dangling-ref-stage.yaml:12:12: error: unknown stage 's3'") !=
              std::string::npos);
        CHECK(r.out.find("(did you mean 's1'?)") != std::string::npos);
        CHECK(r.out.find("1 file: 0 valid, 1 invalid (1 error, 0 warnings)") != std::string::npos);
    }
    SUBCASE("a warning passes, unless --strict") {
        Run r = ttx("validate tests/fixtures/validate/tactic-mismatch.yaml", home.path);
        INFO(r.out);
        CHECK(r.rc == 0);
        CHECK(r.out.find(": warning: ") != std::string::npos);
        Run s = ttx("validate --strict tests/fixtures/validate/tactic-mismatch.yaml", home.path);
        CHECK(s.rc == 1);
        CHECK(s.out.find("0 valid, 1 invalid (0 errors, 1 warning)") != std::string::npos);
    }
    SUBCASE("a path that does not exist is invalid input") {
        Run r = ttx("validate no/such/file.yaml", home.path);
        CHECK(r.rc == 1);
        CHECK(r.out.find("no/such/file.yaml: error: no such file") != std::string::npos);
    }
    SUBCASE("usage errors exit 2") {
        CHECK(ttx("validate", home.path).rc == 2);
        CHECK(ttx("validate --format xml scenarios/", home.path).rc == 2);
    }
    SUBCASE("folders are searched recursively, in sorted order") {
        TempDir dir;
        fs::create_directories(dir.path / "b" / "nested");
        fs::copy_file(kFixtures / "valid-minimal.yaml", dir.path / "b" / "nested" / "z.yml");
        fs::copy_file(kFixtures / "valid-minimal.yaml", dir.path / "a.yaml");
        fs::copy_file(kFixtures / "missing-key.yaml", dir.path / "b" / "c.yaml");
        std::ofstream(dir.path / "notes.txt") << "not a scenario";
        std::ofstream(dir.path / "a.decisions.yaml") << "# a decision script\nformat: ttx-decisions/1\nscenario: minimal\n";
        Run r = ttx("validate '" + dir.path.string() + "'", home.path);
        INFO(r.out);
        CHECK(r.rc == 1);
        CHECK(r.out.find("3 files: 2 valid, 1 invalid (1 error, 0 warnings); skipped 1 other ttx document") !=
              std::string::npos);
        CHECK(r.out.find("a.decisions.yaml") == std::string::npos);
        const auto a = r.out.find("a.yaml: ok"), c = r.out.find("c.yaml:11:5: error"), z = r.out.find("z.yml: ok");
        CHECK(a != std::string::npos);
        CHECK(c != std::string::npos);
        CHECK(z != std::string::npos);
        CHECK(a < c);
        CHECK(c < z);
    }
}

TEST_CASE("ttx validate --format json") {
    TempDir home;
    Run r = ttx("validate --format json tests/fixtures/validate/dangling-ref-goto.yaml scenarios/invoice-ransomware.yaml",
                home.path);
    INFO(r.out);
    CHECK(r.rc == 1);
    auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["files"].size() == 2);
    const auto& bad = j["files"][0];
    CHECK(bad["path"] == "tests/fixtures/validate/dangling-ref-goto.yaml");
    CHECK(bad["valid"] == false);
    REQUIRE(bad["errors"].size() == 1);
    CHECK(bad["errors"][0]["code"] == "dangling-ref");
    CHECK(bad["errors"][0]["line"] == 20);
    CHECK(bad["errors"][0]["col"] == 38);
    CHECK(bad["warnings"].size() == 1);
    CHECK(bad["warnings"][0]["code"] == "unreachable");
    const auto& good = j["files"][1];
    CHECK(good["valid"] == true);
    CHECK(good["scenario"]["id"] == "invoice-ransomware");
    CHECK(good["scenario"]["stages"] == 5);
    CHECK(good["scenario"]["decisions"] == 10);
    CHECK(j["summary"]["files"] == 2);
    CHECK(j["summary"]["valid"] == 1);
    CHECK(j["summary"]["invalid"] == 1);
    CHECK(j["summary"]["errors"] == 1);
    CHECK(j["summary"]["warnings"] == 1);
}
