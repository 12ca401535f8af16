// The exercise kit (sim/kit, `ttx kit`): what each document shows and keeps
// back, escaping of untrusted scenario text, and the command's exit codes.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/scenario/red_team.hpp"
#include "sim/kit/kit.hpp"
#include "sim/report/report.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support.hpp"

using namespace std::string_literals;
namespace fs = std::filesystem;
using ttx_test::quote;
using ttx_test::slurp;
using ttx_test::TempDir;

namespace {

std::vector<fs::path> bundled() {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(TTX_SOURCE_DIR "/scenarios"s)) {
        const std::string name = e.path().filename().string();
        if (e.path().extension() == ".yaml" && name.find(".decisions.") == std::string::npos) out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

sim::Scenario load(const fs::path& p) {
    sim::LoadResult r = sim::load_and_validate(p.string(), sim::attack::builtin_catalog());
    INFO(p.string());
    REQUIRE(r.scenario);
    REQUIRE_FALSE(r.diags.has_errors());
    return std::move(*r.scenario);
}

// A document without its stylesheet: what the tests look for is content, and
// CSS class names (".benign") are not.
std::string content(const std::string& html) {
    const auto end = html.find("</style>");
    return end == std::string::npos ? html : html.substr(end);
}

bool has(const std::string& doc, const std::string& text) {
    return doc.find(sim::report::html_escape(text)) != std::string::npos;
}

std::size_t count(const std::string& doc, const std::string& what) {
    std::size_t n = 0;
    for (auto at = doc.find(what); at != std::string::npos; at = doc.find(what, at + what.size())) ++n;
    return n;
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Every markup tag of a document (the text between '<' and '>'), the
// stylesheet's content skipped. Escaped scenario text has no '<', so these
// are exactly the tags the browser would build.
std::vector<std::string> tags(const std::string& html) {
    std::vector<std::string> out;
    for (std::size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
        const auto end = html.find('>', at);
        REQUIRE(end != std::string::npos);
        out.push_back(lower(html.substr(at + 1, end - at - 1)));
        if (out.back() == "style") at = html.find("</style>", end) - 1;
    }
    return out;
}

const sim::kit::Document& doc(const std::vector<sim::kit::Document>& docs, const std::string& file) {
    auto it = std::find_if(docs.begin(), docs.end(), [&](const auto& d) { return d.file == file; });
    REQUIRE_MESSAGE(it != docs.end(), "no ", file);
    return *it;
}

// Runs a shell command line; rc and merged output.
ttx_test::RunResult sh(const std::string& cmd) {
    ttx_test::RunResult r;
    FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
    const int status = ::pclose(p);
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string ttx_cmd(const TempDir& tmp) { return "XDG_DATA_HOME=" + quote(tmp.file("xdg")) + " " + quote(TTX_BINARY) + " "; }

const std::string kRansomware = TTX_SOURCE_DIR "/scenarios/invoice-ransomware.yaml"s;

} // namespace

TEST_CASE("kit: the situation manual of every bundled scenario keeps the facilitator's material back") {
    const auto files = bundled();
    REQUIRE(files.size() >= 8);
    for (const auto& p : files) {
        const sim::Scenario s = load(p);
        INFO(p.filename().string());
        const std::string sitman = content(sim::kit::situation_manual(s));
        CHECK(has(sitman, s.title));
        for (const auto& o : s.objectives) CHECK(has(sitman, o.text) != sim::red_objective(s, o.id));   // red's aims stay back
        for (const auto& st : s.stages)
            if (!st.title.empty()) CHECK(has(sitman, st.title));
        // No benign marker: the word shows only where the author's own briefing text has it.
        std::string briefing = s.title + s.summary;
        for (const auto& st : s.stages) briefing += st.title + st.narrative;
        for (const auto& o : s.objectives)
            if (!sim::red_objective(s, o.id)) briefing += o.text;
        CHECK(sitman.find("benign: noise") == std::string::npos);
        if (lower(briefing).find("benign") == std::string::npos) CHECK(lower(sitman).find("benign") == std::string::npos);
        for (const auto& inj : s.injects) {
            INFO(inj.id);
            CHECK_FALSE(has(sitman, inj.title));   // no inject is handed out before the exercise
            for (const auto& e : inj.expect) CHECK_FALSE(has(sitman, e.id));
            if (inj.decision)
                for (const auto& o : inj.decision->options) {
                    CHECK_FALSE(has(sitman, o.label));
                    if (!o.description.empty()) CHECK_FALSE(has(sitman, o.description));
                }
        }
        // Red moves, unless the briefing says the same words (a narrative may
        // well mention "Kerberoasting").
        for (const auto& [stage, moves] : s.red_moves)
            for (const auto& m : moves) {
                INFO(m.id);
                CHECK_FALSE(has(sitman, m.technique));
                for (const auto* text : {&m.description, &m.observable})
                    if (!text->empty() && briefing.find(*text) == std::string::npos) CHECK_FALSE(has(sitman, *text));
            }
        for (const auto& e : s.endings) CHECK_FALSE(has(sitman, e.title));
        // The format additions: module questions and the exercise scope are
        // there; answer points, rating guidance, EEG tasks and hotwash questions are not.
        for (const auto& st : s.stages)
            for (const auto& q : st.questions) {
                CHECK(has(sitman, q.text));
                for (const auto& p : q.points) CHECK_FALSE(has(sitman, p));
            }
        if (!s.exercise.purpose.empty()) CHECK(sitman.find("<h2>Purpose</h2>") != std::string::npos);
        for (const auto& c : s.exercise.contacts) CHECK(has(sitman, c.role));
        for (const auto& o : s.objectives)
            for (const auto& q : o.hotwash) CHECK_FALSE(has(sitman, q.text));
        for (const auto& inj : s.injects) {
            for (const auto& q : inj.questions) CHECK_FALSE(has(sitman, q.text));
            for (const auto& e : inj.expect) {
                if (!e.task.empty()) CHECK_FALSE(has(sitman, e.task));
                for (const auto& [r, g] : e.guidance) CHECK_FALSE(has(sitman, g));
            }
        }
    }
}

TEST_CASE("kit: every inject has a card, and cards show no expectation, rating, consequence or benign marker") {
    std::size_t facilitator_notes = 0;
    for (const auto& p : bundled()) {
        const sim::Scenario s = load(p);
        INFO(p.filename().string());
        const std::string cards = content(sim::kit::inject_cards(s));
        CHECK(count(cards, "<section class=\"card\">") == s.injects.size());
        CHECK(cards.find("benign: noise") == std::string::npos);
        CHECK(cards.find("class=\"card benign") == std::string::npos);
        // What a card may show; an expectation id that happens to be a word of
        // it ("hotwash") is no leak.
        std::string shown;
        for (const auto& inj : s.injects) {
            shown += inj.title + inj.body + inj.source;
            for (const auto& a : inj.artifacts) shown += a.value + a.label + a.path;
            if (inj.decision) {
                shown += inj.decision->prompt;
                for (const auto& o : inj.decision->options) shown += o.label;
            }
        }
        const std::string book = sim::kit::handbook(s);
        for (const auto& inj : s.injects) {
            INFO(inj.id);
            CHECK(has(cards, inj.title));
            for (const auto& a : inj.artifacts) {
                if (a.kind == sim::ArtifactKind::note && a.label.rfind("Facilitator", 0) == 0) {
                    ++facilitator_notes;            // "If asked: …" stays with the facilitator
                    CHECK_FALSE(has(cards, a.value));
                    CHECK(has(book, a.value));
                } else if (!a.value.empty()) {
                    CHECK(has(cards, a.value));
                }
            }
            for (const auto& e : inj.expect)
                if (shown.find(e.id) == std::string::npos) CHECK_FALSE(has(cards, e.id));
            if (inj.decision) {
                CHECK(has(cards, inj.decision->prompt));
                for (const auto& o : inj.decision->options) {
                    CHECK(has(cards, o.label));
                    if (!o.description.empty()) CHECK_FALSE(has(cards, o.description));
                    for (const auto& [id, rating] : o.rate)
                        if (shown.find(id) == std::string::npos) CHECK_FALSE(has(cards, id));
                }
            }
        }
    }
    CHECK(facilitator_notes >= 2);
}

TEST_CASE("kit: the handbook holds every inject, expectation, option, red move and ending, one EEG per objective") {
    for (const auto& p : bundled()) {
        const sim::Scenario s = load(p);
        INFO(p.filename().string());
        const auto docs = sim::kit::render(s, &sim::attack::builtin_catalog());
        const std::string& book = doc(docs, "handbook.html").html;
        for (const auto& inj : s.injects) {
            INFO(inj.id);
            CHECK(has(book, inj.id));
            CHECK(has(book, inj.title));
            for (const auto& e : inj.expect) CHECK(has(book, e.id));
            if (inj.decision)
                for (const auto& o : inj.decision->options) {
                    CHECK(has(book, o.label));
                    for (const auto& [id, rating] : o.rate)
                        CHECK(book.find(sim::report::html_escape(id) + ": <strong>" + sim::to_string(rating) + "</strong>") !=
                              std::string::npos);
                }
        }
        for (const auto& [stage, moves] : s.red_moves)
            for (const auto& m : moves) CHECK(has(book, m.description));
        for (const auto& e : s.endings) CHECK(has(book, e.title));
        CHECK(count(book, "benign: noise or a false positive") ==
              static_cast<std::size_t>(std::count_if(s.injects.begin(), s.injects.end(), [](const auto& i) { return i.benign; })));

        // One EEG per objective, each with the critical tasks that serve it and P/S/M/U boxes.
        std::size_t eegs = 0;
        for (const auto& d : docs) eegs += d.file.rfind("eeg-", 0) == 0 && d.file != "eeg-other.html";
        CHECK(eegs == s.objectives.size());
        for (std::size_t k = 0; k < s.objectives.size(); ++k) {
            const auto& o = s.objectives[k];
            char prefix[32];
            std::snprintf(prefix, sizeof prefix, "eeg-%02zu-", k + 1);
            const std::string& eeg = doc(docs, prefix + o.id + ".html").html;
            std::size_t tasks = 0;
            for (const auto& inj : s.injects)
                for (const auto& e : inj.expect) {
                    if (e.objective == o.id) {
                        ++tasks;
                        CHECK(has(eeg, e.id));
                    } else {
                        CHECK_FALSE(eeg.find("<code>" + sim::report::html_escape(e.id) + "</code>") != std::string::npos);
                    }
                }
            CHECK(count(eeg, "<span class=\"box\">P</span>") == tasks);
        }
        // The feedback form: the scenario's own or the built-in one, every question on it.
        const std::string form = doc(docs, "feedback-form.html").html;
        const auto& questions = s.feedback_form();
        CHECK(count(form, "<span class=\"box\">5</span>") ==
              static_cast<std::size_t>(std::count_if(questions.begin(), questions.end(), [](const auto& q) {
                  return q.kind == sim::FeedbackKind::scale;
              })));
        for (const auto& q : questions) CHECK(has(form, q.text));
    }
}

TEST_CASE("kit: hostile scenario text is escaped in every document, links to other schemes are dropped") {
    const std::string yaml = R"YAML(format: ttx/1
id: hostile
title: "<script>alert('title')</script>"
summary: "Intro <img src=x onerror=alert(1)> and [click](javascript:alert(2)) and <a href=\"javascript:alert(3)\">x</a>"
roles:
  - { id: legal, name: "<b onmouseover=alert(4)>Legal</b>", description: "<script>d()</script>" }
teams:
  - { id: soc, name: "SOC <script>t()</script>", roles: [tier1, legal] }
objectives:
  - { id: obj, text: "<img src=x onerror=alert(5)>", capability: triage }
stages:
  - { id: s1, tactic: initial-access, title: "<svg onload=alert(6)>", narrative: "<script>n()</script> [n](javascript:n())" }
injects:
  - id: one
    stage: s1
    at: "+00:01"
    to: soc
    source: "<iframe src=javascript:alert(7)>"
    title: "<script>alert('inject')</script>"
    body: |
      <script>alert('body')</script>
      <img src=x onerror=alert(8)>
      [link](javascript:alert(9)) <javascript:alert(10)>
    artifacts:
      - { kind: ioc, type: "url<script>", value: "javascript:alert(11)", label: "<img src=x onerror=alert(12)>" }
      - { kind: note, value: "<script>alert(13)</script>" }
    hunting: ["<script>h()</script>"]
    expect:
      - { id: triage-one, action: triage, by: soc, objective: obj }
    decision:
      prompt: "<script>alert('prompt')</script>"
      default: a
      options:
        - { id: a, label: "<img src=x onerror=alert(14)>", description: "<script>c()</script>", rate: { triage-one: P }, end: fin }
endings:
  - { id: fin, title: "<script>e()</script>", summary: "[e](javascript:e())" }
)YAML";
    const sim::LoadResult r = sim::load_scenario_text(yaml, "hostile.yaml");
    std::string diags;
    for (const auto& d : r.diags.items) diags += sim::format_diagnostic(d) + "\n";
    INFO(diags);
    REQUIRE(r.scenario);
    REQUIRE_FALSE(r.diags.has_errors());
    const auto docs = sim::kit::render(*r.scenario);
    REQUIRE(docs.size() == 6);   // index, sitman, handbook, cards, one EEG, feedback
    for (const auto& d : docs) {
        INFO(d.file);
        for (const auto& t : tags(d.html)) {
            INFO(t);
            CHECK(t.find("script") == std::string::npos);
            CHECK(t.find("onerror") == std::string::npos);
            CHECK(t.find("onload") == std::string::npos);
            CHECK(t.find("onmouseover") == std::string::npos);
            CHECK(t.find("javascript:") == std::string::npos);
            CHECK(t.rfind("img", 0) != 0);
            CHECK(t.rfind("iframe", 0) != 0);
            CHECK(t.rfind("svg", 0) != 0);
        }
        // Links in Markdown never print a javascript: address.
        CHECK(d.html.find("(javascript:") == std::string::npos);
    }
    // The text is there, escaped, where each document shows it.
    const std::string& book = doc(docs, "handbook.html").html;
    CHECK(book.find("&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;") != std::string::npos);
    CHECK(book.find("&lt;img src=x onerror=alert(12)&gt;") != std::string::npos);
    CHECK(doc(docs, "inject-cards.html").html.find("&lt;script&gt;alert(&#39;prompt&#39;)&lt;/script&gt;") != std::string::npos);
    CHECK(doc(docs, "sitman.html").html.find("&lt;img src=x onerror=alert(5)&gt;") != std::string::npos);
    CHECK(doc(docs, "eeg-01-obj.html").html.find("triage-one") != std::string::npos);
}

TEST_CASE("ttx kit: writes every document of a bundled scenario and a second run replaces the kit whole") {
    TempDir tmp("ttx-kit");
    const std::string out = tmp.file("kit");
    auto r = sh(ttx_cmd(tmp) + "kit " + quote(kRansomware) + " --out " + quote(out));
    INFO(r.out);
    REQUIRE(r.rc == 0);
    for (const char* f : {"index.html", "sitman.html", "handbook.html", "inject-cards.html", "feedback-form.html",
                          "eeg-01-obj-early.html", "eeg-04-obj-legal.html"})
        CHECK(slurp(fs::path(out) / f).find("</html>") != std::string::npos);
    CHECK(slurp(fs::path(out) / "index.html").find(sim::kit::kGeneratorMeta) != std::string::npos);
    std::ofstream(fs::path(out) / "stale.txt") << "from an earlier run";
    r = sh(ttx_cmd(tmp) + "kit " + quote(kRansomware) + " --out " + quote(out + "/"));
    REQUIRE(r.rc == 0);
    CHECK_FALSE(fs::exists(fs::path(out) / "stale.txt"));
    // Nothing is left beside it: no temporary or moved-aside folders.
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(tmp.path))
        if (e.path().filename() != "xdg") left.push_back(e.path().filename().string());
    CHECK(left == std::vector<std::string>{"kit"});
}

TEST_CASE("ttx kit: bad scenario, unwritable or foreign folder exit 1, usage errors exit 2, nothing half-written") {
    TempDir tmp("ttx-kit");
    const std::string bad = tmp.file("bad.yaml");
    std::ofstream(bad) << "format: ttx/1\nid: broken\ntitle: Broken\ninjects:\n  - { id: a, stage: nowhere, to: soc, title: A }\n";
    auto r = sh(ttx_cmd(tmp) + "kit " + quote(bad) + " --out " + quote(tmp.file("k1")));
    CHECK(r.rc == 1);
    CHECK(r.out.find("bad.yaml:5:") != std::string::npos);
    CHECK(r.out.find("no kit written") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp.file("k1")));

    // A folder under a regular file cannot be created.
    std::ofstream(tmp.file("plain")) << "x";
    r = sh(ttx_cmd(tmp) + "kit " + quote(kRansomware) + " --out " + quote(tmp.file("plain") + "/kit"));
    CHECK(r.rc == 1);
    CHECK(r.out.find("cannot write the kit") != std::string::npos);
    r = sh(ttx_cmd(tmp) + "kit " + quote(kRansomware) + " --out " + quote(tmp.file("plain")));
    CHECK(r.rc == 1);
    CHECK(r.out.find("not a folder") != std::string::npos);
    CHECK(slurp(tmp.file("plain")) == "x");

    // A folder with someone's files is never replaced.
    fs::create_directory(tmp.file("mine"));
    std::ofstream(tmp.file("mine/notes.txt")) << "keep";
    r = sh(ttx_cmd(tmp) + "kit " + quote(kRansomware) + " --out " + quote(tmp.file("mine")));
    CHECK(r.rc == 1);
    CHECK(r.out.find("holds no earlier kit") != std::string::npos);
    CHECK(slurp(tmp.file("mine/notes.txt")) == "keep");

    CHECK(sh(ttx_cmd(tmp) + "kit " + quote(kRansomware)).rc == 2);                                     // no --out
    CHECK(sh(ttx_cmd(tmp) + "kit " + quote(kRansomware) + " --out x --format docx").rc == 2);
    CHECK(sh(ttx_cmd(tmp) + "kit --out " + quote(tmp.file("k2"))).rc == 2);                             // no scenario
    CHECK_FALSE(fs::exists(tmp.file("k2")));
}

TEST_CASE("ttx kit --format pdf without chromium names the package and writes nothing") {
    TempDir tmp("ttx-kit");
    fs::create_directory(tmp.file("bin"));      // a PATH without chromium
    const auto r = sh("PATH=" + quote(tmp.file("bin")) + " " + ttx_cmd(tmp) + "kit " + quote(kRansomware) +
                      " --format pdf --out " + quote(tmp.file("kit")));
    INFO(r.out);
    CHECK(r.rc == 1);
    CHECK(r.out.find("apt-get install chromium") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp.file("kit")));
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(tmp.path)) ++entries;
    CHECK(entries == 1);                        // only bin/
}

TEST_CASE("ttx kit --format pdf prints every document with headless Chromium") {
    if (sh("command -v chromium").rc != 0) TTX_SKIP("chromium is not installed (apt-get install chromium)");
    TempDir tmp("ttx-kit");
    const std::string out = tmp.file("kit");
    const auto p = sh(ttx_cmd(tmp) + "kit " + quote(kRansomware) + " --format pdf --out " + quote(out));
    INFO(p.out);
    REQUIRE(p.rc == 0);
    for (const char* f : {"sitman.pdf", "handbook.pdf", "inject-cards.pdf", "eeg-01-obj-early.pdf", "feedback-form.pdf"})
        CHECK(slurp(fs::path(out) / f).rfind("%PDF-", 0) == 0);
    CHECK(fs::exists(fs::path(out) / "sitman.html"));
}

TEST_CASE("kit: the format additions reach the documents that may show them") {
    for (const char* name : {"bec-oauth-consent", "insider-exfiltration", "supply-chain-update"}) {
        const sim::Scenario s = load(TTX_SOURCE_DIR "/scenarios/"s + name + ".yaml");
        INFO(name);
        REQUIRE(s.story.set());
        const auto docs = sim::kit::render(s, &sim::attack::builtin_catalog());
        const std::string sitman = content(doc(docs, "sitman.html").html);
        const std::string handbook = content(doc(docs, "handbook.html").html);
        const std::string cards = content(doc(docs, "inject-cards.html").html);
        CHECK(has(sitman, sim::format_story_time(s.story.start)));
        CHECK(sitman.find("TLP:") != std::string::npos);
        for (const auto& inj : s.injects) {
            for (const auto& q : inj.questions) {
                CHECK(has(cards, q.text));            // the question on the card …
                CHECK(has(handbook, q.text));
                for (const auto& p : q.points) {
                    CHECK_FALSE(has(cards, p));       // … its points only in the handbook
                    CHECK(has(handbook, p));
                }
            }
            for (const auto& e : inj.expect)
                for (const auto& [r, g] : e.guidance) {
                    CHECK(has(handbook, g));
                    CHECK_FALSE(has(cards, g));
                    const sim::Objective* o = s.objective(e.objective);
                    if (o) {
                        auto eeg = std::find_if(docs.begin(), docs.end(), [&](const auto& d) {
                            return d.file.find(o->id) != std::string::npos;
                        });
                        REQUIRE(eeg != docs.end());
                        CHECK(has(eeg->html, g));
                        if (!e.task.empty()) CHECK(has(eeg->html, e.task));
                    }
                }
            // Images are inlined (no file reference for the browser to fetch).
            for (const auto& a : inj.artifacts)
                if (a.kind == sim::ArtifactKind::image) {
                    CHECK(cards.find("src=\"data:" + a.media_type + ";base64,") != std::string::npos);
                    CHECK(cards.find("src=\"" + a.path) == std::string::npos);
                }
        }
        for (const auto& o : s.objectives)
            for (const auto& q : o.hotwash) CHECK(has(handbook, q.text));
    }
}
