// sim/engine/exercise.cpp — command checks, the events they cause, and the fold.
#include "sim/engine/exercise.hpp"

#include <algorithm>
#include <random>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/engine/adjudicate.hpp"
#include "sim/engine/fold.hpp"
#include "sim/engine/lifecycle.hpp"
#include "sim/util/files.hpp"

namespace sim {

const char* command_name(const Command& c) {
    static constexpr const char* kNames[] = {
        "start", "begin-briefing", "begin-running", "advance", "deliver-next", "skip", "decide", "rate",
        "note", "status", "pause", "resume", "end", "hotwash", "close", "retract", "red", "purple", "hunt", "override",
        "feedback"};
    static_assert(std::size(kNames) == std::variant_size_v<Command>);
    return kNames[c.index()];
}

bool may_take_decision(const Scenario& s, const Decision& d, const std::vector<std::string>& delivered_to,
                       const std::string& team, const std::string& role) {
    const auto listed = [&](const std::string& id) { return std::find(d.by.begin(), d.by.end(), id) != d.by.end(); };
    if (d.by.empty()) return std::find(delivered_to.begin(), delivered_to.end(), team) != delivered_to.end();
    if (listed(team) || (!role.empty() && listed(role))) return true;
    const Team* t = s.team(team);
    return role.empty() && t && std::any_of(t->roles.begin(), t->roles.end(), listed);
}

std::vector<std::string> audience_teams(const Scenario& s, const Inject& inj) {
    std::vector<std::string> out;
    for (const auto& team : s.teams) {
        bool addressed = false;
        if (inj.to.empty())
            addressed = team.kind == TeamKind::blue || team.kind == TeamKind::purple;
        for (const auto& to : inj.to)
            if (to == team.id || std::find(team.roles.begin(), team.roles.end(), to) != team.roles.end())
                addressed = true;
        if (addressed) out.push_back(team.id);
    }
    return out;
}

std::string journal_sha256(const Journal& events) {
    // The line nlohmann's dump() gave for {"data","kind","seq","t"} (keys sorted),
    // spliced from the payload's canonical text: kinds need no escaping.
    std::string canonical;
    for (const auto& e : events)
        canonical += fmt::format("{{\"data\":{},\"kind\":\"{}\",\"seq\":{},\"t\":{}}}\n", encode_data(e.data), e.kind(),
                                 e.seq, e.t);
    return sha256_hex(canonical);
}

std::string red_move_unavailable(const std::string& stage, const RedMove& move, const ExerciseState& state) {
    const auto& f = state.flags;
    auto on = [&](const std::string& x) { return f.count(x) != 0; };
    const std::string name = move_fact(stage, move.id);
    for (const auto& x : move.blocked_by)
        if (on(x)) return fmt::format("red move '{}' is blocked: {} {}", name, x, is_move_fact(x) ? "was executed" : "is set");
    std::vector<std::string> missing;
    for (const auto& x : move.prerequisites.all)
        if (!on(x)) missing.push_back(x);
    if (!missing.empty())
        return fmt::format("red move '{}' requires {}, which {} not hold yet", name, fmt::join(missing, " and "),
                           missing.size() == 1 ? "does" : "do");
    const auto& any = move.prerequisites.any;
    if (!any.empty() && std::none_of(any.begin(), any.end(), on))
        return fmt::format("red move '{}' requires one of {}, and none holds yet", name, fmt::join(any, ", "));
    for (const auto& x : move.prerequisites.none)
        if (on(x)) return fmt::format("red move '{}' requires that {} does not hold, but it does", name, x);
    return {};
}

Exercise replay(std::shared_ptr<const Scenario> scenario, const Journal& events) {
    Exercise ex(std::move(scenario));
    for (const auto& e : events) ex.apply(e);
    return ex;
}

// ---- the fold -------------------------------------------------------------------

Exercise::Exercise(std::shared_ptr<const Scenario> scenario)
    : scenario_(std::move(scenario)), lifecycle_(std::make_unique<Lifecycle>(*scenario_)) {
    if (auto d = detail::earliest_due(*scenario_, state_)) state_.next = ScheduledInject{d->inject->id, d->at};
}

Exercise::~Exercise() = default;
Exercise::Exercise(Exercise&&) noexcept = default;
Exercise& Exercise::operator=(Exercise&&) noexcept = default;

void Exercise::apply(const Event& e) {
    if (!broken_.empty()) throw JournalError(fmt::format("event {} ({}) follows an event the engine refused: {}", e.seq, e.kind(), broken_));
    if (e.seq != state_.last_seq + 1)
        throw JournalError(fmt::format("event {} ({}) out of order: expected seq {}", e.seq, e.kind(), state_.last_seq + 1));
    // Every event happens at the clock's current reading; clock.advanced at its new one.
    ExTime expected_t = state_.clock;
    if (const auto* clock = e.get<ev::ClockAdvanced>()) expected_t = clock->to;
    if (e.t != expected_t)
        throw JournalError(fmt::format("event {} ({}) at t={} but the exercise clock reads {}", e.seq, e.kind(), e.t,
                                       expected_t));
    // The statechart first: it refuses an event that cannot happen in this phase
    // without changing anything, so such a refusal leaves the exercise usable.
    if (std::string why = lifecycle_->feed(e); !why.empty()) throw JournalError(why);
    try {
        detail::fold(*scenario_, state_, e);
        const Phase before = state_.phase;
        state_.phase = lifecycle_->phase();
        // Only deliveries, statuses and decisions move an inject's phase, and only that inject's.
        const std::string* inject = nullptr;
        if (const auto* p = e.get<ev::InjectDelivered>()) inject = &p->inject;
        if (const auto* p = e.get<ev::StatusSet>()) inject = &p->inject;
        if (const auto* p = e.get<ev::DecisionRecorded>()) inject = &p->inject;
        if (inject) {
            state_.current_inject = lifecycle_->current_inject();   // only a delivery moves the focus
            if (InjectPhase p = lifecycle_->inject_phase(*inject); p != InjectPhase::none)
                if (auto* d = state_.delivered_inject_mut(*inject)) d->phase = p;
        }
        // The statechart's Running substate mirrors the phase of the inject in focus.
        // Only those events and a change of phase (resuming, starting to run) can
        // move either side, so the others skip the lookup.
        if ((inject || state_.phase != before) && state_.phase == Phase::running && !lifecycle_->ended() &&
            lifecycle_->running_substate() != state_.inject_phase(state_.current_inject))
            throw JournalError(fmt::format("lifecycle substate {} disagrees with inject '{}' in phase {}",
                                           to_string(lifecycle_->running_substate()), state_.current_inject,
                                           to_string(state_.inject_phase(state_.current_inject))));
    } catch (const std::exception& x) {
        broken_ = x.what();
        throw JournalError(broken_);
    }
}

// ---- planning ---------------------------------------------------------------------

namespace {

std::string list_ids(const std::vector<std::string>& ids) { return ids.empty() ? "(none)" : fmt::format("{}", fmt::join(ids, ", ")); }

template <class T>
std::vector<std::string> ids_of(const std::vector<T>& v) {
    std::vector<std::string> out;
    for (const auto& x : v) out.push_back(x.id);
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

// The ratings an option gives: `rate`, overridden per expectation by the
// first `rate_when` entry whose condition holds on `flags`.
std::map<std::string, Rating> option_ratings(const Option& opt, const std::set<std::string>& flags) {
    std::map<std::string, Rating> out = opt.rate;
    std::set<std::string> decided;
    for (const auto& rule : opt.rate_when) {
        if (!rule.when.holds(flags)) continue;
        for (const auto& [exp, r] : rule.rate)
            if (decided.insert(exp).second) out[exp] = r;
    }
    return out;
}

const Inject* owner_of(const Scenario& sc, const std::string& expectation) {
    for (const auto& inj : sc.injects)
        for (const auto& ex : inj.expect)
            if (ex.id == expectation) return &inj;
    return nullptr;
}

// What planning reads of the state: everything but the records that grow with
// the journal (notes, ratings, statuses, purple outcomes, retractions, kinds).
// No derived event depends on those, so a command costs the same at event
// 20,000 as at event 1. A field added to ExerciseState that planning reads
// must be copied here.
ExerciseState planning_copy(const ExerciseState& s) {
    ExerciseState c;
    c.phase = s.phase;
    c.started = s.started;
    c.ended = s.ended;
    c.ending = s.ending;
    c.end_reason = s.end_reason;
    c.current_inject = s.current_inject;
    c.scenario_id = s.scenario_id;
    c.scenario_sha256 = s.scenario_sha256;
    c.clock = s.clock;
    c.mode = s.mode;
    c.seed = s.seed;
    c.practice = s.practice;
    c.participants = s.participants;
    c.flags = s.flags;
    c.delivered = s.delivered;
    c.delivered_pos = s.delivered_pos;
    c.queues = s.queues;
    c.skipped = s.skipped;
    c.pending_decisions = s.pending_decisions;
    c.decisions = s.decisions;
    c.next = s.next;
    c.settled = s.settled;
    c.red_moves = s.red_moves;
    c.sign_offs = s.sign_offs;
    c.last_seq = s.last_seq;
    c.rng_draws = s.rng_draws;
    return c;
}

// The events of one command, built on a planning copy of the state so derived
// events see the effects of earlier ones. Phase is not tracked here: the only
// phase change inside one command's chain is exercise.ended (state.ended).
class Planner {
public:
    Planner(const Scenario& sc, const ExerciseState& st, std::int64_t wall)
        : sc_(sc), st_(planning_copy(st)), wall_(wall) {}

    const ExerciseState& st() const { return st_; }
    Journal take() { return std::move(events_); }

    void emit(EventData data) { emit_at(std::move(data), st_.clock); }

    void emit_at(EventData data, ExTime t) {
        Event e{st_.last_seq + 1, t, wall_, std::move(data)};
        // Schedule-neutral events change nothing later planning reads (and the
        // copy lacks the records a retraction would look up).
        if (detail::schedule_neutral(e.data)) st_.last_seq = e.seq;
        else detail::fold(sc_, st_, e);
        const bool executes = e.is<ev::InjectDelivered>() || e.is<ev::RedMove>();
        events_.push_back(std::move(e));
        if (executes) adjudicate_executed();
    }

    // A seeded generator positioned after every draw journaled so far.
    std::mt19937_64 generator() const {
        std::mt19937_64 rng(st_.seed);
        rng.discard(st_.rng_draws);
        return rng;
    }

    // With a posture, every move that has taken effect is adjudicated at once.
    void adjudicate_executed() {
        if (!sc_.posture) return;
        for (std::size_t i = 0; i < st_.red_moves.size(); ++i) {
            const RedMoveRecord r = st_.red_moves[i];
            if (r.executed_at == kNoTime || !r.outcome.empty()) continue;
            const RedMove* m = sc_.red_move(r.stage, r.move);
            if (!m) continue;
            auto rng = generator();
            Adjudication a = adjudicate(*sc_.posture, *m, st_.flags, attack::builtin_catalog(), [&] { return rng(); });
            emit(ev::RedAdjudicated{r.stage, r.move, r.technique, a.outcome, a.source, a.control, a.rolls});
        }
    }

    // A hunt: the logged, unrevealed moves the telemetry records.
    void hunt(const cmd::Hunt& c) {
        std::vector<std::string> revealed, rolls;
        auto rng = generator();
        for (const auto& r : st_.red_moves) {
            if (r.effective_outcome() != "logged" || r.revealed_at != kNoTime) continue;
            const double p = hunt_reliability(*sc_.posture, attack::builtin_catalog(), c.telemetry, r.technique);
            if (p < 0) continue;
            if (sc_.posture->uncertain && p < 1) {
                const std::uint64_t d = rng() % kRollScale;
                const bool hit = static_cast<double>(d) < p * static_cast<double>(kRollScale);
                rolls.push_back(roll_text(c.telemetry + " for " + move_fact(r.stage, r.move), p, d, hit));
                if (!hit) continue;
            }
            revealed.push_back(move_fact(r.stage, r.move));
        }
        emit(ev::HuntRun{c.team, c.telemetry, c.scope, revealed, rolls});
        settle();
    }

    void deliver(const Inject& inj, const std::string& cause) {
        draw_red_move_if_needed(inj.stage);
        emit(ev::InjectDelivered{inj.id, inj.stage, audience_teams(sc_, inj), cause, inj.set, inj.clear});
        if (!inj.end.empty()) end_with(inj.end);
    }

    void decide(const Inject& inj, const Option& opt, const std::string& team, const std::string& role,
                const std::string& participant, const std::string& rationale, bool timed_out) {
        const auto ratings = option_ratings(opt, st_.flags);   // flags as they stood before the choice
        emit(ev::DecisionRecorded{inj.id, opt.id, team, role, participant, rationale, timed_out, opt.automated,
                                  opt.set, opt.clear});
        for (const auto& [expectation, rating] : ratings)
            emit(ev::ExpectationRated{expectation, to_string(rating), opt.label, "option",
                                      participant.empty() ? team : participant, inj.id, opt.id, std::nullopt});
        for (const auto& target : opt.go_to) {
            if (st_.ended) break;
            const Inject* g = sc_.inject(target);
            if (g && !st_.is_delivered(target) && !st_.is_skipped(target)) deliver(*g, "goto");
        }
        if (!opt.end.empty() && !st_.ended) end_with(opt.end);
    }

    // Everything due at the current clock: decisions past their deadline
    // (deadline order), then injects (due time, then scenario order).
    void settle() {
        while (!st_.ended) {
            if (const PendingDecision* pd = first_timeout(st_.clock)) {
                time_out(*pd);
                continue;
            }
            auto d = detail::earliest_due(sc_, st_);
            if (d && d->at <= st_.clock) {
                deliver(*d->inject, d->cause);
                continue;
            }
            break;
        }
    }

    void advance_to(ExTime to) {
        settle();
        while (!st_.ended) {
            ExTime next = kNoTime;
            if (auto d = detail::earliest_due(sc_, st_)) next = d->at;
            for (const auto& pd : st_.pending_decisions)
                if (times_out(pd) && (next == kNoTime || pd.deadline < next)) next = pd.deadline;
            if (next == kNoTime || next > to) break;
            emit_at(ev::ClockAdvanced{st_.clock, next}, next);
            settle();
        }
        if (!st_.ended && st_.clock < to) emit_at(ev::ClockAdvanced{st_.clock, to}, to);
    }

    void settle_if_running() {
        if (st_.phase == Phase::running) settle();
    }

    void end_with(const std::string& ending) {
        emit(ev::ExerciseEnded{ending, "ending", ""});
    }

private:
    bool times_out(const PendingDecision& pd) const {
        if (pd.deadline == kNoTime) return false;
        const Inject* inj = sc_.inject(pd.inject);
        return inj && inj->decision && inj->decision->option(inj->decision->default_option);
    }

    const PendingDecision* first_timeout(ExTime now) const {
        const PendingDecision* best = nullptr;
        for (const auto& pd : st_.pending_decisions)
            if (times_out(pd) && pd.deadline <= now && (!best || pd.deadline < best->deadline)) best = &pd;
        return best;
    }

    void time_out(const PendingDecision& pd) {
        const Inject& inj = *sc_.inject(pd.inject);
        const Option& opt = *inj.decision->option(inj.decision->default_option);
        decide(inj, opt, "", "", "", "no decision before the deadline", true);
    }

    // Red and purple modes: a stage with alternatives needs a move when its
    // first inject arrives; if the red cell chose none, the seeded RNG picks
    // one of the moves available then (none available: the stage has no move).
    void draw_red_move_if_needed(const std::string& stage) {
        if (st_.mode == Mode::blue || st_.red_move(stage)) return;
        auto it = sc_.red_moves.find(stage);
        if (it == sc_.red_moves.end() || it->second.empty()) return;
        std::vector<const RedMove*> open;
        for (const auto& m : it->second)
            if (red_move_unavailable(stage, m, st_).empty()) open.push_back(&m);
        if (open.empty()) return;
        std::mt19937_64 rng(st_.seed);
        rng.discard(st_.rng_draws);
        const RedMove& m = *open[rng() % open.size()];
        emit(ev::RedMove{stage, m.id, m.technique, true});
    }

    const Scenario& sc_;
    ExerciseState st_;
    std::int64_t wall_;
    Journal events_;
};

// Checks and event production for each command; returns "" or the refusal.
class Checker {
public:
    Checker(const Scenario& sc, const ExerciseState& st, Planner& p) : sc_(sc), st_(st), p_(p) {}

    std::string operator()(const cmd::Start& c) {
        if (st_.started || st_.phase != Phase::setup) return "the session has already been started";
        std::vector<std::string> names;
        for (const auto& person : c.participants) {
            if (person.name.empty()) return "every participant needs a name";
            if (contains(names, person.name)) return fmt::format("participant '{}' is listed twice", person.name);
            names.push_back(person.name);
            if (!sc_.team(person.team))
                return fmt::format("participant '{}': unknown team '{}' (teams: {})", person.name, person.team,
                                   list_ids(ids_of(sc_.teams)));
            if (!person.role.empty() && !sc_.role(person.role))
                return fmt::format("participant '{}': unknown role '{}' (roles: {})", person.name, person.role,
                                   list_ids(ids_of(sc_.roles)));
        }
        p_.emit(ev::SessionStarted{sc_.id, sha256_hex(sc_.source_text), c.seed, to_string(c.mode), c.practice,
                                   c.participants, ev::kCurrentScoringModel});
        return {};
    }

    std::string operator()(const cmd::BeginBriefing&) {
        if (!st_.started) return "the session has not been started";
        if (st_.phase != Phase::setup) return fmt::format("the briefing can only begin during setup (phase: {})", to_string(st_.phase));
        p_.emit(ev::BriefingStarted{});
        return {};
    }

    std::string operator()(const cmd::BeginRunning&) {
        if (st_.phase != Phase::briefing)
            return fmt::format("the exercise can only start running after the briefing (phase: {})", to_string(st_.phase));
        p_.emit(ev::ExerciseRunning{});
        p_.settle();
        return {};
    }

    std::string operator()(const cmd::Advance& c) {
        if (auto why = require_running("advance the clock"); !why.empty()) return why;
        if (c.to < st_.clock)
            return fmt::format("cannot advance backwards: the clock reads {} and {} is earlier", format_clock(st_.clock),
                               format_clock(c.to));
        if (c.to == st_.clock)
            return fmt::format("the clock already reads {}; advance to a later time", format_clock(st_.clock));
        p_.advance_to(c.to);
        return {};
    }

    std::string operator()(const cmd::DeliverNext&) {
        if (auto why = require_running("deliver an inject"); !why.empty()) return why;
        if (!st_.next)
            return "no inject is scheduled: the remaining injects wait for a decision, a condition or a goto";
        p_.deliver(*sc_.inject(st_.next->inject), "manual");
        p_.settle();
        return {};
    }

    std::string operator()(const cmd::Skip& c) {
        if (st_.phase == Phase::setup || st_.phase == Phase::hotwash || st_.phase == Phase::closed || st_.ended)
            return fmt::format("injects can only be skipped before the exercise ends (phase: {})", phase_text());
        const Inject* inj = sc_.inject(c.inject);
        if (!inj) return unknown_inject(c.inject);
        if (const auto* d = st_.delivered_inject(c.inject))
            return fmt::format("inject '{}' was already delivered at {}; only undelivered injects can be skipped",
                               c.inject, format_clock(d->delivered_at));
        if (st_.is_skipped(c.inject)) return fmt::format("inject '{}' is already skipped", c.inject);
        p_.emit(ev::InjectSkipped{c.inject, c.reason});
        return {};
    }

    std::string operator()(const cmd::RecordFeedback& c) {
        if (auto why = require_evaluation("record feedback"); !why.empty()) return why;
        if (!c.team.empty() && !sc_.team(c.team))
            return fmt::format("unknown team '{}' (teams: {})", c.team, list_ids(ids_of(sc_.teams)));
        if (!c.role.empty() && !sc_.role(c.role)) return fmt::format("unknown role '{}'", c.role);
        const auto& form = sc_.feedback_form();
        ev::FeedbackRecorded out{c.respondent, c.team, c.role, {}, {}};
        for (const auto& [id, answer] : c.answers) {
            // clang 14 (the fuzz build) cannot capture a structured binding: name it first.
            const std::string& qid = id;
            auto q = std::find_if(form.begin(), form.end(), [&](const FeedbackQuestion& x) { return x.id == qid; });
            if (q == form.end())
                return fmt::format("unknown feedback question '{}' (questions: {})", id, list_ids(ids_of(form)));
            if (contains(out.questions, id)) return fmt::format("feedback question '{}' is answered twice", id);
            if (q->kind == FeedbackKind::scale && (answer.size() != 1 || answer[0] < '1' || answer[0] > '5'))
                return fmt::format("feedback question '{}' takes a rating from 1 to 5, not '{}'", id, answer.substr(0, 20));
            if (answer.find_first_not_of(" \t\r\n") == std::string::npos) continue;   // left blank
            out.questions.push_back(id);
            out.answers.push_back(answer);
        }
        if (out.questions.empty()) return "the feedback form has no answers";
        p_.emit(std::move(out));
        return {};
    }

    std::string operator()(const cmd::Decide& c) {
        if (auto why = require_running("record a decision"); !why.empty()) return why;
        const Inject* inj = sc_.inject(c.inject);
        if (!inj) return unknown_inject(c.inject);
        if (!inj->decision) return fmt::format("inject '{}' has no decision to take", c.inject);
        const DeliveredInject* d = st_.delivered_inject(c.inject);
        if (!d) return fmt::format("inject '{}' has not been delivered yet; its decision cannot be taken", c.inject);
        if (const auto* prior = st_.decision(c.inject))
            return fmt::format("inject '{}' was already decided at {} ({}{}); a decision is taken only once", c.inject,
                               format_clock(prior->t), prior->option, prior->timed_out ? ", timed out" : "");
        const Option* opt = inj->decision->option(c.option);
        if (!opt)
            return fmt::format("unknown option '{}' for inject '{}' (options: {})", c.option, c.inject,
                               list_ids(ids_of(inj->decision->options)));
        std::string role = c.role;
        if (auto why = check_person(c.team, c.participant, role); !why.empty()) return why;
        const auto& by = inj->decision->by;
        if (!inj->decision->sign_off.empty()) return sign(*inj, *opt, c, role);
        if (!may_take_decision(sc_, *inj->decision, d->teams, c.team, role))
            return fmt::format("team '{}'{} may not take the decision on '{}' (decided by: {})", c.team,
                               role.empty() ? "" : fmt::format(" (role {})", role), c.inject,
                               list_ids(by.empty() ? d->teams : by));
        p_.decide(*inj, *opt, c.team, role, c.participant, c.rationale, false);
        p_.settle();
        return {};
    }

    std::string operator()(const cmd::Rate& c) {
        if (auto why = require_evaluation("rate an expectation"); !why.empty()) return why;
        const Inject* owner = owner_of(sc_, c.expectation);
        if (!owner) {
            std::vector<std::string> all;
            for (const auto& inj : sc_.injects)
                for (const auto& ex : inj.expect) all.push_back(ex.id);
            return fmt::format("unknown expectation '{}' (expectations: {})", c.expectation, list_ids(all));
        }
        if (!parse_rating(c.rating))
            return fmt::format("rating '{}' is not one of P, S, M, U (performed, some, major challenges, unable)", c.rating);
        if (c.source != "facilitator" && c.source != "evaluator")
            return fmt::format("rating source '{}' is not facilitator or evaluator", c.source);
        if (!st_.is_delivered(owner->id))
            return fmt::format("expectation '{}' belongs to inject '{}', which has not been delivered", c.expectation,
                               owner->id);
        if (c.at && (*c.at < 0 || *c.at > st_.clock))
            return fmt::format("a rating's time {} must lie between T+00:00:00 and the current clock {}",
                               format_clock(*c.at), format_clock(st_.clock));
        p_.emit(ev::ExpectationRated{c.expectation, c.rating, c.note, c.source, c.by, "", "", c.at});
        return {};
    }

    std::string operator()(const cmd::AddNote& c) {
        if (!st_.started) return "the session has not been started";
        if (st_.phase == Phase::closed) return closed();
        if (c.text.find_first_not_of(" \t\r\n") == std::string::npos) return "a note needs some text";
        if (c.role != "facilitator" && c.role != "observer")
            return fmt::format("note role '{}' is not facilitator or observer", c.role);
        if (!c.inject.empty() && !sc_.inject(c.inject)) return unknown_inject(c.inject);
        if (!c.objective.empty() && !sc_.objective(c.objective))
            return fmt::format("unknown objective '{}' (objectives: {})", c.objective, list_ids(ids_of(sc_.objectives)));
        p_.emit(ev::NoteAdded{c.text, c.author, c.role, c.action, c.inject, c.objective});
        return {};
    }

    std::string operator()(const cmd::SetStatus& c) {
        if (auto why = require_running("set an inject's status"); !why.empty()) return why;
        if (!sc_.inject(c.inject)) return unknown_inject(c.inject);
        const DeliveredInject* d = st_.delivered_inject(c.inject);
        if (!d) return fmt::format("inject '{}' has not been delivered yet", c.inject);
        if (!contains(d->teams, c.team))
            return fmt::format("team '{}' is not in the audience of inject '{}' (audience: {})", c.team, c.inject,
                               list_ids(d->teams));
        auto status = parse_inject_status(c.status);
        if (!status)
            return fmt::format("status '{}' is not one of acknowledged, escalated, dismissed, contained", c.status);
        if (d->status.at(c.team) == *status)
            return fmt::format("team '{}' already has inject '{}' as {}", c.team, c.inject, c.status);
        std::string role = c.role;
        if (auto why = check_person(c.team, c.participant, role); !why.empty()) return why;
        p_.emit(ev::StatusSet{c.inject, c.team, c.status, c.participant, role});
        return {};
    }

    std::string operator()(const cmd::Pause&) {
        if (auto why = require_running("pause"); !why.empty()) return why;
        p_.emit(ev::ExercisePaused{});
        return {};
    }

    std::string operator()(const cmd::Resume&) {
        if (st_.phase != Phase::paused)
            return fmt::format("only a paused exercise can be resumed (phase: {})", phase_text());
        p_.emit(ev::ExerciseResumed{});
        return {};
    }

    std::string operator()(const cmd::End& c) {
        if (st_.ended) return "the exercise has already ended";
        if (st_.phase != Phase::running && st_.phase != Phase::paused)
            return fmt::format("only a running or paused exercise can be ended (phase: {})", phase_text());
        p_.emit(ev::ExerciseEnded{"", "facilitator", c.reason});
        return {};
    }

    std::string operator()(const cmd::StartHotwash&) {
        if (st_.phase == Phase::hotwash) return "the hotwash has already started";
        if (st_.phase != Phase::running && st_.phase != Phase::paused)
            return fmt::format("the hotwash follows the exercise (phase: {})", phase_text());
        if (!st_.ended)
            p_.emit(ev::ExerciseEnded{"", "facilitator", "hotwash started"});
        p_.emit(ev::HotwashStarted{});
        return {};
    }

    std::string operator()(const cmd::Close&) {
        if (st_.phase == Phase::closed) return closed();
        if (st_.phase != Phase::hotwash && !st_.ended)
            return fmt::format("end the exercise before closing the session (phase: {})", phase_text());
        p_.emit(ev::SessionClosed{});
        return {};
    }

    std::string operator()(const cmd::Retract& c) {
        if (!st_.started) return "the session has not been started";
        if (st_.phase == Phase::closed) return closed();
        if (c.seq < 1 || c.seq > st_.last_seq)
            return fmt::format("there is no journal entry {} (entries run from 1 to {})", c.seq, st_.last_seq);
        const std::size_t kind = st_.kinds[static_cast<std::size_t>(c.seq - 1)];
        if (kind == event_index<ev::DecisionRecorded>())
            return fmt::format("entry {} is a decision; decisions cannot be retracted because they shaped what "
                               "happened next (add a note instead)", c.seq);
        if (kind != event_index<ev::NoteAdded>() && kind != event_index<ev::ExpectationRated>() &&
            kind != event_index<ev::StatusSet>() && kind != event_index<ev::PurpleObserved>())
            return fmt::format("entry {} is a {} event; only notes, ratings, statuses and purple outcomes can be retracted",
                               c.seq, event_kind(kind));
        if (st_.retracted.count(c.seq)) return fmt::format("entry {} is already retracted", c.seq);
        for (const auto& r : st_.rating_history)
            if (r.seq == c.seq && r.source == "option")
                return fmt::format("entry {} is a rating given by option '{}.{}'; it stands with the decision "
                                   "(rate the expectation again to override it)", c.seq, r.inject, r.option);
        p_.emit(ev::EntryRetracted{c.seq, c.reason});
        return {};
    }

    std::string operator()(const cmd::ChooseRedMove& c) {
        if (st_.mode == Mode::blue)
            return "red moves are chosen only in red or purple mode (this session runs in blue mode)";
        if (st_.ended || (st_.phase != Phase::briefing && st_.phase != Phase::running && st_.phase != Phase::paused))
            return fmt::format("red moves are chosen before or during the exercise (phase: {})", phase_text());
        if (!sc_.stage(c.stage))
            return fmt::format("unknown stage '{}' (stages: {})", c.stage, list_ids(ids_of(sc_.stages)));
        auto it = sc_.red_moves.find(c.stage);
        if (it == sc_.red_moves.end() || it->second.empty())
            return fmt::format("stage '{}' has no red alternatives to choose from", c.stage);
        auto move = std::find_if(it->second.begin(), it->second.end(), [&](const RedMove& m) { return m.id == c.move; });
        if (move == it->second.end())
            return fmt::format("unknown move '{}' for stage '{}' (moves: {})", c.move, c.stage, list_ids(ids_of(it->second)));
        if (const auto* prior = st_.red_move(c.stage))
            return fmt::format("stage '{}' already has its move '{}' ({})", c.stage, prior->move,
                               prior->drawn ? "drawn when the stage began" : "chosen");
        if (auto why = red_move_unavailable(c.stage, *move, st_); !why.empty()) {
            std::vector<std::string> open;
            for (const auto& m : it->second)
                if (red_move_unavailable(c.stage, m, st_).empty()) open.push_back(m.id);
            return fmt::format("{}; available now: {}", why, list_ids(open));
        }
        p_.emit(ev::RedMove{c.stage, move->id, move->technique, false});
        p_.settle_if_running();        // caused injects may be due at once
        return {};
    }

    std::string operator()(const cmd::RecordPurpleOutcome& c) {
        if (st_.mode != Mode::purple)
            return fmt::format("purple outcomes are recorded only in purple mode (this session runs in {} mode)",
                               to_string(st_.mode));
        if (auto why = require_evaluation("record a purple outcome"); !why.empty()) return why;
        if (!technique_in_scenario(c.technique))
            return fmt::format("technique '{}' is not used by this scenario's injects or red moves", c.technique);
        if (!parse_purple_outcome(c.outcome))
            return fmt::format("outcome '{}' is not one of blocked, alerted, logged, none, n/a", c.outcome);
        if (c.detected_at && (*c.detected_at < 0 || *c.detected_at > st_.clock))
            return fmt::format("detected_at {} must lie between T+00:00:00 and the current clock {}",
                               format_clock(*c.detected_at), format_clock(st_.clock));
        if (!sc_.team(c.team))
            return fmt::format("unknown team '{}' (teams: {})", c.team, list_ids(ids_of(sc_.teams)));
        p_.emit(ev::PurpleObserved{c.technique, c.outcome, c.detected_at, c.team, c.note});
        return {};
    }

    std::string operator()(const cmd::Hunt& c) {
        if (auto why = require_running("run a hunt"); !why.empty()) return why;
        if (!sc_.posture)
            return "this scenario declares no posture (`posture:`), so there is no telemetry to hunt through";
        const Team* team = sc_.team(c.team);
        if (!team) return fmt::format("unknown team '{}' (teams: {})", c.team, list_ids(ids_of(sc_.teams)));
        if (team->kind == TeamKind::red) return fmt::format("team '{}' is the red cell; hunts are the defenders'", c.team);
        const auto& cat = attack::builtin_catalog();
        if (!known_telemetry(cat, c.telemetry)) {
            std::string hint = attack::suggestion(cat, attack::Kind::data_component, c.telemetry);
            if (hint.empty()) hint = attack::suggestion(cat, attack::Kind::log_source, c.telemetry);
            return fmt::format("unknown telemetry '{}': name an ATT&CK data component or a log source{}", c.telemetry,
                               hint.empty() ? "" : " (" + hint + ")");
        }
        p_.hunt(c);
        return {};
    }

    std::string operator()(const cmd::OverrideOutcome& c) {
        if (auto why = require_evaluation("override an outcome"); !why.empty()) return why;
        const auto* r = st_.red_move(c.stage);
        if (!r || r->move != c.move || r->executed_at == kNoTime) {
            std::vector<std::string> done;
            for (const auto& x : st_.red_moves)
                if (x.executed_at != kNoTime) done.push_back(move_fact(x.stage, x.move));
            return fmt::format("red move '{}' has not taken effect; only executed moves have an outcome (executed: {})",
                               move_fact(c.stage, c.move), list_ids(done));
        }
        static const std::vector<std::string> kOutcomes = {"blocked", "alerted", "logged", "none"};
        if (!contains(kOutcomes, c.outcome))
            return fmt::format("outcome '{}' is not one of blocked, alerted, logged, none", c.outcome);
        if (c.reason.find_first_not_of(" \t\r\n") == std::string::npos) return "an override needs a reason";
        p_.emit(ev::OutcomeOverridden{c.stage, c.move, c.outcome, c.reason, c.by});
        if (!st_.ended) p_.settle_if_running();
        return {};
    }

private:
    // Joint sign-off: this signature covers the parties the signer stands for;
    // the decision is taken once all have signed the same option.
    std::string sign(const Inject& inj, const Option& opt, const cmd::Decide& c, const std::string& role) {
        const Decision& d = *inj.decision;
        std::vector<std::string> parties;
        for (const auto& party : d.sign_off) {
            Decision one;
            one.by = {party};
            if (may_take_decision(sc_, one, {}, c.team, role)) parties.push_back(party);
        }
        if (parties.empty())
            return fmt::format("team '{}'{} is not one of the parties that sign off the decision on '{}' (sign-off: {})",
                               c.team, role.empty() ? "" : fmt::format(" (role {})", role), c.inject, list_ids(d.sign_off));
        std::vector<std::string> done;
        if (const SignOffRecord* r = st_.sign_off(c.inject); r && r->option == opt.id) done = r->signed_by;
        if (std::all_of(parties.begin(), parties.end(), [&](const std::string& x) { return contains(done, x); }))
            return fmt::format("{} already signed option '{}' of '{}'; waiting for {}", list_ids(parties), opt.id, c.inject,
                               list_ids(missing(d.sign_off, done)));
        p_.emit(ev::DecisionSigned{c.inject, opt.id, c.team, role, c.participant, c.rationale, parties});
        done.insert(done.end(), parties.begin(), parties.end());
        if (missing(d.sign_off, done).empty()) {
            p_.decide(inj, opt, c.team, role, c.participant, c.rationale, false);
            p_.settle();
        }
        return {};
    }

    static std::vector<std::string> missing(const std::vector<std::string>& all, const std::vector<std::string>& done) {
        std::vector<std::string> out;
        for (const auto& x : all)
            if (!contains(done, x)) out.push_back(x);
        return out;
    }

    std::string phase_text() const {
        return st_.ended && st_.phase == Phase::running ? "ended" : to_string(st_.phase);
    }
    static std::string closed() { return "the session is closed; nothing more can be recorded"; }

    std::string unknown_inject(const std::string& id) const {
        return fmt::format("unknown inject '{}' (injects: {})", id, list_ids(ids_of(sc_.injects)));
    }

    std::string require_running(const char* what) const {
        if (st_.phase == Phase::closed) return closed();
        if (st_.ended) return fmt::format("cannot {}: the exercise has ended", what);
        if (st_.phase == Phase::paused) return fmt::format("cannot {}: the exercise is paused (resume it first)", what);
        if (st_.phase != Phase::running)
            return fmt::format("cannot {}: the exercise is not running (phase: {})", what, phase_text());
        return {};
    }

    std::string require_evaluation(const char* what) const {
        if (st_.phase == Phase::closed) return closed();
        if (st_.phase == Phase::setup || st_.phase == Phase::briefing)
            return fmt::format("cannot {} before the exercise runs (phase: {})", what, phase_text());
        return {};
    }

    // A named participant must be registered with that team; fills their role.
    std::string check_person(const std::string& team, const std::string& participant, std::string& role) const {
        if (!sc_.team(team)) return fmt::format("unknown team '{}' (teams: {})", team, list_ids(ids_of(sc_.teams)));
        if (!role.empty() && !sc_.role(role)) return fmt::format("unknown role '{}'", role);
        if (participant.empty() || st_.participants.empty()) return {};
        auto it = std::find_if(st_.participants.begin(), st_.participants.end(),
                               [&](const Participant& p) { return p.name == participant; });
        if (it == st_.participants.end())
            return fmt::format("'{}' is not a registered participant", participant);
        if (it->team != team)
            return fmt::format("participant '{}' belongs to team '{}', not '{}'", participant, it->team, team);
        if (role.empty()) role = it->role;
        return {};
    }

    bool technique_in_scenario(const std::string& t) const {
        for (const auto& inj : sc_.injects)
            if (contains(inj.techniques, t)) return true;
        for (const auto& [stage, moves] : sc_.red_moves)
            for (const auto& m : moves)
                if (m.technique == t) return true;
        return false;
    }

    const Scenario& sc_;
    const ExerciseState& st_;
    Planner& p_;
};

} // namespace

CommandResult Exercise::plan(const Command& c, std::int64_t wall_ms) const {
    if (!broken_.empty()) return CommandResult::rejected("the exercise refused an earlier event and cannot continue: " + broken_);
    Planner planner(*scenario_, state_, wall_ms);
    Checker checker(*scenario_, state_, planner);
    std::string why;
    try {
        why = std::visit(checker, c);
    } catch (const JournalError& e) {
        // A scenario that breaks the fold's assumptions (not validated): refuse, change nothing.
        return CommandResult::rejected(fmt::format("internal inconsistency while planning {}: {}", command_name(c), e.what()));
    }
    if (!why.empty()) return CommandResult::rejected(std::move(why));
    return {{}, planner.take()};
}

} // namespace sim
