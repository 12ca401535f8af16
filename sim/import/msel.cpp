// sim/import/msel.cpp — a master scenario events list (CSV) as injects.
//
// Reads the columns `ttx report --format msel` writes and the usual
// variants of hand-kept MSELs (time, from, to, method/channel, subject,
// description, expected action, objective, capability). Every row becomes
// one inject, so export -> import keeps every row. Expected actions written
// "<action> by <who> [within <duration>]" become expectations; other text
// stays in the body and the inject is marked todo-expect.
#include <algorithm>
#include <map>
#include <regex>

#include "sim/import/formats.hpp"
#include "sim/scenario/suggest.hpp"

namespace sim::importer::detail {

namespace {

struct Record {
    std::vector<std::string> fields;
    int line = 0;
};

// RFC 4180 with either delimiter; quoted fields may span lines.
std::vector<Record> parse_csv(const std::string& text, char delim, std::string& error, int& error_line) {
    std::vector<Record> out;
    Record cur;
    std::string field;
    bool quoted = false, field_started = false;
    int line = 1;
    cur.line = 1;
    std::size_t i = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    auto end_record = [&] {
        cur.fields.push_back(field);
        field.clear();
        field_started = false;
        bool blank = std::all_of(cur.fields.begin(), cur.fields.end(), [](const std::string& f) { return f.empty(); });
        if (!blank) out.push_back(cur);
        cur = Record{};
        cur.line = line;
    };
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == '"' && !field_started) {
            quoted = field_started = true;
        } else if (c == delim) {
            cur.fields.push_back(field);
            field.clear();
            field_started = false;
        } else if (c == '\r') {
            continue;
        } else if (c == '\n') {
            ++line;
            end_record();
        } else {
            field += c;
            field_started = true;
        }
    }
    if (quoted) {
        error = "a quoted field is not closed before the end of the file";
        error_line = cur.line;
        return {};
    }
    if (field_started || !cur.fields.empty()) end_record();
    return out;
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// Undoes the export's formula neutralising ("'=x" -> "=x").
std::string unquote(const std::string& s) {
    if (s.size() > 1 && s[0] == '\'' && std::string("=+-@").find(s[1]) != std::string::npos) return s.substr(1);
    return s;
}

std::vector<std::string> split(const std::string& s, const std::string& seps) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (seps.find(c) != std::string::npos) {
            if (!trim(cur).empty()) out.push_back(trim(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!trim(cur).empty()) out.push_back(trim(cur));
    return out;
}

enum class Col { time, title, body, channel, from, to, expect, objective, capability, id, tactic, technique };

// Header spellings, lower-case.
const std::map<std::string, Col>& header_names() {
    static const std::map<std::string, Col> k = {
        {"scenario time", Col::time},      {"time", Col::time},
        {"inject time", Col::time},        {"exercise time", Col::time},
        {"synopsis", Col::title},          {"subject", Col::title},
        {"title", Col::title},             {"inject", Col::title},
        {"event", Col::title},             {"description", Col::body},
        {"details", Col::body},            {"message", Col::body},
        {"body", Col::body},               {"inject description", Col::body},
        {"method", Col::channel},          {"channel", Col::channel},
        {"delivery method", Col::channel}, {"from", Col::from},
        {"sender", Col::from},             {"source", Col::from},
        {"to", Col::to},                   {"recipient", Col::to},
        {"recipients", Col::to},           {"audience", Col::to},
        {"player", Col::to},               {"expected action", Col::expect},
        {"expected player action", Col::expect}, {"expected response", Col::expect},
        {"expected outcome", Col::expect}, {"objective", Col::objective},
        {"objectives", Col::objective},    {"capability", Col::capability},
        {"core capability", Col::capability}, {"inject id", Col::id},
        {"inject #", Col::id},             {"id", Col::id},
        {"tactic", Col::tactic},           {"technique", Col::technique},
        {"techniques", Col::technique},    {"mitre id", Col::technique},
        {"mitreid", Col::technique},       {"att&ck", Col::technique}};
    return k;
}

// "T+00:10:00", "+00:10", "00:10", "1:30:00", "0915" -> seconds; nullopt otherwise.
std::optional<ExTime> parse_time(std::string s) {
    s = trim(s);
    if (s.rfind("T+", 0) == 0) s = s.substr(2);
    else if (!s.empty() && s[0] == '+') s = s.substr(1);
    int h = 0, m = 0, sec = 0;
    char tail = 0;
    if (std::sscanf(s.c_str(), "%d:%d:%d%c", &h, &m, &sec, &tail) == 3 ||
        (sec = 0, std::sscanf(s.c_str(), "%d:%d%c", &h, &m, &tail) == 2)) {
        if (h < 0 || m < 0 || m > 59 || sec < 0 || sec > 59) return std::nullopt;
        return static_cast<ExTime>(h) * 3600 + m * 60 + sec;
    }
    if (s.size() == 4 && std::all_of(s.begin(), s.end(), ::isdigit)) {
        h = std::stoi(s.substr(0, 2));
        m = std::stoi(s.substr(2));
        if (h < 24 && m < 60) return static_cast<ExTime>(h) * 3600 + m * 60;
    }
    return std::nullopt;
}

} // namespace

bool import_msel(const Input& in, Builder& b, Reporter& rep) {
    const std::string first_line = in.text.substr(0, in.text.find('\n'));
    const char delim = first_line.find(',') == std::string::npos && first_line.find(';') != std::string::npos ? ';' : ',';
    std::string error;
    int error_line = 0;
    auto records = parse_csv(in.text, delim, error, error_line);
    if (!error.empty()) {
        rep.error(std::to_string(error_line), error);
        return false;
    }
    if (records.size() < 2) {
        rep.error("1", "the MSEL has a header but no rows");
        return false;
    }
    std::map<Col, std::size_t> col;
    for (std::size_t i = 0; i < records[0].fields.size(); ++i) {
        auto it = header_names().find(lower(trim(records[0].fields[i])));
        if (it != header_names().end() && !col.count(it->second)) col[it->second] = i;
    }
    if (!col.count(Col::title) && !col.count(Col::body)) {
        rep.error("1", "no Synopsis, Subject, Title or Description column: not an MSEL");
        return false;
    }
    auto& src = b.source(in.name, "msel", in.text);
    const std::string control = b.team(TeamKind::white, "control", "Exercise control");

    // Who a name in To / Expected action means: a role (built-in or own), a team, or a new blue team.
    auto audience = [&](const std::string& name) {
        for (const auto& r : b.s.roles)
            if (lower(r.name) == lower(name) || r.id == name) return r.id;
        for (const auto& t : b.s.teams)
            if (lower(t.name) == lower(name) || t.id == name) return t.id;
        Team t;
        t.id = b.unique_id(slug(name, 40).empty() ? "team" : slug(name, 40));
        t.name = clip(name, 200);
        t.kind = TeamKind::blue;
        b.s.teams.push_back(t);
        return t.id;
    };
    auto capability = [&](const std::string& name) {
        for (const auto& c : b.s.capabilities)
            if (lower(c.name) == lower(name) || c.id == lower(name)) return c.id;
        Capability c;
        c.id = b.unique_id(slug(name, 40).empty() ? "capability" : slug(name, 40));
        c.name = clip(name, 200);
        b.s.capabilities.push_back(c);
        return c.id;
    };
    static const std::regex kExpect(R"(^\s*([a-z]+) by (.+?)(?: within ([0-9hms]+))?\s*$)");

    // Times: offsets as written; clock times ("09:15") counted from the first row.
    std::vector<std::optional<ExTime>> times;
    bool clock = false;
    for (std::size_t r = 1; r < records.size(); ++r) {
        std::string raw = col.count(Col::time) && col[Col::time] < records[r].fields.size()
                              ? records[r].fields[col[Col::time]] : "";
        times.push_back(parse_time(raw));
        clock = clock || (!trim(raw).empty() && trim(raw)[0] != '+' && trim(raw).rfind("T+", 0) != 0);
        if (!raw.empty() && !times.back())
            rep.warning(std::to_string(records[r].line), "time '" + clip(raw, 30) + "' is not HH:MM or T+HH:MM:SS");
    }
    ExTime t0 = 0;
    if (clock) {
        t0 = std::numeric_limits<ExTime>::max();
        for (const auto& t : times)
            if (t) t0 = std::min(t0, *t);
        if (t0 == std::numeric_limits<ExTime>::max()) t0 = 0;
    }
    const ExTime base = b.extending ? b.last_at() + 600 : 0;

    std::string stage;
    ExTime last = base;
    std::map<std::string, std::string> objectives;     // text -> id
    std::size_t n = 0;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const auto& rec = records[r];
        const std::string at = std::to_string(rec.line);
        auto get = [&](Col c) {
            auto it = col.find(c);
            return it != col.end() && it->second < rec.fields.size() ? unquote(trim(rec.fields[it->second])) : "";
        };
        Inject inj;
        std::string title = get(Col::title), body = get(Col::body);
        if (title.empty()) title = body.substr(0, body.find('\n'));
        if (title.empty()) {
            rep.warning(at, "row without a synopsis or description; imported with its row number as title");
            title = "Row " + std::to_string(r);
        }
        ++n;
        std::string id = get(Col::id);
        inj.id = b.unique_id(slug(id, 48).empty() ? "row-" + std::to_string(r) : slug(id, 48));
        // Stage: the row's tactic, else the previous row's.
        std::vector<std::string> techniques;
        for (const auto& t : split(get(Col::technique), ";, "))
            if (auto ok = resolve_technique(b.cat, t, rep, at, "row " + std::to_string(r)); !ok.empty())
                techniques.push_back(ok);
        std::string tactic = resolve_tactic(b.cat, get(Col::tactic), techniques.empty() ? "" : techniques.front());
        if (!get(Col::tactic).empty() && tactic.empty())
            rep.warning(at, "unknown tactic '" + clip(get(Col::tactic), 40) + "'; the row stays in the previous stage");
        if (!tactic.empty() && (stage.empty() || b.s.stage(stage)->tactic != tactic)) stage = b.stage_for(tactic);
        if (stage.empty()) {
            stage = b.stage_for("initial-access");
            rep.note(at, "the MSEL names no tactic; its rows go in stage '" + stage + "' until one does");
        }
        inj.stage = stage;
        auto t = times[r - 1];
        if (t) last = base + std::max<ExTime>(0, *t - t0);
        else b.todo("timing", inj.id, "the row has no usable time; it follows the previous row");
        inj.trigger.at = last;
        inj.title = clip(title, 300);
        inj.body = clip(body == title ? "" : body, 16000);
        inj.source = clip(get(Col::from), 200);
        std::string channel = slug(get(Col::channel), 40);
        if (!channel.empty()) inj.channel = channel;
        for (const auto& who : split(get(Col::to), ";,")) inj.to.push_back(audience(who));
        if (inj.to.empty()) inj.to = {control};
        inj.techniques = techniques;
        std::string objective_id;
        if (auto o = get(Col::objective); !o.empty()) {
            auto it = objectives.find(o);
            if (it == objectives.end()) {
                Objective obj;
                obj.id = b.unique_id("obj-" + slug(o, 40));
                obj.text = clip(o, 2000);
                b.s.objectives.push_back(obj);
                it = objectives.emplace(o, obj.id).first;
            }
            objective_id = it->second;
        }
        std::vector<std::string> caps = split(get(Col::capability), ";");
        std::vector<std::string> free_text;
        for (const auto& x : split(get(Col::expect), ";")) {
            std::smatch m;
            std::optional<Action> action;
            if (std::regex_match(x, m, kExpect)) action = parse_action(m[1].str());
            if (!action) {
                free_text.push_back(x);
                continue;
            }
            Expectation e;
            e.action = *action;
            e.by = audience(trim(m[2].str()));
            if (m[3].matched)
                if (auto w = parse_duration(m[3].str())) e.within = *w;
            e.id = b.unique_id(std::string(to_string(*action)) + "-" + inj.id);
            if (inj.expect.size() < caps.size()) e.capability = capability(caps[inj.expect.size()]);
            e.objective = objective_id;
            e.inject = inj.id;
            inj.expect.push_back(e);
        }
        if (!free_text.empty()) {
            inj.body += std::string(inj.body.empty() ? "" : "\n\n") + "Expected action: " + join(free_text, "; ");
            if (inj.expect.empty())
                b.todo("expect", inj.id, "the MSEL's expected action is free text; write it as expectations");
        } else if (inj.expect.empty()) {
            b.todo("expect", inj.id, "the MSEL row names no expected action");
        }
        src.objects.emplace_back(inj.id, "row " + std::to_string(r) + " (line " + at + ")");
        b.s.injects.push_back(std::move(inj));
    }
    if (col.count(Col::expect) == 0) rep.note("1", "no Expected action column: every inject is marked todo-expect");
    if (!b.extending && b.s.title.empty()) {
        b.s.title = "Imported MSEL";
        b.s.tags = {"msel"};
    }
    return n > 0;
}

} // namespace sim::importer::detail
