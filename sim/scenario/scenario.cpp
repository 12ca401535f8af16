// sim/scenario/scenario.cpp — lookups, enum spellings and time parsing for the model.
#include "sim/scenario/scenario.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <utility>

namespace sim {

bool Condition::holds(const std::set<std::string>& flags) const {
    auto has = [&](const std::string& f) { return flags.count(f) != 0; };
    if (!std::all_of(all.begin(), all.end(), has)) return false;
    if (!any.empty() && std::none_of(any.begin(), any.end(), has)) return false;
    return std::none_of(none.begin(), none.end(), has);
}

std::string move_fact(const std::string& stage, const std::string& move) { return stage + "/" + move; }

const RedMove* Scenario::red_move(const std::string& stage, const std::string& id) const {
    auto it = red_moves.find(stage);
    if (it == red_moves.end()) return nullptr;
    for (const auto& m : it->second)
        if (m.id == id) return &m;
    return nullptr;
}

bool Scenario::caused_by_moves(const std::string& inject) const {
    for (const auto& [stage, moves] : red_moves)
        for (const auto& m : moves)
            for (const auto& c : m.causes)
                if (c.inject == inject) return true;
    return false;
}

bool Scenario::waits_for_move(const Inject& inj) const {
    const Condition& w = inj.trigger.when;
    for (const auto* list : {&w.all, &w.any})   // `not:` a move does not wait for one
        if (std::any_of(list->begin(), list->end(), is_move_fact)) return true;
    // An alert with no trigger of its own arrives only through its move; one
    // with a trigger also runs in blue mode, where no move is played.
    return caused_by_moves(inj.id) || (inj.trigger.goto_only() && alert_of_moves(inj.id));
}

bool Scenario::alert_of_moves(const std::string& inject) const {
    for (const auto& [stage, moves] : red_moves)
        for (const auto& m : moves)
            for (const auto* list : {&m.alerts, &m.hunt_finds})
                for (const auto& c : *list)
                    if (c.inject == inject) return true;
    return false;
}

bool Scenario::stage_waits_for_move(const std::string& stage) const {
    // Injects reached only by a goto do not begin a stage on their own; an
    // alert waits for its move's adjudication even when it has a trigger.
    for (const auto& inj : injects)
        if (inj.stage == stage && !waits_for_move(inj) && !alert_of_moves(inj.id) && !inj.trigger.goto_only())
            return false;
    return true;
}

const Option* Decision::option(const std::string& id) const {
    for (const auto& o : options)
        if (o.id == id) return &o;
    return nullptr;
}

namespace {
template <class T>
const T* find_by_id(const std::vector<T>& v, const std::string& id) {
    for (const auto& x : v)
        if (x.id == id) return &x;
    return nullptr;
}
} // namespace

const Team* Scenario::team(const std::string& id) const { return find_by_id(teams, id); }
const Role* Scenario::role(const std::string& id) const { return find_by_id(roles, id); }
const Capability* Scenario::capability(const std::string& id) const { return find_by_id(capabilities, id); }
const Objective* Scenario::objective(const std::string& id) const { return find_by_id(objectives, id); }
const Stage* Scenario::stage(const std::string& id) const { return find_by_id(stages, id); }
const Inject* Scenario::inject(const std::string& id) const { return find_by_id(injects, id); }

const Expectation* Scenario::expectation(const std::string& id) const {
    for (const auto& i : injects)
        if (const auto* e = find_by_id(i.expect, id)) return e;
    return nullptr;
}

int Scenario::stage_index(const std::string& id) const {
    for (size_t i = 0; i < stages.size(); ++i)
        if (stages[i].id == id) return static_cast<int>(i);
    return -1;
}

// ---- enum spellings ------------------------------------------------------------

namespace {
constexpr std::array kTeamKinds{"red", "blue", "white", "purple", "observer"};
constexpr std::array kActions{"detect", "triage", "dismiss", "investigate", "escalate", "contain",
                              "eradicate", "recover", "communicate", "hunt", "automate"};
constexpr std::array kRatings{"P", "S", "M", "U"};
constexpr std::array kSeverities{"info", "low", "medium", "high", "critical"};
constexpr std::array kModes{"blue", "red", "purple"};
constexpr std::array kArtifactKinds{"ioc", "log", "file", "note", "image"};
constexpr std::array kOutcomes{"blocked", "alerted", "logged", "none", "n/a"};

template <class E, size_t N>
std::optional<E> parse_enum(const std::array<const char*, N>& names, const std::string& s) {
    for (size_t i = 0; i < N; ++i)
        if (s == names[i]) return static_cast<E>(i);
    return std::nullopt;
}
} // namespace

const char* to_string(TeamKind k) { return kTeamKinds[static_cast<size_t>(k)]; }
const char* to_string(ArtifactKind k) { return kArtifactKinds[static_cast<size_t>(k)]; }
const char* to_string(Action a) { return kActions[static_cast<size_t>(a)]; }
const char* to_string(Rating r) { return kRatings[static_cast<size_t>(r)]; }
const char* to_string(Severity s) { return kSeverities[static_cast<size_t>(s)]; }
const char* to_string(Mode m) { return kModes[static_cast<size_t>(m)]; }
const char* to_string(PurpleOutcome o) { return kOutcomes[static_cast<size_t>(o)]; }

std::optional<TeamKind> parse_team_kind(const std::string& s) { return parse_enum<TeamKind>(kTeamKinds, s); }
std::optional<ArtifactKind> parse_artifact_kind(const std::string& s) {
    return parse_enum<ArtifactKind>(kArtifactKinds, s);
}
std::optional<Action> parse_action(const std::string& s) { return parse_enum<Action>(kActions, s); }
std::optional<Rating> parse_rating(const std::string& s) { return parse_enum<Rating>(kRatings, s); }
std::optional<Severity> parse_severity(const std::string& s) { return parse_enum<Severity>(kSeverities, s); }
std::optional<Mode> parse_mode(const std::string& s) { return parse_enum<Mode>(kModes, s); }
std::optional<PurpleOutcome> parse_purple_outcome(const std::string& s) {
    if (s == "na" || s == "N/A") return PurpleOutcome::not_applicable;
    return parse_enum<PurpleOutcome>(kOutcomes, s);
}

// ---- built-in catalogs ---------------------------------------------------------

const std::vector<Role>& builtin_roles() {
    static const std::vector<Role> roles = [] {
        std::vector<Role> r{
            {"soc-oversight", "SOC oversight", "Owns SOC priorities, metrics and escalation to leadership", true, {}},
            {"threat-intel", "Threat intelligence & analytics", "Tracks adversaries, enriches alerts, tunes analytics", true, {}},
            {"tier1", "Monitoring tier 1", "Watches the alert queues, triages and dismisses or escalates", true, {}},
            {"tier2", "Monitoring tier 2", "Investigates escalated alerts and scopes incidents", true, {}},
            {"tier3", "Monitoring tier 3", "Hunts, handles advanced incidents, reverse-engineers", true, {}},
            {"engineering", "Engineering & SecOps", "Runs the security tooling, detections and automation", true, {}},
            {"csirt", "CSIRT", "Leads incident response: containment, eradication, recovery", true, {}},
        };
        return r;
    }();
    return roles;
}

const std::vector<Capability>& builtin_capabilities() {
    static const std::vector<Capability> caps{
        {"detection", "Detection", true, {}},         {"triage", "Triage", true, {}},
        {"investigation", "Investigation", true, {}}, {"escalation", "Escalation", true, {}},
        {"containment", "Containment", true, {}},     {"eradication", "Eradication", true, {}},
        {"recovery", "Recovery", true, {}},           {"communication", "Communication", true, {}},
        {"coordination", "Coordination", true, {}},   {"threat-hunting", "Threat hunting", true, {}},
        {"alert-quality", "Alert quality", true, {}}, {"automation", "Automation", true, {}},
    };
    return caps;
}

// ---- time ----------------------------------------------------------------------

std::optional<ExTime> parse_offset(const std::string& s) {
    // +HH:MM or +HH:MM:SS; minutes and seconds 00-59.
    if (s.size() < 6 || s[0] != '+') return std::nullopt;
    std::vector<long> parts;
    size_t i = 1;
    while (i <= s.size()) {
        size_t j = s.find(':', i);
        if (j == std::string::npos) j = s.size();
        std::string p = s.substr(i, j - i);
        if (p.empty() || p.size() > 3) return std::nullopt;
        for (char c : p)
            if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        parts.push_back(std::stol(p));
        i = j + 1;
    }
    if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
    if (parts[1] > 59 || (parts.size() == 3 && parts[2] > 59)) return std::nullopt;
    ExTime t = parts[0] * 3600 + parts[1] * 60;
    if (parts.size() == 3) t += parts[2];
    return t;
}

namespace {
// <digits><unit> groups, largest unit first ("1h30m", "2d4h"); units[0] is the largest.
std::optional<ExTime> parse_units(const std::string& s, const std::array<std::pair<char, ExTime>, 3>& units,
                                  std::size_t max_digits) {
    if (s.empty() || s.size() > 32) return std::nullopt;
    ExTime total = 0;
    std::size_t last = 0;               // units may only get smaller
    size_t i = 0;
    while (i < s.size()) {
        size_t j = i;
        while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
        if (j == i || j >= s.size() || j - i > max_digits) return std::nullopt;
        const ExTime n = std::stol(s.substr(i, j - i));
        std::size_t u = 0;
        while (u < units.size() && units[u].first != s[j]) ++u;
        if (u == units.size() || u + 1 <= last) return std::nullopt;
        last = u + 1;
        total += n * units[u].second;
        i = j + 1;
    }
    return total;
}
} // namespace

std::optional<ExTime> parse_duration(const std::string& s) {
    // 1h30m, 15m, 90s.
    return parse_units(s, {{{'h', 3600}, {'m', 60}, {'s', 1}}}, 6);
}

std::string format_clock(ExTime t) {
    if (t < 0) return "T+--:--:--";
    // Written by hand, not snprintf: long reports format a clock per event.
    std::string out = "T+";
    std::string hours = std::to_string(t / 3600);
    if (hours.size() < 2) out += '0';
    out += hours;
    const auto two = [&out](ExTime v) {
        out += ':';
        out += static_cast<char>('0' + v / 10);
        out += static_cast<char>('0' + v % 10);
    };
    two((t / 60) % 60);
    two(t % 60);
    return out;
}

} // namespace sim

// ---- additions: stage kinds, story time, feedback form ------------------------------

namespace sim {

namespace {
constexpr std::array kStageKinds{"attack", "response", "recovery"};
constexpr std::array kFeedbackKinds{"scale", "text"};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
} // namespace

const char* to_string(StageKind k) { return kStageKinds[static_cast<size_t>(k)]; }
const char* to_string(FeedbackKind k) { return kFeedbackKinds[static_cast<size_t>(k)]; }
std::optional<StageKind> parse_stage_kind(const std::string& s) { return parse_enum<StageKind>(kStageKinds, s); }

int Scenario::attack_stage_index(const std::string& id) const {
    int n = 0;
    for (const auto& st : stages) {
        if (st.id == id) return st.kind == StageKind::attack ? n : -1;
        if (st.kind == StageKind::attack) ++n;
    }
    return -1;
}

const Stage* Scenario::attack_stage(int i) const {
    for (const auto& st : stages) {
        if (st.kind != StageKind::attack) continue;
        if (i-- == 0) return &st;
    }
    return nullptr;
}

int Scenario::attack_stage_count() const {
    return static_cast<int>(std::count_if(stages.begin(), stages.end(),
                                          [](const Stage& st) { return st.kind == StageKind::attack; }));
}

const std::vector<FeedbackQuestion>& Scenario::feedback_form() const {
    return feedback.empty() ? builtin_feedback_form() : feedback;
}

std::optional<std::int64_t> parse_story_datetime(const std::string& s) {
    // YYYY-MM-DD HH:MM (a 'T' may separate them), nothing else.
    if (s.size() != 16 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':')
        return std::nullopt;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15})
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
    const int y = std::stoi(s.substr(0, 4)), mo = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
    const int hh = std::stoi(s.substr(11, 2)), mm = std::stoi(s.substr(14, 2));
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || mo < 1 || mo > 12 || d < 1 || hh > 23 || mm > 59) return std::nullopt;
    if (d > kDays[mo - 1] + (mo == 2 && leap(y) ? 1 : 0)) return std::nullopt;
    return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + hh * 3600 + mm * 60;
}

std::optional<ExTime> parse_story_span(const std::string& s) {
    // 3d, 2d4h, 90m: days allowed, and a jump moves the story forward.
    auto t = parse_units(s, {{{'d', 86400}, {'h', 3600}, {'m', 60}}}, 5);
    return t && *t > 0 ? t : std::nullopt;
}

std::string format_story_time(std::int64_t t) {
    static constexpr const char* kWeekdays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    const std::int64_t secs = t - days * 86400;
    const std::string weekday = kWeekdays[((days % 7) + 7) % 7];
    // civil_from_days (H. Hinnant)
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s %u %s %lld %02d:%02d", weekday.c_str(), d, kMonths[m - 1],
                  static_cast<long long>(y), static_cast<int>(secs / 3600), static_cast<int>((secs / 60) % 60));
    return buf;
}

const std::vector<FeedbackQuestion>& builtin_feedback_form() {
    static const std::vector<FeedbackQuestion> form = [] {
        auto scale = [](const char* id, const char* text) {
            FeedbackQuestion q;
            q.id = id;
            q.text = text;
            return q;
        };
        auto open = [](const char* id, const char* text) {
            FeedbackQuestion q;
            q.id = id;
            q.text = text;
            q.kind = FeedbackKind::text;
            q.low.clear();
            q.high.clear();
            return q;
        };
        return std::vector<FeedbackQuestion>{
            scale("realistic", "The scenario was realistic for our organisation."),
            scale("objectives-clear", "The exercise objectives were clear to me."),
            scale("role-clear", "My role and what was expected of me were clear."),
            scale("enough-information", "The injects gave me enough information to decide."),
            scale("facilitation", "The facilitation kept the exercise focused and on time."),
            scale("better-prepared", "After this exercise I am better prepared for a real incident."),
            open("went-well", "What went well in our response?"),
            open("improve", "What most needs to improve, and who should own it?"),
            open("next-time", "What would you change in the next exercise?"),
        };
    }();
    return form;
}

} // namespace sim
