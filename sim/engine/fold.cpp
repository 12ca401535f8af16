// sim/engine/fold.cpp — applying event payloads to the snapshot; when injects come due.
#include "sim/engine/fold.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "sim/engine/exercise.hpp"

namespace sim::detail {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const Event& e, const std::string& what) {
    throw JournalError(fmt::format("event {} ({}): {}", e.seq, e.kind, what));
}

std::string req_str(const Event& e, const char* key) {
    auto it = e.data.find(key);
    if (it == e.data.end() || !it->is_string()) bad(e, fmt::format("field '{}' must be a string", key));
    return it->get<std::string>();
}

std::string opt_str(const Event& e, const char* key) {
    auto it = e.data.find(key);
    if (it == e.data.end() || it->is_null()) return {};
    if (!it->is_string()) bad(e, fmt::format("field '{}' must be a string", key));
    return it->get<std::string>();
}

bool opt_bool(const Event& e, const char* key) {
    auto it = e.data.find(key);
    if (it == e.data.end() || it->is_null()) return false;
    if (!it->is_boolean()) bad(e, fmt::format("field '{}' must be true or false", key));
    return it->get<bool>();
}

std::int64_t req_int(const Event& e, const char* key) {
    auto it = e.data.find(key);
    if (it == e.data.end() || !it->is_number_integer()) bad(e, fmt::format("field '{}' must be an integer", key));
    return it->get<std::int64_t>();
}

std::vector<std::string> str_list(const Event& e, const char* key) {
    std::vector<std::string> out;
    auto it = e.data.find(key);
    if (it == e.data.end() || it->is_null()) return out;
    if (!it->is_array()) bad(e, fmt::format("field '{}' must be a list", key));
    for (const auto& x : *it) {
        if (!x.is_string()) bad(e, fmt::format("field '{}' must list strings", key));
        out.push_back(x.get<std::string>());
    }
    return out;
}

void set_status(ExerciseState& st, const std::string& inject, const std::string& team, InjectStatus status, ExTime at) {
    if (auto* d = st.delivered_inject_mut(inject)) d->status[team] = status;
    for (auto& q : st.queues[team])
        if (q.inject == inject) {
            q.status = status;
            q.status_at = at;
        }
}

// Recomputes one team's effective status on an inject from the whole status
// history: after a retraction, the newest status that still stands.
void refresh_status(ExerciseState& st, const std::string& inject, const std::string& team) {
    InjectStatus status = InjectStatus::pending;
    ExTime at = kNoTime;
    for (const auto& r : st.status_history)
        if (r.inject == inject && r.team == team && !r.retracted) {
            status = r.status;
            at = r.t;
        }
    set_status(st, inject, team, status, at);
}

void refresh_rating(ExerciseState& st, const std::string& expectation) {
    st.ratings.erase(expectation);
    for (const auto& r : st.rating_history)
        if (r.expectation == expectation && !r.retracted) st.ratings[expectation] = r;
}

void fold_retraction(ExerciseState& st, const Event& e) {
    std::int64_t seq = req_int(e, "seq");
    if (seq < 1 || seq > st.last_seq) bad(e, fmt::format("retracts unknown entry {}", seq));
    st.retracted.insert(seq);
    for (auto& r : st.rating_history)
        if (r.seq == seq) {
            r.retracted = true;
            refresh_rating(st, r.expectation);
            return;
        }
    for (auto& r : st.status_history)
        if (r.seq == seq) {
            r.retracted = true;
            refresh_status(st, r.inject, r.team);
            return;
        }
    for (auto& n : st.notes)
        if (n.seq == seq) {
            n.retracted = true;
            return;
        }
    for (auto& p : st.purple_outcomes)
        if (p.seq == seq) {
            p.retracted = true;
            return;
        }
    bad(e, fmt::format("entry {} cannot be retracted", seq));
}

} // namespace

void fold(const Scenario& sc, ExerciseState& st, const Event& e) {
    const std::string& k = e.kind;
    if (k == "session.started") {
        st.started = true;
        st.scenario_id = req_str(e, "scenario");
        st.scenario_sha256 = opt_str(e, "scenario_sha256");
        auto seed = e.data.find("seed");
        if (seed == e.data.end() || !seed->is_number_integer()) bad(e, "field 'seed' must be an integer");
        st.seed = seed->get<std::uint64_t>();
        auto mode = parse_mode(req_str(e, "mode"));
        if (!mode) bad(e, "unknown mode");
        st.mode = *mode;
        st.practice = opt_bool(e, "practice");
        st.participants.clear();
        if (auto it = e.data.find("participants"); it != e.data.end() && it->is_array())
            for (const auto& p : *it) {
                // A damaged journal must be refused with a sentence, not a json::type_error.
                auto field = [&](const char* key) {
                    auto f = p.is_object() ? p.find(key) : p.end();
                    if (!p.is_object() || (f != p.end() && !f->is_string()))
                        bad(e, "field 'participants' must list {name, team, role} objects of strings");
                    return f == p.end() ? std::string{} : f->get<std::string>();
                };
                st.participants.push_back({field("name"), field("team"), field("role")});
            }
    } else if (k == "clock.advanced") {
        ExTime from = req_int(e, "from"), to = req_int(e, "to");
        if (from != st.clock || to <= from) bad(e, fmt::format("moves the clock from {} to {} but it reads {}", from, to, st.clock));
        st.clock = to;
    } else if (k == "inject.delivered") {
        std::string id = req_str(e, "inject");
        const Inject* inj = sc.inject(id);
        if (!inj) bad(e, fmt::format("unknown inject '{}'", id));
        if (st.is_delivered(id)) bad(e, fmt::format("inject '{}' delivered twice", id));
        DeliveredInject d;
        d.seq = e.seq;
        d.inject = id;
        d.stage = inj->stage;
        d.teams = str_list(e, "teams");
        d.delivered_at = e.t;
        d.cause = opt_str(e, "cause");
        for (const auto& t : d.teams) {
            d.status[t] = InjectStatus::pending;
            st.queues[t].push_back({id, e.t, InjectStatus::pending, kNoTime});
        }
        st.delivered_pos[id] = st.delivered.size();
        st.delivered.push_back(std::move(d));
        if (inj->decision) {
            ExTime deadline = inj->decision->timeout == kNoTime ? kNoTime : e.t + inj->decision->timeout;
            st.pending_decisions.push_back({id, deadline, inj->decision->by});
        }
    } else if (k == "inject.skipped") {
        std::string id = req_str(e, "inject");
        if (!sc.inject(id)) bad(e, fmt::format("unknown inject '{}'", id));
        st.skipped.push_back(id);
    } else if (k == "inject.status") {
        StatusRecord r;
        r.seq = e.seq;
        r.t = e.t;
        r.inject = req_str(e, "inject");
        r.team = req_str(e, "team");
        auto status = parse_inject_status(req_str(e, "status"));
        if (!status) bad(e, "unknown status");
        r.status = *status;
        r.participant = opt_str(e, "participant");
        r.role = opt_str(e, "role");
        if (!st.is_delivered(r.inject)) bad(e, fmt::format("inject '{}' was not delivered", r.inject));
        st.status_history.push_back(r);
        set_status(st, r.inject, r.team, r.status, r.t);   // the newest status is the current one
    } else if (k == "decision.recorded") {
        DecisionRecord r;
        r.seq = e.seq;
        r.t = e.t;
        r.inject = req_str(e, "inject");
        r.option = req_str(e, "option");
        r.team = opt_str(e, "team");
        r.role = opt_str(e, "role");
        r.participant = opt_str(e, "participant");
        r.rationale = opt_str(e, "rationale");
        r.timed_out = opt_bool(e, "timed_out");
        r.automated = opt_bool(e, "automated");
        auto pending = std::find_if(st.pending_decisions.begin(), st.pending_decisions.end(),
                                    [&](const PendingDecision& p) { return p.inject == r.inject; });
        if (pending == st.pending_decisions.end()) bad(e, fmt::format("no open decision on inject '{}'", r.inject));
        st.pending_decisions.erase(pending);
        for (const auto& f : str_list(e, "set")) st.flags.insert(f);
        for (const auto& f : str_list(e, "clear")) st.flags.erase(f);
        st.decisions.push_back(std::move(r));
    } else if (k == "expectation.rated") {
        RatingRecord r;
        r.seq = e.seq;
        r.t = e.t;
        r.expectation = req_str(e, "expectation");
        auto rating = parse_rating(req_str(e, "rating"));
        if (!rating) bad(e, "unknown rating");
        r.rating = *rating;
        r.note = opt_str(e, "note");
        r.source = req_str(e, "source");
        r.by = opt_str(e, "by");
        r.inject = opt_str(e, "inject");
        r.option = opt_str(e, "option");
        st.rating_history.push_back(r);
        st.ratings[r.expectation] = r;
    } else if (k == "note.added") {
        st.notes.push_back({e.seq, e.t, req_str(e, "text"), opt_str(e, "author"), opt_str(e, "role"),
                            opt_bool(e, "action"), opt_str(e, "inject"), false});
    } else if (k == "red.move") {
        RedMoveRecord r{e.seq, e.t, req_str(e, "stage"), req_str(e, "move"), opt_str(e, "technique"),
                        opt_bool(e, "drawn")};
        if (r.drawn) ++st.rng_draws;
        st.red_moves.push_back(std::move(r));
    } else if (k == "purple.outcome") {
        PurpleRecord r;
        r.seq = e.seq;
        r.t = e.t;
        r.technique = req_str(e, "technique");
        auto outcome = parse_purple_outcome(req_str(e, "outcome"));
        if (!outcome) bad(e, "unknown outcome");
        r.outcome = *outcome;
        if (auto it = e.data.find("detected_at"); it != e.data.end() && !it->is_null()) {
            if (!it->is_number_integer()) bad(e, "field 'detected_at' must be an integer or null");
            r.detected_at = it->get<ExTime>();
        }
        r.team = opt_str(e, "team");
        r.note = opt_str(e, "note");
        st.purple_outcomes.push_back(std::move(r));
    } else if (k == "exercise.ended") {
        st.ended = true;
        st.ending = opt_str(e, "ending");
        st.end_reason = opt_str(e, "reason");
    } else if (k == "entry.retracted") {
        fold_retraction(st, e);
    }
    // briefing.started, exercise.running, exercise.paused, exercise.resumed,
    // hotwash.started, session.closed: lifecycle only.
    st.last_seq = e.seq;
    st.kinds.push_back(k);
    // Notes, ratings, statuses, outcomes, retractions and pauses cannot change
    // what comes due next, so `next` stays as it is (and replay stays linear).
    static const std::set<std::string> kScheduleNeutral = {
        "note.added", "expectation.rated", "inject.status", "purple.outcome", "entry.retracted",
        "exercise.paused", "exercise.resumed", "hotwash.started", "session.closed"};
    if (kScheduleNeutral.count(k) != 0) return;
    if (auto d = earliest_due(sc, st); d && !st.ended)
        st.next = ScheduledInject{d->inject->id, std::max(d->at, st.clock)};
    else
        st.next.reset();
}

std::optional<Due> due(const Scenario& sc, const ExerciseState& st, const Inject& inj, std::size_t order) {
    (void)sc;
    const Trigger& tr = inj.trigger;
    if (tr.goto_only() || st.is_delivered(inj.id) || st.is_skipped(inj.id)) return std::nullopt;
    Due d{&inj, 0, "condition", order};
    if (tr.at != kNoTime) {
        d.at = tr.at;
        d.cause = "clock";
    }
    if (!tr.after.empty()) {
        ExTime base = kNoTime;
        if (auto dot = tr.after.find('.'); dot == std::string::npos) {
            if (const auto* prev = st.delivered_inject(tr.after)) base = prev->delivered_at;
        } else {
            const auto* dec = st.decision(tr.after.substr(0, dot));
            if (dec && dec->option == tr.after.substr(dot + 1)) base = dec->t;
        }
        if (base == kNoTime) return std::nullopt;
        d.at = std::max(d.at, base + tr.delay);
        d.cause = "after";
    }
    if (!tr.when.empty()) {
        if (!tr.when.holds(st.flags)) return std::nullopt;
        if (tr.at == kNoTime && tr.after.empty()) d.at = st.clock;
    }
    return d;
}

std::optional<Due> earliest_due(const Scenario& sc, const ExerciseState& st) {
    std::optional<Due> best;
    for (std::size_t i = 0; i < sc.injects.size(); ++i) {
        auto d = due(sc, st, sc.injects[i], i);
        if (d && (!best || d->at < best->at)) best = d;
    }
    return best;
}

} // namespace sim::detail
