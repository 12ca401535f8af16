// sim/report/actions_store.hpp — the improvement plan's actions, kept in the
// journal database beside the sessions they came from.
//
// Promises:
//  - Its own table (`improvement_actions`, created with CREATE TABLE IF NOT
//    EXISTS on the Store's connection), so the store's migrations stay the
//    store's; rows reference sessions(id).
//  - sync() is idempotent: derived actions are inserted once (keyed by their
//    source), numbered 1, 2, … per session in order of first appearance; an
//    owner, due date or status set later is never overwritten. A derived
//    action that no longer applies (its rating was retracted or changed) is
//    removed only if nobody touched it (no owner, no due date, still open).
//  - Every write is one transaction; SQLite errors become sim::StoreError.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/report/report.hpp"
#include "sim/store/store.hpp"

namespace sim::report {

// What an edit of one action changes: the fields of HSEEP's improvement-plan
// table; nullopt leaves a field as it is, "" clears it.
struct ActionEdit {
    std::optional<std::string> area;            // area for improvement
    std::optional<std::string> action;          // corrective action (the text)
    std::optional<std::string> capability;
    std::optional<std::string> organisation;    // primary responsible organisation
    std::optional<std::string> contact;         // point of contact (stored as owner)
    std::optional<std::string> start;           // YYYY-MM-DD
    std::optional<std::string> completion;      // YYYY-MM-DD (stored as due)
    std::optional<ActionStatus> status;
    [[nodiscard]] bool empty() const {
        return !area && !action && !capability && !organisation && !contact && !start && !completion && !status;
    }
};

// Why `edit` cannot be applied to `current`, naming the field, the value and
// what would be right ("" when it can): text fields are plain single-line text
// of at most 200 characters (500 for area and action; neither may be emptied);
// dates are real calendar dates YYYY-MM-DD; the start is not after the
// completion date (as they will be after the edit).
[[nodiscard]] std::string check_edit(const ActionEdit& edit, const ImprovementAction& current);

class ActionStore {
public:
    explicit ActionStore(Store& store);   // creates the table if it is missing

    // Brings the stored plan of `session` in line with `derived`; returns it.
    std::vector<ImprovementAction> sync(const std::string& session, const std::vector<ImprovementAction>& derived);

    // The stored plan of one session, by number.
    [[nodiscard]] std::vector<ImprovementAction> list(const std::string& session) const;
    // Every stored action of every session (with its session's start and scenario).
    [[nodiscard]] std::vector<ImprovementAction> all() const;

    // Changes what is given (and marks the action edited, so sync keeps it);
    // false if the session has no action `number`. Validation is the caller's
    // (check_edit).
    bool update(const std::string& session, std::int64_t number, const ActionEdit& edit);
    // The same for the point of contact (owner), completion date (due) and status.
    bool update(const std::string& session, std::int64_t number, const std::optional<std::string>& owner,
                const std::optional<std::string>& due, const std::optional<ActionStatus>& status);

private:
    Store* store_;
};

// Actions of sessions that started before `started_wall` (other than `session`)
// that concern the same teams: their team is one of `team_ids`, or they have no
// team and come from the same scenario. Oldest session first.
[[nodiscard]] std::vector<ImprovementAction> earlier_actions(const std::vector<ImprovementAction>& all,
                                                             const std::string& session, std::int64_t started_wall,
                                                             const std::vector<std::string>& team_ids,
                                                             const std::string& scenario_id);

} // namespace sim::report
