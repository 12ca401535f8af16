// sim/script/describe.cpp — see describe.hpp.
#include "sim/script/describe.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace sim::script {

namespace {

std::string who(const std::string& team, const std::string& role, const std::string& person) {
    std::string s = team;
    if (!role.empty()) s += "/" + role;
    if (!person.empty()) s += (s.empty() ? "" : " ") + person;
    return s;
}

std::string describe_event(const Event& e) {
    return std::visit(overloaded{
        [](const ev::SessionStarted& d) {
            return fmt::format("session started: {} (seed {}, {} mode{})", d.scenario, d.seed, d.mode,
                               d.practice ? ", practice" : "");
        },
        [](const ev::BriefingStarted&) { return std::string("briefing started"); },
        [](const ev::ExerciseRunning&) { return std::string("exercise running"); },
        [](const ev::ClockAdvanced& d) { return "clock at " + format_clock(d.to); },
        [](const ev::InjectDelivered& d) {
            return fmt::format("delivered {} to {} ({})", d.inject,
                               d.teams.empty() ? "nobody" : fmt::format("{}", fmt::join(d.teams, ", ")), d.cause);
        },
        [](const ev::InjectSkipped& d) { return fmt::format("skipped {}", d.inject); },
        [](const ev::StatusSet& d) {
            return fmt::format("status: {} {} by {}", d.inject, d.status, who(d.team, d.role, d.participant));
        },
        [](const ev::DecisionRecorded& d) {
            if (d.timed_out) return fmt::format("decision timed out: {} -> {} (default)", d.inject, d.option);
            return fmt::format("decision recorded: {} -> {} ({})", d.inject, d.option, who(d.team, d.role, d.participant));
        },
        [](const ev::ExpectationRated& d) {
            return fmt::format("rated {}: {} ({}{}{})", d.expectation, d.rating, d.source, d.by.empty() ? "" : ", " + d.by,
                               d.at ? ", for " + format_clock(*d.at) : "");
        },
        [](const ev::NoteAdded& d) { return std::string(d.action ? "action item added" : "note added"); },
        [](const ev::RedMove& d) {
            std::vector<std::string> notes;
            if (d.technique != d.move) notes.push_back(d.technique);
            if (d.drawn) notes.push_back("drawn");
            return fmt::format("red move {}: {}{}", d.stage, d.move,
                               notes.empty() ? "" : fmt::format(" ({})", fmt::join(notes, ", ")));
        },
        [](const ev::PurpleObserved& d) { return fmt::format("purple outcome: {} {} ({})", d.technique, d.outcome, d.team); },
        [](const ev::ExercisePaused&) { return std::string("paused"); },
        [](const ev::ExerciseResumed&) { return std::string("resumed"); },
        [](const ev::ExerciseEnded& d) {
            return d.ending.empty() ? std::string("exercise ended by the facilitator") : "exercise ended: " + d.ending;
        },
        [](const ev::HotwashStarted&) { return std::string("hotwash started"); },
        [](const ev::SessionClosed&) { return std::string("session closed"); },
        [](const ev::EntryRetracted& d) { return fmt::format("retracted entry {}", d.seq); },
        [](const ev::RedAdjudicated& d) {
            return fmt::format("adjudicated {}: {} ({}{})", move_fact(d.stage, d.move), d.outcome, d.source,
                               d.control.empty() ? "" : ": " + d.control);
        },
        [](const ev::HuntRun& d) {
            return fmt::format("hunt by {} in {}: {}", d.team, d.telemetry,
                               d.revealed.empty() ? std::string("nothing found") : fmt::format("revealed {}", fmt::join(d.revealed, ", ")));
        },
        [](const ev::OutcomeOverridden& d) {
            return fmt::format("override {}: {} ({})", move_fact(d.stage, d.move), d.outcome, d.reason);
        },
        [](const ev::DecisionSigned& d) {
            return fmt::format("{} signed off '{}' on {}", fmt::join(d.parties, " and "), d.option, d.inject);
        },
        [](const ev::FeedbackRecorded& d) {
            return fmt::format("feedback from {} ({} answers)", d.respondent.empty() ? "a participant" : d.respondent,
                               d.answers.size());
        },
    }, e.data);
}

} // namespace

std::string describe(const Command& c, const Journal& events, const ExerciseState& after) {
    std::vector<std::string> parts;
    if (std::holds_alternative<cmd::Advance>(c))
        for (const auto& e : events)
            if (const auto* clock = e.get<ev::ClockAdvanced>()) {
                parts.push_back("advanced from " + format_clock(clock->from));
                break;
            }
    for (const auto& e : events)
        if (!e.is<ev::ClockAdvanced>()) parts.push_back(describe_event(e));
    return fmt::format("{} {}", format_clock(after.clock), fmt::join(parts, "; "));
}

} // namespace sim::script
