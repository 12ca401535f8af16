// tests/fuzz/fuzz_script.cpp — a decision script from a stranger: parse it, then run it.
//
// The input is the script's YAML text. Whatever parses is executed step by
// step, in memory, against the bundled scenario it names (invoice-ransomware
// when it names none of them); rejected steps are skipped, as a facilitator
// would retry, and the journal it produced is replayed: refusals must be
// sentences, never crashes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "sim/scenario/loader.hpp"
#include "sim/script/decision_script.hpp"
#include "sim/script/describe.hpp"
#include "tests/fuzz/autoplay.hpp"

namespace {

// The bundled scenarios by id: a script runs against the one it names.
const std::map<std::string, std::shared_ptr<const sim::Scenario>>& scenarios() {
    static const auto all = [] {
        std::map<std::string, std::shared_ptr<const sim::Scenario>> m;
        for (const auto& entry : std::filesystem::directory_iterator(TTX_SOURCE_DIR "/scenarios")) {
            const std::string name = entry.path().filename().string();
            if (entry.path().extension() != ".yaml" || name.find(".decisions.") != std::string::npos) continue;
            sim::LoadResult r = sim::load_scenario_file(entry.path().string());
            if (r.scenario && !r.diags.has_errors()) {
                // The id first: in `m[id] = make_shared(move(scenario))` C++17
                // evaluates the right side first and would leave the id empty.
                const std::string id = r.scenario->id;
                m[id] = std::make_shared<const sim::Scenario>(std::move(*r.scenario));
            }
        }
        if (!m.count("invoice-ransomware")) {
            // A harness problem, not a finding: the bundled scenario does not load (mid-edit?).
            std::fprintf(stderr, "fuzz_script: scenarios/invoice-ransomware.yaml does not load; fix it first\n");
            std::exit(2);
        }
        return m;
    }();
    return all;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    sim::Diagnostics diags;
    auto script = sim::script::parse_decision_script(text, "fuzz.decisions.yaml", diags);
    for (const auto& d : diags.items) (void)sim::format_diagnostic(d);
    if (!script) {
        if (!diags.has_errors()) __builtin_trap();   // a refusal must say why
        return 0;
    }
    auto it = scenarios().find(script->scenario);
    auto sc = it != scenarios().end() ? it->second : scenarios().at("invoice-ransomware");
    // The name check `ttx run` makes before creating a session: its refusals need reasons too.
    sim::Diagnostics names;
    if (!sim::script::check_decision_script(*script, *sc, names) && !names.has_errors()) __builtin_trap();
    sim::Exercise ex(sc);
    sim::Journal journal;
    sim::cmd::Start start{script->seed.value_or(7), script->mode.value_or(sim::Mode::blue), script->practice,
                          script->participants};
    if (!fuzz::step(ex, journal, start)) return 0;
    fuzz::step(ex, journal, sim::cmd::BeginBriefing{});
    fuzz::step(ex, journal, sim::cmd::BeginRunning{});
    for (const auto& s : script->steps) {
        sim::CommandResult r = ex.plan(s.command, 1'700'000'000'000);
        if (!r) continue;
        if (r.events.empty()) __builtin_trap();      // accepted commands always produce events
        (void)sim::script::describe(s.command, r.events, ex.state());
        for (const auto& e : r.events) {
            ex.apply(e);
            journal.push_back(e);
        }
    }
    sim::Exercise again = sim::replay(sc, journal);
    if (!(again.state() == ex.state())) __builtin_trap();
    return 0;
}
