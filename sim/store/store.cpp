// sim/store/store.cpp — SQLite journal: opening safely, migrations, one transaction per command.
#include "sim/store/store.hpp"
#include "sim/store/sqlite.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

namespace sim {

namespace {

using sqlite::exec;
using sqlite::fail;
using sqlite::Stmt;
using sqlite::Transaction;

// ---- schema -------------------------------------------------------------------
// Append-only: never edit a released migration; add the next version below.
struct Migration {
    int version;
    const char* sql;
};

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> list = {
        {1, R"sql(
CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    scenario_id     TEXT NOT NULL,
    scenario_title  TEXT NOT NULL,
    scenario_text   TEXT NOT NULL,
    scenario_sha256 TEXT NOT NULL,
    seed            INTEGER NOT NULL,          -- uint64, stored bit for bit as int64
    mode            TEXT NOT NULL CHECK (mode IN ('blue', 'red', 'purple')),
    practice        INTEGER NOT NULL DEFAULT 0,
    participants    TEXT NOT NULL DEFAULT '[]', -- JSON [{name, team, role}]
    started_wall    INTEGER NOT NULL,           -- UTC ms
    ended_wall      INTEGER,
    status          TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ended', 'closed')),
    script_name     TEXT NOT NULL DEFAULT '',
    script_text     TEXT NOT NULL DEFAULT ''
);
CREATE TABLE events (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    seq        INTEGER NOT NULL,
    t          INTEGER NOT NULL,
    wall_ms    INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    data       TEXT NOT NULL,                   -- canonical JSON (sorted keys)
    cmd_index  INTEGER,                         -- decision-script step, NULL otherwise
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE INDEX events_by_kind ON events(session_id, kind);
)sql"},
    };
    return list;
}


int user_version(sqlite3* db, const std::string& path) {
    Stmt s(db, path, "PRAGMA user_version");
    return s.step("reading the schema version") ? static_cast<int>(s.int64(0)) : 0;
}

std::set<std::string> table_names(sqlite3* db, const std::string& path) {
    std::set<std::string> names;
    Stmt s(db, path, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')");
    while (s.step("reading the list of tables")) names.insert(s.text(0));
    return names;
}

// Creates missing parent folders with mode 0700 (journals hold exercise notes).
void make_parent_dirs(const std::filesystem::path& file) {
    namespace fs = std::filesystem;
    fs::path parent = file.parent_path();
    if (parent.empty()) return;
    std::vector<fs::path> missing;
    for (fs::path p = parent; !p.empty() && !fs::exists(p); p = p.parent_path()) {
        missing.push_back(p);
        if (p == p.parent_path()) break;
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
        std::error_code ec;
        fs::create_directory(*it, ec);
        if (ec) throw StoreError(fmt::format("cannot create folder {}: {}", it->string(), ec.message()));
        ::chmod(it->c_str(), 0700);
    }
}

void migrate(sqlite3* db, const std::string& path) {
    Transaction tx(db, path, "upgrading the schema");
    int version = user_version(db, path);          // again, under the write lock
    for (const auto& m : migrations()) {
        if (m.version <= version) continue;
        exec(db, path, m.sql, "upgrading the schema");
        exec(db, path, fmt::format("PRAGMA user_version = {}", m.version).c_str(), "upgrading the schema");
    }
    tx.commit();
}

SessionInfo read_session_row(const Stmt& s) {
    SessionInfo info;
    info.id = s.text(0);
    info.scenario_id = s.text(1);
    info.scenario_title = s.text(2);
    info.scenario_sha256 = s.text(3);
    info.scenario_text = s.text(4);
    info.seed = static_cast<std::uint64_t>(s.int64(5));
    info.mode = parse_mode(s.text(6)).value_or(Mode::blue);
    info.practice = s.int64(7) != 0;
    auto people = nlohmann::json::parse(s.text(8), nullptr, false);
    if (people.is_array())
        for (const auto& p : people)
            if (p.is_object())
                info.participants.push_back({p.value("name", ""), p.value("team", ""), p.value("role", "")});
    info.started_wall = s.int64(9);
    if (!s.is_null(10)) info.ended_wall = s.int64(10);
    info.status = s.text(11);
    info.script_name = s.text(12);
    info.script_text = s.text(13);
    info.event_count = s.int64(14);
    return info;
}

constexpr const char* kSessionColumns =
    "SELECT s.id, s.scenario_id, s.scenario_title, s.scenario_sha256, s.scenario_text, s.seed, s.mode, "
    "s.practice, s.participants, s.started_wall, s.ended_wall, s.status, s.script_name, s.script_text, "
    "(SELECT COUNT(*) FROM events e WHERE e.session_id = s.id) FROM sessions s ";

void insert_events(sqlite3* db, const std::string& path, const std::string& session_id, const Journal& events,
                   std::optional<std::int64_t> cmd_index) {
    Stmt ins(db, path,
             "INSERT INTO events (session_id, seq, t, wall_ms, kind, data, cmd_index) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const auto& e : events) {
        ins.bind(1, session_id).bind(2, e.seq).bind(3, static_cast<std::int64_t>(e.t)).bind(4, e.wall_ms);
        ins.bind(5, std::string(e.kind())).bind(6, encode_data(e.data)).bind(7, cmd_index);
        ins.step("writing events");
        ins.reset();
    }
    // The session's status follows its lifecycle events.
    for (const auto& e : events) {
        const char* sql = nullptr;
        if (e.is<ev::ExerciseEnded>())
            sql = "UPDATE sessions SET status = 'ended', ended_wall = ? WHERE id = ? AND status = 'running'";
        else if (e.is<ev::SessionClosed>())
            sql = "UPDATE sessions SET status = 'closed', ended_wall = COALESCE(ended_wall, ?) WHERE id = ?";
        if (!sql) continue;
        Stmt up(db, path, sql);
        up.bind(1, e.wall_ms).bind(2, session_id);
        up.step("updating the session status");
    }
}

} // namespace

int Store::schema_version() { return migrations().back().version; }

Store Store::open(const std::string& path, int busy_timeout_ms) {
    namespace fs = std::filesystem;
    if (path.empty()) throw StoreError("no journal database path given");
    make_parent_dirs(fs::path(path));
    // Create the file ourselves so it is private from the first byte; never truncate.
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) throw StoreError(fmt::format("cannot open the journal database {}: {}", path, std::strerror(errno)));
    struct stat st {};
    bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    ::close(fd);
    if (!regular) throw StoreError(fmt::format("{} is not a regular file", path));

    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr);
    Store store(raw, path);                       // closes on every exit path
    if (rc != SQLITE_OK) fail(raw, rc, path, "opening it");
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, busy_timeout_ms);

    // Identify the file before changing anything in it.
    int version = user_version(raw, path);
    auto tables = table_names(raw, path);
    int known = schema_version();
    if (version > known)
        throw StoreError(fmt::format("the journal database {} has schema version {}, newer than this ttx understands "
                                     "(up to {}); use a newer ttx or pass --db with another path", path, version, known));
    if (version == 0 && !tables.empty())
        throw StoreError(fmt::format("{} is an SQLite database but not a ttx journal (it has tables: {}); it was left "
                                     "untouched — pass --db with another path", path, fmt::join(tables, ", ")));
    if (version > 0 && (!tables.count("sessions") || !tables.count("events")))
        throw StoreError(fmt::format("{} is not a ttx journal (schema version {} but no sessions/events tables); it "
                                     "was left untouched — pass --db with another path", path, version));

    {
        Stmt wal(raw, path, "PRAGMA journal_mode = WAL");
        if (!wal.step("switching to write-ahead logging") || wal.text(0) != "wal")
            throw StoreError(fmt::format("the journal database {} cannot use write-ahead logging", path));
    }
    exec(raw, path, "PRAGMA synchronous = FULL", "setting durability");
    exec(raw, path, "PRAGMA foreign_keys = ON", "enabling foreign keys");
    if (version < known) migrate(raw, path);
    return store;
}

Store::Store(Store&& o) noexcept : db_(std::exchange(o.db_, nullptr)), path_(std::move(o.path_)) {}

Store& Store::operator=(Store&& o) noexcept {
    if (this != &o) {
        if (db_) sqlite3_close_v2(db_);
        db_ = std::exchange(o.db_, nullptr);
        path_ = std::move(o.path_);
    }
    return *this;
}

Store::~Store() {
    if (db_) sqlite3_close_v2(db_);
}

void Store::create_session(const SessionInfo& info, const Journal& first_events, std::optional<std::int64_t> cmd_index) {
    Transaction tx(db_, path_, "creating a session");
    if (session(info.id)) throw StoreError(fmt::format("a session with id {} already exists in {}", info.id, path_));
    nlohmann::json people = nlohmann::json::array();
    for (const auto& p : info.participants) people.push_back({{"name", p.name}, {"team", p.team}, {"role", p.role}});
    Stmt ins(db_, path_,
             "INSERT INTO sessions (id, scenario_id, scenario_title, scenario_text, scenario_sha256, seed, mode, "
             "practice, participants, started_wall, ended_wall, status, script_name, script_text) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'running', ?, ?)");
    ins.bind(1, info.id).bind(2, info.scenario_id).bind(3, info.scenario_title).bind(4, info.scenario_text);
    ins.bind(5, info.scenario_sha256).bind(6, static_cast<std::int64_t>(info.seed)).bind(7, std::string(to_string(info.mode)));
    ins.bind(8, std::int64_t{info.practice ? 1 : 0}).bind(9, people.dump()).bind(10, info.started_wall);
    ins.bind(11, info.script_name).bind(12, info.script_text);
    ins.step("creating a session");
    insert_events(db_, path_, info.id, first_events, cmd_index);
    tx.commit();
}

void Store::append(const std::string& session_id, const Journal& events, std::optional<std::int64_t> cmd_index) {
    if (events.empty()) return;
    Transaction tx(db_, path_, "recording events");
    insert_events(db_, path_, session_id, events, cmd_index);
    tx.commit();
}

std::vector<SessionInfo> Store::list_sessions() const {
    std::vector<SessionInfo> out;
    Stmt s(db_, path_, (std::string(kSessionColumns) + "ORDER BY s.started_wall DESC, s.id").c_str());
    while (s.step("listing sessions")) out.push_back(read_session_row(s));
    return out;
}

std::optional<SessionInfo> Store::session(const std::string& id) const {
    Stmt s(db_, path_, (std::string(kSessionColumns) + "WHERE s.id = ?").c_str());
    s.bind(1, id);
    if (!s.step("reading a session")) return std::nullopt;
    return read_session_row(s);
}

Journal Store::events(const std::string& session_id, std::size_t expected) const {
    Journal out;
    out.reserve(expected);
    Stmt s(db_, path_, "SELECT seq, t, wall_ms, kind, data FROM events WHERE session_id = ? ORDER BY seq");
    s.bind(1, session_id);
    // Decoded here, once: everything above the store reads typed events.
    while (s.step("reading events"))
        out.push_back(decode_event(s.int64(0), s.int64(1), s.int64(2), s.view(3), s.view(4)));
    return out;
}

std::optional<std::int64_t> Store::last_cmd_index(const std::string& session_id) const {
    Stmt s(db_, path_, "SELECT MAX(cmd_index) FROM events WHERE session_id = ?");
    s.bind(1, session_id);
    if (!s.step("reading script progress") || s.is_null(0)) return std::nullopt;
    return s.int64(0);
}

std::vector<std::optional<std::int64_t>> Store::cmd_indexes(const std::string& session_id) const {
    std::vector<std::optional<std::int64_t>> out;
    Stmt s(db_, path_, "SELECT cmd_index FROM events WHERE session_id = ? ORDER BY seq");
    s.bind(1, session_id);
    while (s.step("reading script progress"))
        out.push_back(s.is_null(0) ? std::nullopt : std::optional<std::int64_t>(s.int64(0)));
    return out;
}

} // namespace sim
