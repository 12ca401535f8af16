// sim/explore/explore.cpp — the state graph of a scenario and what it tells an author.
//
// 1. Build the graph: a depth-first walk from the opening state, each state
//    interned by its key (machine.hpp) so identical positions are expanded
//    once. Every move makes progress (a decision taken, an inject delivered
//    or the clock moved on), so the graph is acyclic.
// 2. Analyse it in topological order: path counts (forward, big integers),
//    the shortest way into each terminal state (forward), whether an ending
//    can still be reached (backward), and readiness bounds (backward, see
//    `readiness_bound`).
#include "sim/explore/explore.hpp"

#include <algorithm>
#include <limits>
#include <set>
#include <unordered_map>

#include "sim/explore/machine.hpp"

namespace sim::explore {

using namespace detail;

namespace {

struct Node {
    std::uint32_t first = 0;            // edges [first, first + count)
    std::uint32_t count = 0;
    Kind kind = Kind::open;
    std::int32_t ending = -1;
    double term_n = 0, term_d = 0;      // readiness counted at the end
};

struct Edge {
    std::uint32_t from = 0;
    std::uint32_t to = 0;
    Label label = kWait;
    std::uint32_t choices = 0;          // index into Graph::choices: the branches taken inside the move
    std::uint32_t decisions = 0;
    double gain_n = 0, gain_d = 0;
};

// What the walk saw of one red move, over every transition.
struct RedSeen {
    bool played = false;
    std::uint8_t outcomes = 0;          // bit per Outcome
    bool hunt = false;
    std::set<int> injects;
};

struct Graph {
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    std::vector<std::vector<std::uint8_t>> choices{{}};  // distinct branch sequences
    std::vector<std::uint32_t> topo;    // root first
    bool complete = true;
    std::vector<std::uint64_t> reached; // injects delivered in some state
    std::vector<RedSeen> red;           // per red move (red modes)

    [[nodiscard]] bool terminal(std::uint32_t s) const { return nodes[s].kind != Kind::open; }
};

std::uint32_t intern_choices(Graph& g, const std::vector<std::uint8_t>& c) {
    if (c.empty()) return 0;
    for (std::size_t k = 1; k < g.choices.size(); ++k)
        if (g.choices[k] == c) return static_cast<std::uint32_t>(k);
    g.choices.push_back(c);
    return static_cast<std::uint32_t>(g.choices.size() - 1);
}

void absorb(Graph& g, const std::vector<RedEvent>& events) {
    for (const auto& ev : events) {
        auto& seen = g.red[static_cast<std::size_t>(ev.move)];
        switch (ev.kind) {
        case RedEvent::Kind::executed: seen.played = true; break;
        case RedEvent::Kind::outcome: seen.outcomes |= static_cast<std::uint8_t>(1u << ev.value); break;
        case RedEvent::Kind::hunt_reveals: seen.hunt = true; break;
        case RedEvent::Kind::caused: seen.injects.insert(ev.value); break;
        }
    }
}

Graph build(const Machine& m, std::size_t max_states) {
    Graph g;
    std::unordered_map<std::string, std::uint32_t> index;
    std::vector<std::pair<std::uint32_t, State>> todo;

    auto intern = [&](State&& st) -> std::uint32_t {
        // Every state counts for reachability: a merged one may have delivered
        // an inject its twin settled as never coming (Machine::key).
        if (g.reached.size() < st.delivered.size()) g.reached.resize(st.delivered.size(), 0);
        for (std::size_t w = 0; w < st.delivered.size(); ++w) g.reached[w] |= st.delivered[w];
        std::string k = m.key(st);
        auto [it, fresh] = index.emplace(std::move(k), static_cast<std::uint32_t>(g.nodes.size()));
        if (!fresh) return it->second;
        Node n;
        n.kind = m.kind(st);
        n.ending = st.ending;
        if (n.kind != Kind::open) m.terminal_gains(st, n.term_n, n.term_d);
        g.nodes.push_back(n);
        if (n.kind == Kind::open) todo.emplace_back(it->second, std::move(st));
        return it->second;
    };

    g.red.resize(m.red_moves().size());
    intern(m.initial());
    std::vector<RedEvent> events;
    std::vector<std::uint8_t> script;

    while (!todo.empty()) {
        if (g.nodes.size() > max_states) {
            g.complete = false;
            break;
        }
        auto [id, st] = std::move(todo.back());
        todo.pop_back();
        const auto labels = m.moves(st);
        const auto first = static_cast<std::uint32_t>(g.edges.size());
        for (Label l : labels) {
            // One edge per combination of the branches met inside the move
            // (red moves, uncertain outcomes), enumerated like an odometer.
            script.clear();
            for (;;) {
                State next = st;
                Effect e;
                e.script = &script;
                events.clear();
                if (m.red()) e.red = &events;
                m.apply(next, l, e);
                absorb(g, events);
                Edge edge;
                edge.from = id;
                edge.label = l;
                edge.choices = intern_choices(g, e.taken);
                edge.decisions = static_cast<std::uint32_t>(e.decisions);
                edge.gain_n = e.gain_n;
                edge.gain_d = e.gain_d;
                edge.to = intern(std::move(next));
                g.edges.push_back(edge);
                std::size_t j = e.taken.size();
                while (j > 0 && e.taken[j - 1] + 1 >= e.arity[j - 1]) --j;
                if (j == 0) break;
                script.assign(e.taken.begin(), e.taken.begin() + static_cast<std::ptrdiff_t>(j - 1));
                script.push_back(static_cast<std::uint8_t>(e.taken[j - 1] + 1));
            }
        }
        g.nodes[id].first = first;
        g.nodes[id].count = static_cast<std::uint32_t>(g.edges.size() - first);
    }
    if (!g.complete) return g;

    // Topological order: reverse post-order of an iterative depth-first walk.
    std::vector<std::uint8_t> seen(g.nodes.size(), 0);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> stack{{0u, 0u}};
    seen[0] = 1;
    g.topo.reserve(g.nodes.size());
    while (!stack.empty()) {
        auto& [s, k] = stack.back();
        if (k < g.nodes[s].count) {
            const std::uint32_t to = g.edges[g.nodes[s].first + k++].to;
            if (!seen[to]) {
                seen[to] = 1;
                stack.emplace_back(to, 0u);
            }
            continue;
        }
        g.topo.push_back(s);
        stack.pop_back();
    }
    std::reverse(g.topo.begin(), g.topo.end());
    return g;
}

// The edges of the path that follows `next` from the root.
std::vector<std::uint32_t> follow(const Graph& g, const std::vector<std::uint32_t>& next_edge) {
    std::vector<std::uint32_t> out;
    std::uint32_t s = 0;
    while (!g.terminal(s) && next_edge[s] != std::numeric_limits<std::uint32_t>::max()) {
        out.push_back(next_edge[s]);
        s = g.edges[next_edge[s]].to;
    }
    return out;
}

// Replays edges from the root to get times, deliveries, timeouts and red moves.
Path replay(const Machine& m, const Graph& g, const std::vector<std::uint32_t>& edges, State* final_state = nullptr) {
    Path p;
    Effect e;
    e.steps = &p.steps;
    State st = m.initial();
    const auto& s = m.scenario();
    for (std::uint32_t ei : edges) {
        const Edge& edge = g.edges[ei];
        const Label l = edge.label;
        e.script = &g.choices[edge.choices];
        e.taken.clear();
        e.arity.clear();
        const std::size_t before = p.steps.size();
        // The red moves that stages beginning during this move put in play.
        auto draws = [&](bool skip_first) {
            std::vector<std::string> out;
            for (std::size_t k = before; k < p.steps.size(); ++k) {
                if (p.steps[k].kind != Step::Kind::red_move) continue;
                if (skip_first) skip_first = false;
                else out.push_back(p.steps[k].stage + "/" + p.steps[k].move);
            }
            return out;
        };
        if (l == kStart) {
            m.apply(st, l, e);
            p.start_until = st.clock;
            p.start_draws = draws(false);
            continue;
        }
        Move mv;
        mv.at = st.clock;
        if (l == kWait) {
            mv.kind = Move::Kind::wait;
        } else if (l & kRedBit) {
            const auto& rm = m.red_moves()[l & ~kRedBit];
            mv.kind = Move::Kind::red;
            mv.stage = s.stages[static_cast<std::size_t>(rm.stage)].id;
            mv.move = rm.def->id;
        } else if (l & kHuntBit) {
            const auto sg = static_cast<std::size_t>(l & ~kHuntBit);
            mv.kind = Move::Kind::hunt;
            mv.stage = s.stages[sg].id;
            mv.move = m.red_moves()[static_cast<std::size_t>(st.move[sg])].def->id;
        } else {
            const auto& inj = s.injects[static_cast<std::size_t>(label_inject(l))];
            mv.kind = Move::Kind::decide;
            mv.inject = inj.id;
            mv.option = inj.decision->options[static_cast<std::size_t>(label_option(l))].id;
        }
        m.apply(st, l, e);
        mv.until = st.clock;
        mv.draws = draws(mv.kind == Move::Kind::red);
        p.moves.push_back(std::move(mv));
    }
    p.decisions = e.decisions;
    if (final_state) *final_state = std::move(st);
    return p;
}

// Shortest way into every state: fewest decisions, then fewest moves.
struct Shortest {
    std::vector<std::pair<int, int>> dist;
    std::vector<std::uint32_t> pred;    // edge index; max = root
};

Shortest shortest_paths(const Graph& g) {
    constexpr auto kInf = std::numeric_limits<int>::max();
    Shortest sp;
    sp.dist.assign(g.nodes.size(), {kInf, kInf});
    sp.pred.assign(g.nodes.size(), std::numeric_limits<std::uint32_t>::max());
    sp.dist[0] = {0, 0};
    for (std::uint32_t s : g.topo) {
        const auto d = sp.dist[s];
        for (std::uint32_t k = 0; k < g.nodes[s].count; ++k) {
            const std::uint32_t ei = g.nodes[s].first + k;
            const Edge& e = g.edges[ei];
            const std::pair<int, int> nd{d.first + static_cast<int>(e.decisions), d.second + 1};
            if (nd < sp.dist[e.to]) {
                sp.dist[e.to] = nd;
                sp.pred[e.to] = ei;
            }
        }
    }
    return sp;
}

std::vector<std::uint32_t> path_to(const Graph& g, const Shortest& sp, std::uint32_t s) {
    std::vector<std::uint32_t> out;
    while (sp.pred[s] != std::numeric_limits<std::uint32_t>::max()) {
        out.push_back(sp.pred[s]);
        s = g.edges[sp.pred[s]].from;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

// The least or greatest readiness over all paths: N/D where both are sums
// along the path. A ratio of sums is not additive, so this is Dinkelbach's
// method: for a guess r, one backward pass finds the path maximising (or
// minimising) N - r*D; if that is 0 the guess is optimal, otherwise the path
// found has a better ratio and becomes the next guess. Each pass is linear in
// the graph and a handful of passes suffice.
struct Choice {
    double n = 0, d = 0;
    std::vector<std::uint32_t> next;    // edge per state
};

// Sums N and D along the path that `c.next` picks from the root.
void total(const Graph& g, Choice& c) {
    c.n = 0;
    c.d = 0;
    std::uint32_t s = 0;
    while (!g.terminal(s) && c.next[s] != std::numeric_limits<std::uint32_t>::max()) {
        const Edge& e = g.edges[c.next[s]];
        c.n += e.gain_n;
        c.d += e.gain_d;
        s = e.to;
    }
    c.n += g.nodes[s].term_n;
    c.d += g.nodes[s].term_d;
}

// The path that maximises (or minimises) a*N + b*D, in one backward pass.
Choice best_path(const Graph& g, bool maximise, double a, double b) {
    Choice c;
    std::vector<double> val(g.nodes.size(), 0);
    c.next.assign(g.nodes.size(), std::numeric_limits<std::uint32_t>::max());
    for (auto it = g.topo.rbegin(); it != g.topo.rend(); ++it) {
        const std::uint32_t s = *it;
        const Node& n = g.nodes[s];
        if (g.terminal(s)) {
            val[s] = a * n.term_n + b * n.term_d;
            continue;
        }
        for (std::uint32_t k = 0; k < n.count; ++k) {
            const Edge& e = g.edges[n.first + k];
            const double v = a * e.gain_n + b * e.gain_d + val[e.to];
            if (k == 0 || (maximise ? v > val[s] : v < val[s])) {
                val[s] = v;
                c.next[s] = n.first + k;
            }
        }
    }
    total(g, c);
    return c;
}

std::optional<ReadinessBound> readiness_bound(const Graph& g, const Machine& m, bool maximise) {
    // The path that delivers the most rated expectations: if even it has
    // none, no path can be scored.
    const Choice widest = best_path(g, true, 0, 1);
    if (!(widest.d > 0)) return std::nullopt;
    auto ratio = [](const Choice& c) { return c.d > 0 ? c.n / c.d : 0.0; };

    // A first guess whose D is positive: the widest path, or for the maximum
    // the path with the most points (D > 0 whenever N > 0).
    Choice best = widest;
    if (maximise) {
        Choice most = best_path(g, true, 1, 0);
        if (most.n > 0) best = std::move(most);
    }
    double r = ratio(best);
    for (int iter = 0; iter < 100; ++iter) {
        Choice c = best_path(g, maximise, 1, -r);
        const double gap = c.n - r * c.d;
        const double eps = 1e-9 * std::max(1.0, c.d);
        if (maximise ? gap <= eps : gap >= -eps) break;
        best = std::move(c);
        r = ratio(best);
    }
    ReadinessBound bound;
    bound.index = r;
    bound.path = replay(m, g, follow(g, best.next));
    return bound;
}

// Whether the decision is the red cell's: its `by` names a red team or a role
// only red teams hold.
bool red_decision(const Scenario& s, const Decision& d) {
    for (const auto& who : d.by) {
        if (const Team* t = s.team(who)) {
            if (t->kind == TeamKind::red) return true;
            continue;
        }
        bool held = false, blue = false;
        for (const auto& t : s.teams)
            if (std::find(t.roles.begin(), t.roles.end(), who) != t.roles.end()) {
                held = true;
                blue |= t.kind != TeamKind::red;
            }
        if (held && !blue) return true;
    }
    return false;
}

// The red-move report from a red-mode walk.
void fill_red(Report& r, const Scenario& s, const Machine& m, const Graph& g) {
    r.red_walked = true;
    r.red_complete = g.complete;
    r.adjudicated = s.posture.has_value();
    const auto& moves = m.red_moves();
    for (std::size_t k = 0; k < moves.size(); ++k) {
        const auto& seen = g.red[k];
        RedMoveResult x;
        x.stage = s.stages[static_cast<std::size_t>(moves[k].stage)].id;
        x.move = moves[k].def->id;
        x.technique = moves[k].def->technique;
        x.played = seen.played;
        for (int i : seen.injects) x.injects.push_back(s.injects[static_cast<std::size_t>(i)].id);
        for (std::uint8_t o : {kBlocked, kAlerted, kLogged, kUnseen})
            if (seen.outcomes & (1u << o)) x.outcomes.emplace_back(o == kBlocked   ? "blocked"
                                                                   : o == kAlerted ? "alerted"
                                                                   : o == kLogged  ? "logged"
                                                                                   : "none");
        x.hunt = seen.hunt;
        x.detected_on_some_path = r.adjudicated && (x.hunt || (seen.outcomes & ((1u << kBlocked) | (1u << kAlerted))));
        if (r.adjudicated && x.played && !x.detected_on_some_path) r.blind_spots.push_back(r.red_moves.size());
        r.red_moves.push_back(std::move(x));
    }
}

} // namespace

std::vector<std::string> Report::defects() const {
    std::vector<std::string> out;
    if (!complete)
        out.push_back("the exploration stopped after " + std::to_string(states) +
                      " states before covering every path (raise --max-states, or simplify the scenario)");
    if (complete && red_walked && !red_complete)
        out.push_back("the red-move walk stopped at the state budget before covering every path, so detection and "
                      "blind spots are incomplete (raise --max-states)");
    if (has_endings && dead_end_states > 0) {
        std::string msg = dead_end_paths.str() + " path" + (dead_end_paths == 1 ? "" : "s") +
                          " stop without reaching an ending (" + std::to_string(dead_end_states) + " dead-end state" +
                          (dead_end_states == 1 ? "" : "s") + ")";
        if (!dead_ends.empty()) msg += "; the shortest: " + describe(dead_ends.front().path);
        out.push_back(msg);
    }
    for (const auto& l : loops) {
        if (l.exit) continue;
        std::string cycle;
        for (const auto& i : l.cycle) cycle += (cycle.empty() ? "" : " -> ") + i;
        out.push_back("goto loop without an exit: " + cycle);
    }
    for (const auto& i : unreachable) out.push_back("inject '" + i + "' is delivered on no path");
    for (const auto& e : endings)
        if (e.defined && !e.reachable) out.push_back("ending '" + e.id + "' is reached by no path");
    return out;
}

std::vector<Path> list_paths(const Scenario& s, std::size_t limit, const Options& options) {
    std::vector<Path> out;
    Machine m(s, options.mode, options.forget_history);
    const Graph g = build(m, options.max_states);
    if (!g.complete || limit == 0) return out;
    std::vector<std::uint32_t> edges;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> stack{{0u, 0u}};
    while (!stack.empty() && out.size() < limit) {
        auto& [node, k] = stack.back();
        const Node& n = g.nodes[node];
        if (g.terminal(node)) {
            out.push_back(replay(m, g, edges));
        } else if (k < n.count) {
            const std::uint32_t ei = n.first + k++;
            edges.push_back(ei);
            stack.emplace_back(g.edges[ei].to, 0u);
            continue;
        }
        stack.pop_back();
        if (!edges.empty() && !stack.empty()) edges.pop_back();
    }
    return out;
}

Report explore(const Scenario& s, const Options& options) {
    Report r;
    r.scenario = s.id;
    r.file = s.source_path;
    r.mode = options.mode;
    r.loops = find_goto_loops(s);

    Machine m(s, options.mode, options.forget_history);
    r.has_endings = m.has_endings();
    r.rated = m.rated();
    Graph g = build(m, options.max_states);
    r.complete = g.complete;
    r.states = g.nodes.size();
    r.transitions = g.edges.size();
    for (std::size_t i = 0; i < s.injects.size(); ++i) {
        const auto& inj = s.injects[i];
        if (inj.decision && red_decision(s, *inj.decision)) r.red_decisions.push_back(inj.id);
        const bool hit = i / 64 < g.reached.size() && ((g.reached[i / 64] >> (i % 64)) & 1u);
        // An inject only moves deliver that no path delivers: in blue mode it
        // was not walked; in red modes no move (or no outcome) on any path
        // brings it, which the red-move report explains. Neither is a defect.
        if (!hit && options.mode == Mode::blue && s.waits_for_move(inj)) r.by_red_move.push_back(inj.id);
        else if (!hit && options.mode != Mode::blue && (s.waits_for_move(inj) || s.alert_of_moves(inj.id)))
            r.red_undelivered.push_back(inj.id);
        else (hit ? r.reachable : r.unreachable).push_back(inj.id);
    }
    if (m.red()) {
        fill_red(r, s, m, g);
    } else if (options.red_report && !s.red_moves.empty()) {
        const Machine red(s, Mode::red, options.forget_history);
        fill_red(r, s, red, build(red, options.max_states));
    }
    for (std::size_t k = 0; k < m.ending_ids().size(); ++k) {
        EndingResult e;
        e.id = m.ending_ids()[k];
        e.defined = k < m.defined_endings();
        if (e.defined) e.title = s.endings[k].title;
        r.endings.push_back(std::move(e));
    }
    if (!g.complete) {
        // Only what was seen is certain: injects seen are reachable, nothing is unreachable.
        r.reachable.clear();
        r.unreachable.clear();
        for (std::size_t i = 0; i < s.injects.size(); ++i)
            if (i / 64 < g.reached.size() && ((g.reached[i / 64] >> (i % 64)) & 1u)) r.reachable.push_back(s.injects[i].id);
        return r;
    }

    // Path counts, forward.
    {
        std::vector<Count> fwd(g.nodes.size());
        fwd[0] = 1;
        for (std::uint32_t sIdx : g.topo) {
            if (fwd[sIdx] == 0) continue;
            const Node& n = g.nodes[sIdx];
            for (std::uint32_t k = 0; k < n.count; ++k) {
                const Edge& e = g.edges[n.first + k];
                fwd[e.to] += fwd[sIdx];
            }
        }
        for (std::uint32_t sIdx = 0; sIdx < g.nodes.size(); ++sIdx) {
            const Node& n = g.nodes[sIdx];
            if (n.kind == Kind::open) continue;
            r.paths += fwd[sIdx];
            if (n.kind == Kind::ended) r.endings[static_cast<std::size_t>(n.ending)].paths += fwd[sIdx];
            else if (r.has_endings) r.dead_end_paths += fwd[sIdx];
        }
    }

    // Shortest ways into endings and dead ends.
    const Shortest sp = shortest_paths(g);
    {
        std::vector<std::uint32_t> best(r.endings.size(), std::numeric_limits<std::uint32_t>::max());
        std::vector<std::uint32_t> stalls;
        for (std::uint32_t sIdx = 0; sIdx < g.nodes.size(); ++sIdx) {
            const Node& n = g.nodes[sIdx];
            if (n.kind == Kind::ended) {
                auto& b = best[static_cast<std::size_t>(n.ending)];
                if (b == std::numeric_limits<std::uint32_t>::max() || sp.dist[sIdx] < sp.dist[b]) b = sIdx;
            } else if (n.kind == Kind::stalled && r.has_endings) {
                stalls.push_back(sIdx);
            }
        }
        for (std::size_t k = 0; k < best.size(); ++k) {
            if (best[k] == std::numeric_limits<std::uint32_t>::max()) continue;
            r.endings[k].reachable = true;
            r.endings[k].shortest = replay(m, g, path_to(g, sp, best[k]));
        }
        r.dead_end_states = stalls.size();
        std::stable_sort(stalls.begin(), stalls.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return sp.dist[a] < sp.dist[b]; });
        for (std::size_t k = 0; k < stalls.size() && k < options.max_dead_ends; ++k) {
            DeadEnd d;
            State last;
            d.path = replay(m, g, path_to(g, sp, stalls[k]), &last);
            d.waiting = m.waiting(last);
            r.dead_ends.push_back(std::move(d));
        }
    }

    // States from which no ending can be reached, backward.
    if (r.has_endings) {
        std::vector<std::uint8_t> can_end(g.nodes.size(), 0);
        for (auto it = g.topo.rbegin(); it != g.topo.rend(); ++it) {
            const Node& n = g.nodes[*it];
            if (n.kind == Kind::ended) can_end[*it] = 1;
            for (std::uint32_t k = 0; k < n.count && !can_end[*it]; ++k) can_end[*it] = can_end[g.edges[n.first + k].to];
            if (!can_end[*it]) ++r.doomed_states;
        }
    }

    r.min_readiness = readiness_bound(g, m, false);
    r.max_readiness = readiness_bound(g, m, true);
    return r;
}

} // namespace sim::explore
