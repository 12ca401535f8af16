// sim/report/history.cpp — see history.hpp.
#include "sim/report/history.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>

#include "sim/scenario/loader.hpp"
#include "sim/util/files.hpp"

namespace sim::report {

using nlohmann::json;
using namespace sim::scoring;

// ---- loading ----------------------------------------------------------------------------

SessionMeta meta_from_info(const SessionInfo& info) {
    SessionMeta m;
    m.id = info.id;
    m.mode = to_string(info.mode);
    m.practice = info.practice;
    m.seed = info.seed;
    m.status = info.status;
    m.started_wall = info.started_wall;
    m.ended_wall = info.ended_wall;
    m.participants = info.participants;
    m.scenario_sha256 = info.scenario_sha256;
    m.script_name = info.script_name;
    return m;
}

std::string stored_scenario_altered(const SessionInfo& info) {
    if (sha256_hex(info.scenario_text) == info.scenario_sha256) return {};
    return "session " + info.id + ": the stored scenario text does not match its SHA-256; the journal database has "
           "been altered";
}

std::optional<LoadedSession> load_session(const Store& store, const std::string& id, std::string& error) {
    auto info = store.session(id);
    if (!info) {
        error = "no session " + id + " in " + store.path() + " (`ttx sessions` lists them)";
        return std::nullopt;
    }
    if (error = stored_scenario_altered(*info); !error.empty()) return std::nullopt;
    LoadResult loaded =
        load_scenario_text(info->scenario_text, info->scenario_id + ".yaml (stored with session " + id + ")");
    if (!loaded.scenario || loaded.diags.has_errors()) {
        error = "session " + id + ": its stored scenario no longer loads";
        for (const auto& d : loaded.diags.items)
            if (d.level == DiagLevel::error) {
                error += ": " + format_diagnostic(d);
                break;
            }
        return std::nullopt;
    }
    Journal journal;
    try {
        journal = store.events(id);
    } catch (const JournalError& e) {
        error = "session " + id + ": its journal cannot be read: " + e.what();
        return std::nullopt;
    }
    LoadedSession s{*info, std::move(*loaded.scenario), std::move(journal), {}, meta_from_info(*info)};
    s.card = score(s.scenario, s.journal);
    return s;
}

// ---- summaries and trends -----------------------------------------------------------------

SessionSummary summarize(const LoadedSession& s) {
    SessionSummary out;
    out.id = s.info.id;
    out.scenario_id = s.info.scenario_id;
    out.scenario_title = s.info.scenario_title;
    out.mode = to_string(s.info.mode);
    out.status = s.info.status;
    out.practice = s.info.practice;
    out.started_wall = s.info.started_wall;
    out.readiness = s.card.readiness.index;
    out.level = s.card.readiness.level;
    out.expectations = s.card.overall_stats.score;
    out.time_to_detect = s.card.metrics.detect.value;
    out.time_to_contain = s.card.metrics.contain.value;
    for (const auto& t : s.card.teams) out.teams.push_back({t.group.id, t.group.name, t.group.readiness.index});
    for (const auto& c : s.card.capabilities) out.capabilities.push_back({c.id, c.name, c.readiness.index});
    return out;
}

const char* to_string(TrendKind k) {
    switch (k) {
    case TrendKind::overall: return "overall";
    case TrendKind::team: return "team";
    case TrendKind::capability: return "capability";
    }
    return "overall";
}

std::optional<double> Trend::delta() const {
    if (points.size() < 2) return std::nullopt;
    return points.back().value - points.front().value;
}

std::vector<Trend> trends(const std::vector<SessionSummary>& summaries, const std::string& team) {
    std::vector<Trend> out;
    Trend overall{TrendKind::overall, "overall", "Overall readiness", {}};
    std::vector<Trend> teams, caps;
    std::map<std::string, size_t> team_at, cap_at;
    auto push = [](std::vector<Trend>& list, std::map<std::string, size_t>& at, TrendKind kind, const NamedScore& n,
                   const SessionSummary& s) {
        if (!n.value) return;
        auto it = at.find(n.id);
        if (it == at.end()) {
            it = at.emplace(n.id, list.size()).first;
            list.push_back({kind, n.id, n.name, {}});
        }
        list[it->second].points.push_back({s.id, s.started_wall, *n.value});
    };
    for (const auto& s : summaries) {
        if (s.readiness) overall.points.push_back({s.id, s.started_wall, *s.readiness});
        for (const auto& t : s.teams)
            if (team.empty() || t.id == team) push(teams, team_at, TrendKind::team, t, s);
        for (const auto& c : s.capabilities) push(caps, cap_at, TrendKind::capability, c, s);
    }
    out.push_back(std::move(overall));
    for (auto& t : teams) out.push_back(std::move(t));
    for (auto& c : caps) out.push_back(std::move(c));
    return out;
}

std::optional<HistoryFormat> parse_history_format(const std::string& s) {
    if (s == "table") return HistoryFormat::table;
    if (s == "csv") return HistoryFormat::csv;
    if (s == "json") return HistoryFormat::json;
    return std::nullopt;
}

std::optional<std::int64_t> parse_date_utc_ms(const std::string& s) {
    if (!valid_date(s)) return std::nullopt;
    std::tm tm{};
    tm.tm_year = std::stoi(s.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(s.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(s.substr(8, 2));
    return static_cast<std::int64_t>(::timegm(&tm)) * 1000;
}

namespace {

std::string fixed(const std::optional<double>& v, int decimals = 1) {
    if (!v) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
    return buf;
}

std::string signed_fixed(double v, int decimals = 1) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%+.*f", decimals, v);
    return buf;
}

// Display width of UTF-8 text: one column per code point.
size_t width(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

std::string pad(const std::string& s, size_t w, bool right = false) {
    size_t n = width(s);
    if (n >= w) return s;
    return right ? std::string(w - n, ' ') + s : s + std::string(w - n, ' ');
}

// Plain text with control characters (terminal escapes) removed.
std::string plain(const std::string& s) {
    std::string out;
    for (char ch : s)
        if (static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f) out += ch;
    return out;
}

struct TextTable {
    std::vector<std::string> head;
    std::vector<bool> right;
    std::vector<std::vector<std::string>> rows;
    std::string render() const {
        std::vector<size_t> w(head.size(), 0);
        for (size_t i = 0; i < head.size(); ++i) w[i] = width(head[i]);
        for (const auto& r : rows)
            for (size_t i = 0; i < r.size() && i < w.size(); ++i) w[i] = std::max(w[i], width(r[i]));
        auto line = [&](const std::vector<std::string>& r) {
            std::string s;
            for (size_t i = 0; i < r.size(); ++i) {
                bool last = i + 1 == r.size();
                std::string cell = pad(plain(r[i]), last && !right[i] ? 0 : w[i], right[i]);
                s += cell + (last ? "" : "  ");
            }
            return s + "\n";
        };
        std::string out = line(head);
        for (const auto& r : rows) out += line(r);
        return out;
    }
};

std::string level_text(int level) { return level ? std::to_string(level) + " " + maturity_name(level) : "-"; }

std::string arrow(const std::optional<double>& d) {
    if (!d) return "";
    if (std::fabs(*d) < 0.05) return "=";
    return *d > 0 ? "▲" : "▼";
}

json opt_json(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

} // namespace

std::string render_history(HistoryFormat f, const std::vector<SessionSummary>& summaries,
                           const std::vector<Trend>& trend_list) {
    if (f == HistoryFormat::json) {
        json sessions = json::array(), trends_json = json::array();
        for (const auto& s : summaries) {
            json teams = json::array(), caps = json::array();
            for (const auto& t : s.teams) teams.push_back({{"id", t.id}, {"name", t.name}, {"readiness", opt_json(t.value)}});
            for (const auto& c : s.capabilities)
                caps.push_back({{"id", c.id}, {"name", c.name}, {"readiness", opt_json(c.value)}});
            sessions.push_back({{"id", s.id},
                                {"started", format_wall(s.started_wall)},
                                {"started_wall_ms", s.started_wall},
                                {"scenario", s.scenario_id},
                                {"scenario_title", s.scenario_title},
                                {"mode", s.mode},
                                {"status", s.status},
                                {"practice", s.practice},
                                {"readiness", opt_json(s.readiness)},
                                {"level", s.level},
                                {"maturity", maturity_name(s.level)},
                                {"expectations", opt_json(s.expectations)},
                                {"time_to_detect", s.time_to_detect ? json(*s.time_to_detect) : json(nullptr)},
                                {"time_to_contain", s.time_to_contain ? json(*s.time_to_contain) : json(nullptr)},
                                {"teams", teams},
                                {"capabilities", caps}});
        }
        for (const auto& t : trend_list) {
            json points = json::array();
            for (const auto& p : t.points) points.push_back({{"session", p.session}, {"value", p.value}});
            trends_json.push_back(
                {{"kind", to_string(t.kind)}, {"id", t.id}, {"name", t.name}, {"points", points}, {"delta", opt_json(t.delta())}});
        }
        json doc = {{"schema", "ttx-history/1"}, {"sessions", sessions}, {"trends", trends_json}};
        return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    }
    if (f == HistoryFormat::csv) {
        std::string out = csv_row({"session", "started", "scenario", "mode", "practice", "kind", "id", "name",
                                   "readiness", "level", "maturity"});
        for (const auto& s : summaries) {
            auto row = [&](const std::string& kind, const std::string& id, const std::string& name,
                           const std::optional<double>& v) {
                int level = v ? maturity_level(*v) : 0;
                out += csv_row({s.id, format_wall(s.started_wall), s.scenario_id, s.mode, s.practice ? "true" : "false",
                                kind, id, name, fixed(v, 2), level ? std::to_string(level) : "",
                                level ? maturity_name(level) : ""});
            };
            row("overall", "overall", "Overall readiness", s.readiness);
            for (const auto& t : s.teams) row("team", t.id, t.name, t.value);
            for (const auto& c : s.capabilities) row("capability", c.id, c.name, c.value);
        }
        return out;
    }
    if (summaries.empty()) return "No sessions match.\n";
    TextTable sessions{{"SESSION", "STARTED", "SCENARIO", "MODE", "READINESS", "MATURITY", "DETECT", "CONTAIN"},
                       {false, false, false, false, true, false, true, true},
                       {}};
    for (const auto& s : summaries)
        sessions.rows.push_back({s.id + (s.practice ? " (practice)" : ""), format_wall(s.started_wall), s.scenario_id,
                                 s.mode, fixed(s.readiness), level_text(s.level),
                                 s.time_to_detect ? format_duration(*s.time_to_detect) : "-",
                                 s.time_to_contain ? format_duration(*s.time_to_contain) : "-"});
    std::string out = "Sessions, oldest first\n" + sessions.render();
    TextTable t{{"TREND", "SESSIONS", "FIRST", "LAST", "CHANGE", "SERIES"}, {false, true, true, true, true, false}, {}};
    for (const auto& tr : trend_list) {
        if (tr.points.empty()) continue;
        std::string series;
        size_t from = tr.points.size() > 8 ? tr.points.size() - 8 : 0;
        if (from) series = "… ";
        for (size_t i = from; i < tr.points.size(); ++i)
            series += (i > from ? " → " : "") + fixed(tr.points[i].value);
        auto d = tr.delta();
        std::string label = tr.kind == TrendKind::overall
                                ? tr.name
                                : std::string(to_string(tr.kind)) + " " + tr.name + " (" + tr.id + ")";
        t.rows.push_back({label, std::to_string(tr.points.size()), fixed(tr.points.front().value),
                          fixed(tr.points.back().value), d ? signed_fixed(*d) + " " + arrow(d) : "-", series});
    }
    out += "\nTrends in readiness, oldest → newest\n" + t.render();
    return out;
}

// ---- compare ------------------------------------------------------------------------------

std::optional<double> CompareRow::delta() const {
    if (!a || !b) return std::nullopt;
    return *b - *a;
}

std::string CompareRow::verdict() const {
    auto d = delta();
    if (!d) return "";
    if (std::fabs(*d) < 1e-9) return "same";
    return (*d > 0) != lower_is_better ? "better" : "worse";
}

std::vector<CompareRow> compare(const LoadedSession& a, const LoadedSession& b) {
    std::vector<CompareRow> rows;
    const Scorecard &ca = a.card, &cb = b.card;
    auto comp = [](const Readiness& r, const char* name) -> std::optional<double> {
        for (const auto& c : r.components)
            if (c.name == name) return c.value;
        return std::nullopt;
    };
    rows.push_back({"overall", "Readiness index", ca.readiness.index, cb.readiness.index});
    rows.push_back({"overall", "Maturity level", ca.readiness.level ? std::optional<double>(ca.readiness.level) : std::nullopt,
                    cb.readiness.level ? std::optional<double>(cb.readiness.level) : std::nullopt});
    for (const char* name : {"expectations", "timeliness", "detection-depth", "alert-quality", "purple-coverage"})
        rows.push_back({"overall", name, comp(ca.readiness, name), comp(cb.readiness, name)});

    // Union of ids, A's order first, then B's new ones.
    auto merged = [](const auto& la, const auto& lb, auto id_of) {
        std::vector<std::string> ids;
        for (const auto& x : la) ids.push_back(id_of(x));
        for (const auto& x : lb)
            if (std::find(ids.begin(), ids.end(), id_of(x)) == ids.end()) ids.push_back(id_of(x));
        return ids;
    };
    auto cap_id = [](const GroupScore& g) { return g.id; };
    for (const auto& id : merged(ca.capabilities, cb.capabilities, cap_id)) {
        const GroupScore* ga = ca.capability(id);
        const GroupScore* gb = cb.capability(id);
        rows.push_back({"capability", (ga ? ga->name : gb->name), ga ? ga->readiness.index : std::nullopt,
                        gb ? gb->readiness.index : std::nullopt});
    }
    auto team_id = [](const TeamScore& t) { return t.group.id; };
    for (const auto& id : merged(ca.teams, cb.teams, team_id)) {
        const TeamScore* ta = ca.team(id);
        const TeamScore* tb = cb.team(id);
        rows.push_back({"team", (ta ? ta->group.name : tb->group.name), ta ? ta->group.readiness.index : std::nullopt,
                        tb ? tb->group.readiness.index : std::nullopt});
    }
    auto t = [](const Metric& m) -> std::optional<double> {
        return m.value ? std::optional<double>(static_cast<double>(*m.value)) : std::nullopt;
    };
    const std::pair<const char*, Metric TimeMetrics::*> metrics[] = {{"Time to detect", &TimeMetrics::detect},
                                                                      {"Time to acknowledge", &TimeMetrics::acknowledge},
                                                                      {"Time to escalate", &TimeMetrics::escalate},
                                                                      {"Time to contain", &TimeMetrics::contain},
                                                                      {"Time to recover", &TimeMetrics::recover}};
    for (const auto& [label, member] : metrics)
        rows.push_back({"time", label, t(ca.metrics.*member), t(cb.metrics.*member), true});
    return rows;
}

std::optional<CompareFormat> parse_compare_format(const std::string& s) {
    if (s == "table") return CompareFormat::table;
    if (s == "json") return CompareFormat::json;
    if (s == "md" || s == "markdown") return CompareFormat::md;
    return std::nullopt;
}

std::string render_compare(CompareFormat f, const LoadedSession& a, const LoadedSession& b,
                           const std::vector<CompareRow>& rows) {
    auto value = [](const CompareRow& r, const std::optional<double>& v) -> std::string {
        if (!v) return "-";
        if (r.section == "time") return format_duration(static_cast<ExTime>(*v));
        if (r.label == "Maturity level") return level_text(static_cast<int>(*v));
        return fixed(v);
    };
    auto delta = [](const CompareRow& r) -> std::string {
        auto d = r.delta();
        if (!d) return "-";
        if (r.section == "time") {
            std::string s = format_duration(static_cast<ExTime>(std::fabs(*d)));
            return (*d < 0 ? "-" : *d > 0 ? "+" : "") + s;
        }
        return signed_fixed(*d, r.label == "Maturity level" ? 0 : 1);
    };
    auto head = [](const LoadedSession& s) {
        return s.info.id + " (" + format_date(s.info.started_wall) + ", " + s.info.scenario_id + ")";
    };
    if (f == CompareFormat::json) {
        json list = json::array();
        for (const auto& r : rows)
            list.push_back({{"section", r.section},
                            {"label", r.label},
                            {"a", opt_json(r.a)},
                            {"b", opt_json(r.b)},
                            {"delta", opt_json(r.delta())},
                            {"lower_is_better", r.lower_is_better},
                            {"verdict", r.verdict()}});
        json doc = {{"schema", "ttx-compare/1"},
                    {"a", {{"session", a.info.id}, {"scenario", a.info.scenario_id}, {"started_wall_ms", a.info.started_wall}}},
                    {"b", {{"session", b.info.id}, {"scenario", b.info.scenario_id}, {"started_wall_ms", b.info.started_wall}}},
                    {"rows", list}};
        return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    }
    if (f == CompareFormat::md) {
        std::string out = "| Section | Measure | A: " + md_escape(head(a)) + " | B: " + md_escape(head(b)) +
                          " | Change | |\n| --- | --- | ---: | ---: | ---: | --- |\n";
        for (const auto& r : rows)
            out += "| " + r.section + " | " + md_escape(r.label) + " | " + value(r, r.a) + " | " + value(r, r.b) + " | " +
                   delta(r) + " | " + r.verdict() + " |\n";
        return out;
    }
    TextTable t{{"SECTION", "MEASURE", "A", "B", "CHANGE", ""}, {false, false, true, true, true, false}, {}};
    for (const auto& r : rows) t.rows.push_back({r.section, r.label, value(r, r.a), value(r, r.b), delta(r), r.verdict()});
    return "A: " + plain(head(a)) + "\nB: " + plain(head(b)) + "\n\n" + t.render();
}

} // namespace sim::report
