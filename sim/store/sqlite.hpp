// sim/store/sqlite.hpp — the SQLite pieces every table owner shares: errors
// worded for a facilitator (StoreError), prepared statements that finalize
// themselves, and BEGIN IMMEDIATE … COMMIT transactions rolled back unless
// committed. The journal (store.cpp) and the improvement actions
// (report/actions_store.cpp) both use them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include <fmt/format.h>

#include "sim/store/store.hpp"

namespace sim::sqlite {

// ---- errors -------------------------------------------------------------------

[[noreturn]] inline void fail(sqlite3* db, int rc, const std::string& path, const std::string& doing) {
    int primary = rc & 0xff;
    std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        throw StoreError(fmt::format("the journal database {} is locked by another process while {}; try again "
                                     "when it has finished", path, doing));
    case SQLITE_FULL:
        throw StoreError(fmt::format("the disk is full (or the journal database {} reached its size limit) while {}; "
                                     "nothing was written", path, doing));
    case SQLITE_NOTADB:
        throw StoreError(fmt::format("{} is not a ttx journal (not an SQLite database); it was left untouched — "
                                     "pass --db with another path", path));
    case SQLITE_CORRUPT:
        throw StoreError(fmt::format("the journal database {} is corrupt ({}); it was left untouched — restore it "
                                     "from a backup or pass --db with another path", path, detail));
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
        throw StoreError(fmt::format("cannot write the journal database {} while {}: {}", path, doing, detail));
    case SQLITE_IOERR:
        throw StoreError(fmt::format("I/O error on the journal database {} while {}: {}", path, doing, detail));
    default:
        throw StoreError(fmt::format("journal database {}: {} while {}", path, detail, doing));
    }
}

// A prepared statement that finalizes itself.
class Stmt {
public:
    Stmt(sqlite3* db, const std::string& path, const char* sql) : db_(db), path_(path) {
        int rc = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr);
        if (rc != SQLITE_OK) fail(db, rc, path, "preparing a query");
    }
    ~Stmt() { sqlite3_finalize(s_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    Stmt& bind(int i, const std::string& v) {
        check(sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
        return *this;
    }
    Stmt& bind(int i, std::int64_t v) {
        check(sqlite3_bind_int64(s_, i, v));
        return *this;
    }
    Stmt& bind(int i, std::optional<std::int64_t> v) {
        check(v ? sqlite3_bind_int64(s_, i, *v) : sqlite3_bind_null(s_, i));
        return *this;
    }
    // true while there is a row; throws on error.
    bool step(const char* doing) {
        int rc = sqlite3_step(s_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        fail(db_, rc, path_, doing);
    }
    void reset() {
        sqlite3_reset(s_);
        sqlite3_clear_bindings(s_);
    }
    std::string text(int col) const {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))) : std::string{};
    }
    // Valid until the next step(); no copy.
    std::string_view view(int col) const {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
        return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))) : std::string_view{};
    }
    std::int64_t int64(int col) const { return sqlite3_column_int64(s_, col); }
    bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

private:
    void check(int rc) {
        if (rc != SQLITE_OK) fail(db_, rc, path_, "binding a value");
    }
    sqlite3* db_;
    const std::string& path_;
    sqlite3_stmt* s_ = nullptr;
};

inline void exec(sqlite3* db, const std::string& path, const char* sql, const char* doing) {
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(db, rc, path, doing);
}

// BEGIN IMMEDIATE … COMMIT; rolled back unless committed.
class Transaction {
public:
    Transaction(sqlite3* db, const std::string& path, const char* doing) : db_(db), path_(path), doing_(doing) {
        exec(db, path, "BEGIN IMMEDIATE", doing);
    }
    void commit() {
        exec(db_, path_, "COMMIT", doing_);
        done_ = true;
    }
    ~Transaction() {
        if (!done_ && !sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

private:
    sqlite3* db_;
    const std::string& path_;
    const char* doing_;
    bool done_ = false;
};

} // namespace sim::sqlite
