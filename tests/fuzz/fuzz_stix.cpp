// tests/fuzz/fuzz_stix.cpp — a STIX bundle from a stranger, through the ATT&CK importer.
//
// The input is split at the first NUL byte into two documents, so the
// cross-file parts of the importer (matrix in one file, techniques and
// relationships in another, as in the per-object data repository) are reached too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/attack/json_text.hpp"
#include "sim/attack/stix_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<sim::attack::StixDocument> docs;
    if (auto nul = text.find('\0'); nul != std::string::npos)
        docs = {{"a.json", text.substr(0, nul)}, {"b.json", text.substr(nul + 1)}};
    else
        docs = {{"bundle.json", text}};
    std::string error;
    auto imported = sim::attack::import_stix_documents(docs, error, size % 2 ? "" : "19.1");
    if (imported) {
        (void)sim::attack::describe(imported->summary);
        // What `ttx attack import` stores must load again (default_catalog() reads it at every start).
        const std::string stored = sim::attack::catalog_to_json(imported->catalog);
        std::string reload_error;
        auto back = sim::attack::catalog_from_json(stored, "catalog.json", reload_error);
        if (!back || back->techniques().size() != imported->catalog.techniques().size()) __builtin_trap();
    } else if (error.empty()) {
        __builtin_trap();   // a failure must say why
    }
    return 0;
}
