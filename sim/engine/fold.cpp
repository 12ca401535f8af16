// sim/engine/fold.cpp — applying event payloads to the snapshot; when injects come due.
#include "sim/engine/fold.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sim/engine/exercise.hpp"

namespace sim::detail {

namespace {

[[noreturn]] void bad(const Event& e, const std::string& what) {
    throw JournalError(fmt::format("event {} ({}): {}", e.seq, e.kind(), what));
}

void set_status(ExerciseState& st, const std::string& inject, const std::string& team, InjectStatus status, ExTime at) {
    auto& queue = st.queues[team];
    auto* d = st.delivered_inject_mut(inject);
    if (!d) return;
    d->status[team] = status;
    // An inject is delivered once, so it sits in each audience team's queue
    // once, where the delivery put it; other teams' queues do not hold it.
    auto team_it = std::find(d->teams.begin(), d->teams.end(), team);
    if (team_it == d->teams.end()) return;
    auto& q = queue[d->queue_pos[static_cast<std::size_t>(team_it - d->teams.begin())]];
    q.status = status;
    q.status_at = at;
}

// The inject will not come due again: delivered or skipped.
void settle(const Scenario& sc, ExerciseState& st, const Inject& inj) {
    if (st.settled.size() != sc.injects.size()) st.settled.resize(sc.injects.size());
    st.settled[static_cast<std::size_t>(&inj - sc.injects.data())] = true;
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

void fold_retraction(ExerciseState& st, const Event& e, std::int64_t seq) {
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

// A chosen red move takes effect: its fact holds from now on.
void execute_move(ExerciseState& st, RedMoveRecord& r, ExTime t) {
    r.executed_at = t;
    st.flags.insert(move_fact(r.stage, r.move));
}

bool stage_begun(const ExerciseState& st, const std::string& stage) {
    return std::any_of(st.delivered.begin(), st.delivered.end(),
                       [&](const DeliveredInject& d) { return d.stage == stage; });
}

// Applies one payload's records; each overload is one kind.
struct Folder {
    const Scenario& sc;
    ExerciseState& st;
    const Event& e;

    void operator()(const ev::SessionStarted& p) const {
        st.started = true;
        st.scenario_id = p.scenario;
        st.scenario_sha256 = p.scenario_sha256;
        st.seed = p.seed;
        auto mode = parse_mode(p.mode);
        if (!mode) bad(e, "unknown mode");
        st.mode = *mode;
        st.practice = p.practice;
        st.participants = p.participants;
    }
    void operator()(const ev::ClockAdvanced& p) const {
        if (p.from != st.clock || p.to <= p.from)
            bad(e, fmt::format("moves the clock from {} to {} but it reads {}", p.from, p.to, st.clock));
        st.clock = p.to;
    }
    void operator()(const ev::InjectDelivered& p) const {
        const Inject* inj = sc.inject(p.inject);
        if (!inj) bad(e, fmt::format("unknown inject '{}'", p.inject));
        if (st.is_delivered(p.inject)) bad(e, fmt::format("inject '{}' delivered twice", p.inject));
        DeliveredInject d;
        d.seq = e.seq;
        d.inject = p.inject;
        d.stage = inj->stage;
        d.teams = p.teams;
        d.delivered_at = e.t;
        d.cause = p.cause;
        for (const auto& t : d.teams) {
            d.status[t] = InjectStatus::pending;
            auto& queue = st.queues[t];
            d.queue_pos.push_back(queue.size());
            queue.push_back({p.inject, e.t, InjectStatus::pending, kNoTime});
        }
        st.delivered_pos[p.inject] = st.delivered.size();
        st.delivered.push_back(std::move(d));
        settle(sc, st, *inj);
        for (const auto& f : p.set) st.flags.insert(f);
        for (const auto& f : p.clear) st.flags.erase(f);
        // The stage has begun: a move chosen ahead for it takes effect now.
        for (auto& r : st.red_moves)
            if (r.stage == inj->stage && r.executed_at == kNoTime) execute_move(st, r, e.t);
        if (inj->decision) {
            ExTime deadline = inj->decision->timeout == kNoTime ? kNoTime : e.t + inj->decision->timeout;
            st.pending_decisions.push_back({p.inject, deadline, inj->decision->by});
        }
    }
    void operator()(const ev::InjectSkipped& p) const {
        const Inject* inj = sc.inject(p.inject);
        if (!inj) bad(e, fmt::format("unknown inject '{}'", p.inject));
        st.skipped.push_back(p.inject);
        settle(sc, st, *inj);
    }
    void operator()(const ev::StatusSet& p) const {
        auto status = parse_inject_status(p.status);
        if (!status) bad(e, "unknown status");
        if (!st.is_delivered(p.inject)) bad(e, fmt::format("inject '{}' was not delivered", p.inject));
        st.status_history.push_back({e.seq, e.t, p.inject, p.team, *status, p.participant, p.role, false});
        set_status(st, p.inject, p.team, *status, e.t);   // the newest status is the current one
    }
    void operator()(const ev::DecisionRecorded& p) const {
        auto pending = std::find_if(st.pending_decisions.begin(), st.pending_decisions.end(),
                                    [&](const PendingDecision& d) { return d.inject == p.inject; });
        if (pending == st.pending_decisions.end()) bad(e, fmt::format("no open decision on inject '{}'", p.inject));
        st.pending_decisions.erase(pending);
        std::erase_if(st.sign_offs, [&](const SignOffRecord& r) { return r.inject == p.inject; });
        for (const auto& f : p.set) st.flags.insert(f);
        for (const auto& f : p.clear) st.flags.erase(f);
        st.decisions.push_back({e.seq, e.t, p.inject, p.option, p.team, p.role, p.participant, p.rationale,
                                p.timed_out, p.automated});
    }
    void operator()(const ev::ExpectationRated& p) const {
        auto rating = parse_rating(p.rating);
        if (!rating) bad(e, "unknown rating");
        RatingRecord r{e.seq, e.t, p.expectation, *rating, p.note, p.source, p.by, p.inject, p.option, false, p.at};
        st.rating_history.push_back(r);
        st.ratings[r.expectation] = std::move(r);
    }
    void operator()(const ev::NoteAdded& p) const {
        st.notes.push_back({e.seq, e.t, p.text, p.author, p.role, p.action, p.inject, false, p.objective});
    }
    void operator()(const ev::RedMove& p) const {
        if (p.drawn) ++st.rng_draws;
        RedMoveRecord r;
        r.seq = e.seq;
        r.t = e.t;
        r.stage = p.stage;
        r.move = p.move;
        r.technique = p.technique;
        r.drawn = p.drawn;
        st.red_moves.push_back(std::move(r));
        if (stage_begun(st, p.stage) || sc.stage_waits_for_move(p.stage)) execute_move(st, st.red_moves.back(), e.t);
    }
    void operator()(const ev::PurpleObserved& p) const {
        auto outcome = parse_purple_outcome(p.outcome);
        if (!outcome) bad(e, "unknown outcome");
        st.purple_outcomes.push_back({e.seq, e.t, p.technique, *outcome, p.detected_at, p.team, p.note, false});
    }
    void operator()(const ev::ExerciseEnded& p) const {
        st.ended = true;
        st.ending = p.ending;
        st.end_reason = p.reason;
    }
    void operator()(const ev::EntryRetracted& p) const { fold_retraction(st, e, p.seq); }
    void operator()(const ev::RedAdjudicated& p) const {
        RedMoveRecord& r = executed(p.stage, p.move);
        if (!r.outcome.empty()) bad(e, fmt::format("red move '{}' adjudicated twice", move_fact(p.stage, p.move)));
        r.outcome = p.outcome;
        r.source = p.source;
        r.control = p.control;
        r.rolls = p.rolls;
        r.adjudicated_at = e.t;
        st.rng_draws += p.rolls.size();
    }
    void operator()(const ev::HuntRun& p) const {
        for (const auto& fact : p.revealed) {
            const auto slash = fact.find('/');
            if (slash == std::string::npos) bad(e, fmt::format("'{}' is not a stage/move", fact));
            RedMoveRecord& r = executed(fact.substr(0, slash), fact.substr(slash + 1));
            r.revealed_at = e.t;
            r.revealed_by = p.team;
        }
        st.rng_draws += p.rolls.size();
        st.hunts.push_back({e.seq, e.t, p.team, p.telemetry, p.scope, p.revealed, p.rolls});
    }
    void operator()(const ev::OutcomeOverridden& p) const {
        RedMoveRecord& r = executed(p.stage, p.move);
        r.override_outcome = p.outcome;
        r.override_reason = p.reason;
        r.override_by = p.by;
        r.overridden_at = e.t;
        r.override_seq = e.seq;
    }
    RedMoveRecord& executed(const std::string& stage, const std::string& move) const {
        for (auto& r : st.red_moves)
            if (r.stage == stage && r.move == move && r.executed_at != kNoTime) return r;
        bad(e, fmt::format("red move '{}' has not taken effect", move_fact(stage, move)));
    }
    void operator()(const ev::DecisionSigned& p) const {
        if (!st.pending_decision(p.inject)) bad(e, fmt::format("no open decision on inject '{}' to sign", p.inject));
        auto it = std::find_if(st.sign_offs.begin(), st.sign_offs.end(),
                               [&](const SignOffRecord& r) { return r.inject == p.inject; });
        if (it == st.sign_offs.end()) it = st.sign_offs.insert(st.sign_offs.end(), SignOffRecord{p.inject, p.option, {}, {}});
        if (it->option != p.option) *it = SignOffRecord{p.inject, p.option, {}, {}};   // another option: start over
        for (const auto& party : p.parties)
            if (std::find(it->signed_by.begin(), it->signed_by.end(), party) == it->signed_by.end())
                it->signed_by.push_back(party);
        it->seqs.push_back(e.seq);
    }
    void operator()(const ev::FeedbackRecorded& p) const {
        if (p.questions.size() != p.answers.size())
            bad(e, fmt::format("{} questions but {} answers", p.questions.size(), p.answers.size()));
        FeedbackRecord r{e.seq, e.t, p.respondent, p.team, p.role, {}};
        for (std::size_t i = 0; i < p.questions.size(); ++i) r.answers.emplace_back(p.questions[i], p.answers[i]);
        st.feedback.push_back(std::move(r));
    }
    // briefing.started, exercise.running, exercise.paused, exercise.resumed,
    // hotwash.started, session.closed: lifecycle only.
    template <class Other>
    void operator()(const Other&) const {}
};

} // namespace

bool schedule_neutral(const EventData& d) {
    // Notes, ratings, statuses, outcomes, retractions and pauses cannot change
    // what comes due next.
    return std::holds_alternative<ev::NoteAdded>(d) || std::holds_alternative<ev::ExpectationRated>(d) ||
           std::holds_alternative<ev::StatusSet>(d) || std::holds_alternative<ev::PurpleObserved>(d) ||
           std::holds_alternative<ev::EntryRetracted>(d) || std::holds_alternative<ev::ExercisePaused>(d) ||
           std::holds_alternative<ev::ExerciseResumed>(d) || std::holds_alternative<ev::HotwashStarted>(d) ||
           std::holds_alternative<ev::SessionClosed>(d) || std::holds_alternative<ev::FeedbackRecorded>(d);
}

void fold(const Scenario& sc, ExerciseState& st, const Event& e) {
    std::visit(Folder{sc, st, e}, e.data);
    st.last_seq = e.seq;
    st.kinds.push_back(static_cast<std::uint8_t>(e.data.index()));
    // `next` stays as it is after a schedule-neutral event (and replay stays linear).
    if (schedule_neutral(e.data)) return;
    if (auto d = earliest_due(sc, st); d && !st.ended)
        st.next = ScheduledInject{d->inject->id, std::max(d->at, st.clock)};
    else
        st.next.reset();
}

std::optional<Due> due(const Scenario& sc, const ExerciseState& st, const Inject& inj, std::size_t order) {
    // Nothing below changes anything, and a delivered or skipped inject is never due.
    if (st.is_delivered(inj.id) || st.is_skipped(inj.id)) return std::nullopt;
    const Trigger& tr = inj.trigger;
    // Caused by red moves: due `delay` after the first of them that took effect.
    ExTime caused_at = kNoTime;
    bool caused = false;
    if (!sc.red_moves.empty())
        for (const auto& [stage, moves] : sc.red_moves)
            for (const auto& m : moves)
                for (const auto& c : m.causes) {
                    if (c.inject != inj.id) continue;
                    caused = true;
                    const RedMoveRecord* r = st.red_move(stage);
                    if (r && r->move == m.id && r->executed_at != kNoTime &&
                        (caused_at == kNoTime || r->executed_at + c.delay < caused_at))
                        caused_at = r->executed_at + c.delay;
                }
    // Alerts and hunt findings (red and purple modes): due when a move naming
    // the inject was alerted, or revealed by a hunt.
    std::string gated_cause = "red-move";
    if (st.mode != Mode::blue && sc.alert_of_moves(inj.id))
        for (const auto& [stage, moves] : sc.red_moves)
            for (const auto& m : moves) {
                const RedMoveRecord* r = st.red_move(stage);
                const bool ran = r && r->move == m.id && r->executed_at != kNoTime;
                auto consider = [&](const std::vector<MoveCause>& list, ExTime base, const char* why) {
                    for (const auto& c : list) {
                        if (c.inject != inj.id) continue;
                        caused = true;
                        if (base != kNoTime && (caused_at == kNoTime || base + c.delay < caused_at)) {
                            caused_at = base + c.delay;
                            gated_cause = why;
                        }
                    }
                };
                ExTime alerted = kNoTime, revealed = kNoTime;
                if (ran && !sc.posture) alerted = r->executed_at;     // nothing to adjudicate against
                if (ran && r->effective_outcome() == "alerted")
                    alerted = r->override_outcome.empty() ? r->adjudicated_at : r->overridden_at;
                if (ran && r->revealed_at != kNoTime) revealed = r->revealed_at;
                consider(m.alerts, alerted, "alert");
                consider(m.hunt_finds, revealed, "hunt");
            }
    if (tr.goto_only() && !caused) return std::nullopt;
    if (caused && caused_at == kNoTime) return std::nullopt;
    Due d{&inj, 0, "condition", order};
    if (caused) {
        d.at = caused_at;
        d.cause = gated_cause;
    }
    if (tr.at != kNoTime) {
        d.at = std::max(d.at, tr.at);
        if (!caused) d.cause = "clock";
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
        if (!caused) d.cause = "after";
    }
    if (!tr.when.empty()) {
        if (!tr.when.holds(st.flags)) return std::nullopt;
        if (tr.at == kNoTime && tr.after.empty() && !caused) d.at = st.clock;
    }
    return d;
}

std::optional<Due> earliest_due(const Scenario& sc, const ExerciseState& st) {
    std::optional<Due> best;
    for (std::size_t i = 0; i < sc.injects.size(); ++i) {
        if (i < st.settled.size() && st.settled[i]) continue;     // delivered or skipped: no lookup by id
        auto d = due(sc, st, sc.injects[i], i);
        if (d && (!best || d->at < best->at)) best = d;
    }
    return best;
}

} // namespace sim::detail
