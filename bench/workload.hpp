// bench/workload.hpp — generated inputs for the benchmarks and the soak test.
//
// Everything here is deterministic: the same sizes give byte-identical
// scenarios and journals, so two runs of `ttx bench` measure the same work.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "sim/engine/event.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/store/store.hpp"

namespace bench {

// A valid ttx/1 scenario of `injects` injects (at most sim::limits::kMaxInjects)
// over five ATT&CK stages: every inject has artifacts, a technique and an
// expectation, every fourth a three-option decision, every tenth is benign.
// About 1.2 KB of YAML per inject, like the bundled scenarios.
[[nodiscard]] std::string generate_scenario_yaml(int injects);

// Loads and validates generated text; throws std::runtime_error with the
// first diagnostic if it does not validate (a bug in the generator).
[[nodiscard]] std::shared_ptr<const sim::Scenario> load_generated(const std::string& yaml);

// A journal of exactly `events` events that Exercise::apply accepts: the
// scenario played through the engine (every inject delivered, acknowledged,
// rated, every decision taken), then a repeating block of what a long exercise
// accumulates — a note, a rating, a status change, a pause, a resume and a
// minute on the clock — built with the payloads Exercise::plan produces.
// Needs the play-through to fit: `events` must exceed it (about 5 per inject).
[[nodiscard]] sim::Journal generate_journal(const std::shared_ptr<const sim::Scenario>& sc, std::size_t events);

// Stores `journal` as session `id` (its session.started first, then the rest in
// transactions of 10,000 events).
void write_session(sim::Store& store, const std::string& id, const sim::Scenario& sc, const sim::Journal& journal);

// A fresh folder under `parent` (the system temp folder if empty), removed
// with everything in it when the object goes away.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& parent);
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

} // namespace bench
