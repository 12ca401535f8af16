// tests/export_test.cpp — `ttx report --format xlsx|vectr-csv|stix` from played
// sessions (the bundled invoice-ransomware red and purple scripts), and
// `ttx import --into SCENARIO --as purple-plan`.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support.hpp"

namespace {

namespace fs = std::filesystem;
using ttx_test::quote;
using ttx_test::run_ttx;
using ttx_test::slurp;
using ttx_test::TempDir;

const std::string kScenarios = std::string(TTX_SOURCE_DIR) + "/scenarios";

// Plays a bundled decision script into `home`'s journal; returns the session id.
std::string play(const TempDir& home, const std::string& script) {
    const auto r = run_ttx("run " + quote(kScenarios + "/invoice-ransomware.yaml") + " --decisions " +
                               quote(kScenarios + "/" + script),
                           home.path);
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    const auto lines = r.lines();
    REQUIRE_FALSE(lines.empty());
    REQUIRE(lines[0].rfind("session: ", 0) == 0);
    return lines[0].substr(9);
}

// RFC 4180 rows (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') rows.back().back() += text[++i];
            else if (c == '"') quoted = false;
            else rows.back().back() += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().emplace_back();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            rows.emplace_back(1);
            ++i;
        } else {
            rows.back().back() += c;
        }
    }
    if (rows.back().size() == 1 && rows.back().front().empty()) rows.pop_back();
    return rows;
}

// Each data row as column name -> value.
std::vector<std::map<std::string, std::string>> csv_records(const std::string& text) {
    const auto rows = parse_csv(text);
    REQUIRE_FALSE(rows.empty());
    std::vector<std::map<std::string, std::string>> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        REQUIRE(rows[r].size() == rows[0].size());
        std::map<std::string, std::string> rec;
        for (std::size_t c = 0; c < rows[0].size(); ++c) rec[rows[0][c]] = rows[r][c];
        out.push_back(std::move(rec));
    }
    return out;
}

const std::map<std::string, std::string>& row_for(const std::vector<std::map<std::string, std::string>>& recs,
                                                 const std::string& technique) {
    for (const auto& r : recs)
        if (r.at("MitreID") == technique) return r;
    FAIL("no VECTR row for " << technique);
    return recs.front();
}

bool have_unzip() { return std::system("command -v unzip >/dev/null 2>&1") == 0; }

std::string unzip_member(const std::string& zip, const std::string& member) {
    std::string out;
    FILE* p = ::popen(("unzip -p " + quote(zip) + " " + quote(member) + " 2>/dev/null").c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    CHECK(::pclose(p) == 0);
    return out;
}

} // namespace

TEST_CASE("export vectr-csv: purple results in VECTR's columns and outcome words") {
    TempDir home("ttx-export");
    const std::string id = play(home, "invoice-ransomware.purple.decisions.yaml");
    const auto r = run_ttx("report " + id + " --format vectr-csv", home.path);
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    const auto rows = parse_csv(r.out);
    REQUIRE(rows.size() >= 2);
    // Every column VECTR's import reads by name is there, spelled as VECTR spells it.
    const std::set<std::string> header(rows[0].begin(), rows[0].end());
    for (const char* col : {"AssessmentGroup", "Campaign", "Phase", "Variant", "MitreID", "Method", "Status", "Outcome",
                            "Alert Triggered", "Activity Logged", "Outcome Notes", "Detection Recommendations",
                            "Start Time", "Stop Time", "Detection Time"})
        CHECK_MESSAGE(header.count(col) == 1, col);
    // And each is a column of VECTR's own export when the reference copy is at hand.
    const std::string reference = std::string(TTX_SHARED_DIR) + "/reference/formats/vectr/DEMO_PURPLE_CE.head.csv";
    if (fs::exists(reference)) {
        const auto ref = parse_csv(slurp(reference));
        const std::set<std::string> known(ref.at(0).begin(), ref.at(0).end());
        for (const auto& col : rows[0]) CHECK_MESSAGE(known.count(col) == 1, col << " is not a VECTR column");
    }

    const auto recs = csv_records(r.out);
    REQUIRE(recs.size() >= 3);                   // the script's three red moves, then the automated ones
    // The browser credential store read: the team recorded it as logged (found by a hunt at +00:36).
    const auto& creds = row_for(recs, "T1555.003");
    CHECK(creds.at("Outcome") == "NotDetected");
    CHECK(creds.at("Alert Triggered") == "No");
    CHECK(creds.at("Activity Logged") == "Yes");
    CHECK(creds.at("Status") == "Completed");
    CHECK(creds.at("Phase") == "Credential Access");
    CHECK(creds.at("Method") == "Credentials from Web Browsers");
    CHECK(creds.at("Outcome Notes").find("no rule on browser credential stores") != std::string::npos);
    CHECK_FALSE(creds.at("Detection Recommendations").empty());   // a missed or late technique gets advice
    // Times are the session's start plus the exercise clock: detected 36 minutes in.
    REQUIRE_FALSE(creds.at("Detection Time Epoch").empty());
    REQUIRE_FALSE(creds.at("Start Time Epoch").empty());
    CHECK(std::regex_match(creds.at("Detection Time"), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
    // The white cell overrode the attachment's outcome to none: nothing seen, nothing logged.
    bool overridden = false;
    for (const auto& rec : recs)
        if (rec.at("Variant").rfind("attachment", 0) == 0) {
            overridden = true;
            CHECK(rec.at("Outcome") == "NotDetected");
            CHECK(rec.at("Alert Triggered") == "No");
            CHECK(rec.at("Activity Logged") == "No");
        }
    CHECK(overridden);
    for (const auto& rec : recs) CHECK(rec.at("Campaign").find(id) != std::string::npos);
}

TEST_CASE("export vectr-csv: an adjudicated alert is Detected with the alert triggered") {
    TempDir home("ttx-export");
    const std::string id = play(home, "invoice-ransomware.red.decisions.yaml");
    const auto r = run_ttx("report " + id + " --format vectr-csv", home.path);
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    const auto recs = csv_records(r.out);
    const auto& lsass = row_for(recs, "T1003.001");   // the XDR's LSASS rule fires
    CHECK(lsass.at("Outcome") == "Detected");
    CHECK(lsass.at("Alert Triggered") == "Yes");
    CHECK(lsass.at("Activity Logged") == "Yes");
    CHECK(lsass.at("Detection Time").empty());        // no purple record of when
}

TEST_CASE("export stix: the improvement plan as course-of-action objects with stable ids") {
    TempDir home("ttx-export");
    const std::string id = play(home, "invoice-ransomware.purple.decisions.yaml");
    const auto a = run_ttx("report " + id + " --format stix", home.path);
    REQUIRE_MESSAGE(a.rc == 0, a.err);
    const auto bundle = nlohmann::json::parse(a.out);   // throws (fails) on invalid JSON
    CHECK(bundle.at("type") == "bundle");
    CHECK(std::regex_match(bundle.at("id").get<std::string>(), std::regex("bundle--[0-9a-f-]{36}")));
    const auto& objects = bundle.at("objects");
    REQUIRE(objects.size() >= 2);
    const std::regex uuid5("course-of-action--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    std::set<std::string> ids;
    bool attack_mitigation = false;
    for (const auto& o : objects) {
        CHECK(o.at("type") == "course-of-action");
        CHECK(o.at("spec_version") == "2.1");
        CHECK(std::regex_match(o.at("id").get<std::string>(), uuid5));
        CHECK_FALSE(o.at("name").get<std::string>().empty());
        CHECK(o.at("created") == o.at("modified"));
        CHECK(o.at("x_ttx_session") == id);
        ids.insert(o.at("id").get<std::string>());
        if (o.contains("external_references"))
            for (const auto& ref : o.at("external_references"))
                attack_mitigation |= ref.at("source_name") == "mitre-attack";
    }
    CHECK(ids.size() == objects.size());
    CHECK(attack_mitigation);   // the ATT&CK-grounded actions name their mitigation or detection

    // Re-exported after the plan was edited: same ids (a tracker updates them), the edit carried.
    const auto set = run_ttx("actions set " + id + " 1 --owner " + quote("Dana Ortiz") + " --status in-progress",
                             home.path);
    REQUIRE_MESSAGE(set.rc == 0, set.err);
    const auto b = run_ttx("report " + id + " --format stix", home.path);
    REQUIRE(b.rc == 0);
    const auto again = nlohmann::json::parse(b.out);
    std::set<std::string> ids_again;
    for (const auto& o : again.at("objects")) ids_again.insert(o.at("id").get<std::string>());
    CHECK(ids_again == ids);
    CHECK(again.at("id") == bundle.at("id"));
    CHECK(again.at("objects").at(0).at("x_ttx_owner") == "Dana Ortiz");
    CHECK(again.at("objects").at(0).at("x_ttx_status") == "in-progress");
}

TEST_CASE("export xlsx: a workbook of the MSEL, the decision log and the improvement plan") {
    TempDir home("ttx-export");
    const std::string id = play(home, "invoice-ransomware.purple.decisions.yaml");
    const std::string out = home.file("out");
    fs::create_directory(out);
    const auto r = run_ttx("report " + id + " --format xlsx -o " + quote(out), home.path);
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    const std::string book = out + "/" + id + ".xlsx";
    CHECK(r.out == book + "\n");
    const std::string bytes = slurp(book);
    REQUIRE(bytes.size() > 1000);
    CHECK(bytes.rfind("PK\x03\x04", 0) == 0);            // a zip container
    for (const auto& f : fs::directory_iterator(out))   // the scratch file is gone
        CHECK(f.path().filename().string() == id + ".xlsx");

    // The same session gives the same bytes (creation date = the session's start).
    const std::string twice = home.file("twice.xlsx");
    REQUIRE(run_ttx("report " + id + " --format xlsx -o " + quote(twice), home.path).rc == 0);
    CHECK(slurp(twice) == bytes);
    // Piped to stdout, the same workbook.
    const auto piped = run_ttx("report " + id + " --format xlsx | cat", home.path);
    REQUIRE(piped.rc == 0);
    CHECK(piped.out == bytes);

    // Into a folder that does not exist: a clear error, exit 1, nothing left behind.
    const auto bad = run_ttx("report " + id + " --format xlsx -o " + quote(home.file("missing/x.xlsx")), home.path);
    CHECK(bad.rc == 1);
    CHECK(bad.err.find("cannot") != std::string::npos);
    CHECK_FALSE(fs::exists(home.file("missing")));

    if (!have_unzip()) TTX_SKIP("unzip is not installed: the sheets' content is not read");
    const std::string workbook = unzip_member(book, "xl/workbook.xml");
    for (const char* sheet : {"MSEL", "Decision log", "Improvement plan"})
        CHECK_MESSAGE(workbook.find(std::string("name=\"") + sheet + "\"") != std::string::npos, sheet);
    const std::string strings = unzip_member(book, "xl/sharedStrings.xml");
    CHECK(strings.find("Event #") != std::string::npos);                          // the MSEL's header
    CHECK(strings.find("Tier 2 should see the process tree") != std::string::npos);   // a decision's rationale
    CHECK(strings.find("Corrective action") != std::string::npos);                // the plan's header
    // The plan's rows are the same as the STIX export's courses of action.
    const auto stix = nlohmann::json::parse(run_ttx("report " + id + " --format stix", home.path).out);
    for (const auto& o : stix.at("objects")) {
        std::string name = o.at("name").get<std::string>();
        name = std::regex_replace(name, std::regex("&"), "&amp;");
        name = std::regex_replace(name, std::regex("<"), "&lt;");
        name = std::regex_replace(name, std::regex(">"), "&gt;");
        CHECK_MESSAGE(strings.find(name) != std::string::npos, name);
    }
    // Sheet 1 holds one MSEL row per delivered inject plus the header.
    const std::string sheet1 = unzip_member(book, "xl/worksheets/sheet1.xml");
    const auto msel = parse_csv(run_ttx("report " + id + " --format msel", home.path).out);
    std::size_t rows = 0;
    for (std::size_t p = 0; (p = sheet1.find("<row ", p)) != std::string::npos; ++p) ++rows;
    CHECK(rows == msel.size());
}

TEST_CASE("import --into SCENARIO --as purple-plan adds the plan to an existing scenario") {
    const std::string atomics = std::string(TTX_SHARED_DIR) + "/reference/formats/atomic-red-team/T1566.001.yaml";
    if (!fs::exists(atomics)) TTX_SKIP(atomics << " is missing");
    TempDir home("ttx-export");
    const std::string base = kScenarios + "/invoice-ransomware.yaml";
    const std::string out = home.file("with-plan.yaml");
    const auto r = run_ttx("import " + quote(atomics) + " --into " + quote(base) + " --as purple-plan -o " + quote(out),
                           home.path);
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    const auto v = run_ttx("validate " + quote(out), home.path);
    CHECK_MESSAGE(v.rc == 0, v.out << v.err);
    const std::string yaml = slurp(out);
    const std::string original = slurp(base);
    // The scenario's own content is kept ...
    CHECK(yaml.find("id: invoice-ransomware") != std::string::npos);
    CHECK(yaml.find("phish-reported") != std::string::npos);
    CHECK(yaml.find("lsass-access") != std::string::npos);
    // ... the atomics' tests are added, and the original file is untouched.
    CHECK(yaml.find("T1566.001") != std::string::npos);
    CHECK(yaml.find("atomic-red-team") != std::string::npos);
    CHECK(yaml.size() > original.size());
    CHECK(slurp(base) == original);

    // A scenario that does not validate is refused and nothing is written.
    std::ofstream(home.file("broken.yaml")) << "format: ttx/1\nid: broken\n";
    const std::string none = home.file("none.yaml");
    const auto bad = run_ttx("import " + quote(atomics) + " --into " + quote(home.file("broken.yaml")) +
                                 " --as purple-plan -o " + quote(none),
                             home.path);
    CHECK(bad.rc == 1);
    CHECK(bad.err.find("not a valid scenario") != std::string::npos);
    CHECK_FALSE(fs::exists(none));
}
