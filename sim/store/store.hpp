// sim/store/store.hpp — the durable journal: sessions and their events in SQLite.
//
// Promises:
//  - append() writes a command's events in ONE transaction, committed (WAL,
//    synchronous=FULL) before it returns: an event the caller was told about
//    survives a crash or power loss.
//  - A file that is not ours is never modified: not SQLite, corrupt, SQLite
//    with foreign tables, or a newer schema → StoreError with a sentence, file
//    untouched. A new file is created with mode 0600, new folders 0700.
//  - Busy (another writer), disk full and I/O errors become StoreError; the
//    failed transaction is rolled back.
//  - The schema is versioned with PRAGMA user_version; migrations (store.cpp,
//    kMigrations) run in order inside a transaction. The improvement plan's
//    table is not part of this schema: sim/report/actions_store creates it
//    (CREATE TABLE IF NOT EXISTS) in the same file when first used.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/engine/commands.hpp"
#include "sim/engine/event.hpp"
#include "sim/scenario/scenario.hpp"

struct sqlite3;

namespace sim {

struct StoreError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct SessionInfo {
    std::string id;                     // "s-" + 12 hex digits, chosen by the caller
    std::string scenario_id;
    std::string scenario_title;
    std::string scenario_sha256;
    std::string scenario_text;          // the exact text that ran
    std::uint64_t seed = 0;
    Mode mode = Mode::blue;
    bool practice = false;
    std::vector<Participant> participants;
    std::int64_t started_wall = 0;      // UTC ms
    std::optional<std::int64_t> ended_wall;
    std::string status = "running";     // running | ended | closed
    std::string script_name;            // decision script it was run from ("" if none)
    std::string script_text;            // its exact text ("" if none)
    std::int64_t event_count = 0;       // filled by list_sessions()/session()
};

class Store {
public:
    // The schema version this build writes: the last migration's (store.cpp).
    [[nodiscard]] static int schema_version();

    // Opens (creating if needed) the journal database at `path`.
    [[nodiscard]] static Store open(const std::string& path, int busy_timeout_ms = 5000);

    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    ~Store();

    // Creates the session row and its first events in one transaction.
    void create_session(const SessionInfo& info, const Journal& first_events,
                        std::optional<std::int64_t> cmd_index = std::nullopt);
    // Appends one command's events in one transaction. exercise.ended and
    // session.closed among them also update the session's status/ended_wall.
    void append(const std::string& session_id, const Journal& events,
                std::optional<std::int64_t> cmd_index);

    [[nodiscard]] std::vector<SessionInfo> list_sessions() const;   // newest first
    [[nodiscard]] std::optional<SessionInfo> session(const std::string& id) const;
    // Decoded to typed events; throws JournalError (naming seq and field) for a
    // stored event that does not decode. `expected` (e.g. SessionInfo::event_count)
    // reserves the journal up front: a 1M-event journal is then never moved.
    [[nodiscard]] Journal events(const std::string& session_id, std::size_t expected = 0) const;
    // Highest decision-script step recorded for the session (nullopt: none).
    [[nodiscard]] std::optional<std::int64_t> last_cmd_index(const std::string& session_id) const;
    // cmd_index of each event, by seq (index 0 = seq 1).
    [[nodiscard]] std::vector<std::optional<std::int64_t>> cmd_indexes(const std::string& session_id) const;

    [[nodiscard]] const std::string& path() const { return path_; }
    // The raw connection, for modules that keep their own tables here
    // (scoring's improvement-plan actions). Owned by the Store.
    [[nodiscard]] sqlite3* db() const { return db_; }

private:
    Store(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
    sqlite3* db_ = nullptr;
    std::string path_;
};

} // namespace sim
