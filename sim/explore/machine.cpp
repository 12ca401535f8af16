// sim/explore/machine.cpp — the engine's inject-graph rules over a small value state.
#include "sim/explore/machine.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "sim/attack/catalog.hpp"
#include "sim/engine/adjudicate.hpp"
#include "sim/scoring/scorecard.hpp"

namespace sim::explore::detail {

namespace {

bool test(const Bits& b, int i) { return (b[static_cast<std::size_t>(i) / 64] >> (i % 64)) & 1u; }
void set_bit(Bits& b, int i) { b[static_cast<std::size_t>(i) / 64] |= std::uint64_t{1} << (i % 64); }
void clear_bit(Bits& b, int i) { b[static_cast<std::size_t>(i) / 64] &= ~(std::uint64_t{1} << (i % 64)); }

template <class T>
void put(std::string& out, T v) {
    char buf[sizeof(T)];
    std::memcpy(buf, &v, sizeof(T));
    out.append(buf, sizeof(T));
}

void put_bits(std::string& out, const Bits& b) {
    for (auto w : b) put(out, w);
}

constexpr std::int64_t kNoDeadline = std::numeric_limits<std::int64_t>::min();

// A branch point inside a move: which of `n` alternatives this run takes.
int choose(Effect& e, int n) {
    if (n <= 1) return 0;
    const std::size_t k = e.taken.size();
    const int c = e.script && k < e.script->size() ? std::min<int>((*e.script)[k], n - 1) : 0;
    e.taken.push_back(static_cast<std::uint8_t>(c));
    e.arity.push_back(static_cast<std::uint8_t>(std::min(n, 255)));
    return c;
}

void note(Effect& e, RedEvent::Kind kind, int move, int value = 0) {
    if (e.red) e.red->push_back({kind, move, value});
}

const char* outcome_name(std::uint8_t o) {
    switch (o) {
    case kBlocked: return "blocked";
    case kAlerted: return "alerted";
    case kLogged: case kRevealed: return "logged";
    case kUnseen: return "none";
    default: return "";
    }
}

std::uint8_t outcome_code(const std::string& o) {
    if (o == "blocked") return kBlocked;
    if (o == "alerted") return kAlerted;
    if (o == "logged") return kLogged;
    return kUnseen;
}

} // namespace

Machine::Machine(const Scenario& s, Mode mode, bool forget) : s_(s), red_(mode != Mode::blue), forget_(forget) {
    const int n = static_cast<int>(s.injects.size());
    words_ = std::max(1, (n + 63) / 64);
    std::unordered_map<std::string, int> index;
    for (int i = 0; i < n; ++i) index.emplace(s.injects[static_cast<std::size_t>(i)].id, i);  // first wins, as in the engine

    // Flags: every name an option sets or clears. A `when` naming a flag
    // nobody sets keeps -1: it is never set.
    std::map<std::string, int> flags;
    for (const auto& inj : s.injects) {
        for (const auto& f : inj.set) flags.emplace(f, static_cast<int>(flags.size()));
        for (const auto& f : inj.clear) flags.emplace(f, static_cast<int>(flags.size()));
    }
    for (const auto& inj : s.injects)
        if (inj.decision)
            for (const auto& o : inj.decision->options) {
                for (const auto& f : o.set) flags.emplace(f, static_cast<int>(flags.size()));
                for (const auto& f : o.clear) flags.emplace(f, static_cast<int>(flags.size()));
            }
    // Move facts ("stage/move") are flags that a move's taking effect sets.
    for (const auto& [stage, moves] : s.red_moves)
        for (const auto& m : moves) flags.emplace(move_fact(stage, m.id), static_cast<int>(flags.size()));
    flag_words_ = std::max(1, (static_cast<int>(flags.size()) + 63) / 64);
    flag_names_.resize(flags.size());
    for (const auto& [name, k] : flags) flag_names_[static_cast<std::size_t>(k)] = name;
    auto flag = [&](const std::string& f) {
        auto it = flags.find(f);
        return it == flags.end() ? -1 : it->second;
    };

    // Endings: the defined ones, then those referenced but not defined.
    for (const auto& e : s.endings) ending_ids_.push_back(e.id);
    auto ending = [&](const std::string& id) {
        if (id.empty()) return -1;
        has_endings_ = true;
        auto it = std::find(ending_ids_.begin(), ending_ids_.end(), id);
        if (it != ending_ids_.end()) return static_cast<int>(it - ending_ids_.begin());
        ending_ids_.push_back(id);
        return static_cast<int>(ending_ids_.size() - 1);
    };

    // Which decisions rate each expectation. One rated only by its own
    // inject's decision adds its points when that decision is taken; any
    // other (re-rated, or rated from elsewhere) is tracked in the state and
    // counted at the end, where the latest rating and the deliveries are known.
    std::map<std::string, std::set<int>> raters;
    for (int i = 0; i < n; ++i) {
        const auto& inj = s.injects[static_cast<std::size_t>(i)];
        if (!inj.decision) continue;
        for (const auto& o : inj.decision->options)
            for (const auto& [exp, r] : o.rate) raters[exp].insert(i);
    }
    std::map<std::string, std::pair<int, const Expectation*>> expectations;  // id -> owner, def
    for (int i = 0; i < n; ++i)
        for (const auto& e : s.injects[static_cast<std::size_t>(i)].expect) expectations.emplace(e.id, std::make_pair(i, &e));
    std::map<std::string, int> tracked_index;
    inj_.resize(static_cast<std::size_t>(n));
    for (const auto& inj : s.injects)
        for (const auto& e : inj.expect) {
            auto r = raters.find(e.id);
            if (r == raters.end() || rated_.end() != std::find(rated_.begin(), rated_.end(), e.id)) continue;
            rated_.push_back(e.id);
            const int owner = expectations.at(e.id).first;
            if (r->second.size() == 1 && *r->second.begin() == owner) {
                inj_[static_cast<std::size_t>(owner)].gain_d += e.weight;
            } else {
                tracked_index.emplace(e.id, static_cast<int>(tracked_.size()));
                tracked_.push_back({owner, e.weight});
            }
        }

    for (int i = 0; i < n; ++i) {
        const auto& inj = s.injects[static_cast<std::size_t>(i)];
        auto& c = inj_[static_cast<std::size_t>(i)];
        c.stage = s.stage_index(inj.stage);
        // fold.cpp `due`: an inject a move causes (or, in red modes, one a
        // move alerts or a hunt finds) is due only once such a move made it so.
        // In blue mode no move is played: it never comes.
        c.gated = s.caused_by_moves(inj.id) || (red_ && s.alert_of_moves(inj.id));
        c.goto_only = red_ ? inj.trigger.goto_only() && !c.gated : inj.trigger.goto_only() || s.waits_for_move(inj);
        c.at = inj.trigger.at;
        c.has_when = !inj.trigger.when.empty();
        for (const auto& f : inj.trigger.when.all) c.all.push_back(flag(f));
        for (const auto& f : inj.trigger.when.any) c.any.push_back(flag(f));
        for (const auto& f : inj.trigger.when.none) c.none.push_back(flag(f));
        c.end = ending(inj.end);
        for (const auto& f : inj.set) c.set.push_back(flag(f));
        for (const auto& f : inj.clear) c.clear.push_back(flag(f));
        if (!inj.trigger.after.empty()) {
            c.has_after = true;
            // after: inject (a delivery) arms here; after: inject.option is
            // recorded on the option below, once the options are compiled.
            if (inj.trigger.after.find('.') == std::string::npos)
                if (auto it = index.find(inj.trigger.after); it != index.end())
                    inj_[static_cast<std::size_t>(it->second)].arms.emplace_back(i, inj.trigger.delay);
        }
        if (!inj.decision) continue;
        Decision d;
        d.timeout = inj.decision->timeout;
        for (std::size_t k = 0; k < inj.decision->options.size() && k < 64; ++k) {
            const auto& o = inj.decision->options[k];
            if (o.id == inj.decision->default_option) d.default_option = static_cast<int>(k);
            Option co;
            for (const auto& f : o.set) co.set.push_back(flag(f));
            for (const auto& f : o.clear) co.clear.push_back(flag(f));
            for (const auto& g : o.go_to)
                if (auto it = index.find(g); it != index.end()) co.go_to.push_back(it->second);
            co.end = ending(o.end);
            for (const auto& [exp, r] : o.rate) {
                auto ex = expectations.find(exp);
                if (ex == expectations.end()) continue;  // dangling: the validator reports it
                const std::uint8_t code = static_cast<std::uint8_t>(1 + static_cast<int>(r));
                if (auto t = tracked_index.find(exp); t != tracked_index.end())
                    co.tracked.emplace_back(t->second, code);
                else
                    co.gain_n += ex->second.second->weight * scoring::points(r);
            }
            d.options.push_back(std::move(co));
        }
        c.decision = std::move(d);
    }
    // after: inject.option -> armed when that option is taken.
    for (int i = 0; i < n; ++i) {
        const auto& tr = s.injects[static_cast<std::size_t>(i)].trigger;
        const auto dot = tr.after.find('.');
        if (tr.after.empty() || dot == std::string::npos) continue;
        auto it = index.find(tr.after.substr(0, dot));
        if (it == index.end()) continue;
        const auto& target = s.injects[static_cast<std::size_t>(it->second)];
        auto& t = inj_[static_cast<std::size_t>(it->second)];
        if (!target.decision || !t.decision) continue;
        const std::string option = tr.after.substr(dot + 1);
        for (std::size_t k = 0; k < target.decision->options.size() && k < 64; ++k)
            if (target.decision->options[k].id == option) t.decision->options[k].arms.emplace_back(i, tr.delay);
    }

    // What key() reads to forget history no future can test.
    const auto fw = static_cast<std::size_t>(flag_words_);
    when_reads_.assign(static_cast<std::size_t>(n), Bits(fw, 0));
    may_settle_.assign(static_cast<std::size_t>(n), 1);
    after_source_.assign(static_cast<std::size_t>(n), -1);
    kept_flags_.assign(fw, ~std::uint64_t{0});
    sets_.assign(static_cast<std::size_t>(n), Bits(fw, 0));
    for (int i = 0; i < n; ++i) {
        const auto& c = inj_[static_cast<std::size_t>(i)];
        auto& sets = sets_[static_cast<std::size_t>(i)];
        for (int f : c.set)
            if (f >= 0) set_bit(sets, f);
        for (const auto* list : {&c.all, &c.any, &c.none})
            for (int f : *list)
                if (f >= 0) set_bit(when_reads_[static_cast<std::size_t>(i)], f);
        for (int f : c.clear)
            if (f >= 0) clear_bit(kept_flags_, f);
        if (c.decision)
            for (const auto& o : c.decision->options) {
                for (int g : o.go_to) may_settle_[static_cast<std::size_t>(g)] = 0;
                for (int f : o.set)
                    if (f >= 0) set_bit(sets, f);
                for (int f : o.clear)
                    if (f >= 0) clear_bit(kept_flags_, f);
            }
        const auto& after = s.injects[static_cast<std::size_t>(i)].trigger.after;
        if (auto it = index.find(after.substr(0, after.find('.'))); !after.empty() && it != index.end())
            after_source_[static_cast<std::size_t>(i)] = it->second;
    }
    for (const auto& t : tracked_) may_settle_[static_cast<std::size_t>(t.owner)] = 0;

    stage_mask_.assign(s.stages.size(), Bits(static_cast<std::size_t>(words_), 0));
    for (int i = 0; i < n; ++i)
        if (int st = inj_[static_cast<std::size_t>(i)].stage; st >= 0) set_bit(stage_mask_[static_cast<std::size_t>(st)], i);
    if (!red_) return;

    // Red moves, in stage order then the stage's own order.
    stage_moves_.assign(s.stages.size(), {});
    waits_stage_.assign(s.stages.size(), 0);
    red_opens_.assign(s.stages.size(), 0);
    const auto& cat = attack::builtin_catalog();
    auto causes = [&](const std::vector<MoveCause>& list) {
        std::vector<std::pair<int, ExTime>> out;
        for (const auto& c : list)
            if (auto it = index.find(c.inject); it != index.end()) out.emplace_back(it->second, c.delay);
        return out;
    };
    for (std::size_t st = 0; st < s.stages.size(); ++st) {
        auto it = s.red_moves.find(s.stages[st].id);
        if (it == s.red_moves.end() || it->second.empty()) continue;
        waits_stage_[st] = s.stage_waits_for_move(it->first) ? 1 : 0;
        // A stage of goto-only injects also "begins with its move" (the move
        // is drawn when a goto reaches it); only one with an inject waiting
        // for its move needs the red cell to choose a moment.
        for (const auto& inj : s.injects)
            if (waits_stage_[st] && inj.stage == it->first && s.waits_for_move(inj)) red_opens_[st] = 1;
        for (const auto& m : it->second) {
            RedMoveC c;
            c.stage = static_cast<int>(st);
            c.def = &m;
            c.fact = flag(move_fact(it->first, m.id));
            for (const auto& f : m.prerequisites.all) c.req_all.push_back(flag(f));
            for (const auto& f : m.prerequisites.any) c.req_any.push_back(flag(f));
            for (const auto& f : m.prerequisites.none) c.req_none.push_back(flag(f));
            for (const auto& f : m.blocked_by) c.blocked.push_back(flag(f));
            for (const auto& f : m.stopped_by) c.adj_flags.push_back(flag(f));
            for (const auto& f : m.revealed_by) c.adj_flags.push_back(flag(f));
            c.causes = causes(m.causes);
            c.alerts = causes(m.alerts);
            c.finds = causes(m.hunt_finds);
            // A hunt through one collected source reveals a logged move when
            // that source records the technique (certain: always; uncertain:
            // when its reliability is above 0).
            if (s.posture)
                for (const auto& t : s.posture->telemetry) {
                    const double p = hunt_reliability(*s.posture, cat, t.source, m.technique);
                    if (p > 0 || (p == 0 && !s.posture->uncertain)) c.revealable = true;
                }
            stage_moves_[st].push_back(static_cast<int>(moves_.size()));
            moves_.push_back(std::move(c));
        }
    }
    // Which moves can still make each inject due, and what a stage's draw tests.
    armers_.assign(static_cast<std::size_t>(n), {});
    finders_.assign(static_cast<std::size_t>(n), {});
    draw_reads_.assign(s.stages.size(), Bits(fw, 0));
    stage_facts_.assign(s.stages.size(), Bits(fw, 0));
    for (int k = 0; k < static_cast<int>(moves_.size()); ++k) {
        const auto& m = moves_[static_cast<std::size_t>(k)];
        for (const auto* list : {&m.causes, &m.alerts})
            for (const auto& [j, delay] : *list) armers_[static_cast<std::size_t>(j)].push_back(k);
        for (const auto& [j, delay] : m.finds) finders_[static_cast<std::size_t>(j)].push_back(k);
        if (m.fact >= 0) set_bit(stage_facts_[static_cast<std::size_t>(m.stage)], m.fact);
        for (const auto* list : {&m.req_all, &m.req_any, &m.req_none, &m.blocked, &m.adj_flags})
            for (int f : *list)
                if (f >= 0) set_bit(draw_reads_[static_cast<std::size_t>(m.stage)], f);
    }

    // Injects whose `when` tests a move fact (under all/any) follow that move.
    for (int i = 0; i < n; ++i) {
        const auto& w = s.injects[static_cast<std::size_t>(i)].trigger.when;
        for (int k = 0; k < static_cast<int>(moves_.size()); ++k) {
            const std::string fact = flag_names_[static_cast<std::size_t>(moves_[static_cast<std::size_t>(k)].fact)];
            if (std::find(w.all.begin(), w.all.end(), fact) != w.all.end() ||
                std::find(w.any.begin(), w.any.end(), fact) != w.any.end())
                inj_[static_cast<std::size_t>(i)].fact_moves.push_back(k);
        }
    }
}

bool Machine::delivered(const State& st, int inject) const { return test(st.delivered, inject); }

bool Machine::holds(const Inject& c, const Bits& flags) const {
    auto on = [&](int f) { return f >= 0 && test(flags, f); };
    if (!std::all_of(c.all.begin(), c.all.end(), on)) return false;
    if (!c.any.empty() && std::none_of(c.any.begin(), c.any.end(), on)) return false;
    return std::none_of(c.none.begin(), c.none.end(), on);
}

// fold.cpp `due`: when inject i comes due, or nullopt.
std::optional<ExTime> Machine::due(const State& st, int i) const {
    const auto& c = inj_[static_cast<std::size_t>(i)];
    if (c.goto_only || test(st.delivered, i)) return std::nullopt;
    ExTime at = c.at != kNoTime ? c.at : 0;
    if (c.gated) {
        const ExTime made = st.red_at[static_cast<std::size_t>(i)];
        if (made == kNoTime) return std::nullopt;
        at = std::max(at, made);
    }
    if (c.has_after) {
        const ExTime armed = st.armed[static_cast<std::size_t>(i)];
        if (armed == kNoTime) return std::nullopt;
        at = std::max(at, armed);
    }
    if (c.has_when) {
        if (!holds(c, st.flags)) return std::nullopt;
        if (c.at == kNoTime && !c.has_after && !c.gated) at = st.clock;
    }
    return at;
}

std::optional<std::pair<int, ExTime>> Machine::earliest_due(const State& st) const {
    std::optional<std::pair<int, ExTime>> best;
    for (int i = 0; i < static_cast<int>(inj_.size()); ++i)
        if (auto at = due(st, i); at && (!best || *at < best->second)) best = std::make_pair(i, *at);
    return best;
}

bool Machine::times_out(const PendingDecision& p) const {
    return p.deadline != kNoTime && inj_[static_cast<std::size_t>(p.inject)].decision->default_option >= 0;
}

// exercise.cpp `first_timeout`: earliest deadline, ties in delivery order.
int Machine::first_timeout(const State& st, ExTime now) const {
    int best = -1;
    for (int k = 0; k < static_cast<int>(st.pending.size()); ++k) {
        const auto& p = st.pending[static_cast<std::size_t>(k)];
        if (times_out(p) && p.deadline <= now && (best < 0 || p.deadline < st.pending[static_cast<std::size_t>(best)].deadline))
            best = k;
    }
    return best;
}

std::optional<ExTime> Machine::next_event(const State& st) const {
    std::optional<ExTime> next;
    if (auto d = earliest_due(st)) next = d->second;
    for (const auto& p : st.pending)
        if (times_out(p) && (!next || p.deadline < *next)) next = p.deadline;
    return next;
}

bool Machine::available(const State& st, int move) const {
    const auto& m = moves_[static_cast<std::size_t>(move)];
    auto on = [&](int f) { return f >= 0 && test(st.flags, f); };
    if (!std::all_of(m.req_all.begin(), m.req_all.end(), on)) return false;
    if (!m.req_any.empty() && std::none_of(m.req_any.begin(), m.req_any.end(), on)) return false;
    return std::none_of(m.req_none.begin(), m.req_none.end(), on) && std::none_of(m.blocked.begin(), m.blocked.end(), on);
}

// Every outcome adjudication can give the move on these flags: the engine's
// own rules (adjudicate.cpp), run once per combination of rolls working or
// failing. A certain posture rolls nothing: one outcome.
std::vector<std::uint8_t> Machine::outcomes(int move, const Bits& flags) const {
    const auto& m = moves_[static_cast<std::size_t>(move)];
    std::uint32_t mask = 0;
    std::set<std::string> held;
    for (std::size_t k = 0; k < m.adj_flags.size() && k < 32; ++k)
        if (const int f = m.adj_flags[k]; f >= 0 && test(flags, f)) {
            mask |= 1u << k;
            held.insert(flag_names_[static_cast<std::size_t>(f)]);
        }
    auto [it, fresh] = outcome_cache_.try_emplace({move, mask});
    if (!fresh) return it->second;
    std::set<std::uint8_t> seen;
    // `works[k]`: whether the k-th control rolled works; beyond them, it does.
    std::vector<std::vector<bool>> todo{{}};
    while (!todo.empty()) {
        const std::vector<bool> works = std::move(todo.back());
        todo.pop_back();
        std::size_t drawn = 0;
        const Adjudication a = adjudicate(*s_.posture, *m.def, held, attack::builtin_catalog(), [&]() -> std::uint64_t {
            const bool hit = drawn < works.size() ? works[drawn] : true;
            ++drawn;
            return hit ? 0 : kRollScale - 1;
        });
        seen.insert(outcome_code(a.outcome));
        for (std::size_t j = works.size(); j < drawn; ++j) {
            std::vector<bool> next(works);
            next.resize(j, true);
            next.push_back(false);
            todo.push_back(std::move(next));
        }
    }
    it->second.assign(seen.begin(), seen.end());
    return it->second;
}

void Machine::arm(State& st, int inject, ExTime at, int move) const {
    const auto i = static_cast<std::size_t>(inject);
    if (test(st.delivered, inject) || (st.red_at[i] != kNoTime && st.red_at[i] <= at)) return;
    st.red_at[i] = at;
    st.red_by[i] = static_cast<std::int16_t>(move);
}

// The red cell's move for a stage: recorded now, in effect now or once the stage begins.
void Machine::choose_move(State& st, int move) const {
    const auto& m = moves_[static_cast<std::size_t>(move)];
    st.move[static_cast<std::size_t>(m.stage)] = static_cast<std::int16_t>(move);
}

// fold.cpp `execute_move` and exercise.cpp `adjudicate_executed`: the fact
// holds, caused injects are armed, the posture adjudicates (a branch per
// possible outcome when uncertain), and an alerted move arms its alerts.
void Machine::execute(State& st, int move, Effect& e) const {
    const auto& m = moves_[static_cast<std::size_t>(move)];
    if (m.fact >= 0) set_bit(st.flags, m.fact);
    note(e, RedEvent::Kind::executed, move);
    for (const auto& [j, delay] : m.causes) arm(st, j, st.clock + delay, move);
    std::uint8_t outcome = kUnjudged;
    if (s_.posture) {
        const auto possible = outcomes(move, st.flags);
        outcome = possible[static_cast<std::size_t>(choose(e, static_cast<int>(possible.size())))];
        st.outcome[static_cast<std::size_t>(m.stage)] = outcome;
        note(e, RedEvent::Kind::outcome, move, outcome);
        // A logged move with nothing for a hunt to deliver is not branched on:
        // a hunt is open to blue from now on, and it would change nothing else.
        if (outcome == kLogged && m.revealable && m.finds.empty()) note(e, RedEvent::Kind::hunt_reveals, move);
    }
    if (!s_.posture || outcome == kAlerted)
        for (const auto& [j, delay] : m.alerts) arm(st, j, st.clock + delay, move);
    if (e.steps)
        e.steps->push_back({Step::Kind::red_move, st.clock, {}, {}, {}, s_.stages[static_cast<std::size_t>(m.stage)].id,
                            m.def->id, outcome_name(outcome)});
}

void Machine::deliver(State& st, int i, Effect& e) const {
    const auto& c = inj_[static_cast<std::size_t>(i)];
    int executes = -1;                  // a move drawn now that takes effect with this delivery
    if (red_ && c.stage >= 0 && st.move[static_cast<std::size_t>(c.stage)] < 0) {
        // exercise.cpp `draw_red_move_if_needed`: a stage with alternatives
        // gets its move when one of its injects arrives, among the moves
        // available then; the walk branches on each.
        std::vector<int> open;
        for (int k : stage_moves_[static_cast<std::size_t>(c.stage)])
            if (available(st, k)) open.push_back(k);
        if (!open.empty()) {
            const int k = open[static_cast<std::size_t>(choose(e, static_cast<int>(open.size())))];
            choose_move(st, k);
            const auto& mask = stage_mask_[static_cast<std::size_t>(c.stage)];
            bool begun = false;
            for (std::size_t w = 0; w < mask.size(); ++w) begun |= (mask[w] & st.delivered[w]) != 0;
            if (begun || waits_stage_[static_cast<std::size_t>(c.stage)]) execute(st, k, e);
            else executes = k;
        }
    }
    set_bit(st.delivered, i);
    for (int f : c.set)
        if (f >= 0) set_bit(st.flags, f);
    for (int f : c.clear)
        if (f >= 0) clear_bit(st.flags, f);
    if (red_) {
        if (c.gated && st.red_by[static_cast<std::size_t>(i)] >= 0)
            note(e, RedEvent::Kind::caused, st.red_by[static_cast<std::size_t>(i)], i);
        for (int k : c.fact_moves)
            if (test(st.flags, moves_[static_cast<std::size_t>(k)].fact)) note(e, RedEvent::Kind::caused, k, i);
    }
    e.gain_d += c.gain_d;
    if (c.decision)
        st.pending.push_back({i, c.decision->timeout == kNoTime ? kNoTime : st.clock + c.decision->timeout});
    for (const auto& [j, delay] : c.arms)
        if (st.armed[static_cast<std::size_t>(j)] == kNoTime) st.armed[static_cast<std::size_t>(j)] = st.clock + delay;
    if (e.steps) e.steps->push_back({Step::Kind::delivered, st.clock, s_.injects[static_cast<std::size_t>(i)].id, {}, {}});
    if (executes >= 0) execute(st, executes, e);
    if (c.end >= 0) {
        st.ending = c.end;
        if (e.steps) e.steps->push_back({Step::Kind::ended, st.clock, {}, {}, ending_ids_[static_cast<std::size_t>(c.end)]});
    }
}

// exercise.cpp `Planner::decide`: flags, ratings, goto targets in order, then the option's end.
void Machine::decide(State& st, int i, int option, bool timed_out, Effect& e) const {
    auto p = std::find_if(st.pending.begin(), st.pending.end(), [&](const PendingDecision& x) { return x.inject == i; });
    if (p != st.pending.end()) st.pending.erase(p);
    const auto& o = inj_[static_cast<std::size_t>(i)].decision->options[static_cast<std::size_t>(option)];
    ++e.decisions;
    if (e.steps) {
        const auto& inj = s_.injects[static_cast<std::size_t>(i)];
        e.steps->push_back({timed_out ? Step::Kind::timed_out : Step::Kind::decided, st.clock, inj.id,
                            inj.decision->options[static_cast<std::size_t>(option)].id, {}});
    }
    for (int f : o.set)
        if (f >= 0) set_bit(st.flags, f);
    for (int f : o.clear)
        if (f >= 0) clear_bit(st.flags, f);
    e.gain_n += o.gain_n;
    for (const auto& [t, code] : o.tracked) st.tracked[static_cast<std::size_t>(t)] = code;
    for (const auto& [j, delay] : o.arms)
        if (st.armed[static_cast<std::size_t>(j)] == kNoTime) st.armed[static_cast<std::size_t>(j)] = st.clock + delay;
    for (int g : o.go_to) {
        if (st.ending >= 0) break;
        if (!test(st.delivered, g)) deliver(st, g, e);
    }
    if (o.end >= 0 && st.ending < 0) {
        st.ending = o.end;
        if (e.steps) e.steps->push_back({Step::Kind::ended, st.clock, {}, {}, ending_ids_[static_cast<std::size_t>(o.end)]});
    }
}

// exercise.cpp `settle`: timeouts first (deadline order), then due injects.
void Machine::settle(State& st, Effect& e) const {
    while (st.ending < 0) {
        if (int k = first_timeout(st, st.clock); k >= 0) {
            const int i = st.pending[static_cast<std::size_t>(k)].inject;
            decide(st, i, inj_[static_cast<std::size_t>(i)].decision->default_option, true, e);
            continue;
        }
        auto d = earliest_due(st);
        if (d && d->second <= st.clock) {
            deliver(st, d->first, e);
            continue;
        }
        break;
    }
}

// While nobody has a decision to take, the clock simply runs on.
void Machine::run_idle(State& st, Effect& e) const {
    while (st.ending < 0 && st.pending.empty()) {
        auto next = next_event(st);
        if (!next) break;
        st.clock = *next;
        settle(st, e);
    }
}

State Machine::initial() const {
    State st;
    st.delivered.assign(static_cast<std::size_t>(words_), 0);
    st.flags.assign(static_cast<std::size_t>(flag_words_), 0);
    st.armed.assign(inj_.size(), kNoTime);
    st.tracked.assign(tracked_.size(), 0);
    if (red_) {
        st.move.assign(s_.stages.size(), -1);
        st.outcome.assign(s_.stages.size(), kUnjudged);
        st.red_at.assign(inj_.size(), kNoTime);
        st.red_by.assign(inj_.size(), -1);
    }
    return st;
}

std::vector<Label> Machine::moves(const State& st) const {
    std::vector<Label> out;
    if (!st.started) return {kStart};
    if (st.ending >= 0) return out;
    const auto next = next_event(st);
    // The decision whose timeout is the very next thing to happen: choosing
    // its default now tells the same story as waiting, so only waiting counts.
    const int redundant = next ? first_timeout(st, *next) : -1;
    for (int k = 0; k < static_cast<int>(st.pending.size()); ++k) {
        const int i = st.pending[static_cast<std::size_t>(k)].inject;
        const auto& d = *inj_[static_cast<std::size_t>(i)].decision;
        for (int o = 0; o < static_cast<int>(d.options.size()); ++o) {
            if (k == redundant && o == d.default_option) continue;
            out.push_back(decide_label(i, o));
        }
    }
    if (red_) {
        // The red cell may put the move of a stage that begins with its move
        // into effect at any moment (cmd::ChooseRedMove).
        for (std::size_t sg = 0; sg < stage_moves_.size(); ++sg)
            if (red_opens_[sg] && st.move[sg] < 0)
                for (int k : stage_moves_[sg])
                    if (available(st, k)) out.push_back(kRedBit | static_cast<Label>(k));
        // A hunt that reveals a logged move with findings to deliver.
        for (std::size_t sg = 0; sg < st.outcome.size(); ++sg)
            if (st.outcome[sg] == kLogged) {
                const auto& m = moves_[static_cast<std::size_t>(st.move[sg])];
                if (m.revealable && !m.finds.empty()) out.push_back(kHuntBit | static_cast<Label>(sg));
            }
    }
    if (next) out.push_back(kWait);
    return out;
}

void Machine::apply(State& st, Label l, Effect& e) const {
    if (l == kStart) {
        st.started = true;
    } else if (l == kWait) {
        if (auto next = next_event(st)) st.clock = *next;
    } else if (l & kRedBit) {
        const int k = static_cast<int>(l & ~kRedBit);
        choose_move(st, k);
        execute(st, k, e);
    } else if (l & kHuntBit) {
        const auto sg = static_cast<std::size_t>(l & ~kHuntBit);
        const int k = st.move[sg];
        const auto& m = moves_[static_cast<std::size_t>(k)];
        st.outcome[sg] = kRevealed;
        note(e, RedEvent::Kind::hunt_reveals, k);
        for (const auto& [j, delay] : m.finds) arm(st, j, st.clock + delay, k);
        if (e.steps) e.steps->push_back({Step::Kind::revealed, st.clock, {}, {}, {}, s_.stages[sg].id, m.def->id, "logged"});
    } else {
        decide(st, label_inject(l), label_option(l), false, e);
    }
    settle(st, e);
    run_idle(st, e);
}

Kind Machine::kind(const State& st) const {
    if (st.ending >= 0) return Kind::ended;
    // No move left: nothing scheduled and nothing to decide (a decision
    // without options, in a scenario that did not validate, counts as none).
    return moves(st).empty() ? Kind::stalled : Kind::open;
}

// The injects that are delivered or can never be: an undelivered one that no
// goto reaches counts as done when its `after` can no longer be met, its
// `when` can no longer hold (a flag nothing clears rules it out under `not`,
// or what `all` or `any` needs is unset and nothing still to come sets it),
// or (red modes) no move can still make it due. Whether it was delivered
// then changes no future, so states that differ only there are merged. An
// inject that owns a re-rated expectation keeps its history (scoring reads it
// at the end), and so does one of a stage still to draw its move (its
// delivery begins the stage).
Bits Machine::done(const State& st) const {
    Bits out = st.delivered;
    Bits settable;                      // the flags something still to come may set (`gather` below)
    auto stage_open = [&](int sg) {
        const auto g = static_cast<std::size_t>(sg);
        return sg >= 0 && g < stage_moves_.size() && !stage_moves_[g].empty() && st.move[g] < 0;
    };
    auto pending = [&](int i) {
        return std::any_of(st.pending.begin(), st.pending.end(), [&](const PendingDecision& p) { return p.inject == i; });
    };
    auto settled = [&](int i) {
        const auto& c = inj_[static_cast<std::size_t>(i)];
        if (c.has_after && st.armed[static_cast<std::size_t>(i)] == kNoTime) {
            const int src = after_source_[static_cast<std::size_t>(i)];
            if (src < 0 || (test(out, src) && !pending(src))) return true;
        }
        for (int f : c.none)
            if (f >= 0 && test(st.flags, f) && test(kept_flags_, f)) return true;
        auto never = [&](int f) { return f < 0 || (!test(st.flags, f) && !test(settable, f)); };
        if (std::any_of(c.all.begin(), c.all.end(), never)) return true;
        if (!c.any.empty() && std::all_of(c.any.begin(), c.any.end(), never)) return true;
        if (!red_ || !c.gated || st.red_at[static_cast<std::size_t>(i)] != kNoTime) return false;
        for (int k : armers_[static_cast<std::size_t>(i)])
            if (stage_open(moves_[static_cast<std::size_t>(k)].stage)) return false;
        for (int k : finders_[static_cast<std::size_t>(i)]) {
            const auto sg = static_cast<std::size_t>(moves_[static_cast<std::size_t>(k)].stage);
            if (stage_open(static_cast<int>(sg)) || (st.move[sg] == k && st.outcome[sg] == kLogged && moves_[static_cast<std::size_t>(k)].revealable))
                return false;
        }
        return true;
    };
    // What may still set a flag: injects not done, decisions still open, and
    // the facts of stages still to draw.
    auto gather = [&] {
        settable.assign(st.flags.size(), 0);
        for (int i = 0; i < static_cast<int>(inj_.size()); ++i)
            if (!test(out, i) || pending(i))
                for (std::size_t w = 0; w < settable.size(); ++w) settable[w] |= sets_[static_cast<std::size_t>(i)][w];
        for (std::size_t sg = 0; sg < st.move.size(); ++sg)
            if (st.move[sg] < 0)
                for (std::size_t w = 0; w < settable.size(); ++w) settable[w] |= stage_facts_[sg][w];
    };
    // One inject settling can settle others (an `after` chain, the last
    // setter of a flag): repeat until nothing changes.
    for (bool changed = true; changed;) {
        changed = false;
        gather();
        for (int i = 0; i < static_cast<int>(inj_.size()); ++i) {
            if (test(out, i) || !may_settle_[static_cast<std::size_t>(i)] || stage_open(inj_[static_cast<std::size_t>(i)].stage)) continue;
            if (settled(i)) {
                set_bit(out, i);
                changed = true;
            }
        }
    }
    return out;
}

// The flags some future can still test: the `when` of injects not done, and
// (red modes) what the moves of a stage still to draw require or are adjudicated on.
Bits Machine::live_flags(const State& st, const Bits& done) const {
    Bits live(st.flags.size(), 0);
    for (std::size_t i = 0; i < inj_.size(); ++i)
        if (!test(done, static_cast<int>(i)))
            for (std::size_t w = 0; w < live.size(); ++w) live[w] |= when_reads_[i][w];
    for (std::size_t sg = 0; sg < st.move.size(); ++sg)
        if (st.move[sg] < 0)
            for (std::size_t w = 0; w < live.size(); ++w) live[w] |= draw_reads_[sg][w];
    return live;
}

std::string Machine::key(const State& st) const {
    std::string k;
    const Kind kd = kind(st);
    put(k, static_cast<std::uint8_t>(kd));
    put(k, static_cast<std::uint8_t>(st.started));
    // At the end only what scoring reads is left: deliveries and ratings.
    if (kd == Kind::ended) put(k, static_cast<std::int32_t>(st.ending));
    if (kd != Kind::open) {
        put_bits(k, st.delivered);
        k.append(reinterpret_cast<const char*>(st.tracked.data()), st.tracked.size());
        return k;
    }
    const Bits fin = forget_ ? done(st) : st.delivered;
    put_bits(k, fin);
    k.append(reinterpret_cast<const char*>(st.tracked.data()), st.tracked.size());

    // The absolute clock matters while an inject not done has an `at`
    // time: it may still fire, or order the injects that come due together.
    // Otherwise the future depends on times relative to now only.
    bool absolute = false;
    for (std::size_t i = 0; i < inj_.size() && !absolute; ++i)
        absolute = inj_[i].at != kNoTime && !test(fin, static_cast<int>(i));
    put(k, static_cast<std::int64_t>(absolute ? st.clock : 0));
    const ExTime base = st.clock;
    // A flag no future can test changes nothing: leave it out.
    const Bits live = forget_ ? live_flags(st, fin) : Bits(st.flags.size(), ~std::uint64_t{0});
    for (std::size_t w = 0; w < st.flags.size(); ++w) put(k, st.flags[w] & live[w]);
    put(k, static_cast<std::uint32_t>(st.pending.size()));
    for (const auto& p : st.pending) {
        put(k, static_cast<std::uint16_t>(p.inject));
        put(k, static_cast<std::int64_t>(p.deadline == kNoTime ? kNoDeadline : p.deadline - base));
    }
    for (std::size_t i = 0; i < inj_.size(); ++i) {
        if (st.armed[i] == kNoTime || test(fin, static_cast<int>(i))) continue;
        put(k, static_cast<std::uint16_t>(i));
        put(k, static_cast<std::int64_t>(st.armed[i] - base));
    }
    if (!red_) return k;
    // The red side: whether each stage has its move (a stage without one
    // still draws), which move only where a hunt may still reveal it, and
    // what moves made due (with the move, which the report credits with the
    // delivery). Facts and pending injects carry the rest of what a move
    // leaves behind, so moves that leave the same are merged.
    for (std::size_t sg = 0; sg < st.move.size(); ++sg) {
        const int mv = st.move[sg];
        const bool huntable = mv >= 0 && st.outcome[sg] == kLogged && moves_[static_cast<std::size_t>(mv)].revealable &&
                              !moves_[static_cast<std::size_t>(mv)].finds.empty();
        put(k, static_cast<std::int16_t>(mv < 0 ? -1 : huntable ? mv : -2));
    }
    put(k, std::uint16_t{0xFFFF});
    for (std::size_t i = 0; i < inj_.size(); ++i) {
        if (st.red_at[i] == kNoTime || test(fin, static_cast<int>(i))) continue;
        put(k, static_cast<std::uint16_t>(i));
        put(k, static_cast<std::int64_t>(st.red_at[i] - base));
        put(k, st.red_by[i]);
    }
    return k;
}

void Machine::terminal_gains(const State& st, double& n, double& d) const {
    n = d = 0;
    for (std::size_t t = 0; t < tracked_.size(); ++t) {
        if (!test(st.delivered, tracked_[t].owner)) continue;
        d += tracked_[t].weight;
        if (st.tracked[t] != 0) n += tracked_[t].weight * scoring::points(static_cast<Rating>(st.tracked[t] - 1));
    }
}

std::vector<std::string> Machine::waiting(const State& st) const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < inj_.size(); ++i)
        if (!inj_[i].goto_only && !test(st.delivered, static_cast<int>(i))) out.push_back(s_.injects[i].id);
    return out;
}

} // namespace sim::explore::detail
