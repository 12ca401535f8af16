// sim/explore/render.cpp — an exploration report as text (people) and JSON (tools).
#include <cmath>

#include <fmt/format.h>

#include "sim/explore/explore.hpp"

namespace sim::explore {

namespace {

using nlohmann::json;

const char* kind_name(Step::Kind k) {
    switch (k) {
    case Step::Kind::delivered: return "delivered";
    case Step::Kind::decided: return "decided";
    case Step::Kind::timed_out: return "timed_out";
    case Step::Kind::ended: return "ended";
    case Step::Kind::red_move: return "red_move";
    case Step::Kind::revealed: return "revealed";
    }
    return "delivered";
}

std::string plural(std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

std::string count_text(const Count& c, const char* word) {
    return c.str() + " " + word + (c == 1 ? "" : "s");
}

json path_json(const Path& p);

const char* move_kind(Move::Kind k) {
    switch (k) {
    case Move::Kind::decide: return "decide";
    case Move::Kind::wait: return "wait";
    case Move::Kind::red: return "red";
    case Move::Kind::hunt: return "hunt";
    }
    return "wait";
}

} // namespace

json to_json(const Path& p) { return path_json(p); }

namespace {

json path_json(const Path& p) {
    json moves = json::array();
    for (const auto& m : p.moves) {
        json j = {{"kind", move_kind(m.kind)}, {"at", m.at}, {"until", m.until}};
        if (m.kind == Move::Kind::decide) {
            j["inject"] = m.inject;
            j["option"] = m.option;
        }
        if (!m.stage.empty()) {
            j["stage"] = m.stage;
            j["move"] = m.move;
        }
        moves.push_back(std::move(j));
    }
    json steps = json::array();
    for (const auto& s : p.steps) {
        json j = {{"kind", kind_name(s.kind)}, {"at", s.at}};
        if (!s.inject.empty()) j["inject"] = s.inject;
        if (!s.option.empty()) j["option"] = s.option;
        if (!s.ending.empty()) j["ending"] = s.ending;
        if (!s.stage.empty()) {
            j["stage"] = s.stage;
            j["move"] = s.move;
            if (s.kind == Step::Kind::red_move) j["outcome"] = s.outcome.empty() ? json(nullptr) : json(s.outcome);
        }
        steps.push_back(std::move(j));
    }
    return {{"decisions", p.decisions},
            {"summary", describe(p)},
            {"start_until", p.start_until},
            {"moves", std::move(moves)},
            {"steps", std::move(steps)}};
}

// Counts beyond 2^53 would lose digits as JSON numbers: they are strings.
json count_json(const Count& c) { return c.str(); }

double round2(double x) { return std::round(x * 100.0) / 100.0; }

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
    return out;
}

// The "Red moves" and "Blind spots" sections.
std::string red_text(const Report& r) {
    if (!r.red_walked) return {};
    std::string out = fmt::format("  red moves ({}, every red branch walked{}):\n", plural(r.red_moves.size(), "move"),
                                  r.red_complete ? "" : "; INCOMPLETE, raise --max-states");
    if (!r.red_decisions.empty()) out += fmt::format("    red decisions walked like any other: {}\n", joined(r.red_decisions));
    for (const auto& m : r.red_moves) {
        std::string seen;
        if (!m.played) seen = "never played: unavailable on every path";
        else if (!r.adjudicated) seen = "played";
        else {
            seen = m.outcomes.empty() ? "played" : joined(m.outcomes);
            if (m.hunt) seen += ", a hunt reveals it";
            seen += m.detected_on_some_path ? "; detected on some path" : "; NEVER DETECTED";
        }
        // A move's id defaults to its technique: say it once then.
        out += fmt::format("    {}/{}{}: {}\n", m.stage, m.move, m.move == m.technique ? "" : " " + m.technique, seen);
        if (!m.injects.empty()) out += fmt::format("      leads to: {}\n", joined(m.injects));
    }
    if (!r.adjudicated) {
        out += "  blind spots: not adjudicated (the scenario declares no posture)\n";
    } else if (r.blind_spots.empty()) {
        out += "  blind spots: none; every move played is detected on some path\n";
    } else {
        out += fmt::format("  blind spots ({} no blue path ever detects):\n", plural(r.blind_spots.size(), "move"));
        for (std::size_t k : r.blind_spots)
            out += fmt::format("    {}/{} {}\n", r.red_moves[k].stage, r.red_moves[k].move, r.red_moves[k].technique);
    }
    return out;
}

} // namespace

std::string describe(const Path& p) {
    std::string out;
    std::string ending;
    for (const auto& s : p.steps) {
        if (s.kind == Step::Kind::ended) ending = s.ending;
        std::string item;
        if (s.kind == Step::Kind::decided) item = fmt::format("{} -> {} at {}", s.inject, s.option, format_clock(s.at));
        else if (s.kind == Step::Kind::timed_out)
            item = fmt::format("{} times out -> {} at {}", s.inject, s.option, format_clock(s.at));
        else if (s.kind == Step::Kind::red_move)
            item = fmt::format("red {}/{}{} at {}", s.stage, s.move, s.outcome.empty() ? "" : " (" + s.outcome + ")",
                               format_clock(s.at));
        else if (s.kind == Step::Kind::revealed)
            item = fmt::format("hunt reveals {}/{} at {}", s.stage, s.move, format_clock(s.at));
        if (item.empty()) continue;
        if (!out.empty()) out += ", ";
        out += item;
    }
    if (out.empty()) out = "no decision";
    if (!ending.empty()) out += " => " + ending;
    return out;
}

json to_json(const Report& r) {
    json endings = json::array();
    for (const auto& e : r.endings) {
        json j = {{"id", e.id}, {"title", e.title}, {"defined", e.defined}, {"reachable", e.reachable},
                  {"paths", count_json(e.paths)}};
        j["shortest"] = e.reachable ? path_json(e.shortest) : json(nullptr);
        endings.push_back(std::move(j));
    }
    json dead = json::array();
    for (const auto& d : r.dead_ends) dead.push_back({{"path", path_json(d.path)}, {"waiting", d.waiting}});
    json loops = json::array();
    for (const auto& l : r.loops)
        loops.push_back({{"cycle", l.cycle}, {"exit", l.exit}, {"line", l.pos.line}, {"col", l.pos.col}});
    auto bound = [](const std::optional<ReadinessBound>& b) -> json {
        if (!b) return nullptr;
        return {{"index", round2(b->index)}, {"path", path_json(b->path)}};
    };
    json red = json::array();
    for (const auto& m : r.red_moves) {
        red.push_back({{"stage", m.stage},
                       {"move", m.move},
                       {"technique", m.technique},
                       {"played", m.played},
                       {"injects", m.injects},
                       {"outcomes", m.outcomes},
                       {"revealed_by_hunt", m.hunt},
                       // Without a posture nothing is adjudicated: detection is unknown.
                       {"detected_on_some_path", r.adjudicated ? json(m.detected_on_some_path) : json(nullptr)}});
    }
    json blind = json::array();
    for (std::size_t k : r.blind_spots)
        blind.push_back({{"stage", r.red_moves[k].stage}, {"move", r.red_moves[k].move}, {"technique", r.red_moves[k].technique}});
    const auto defects = r.defects();
    return {{"scenario", r.scenario},
            {"file", r.file},
            {"mode", to_string(r.mode)},
            {"complete", r.complete},
            {"states", r.states},
            {"transitions", r.transitions},
            {"paths", count_json(r.paths)},
            {"has_endings", r.has_endings},
            {"endings", std::move(endings)},
            {"reachable", r.reachable},
            {"unreachable", r.unreachable},
            {"by_red_move", r.by_red_move},
            {"red_undelivered", r.red_undelivered},
            {"red_walk", {{"walked", r.red_walked}, {"complete", r.red_complete}, {"adjudicated", r.adjudicated}}},
            {"red_moves", std::move(red)},
            {"blind_spots", std::move(blind)},
            {"red_decisions", r.red_decisions},
            {"dead_end_paths", count_json(r.dead_end_paths)},
            {"dead_end_states", r.dead_end_states},
            {"doomed_states", r.doomed_states},
            {"dead_ends", std::move(dead)},
            {"loops", std::move(loops)},
            {"readiness", {{"expectations", r.rated}, {"min", bound(r.min_readiness)}, {"max", bound(r.max_readiness)}}},
            {"defects", defects},
            {"clean", defects.empty()}};
}

std::string to_text(const Report& r) {
    std::string out;
    const std::string name = r.file.empty() ? r.scenario : r.file;
    out += fmt::format("{}: {} ({} mode)\n", name, r.scenario, to_string(r.mode));
    out += fmt::format("  explored {}, {}: {}\n", plural(r.states, "state"), plural(r.transitions, "transition"),
                       r.complete ? count_text(r.paths, "distinct path") : std::string("incomplete"));
    out += fmt::format("  injects: {} of {} reachable\n", r.reachable.size(), r.reachable.size() + r.unreachable.size());
    for (const auto& i : r.unreachable) out += fmt::format("    never delivered: {}\n", i);
    for (const auto& i : r.by_red_move) out += fmt::format("    delivered only by a red move (not walked): {}\n", i);
    for (const auto& i : r.red_undelivered)
        out += fmt::format("    delivered only by a red move, and no path's move delivers it: {}\n", i);
    if (!r.complete) {
        for (const auto& d : r.defects()) out += fmt::format("{}: error: {}\n", name, d);
        return out;
    }

    if (r.endings.empty()) {
        out += "  endings: none defined; every path runs until nothing is left to deliver\n";
    } else {
        out += "  endings:\n";
        for (const auto& e : r.endings) {
            std::string head = e.id + (e.defined ? (e.title.empty() ? "" : " \"" + e.title + "\"") : " (not defined under endings:)");
            if (!e.reachable) {
                out += fmt::format("    {}: unreachable\n", head);
                continue;
            }
            out += fmt::format("    {}: {}; shortest ({}): {}\n", head, count_text(e.paths, "path"),
                               plural(static_cast<std::size_t>(e.shortest.decisions), "decision"), describe(e.shortest));
        }
    }

    if (r.min_readiness && r.max_readiness) {
        out += fmt::format("  readiness over {} rated by options: min {:.1f}, max {:.1f}\n",
                           plural(r.rated.size(), "expectation"), r.min_readiness->index, r.max_readiness->index);
        out += fmt::format("    lowest:  {}\n", describe(r.min_readiness->path));
        out += fmt::format("    highest: {}\n", describe(r.max_readiness->path));
    } else {
        out += "  readiness: no option rates an expectation that some path delivers\n";
    }

    if (!r.has_endings) {
        out += "  dead ends: not applicable (no endings)\n";
    } else if (r.dead_end_states == 0) {
        out += "  dead ends: none\n";
    } else {
        out += fmt::format("  dead ends: {} in {}\n", count_text(r.dead_end_paths, "path"),
                           plural(r.dead_end_states, "state"));
        for (const auto& d : r.dead_ends) {
            out += fmt::format("    {}\n", describe(d.path));
            if (!d.waiting.empty()) {
                std::string w;
                for (const auto& i : d.waiting) w += (w.empty() ? "" : ", ") + i;
                out += fmt::format("      still waiting: {}\n", w);
            }
        }
    }

    if (r.loops.empty()) {
        out += "  goto loops: none\n";
    } else {
        out += "  goto loops:\n";
        for (const auto& l : r.loops) {
            std::string c;
            for (const auto& i : l.cycle) c += (c.empty() ? "" : " -> ") + i;
            out += fmt::format("    {} ({})\n", c, l.exit ? "has an exit; the goto back does nothing" : "no exit");
        }
    }

    out += red_text(r);

    const auto defects = r.defects();
    for (const auto& d : defects) out += fmt::format("{}: error: {}\n", name, d);
    out += defects.empty() ? "  result: clean\n" : fmt::format("  result: {}\n", plural(defects.size(), "defect"));
    return out;
}

} // namespace sim::explore
