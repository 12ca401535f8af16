// Installing ttx: where it finds its bundled data, `ttx --version`, the man
// page and bash completion generated from the CLI definition. `.ci/package`
// checks the installed .deb end to end.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sim/attack/catalog.hpp"
#include "sim/service/workspace.hpp"
#include "tests/support.hpp"

namespace fs = std::filesystem;
using ttx_test::quote;
using ttx_test::run_ttx;
using ttx_test::slurp;
using ttx_test::TempDir;

namespace {

void make_scenarios_dir(const fs::path& data_dir) {
    fs::create_directories(data_dir / "scenarios");
}

// Runs a shell command; its stdout, or "" when it fails.
std::string shell(const std::string& cmd, int* rc = nullptr) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    const int status = ::pclose(p);
    if (rc) *rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

// The names a `--help` text lists under "Subcommands:".
std::vector<std::string> help_subcommands(const std::string& help) {
    std::vector<std::string> names;
    std::istringstream in(help);
    bool in_list = false;
    for (std::string line; std::getline(in, line);) {
        if (line == "Subcommands:") in_list = true;
        else if (line.empty()) in_list = false;
        else if (in_list && line.rfind("  ", 0) == 0) names.push_back(line.substr(2, line.find(' ', 2) - 2));
    }
    return names;
}

// The long option names (--x) a `--help` text lists under "Options:".
std::vector<std::string> help_options(const std::string& help) {
    std::vector<std::string> names;
    static const std::regex long_name("--[a-z][a-z0-9-]*");
    std::istringstream in(help);
    bool in_list = false;
    for (std::string line; std::getline(in, line);) {
        if (line == "Options:") in_list = true;
        else if (line.empty()) in_list = false;
        else if (in_list && line.rfind("  -", 0) == 0) {
            const std::string names_part = line.substr(2, line.find(' ', 2) - 2);
            for (std::sregex_iterator it(names_part.begin(), names_part.end(), long_name), end; it != end; ++it)
                names.push_back(it->str());
        }
    }
    return names;
}

// How roff writes a literal text: hyphens as \-.
std::string roff(std::string s) {
    std::string out;
    for (char c : s) out += c == '-' ? std::string("\\-") : std::string(1, c);
    return out;
}

} // namespace

TEST_CASE("bundled data: beside the binary as installed, then as built, then in $XDG_DATA_DIRS") {
    using sim::service::bundled_dir_candidates;
    using sim::service::find_bundled_dir;

    // The order, independent of what exists.
    CHECK(bundled_dir_candidates("/opt/ttx/bin/ttx", "/a:/b/") ==
          std::vector<std::string>{"/opt/ttx/share/ttx", "/opt/ttx/bin/share/ttx", "/a/ttx", "/b/ttx"});
    // Unset or empty: the XDG default. Relative entries are ignored, as the XDG spec says.
    CHECK(bundled_dir_candidates("/usr/bin/ttx", nullptr) ==
          std::vector<std::string>{"/usr/share/ttx", "/usr/bin/share/ttx", "/usr/local/share/ttx", "/usr/share/ttx"});
    CHECK(bundled_dir_candidates("", "") == std::vector<std::string>{"/usr/local/share/ttx", "/usr/share/ttx"});
    CHECK(bundled_dir_candidates("", "relative:/abs::") == std::vector<std::string>{"/abs/ttx"});

    // The first candidate that holds scenarios/ wins.
    TempDir tmp;
    const fs::path prefix = tmp.path / "prefix", build = tmp.path / "build", xdg1 = tmp.path / "xdg1",
                   xdg2 = tmp.path / "xdg2";
    const std::string xdg = xdg1.string() + ":" + xdg2.string();
    auto found = [&](const fs::path& exe) { return find_bundled_dir(bundled_dir_candidates(exe.string(), xdg.c_str())); };

    CHECK(found(prefix / "bin" / "ttx").empty());                         // nothing anywhere
    make_scenarios_dir(xdg2 / "ttx");
    CHECK(found(prefix / "bin" / "ttx") == (xdg2 / "ttx").string());
    fs::create_directories(xdg1 / "ttx");                                 // no scenarios/ in it: skipped
    CHECK(found(prefix / "bin" / "ttx") == (xdg2 / "ttx").string());
    make_scenarios_dir(xdg1 / "ttx");
    CHECK(found(prefix / "bin" / "ttx") == (xdg1 / "ttx").string());
    make_scenarios_dir(build / "share" / "ttx");                          // a build tree: share/ beside the binary
    CHECK(found(build / "ttx") == (build / "share" / "ttx").string());
    make_scenarios_dir(prefix / "share" / "ttx");                         // installed: before everything else
    CHECK(found(prefix / "bin" / "ttx") == (prefix / "share" / "ttx").string());

    sim::service::Paths p;
    CHECK(p.bundled_scenarios_dir().empty());
    p.bundled_dir = "/usr/share/ttx";
    CHECK(p.bundled_scenarios_dir() == "/usr/share/ttx/scenarios");
}

#ifdef TTX_HAVE_UI
TEST_CASE("console: a copied ttx lists the scenarios installed beside it, else those in $XDG_DATA_DIRS") {
    if (!std::getenv("DISPLAY")) TTX_SKIP("no display (run under xvfb-run)");
    TempDir tmp;
    const fs::path prefix = tmp.path / "prefix", xdg = tmp.path / "xdg", away = tmp.path / "elsewhere";
    fs::create_directories(prefix / "bin");
    fs::create_directories(away);
    fs::copy_file(TTX_BINARY, prefix / "bin" / "ttx");
    const fs::path installed = prefix / "share" / "ttx" / "scenarios", system = xdg / "ttx" / "scenarios";
    fs::create_directories(installed);
    fs::create_directories(system);

    // The folders the console's library scanned, from its trace ("folder <path>\t…").
    auto scanned = [&] {
        const std::string trace = (tmp.path / "trace").string();
        const std::string cmd = "cd " + quote(away.string()) + " && env -u TTX_SCENARIOS HOME=" +
                                quote(tmp.path.string()) + " XDG_DATA_HOME=" + quote((tmp.path / "data").string()) +
                                " XDG_CONFIG_HOME=" + quote((tmp.path / "config").string()) +
                                " XDG_DATA_DIRS=" + quote(xdg.string()) + " TTX_UI_TRACE=" + quote(trace) + " " +
                                quote((prefix / "bin" / "ttx").string()) + " console --frames 2 --screenshot " +
                                quote((tmp.path / "shot.png").string()) + " --db " +
                                quote((tmp.path / "j.db").string()) + " >/dev/null 2>&1";
        int rc = -1;
        shell(cmd, &rc);
        REQUIRE(rc == 0);
        std::set<std::string> folders;
        std::istringstream in(slurp(trace));
        for (std::string line; std::getline(in, line);)
            if (line.rfind("folder ", 0) == 0) folders.insert(line.substr(7, line.find('\t') - 7));
        return folders;
    };

    std::set<std::string> folders = scanned();
    CHECK(folders.count(fs::weakly_canonical(installed).string()) == 1);
    CHECK(folders.count(fs::weakly_canonical(system).string()) == 0);
    for (const auto& f : folders) CHECK_MESSAGE(f.rfind(TTX_SOURCE_DIR, 0) != 0, "scanned the source tree: ", f);

    fs::remove_all(prefix / "share");
    folders = scanned();
    CHECK(folders.count(fs::weakly_canonical(installed).string()) == 0);
    CHECK(folders.count(fs::weakly_canonical(system).string()) == 1);
}
#endif // TTX_HAVE_UI

TEST_CASE("ttx --version: the version, the git commit built from and the built-in ATT&CK release") {
    const auto r = run_ttx("--version");
    REQUIRE(r.rc == 0);
    const auto lines = r.lines();
    REQUIRE(lines.size() == 2);
    int git_rc = -1;
    std::string commit = shell("git -C " + quote(TTX_SOURCE_DIR) + " rev-parse --short HEAD 2>/dev/null", &git_rc);
    while (!commit.empty() && commit.back() == '\n') commit.pop_back();
    if (git_rc != 0 || commit.empty()) commit = "unknown";
    CHECK(lines[0] == std::string("ttx ") + TTX_PROJECT_VERSION + " (git " + commit + ")");
    const std::string attack = sim::attack::builtin_catalog().version;
    REQUIRE_FALSE(attack.empty());
    CHECK(lines[1] == "ATT&CK Enterprise v" + attack + " (built-in catalog)");
}

TEST_CASE("man page: every subcommand and option of --help, the same page the build installs") {
    const auto man = run_ttx("help-man");
    REQUIRE(man.rc == 0);
    CHECK(man.out.rfind(".\\\" Generated", 0) == 0);
    CHECK(man.out.find(".TH TTX 1") != std::string::npos);
    // The page the build wrote (and installs) is this one.
    CHECK(slurp(TTX_MAN_PAGE) == man.out);

    const auto top = run_ttx("--help");
    REQUIRE(top.rc == 0);
    std::vector<std::string> commands = help_subcommands(top.out);
    REQUIRE(commands.size() >= 10);
    CHECK(std::find(commands.begin(), commands.end(), "help-man") == commands.end());   // hidden
    std::size_t checked = 0;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        const std::string c = commands[i];   // a copy: push_back below may reallocate
        CAPTURE(c);
        CHECK(man.out.find(".SS \"ttx " + roff(c) + "\"") != std::string::npos);
        const auto help = run_ttx(c + " --help");
        REQUIRE(help.rc == 0);
        for (const auto& o : help_options(help.out)) {
            CAPTURE(o);
            if (o != "--help") CHECK(man.out.find(roff(o)) != std::string::npos);
        }
        for (const auto& nested : help_subcommands(help.out)) commands.push_back(c + " " + nested);
        ++checked;
    }
    CHECK(checked > 13);   // nested ones too (attack list, actions set, ...)
    CHECK(man.out.find("help\\-man") == std::string::npos);

    // groff finds nothing to warn about (a malformed request, a bad escape).
    int rc = -1;
    const std::string warnings =
        shell("command -v groff >/dev/null || exit 77; groff -man -Tutf8 -ww -z " + quote(TTX_MAN_PAGE) + " 2>&1", &rc);
    if (rc == 77) TTX_SKIP("groff is not installed (groff-base)");
    CHECK(rc == 0);
    CHECK(warnings == "");
}

TEST_CASE("bash completion: commands, nested commands and their options, from the CLI definition") {
    CHECK(slurp(TTX_COMPLETION) == run_ttx("help-completion").out);
    // COMPREPLY for the words typed so far, the last one being completed.
    auto complete = [](const std::string& words) {
        const std::string script = "source " + quote(TTX_COMPLETION) + "; COMP_WORDS=(" + words +
                                   "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _ttx; for w in \"${COMPREPLY[@]}\"; do echo \"$w\"; done";
        int rc = -1;
        std::string out = shell("bash -c " + quote(script), &rc);
        CHECK(rc == 0);
        return out;
    };
    CHECK(complete("ttx re") == "resume\nreport\n");
    CHECK(complete("ttx run scenario.yaml ''").empty());   // a positional: the shell's file names
    CHECK(complete("ttx run --d") == "--decisions\n--db\n");
    CHECK(complete("ttx attack ''") == "list\ntactics\nshow\nimport\n");
    CHECK(complete("ttx attack import --") == "--help\n--attack-version\n--dry-run\n");
    CHECK(complete("ttx run --db ''").empty());   // an option's value: the shell's file names
    CHECK(complete("ttx help").empty());         // hidden generators are not offered
}
