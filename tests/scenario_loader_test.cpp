// tests/scenario_loader_test.cpp — YAML lands in the model where the
// format says it does; the bundled scenarios use ATT&CK correctly.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sim/attack/catalog.hpp"
#include "sim/scenario/loader.hpp"

#include "tests/support.hpp"

using namespace sim;
namespace fs = std::filesystem;

namespace {

const fs::path kScenarios = fs::path(TTX_SOURCE_DIR) / "scenarios";

Scenario load_ok(const std::string& file) {
    LoadResult r = load_and_validate((kScenarios / file).string(), attack::builtin_catalog());
    std::string all;
    for (const auto& d : r.diags.items) all += format_diagnostic(d) + "\n";
    INFO(all);
    REQUIRE(r.scenario);
    REQUIRE(r.diags.items.empty());
    return *r.scenario;
}

LoadResult load_text(const std::string& text) { return load_scenario_text(text, "inline.yaml"); }

const Option& option(const Inject& i, const std::string& id) {
    REQUIRE(i.decision);
    const Option* o = i.decision->option(id);
    REQUIRE(o);
    return *o;
}

const Inject& inject(const Scenario& s, const std::string& id) {
    const Inject* i = s.inject(id);
    REQUIRE(i);
    return *i;
}

} // namespace

TEST_CASE("invoice-ransomware: scenario-level fields") {
    const Scenario s = load_ok("invoice-ransomware.yaml");
    CHECK(s.format == "ttx/1");
    CHECK(s.id == "invoice-ransomware");
    CHECK(s.version == "2.0");
    CHECK(s.duration == 90 * 60);
    CHECK(s.attack.domain == "enterprise-attack");
    CHECK(s.attack.version == "19.1");
    CHECK(s.authors == std::vector<std::string>{"ttx project"});
    CHECK(s.tags.size() == 5);
    CHECK(s.audience.size() == 6);
    CHECK(s.source_path == (kScenarios / "invoice-ransomware.yaml").string());
    std::ifstream in(kScenarios / "invoice-ransomware.yaml", std::ios::binary);
    std::stringstream raw;
    raw << in.rdbuf();
    CHECK(s.source_text == raw.str());
    CHECK(s.base_dir == kScenarios.string());

    // Built-ins first, then the scenario's own.
    REQUIRE(s.roles.size() == builtin_roles().size() + 3);
    CHECK(s.roles.front().builtin);
    CHECK(s.role("legal"));
    CHECK_FALSE(s.role("legal")->builtin);
    CHECK(s.role("legal")->pos.line > 0);
    CHECK(s.capabilities.size() == builtin_capabilities().size() + 1);
    CHECK(s.capability("regulatory-compliance"));

    REQUIRE(s.teams.size() == 5);
    CHECK(s.team("adversary")->kind == TeamKind::red);
    CHECK(s.team("control")->kind == TeamKind::white);
    CHECK(s.team("auditors")->kind == TeamKind::observer);
    CHECK(s.team("leadership")->roles == std::vector<std::string>{"executive", "legal", "comms"});
    CHECK(s.objective("obj-early")->weight == 3);
    CHECK(s.objective("obj-legal")->capability == "regulatory-compliance");

    std::vector<std::string> tactics;
    for (const auto& st : s.stages) tactics.push_back(st.tactic);
    CHECK(tactics == std::vector<std::string>{"initial-access", "execution", "credential-access", "lateral-movement",
                                              "impact"});
    CHECK(s.stages[0].narrative.find("month-end") != std::string::npos);
    CHECK(s.endings.size() == 5);
}

TEST_CASE("invoice-ransomware: injects, triggers, conditions, decisions, rates") {
    const Scenario s = load_ok("invoice-ransomware.yaml");
    const Inject& phish = inject(s, "phish-reported");
    CHECK(phish.stage == "s1");
    CHECK(phish.trigger.at == 5 * 60);
    CHECK(phish.trigger.after.empty());
    CHECK(phish.to == std::vector<std::string>{"soc"});
    CHECK(phish.channel == "xdr-incidents");
    CHECK(phish.source == "email");
    CHECK(phish.severity == Severity::medium);
    CHECK(phish.pos.line > 0);
    REQUIRE(phish.artifacts.size() == 4);
    CHECK(phish.artifacts[0].kind == ArtifactKind::ioc);
    CHECK(phish.artifacts[0].type == "sha256");
    CHECK(phish.artifacts[0].label == "Invoice_4471.xlsm");
    CHECK(phish.artifacts[3].kind == ArtifactKind::log);
    CHECK(phish.techniques == std::vector<std::string>{"T1566.001"});
    CHECK(phish.hunting.size() == 2);
    REQUIRE(phish.expect.size() == 3);   // triage, escalate, hunt the other recipients
    CHECK(phish.expect[0].inject == "phish-reported");
    CHECK(phish.expect[0].action == Action::triage);
    CHECK(phish.expect[0].within == 10 * 60);
    CHECK(phish.expect[0].capability == "triage");     // defaulted from the action
    CHECK(phish.expect[1].capability == "escalation");
    CHECK(phish.expect[1].objective == "obj-early");
    CHECK(phish.expect[1].weight == 2);

    REQUIRE(phish.decision);
    const Decision& d = *phish.decision;
    CHECK(d.by == std::vector<std::string>{"tier1", "tier2"});
    CHECK(d.timeout == 15 * 60);
    CHECK(d.default_option == "close-ticket");
    REQUIRE(d.options.size() == 3);
    const Option& iso = option(phish, "isolate-host");
    CHECK(iso.automated);
    CHECK(iso.set == std::vector<std::string>{"host-isolated"});
    CHECK(iso.go_to == std::vector<std::string>{"isolation-confirmed"});
    CHECK(iso.rate.at("escalate-phish") == Rating::P);
    CHECK(option(phish, "close-ticket").rate.at("escalate-phish") == Rating::U);
    CHECK(option(phish, "close-ticket").go_to.empty());

    // Decision `by` defaults to the inject's audience.
    CHECK(inject(s, "macro-execution").decision->by == std::vector<std::string>{"csirt"});

    CHECK(inject(s, "printer-noise").benign);
    CHECK(inject(s, "printer-noise").expect[0].capability == "alert-quality");
    CHECK(inject(s, "isolation-confirmed").trigger.goto_only());
    // The ending waits for the follow-through decision, so its expectations can be met.
    CHECK(inject(s, "isolation-confirmed").end.empty());
    CHECK(option(inject(s, "isolation-confirmed"), "scope-then-rebuild").end == "contained-early");

    const Inject& lsass = inject(s, "lsass-access");
    CHECK(lsass.trigger.at == 25 * 60);
    CHECK(lsass.trigger.when.none == std::vector<std::string>{"host-isolated"});
    CHECK(lsass.trigger.when.all.empty());
    CHECK(option(lsass, "soar-isolate").clear == std::vector<std::string>{"watching"});
    CHECK(option(lsass, "soar-isolate").set == std::vector<std::string>{"host-isolated", "creds-reset"});

    const Inject& cfo = inject(s, "cfo-calls");
    CHECK(cfo.trigger.when.any == std::vector<std::string>{"phish-closed", "watching"});
    CHECK(cfo.trigger.when.none == std::vector<std::string>{"host-isolated"});
    CHECK(cfo.trigger.when.holds({"watching"}));
    CHECK_FALSE(cfo.trigger.when.holds({"watching", "host-isolated"}));

    const Inject& brief = inject(s, "exec-briefing");
    CHECK(brief.trigger.after == "containment-late");
    CHECK(brief.trigger.delay == 5 * 60);
    CHECK(brief.trigger.at == kNoTime);
    CHECK(option(brief, "notify-regulator").go_to == std::vector<std::string>{"regulator-clock", "press-query"});
    CHECK(option(inject(s, "press-query"), "statement").end == "disclosed-responsibly");
    CHECK(inject(s, "regulator-clock").artifacts[0].kind == ArtifactKind::note);

    // Expectation lookup works across injects (options rate other injects' expectations).
    REQUIRE(s.expectation("escalate-phish"));
    CHECK(s.expectation("escalate-phish")->inject == "phish-reported");
}

TEST_CASE("invoice-ransomware: red moves by stage, ids defaulting to the technique") {
    const Scenario s = load_ok("invoice-ransomware.yaml");
    REQUIRE(s.red_moves.size() == 5);
    const auto& s1 = s.red_moves.at("s1");
    REQUIRE(s1.size() == 2);
    CHECK(s1[0].id == "attachment");
    CHECK(s1[0].technique == "T1566.001");
    CHECK_FALSE(s1[0].observable.empty());
    CHECK(s.red_moves.at("s4")[0].id == "T1021.001");
    CHECK(s.red_moves.at("s4")[0].description == "RDP with the helpdesk admin account");
    CHECK(s.red_moves.at("s5").size() == 3);
}

TEST_CASE("purple-credential-theft: after inject.option, delay, files, weights, TA ids") {
    const Scenario s = load_ok("purple-credential-theft.yaml");
    CHECK(s.duration == 2 * 3600);
    CHECK(s.stages[0].tactic == "execution");   // written as TA0002
    CHECK(s.team("purple-cell")->kind == TeamKind::purple);
    CHECK(s.role("red-operator"));
    CHECK(s.capability("detection-engineering"));
    double total = 0;
    for (const auto& o : s.objectives) total += o.weight;
    CHECK(total == 9);

    const Inject& tune = inject(s, "cradle-detection");
    CHECK(tune.trigger.after == "exec-powershell.logged");
    CHECK(tune.trigger.delay == 10 * 60);
    CHECK(tune.expect[0].action == Action::automate);
    CHECK(tune.expect[0].capability == "detection-engineering");

    const Inject& ps = inject(s, "exec-powershell");
    REQUIRE(ps.artifacts.size() == 2);
    CHECK(ps.artifacts[0].kind == ArtifactKind::file);
    CHECK(ps.artifacts[0].path == "purple-credential-theft/powershell-4104.log");
    CHECK(fs::is_regular_file(kScenarios / ps.artifacts[0].path));
    CHECK(ps.expect[0].weight == 2);
    CHECK(ps.decision->default_option == "missed");
    CHECK(ps.decision->by == std::vector<std::string>{"purple-lead"});

    CHECK(inject(s, "cred-kerberoast").trigger.when.all == std::vector<std::string>{"lsass-blocked", "red-roast"});
    CHECK(inject(s, "cred-lsass").trigger.when.none == std::vector<std::string>{"p3/T1558.003", "p3/dcsync"});
    CHECK(inject(s, "hotwash").trigger.after == "lateral-smb");
    CHECK(inject(s, "hotwash").end.empty());     // the ending waits for the lab-hour decision
    CHECK(option(inject(s, "hotwash"), "write-backlog").end == "plan-complete");
    REQUIRE(s.red_moves.at("p3").size() == 3);
    CHECK(s.red_moves.at("p3")[2].id == "dcsync");
    CHECK(s.red_moves.at("p3")[2].technique == "T1003.006");
    REQUIRE(s.red_moves.at("p3")[2].alerts.size() == 1);     // adjudicated: delivered only when alerted
    CHECK(s.red_moves.at("p3")[2].alerts[0].inject == "dcsync-alert");
    CHECK(s.red_moves.at("p3")[2].alerts[0].delay == 9 * 60);
    CHECK(s.red_moves.at("p3")[1].hunt_finds[0].inject == "roast-alert");
    REQUIRE(s.posture);
    CHECK(s.posture->profile == "harbourline-freight");
    const RedMove& admin = s.red_moves.at("p4")[0];
    CHECK(admin.prerequisites.any == std::vector<std::string>{"p3/T1003.001", "p3/dcsync"});
    CHECK(admin.blocked_by == std::vector<std::string>{"lsass-blocked"});
}

TEST_CASE("positions are 1-based and point at values") {
    auto r = load_text("format: ttx/1\nid: x\ntitle: X\nteams:\n  - { id: soc }\nstages:\n  - { id: s1, tactic: TA0001 }\n"
                       "injects:\n  - id: a\n    stage: s1\n    at: \"+00:01\"\n    to: soc\n    title: A\n");
    REQUIRE(r.scenario);
    CHECK_FALSE(r.diags.has_errors());
    const Scenario& s = *r.scenario;
    CHECK(s.stages[0].tactic == "initial-access");
    CHECK(s.stages[0].pos.line == 7);
    CHECK(s.stages[0].pos.col == 5);
    CHECK(s.injects[0].pos.line == 9);
    CHECK(s.injects[0].pos.col == 5);
    CHECK(s.pos_of("injects.a.stage", {}).line == 10);
    CHECK(s.pos_of("injects.a.stage", {}).col == 12);
    CHECK(s.pos_of("injects.a.to#0", {}).line == 12);
    CHECK(s.pos_of("no.such.key", {3, 4}).line == 3);
}

TEST_CASE("ATT&CK v18 scenarios: defense-evasion maps onto v19 tactics") {
    const std::string head = "format: ttx/1\nid: x\ntitle: X\nteams:\n  - { id: soc }\n";
    const std::string tail = "injects:\n  - { id: a, stage: s1, at: \"+00:01\", to: soc, title: A }\n";
    auto v18 = load_text(head + "attack: { version: \"18.1\" }\nstages:\n"
                                "  - { id: s1, tactic: defense-evasion }\n"
                                "  - { id: s2, tactic: TA0005 }\n"
                                "  - { id: s3, tactic: defense-impairment }\n"
                                "  - { id: s4, tactic: credential-access }\n" +
                         tail);
    REQUIRE(v18.scenario);
    CHECK_FALSE(v18.diags.has_errors());
    CHECK(v18.scenario->attack.version == "18.1");
    CHECK(v18.scenario->stages[0].tactic == "stealth");
    CHECK(v18.scenario->stages[1].tactic == "stealth");
    CHECK(v18.scenario->stages[2].tactic == "defense-impairment");
    CHECK(v18.scenario->stages[3].tactic == "credential-access");

    auto v19 = load_text(head + "stages:\n  - { id: s1, tactic: defense-evasion }\n" + tail);
    bool found = false;
    for (const auto& d : v19.diags.items)
        if (d.code == "bad-value" && d.line == 7 && d.hint.find("stealth") != std::string::npos) found = true;
    CHECK(found);
}

TEST_CASE("shorthands: single values for lists, `when: flag`") {
    auto r = load_text("format: ttx/1\nid: x\ntitle: X\nteams:\n  - { id: soc, roles: tier1 }\n"
                       "stages:\n  - { id: s1, tactic: execution }\n"
                       "injects:\n"
                       "  - id: a\n    stage: s1\n    at: \"+00:01\"\n    to: soc\n    title: A\n"
                       "    techniques: T1059.001\n"
                       "    decision:\n      prompt: P\n      default: o\n"
                       "      options:\n        - { id: o, label: O, set: f, goto: b }\n"
                       "  - { id: b, stage: s1, to: soc, title: B, end: done }\n"
                       "  - { id: c, stage: s1, when: f, to: [soc], title: C }\n"
                       "  - { id: d, stage: s1, when: [f], to: tier1, title: D }\n");
    REQUIRE(r.scenario);
    CHECK_FALSE(r.diags.has_errors());
    const Scenario& s = *r.scenario;
    CHECK(s.teams[0].roles == std::vector<std::string>{"tier1"});
    CHECK(s.injects[0].techniques == std::vector<std::string>{"T1059.001"});
    CHECK(s.injects[0].decision->options[0].set == std::vector<std::string>{"f"});
    CHECK(s.injects[0].decision->options[0].go_to == std::vector<std::string>{"b"});
    CHECK(s.injects[2].trigger.when.all == std::vector<std::string>{"f"});
    CHECK(s.injects[3].trigger.when.all == std::vector<std::string>{"f"});
    CHECK(s.injects[0].channel == "xdr-incidents");     // default
    CHECK(s.injects[0].severity == Severity::medium);   // default
}

TEST_CASE("every technique in scenarios/ is active in ATT&CK v19.1 under its stage's tactic") {
    const fs::path tsv = fs::path(TTX_SHARED_DIR) / "reference" / "attack" / "enterprise-techniques.tsv";
    if (!fs::exists(tsv)) {
        TTX_SKIP(tsv.string() << " not found (the shared ATT&CK reference is absent)");
    }
    struct Ref {
        std::set<std::string> tactics;
        std::string status;
    };
    std::map<std::string, Ref> ref;
    std::ifstream in(tsv);
    std::string line;
    std::getline(in, line);  // header: technique_id name tactics is_subtechnique status ...
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string x;
        while (std::getline(ss, x, '\t')) f.push_back(x);
        if (f.size() < 5) continue;
        Ref r;
        std::stringstream ts(f[2]);
        while (std::getline(ts, x, ',')) r.tactics.insert(x);
        r.status = f[4];
        ref[f[0]] = r;
    }
    REQUIRE(ref.size() > 500);

    int checked = 0;
    for (const auto& e : fs::directory_iterator(kScenarios)) {
        if (e.path().extension() != ".yaml") continue;
        std::ifstream head(e.path());
        std::string text((std::istreambuf_iterator<char>(head)), std::istreambuf_iterator<char>());
        if (text.find("\nformat: ttx/1") == std::string::npos && text.rfind("format: ttx/1", 0) != 0)
            continue;  // another kind of ttx document kept beside the scenarios (decision scripts)
        LoadResult r = load_scenario_file(e.path().string());
        REQUIRE(r.scenario);
        const Scenario& s = *r.scenario;
        auto check = [&](const std::string& id, const std::string& stage, const std::string& where) {
            INFO(e.path().filename().string() << ": " << id << " in " << where);
            REQUIRE(ref.count(id));
            CHECK(ref[id].status == "active");
            const Stage* st = s.stage(stage);
            REQUIRE(st);
            CHECK(ref[id].tactics.count(st->tactic) == 1);
            ++checked;
        };
        for (const auto& i : s.injects)
            for (const auto& t : i.techniques) check(t, i.stage, "inject " + i.id);
        for (const auto& [stage, moves] : s.red_moves)
            for (const auto& m : moves) check(m.technique, stage, "red_moves of " + stage);
    }
    CHECK(checked >= 30);
}
