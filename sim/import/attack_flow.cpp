// sim/import/attack_flow.cpp — an Attack Flow 2.x bundle as a branching scenario.
//
// The flow is a graph: actions and operators lead on through effect_refs,
// conditions through on_true_refs / on_false_refs, starting at the flow's
// start_refs. Each action becomes an inject, timed by its depth along the
// edges (or by its execution_start when every action has one) and placed in
// the stage of its tactic. A condition becomes a decision of exercise
// control whose options set <id>-true / <id>-false; what follows a branch is
// delivered only when its flag is set. The actions feeding an OR operator
// are the red cell's alternatives: red moves of one stage, the first one the
// default story. Assets become note artifacts of the actions naming them.
#include "sim/import/formats.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "sim/attack/json_text.hpp"

namespace sim::importer::detail {

namespace {

using nlohmann::json;
using attack::detail::get_string;

constexpr ExTime kStep = 600;           // ten minutes between depths

struct Node {
    std::size_t index = 0;              // in "objects"
    std::string id, type;
    const json* obj = nullptr;
    struct Edge {
        std::string to;
        int branch = 0;                 // 0 effect, 1 true, -1 false
        std::string pointer;
    };
    std::vector<Edge> out;
    std::vector<std::string> in;        // predecessors (kept edges only)
    int depth = 0;
    bool reached = false;
    std::vector<std::string> guard;     // flags that must hold
    std::string inject;                 // the inject made from it
    ExTime at = kNoTime;
};

std::string ptr(std::size_t i) { return "/objects/" + std::to_string(i); }

std::vector<std::string> string_list(const json& obj, const char* key) {
    std::vector<std::string> out;
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_array()) return out;
    for (const auto& v : *it)
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

// "2021-05-01T12:30:00Z" (or with fractions / offset ignored) -> seconds since 1970; nullopt if malformed.
std::optional<long long> parse_timestamp(const std::string& s) {
    int y, mo, d, h, mi, sec;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) != 6) return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
    // Days from civil (Howard Hinnant's algorithm).
    y -= mo <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = static_cast<unsigned>((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const long long days = era * 146097 + static_cast<long long>(doe) - 719468;
    return days * 86400 + h * 3600 + mi * 60 + sec;
}

} // namespace

bool import_attack_flow(const json& doc, const Input& in, Builder& b, Reporter& rep) {
    const auto* objects = doc.contains("objects") && doc["objects"].is_array() ? &doc["objects"] : nullptr;
    if (!objects) {
        rep.error("/objects", "a STIX bundle needs an \"objects\" array");
        return false;
    }
    std::map<std::string, Node> nodes;
    std::map<std::string, std::size_t> index_of;
    const json* flow = nullptr;
    std::size_t flow_index = 0;
    for (std::size_t i = 0; i < objects->size(); ++i) {
        const json& o = (*objects)[i];
        if (!o.is_object()) {
            rep.warning(ptr(i), "not a STIX object; skipped");
            continue;
        }
        auto id = get_string(o, "id");
        auto type = get_string(o, "type");
        if (!id || !type) {
            rep.warning(ptr(i), "a STIX object needs \"id\" and \"type\"; skipped");
            continue;
        }
        if (!index_of.emplace(*id, i).second) {
            rep.warning(ptr(i), "duplicate object id " + *id + "; the first one is used");
            continue;
        }
        if (*type == "attack-flow") {
            if (flow) rep.warning(ptr(i), "a second attack-flow object; only the first (" + ptr(flow_index) + ") is imported");
            else {
                flow = &o;
                flow_index = i;
            }
        } else if (*type == "attack-action" || *type == "attack-condition" || *type == "attack-operator") {
            Node n;
            n.index = i;
            n.id = *id;
            n.type = *type;
            n.obj = &o;
            nodes.emplace(*id, std::move(n));
        } else if (*type != "attack-asset" && *type != "identity" && *type != "extension-definition" &&
                   *type != "marking-definition" && *type != "process" && *type != "x-mitre-tactic" &&
                   *type != "attack-pattern") {
            rep.note(ptr(i), "a " + *type + " object has no place in a scenario; not mapped");
        }
    }
    if (!flow) {
        rep.error("/objects", "no attack-flow object: this STIX bundle is not an Attack Flow "
                              "(ATT&CK's own STIX data is read by `ttx attack import`)");
        return false;
    }
    if (nodes.empty()) {
        rep.error(ptr(flow_index), "the flow has no attack-action, attack-condition or attack-operator objects");
        return false;
    }

    // ---- edges -------------------------------------------------------------------
    auto add_edges = [&](Node& n, const char* key, int branch) {
        auto refs = string_list(*n.obj, key);
        for (std::size_t k = 0; k < refs.size(); ++k) {
            std::string p = ptr(n.index) + "/" + key + "/" + std::to_string(k);
            if (!nodes.count(refs[k])) {
                if (!index_of.count(refs[k]))
                    rep.warning(p, "refers to " + refs[k] + ", which is not in the bundle; edge dropped");
                continue;
            }
            n.out.push_back({refs[k], branch, p});
        }
    };
    for (auto& [id, n] : nodes) {
        add_edges(n, "effect_refs", 0);
        if (n.type == "attack-condition") {
            add_edges(n, "on_true_refs", 1);
            add_edges(n, "on_false_refs", -1);
        }
    }

    // ---- start ---------------------------------------------------------------------
    std::vector<std::string> starts;
    auto start_refs = string_list(*flow, "start_refs");
    for (std::size_t k = 0; k < start_refs.size(); ++k) {
        if (nodes.count(start_refs[k])) starts.push_back(start_refs[k]);
        else
            rep.warning(ptr(flow_index) + "/start_refs/" + std::to_string(k),
                        "start ref " + start_refs[k] + " names no action, condition or operator of the bundle");
    }
    if (starts.empty()) {
        std::set<std::string> targets;
        for (const auto& [id, n] : nodes)
            for (const auto& e : n.out) targets.insert(e.to);
        for (const auto& [id, n] : nodes)
            if (!targets.count(id)) starts.push_back(id);
        std::sort(starts.begin(), starts.end(), [&](const auto& a, const auto& c) { return nodes[a].index < nodes[c].index; });
        if (starts.empty()) {
            rep.error(ptr(flow_index) + "/start_refs",
                      "the flow has no start_refs and every node has a predecessor (the graph is one cycle): "
                      "nothing to start from");
            return false;
        }
        rep.warning(ptr(flow_index) + "/start_refs", "the flow has no start_refs; starting from the " +
                                                         std::to_string(starts.size()) +
                                                         " node(s) nothing leads to");
    }

    // ---- cycles: drop each edge that closes one, in a depth-first walk ------------------
    std::vector<std::string> order;     // reverse post-order = topological order
    {
        std::map<std::string, int> state;   // 0 new, 1 on the stack, 2 done
        std::vector<std::string> roots = starts;
        for (const auto& [id, n] : nodes) roots.push_back(id);
        for (const auto& root : roots) {
            if (state[root]) continue;
            std::vector<std::pair<std::string, std::size_t>> stack{{root, 0}};
            state[root] = 1;
            while (!stack.empty()) {
                auto& [id, k] = stack.back();
                Node& n = nodes[id];
                if (k < n.out.size()) {
                    auto& e = n.out[k++];
                    int& st = state[e.to];
                    if (st == 1) {
                        rep.error(e.pointer, "this edge closes a cycle (" + nodes[e.to].id +
                                                 " leads back here); a scenario runs forward, so the edge is dropped");
                        e.to.clear();
                    } else if (st == 0) {
                        st = 1;
                        stack.emplace_back(e.to, 0);
                    }
                } else {
                    state[id] = 2;
                    order.push_back(id);
                    stack.pop_back();
                }
            }
        }
        std::reverse(order.begin(), order.end());
    }
    for (auto& [id, n] : nodes)
        for (const auto& e : n.out)
            if (!e.to.empty()) nodes[e.to].in.push_back(id);

    // ---- depth and reach ---------------------------------------------------------------
    for (const auto& s : starts) nodes[s].reached = true;
    for (const auto& id : order) {
        Node& n = nodes[id];
        for (const auto& e : n.out) {
            if (e.to.empty()) continue;
            Node& m = nodes[e.to];
            m.depth = std::max(m.depth, n.depth + (n.type == "attack-operator" ? 0 : 1));
            m.reached = m.reached || n.reached;
        }
    }
    for (const auto& id : order)
        if (!nodes[id].reached)
            rep.warning(ptr(nodes[id].index), "not reachable from the flow's start_refs; imported after its predecessors");

    // ---- guards: the flags of the condition branches that lead to a node -----------------
    for (const auto& id : order) {
        Node& n = nodes[id];
        for (const auto& e : n.out) {
            if (e.to.empty()) continue;
            Node& m = nodes[e.to];
            if (m.in.front() != id) continue;       // the first predecessor decides
            m.guard = n.guard;
            if (e.branch != 0) {
                m.guard.push_back("c" + std::to_string(n.index) + (e.branch > 0 ? "-true" : "-false"));
            }
        }
    }

    // ---- times: execution_start when every action has one, else depth ----------------------
    std::map<std::string, long long> exec;
    bool all_timed = true;
    for (const auto& [id, n] : nodes) {
        if (n.type != "attack-action") continue;
        auto t = get_string(*n.obj, "execution_start");
        auto parsed = t ? parse_timestamp(*t) : std::nullopt;
        if (t && !parsed) rep.warning(ptr(n.index) + "/execution_start", "not an ISO 8601 timestamp: '" + clip(*t, 40) + "'");
        if (parsed) exec[id] = *parsed;
        else all_timed = false;
    }
    long long t0 = 0;
    if (all_timed && !exec.empty()) {
        t0 = exec.begin()->second;
        for (const auto& [id, t] : exec) t0 = std::min(t0, t);
    }
    const ExTime base = b.extending ? b.last_at() + kStep : 0;
    for (auto& [id, n] : nodes) {
        if (all_timed && !exec.empty() && n.type == "attack-action") n.at = base + static_cast<ExTime>(exec[id] - t0);
        else n.at = base + n.depth * kStep;
    }
    // Conditions come after everything that leads to them.
    for (const auto& id : order) {
        Node& n = nodes[id];
        for (const auto& p : n.in)
            if (n.type != "attack-action") n.at = std::max(n.at, nodes[p].at + (n.type == "attack-condition" ? 60 : 0));
    }

    // ---- teams, metadata -----------------------------------------------------------------
    auto& src = b.source(in.name, "attack-flow", in.text);
    const std::string blue = b.team(TeamKind::blue, "soc", "SOC");
    b.team(TeamKind::red, "red-cell", "Red cell");
    const std::string control = b.team(TeamKind::white, "control", "Exercise control");
    src.objects.emplace_back("flow", get_string(*flow, "id").value_or(""));
    if (!b.extending) {
        if (auto name = get_string(*flow, "name")) b.s.title = clip(*name, 200);
        if (auto d = get_string(*flow, "description")) b.s.summary = clip(*d, 8000);
        b.s.tags = {"attack-flow"};
        if (auto scope = get_string(*flow, "scope")) b.s.tags.push_back(slug(*scope, 30));
    }

    // Injects in time order, so stages are created in the order the story reaches them.
    std::vector<Node*> timeline;
    for (const auto& id : order)
        if (nodes[id].type != "attack-operator") timeline.push_back(&nodes[id]);
    std::stable_sort(timeline.begin(), timeline.end(), [](const Node* a, const Node* c) { return a->at < c->at; });

    std::string last_stage;
    for (Node* n : timeline) {
        const json& o = *n->obj;
        const std::string where = ptr(n->index);
        Inject inj;
        inj.trigger.at = n->at;
        if (!n->guard.empty()) inj.trigger.when.all = n->guard;
        if (n->type == "attack-action") {
            const std::string name = get_string(o, "name").value_or("");
            std::string technique;
            if (auto raw = get_string(o, "technique_id"))
                technique = resolve_technique(b.cat, *raw, rep, where + "/technique_id", "action '" + clip(name, 60) + "'");
            std::string tactic = resolve_tactic(b.cat, get_string(o, "tactic_id").value_or(""), technique);
            if (tactic.empty() && get_string(o, "tactic_id"))
                rep.warning(where + "/tactic_id", "unknown tactic '" + clip(*get_string(o, "tactic_id"), 40) + "'");
            if (tactic.empty()) {
                // Neither technique nor tactic: it belongs with what came before it.
                inj.stage = last_stage.empty() ? b.stage_for("initial-access") : last_stage;
                rep.note(where, "action '" + clip(name, 60) + "' has no tactic or technique; placed in stage '" +
                                    inj.stage + "'");
            } else {
                inj.stage = b.stage_for(tactic);
            }
            inj.id = b.unique_id("a" + std::to_string(n->index) + "-" + slug(name.empty() ? technique : name, 40));
            inj.to = {blue};
            inj.source = "attack-flow";
            inj.title = clip(name.empty() ? (technique.empty() ? "Action" : technique) : name, 300);
            std::string body = clip(get_string(o, "description").value_or(""), 16000);
            auto start = get_string(o, "execution_start"), end = get_string(o, "execution_end");
            if (start || end)
                body += std::string(body.empty() ? "" : "\n\n") + "Executed " + (start ? "from " + *start : "") +
                        (end ? " until " + *end : "") + ".";
            inj.body = body;
            if (!technique.empty()) inj.techniques = {technique};
            else b.todo("technique", inj.id, "the flow's action names no usable ATT&CK technique");
            // The command an action ran (command_ref -> process.command_line).
            if (auto cref = get_string(o, "command_ref")) {
                auto it = index_of.find(*cref);
                const json* proc = it == index_of.end() ? nullptr : &(*objects)[it->second];
                if (auto line = proc ? get_string(*proc, "command_line") : std::nullopt) {
                    Artifact a;
                    a.kind = ArtifactKind::log;
                    a.label = "Command";
                    a.value = clip(*line, 16000);
                    inj.artifacts.push_back(a);
                } else {
                    rep.warning(where + "/command_ref", "names no process object with a command_line");
                }
            }
            auto assets = string_list(o, "asset_refs");
            for (std::size_t k = 0; k < assets.size(); ++k) {
                auto it = index_of.find(assets[k]);
                if (it == index_of.end()) {
                    rep.warning(where + "/asset_refs/" + std::to_string(k), "refers to " + assets[k] + ", not in the bundle");
                    continue;
                }
                const json& asset = (*objects)[it->second];
                Artifact a;
                a.kind = ArtifactKind::note;
                a.label = clip(get_string(asset, "name").value_or("Asset"), 200);
                a.value = clip(get_string(asset, "description").value_or(a.label), 16000);
                inj.artifacts.push_back(a);
                src.objects.emplace_back(inj.id + "/asset-" + std::to_string(k), assets[k]);
            }
            b.todo("expect", inj.id, "the flow says what the attacker did, not what the defenders should do");
        } else {    // attack-condition
            const std::string desc = get_string(o, "description").value_or("condition");
            inj.stage = last_stage.empty() ? b.stage_for("initial-access") : last_stage;
            inj.id = b.unique_id("c" + std::to_string(n->index) + "-" + slug(desc, 40));
            inj.to = {control};
            inj.channel = "chat";
            inj.source = "attack-flow";
            inj.severity = Severity::info;
            inj.title = clip("Condition: " + desc, 300);
            Decision d;
            d.prompt = clip(desc, 2000) + " — does it hold?";
            d.by = {control};
            d.timeout = 300;
            d.default_option = "holds";
            Option yes, no;
            yes.id = "holds";
            yes.label = "It holds";
            yes.set = {"c" + std::to_string(n->index) + "-true"};
            no.id = "fails";
            no.label = "It does not hold";
            no.set = {"c" + std::to_string(n->index) + "-false"};
            d.options = {yes, no};
            inj.decision = d;
            b.todo("options", inj.id, "the flow gives the condition, not what each branch means for the room");
        }
        last_stage = inj.stage;
        n->inject = inj.id;
        src.objects.emplace_back(inj.id, n->id);
        b.s.injects.push_back(std::move(inj));
    }

    // ---- OR operators: the actions feeding one are red-move alternatives --------------------
    for (const auto& id : order) {
        const Node& op = nodes[id];
        if (op.type != "attack-operator" || get_string(*op.obj, "operator") != "OR") continue;
        std::vector<Inject*> alts;
        for (const auto& p : op.in) {
            const Node& a = nodes[p];
            if (a.type != "attack-action") continue;
            for (auto& inj : b.s.injects)
                if (inj.id == a.inject && !inj.techniques.empty()) alts.push_back(&inj);
        }
        if (alts.size() < 2) continue;
        const Stage* st = b.s.stage(alts.front()->stage);
        std::string stage = b.s.red_moves.count(st->id) ? b.stage_for(st->tactic, true) : st->id;
        auto& moves = b.s.red_moves[stage];
        std::vector<std::string> others;
        for (auto* inj : alts) {
            RedMove m;
            m.technique = inj->techniques.front();
            m.id = inj->id;
            m.description = inj->title;
            if (inj != alts.front()) {
                m.causes.push_back({inj->id, 0, {}});
                others.push_back(move_fact(stage, m.id));
            }
            inj->stage = stage;
            moves.push_back(std::move(m));
        }
        // The first alternative is the story when the red cell picks no other one.
        auto& none = alts.front()->trigger.when.none;
        none.insert(none.end(), others.begin(), others.end());
        src.objects.emplace_back("red_moves." + stage, op.id);
    }

    // ---- options whose branch leads nowhere end the story ----------------------------------
    // (Later injects may all wait for other branches' flags, so "something is
    // scheduled later" is not enough to keep the exercise moving.)
    std::set<std::string> tested;
    for (const auto& inj : b.s.injects)
        for (const auto& f : inj.trigger.when.all) tested.insert(f);
    for (auto& inj : b.s.injects) {
        if (!inj.decision) continue;
        for (auto& o : inj.decision->options)
            if (!tested.count(o.set.front()) && o.go_to.empty() && o.end.empty())
                o.end = o.id == "fails" ? b.ending("flow-stopped", "The attack stops where a condition did not hold")
                                        : b.ending("flow-end", "The attack flow has run its course");
    }
    return true;
}

} // namespace sim::importer::detail
