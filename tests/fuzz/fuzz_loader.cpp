// tests/fuzz/fuzz_loader.cpp — scenario text from a stranger: load, validate, play.
//
// The input is the YAML text. Whatever loads without errors is validated
// against the built-in catalog, and whatever validates is played through the
// engine (autoplay.hpp) and replayed, so a scenario that passes `ttx validate`
// but breaks the engine is a finding too (checks.hpp).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "tests/fuzz/checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    if (std::string broken = fuzz::check_scenario_text(text, size); !broken.empty()) {
        std::fprintf(stderr, "fuzz_loader: %s\n", broken.c_str());
        __builtin_trap();
    }
    return 0;
}
