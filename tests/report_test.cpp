// tests/report_test.cpp — after-action outputs: escaping, structure, CSV rules, JSON schema.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <sqlite3.h>

#include "sim/report/actions_store.hpp"
#include "sim/report/detail.hpp"
#include "sim/report/markdown_text.hpp"
#include "sim/report/report.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/event_support.hpp"
#include "tests/support.hpp"

using namespace sim;
using namespace sim::report;
using nlohmann::json;
using namespace ttx_test;

namespace {

const std::string kFixtures = std::string(TTX_SOURCE_DIR) + "/tests/fixtures/scoring/";

Scenario load_fixture_scenario() {
    auto r = load_scenario_file(kFixtures + "worked-example.yaml");
    REQUIRE(r.scenario);
    REQUIRE_FALSE(r.diags.has_errors());
    return *r.scenario;
}

Journal load_fixture_journal() {
    std::ifstream in(kFixtures + "worked-example.journal.json");
    REQUIRE(in);
    json j = json::parse(in);
    Journal out;
    for (const auto& e : j)
        out.push_back(ttx_test::stored_event(e["seq"], e["t"], e["kind"].get<std::string>(), e["data"], e["wall_ms"]));
    return out;
}

// A scenario whose text tries to break out of every format.
struct Hostile {
    Scenario sc = load_fixture_scenario();
    Journal j = load_fixture_journal();
    Hostile() {
        sc.title = "<script>alert(\"t\")</script> | *bold* _x_ [link](http://evil)";
        sc.summary = "Summary with \"quotes\" & <b>tags</b>";
        for (auto& i : sc.injects)
            if (i.id == "phish") i.title = "=HYPERLINK(\"http://evil\") <script>x</script>";
        for (auto& e : j) {
            if (auto* d = std::get_if<ev::DecisionRecorded>(&e.data)) {
                d->rationale = "he said \"go\", then\nleft | <script>alert(1)</script>";
                d->participant = "@SUM(A1:A9)";
            }
            if (auto* s = std::get_if<ev::SessionStarted>(&e.data)) s->participants = {{"-Mallory <script>\"q\"", "soc", "tier1"}};
        }
    }
};

// RFC 4180 reader: rows of fields (quoted fields may hold commas, quotes, CRLF).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(field), field.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            row.push_back(field), field.clear();
            rows.push_back(row), row.clear();
            ++i;
        } else {
            field += c;
        }
    }
    if (!field.empty() || !row.empty()) row.push_back(field), rows.push_back(row);
    return rows;
}

} // namespace

TEST_CASE("the worked example loads from its fixture and scores as docs/scoring.md says") {
    const Scenario sc = load_fixture_scenario();
    const Journal j = load_fixture_journal();
    const auto card = scoring::score(sc, j);
    CHECK(*card.overall_stats.score == doctest::Approx(67.5));
    CHECK(*card.overall_stats.timeliness == doctest::Approx(50));
    CHECK(*card.depth.score == doctest::Approx(75));
    CHECK(*card.alerts.score == doctest::Approx(100));
    CHECK(*card.readiness.index == doctest::Approx(69.444).epsilon(0.0001));
    CHECK(card.readiness.level == 3);
}

TEST_CASE("escaping: csv_field, md_escape, html_escape") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("line\nbreak") == "\"line\nbreak\"");
    CHECK(csv_field("=1+2") == "'=1+2");
    CHECK(csv_field("+1") == "'+1");
    CHECK(csv_field("-1") == "'-1");
    CHECK(csv_field("@cmd") == "'@cmd");
    CHECK(csv_field("=A1,\"x\"") == "\"'=A1,\"\"x\"\"\"");
    CHECK(csv_row({"a", "b"}) == "a,b\r\n");

    CHECK(html_escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    CHECK(md_escape("a|b*c_d`e[f]<g>") == "a\\|b\\*c\\_d\\`e\\[f\\]\\<g\\>");
    CHECK(md_escape("\"q\"") == "\\\"q\\\"");
    CHECK(md_escape("# heading") == "\\# heading");
    CHECK(md_escape("- item") == "\\- item");
    CHECK(md_escape("12. item") == "12\\. item");
    CHECK(md_escape("82.5") == "82.5");                          // a number, not a list item
    CHECK(md_escape("two\nlines") == "two lines");
}

TEST_CASE("HTML report: self-contained, printable, every text escaped") {
    Hostile h;
    const auto card = scoring::score(h.sc, h.j);
    const SessionMeta meta = meta_from_journal("s-0123456789ab", h.j);
    auto actions = derive_actions(h.sc, h.j, card);
    for (size_t i = 0; i < actions.size(); ++i) actions[i].number = static_cast<std::int64_t>(i) + 1;
    ReportInput in{h.sc, h.j, meta, card, actions};
    const std::string html = render_html(in);

    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<script") == std::string::npos);           // no script, not even the participant's
    CHECK(html.find("&lt;script&gt;alert(&quot;t&quot;)") != std::string::npos);
    CHECK(html.find("-Mallory &lt;script&gt;&quot;q&quot;") != std::string::npos);
    CHECK(html.find("he said &quot;go&quot;") != std::string::npos);
    CHECK(html.find("<link") == std::string::npos);              // nothing fetched
    CHECK(html.find(" src=") == std::string::npos);
    CHECK(html.find("url(") == std::string::npos);
    CHECK(html.find("http://evil") != std::string::npos);        // shown as text only…
    CHECK(html.find("href=") == std::string::npos);              // …never as a link
    CHECK(html.find("@media print") != std::string::npos);
    CHECK(html.find("size:A4") != std::string::npos);
    CHECK(html.find("break-before:page") != std::string::npos);
    CHECK(html.find("class=\"gauge\"") != std::string::npos);
    CHECK(html.find("class=\"ribbon\"") != std::string::npos);
    CHECK(html.find("class=\"bars\"") != std::string::npos);
    // the AAR/IP structure a manager expects
    for (const char* section : {"Executive summary", "Attack progression", "Readiness index", "Objectives and capabilities",
                                "Time metrics", "Strengths", "Areas for improvement", "Improvement plan",
                                "Expectation evaluation", "Timeline"})
        CHECK_MESSAGE(html.find(section) != std::string::npos, section);
    CHECK(html.find("69.4") != std::string::npos);
    CHECK(html.find("Defined") != std::string::npos);
    CHECK(html == render_html(in));                              // deterministic
}

TEST_CASE("Markdown report: the same content, escaped") {
    Hostile h;
    const auto card = scoring::score(h.sc, h.j);
    const SessionMeta meta = meta_from_journal("s-0123456789ab", h.j);
    const std::string md = render_markdown({h.sc, h.j, meta, card});
    CHECK(md.find("<script>") == std::string::npos);
    CHECK(md.find("\\<script\\>") != std::string::npos);
    CHECK(md.find("\\\"go\\\"") != std::string::npos);
    CHECK(md.find("\\*bold\\*") != std::string::npos);
    CHECK(md.find("\\[link\\]") != std::string::npos);
    CHECK(md.find("## 8. Improvement plan") != std::string::npos);   // after the exercise overview (2.)
    CHECK(md.find("**Readiness index: 69.4 / 100") != std::string::npos);
    // every table row has the header's number of unescaped pipes
    std::istringstream lines(md);
    std::string line;
    size_t expected = 0;
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] != '|') {
            expected = 0;
            continue;
        }
        size_t pipes = 0;
        for (size_t i = 0; i < line.size(); ++i)
            if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++pipes;
        if (expected == 0) expected = pipes;
        CHECK_MESSAGE(pipes == expected, line);
    }
}

TEST_CASE("decision CSV and MSEL: RFC 4180 and formula neutralising") {
    Hostile h;
    const auto card = scoring::score(h.sc, h.j);
    const SessionMeta meta = meta_from_journal("s-1", h.j);
    const ReportInput in{h.sc, h.j, meta, card};

    auto decisions = parse_csv(render_decisions_csv(in));
    REQUIRE(decisions.size() == 2);
    CHECK(decisions[0] == std::vector<std::string>{"time", "inject", "option", "team", "role", "participant", "rationale",
                                                   "timed_out", "automated", "seq", "inject_title", "option_label"});
    CHECK(decisions[1][0] == "T+00:10:00");
    CHECK(decisions[1][5] == "'@SUM(A1:A9)");
    CHECK(decisions[1][6] == "he said \"go\", then\nleft | <script>alert(1)</script>");
    CHECK(decisions[1][7] == "false");
    CHECK(decisions[1][10] == "'=HYPERLINK(\"http://evil\") <script>x</script>");

    const std::string msel_text = render_msel(in);
    auto msel = parse_csv(msel_text);
    REQUIRE(msel.size() == 4);                                   // header + 3 delivered injects
    for (const auto& row : msel) CHECK(row.size() == 12);
    CHECK(msel[0][0] == "Event #");
    CHECK(msel[1][2] == "'=HYPERLINK(\"http://evil\") <script>x</script>");
    CHECK(msel[1][9].find("triage-phish P") != std::string::npos);
    CHECK(msel[2][9] == "dismiss-printer S (late)");
    CHECK(msel[3][10] == "lsass");
    CHECK(msel[3][11] == "Credential Access");
    // every record ends with CRLF
    CHECK(msel_text.size() >= 2);
    CHECK(msel_text.substr(msel_text.size() - 2) == "\r\n");
}

TEST_CASE("JSON report: schema ttx-report/1 with the scorecard and its sources") {
    const Scenario sc = load_fixture_scenario();
    const Journal j = load_fixture_journal();
    const auto card = scoring::score(sc, j);
    SessionMeta meta = meta_from_journal("s-0123456789ab", j);
    const json doc = json::parse(render_json({sc, j, meta, card, derive_actions(sc, j, card)}));
    CHECK(doc["schema"] == "ttx-report/1");
    CHECK(doc["session"]["id"] == "s-0123456789ab");
    CHECK(doc["session"]["started"] == "2025-01-01 10:00 UTC");
    CHECK(doc["session"]["participants"].size() == 2);
    CHECK(doc["scenario"]["stages"].size() == 4);
    CHECK(doc["scenario"]["stages"][2]["tactic_name"] == "Credential Access");
    const json& s = doc["scorecard"];
    CHECK(s["readiness"]["index"].get<double>() == doctest::Approx(6250.0 / 90));
    CHECK(s["readiness"]["maturity"] == "Defined");
    CHECK(s["model"]["points"]["M"] == 40);
    CHECK(s["expectations"].size() == 5);
    const json& triage = s["expectations"][0];
    CHECK(triage["id"] == "triage-phish");
    CHECK(triage["final"] == "P");
    CHECK(triage["audit"].size() == 2);
    CHECK(triage["audit"][0]["retracted"] == true);
    CHECK(s["expectations"][4]["state"] == "not-applicable");
    CHECK(s["expectations"][4]["final"].is_null());
    CHECK(s["metrics"]["detect"]["seconds"] == 120);
    CHECK(s["depth"]["detected"] == 0);
    CHECK(s["purple"]["coverage"].is_null());
    REQUIRE(doc["actions"].size() >= 2);                         // contain-lsass ended at M, then ATT&CK's
    CHECK(doc["actions"][0]["key"] == "exp:contain-lsass");
    CHECK(doc["actions"][0]["area"].get<std::string>().find("in time") != std::string::npos);
    for (size_t i = 1; i < doc["actions"].size(); ++i) CHECK(doc["actions"][i]["source"] == "attack");
    REQUIRE(doc["attack_gaps"].is_array());
    CHECK_FALSE(doc["attack_gaps"].empty());
}

TEST_CASE("improvement actions come from M/U ratings and action notes") {
    Scenario sc = load_fixture_scenario();
    Journal j = load_fixture_journal();
    j.push_back({16, 2400, 0, ev::NoteAdded{"Write a runbook for LSASS alerts", "Ana", "facilitator", true, "lsass", ""}});
    j.push_back({17, 2400, 0, ev::NoteAdded{"Just an observation", "Ana", "observer", false, "", ""}});
    j.push_back({18, 2400, 0, ev::NoteAdded{"Withdrawn", "Ana", "facilitator", true, "", ""}});
    j.push_back({19, 2400, 0, ev::EntryRetracted{18, "duplicate"}});
    j.push_back({20, 2400, 0, ev::NoteAdded{"Pre-approve isolation for finance laptops", "Ana", "facilitator", true, "",
                                            "obj-contain"}});
    j.push_back({21, 2400, 0, ev::NoteAdded{"Buy a better coffee machine", "Ana", "facilitator", true, "", ""}});

    auto actions = derive_actions(sc, j, scoring::score(sc, j));
    // The ATT&CK-grounded actions come last (their own test below).
    while (!actions.empty() && actions.back().source == "attack") actions.pop_back();
    REQUIRE(actions.size() == 4);
    CHECK(actions[0].key == "exp:contain-lsass");
    CHECK(actions[0].capability == "containment");
    CHECK(actions[0].team == "soc");
    CHECK(actions[0].text.find("rated M, late") != std::string::npos);
    CHECK(actions[1].key == "note:16");
    CHECK(actions[1].source == "note");
    CHECK(actions[1].team == "soc");
    CHECK(actions[1].text == "Write a runbook for LSASS alerts");
    // A hotwash note on an objective lands on that objective's capability; a
    // note about nothing in particular has none (the plan shows it unassigned).
    CHECK(actions[2].key == "note:20");
    CHECK(actions[2].capability == "containment");
    CHECK(actions[3].key == "note:21");
    CHECK(actions[3].capability.empty());
}

TEST_CASE("ATT&CK improvement plan: every missed or late technique gets catalogued DET and M ids, proposed once") {
    const Scenario sc = load_fixture_scenario();
    const Journal j = load_fixture_journal();
    const auto card = scoring::score(sc, j);
    const SessionMeta meta = meta_from_journal("s-0123456789ab", j);
    const ReportInput in{sc, j, meta, card};
    const attack::Catalog& cat = attack::builtin_catalog();
    const auto gaps = technique_gaps(in);
    REQUIRE_FALSE(gaps.empty());
    const auto actions = derive_actions(sc, j, card);
    std::set<std::string> keys;
    for (const auto& a : actions) CHECK(keys.insert(a.key).second);   // deduplicated
    std::string plan_text;
    for (const auto& a : actions) plan_text += a.text + "\n";
    const json doc = json::parse(render_json({sc, j, meta, card, actions}));
    const std::string md = render_markdown({sc, j, meta, card, actions});
    for (const auto& g : gaps) {
        CAPTURE(g.technique);
        // Every technique the outcomes call missed (or late) is here, with ids the catalog has.
        REQUIRE_FALSE(g.detections.empty());
        REQUIRE_FALSE(g.mitigations.empty());
        for (const auto& d : g.detections) {
            const attack::DetectionStrategy* det = cat.detection_strategy(d.id);
            REQUIRE(det);
            CHECK(d.name == det->name);
            for (const auto& dc : d.data_components) CHECK(cat.data_component(dc.id));
        }
        for (const auto& m : g.mitigations) CHECK(cat.mitigation(m.id));
        // The plan proposes at least one of its detection strategies and one of its mitigations.
        CHECK(std::any_of(g.detections.begin(), g.detections.end(),
                          [&](const DetectionAdvice& d) { return keys.count("attack:" + d.id) > 0; }));
        CHECK(std::any_of(g.mitigations.begin(), g.mitigations.end(),
                          [&](const NamedId& m) { return keys.count("attack:" + m.id) > 0; }));
        CHECK(md.find(g.technique) != std::string::npos);
        CHECK(md.find(g.detections.front().id) != std::string::npos);
        CHECK(md.find(g.mitigations.front().id) != std::string::npos);
    }
    CHECK(doc["attack_gaps"].size() == gaps.size());
    // The outcomes say which techniques were missed; each of them is a gap.
    for (const auto& o : detail::technique_outcomes(in))
        if (o.outcome == "missed")
            CHECK(std::any_of(gaps.begin(), gaps.end(), [&](const TechniqueGap& g) { return g.technique == o.technique; }));
    // The Navigator layer of the recommendations holds the same techniques, each naming its DETs.
    const json layer = json::parse(render_detections_layer(in));
    REQUIRE(layer["techniques"].size() == gaps.size());
    for (size_t i = 0; i < gaps.size(); ++i) {
        CHECK(layer["techniques"][i]["techniqueID"] == gaps[i].technique);
        CHECK(layer["techniques"][i]["comment"].get<std::string>().find(gaps[i].detections.front().id) !=
              std::string::npos);
    }
    // Capped so the plan stays readable.
    CHECK(actions.size() <= 1 + kMaxDetectionActions + kMaxMitigationActions);
}

TEST_CASE("dates and formats") {
    CHECK(valid_date("2025-02-28"));
    CHECK(valid_date("2024-02-29"));
    CHECK_FALSE(valid_date("2025-02-29"));
    CHECK_FALSE(valid_date("2025-13-01"));
    CHECK_FALSE(valid_date("2025-1-01"));
    CHECK_FALSE(valid_date("tomorrow"));
    CHECK(format_wall(1735725600000) == "2025-01-01 10:00 UTC");
    CHECK(format_date(0).empty());
    CHECK(parse_format("navigator") == Format::navigator);
    CHECK_FALSE(parse_format("pdf"));
    CHECK(std::string(file_extension(Format::msel)) == ".msel.csv");
    CHECK(tactic_name("command-and-control") == "Command and Control");
    CHECK(tactic_name("made-up-tactic") == "Made Up Tactic");
}

TEST_CASE("HTML and Markdown render one document: the ending by its title, the same findings") {
    Scenario sc = load_fixture_scenario();
    Journal j = load_fixture_journal();
    sc.endings.push_back({"held", "The line held", "Contained early.", {}});
    for (auto& e : j)
        if (auto* ended = std::get_if<ev::ExerciseEnded>(&e.data)) ended->ending = "held";
    const auto card = scoring::score(sc, j);
    const SessionMeta meta = meta_from_journal("s-0123456789ab", j);
    const ReportInput in{sc, j, meta, card};
    const std::string html = render_html(in), md = render_markdown(in);
    CHECK(html.find("The line held") != std::string::npos);
    CHECK(md.find("The line held") != std::string::npos);
    CHECK(md.find("— held") == std::string::npos);              // never the raw id
    // Findings are worded once, in the report layer, from scoring's facts.
    bool sandbox = false;
    for (const auto& f : card.strengths)
        if (f.expectation == "triage-phish") {
            const std::string text = finding_text(f, sc, card);
            sandbox = text.find("sandbox") != std::string::npos;
            CHECK(html.find(html_escape(text)) != std::string::npos);
            CHECK(md.find(md_escape(text)) != std::string::npos);
        }
    CHECK(sandbox);
    for (const auto& f : card.improvements) CHECK_FALSE(finding_text(f, sc, card).empty());
}

TEST_CASE("HTML capability chart keeps long capability names whole") {
    Scenario sc = load_fixture_scenario();
    const Journal j = load_fixture_journal();
    const std::string name = "Privacy, employment-law and works-council compliance review";
    for (auto& c : sc.capabilities)
        if (c.id == "containment") c.name = name;
    const auto card = scoring::score(sc, j);
    const SessionMeta meta = meta_from_journal("s-0123456789ab", j);
    const std::string html = render_html({sc, j, meta, card});
    const auto bars = html.find("class=\"bars\"");
    REQUIRE(bars != std::string::npos);
    const std::string svg = html.substr(bars, html.find("</svg>", bars) - bars);
    CHECK(svg.find("<title>" + html_escape(name) + "</title>") != std::string::npos);
    CHECK(svg.find("…") == std::string::npos);                  // wrapped, not cut
    CHECK(svg.find(">Privacy, employment-law and works-council</tspan>") != std::string::npos);
    CHECK(svg.find(">compliance review</tspan>") != std::string::npos);
}

TEST_CASE("scenario Markdown through md4c: escaped HTML, no links or images, console blocks") {
    const std::string md = "# Brief\n\nThe **SOC** sees `4624` & <b>raw</b>.\n\n- one\n- two\n  - nested\n\n"
                           "[portal](javascript:alert(1)) ![logo](http://evil/x.png)\n\n```\ncode line\n```\n"
                           "\n[wiki](HTTPS://wiki.example/ir) [dpo](mailto:dpo@example.org) [x](data:text/html,1) "
                           "[y](file:///etc/passwd) [z](runbook.html)\n";
    const std::string html = markdown::to_html(md);
    CHECK(html.find("<h1>Brief</h1>") != std::string::npos);
    CHECK(html.find("<strong>SOC</strong>") != std::string::npos);
    CHECK(html.find("<code>4624</code> &amp; &lt;b&gt;raw&lt;/b&gt;") != std::string::npos);
    CHECK(html.find("<li>two") != std::string::npos);
    CHECK(html.find("href") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("<a") == std::string::npos);
    // Only http(s) and mailto addresses are printed after a link's text.
    CHECK(html.find("javascript:") == std::string::npos);
    CHECK(html.find("portal logo") != std::string::npos);
    CHECK(html.find("wiki (HTTPS://wiki.example/ir) dpo (mailto:dpo@example.org) x y z</p>") != std::string::npos);
    CHECK(html.find("<pre><code>code line\n</code></pre>") != std::string::npos);

    const auto blocks = markdown::blocks(md);
    REQUIRE(blocks.size() == 8);
    CHECK(blocks[0].kind == markdown::BlockKind::heading);
    CHECK(blocks[0].text == "Brief");
    CHECK(blocks[1].kind == markdown::BlockKind::paragraph);
    CHECK(blocks[1].text == "The SOC sees 4624 & <b>raw</b>.");
    CHECK(blocks[2].kind == markdown::BlockKind::bullet);
    CHECK(blocks[2].text == "one");
    CHECK(blocks[4].text == "nested");
    CHECK(blocks[4].level == 2);
    CHECK(blocks[5].text == "portal logo");
    CHECK(blocks[6].kind == markdown::BlockKind::code);
    CHECK(blocks[6].text == "code line");
}

// The id of the one session `ttx run` recorded under XDG_DATA_HOME=home.
std::string only_session(const std::filesystem::path& home) {
    const auto sessions = Store::open((home / "ttx" / "ttx.db").string()).list_sessions();
    REQUIRE(sessions.size() == 1);
    return sessions.front().id;
}

TEST_CASE("AAR: the participant feedback a session journaled is summarised in the report") {
    TempDir home("ttx-feedback");
    const std::string sc = std::string(TTX_SOURCE_DIR) + "/scenarios/supply-chain-update";
    REQUIRE(run_ttx("run " + quote(sc + ".yaml") + " --decisions " + quote(sc + ".decisions.yaml"), home.path).rc == 0);
    const std::string id = only_session(home.path);
    const std::string md = run_ttx("report " + id + " --format md", home.path).out;
    CHECK(md.find("Participant feedback") != std::string::npos);
    // Two answers to "realistic" (5 and 4): mean 4.5 of 5.
    const auto row = md.find("The scenario was realistic for our organisation.");
    REQUIRE(row != std::string::npos);
    CHECK(md.substr(row, md.find('\n', row) - row).find("4.5 / 5") != std::string::npos);
    CHECK(md.find("Escalating past Stellix support to their CISO") != std::string::npos);

    // A session without feedback has no such section.
    TempDir other("ttx-nofeedback");
    const std::string inv = std::string(TTX_SOURCE_DIR) + "/scenarios/invoice-ransomware";
    REQUIRE(run_ttx("run " + quote(inv + ".yaml") + " --decisions " + quote(inv + ".decisions.yaml"), other.path).rc == 0);
    CHECK(run_ttx("report " + only_session(other.path) + " --format md", other.path).out.find("Participant feedback") ==
          std::string::npos);
}

TEST_CASE("ttx actions: every HSEEP improvement-plan field round-trips, bad dates are named and change nothing") {
    TempDir home("ttx-ip");
    const std::string sc = std::string(TTX_SOURCE_DIR) + "/scenarios/invoice-ransomware";
    REQUIRE(run_ttx("run " + quote(sc + ".yaml") + " --decisions " + quote(sc + ".decisions.yaml"), home.path).rc == 0);
    const std::string id = only_session(home.path);

    RunResult r = run_ttx("actions set " + id + " 2 --area 'Nobody owned the notification clock' --action "
                          "'Name a DPO deputy' --capability regulatory --organisation 'Legal & Compliance' "
                          "--poc 'Dana Cruz' --start 2030-01-10 --completion 2030-03-31 --status in-progress",
                          home.path);
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    auto action2 = [&] {
        const json list = json::parse(run_ttx("actions list " + id + " --format json", home.path).out)["actions"];
        for (const auto& a : list)
            if (a["number"] == 2) return a;
        return json();
    };
    json a = action2();
    CHECK(a["area"] == "Nobody owned the notification clock");
    CHECK(a["text"] == "Name a DPO deputy");
    CHECK(a["capability"] == "regulatory");
    CHECK(a["organisation"] == "Legal & Compliance");
    CHECK(a["owner"] == "Dana Cruz");
    CHECK(a["start"] == "2030-01-10");
    CHECK(a["due"] == "2030-03-31");
    CHECK(a["status"] == "in-progress");
    // The report shows them in HSEEP's table.
    const std::string md = run_ttx("report " + id + " --format md", home.path).out;
    CHECK(md.find("Legal \\& Compliance") != std::string::npos);
    CHECK(md.find("POC: Dana Cruz") != std::string::npos);
    CHECK(md.find("2030-01-10 – 2030-03-31") != std::string::npos);

    // Invalid input: exit 1, the field and value named, nothing changed.
    r = run_ttx("actions set " + id + " 2 --start 2030-02-30", home.path);
    CHECK(r.rc == 1);
    CHECK(r.err.find("action 2: start date '2030-02-30' is not a calendar date") != std::string::npos);
    r = run_ttx("actions set " + id + " 2 --start 2030-04-01", home.path);   // after the stored completion
    CHECK(r.rc == 1);
    CHECK(r.err.find("start date 2030-04-01 is after the completion date 2030-03-31") != std::string::npos);
    r = run_ttx("actions set " + id + " 2 --action ''", home.path);
    CHECK(r.rc == 1);
    CHECK(r.err.find("corrective action cannot be empty") != std::string::npos);
    CHECK(action2() == a);
    // Clearing a date is allowed.
    REQUIRE(run_ttx("actions set " + id + " 2 --start ''", home.path).rc == 0);
    CHECK(action2()["start"].is_null());
}

TEST_CASE("an improvement-actions table from before the HSEEP fields stays readable and gains them") {
    TempDir dir("ttx-ip-old");
    const std::string db = dir.file("ttx.db");
    const std::string sc = std::string(TTX_SOURCE_DIR) + "/scenarios/invoice-ransomware";
    REQUIRE(run_ttx("run " + quote(sc + ".yaml") + " --decisions " + quote(sc + ".decisions.yaml") + " --db " + quote(db))
                .rc == 0);
    Store store = Store::open(db);
    const std::string id = store.list_sessions().front().id;
    // The table as it was before (no area, organisation, start, edited), with one edited row.
    REQUIRE(sqlite3_exec(store.db(), R"sql(
        CREATE TABLE improvement_actions (
            session_id TEXT NOT NULL REFERENCES sessions(id), number INTEGER NOT NULL, key TEXT NOT NULL,
            source TEXT NOT NULL, text TEXT NOT NULL, capability TEXT NOT NULL DEFAULT '',
            team TEXT NOT NULL DEFAULT '', expectation TEXT NOT NULL DEFAULT '', inject TEXT NOT NULL DEFAULT '',
            source_seq INTEGER NOT NULL DEFAULT 0, owner TEXT NOT NULL DEFAULT '', due TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'open', PRIMARY KEY (session_id, number), UNIQUE (session_id, key));)sql",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(store.db(),
                         ("INSERT INTO improvement_actions (session_id, number, key, source, text, owner, due) VALUES ('" +
                          id + "', 1, 'note:999', 'note', 'An old action', 'Sam', '2029-12-31')")
                             .c_str(),
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    ActionStore actions(store);
    auto list = actions.list(id);
    REQUIRE(list.size() == 1);
    CHECK(list[0].text == "An old action");
    CHECK(list[0].owner == "Sam");
    CHECK(list[0].due == "2029-12-31");
    CHECK(list[0].area.empty());
    ActionEdit e;
    e.organisation = "IT Operations";
    REQUIRE(actions.update(id, 1, e));
    // A sync keeps the edited old action (its note no longer exists) and adds the derived ones after it.
    list = actions.sync(id, {});
    REQUIRE(list.size() == 1);
    CHECK(list[0].organisation == "IT Operations");
}

TEST_CASE("ttx report --format pdf without chromium names the package, exits 1 and writes nothing") {
    TempDir home("ttx-pdf");
    const std::string sc = std::string(TTX_SOURCE_DIR) + "/scenarios/invoice-ransomware";
    REQUIRE(run_ttx("run " + quote(sc + ".yaml") + " --decisions " + quote(sc + ".decisions.yaml"), home.path).rc == 0);
    const std::string id = only_session(home.path);
    const auto out = home.path / "out";
    std::filesystem::create_directory(out);
    // A PATH with the shell's tools but no chromium.
    const std::string saved = std::getenv("PATH") ? std::getenv("PATH") : "";
    ::setenv("PATH", home.path.c_str(), 1);
    const RunResult r = run_ttx("report " + id + " --format pdf -o " + quote((out / "aar.pdf").string()), home.path);
    const RunResult r_dir = run_ttx("report " + id + " --format pdf -o " + quote(out.string()), home.path);
    ::setenv("PATH", saved.c_str(), 1);
    CHECK(r.rc == 1);
    CHECK(r.err.find("install the Debian package chromium") != std::string::npos);
    CHECK(r.err.find("nothing was written") != std::string::npos);
    CHECK(r_dir.rc == 1);
    CHECK(std::filesystem::is_empty(out));
}

TEST_CASE("untrusted text: <script>, onerror= and javascript: in titles, bodies, artifacts, notes and rationales") {
    Hostile h;
    const std::string xss = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    h.sc.summary = "Read [this](javascript:alert(3)) and [that](https://example.org/x) or [mail](mailto:a@b.org) " + xss;
    for (auto& i : h.sc.injects) {
        i.title += " " + xss;
        i.body = "Body [click](javascript:alert(4)) <a href=\"javascript:alert(5)\" onerror=\"x\">a</a> " + xss;
        i.artifacts.push_back({ArtifactKind::note, "", xss + " [art](javascript:alert(6))", "", "label " + xss, {}});
    }
    for (auto& o : h.sc.objectives) o.text += " " + xss;
    h.j.push_back({90, 2400, 0, ev::NoteAdded{"note " + xss + " [n](javascript:alert(7))", "Ana", "facilitator", true, "", ""}});
    const auto card = scoring::score(h.sc, h.j);
    const SessionMeta meta = meta_from_journal("s-0123456789ab", h.j);
    ReportInput in{h.sc, h.j, meta, card, derive_actions(h.sc, h.j, card)};
    in.feedback = {{"Was it " + xss + "?", 5, {4, 5}, {"free " + xss + " [f](javascript:alert(8))"}}};

    auto lower = [](std::string s) {
        for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    const std::string html = lower(render_html(in));
    const std::string md = lower(render_markdown(in));
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("<a href=\"javascript") == std::string::npos);
    CHECK(html.find("href=\"javascript") == std::string::npos);
    // onerror= only as text: never inside a tag.
    for (size_t at = html.find("onerror="); at != std::string::npos; at = html.find("onerror=", at + 1)) {
        const size_t open = html.rfind('<', at), close = html.rfind('>', at);
        CHECK((open == std::string::npos || (close != std::string::npos && close > open)));
    }
    CHECK(html.find("&lt;script&gt;") != std::string::npos);
    CHECK(html.find("https://example.org/x") != std::string::npos);   // http(s) and mailto links survive as text
    CHECK(html.find("mailto:a@b.org") != std::string::npos);
    CHECK(html.find("javascript:alert(3)") == std::string::npos);     // the dropped link's address is gone
    // Markdown: no raw HTML can open (every < is escaped), no javascript: link target.
    for (size_t at = md.find('<'); at != std::string::npos; at = md.find('<', at + 1)) {
        CAPTURE(md.substr(at, 20));
        CHECK((at > 0 && md[at - 1] == '\\'));
    }
    // Escaped brackets (\]) make no link; an unescaped ]( never leads to javascript:.
    for (size_t at = md.find("](javascript"); at != std::string::npos; at = md.find("](javascript", at + 1))
        CHECK((at > 0 && md[at - 1] == '\\'));
    CHECK(md.find("](https://example.org/x)") != std::string::npos);
    CHECK(md.find("feedback") != std::string::npos);
    // JSON and CSV keep the text as data: parseable, never interpreted.
    const json doc = json::parse(render_json(in));
    CHECK(doc["scenario"]["title"].get<std::string>().find("<script>") != std::string::npos);
    for (const auto& row : parse_csv(render_decisions_csv(in)))
        for (const auto& field : row) CHECK((field.empty() || std::string("=+-@").find(field[0]) == std::string::npos));
    CHECK_NOTHROW(json::parse(render_navigator(in)));
    CHECK_NOTHROW(json::parse(render_detections_layer(in)));
}
