// `ttx run`, `ttx resume`, `ttx sessions`, `ttx show` as a user drives them.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "tests/support.hpp"

using namespace std::string_literals;
namespace fs = std::filesystem;

namespace {

const std::string kScenario = TTX_SOURCE_DIR "/tests/fixtures/engine/branching.yaml"s;
const std::string kScript = TTX_SOURCE_DIR "/tests/fixtures/engine/branching.decisions.yaml"s;
// The fixture's journal with its script's seed; also pinned in crash_test.
const std::string kPinnedHash = "a22eded7e68c0d009a3224de19271abf9cbc9071223f923105e55aab6f1f99d1";

using ttx_test::quote;
using ttx_test::slurp;
using ttx_test::TempDir;
using Result = ttx_test::RunResult;

// Runs `ttx ARGS` with XDG_DATA_HOME inside `tmp`, capturing stdout and stderr.
Result ttx(const TempDir& tmp, const std::string& args) { return ttx_test::run_ttx(args, tmp.path / "xdg"); }

std::string write(const TempDir& tmp, const std::string& name, const std::string& text) {
    fs::path p = tmp.path / name;
    std::ofstream(p) << text;
    return p.string();
}

// The fixture script cut after its first `n` steps.
std::string truncated_script(std::size_t n) {
    std::string text = slurp(kScript);
    std::size_t at = text.find("steps:\n");
    REQUIRE(at != std::string::npos);
    std::istringstream in(text.substr(at + 7));
    std::string head = text.substr(0, at + 7);
    std::size_t taken = 0;
    for (std::string l; std::getline(in, l) && taken < n;) {
        head += l + "\n";
        if (l.rfind("  - ", 0) == 0) ++taken;
    }
    return head;
}

std::string session_id(const Result& r) {
    auto lines = r.lines();
    REQUIRE_FALSE(lines.empty());
    REQUIRE(lines[0].rfind("session: ", 0) == 0);
    return lines[0].substr(9);
}

const std::string kHeader = "format: ttx-decisions/1\nscenario: engine-branching\nseed: 7\n"
                            "participants:\n  - { name: Dana Ortiz, team: soc, role: tier1 }\nsteps:\n";

} // namespace

TEST_CASE("ttx run: session line first, one line per command, the journal hash last") {
    TempDir tmp;
    Result r = ttx(tmp, "run " + quote(kScenario) + " --decisions " + quote(kScript) + " --db " + quote(tmp.file("ttx.db")));
    INFO(r.err);
    REQUIRE(r.rc == 0);
    auto lines = r.lines();
    REQUIRE(lines.size() > 10);
    CHECK(std::regex_match(lines.front(), std::regex("session: s-[0-9a-f]{12}")));
    CHECK(lines.back() == "journal-sha256: " + kPinnedHash);
    CHECK(std::find(lines.begin(), lines.end(),
                    "T+00:06:00 decision recorded: alert -> investigate (soc/tier1 Dana Ortiz); rated triage-alert: S "
                    "(option, Dana Ortiz)") != lines.end());
    // Implicit briefing, the script's 27 steps, one implicit start: 29 command lines.
    CHECK(lines.size() == 1 + 29 + 1);

    Result again = ttx(tmp, "run " + quote(kScenario) + " --decisions " + quote(kScript) + " --db " + quote(tmp.file("ttx.db")));
    CHECK(again.lines().back() == lines.back());
    CHECK(session_id(again) != session_id(r));
}

TEST_CASE("ttx sessions and ttx show read the journal") {
    TempDir tmp;
    Result r = ttx(tmp, "run " + quote(kScenario) + " --decisions " + quote(kScript) + " --db " + quote(tmp.file("ttx.db")));
    REQUIRE(r.rc == 0);
    std::string id = session_id(r);
    Result list = ttx(tmp, "sessions --db " + quote(tmp.file("ttx.db")));
    CHECK(list.rc == 0);
    CHECK(list.out.find(id) != std::string::npos);
    CHECK(list.out.find("engine-branching") != std::string::npos);
    CHECK(list.out.find("closed") != std::string::npos);
    Result show = ttx(tmp, "show " + id + " --db " + quote(tmp.file("ttx.db")));
    INFO(show.err);
    CHECK(show.rc == 0);
    CHECK(show.out.find("alert -> investigate (soc/tier1 Dana Ortiz): Need the process tree") != std::string::npos);
    CHECK(show.out.find("ending: breach") != std::string::npos);
    CHECK(show.out.find("[action] Kim") != std::string::npos);
    CHECK(show.out.find(kPinnedHash) != std::string::npos);
    // Sections come in a fixed order.
    auto pos = [&](const char* s) { return show.out.find(s); };
    CHECK(pos("delivered injects") < pos("\ndecisions\n"));
    CHECK(pos("\ndecisions\n") < pos("\nratings\n"));
    CHECK(pos("\nratings\n") < pos("\nnotes\n"));
    Result missing = ttx(tmp, "show s-000000000000 --db " + quote(tmp.file("ttx.db")));
    CHECK(missing.rc == 1);
    CHECK(missing.err.find("no session s-000000000000") != std::string::npos);
}

TEST_CASE("a rejected step names script:line:col and exits 1, the journal keeps what was accepted") {
    TempDir tmp;
    std::string script = write(tmp, "bad.yaml", kHeader + "  - advance: \"+00:03\"\n  - decide: { inject: alert, option: contain, team: soc }\n");
    Result r = ttx(tmp, "run " + quote(kScenario) + " --decisions " + quote(script) + " --db " + quote(tmp.file("ttx.db")));
    CHECK(r.rc == 1);
    CHECK(r.err.find(script + ":8:5: error: step 2 (decide) rejected: inject 'alert' has not been delivered yet") !=
          std::string::npos);
    auto lines = r.lines();
    REQUIRE(lines.size() >= 2);
    CHECK(lines.back().rfind("journal-sha256: ", 0) == 0);
    CHECK(r.out.find("advanced from T+00:00:00") != std::string::npos);
}

TEST_CASE("script mistakes are reported as script:line:col before anything is created") {
    TempDir tmp;
    SUBCASE("unknown step") {
        std::string script = write(tmp, "s.yaml", kHeader + "  - advance: \"+00:03\"\n  - teleport: now\n");
        Result r = ttx(tmp, "run " + quote(kScenario) + " --decisions " + quote(script) + " --db " + quote(tmp.file("ttx.db")));
        CHECK(r.rc == 1);
        CHECK(r.err.find(script + ":8:5: error: unknown step 'teleport'") != std::string::npos);
    }
    SUBCASE("malformed time") {
        std::string script = write(tmp, "s.yaml", kHeader + "  - advance: soon\n");
        Result r = ttx(tmp, "run " + quote(kScenario) + " --decisions " + quote(script) + " --db " + quote(tmp.file("ttx.db")));
        CHECK(r.rc == 1);
        CHECK(r.err.find(script + ":7:14: error:") != std::string::npos);
        CHECK(r.err.find("+00:15") != std::string::npos);
    }
    SUBCASE("a comma in an unquoted flow value") {
        std::string script = write(tmp, "s.yaml", kHeader + "  - note: { text: one, two and three }\n");
        Result r = ttx(tmp, "run " + quote(kScenario) + " --decisions " + quote(script) + " --db " + quote(tmp.file("ttx.db")));
        CHECK(r.rc == 1);
        CHECK(r.err.find("put the text in quotes") != std::string::npos);
    }
    SUBCASE("script for another scenario") {
        std::string script = write(tmp, "s.yaml", "format: ttx-decisions/1\nscenario: other\nsteps: []\n");
        Result r = ttx(tmp, "run " + quote(kScenario) + " --decisions " + quote(script) + " --db " + quote(tmp.file("ttx.db")));
        CHECK(r.rc == 1);
        CHECK(r.err.find(script + ":2:11: error: this script is for scenario 'other'") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(tmp.file("ttx.db")));
}

TEST_CASE("a script naming what the scenario lacks is refused with the nearest name and no session is created") {
    TempDir tmp;
    struct Case {
        std::string step;
        std::string where;                  // line:col of the misspelt name
        std::string message;
    };
    const std::vector<Case> cases = {
        {"  - advance: \"+00:05\"\n  - decide: { inject: alrt, option: contain, team: soc }\n", ":8:23:",
         "unknown inject 'alrt' (did you mean 'alert'?)"},
        {"  - advance: \"+00:05\"\n  - decide: { inject: alert, option: contian, team: soc }\n", ":8:38:",
         "unknown option 'contian' of inject 'alert' (did you mean 'contain'?)"},
        {"  - status: { inject: alert, team: sco, status: acknowledged }\n", ":7:36:",
         "unknown team 'sco' (did you mean 'soc'?)"},
        {"  - rate: { expectation: triage-alrt, rating: P }\n", ":7:26:",
         "unknown expectation 'triage-alrt' (did you mean 'triage-alert'?)"},
        {"  - decide: { inject: alert, option: contain, team: soc, role: tire1 }\n", ":7:64:",
         "unknown role 'tire1' (did you mean 'tier1'?)"},
        {"  - decide: { inject: alert, option: contain, team: soc, by: Dana Ortis }\n", ":7:62:",
         "unknown participant 'Dana Ortis', not one of the script's `participants:` (did you mean 'Dana Ortiz'?)"},
        {"  - note: { text: Isolate sooner, action: true, objective: obj-contian }\n", ":7:60:",
         "unknown objective 'obj-contian' (did you mean 'obj-contain'?)"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.step);
        // Steps after a good one too: nothing at all is created, not a partial session.
        std::string script = write(tmp, "typo.yaml", kHeader + c.step);
        const std::string db = tmp.file("typo.db");
        Result r = ttx(tmp, "run " + quote(kScenario) + " --decisions " + quote(script) + " --db " + quote(db));
        CHECK(r.rc == 1);
        CHECK(r.out.find("session:") == std::string::npos);
        CHECK(r.err.find(script + c.where + " error: " + c.message) != std::string::npos);
        CHECK_FALSE(fs::exists(db));
        Result listed = ttx(tmp, "sessions --db " + quote(db));
        CHECK(listed.out.find("no sessions in") != std::string::npos);
        fs::remove(db);
    }
}

TEST_CASE("the script reader shares the scenario loader's checks: duplicate keys, nearest names, boolean spellings") {
    TempDir tmp;
    SUBCASE("a key given twice") {
        std::string script = write(tmp, "s.yaml", kHeader + "  - note: { text: one, text: two }\n");
        Result r = ttx(tmp, "run " + quote(kScenario) + " --decisions " + quote(script) + " --db " + quote(tmp.file("ttx.db")));
        CHECK(r.rc == 1);
        CHECK(r.err.find(script + ":7:24: error: key 'text' appears twice in `note` (first at line 7; keep one)") !=
              std::string::npos);
    }
    SUBCASE("a misspelt key and a misspelt step") {
        std::string script = write(tmp, "s.yaml", kHeader + "  - note: { txt: one }\n  - advnce: \"+00:05\"\n");
        Result r = ttx(tmp, "run " + quote(kScenario) + " --decisions " + quote(script) + " --db " + quote(tmp.file("ttx.db")));
        CHECK(r.rc == 1);
        CHECK(r.err.find(script + ":7:13: error: unknown key 'txt' in `note` (did you mean 'text'?)") != std::string::npos);
        CHECK(r.err.find(script + ":8:5: error: unknown step 'advnce' (did you mean 'advance'?") != std::string::npos);
    }
    SUBCASE("YAML's boolean spellings") {
        std::string script = write(tmp, "s.yaml", kHeader + "  - note: { text: seen, observer: On, action: NO }\n");
        Result r = ttx(tmp, "run " + quote(kScenario) + " --decisions " + quote(script) + " --db " + quote(tmp.file("ttx.db")));
        CHECK(r.rc == 0);
        std::string bad = write(tmp, "b.yaml", kHeader + "  - note: { text: seen, observer: maybe }\n");
        r = ttx(tmp, "run " + quote(kScenario) + " --decisions " + quote(bad) + " --db " + quote(tmp.file("ttx.db")));
        CHECK(r.rc == 1);
        CHECK(r.err.find(bad + ":7:35: error: 'observer' in `note` must be true or false, found 'maybe'") != std::string::npos);
    }
}

TEST_CASE("an invalid scenario prints its diagnostics and runs nothing") {
    TempDir tmp;
    std::string scenario = write(tmp, "broken.yaml", "format: ttx/1\nid: broken\ninjects: 3\n");
    Result r = ttx(tmp, "run " + quote(scenario) + " --decisions " + quote(kScript) + " --db " + quote(tmp.file("ttx.db")));
    CHECK(r.rc == 1);
    CHECK(r.err.find(scenario + ":") != std::string::npos);
    CHECK(r.out.find("session:") == std::string::npos);
    CHECK_FALSE(fs::exists(tmp.file("ttx.db")));
}

TEST_CASE("ttx resume continues the script where the journal stops") {
    TempDir tmp;
    std::string part = write(tmp, "part.yaml", truncated_script(12));
    Result first = ttx(tmp, "run " + quote(kScenario) + " --decisions " + quote(part) + " --db " + quote(tmp.file("ttx.db")));
    REQUIRE(first.rc == 0);
    std::string id = session_id(first);

    SUBCASE("with the full script: the same journal as an uninterrupted run") {
        Result r = ttx(tmp, "resume " + id + " --decisions " + quote(kScript) + " --db " + quote(tmp.file("ttx.db")));
        INFO(r.err);
        CHECK(r.rc == 0);
        CHECK(r.lines().front() == "session: " + id);
        CHECK(r.lines().back() == "journal-sha256: " + kPinnedHash);
        // Steps 1..12 are not repeated: the first line after the session is step 13's.
        CHECK(r.lines()[1].find("decision recorded: followup -> escalate") != std::string::npos);
    }
    SUBCASE("without --decisions it uses the script stored with the session: nothing left to do") {
        Result r = ttx(tmp, "resume " + id + " --db " + quote(tmp.file("ttx.db")));
        CHECK(r.rc == 0);
        CHECK(r.lines().size() == 2);
        CHECK(r.lines().back() == first.lines().back());
    }
}

TEST_CASE("--seed and --mode override the script's, the default database is private") {
    TempDir tmp;
    Result r = ttx(tmp, "run " + quote(kScenario) + " --decisions " + quote(kScript) + " --seed 8 --mode red");
    INFO(r.err);
    REQUIRE(r.rc == 0);
    CHECK(r.lines().back() != "journal-sha256: " + kPinnedHash);
    CHECK(r.out.find("red move s2:") != std::string::npos);     // red mode draws a move for stage s2
    fs::path db = tmp.path / "xdg" / "ttx" / "ttx.db";
    REQUIRE(fs::exists(db));
    struct stat st {};
    REQUIRE(::stat(db.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    Result show = ttx(tmp, "show " + session_id(r));
    CHECK(show.out.find("mode      red   seed 8") != std::string::npos);
}

TEST_CASE("usage errors exit 2") {
    TempDir tmp;
    CHECK(ttx(tmp, "run " + quote(kScenario)).rc == 2);                                   // no --decisions
    CHECK(ttx(tmp, "run " + quote(kScenario) + " --decisions " + quote(kScript) + " --pace soon").rc == 2);
    CHECK(ttx(tmp, "run " + quote(kScenario) + " --decisions " + quote(kScript) + " --mode green").rc == 2);
}

TEST_CASE("the bundled scenarios' decision scripts run to the end") {
    for (const auto& [id, kind] : std::vector<std::pair<std::string, std::string>>{
             {"invoice-ransomware", ""}, {"invoice-ransomware", ".red"}, {"invoice-ransomware", ".purple"},
             {"purple-credential-theft", ""}, {"purple-credential-theft", ".red"},
             {"purple-credential-theft", ".purple"},
             {"mft-mass-data-theft", ""}, {"mft-mass-data-theft", ".red"}, {"mft-mass-data-theft", ".purple"},
             {"double-extortion-esxi", ""}, {"double-extortion-esxi", ".red"}, {"double-extortion-esxi", ".purple"},
             {"entra-identity-compromise", ".red"}, {"entra-identity-compromise", ".purple"},
             {"deepfake-payment-fraud", ".red"}, {"deepfake-payment-fraud", ".purple"},
             {"edge-vpn-zero-day", ".red"}, {"edge-vpn-zero-day", ".purple"}}) {
        TempDir tmp;
        std::string scenario = TTX_SOURCE_DIR "/scenarios/"s + id + ".yaml";
        std::string script = TTX_SOURCE_DIR "/scenarios/"s + id + kind + ".decisions.yaml";
        Result r = ttx(tmp, "run " + quote(scenario) + " --decisions " + quote(script) + " --db " + quote(tmp.file("ttx.db")));
        INFO(script, "\n", r.err);
        CHECK(r.rc == 0);
        CHECK(r.out.find("session closed") != std::string::npos);
    }
}

TEST_CASE("invoice-ransomware: the red and purple scripts differ in one red move and the SOC receives different injects") {
    TempDir tmp;
    const std::string db = quote(tmp.file("ttx.db"));
    auto shown = [&](const std::string& script) {
        Result r = ttx(tmp, "run " + quote(TTX_SOURCE_DIR "/scenarios/invoice-ransomware.yaml") + " --decisions " +
                                quote(TTX_SOURCE_DIR "/scenarios/" + script) + " --db " + db);
        INFO(r.err);
        REQUIRE(r.rc == 0);
        Result show = ttx(tmp, "show " + session_id(r) + " --db " + db + " --format json");
        REQUIRE(show.rc == 0);
        return nlohmann::json::parse(show.out);
    };
    auto got = [](const nlohmann::json& j, const std::string& inject) {
        for (const auto& d : j["delivered"])
            if (d["inject"] == inject) return true;
        return false;
    };
    const auto red = shown("invoice-ransomware.red.decisions.yaml");         // LSASS dump: alerted
    const auto purple = shown("invoice-ransomware.purple.decisions.yaml");   // browser passwords: logged, hunted
    CHECK(got(red, "lsass-access"));
    CHECK_FALSE(got(red, "browser-store-read"));
    CHECK_FALSE(got(purple, "lsass-access"));
    CHECK(got(purple, "browser-store-read"));
    for (const auto& m : purple["red"]) {
        if (m["stage"] == "s3") {
            CHECK(m["outcome"] == "logged");
            CHECK(m["adjudication"]["revealed_at"] == 36 * 60);
            CHECK(m["detected_at"] == 36 * 60);
        }
        if (m["stage"] == "s1") {
            CHECK(m["outcome"] == "none");
            CHECK(m["adjudication"]["source"] == "override");
            CHECK(m["adjudication"]["override"]["adjudicated"] == "alerted");
        }
    }
}

TEST_CASE("mft-mass-data-theft: the loud and the quiet crew leave different telemetry, alerted or only hunted") {
    TempDir tmp;
    const std::string db = quote(tmp.file("ttx.db"));
    auto shown = [&](const std::string& script) {
        Result r = ttx(tmp, "run " + quote(TTX_SOURCE_DIR "/scenarios/mft-mass-data-theft.yaml") + " --decisions " +
                                quote(TTX_SOURCE_DIR "/scenarios/" + script) + " --db " + db);
        INFO(r.err);
        REQUIRE(r.rc == 0);
        Result show = ttx(tmp, "show " + session_id(r) + " --db " + db + " --format json");
        REQUIRE(show.rc == 0);
        return nlohmann::json::parse(show.out);
    };
    auto cause = [](const nlohmann::json& j, const std::string& inject) -> std::string {
        for (const auto& d : j["delivered"])
            if (d["inject"] == inject) return d.value("cause", "delivered");
        return "";
    };
    auto outcome = [](const nlohmann::json& j, const std::string& stage) -> nlohmann::json {
        for (const auto& m : j["red"])
            if (m["stage"] == stage) return m;
        return nullptr;
    };
    // Red: web shell, staged archives, push to cloud storage; each alerted by a posture rule.
    const auto red = shown("mft-mass-data-theft.red.decisions.yaml");
    CHECK(cause(red, "webshell-alert") == "alert");
    CHECK(cause(red, "archive-alert") == "alert");
    CHECK(cause(red, "cloud-alert") == "alert");
    CHECK(cause(red, "egress-report").empty());   // nothing went through the download API
    CHECK(cause(red, "job-found").empty());
    for (const char* stage : {"persist", "collect", "exfil"}) {
        CAPTURE(stage);
        CHECK(outcome(red, stage)["outcome"] == "alerted");
        CHECK(outcome(red, stage)["adjudication"]["source"] == "posture");
    }
    // Purple: scheduled task, database reads, pull through the API; all logged, found by two hunts.
    const auto purple = shown("mft-mass-data-theft.purple.decisions.yaml");
    CHECK(cause(purple, "webshell-alert").empty());
    CHECK(cause(purple, "archive-alert").empty());
    CHECK(cause(purple, "cloud-alert").empty());
    CHECK(cause(purple, "job-found") == "hunt");
    CHECK(cause(purple, "harvest-found") == "hunt");
    CHECK(cause(purple, "pull-found") == "hunt");
    CHECK_FALSE(cause(purple, "egress-report").empty());   // the routine-looking capacity ticket
    CHECK(outcome(purple, "persist")["move"] == "sched-job");
    CHECK(outcome(purple, "persist")["outcome"] == "logged");
    CHECK(outcome(purple, "persist")["detected_at"] == 18 * 60);
    CHECK(outcome(purple, "exfil")["outcome"] == "logged");
    CHECK(outcome(purple, "exfil")["detected_at"] == 30 * 60);
}

TEST_CASE("double-extortion-esxi: loud and quiet red moves give the SOC alerts on some channels, hunt results on others") {
    TempDir tmp;
    const std::string db = quote(tmp.file("ttx.db"));
    auto shown = [&](const std::string& script) {
        Result r = ttx(tmp, "run " + quote(TTX_SOURCE_DIR "/scenarios/double-extortion-esxi.yaml") + " --decisions " +
                                quote(TTX_SOURCE_DIR "/scenarios/" + script) + " --db " + db);
        INFO(r.err);
        REQUIRE(r.rc == 0);
        CHECK(r.out.find("exercise ended: ") != std::string::npos);
        Result show = ttx(tmp, "show " + session_id(r) + " --db " + db + " --format json");
        REQUIRE(show.rc == 0);
        return nlohmann::json::parse(show.out);
    };
    auto cause = [](const nlohmann::json& j, const std::string& inject) -> std::string {
        for (const auto& d : j["delivered"])
            if (d["inject"] == inject) return d.value("cause", std::string("delivered"));
        return "";
    };
    const auto red = shown("double-extortion-esxi.red.decisions.yaml");        // VPN, ntdsutil, rclone, ESX Admins
    const auto purple = shown("double-extortion-esxi.purple.decisions.yaml");  // vishing, Veeam DB, SFTP, vCenter
    // Each loud move is alerted by the posture and reaches blue as its alert ...
    for (const char* alert : {"vpn-anomaly", "ntds-alert", "mega-upload", "esx-admins-alert"}) {
        CAPTURE(alert);
        CHECK(cause(red, alert) == "alert");
        CHECK(cause(purple, alert).empty());
    }
    // ... each quiet one produces nothing until a hunt names the telemetry that recorded it.
    CHECK(cause(purple, "helpdesk-ticket") == "red-move");
    for (const char* found : {"veeam-hunt", "sftp-hunt", "vcenter-hunt"}) {
        CAPTURE(found);
        CHECK(cause(purple, found) == "hunt");
        CHECK(cause(red, found).empty());
    }
    // Red, seen, accelerated and encrypted the hosts; purple's hunt led to hardening, and encryption failed.
    CHECK_FALSE(cause(red, "esxi-encrypted-early").empty());
    CHECK(cause(red, "encryption-foiled").empty());
    CHECK_FALSE(cause(purple, "encryption-foiled").empty());
    CHECK(cause(purple, "esxi-encrypted").empty());
    for (const auto& m : purple["red"]) {
        if (m["stage"] == "exfil") CHECK(m["outcome"] == "logged");
        if (m["stage"] == "access") CHECK(m["adjudication"]["source"] == "override");
        CHECK(m["stage"] != "lateral");   // hardened hosts: no SSH move was available
    }
}

TEST_CASE("entra-identity-compromise: the red cell's path decides which Entra logs and calls reach the SOC") {
    TempDir tmp;
    const std::string db = quote(tmp.file("ttx.db"));
    auto shown = [&](const std::string& kind) {
        const std::string base = TTX_SOURCE_DIR "/scenarios/entra-identity-compromise";
        Result r = ttx(tmp, "run " + quote(base + ".yaml") + " --decisions " + quote(base + kind + ".decisions.yaml") +
                                " --db " + db);
        INFO(r.err);
        REQUIRE(r.rc == 0);
        Result show = ttx(tmp, "show " + session_id(r) + " --db " + db + " --format json");
        REQUIRE(show.rc == 0);
        return nlohmann::json::parse(show.out);
    };
    auto got = [](const nlohmann::json& j, const std::string& inject) {
        for (const auto& d : j["delivered"])
            if (d["inject"] == inject) return true;
        return false;
    };
    auto move = [](const nlohmann::json& j, const std::string& stage) {
        for (const auto& m : j["red"])
            if (m["stage"] == stage) return m;
        return nlohmann::json();
    };
    const auto red = shown(".red");
    const auto purple = shown(".purple");
    for (const char* i : {"aitm-signin", "helpdesk-call", "new-mfa-method", "fed-change", "hr-download", "extortion-mail"}) {
        CAPTURE(i);
        CHECK(got(red, i));
        CHECK_FALSE(got(purple, i));
    }
    for (const char* i : {"push-storm", "push-pattern-found", "no-signal-call", "sspr-found", "sp-secret-found"}) {
        CAPTURE(i);
        CHECK(got(purple, i));
        CHECK_FALSE(got(red, i));
    }
    CHECK_FALSE(got(purple, "leaked-cred-alert"));   // the white cell's override: logged, not alerted
    CHECK_FALSE(got(purple, "hr-download-app"));     // the secret was removed before the download
    CHECK(move(red, "privesc")["outcome"] == "alerted");
    CHECK(move(red, "privesc")["adjudication"]["source"] == "posture");
    CHECK(move(purple, "privesc")["outcome"] == "logged");
    CHECK(move(purple, "privesc")["detected_at"] == 30 * 60);   // revealed by the audit-log hunt
    CHECK(move(purple, "access")["adjudication"]["source"] == "override");
    CHECK(move(purple, "access")["adjudication"]["override"]["adjudicated"] == "alerted");
}


TEST_CASE("ttx show --format json: what was delivered follows the red move, and the red moves") {
    TempDir tmp;
    const std::string scenario = TTX_SOURCE_DIR "/scenarios/purple-credential-theft.yaml";
    const std::string db = quote(tmp.file("ttx.db"));
    auto shown = [&](const std::string& script) {
        Result r = ttx(tmp, "run " + quote(scenario) + " --decisions " + quote(TTX_SOURCE_DIR "/scenarios/" + script) +
                                " --db " + db);
        INFO(r.err);
        REQUIRE(r.rc == 0);
        Result show = ttx(tmp, "show " + session_id(r) + " --db " + db + " --format json");
        REQUIRE(show.rc == 0);
        return nlohmann::json::parse(show.out);
    };
    auto delivered = [](const nlohmann::json& j, const std::string& inject) -> const nlohmann::json* {
        for (const auto& d : j["delivered"])
            if (d["inject"] == inject) return &d;
        return nullptr;
    };
    const auto red = shown("purple-credential-theft.red.decisions.yaml");       // DCSync
    const auto purple = shown("purple-credential-theft.decisions.yaml");        // LSASS dump, blocked
    REQUIRE(delivered(red, "dcsync-alert"));
    CHECK((*delivered(red, "dcsync-alert"))["at"] == 3600 + 9 * 60);
    CHECK((*delivered(red, "dcsync-alert"))["teams"] == nlohmann::json::array({"blue-soc"}));
    CHECK((*delivered(red, "dcsync-alert"))["cause"] == "alert");     // adjudicated alerted (the SIEM rule)
    CHECK_FALSE(delivered(red, "cred-lsass"));
    CHECK(delivered(purple, "cred-lsass"));
    CHECK_FALSE(delivered(purple, "dcsync-alert"));
    // The lateral step's telemetry follows the p4 move the p3 outcome allowed.
    CHECK(delivered(red, "admin-share-alert"));
    CHECK_FALSE(delivered(purple, "winrm-alert"));      // WinRM is disabled in the posture: blocked
    CHECK_FALSE(delivered(purple, "admin-share-alert"));
    for (const auto& m : purple["red"])
        if (m["stage"] == "p4") {
            CHECK(m["outcome"] == "blocked");
            CHECK(m["adjudication"]["source"] == "posture");
            CHECK(m["adjudication"]["control"].get<std::string>().rfind("M1042", 0) == 0);
        }

    bool dcsync = false;
    for (const auto& m : red["red"])
        if (m["stage"] == "p3") {
            dcsync = m["move"] == "dcsync" && m["technique"] == "T1003.006" && m["chosen_at"] == 0 &&
                     m["executed_at"] == 3600 && m["outcome"] == "alerted" && m["detected_at"] == 3600 &&
                     m["adjudication"]["source"] == "posture";
        }
    CHECK(dcsync);
    CHECK(red["mode"] == "red");
}

TEST_CASE("ttx run: an unavailable red move is refused with its reason, at the script's step") {
    TempDir tmp;
    const std::string script = tmp.file("early.decisions.yaml");
    std::ofstream(script) << "format: ttx-decisions/1\nscenario: purple-credential-theft\nmode: red\nsteps:\n"
                             "  - red: { stage: p3, move: T1558.003 }\n"
                             "  - red: { stage: p4, move: T1021.002 }\n";
    Result r = ttx(tmp, "run " + quote(TTX_SOURCE_DIR "/scenarios/purple-credential-theft.yaml") + " --decisions " +
                            quote(script) + " --db " + quote(tmp.file("ttx.db")));
    CHECK(r.rc == 1);
    CHECK(r.err.find("early.decisions.yaml:6:5: error: step 2 (red) rejected: red move 'p4/T1021.002' requires one of "
                     "p3/T1003.001, p3/dcsync") != std::string::npos);
    INFO(r.err);
}
