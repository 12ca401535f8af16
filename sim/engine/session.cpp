// sim/engine/session.cpp — plan, commit, then apply; resume by replaying the stored journal.
#include "sim/engine/session.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sim/scenario/loader.hpp"
#include "sim/util/files.hpp"

namespace sim {

std::variant<Session, std::string> Session::create(Store& store, std::string id,
                                                   std::shared_ptr<const Scenario> scenario, const cmd::Start& start,
                                                   std::int64_t wall_ms, const SessionOrigin& origin) {
    Exercise ex(scenario);
    CommandResult r = ex.plan(start, wall_ms);
    if (!r) return r.error;

    SessionInfo info;
    info.id = id;
    info.scenario_id = scenario->id;
    info.scenario_title = scenario->title;
    info.scenario_text = scenario->source_text;
    info.scenario_sha256 = sha256_hex(scenario->source_text);
    info.seed = start.seed;
    info.mode = start.mode;
    info.practice = start.practice;
    info.participants = start.participants;
    info.started_wall = wall_ms;
    info.script_name = origin.script_name;
    info.script_text = origin.script_text;
    store.create_session(info, r.events);

    Session s(store, std::move(id), std::move(ex));
    for (const auto& e : r.events) {
        s.exercise_.apply(e);
        s.journal_.push_back(e);
    }
    return s;
}

Session Session::resume(Store& store, const std::string& id) {
    auto info = store.session(id);
    if (!info) throw StoreError(fmt::format("no session {} in {}", id, store.path()));
    if (sha256_hex(info->scenario_text) != info->scenario_sha256)
        throw StoreError(fmt::format("session {}: the stored scenario text does not match its SHA-256; the journal "
                                     "database has been altered", id));
    LoadResult loaded = load_scenario_text(info->scenario_text, info->scenario_id + ".yaml (stored with session " + id + ")");
    if (!loaded.scenario || loaded.diags.has_errors()) {
        std::string first;
        for (const auto& d : loaded.diags.items)
            if (d.level == DiagLevel::error) {
                first = format_diagnostic(d);
                break;
            }
        throw StoreError(fmt::format("session {}: its stored scenario no longer loads: {}", id, first));
    }
    auto scenario = std::make_shared<const Scenario>(std::move(*loaded.scenario));
    Session s(store, id, Exercise(scenario));
    try {
        Journal events = store.events(id, static_cast<std::size_t>(std::max<std::int64_t>(info->event_count, 0)));
        for (const auto& e : events) s.exercise_.apply(e);
        s.journal_ = std::move(events);     // a refused journal throws before this: no session is returned
    } catch (const JournalError& e) {
        throw StoreError(fmt::format("session {} cannot be replayed: {}", id, e.what()));
    }
    return s;
}

CommandResult Session::execute(const Command& c, std::int64_t wall_ms, std::optional<std::int64_t> cmd_index) {
    CommandResult r = exercise_.plan(c, wall_ms);
    if (!r) return r;
    store_->append(id_, r.events, cmd_index);     // committed before anything is applied or acknowledged
    for (const auto& e : r.events) {
        exercise_.apply(e);
        journal_.push_back(e);
    }
    return r;
}

} // namespace sim
