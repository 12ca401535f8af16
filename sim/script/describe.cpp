// sim/script/describe.cpp — see describe.hpp.
#include "sim/script/describe.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace sim::script {

namespace {

std::string who(const nlohmann::json& d) {
    std::string team = d.value("team", ""), role = d.value("role", ""), person = d.value("participant", "");
    std::string s = team;
    if (!role.empty()) s += "/" + role;
    if (!person.empty()) s += (s.empty() ? "" : " ") + person;
    return s;
}

std::string describe_event(const Event& e) {
    const auto& d = e.data;
    const std::string& k = e.kind;
    auto s = [&](const char* key) { return d.value(key, std::string{}); };
    if (k == "session.started")
        return fmt::format("session started: {} (seed {}, {} mode{})", s("scenario"), d.value("seed", std::uint64_t{0}),
                           s("mode"), d.value("practice", false) ? ", practice" : "");
    if (k == "briefing.started") return "briefing started";
    if (k == "exercise.running") return "exercise running";
    if (k == "clock.advanced") return "clock at " + format_clock(d.value("to", ExTime{0}));
    if (k == "inject.delivered") {
        std::vector<std::string> teams = d.value("teams", std::vector<std::string>{});
        return fmt::format("delivered {} to {} ({})", s("inject"), teams.empty() ? "nobody" : fmt::format("{}", fmt::join(teams, ", ")),
                           s("cause"));
    }
    if (k == "inject.skipped") return fmt::format("skipped {}", s("inject"));
    if (k == "inject.status") return fmt::format("status: {} {} by {}", s("inject"), s("status"), who(d));
    if (k == "decision.recorded") {
        if (d.value("timed_out", false))
            return fmt::format("decision timed out: {} -> {} (default)", s("inject"), s("option"));
        return fmt::format("decision recorded: {} -> {} ({})", s("inject"), s("option"), who(d));
    }
    if (k == "expectation.rated")
        return fmt::format("rated {}: {} ({}{})", s("expectation"), s("rating"), s("source"),
                           s("by").empty() ? "" : ", " + s("by"));
    if (k == "note.added") return d.value("action", false) ? "action item added" : "note added";
    if (k == "red.move") {
        std::vector<std::string> notes;
        if (s("technique") != s("move")) notes.push_back(s("technique"));
        if (d.value("drawn", false)) notes.push_back("drawn");
        return fmt::format("red move {}: {}{}", s("stage"), s("move"),
                           notes.empty() ? "" : fmt::format(" ({})", fmt::join(notes, ", ")));
    }
    if (k == "purple.outcome") return fmt::format("purple outcome: {} {} ({})", s("technique"), s("outcome"), s("team"));
    if (k == "exercise.paused") return "paused";
    if (k == "exercise.resumed") return "resumed";
    if (k == "exercise.ended")
        return s("ending").empty() ? "exercise ended by the facilitator" : "exercise ended: " + s("ending");
    if (k == "hotwash.started") return "hotwash started";
    if (k == "session.closed") return "session closed";
    if (k == "entry.retracted") return fmt::format("retracted entry {}", d.value("seq", std::int64_t{0}));
    return k;
}

} // namespace

std::string describe(const Command& c, const Journal& events, const ExerciseState& after) {
    std::vector<std::string> parts;
    if (std::holds_alternative<cmd::Advance>(c))
        for (const auto& e : events)
            if (e.kind == "clock.advanced") {
                parts.push_back("advanced from " + format_clock(e.data.value("from", ExTime{0})));
                break;
            }
    for (const auto& e : events)
        if (e.kind != "clock.advanced") parts.push_back(describe_event(e));
    return fmt::format("{} {}", format_clock(after.clock), fmt::join(parts, "; "));
}

} // namespace sim::script
