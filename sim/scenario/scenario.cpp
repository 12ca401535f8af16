// sim/scenario/scenario.cpp — lookups, enum spellings and time parsing for the model.
#include "sim/scenario/scenario.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

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
constexpr std::array kArtifactKinds{"ioc", "log", "file", "note"};
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

std::optional<ExTime> parse_duration(const std::string& s) {
    // One or more <digits><h|m|s> groups, largest unit first: 1h30m, 15m, 90s.
    if (s.empty() || s.size() > 32) return std::nullopt;
    ExTime total = 0;
    int last_rank = 4;
    size_t i = 0;
    while (i < s.size()) {
        size_t j = i;
        while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
        if (j == i || j >= s.size() || j - i > 6) return std::nullopt;
        ExTime n = std::stol(s.substr(i, j - i));
        int rank = s[j] == 'h' ? 3 : s[j] == 'm' ? 2 : s[j] == 's' ? 1 : 0;
        if (rank == 0 || rank >= last_rank) return std::nullopt;
        last_rank = rank;
        total += n * (rank == 3 ? 3600 : rank == 2 ? 60 : 1);
        i = j + 1;
    }
    return total;
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
