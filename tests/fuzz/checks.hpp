// tests/fuzz/checks.hpp — what must hold for one input from a stranger, per kind of input.
//
// Shared by the libFuzzer targets (which trap on a violation, so libFuzzer
// keeps the input) and tests/regressions_test.cpp (which replays every input
// that ever broke one of these, from tests/fixtures/regressions/). Each check
// returns "" when the input was handled properly — accepted, or refused with a
// sentence — and otherwise says which promise was broken. Crashes and
// sanitizer reports are caught by the process, not here.
#pragma once

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "sim/attack/catalog.hpp"
#include "sim/attack/stix_import.hpp"
#include "sim/engine/session.hpp"
#include "sim/report/history.hpp"
#include "sim/report/report.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scoring/scorecard.hpp"
#include "sim/store/store.hpp"
#include "tests/fuzz/autoplay.hpp"

namespace fuzz {

// Scenario text: load and validate; whatever validates is played through the
// engine (autoplay.hpp) and its journal replayed to the same state.
inline std::string check_scenario_text(const std::string& text, std::size_t variant = 0) {
    sim::LoadResult r = sim::load_scenario_text(text, "fuzz.yaml");
    for (const auto& d : r.diags.items) (void)sim::format_diagnostic(d);
    if (!r.scenario) return r.diags.has_errors() ? "" : "no scenario and no error saying why";
    if (r.diags.has_errors()) return "";
    sim::validate_scenario(*r.scenario, sim::attack::builtin_catalog(), r.diags);
    for (const auto& d : r.diags.items) (void)sim::format_diagnostic(d);
    if (r.diags.has_errors()) return "";
    auto sc = std::make_shared<const sim::Scenario>(std::move(*r.scenario));
    return autoplay(sc, variant, variant % 3 == 0 ? sim::Mode::purple : sim::Mode::blue);
}

// STIX documents: import; what `ttx attack import` would store must load again
// (the workspace selects it at every start) with the same techniques.
inline std::string check_stix(const std::vector<sim::attack::StixDocument>& docs, const std::string& version = {}) {
    std::string error;
    auto imported = sim::attack::import_stix_documents(docs, error, version);
    if (!imported) return error.empty() ? "the import failed without saying why" : "";
    (void)sim::attack::describe(imported->summary);
    const std::string stored = sim::attack::catalog_to_json(imported->catalog);
    std::string reload_error;
    auto back = sim::attack::catalog_from_json(stored, "catalog.json", reload_error);
    if (!back) return "the imported catalog does not load again: " + reload_error;
    if (back->techniques().size() != imported->catalog.techniques().size())
        return "the imported catalog loads again with a different number of techniques";
    return "";
}

// A fuzz input for the STIX target: split at the first NUL into two documents;
// even-sized inputs name the release ("19.1"), odd-sized ones let the data say.
inline std::string check_stix_input(const std::string& text) {
    std::vector<sim::attack::StixDocument> docs;
    if (auto nul = text.find('\0'); nul != std::string::npos)
        docs = {{"a.json", text.substr(0, nul)}, {"b.json", text.substr(nul + 1)}};
    else
        docs = {{"bundle.json", text}};
    return check_stix(docs, text.size() % 2 ? "" : "19.1");
}

// A journal database file: open it, list, resume, score and report every
// session, both as `ttx resume` does (replay) and as `ttx report` does
// (load_session: score the stored journal). Refusing the file or a session
// with sim::StoreError or a sentence is proper; any other exception is not.
// Every report format is rendered once, on the report path (the one the CLI
// and the console's export take); the replayed journal is rendered as
// Markdown only, with the metadata read from its events, which is what that
// path adds (every format renders the same report document, so one format
// shows that metadata). Rendering HTML and JSON twice cost the journal fuzzer
// a large share of its speed.
inline std::string check_store_file(const std::string& path) {
    try {
        sim::Store store = sim::Store::open(path, 50);
        for (const auto& info : store.list_sessions()) {
            (void)store.cmd_indexes(info.id);
            (void)store.last_cmd_index(info.id);
            try {
                sim::Session s = sim::Session::resume(store, info.id);
                sim::scoring::Scorecard card = sim::scoring::score(s.scenario(), s.journal());
                sim::report::SessionMeta meta = sim::report::meta_from_journal(s.id(), s.journal());
                sim::report::ReportInput in{s.scenario(), s.journal(), meta, card};
                (void)sim::report::render_markdown(in);
            } catch (const sim::StoreError&) {
                // This session refused with a sentence; the others must still work.
            }
            // `ttx report` and `ttx history` read the journal without replaying it.
            try {
                std::string error;
                if (auto loaded = sim::report::load_session(store, info.id, error)) {
                    sim::report::ReportInput in{loaded->scenario, loaded->journal, loaded->meta, loaded->card};
                    for (auto f : {sim::report::Format::html, sim::report::Format::md, sim::report::Format::json,
                                   sim::report::Format::navigator, sim::report::Format::msel, sim::report::Format::csv})
                        (void)sim::report::render(f, in);
                    (void)sim::report::summarize(*loaded);
                } else if (error.empty()) {
                    return "load_session failed without saying why";
                }
            } catch (const sim::StoreError&) {
            }
        }
    } catch (const sim::StoreError&) {
        return "";
    } catch (const std::exception& e) {
        return std::string("an exception other than StoreError escaped: ") + e.what();
    }
    return "";
}

} // namespace fuzz
