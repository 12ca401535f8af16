// tests/fuzz/fuzz_stix.cpp — a STIX bundle from a stranger, through the ATT&CK importer.
//
// The input is split at the first NUL byte into two documents, so the
// cross-file parts of the importer (matrix in one file, techniques and
// relationships in another, as in the per-object data repository) are reached
// too. What must hold is in checks.hpp: a refusal says why, and an accepted
// import stores a catalog that loads again.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "tests/fuzz/checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    if (std::string broken = fuzz::check_stix_input(text); !broken.empty()) {
        std::fprintf(stderr, "fuzz_stix: %s\n", broken.c_str());
        __builtin_trap();
    }
    return 0;
}
