// sim/explore/checks.cpp — goto cycles, and the path checks `ttx validate` can reuse.
#include <algorithm>
#include <functional>
#include <queue>
#include <set>
#include <unordered_map>

#include "sim/explore/explore.hpp"

namespace sim::explore {

namespace {

// Tarjan's strongly connected components over the goto graph.
class Components {
public:
    explicit Components(const std::vector<std::vector<int>>& adj)
        : adj_(adj), index_(adj.size(), -1), low_(adj.size(), 0), on_(adj.size(), 0), comp_(adj.size(), -1) {
        for (int v = 0; v < static_cast<int>(adj.size()); ++v)
            if (index_[static_cast<std::size_t>(v)] < 0) visit(v);
    }
    [[nodiscard]] int of(int v) const { return comp_[static_cast<std::size_t>(v)]; }
    [[nodiscard]] int count() const { return count_; }

private:
    const std::vector<std::vector<int>>& adj_;
    std::vector<int> index_, low_;
    std::vector<char> on_;
    std::vector<int> comp_, stack_;
    int next_ = 0, count_ = 0;

    // Iterative, so a long goto chain cannot exhaust the call stack.
    void visit(int root) {
        std::vector<std::pair<int, std::size_t>> work{{root, 0}};
        auto open = [&](int v) {
            index_[static_cast<std::size_t>(v)] = low_[static_cast<std::size_t>(v)] = next_++;
            stack_.push_back(v);
            on_[static_cast<std::size_t>(v)] = 1;
        };
        open(root);
        while (!work.empty()) {
            auto& [v, k] = work.back();
            const auto& out = adj_[static_cast<std::size_t>(v)];
            if (k < out.size()) {
                const int w = out[k++];
                if (index_[static_cast<std::size_t>(w)] < 0) {
                    open(w);
                    work.emplace_back(w, 0);
                } else if (on_[static_cast<std::size_t>(w)]) {
                    low_[static_cast<std::size_t>(v)] = std::min(low_[static_cast<std::size_t>(v)], index_[static_cast<std::size_t>(w)]);
                }
                continue;
            }
            if (low_[static_cast<std::size_t>(v)] == index_[static_cast<std::size_t>(v)]) {
                for (int w = -1; w != v;) {
                    w = stack_.back();
                    stack_.pop_back();
                    on_[static_cast<std::size_t>(w)] = 0;
                    comp_[static_cast<std::size_t>(w)] = count_;
                }
                ++count_;
            }
            const int done = v;
            work.pop_back();
            if (!work.empty()) {
                const int parent = work.back().first;
                low_[static_cast<std::size_t>(parent)] = std::min(low_[static_cast<std::size_t>(parent)], low_[static_cast<std::size_t>(done)]);
            }
        }
    }
};

std::string file_of(const Scenario& s) { return s.source_path.empty() ? "<scenario " + s.id + ">" : s.source_path; }

std::string arrow_list(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& i : ids) out += (out.empty() ? "" : " -> ") + i;
    return out;
}

} // namespace

std::vector<GotoLoop> find_goto_loops(const Scenario& s) {
    const int n = static_cast<int>(s.injects.size());
    std::unordered_map<std::string, int> index;
    for (int i = 0; i < n; ++i) index.emplace(s.injects[static_cast<std::size_t>(i)].id, i);
    std::vector<std::vector<int>> adj(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const auto& d = s.injects[static_cast<std::size_t>(i)].decision;
        if (!d) continue;
        for (const auto& o : d->options)
            for (const auto& g : o.go_to)
                if (auto it = index.find(g); it != index.end()) adj[static_cast<std::size_t>(i)].push_back(it->second);
    }
    const Components comp(adj);

    std::vector<GotoLoop> out;
    std::vector<char> done(static_cast<std::size_t>(comp.count()), 0);
    for (int root = 0; root < n; ++root) {
        const int c = comp.of(root);
        if (done[static_cast<std::size_t>(c)]) continue;
        done[static_cast<std::size_t>(c)] = 1;
        std::vector<int> members;
        for (int v = 0; v < n; ++v)
            if (comp.of(v) == c) members.push_back(v);
        const auto& out_root = adj[static_cast<std::size_t>(root)];
        const bool self = std::find(out_root.begin(), out_root.end(), root) != out_root.end();
        if (members.size() < 2 && !self) continue;

        // One concrete cycle through the first member: breadth-first back to it.
        std::vector<int> parent(static_cast<std::size_t>(n), -2);
        std::queue<int> q;
        std::vector<int> cycle;
        if (self) {
            cycle = {root, root};
        } else {
            q.push(root);
            parent[static_cast<std::size_t>(root)] = -1;
            int last = -1;
            while (!q.empty() && last < 0) {
                const int v = q.front();
                q.pop();
                for (int w : adj[static_cast<std::size_t>(v)]) {
                    if (comp.of(w) != c) continue;
                    if (w == root) {
                        last = v;
                        break;
                    }
                    if (parent[static_cast<std::size_t>(w)] == -2) {
                        parent[static_cast<std::size_t>(w)] = v;
                        q.push(w);
                    }
                }
            }
            for (int v = last; v >= 0; v = parent[static_cast<std::size_t>(v)]) cycle.push_back(v);
            std::reverse(cycle.begin(), cycle.end());
            cycle.push_back(root);
        }

        // An exit: an ending on the loop, a goto out of it, or an inject
        // elsewhere that waits for one on it.
        std::set<std::string> ids;
        for (int v : members) ids.insert(s.injects[static_cast<std::size_t>(v)].id);
        bool exit = false;
        for (int v : members) {
            const auto& inj = s.injects[static_cast<std::size_t>(v)];
            if (!inj.end.empty()) exit = true;
            if (inj.decision)
                for (const auto& o : inj.decision->options) {
                    if (!o.end.empty()) exit = true;
                    for (const auto& g : o.go_to)
                        if (!ids.count(g)) exit = true;
                }
        }
        for (const auto& inj : s.injects)
            if (!ids.count(inj.id) && !inj.trigger.after.empty() &&
                ids.count(inj.trigger.after.substr(0, inj.trigger.after.find('.'))))
                exit = true;

        GotoLoop loop;
        for (int v : cycle) loop.cycle.push_back(s.injects[static_cast<std::size_t>(v)].id);
        loop.exit = exit;
        loop.pos = s.injects[static_cast<std::size_t>(root)].pos;
        out.push_back(std::move(loop));
    }
    return out;
}

void check_paths(const Scenario& s, Diagnostics& diags, std::size_t max_states) {
    const std::string file = file_of(s);
    for (const auto& l : find_goto_loops(s)) {
        const std::string& back = l.cycle.front();
        if (!l.exit)
            diags.error(file, l.pos.line, l.pos.col, "goto-loop",
                        "goto loop without an exit: " + arrow_list(l.cycle) + "; an inject is delivered only once, so "
                        "the goto back to '" + back + "' does nothing and the exercise stalls",
                        "give an option on the loop an `end:` or a `goto:` to an inject outside it");
        else
            diags.warning(file, l.pos.line, l.pos.col, "goto-loop",
                          "the goto back to '" + back + "' (" + arrow_list(l.cycle) +
                              ") does nothing: an inject is delivered only once",
                          "to repeat a step of the story, goto a new inject that tells it again");
    }

    Options o;
    o.red_report = false;               // validate checks paths, not the posture
    o.max_states = max_states;
    o.max_dead_ends = 1;
    const Report r = explore(s, o);
    if (!r.complete) return;  // too large to settle here; `ttx explore` can go further
    if (r.has_endings && !r.dead_ends.empty()) {
        const Path& p = r.dead_ends.front().path;
        // Point at the last inject the stalled path delivered or decided.
        SourcePos pos;
        for (auto it = p.steps.rbegin(); it != p.steps.rend(); ++it)
            if (const Inject* inj = s.inject(it->inject)) {
                pos = inj->pos;
                break;
            }
        std::string waiting;
        for (const auto& w : r.dead_ends.front().waiting) waiting += (waiting.empty() ? "" : ", ") + w;
        diags.error(file, pos.line, pos.col, "path-dead-end",
                    r.dead_end_paths.str() + " path" + (r.dead_end_paths == 1 ? "" : "s") +
                        " stop with nothing left to deliver and no ending, e.g. " + describe(p),
                    "end the story there (`end:` on the option or inject), or add an inject that follows it" +
                        (waiting.empty() ? std::string{} : "; still waiting, never delivered: " + waiting));
    }
    for (const auto& e : r.endings) {
        if (!e.defined || e.reachable) continue;
        const Ending* def = nullptr;
        for (const auto& x : s.endings)
            if (x.id == e.id) def = &x;
        diags.warning(file, def ? def->pos.line : 0, def ? def->pos.col : 0, "unreachable-ending",
                      "ending '" + e.id + "' is reached by no path",
                      "name it in an option's or inject's `end:`, or remove it");
    }
}

} // namespace sim::explore
