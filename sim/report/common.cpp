// sim/report/common.cpp — formats, escaping, dates, session metadata and the
// improvement actions derived from a scorecard.
#include "sim/report/report.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace sim::report {

std::optional<Format> parse_format(const std::string& s) {
    if (s == "html") return Format::html;
    if (s == "md" || s == "markdown") return Format::md;
    if (s == "json") return Format::json;
    if (s == "navigator") return Format::navigator;
    if (s == "detections") return Format::detections;
    if (s == "msel") return Format::msel;
    if (s == "csv") return Format::csv;
    if (s == "posture-layer") return Format::posture_layer;
    if (s == "xlsx") return Format::xlsx;
    if (s == "vectr-csv") return Format::vectr_csv;
    if (s == "stix") return Format::stix;
    return std::nullopt;
}

const char* to_string(Format f) {
    switch (f) {
    case Format::html: return "html";
    case Format::md: return "md";
    case Format::json: return "json";
    case Format::navigator: return "navigator";
    case Format::detections: return "detections";
    case Format::msel: return "msel";
    case Format::csv: return "csv";
    case Format::posture_layer: return "posture-layer";
    case Format::xlsx: return "xlsx";
    case Format::vectr_csv: return "vectr-csv";
    case Format::stix: return "stix";
    }
    return "";
}

const char* file_extension(Format f) {
    switch (f) {
    case Format::html: return ".html";
    case Format::md: return ".md";
    case Format::json: return ".json";
    case Format::navigator: return ".layer.json";
    case Format::detections: return ".detections.layer.json";
    case Format::msel: return ".msel.csv";
    case Format::csv: return ".csv";
    case Format::posture_layer: return ".posture.layer.json";
    case Format::xlsx: return ".xlsx";
    case Format::vectr_csv: return ".vectr.csv";
    case Format::stix: return ".stix.json";
    }
    return "";
}

std::string render(Format f, const ReportInput& in) {
    switch (f) {
    case Format::html: return render_html(in);
    case Format::md: return render_markdown(in);
    case Format::json: return render_json(in);
    case Format::navigator: return render_navigator(in);
    case Format::detections: return render_detections_layer(in);
    case Format::msel: return render_msel(in);
    case Format::csv: return render_decisions_csv(in);
    case Format::posture_layer: return render_posture_layer(in);
    case Format::xlsx: return {};
    case Format::vectr_csv: return render_vectr_csv(in);
    case Format::stix: return render_stix(in);
    }
    return {};
}

// ---- escaping ----------------------------------------------------------------------

namespace {
bool is_control(unsigned char c) { return (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f; }
} // namespace

void html_escape_to(std::string& out, std::string_view s) {
    // Copies runs of ordinary characters at once: a long report is mostly text.
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char ch = s[i];
        const char* entity = nullptr;
        switch (ch) {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case '\'': entity = "&#39;"; break;
        default:
            if (!is_control(static_cast<unsigned char>(ch))) continue;
            entity = "";                // control characters are dropped
        }
        out.append(s.data() + run, i - run);
        out += entity;
        run = i + 1;
    }
    out.append(s.data() + run, s.size() - run);
}

std::string html_escape(const std::string& s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    html_escape_to(out, s);
    return out;
}

std::string md_escape(const std::string& s) {
    std::string out;
    out.reserve(s.size() + s.size() / 4);
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '\n' || ch == '\r' || ch == '\t') {
            if (!out.empty() && out.back() != ' ') out += ' ';
            continue;
        }
        if (is_control(c)) continue;
        switch (ch) {
        case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>':
        case '|': case '"': case '~': case '&': case '!':
            out += '\\';
            out += ch;
            break;
        default: out += ch;
        }
    }
    // Block markers only mean something at the start of a line.
    if (!out.empty() && (out[0] == '#' || out[0] == '+' || out[0] == '-' || out[0] == '=')) out.insert(0, 1, '\\');
    size_t digits = 0;
    while (digits < out.size() && std::isdigit(static_cast<unsigned char>(out[digits]))) ++digits;
    // "12. " opens an ordered list; "82.5" does not.
    if (digits > 0 && digits < out.size() && (out[digits] == '.' || out[digits] == ')') &&
        (digits + 1 == out.size() || out[digits + 1] == ' '))
        out.insert(digits, 1, '\\');
    return out;
}

std::string csv_field(const std::string& s) {
    std::string v;
    v.reserve(s.size() + 2);
    for (char ch : s)
        if (!is_control(static_cast<unsigned char>(ch))) v += ch;
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
        v.insert(0, 1, '\'');
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string out = "\"";
    for (char ch : v) {
        if (ch == '"') out += '"';
        out += ch;
    }
    out += '"';
    return out;
}

std::string csv_row(const std::vector<std::string>& fields) {
    std::string out;
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        out += csv_field(fields[i]);
    }
    out += "\r\n";
    return out;
}

// ---- dates and names ----------------------------------------------------------------

namespace {
bool to_tm(std::int64_t utc_ms, std::tm& tm) {
    if (utc_ms <= 0) return false;
    std::time_t secs = static_cast<std::time_t>(utc_ms / 1000);
    return ::gmtime_r(&secs, &tm) != nullptr;
}
} // namespace

std::string format_wall(std::int64_t utc_ms) {
    std::tm tm{};
    if (!to_tm(utc_ms, tm)) return {};
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

std::string format_date(std::int64_t utc_ms) {
    std::tm tm{};
    if (!to_tm(utc_ms, tm)) return {};
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

bool valid_date(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
    if (y < 1970 || m < 1 || m > 12 || d < 1) return false;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

std::string tactic_name(const std::string& shortname, const attack::Catalog* catalog) {
    const attack::Catalog& cat = catalog ? *catalog : attack::builtin_catalog();
    if (const attack::Tactic* t = cat.tactic(shortname)) return t->name;
    // Unknown to the catalog: title-case the shortname, keeping "and" small.
    std::string out;
    bool word_start = true;
    for (size_t i = 0; i < shortname.size(); ++i) {
        char c = shortname[i];
        if (c == '-') {
            out += ' ';
            word_start = true;
            continue;
        }
        bool small = word_start && shortname.compare(i, 4, "and-") == 0;
        out += word_start && !small ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        word_start = false;
    }
    return out;
}

// ---- session metadata ----------------------------------------------------------------

SessionMeta meta_from_journal(const std::string& session_id, const Journal& journal) {
    SessionMeta m;
    m.id = session_id;
    for (const auto& e : journal) {
        if (const auto* p = e.get<ev::SessionStarted>()) {
            if (!p->mode.empty()) m.mode = p->mode;
            m.practice = p->practice;
            m.seed = p->seed;
            m.scenario_sha256 = p->scenario_sha256;
            m.participants = p->participants;
            m.started_wall = e.wall_ms;
            m.status = "running";
        } else if (e.is<ev::ExerciseEnded>()) {
            m.ended_wall = e.wall_ms;
            m.status = "ended";
        } else if (e.is<ev::SessionClosed>()) {
            m.status = "closed";
        }
    }
    return m;
}

// ---- improvement actions ---------------------------------------------------------------

const char* to_string(ActionStatus s) {
    switch (s) {
    case ActionStatus::open: return "open";
    case ActionStatus::in_progress: return "in-progress";
    case ActionStatus::done: return "done";
    }
    return "";
}

std::optional<ActionStatus> parse_action_status(const std::string& s) {
    if (s == "open") return ActionStatus::open;
    if (s == "in-progress") return ActionStatus::in_progress;
    if (s == "done") return ActionStatus::done;
    return std::nullopt;
}

std::vector<ImprovementAction> derive_actions(const Scenario& sc, const Journal& journal,
                                              const scoring::Scorecard& card, const attack::Catalog* catalog) {
    std::vector<ImprovementAction> out;
    auto verb = [](Action a) -> std::string {
        switch (a) {
        case Action::detect: return "detect";
        case Action::triage: return "triage";
        case Action::dismiss: return "recognise and dismiss as benign";
        case Action::investigate: return "investigate";
        case Action::escalate: return "escalate";
        case Action::contain: return "contain";
        case Action::eradicate: return "eradicate";
        case Action::recover: return "recover from";
        case Action::communicate: return "communicate about";
        case Action::hunt: return "hunt for";
        case Action::automate: return "automate the response to";
        }
        return "handle";
    };
    for (const auto& e : card.expectations) {
        if (e.state != scoring::ExpectationState::rated || !e.final_rating) continue;
        if (*e.final_rating != Rating::M && *e.final_rating != Rating::U) continue;
        const Inject* inj = sc.inject(e.inject);
        const std::string title = inj && !inj->title.empty() ? inj->title : e.inject;
        const Role* role = sc.role(e.by);
        const Team* team = sc.team(e.by);
        const std::string who = role ? role->name : team ? team->name : e.by;
        ImprovementAction a;
        a.key = "exp:" + e.id;
        a.source = "expectation";
        a.text = "Train and equip " + who + " to " + verb(e.action) + " \"" + title + "\"" +
                 (e.within != kNoTime ? " within " + scoring::format_duration(e.within) : std::string()) + " (rated " +
                 to_string(*e.final_rating) + (e.no_response                ? ", no response"
                                  : !e.wrong_response.empty() ? ", " + e.wrong_response + " instead"
                                  : e.late                    ? ", late"
                                                              : "") + ")";
        // An option's rating carries the option's label as its note.
        if (e.given_source == "option" && !e.note.empty())
            a.text += " after the decision \"" + e.note + "\"";
        else if (!e.note.empty())
            a.text += ": " + e.note;
        a.area = who + (*e.final_rating == Rating::U ? " could not " : " struggled to ") + verb(e.action) + " \"" +
                 title + "\"" +
                 (e.no_response                ? ": no response by the end of the exercise."
                  : !e.wrong_response.empty() ? ": " + e.wrong_response + " it instead."
                  : e.late                    ? " in time."
                                              : ".");
        a.capability = e.capability;
        a.team = e.team;
        a.expectation = e.id;
        a.inject = e.inject;
        a.source_seq = e.given_seq;
        a.scenario_id = sc.id;
        out.push_back(std::move(a));
    }
    const auto retracted_list = scoring::retracted_seqs(journal);
    for (const auto& ev : journal) {
        const auto* note = ev.get<ev::NoteAdded>();
        if (!note || !note->action) continue;
        if (std::binary_search(retracted_list.begin(), retracted_list.end(), ev.seq)) continue;
        ImprovementAction a;
        a.key = "note:" + std::to_string(ev.seq);
        a.source = "note";
        a.text = note->text;
        a.area = "Raised during the exercise" +
                 (sc.inject(note->inject) ? " about \"" + sc.inject(note->inject)->title + "\"" : std::string()) + ".";
        a.inject = note->inject;
        a.source_seq = ev.seq;
        a.scenario_id = sc.id;
        if (const Objective* o = sc.objective(note->objective)) {
            // A hotwash note on an objective improves that objective's capability.
            a.capability = o->capability;
        } else if (const Inject* inj = sc.inject(a.inject)) {
            for (const auto& to : inj->to)
                if (sc.team(to)) {
                    a.team = to;
                    break;
                }
            if (!inj->expect.empty()) a.capability = inj->expect.front().capability;
        }
        out.push_back(std::move(a));
    }
    const SessionMeta no_meta;
    for (auto& a : attack_actions(technique_gaps({sc, journal, no_meta, card, {}, {}, catalog}), sc.id))
        out.push_back(std::move(a));
    return out;
}

} // namespace sim::report
