// sim/report/actions_store.cpp — see actions_store.hpp.
#include "sim/report/actions_store.hpp"

#include <algorithm>
#include <set>

#include <sqlite3.h>

#include "sim/store/sqlite.hpp"

namespace sim::report {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS improvement_actions (
    session_id  TEXT NOT NULL REFERENCES sessions(id),
    number      INTEGER NOT NULL,
    key         TEXT NOT NULL,                   -- exp:<expectation> | note:<seq>
    source      TEXT NOT NULL,                   -- expectation | note
    text        TEXT NOT NULL,
    capability  TEXT NOT NULL DEFAULT '',
    team        TEXT NOT NULL DEFAULT '',
    expectation TEXT NOT NULL DEFAULT '',
    inject      TEXT NOT NULL DEFAULT '',
    source_seq  INTEGER NOT NULL DEFAULT 0,
    owner       TEXT NOT NULL DEFAULT '',        -- point of contact
    due         TEXT NOT NULL DEFAULT '',        -- completion date, YYYY-MM-DD or ''
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in-progress', 'done')),
    PRIMARY KEY (session_id, number),
    UNIQUE (session_id, key)
);
)sql";

// The HSEEP improvement-plan columns, added to stores made before them (ALTER
// TABLE keeps their rows; an old row reads as empty fields, untouched unless
// it has an owner, a due date or a status).
constexpr std::pair<const char*, const char*> kAddedColumns[] = {
    {"area", "TEXT NOT NULL DEFAULT ''"},          // area for improvement
    {"organisation", "TEXT NOT NULL DEFAULT ''"},  // primary responsible organisation
    {"start", "TEXT NOT NULL DEFAULT ''"},         // start date, YYYY-MM-DD or ''
    {"edited", "INTEGER NOT NULL DEFAULT 0"},      // 1 once someone changed it: sync never removes it
};

using sqlite::exec;
using sqlite::Stmt;
using sqlite::Transaction;

constexpr const char* kColumns =
    "SELECT a.session_id, a.number, a.key, a.source, a.text, a.capability, a.team, a.expectation, a.inject, "
    "a.source_seq, a.owner, a.due, a.status, s.started_wall, s.scenario_id, a.area, a.organisation, a.start, a.edited "
    "FROM improvement_actions a JOIN sessions s ON s.id = a.session_id ";

ImprovementAction read_row(const Stmt& q) {
    ImprovementAction a;
    a.session = q.text(0);
    a.number = q.int64(1);
    a.key = q.text(2);
    a.source = q.text(3);
    a.text = q.text(4);
    a.capability = q.text(5);
    a.team = q.text(6);
    a.expectation = q.text(7);
    a.inject = q.text(8);
    a.source_seq = q.int64(9);
    a.owner = q.text(10);
    a.due = q.text(11);
    a.status = parse_action_status(q.text(12)).value_or(ActionStatus::open);
    a.session_started = q.int64(13);
    a.scenario_id = q.text(14);
    a.area = q.text(15);
    a.organisation = q.text(16);
    a.start = q.text(17);
    return a;
}

bool edited(const Stmt& q) { return q.int64(18) != 0; }

} // namespace

ActionStore::ActionStore(Store& store) : store_(&store) {
    exec(store.db(), store.path(), kSchema, "creating the improvement actions table");
    std::set<std::string> have;
    {
        Stmt q(store.db(), store.path(), "SELECT name FROM pragma_table_info('improvement_actions')");
        while (q.step("reading the improvement actions table")) have.insert(q.text(0));
    }
    for (const auto& [name, type] : kAddedColumns)
        if (!have.count(name))
            exec(store.db(), store.path(),
                 (std::string("ALTER TABLE improvement_actions ADD COLUMN ") + name + " " + type).c_str(),
                 "adding the improvement plan's HSEEP columns");
}

std::vector<ImprovementAction> ActionStore::list(const std::string& session) const {
    std::vector<ImprovementAction> out;
    Stmt q(store_->db(), store_->path(), (std::string(kColumns) + "WHERE a.session_id = ? ORDER BY a.number").c_str());
    q.bind(1, session);
    while (q.step("listing actions")) out.push_back(read_row(q));
    return out;
}

std::vector<ImprovementAction> ActionStore::all() const {
    std::vector<ImprovementAction> out;
    Stmt q(store_->db(), store_->path(), (std::string(kColumns) + "ORDER BY s.started_wall, a.session_id, a.number").c_str());
    while (q.step("listing actions")) out.push_back(read_row(q));
    return out;
}

std::vector<ImprovementAction> ActionStore::sync(const std::string& session,
                                                 const std::vector<ImprovementAction>& derived) {
    sqlite3* db = store_->db();
    {
        Transaction tx(db, store_->path(), "updating the improvement actions");
        std::vector<std::pair<ImprovementAction, bool>> stored;   // with its edited flag
        {
            Stmt q(db, store_->path(), (std::string(kColumns) + "WHERE a.session_id = ? ORDER BY a.number").c_str());
            q.bind(1, session);
            while (q.step("listing actions")) stored.emplace_back(read_row(q), edited(q));
        }
        std::set<std::string> have, wanted;
        std::int64_t next = 1;
        for (const auto& [a, ed] : stored) {
            have.insert(a.key);
            next = std::max(next, a.number + 1);
        }
        for (const auto& a : derived) wanted.insert(a.key);
        for (const auto& [a, ed] : stored) {
            bool untouched = !ed && a.owner.empty() && a.due.empty() && a.status == ActionStatus::open;
            if (wanted.count(a.key) || !untouched) continue;
            Stmt del(db, store_->path(), "DELETE FROM improvement_actions WHERE session_id = ? AND number = ?");
            del.bind(1, session).bind(2, a.number);
            del.step("removing an action that no longer applies");
        }
        Stmt ins(db, store_->path(),
                  "INSERT INTO improvement_actions (session_id, number, key, source, text, capability, team, "
                  "expectation, inject, source_seq, area) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (const auto& a : derived) {
            if (have.count(a.key)) continue;
            ins.bind(1, session).bind(2, next++).bind(3, a.key).bind(4, a.source).bind(5, a.text);
            ins.bind(6, a.capability).bind(7, a.team).bind(8, a.expectation).bind(9, a.inject).bind(10, a.source_seq);
            ins.bind(11, a.area);
            ins.step("storing an action");
            ins.reset();
            have.insert(a.key);
        }
        tx.commit();
    }
    return list(session);
}

bool ActionStore::update(const std::string& session, std::int64_t number, const ActionEdit& edit) {
    sqlite3* db = store_->db();
    Transaction tx(db, store_->path(), "updating the improvement actions");
    {
        Stmt q(db, store_->path(), "SELECT 1 FROM improvement_actions WHERE session_id = ? AND number = ?");
        q.bind(1, session).bind(2, number);
        if (!q.step("finding the action")) return false;
    }
    // Column names come from this list only, never from input.
    const std::pair<const char*, const std::optional<std::string>*> fields[] = {
        {"area", &edit.area},   {"text", &edit.action},        {"capability", &edit.capability},
        {"organisation", &edit.organisation}, {"owner", &edit.contact}, {"start", &edit.start},
        {"due", &edit.completion}};
    auto set = [&](const char* column, const std::string& value) {
        Stmt q(db, store_->path(),
               (std::string("UPDATE improvement_actions SET ") + column + " = ?, edited = 1 WHERE session_id = ? AND number = ?")
                   .c_str());
        q.bind(1, value).bind(2, session).bind(3, number);
        q.step("updating the action");
    };
    for (const auto& [column, value] : fields)
        if (*value) set(column, **value);
    if (edit.status) set("status", to_string(*edit.status));
    tx.commit();
    return true;
}

bool ActionStore::update(const std::string& session, std::int64_t number, const std::optional<std::string>& owner,
                         const std::optional<std::string>& due, const std::optional<ActionStatus>& status) {
    ActionEdit e;
    e.contact = owner;
    e.completion = due;
    e.status = status;
    return update(session, number, e);
}

std::string check_edit(const ActionEdit& e, const ImprovementAction& current) {
    auto text = [](const char* what, const std::optional<std::string>& v, size_t max, bool required) -> std::string {
        if (!v) return {};
        if (required && v->empty()) return std::string(what) + " cannot be empty";
        if (v->size() > max) return std::string(what) + " is longer than " + std::to_string(max) + " characters";
        for (char c : *v)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
                return std::string(what) + " must be one line of plain text (no control characters)";
        return {};
    };
    auto date = [](const char* what, const std::optional<std::string>& v) -> std::string {
        if (!v || v->empty() || valid_date(*v)) return {};
        return std::string(what) + " '" + *v + "' is not a calendar date like 2025-06-30 (YYYY-MM-DD); '' clears it";
    };
    for (std::string why : {text("area for improvement", e.area, 500, true), text("corrective action", e.action, 500, true),
                            text("capability", e.capability, 200, false),
                            text("responsible organisation", e.organisation, 200, false),
                            text("point of contact", e.contact, 200, false), date("start date", e.start),
                            date("completion date", e.completion)})
        if (!why.empty()) return why;
    const std::string start = e.start.value_or(current.start), end = e.completion.value_or(current.due);
    if (!start.empty() && !end.empty() && start > end)   // ISO dates compare as text
        return "start date " + start + " is after the completion date " + end +
               "; give a start on or before the completion date";
    return {};
}

std::vector<ImprovementAction> earlier_actions(const std::vector<ImprovementAction>& all, const std::string& session,
                                               std::int64_t started_wall, const std::vector<std::string>& team_ids,
                                               const std::string& scenario_id) {
    std::vector<ImprovementAction> out;
    for (const auto& a : all) {
        if (a.session == session || a.session_started >= started_wall) continue;
        bool same_team = !a.team.empty() && std::find(team_ids.begin(), team_ids.end(), a.team) != team_ids.end();
        bool same_scenario = a.team.empty() && a.scenario_id == scenario_id;
        if (same_team || same_scenario) out.push_back(a);
    }
    std::stable_sort(out.begin(), out.end(), [](const ImprovementAction& x, const ImprovementAction& y) {
        return x.session_started < y.session_started;
    });
    return out;
}

} // namespace sim::report
