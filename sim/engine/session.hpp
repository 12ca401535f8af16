// sim/engine/session.hpp — an Exercise bound to its durable journal.
//
// execute() = plan → append to the store (committed) → apply → return events.
// Only what is committed is ever applied or acknowledged, so nothing a caller
// was told about can be lost, and a crash at any point leaves a journal that
// resume() folds back into exactly the last acknowledged state.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "sim/engine/exercise.hpp"
#include "sim/store/store.hpp"

namespace sim {

// Where the session came from, stored with it (resume continues the script).
struct SessionOrigin {
    std::string script_name;
    std::string script_text;
};

class Session {
public:
    // Creates the session in `store` (row + session.started in one transaction).
    // Throws StoreError; returns the refusal if `start` is invalid.
    [[nodiscard]] static std::variant<Session, std::string> create(
        Store& store, std::string id, std::shared_ptr<const Scenario> scenario, const cmd::Start& start,
        std::int64_t wall_ms, const SessionOrigin& origin = {});

    // Replays a stored session into a fresh engine. The scenario is parsed from
    // the stored text (not the file on disk). Throws StoreError if the session
    // is unknown or its journal cannot be replayed.
    [[nodiscard]] static Session resume(Store& store, const std::string& id);

    // Plans `c`; if accepted, commits its events (tagged with cmd_index) and
    // only then applies them. Rejections change nothing; StoreError propagates
    // (the engine is then unchanged too).
    CommandResult execute(const Command& c, std::int64_t wall_ms,
                          std::optional<std::int64_t> cmd_index = std::nullopt);

    [[nodiscard]] const std::string& id() const { return id_; }
    [[nodiscard]] const Exercise& exercise() const { return exercise_; }
    [[nodiscard]] const ExerciseState& state() const { return exercise_.state(); }
    [[nodiscard]] const Scenario& scenario() const { return exercise_.scenario(); }
    [[nodiscard]] const Journal& journal() const { return journal_; }
    [[nodiscard]] std::string journal_hash() const { return journal_sha256(journal_); }

private:
    Session(Store& store, std::string id, Exercise ex) : store_(&store), id_(std::move(id)), exercise_(std::move(ex)) {}
    Store* store_;
    std::string id_;
    Exercise exercise_;
    Journal journal_;
};

} // namespace sim
