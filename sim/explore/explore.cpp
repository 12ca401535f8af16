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
    std::uint32_t mult = 0;             // index into Graph::mults
    std::uint32_t decisions = 0;
    double gain_n = 0, gain_d = 0;
};

struct Graph {
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    std::vector<Count> mults{Count(1)};  // distinct red-move multiplicities
    Count root_mult = 1;
    int root_decisions = 0;
    double root_n = 0, root_d = 0;
    std::vector<std::uint32_t> topo;    // root first
    bool complete = true;
    std::vector<std::uint64_t> reached; // injects delivered in some state

    [[nodiscard]] bool terminal(std::uint32_t s) const { return nodes[s].kind != Kind::open; }
};

std::uint32_t intern_mult(Graph& g, const Count& m) {
    if (m == 1) return 0;
    for (std::size_t k = 1; k < g.mults.size(); ++k)
        if (g.mults[k] == m) return static_cast<std::uint32_t>(k);
    g.mults.push_back(m);
    return static_cast<std::uint32_t>(g.mults.size() - 1);
}

Graph build(const Machine& m, std::size_t max_states) {
    Graph g;
    std::unordered_map<std::string, std::uint32_t> index;
    std::vector<std::pair<std::uint32_t, State>> todo;

    auto intern = [&](State&& st) -> std::uint32_t {
        std::string k = m.key(st);
        auto [it, fresh] = index.emplace(std::move(k), static_cast<std::uint32_t>(g.nodes.size()));
        if (!fresh) return it->second;
        Node n;
        n.kind = m.kind(st);
        n.ending = st.ending;
        if (n.kind != Kind::open) m.terminal_gains(st, n.term_n, n.term_d);
        g.nodes.push_back(n);
        if (g.reached.size() < st.delivered.size()) g.reached.resize(st.delivered.size(), 0);
        for (std::size_t w = 0; w < st.delivered.size(); ++w) g.reached[w] |= st.delivered[w];
        if (n.kind == Kind::open) todo.emplace_back(it->second, std::move(st));
        return it->second;
    };

    Effect root;
    State start = m.initial(root);
    g.root_mult = root.mult;
    g.root_decisions = root.decisions;
    g.root_n = root.gain_n;
    g.root_d = root.gain_d;
    intern(std::move(start));

    while (!todo.empty()) {
        if (g.nodes.size() > max_states) {
            g.complete = false;
            break;
        }
        auto [id, st] = std::move(todo.back());
        todo.pop_back();
        const auto labels = m.moves(st);
        g.nodes[id].first = static_cast<std::uint32_t>(g.edges.size());
        g.nodes[id].count = static_cast<std::uint32_t>(labels.size());
        for (Label l : labels) {
            State next = st;
            Effect e;
            m.apply(next, l, e);
            Edge edge;
            edge.from = id;
            edge.label = l;
            edge.mult = intern_mult(g, e.mult);
            edge.decisions = static_cast<std::uint32_t>(e.decisions);
            edge.gain_n = e.gain_n;
            edge.gain_d = e.gain_d;
            edge.to = intern(std::move(next));
            g.edges.push_back(edge);
        }
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

// The labels of the path that follows `next` from the root.
std::vector<Label> follow(const Graph& g, const std::vector<std::uint32_t>& next_edge) {
    std::vector<Label> out;
    std::uint32_t s = 0;
    while (!g.terminal(s) && next_edge[s] != std::numeric_limits<std::uint32_t>::max()) {
        const Edge& e = g.edges[next_edge[s]];
        out.push_back(e.label);
        s = e.to;
    }
    return out;
}

// Replays labels from the start to get times, deliveries and timeouts.
Path replay(const Machine& m, const std::vector<Label>& labels, State* final_state = nullptr) {
    Path p;
    Effect e;
    e.steps = &p.steps;
    State st = m.initial(e);
    p.start_until = st.clock;
    const auto& s = m.scenario();
    for (Label l : labels) {
        Move mv;
        mv.at = st.clock;
        if (l == kWait) {
            mv.kind = Move::Kind::wait;
        } else {
            const auto& inj = s.injects[static_cast<std::size_t>(label_inject(l))];
            mv.kind = Move::Kind::decide;
            mv.inject = inj.id;
            mv.option = inj.decision->options[static_cast<std::size_t>(label_option(l))].id;
        }
        m.apply(st, l, e);
        mv.until = st.clock;
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
    sp.dist[0] = {g.root_decisions, 0};
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

std::vector<Label> path_to(const Graph& g, const Shortest& sp, std::uint32_t s) {
    std::vector<Label> out;
    while (sp.pred[s] != std::numeric_limits<std::uint32_t>::max()) {
        const Edge& e = g.edges[sp.pred[s]];
        out.push_back(e.label);
        s = e.from;
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
    c.n = g.root_n;
    c.d = g.root_d;
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
    bound.path = replay(m, follow(g, best.next));
    return bound;
}

} // namespace

std::vector<std::string> Report::defects() const {
    std::vector<std::string> out;
    if (!complete)
        out.push_back("the exploration stopped after " + std::to_string(states) +
                      " states before covering every path (raise --max-states, or simplify the scenario)");
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
    Machine m(s, options.mode);
    const Graph g = build(m, options.max_states);
    if (!g.complete || limit == 0) return out;
    std::vector<Label> labels;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> stack{{0u, 0u}};
    while (!stack.empty() && out.size() < limit) {
        auto& [node, k] = stack.back();
        const Node& n = g.nodes[node];
        if (g.terminal(node)) {
            out.push_back(replay(m, labels));
        } else if (k < n.count) {
            const Edge& e = g.edges[n.first + k++];
            labels.push_back(e.label);
            stack.emplace_back(e.to, 0u);
            continue;
        }
        stack.pop_back();
        if (!labels.empty() && !stack.empty()) labels.pop_back();
    }
    return out;
}

Report explore(const Scenario& s, const Options& options) {
    Report r;
    r.scenario = s.id;
    r.file = s.source_path;
    r.mode = options.mode;
    r.loops = find_goto_loops(s);

    Machine m(s, options.mode);
    r.has_endings = m.has_endings();
    r.rated = m.rated();
    Graph g = build(m, options.max_states);
    r.complete = g.complete;
    r.states = g.nodes.size();
    r.transitions = g.edges.size();
    for (std::size_t i = 0; i < s.injects.size(); ++i) {
        const bool hit = i / 64 < g.reached.size() && ((g.reached[i / 64] >> (i % 64)) & 1u);
        if (!hit && s.waits_for_move(s.injects[i])) r.by_red_move.push_back(s.injects[i].id);
        else (hit ? r.reachable : r.unreachable).push_back(s.injects[i].id);
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
        fwd[0] = g.root_mult;
        for (std::uint32_t sIdx : g.topo) {
            if (fwd[sIdx] == 0) continue;
            const Node& n = g.nodes[sIdx];
            for (std::uint32_t k = 0; k < n.count; ++k) {
                const Edge& e = g.edges[n.first + k];
                if (e.mult == 0) fwd[e.to] += fwd[sIdx];
                else fwd[e.to] += fwd[sIdx] * g.mults[e.mult];
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
            r.endings[k].shortest = replay(m, path_to(g, sp, best[k]));
        }
        r.dead_end_states = stalls.size();
        std::stable_sort(stalls.begin(), stalls.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return sp.dist[a] < sp.dist[b]; });
        for (std::size_t k = 0; k < stalls.size() && k < options.max_dead_ends; ++k) {
            DeadEnd d;
            State last;
            d.path = replay(m, path_to(g, sp, stalls[k]), &last);
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
