// tests/fuzz/fuzz_loader.cpp — scenario text from a stranger: load, validate, play.
//
// The input is the YAML text. Whatever loads without errors is validated
// against the built-in catalog, and whatever validates is played through the
// engine (autoplay.hpp) and replayed, so a scenario that passes `ttx validate`
// but breaks the engine is a finding too.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "sim/attack/catalog.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/fuzz/autoplay.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    sim::LoadResult r = sim::load_scenario_text(text, "fuzz.yaml");
    for (const auto& d : r.diags.items) (void)sim::format_diagnostic(d);
    if (!r.scenario || r.diags.has_errors()) return 0;
    sim::validate_scenario(*r.scenario, sim::attack::builtin_catalog(), r.diags);
    for (const auto& d : r.diags.items) (void)sim::format_diagnostic(d);
    if (r.diags.has_errors()) return 0;
    auto sc = std::make_shared<const sim::Scenario>(std::move(*r.scenario));
    fuzz::autoplay(sc, size, size % 3 == 0 ? sim::Mode::purple : sim::Mode::blue);
    return 0;
}
