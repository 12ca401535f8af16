// cli/cmd_show.cpp — `ttx show SESSION`: one session's state, rebuilt from its journal.
//
// Prints, in journal order: the session, its lifecycle state, delivered and
// skipped injects with each team's status, decisions, ratings (the rating
// that counts, and any it replaced or that was retracted), notes, red moves
// and purple outcomes. Retracted entries are shown struck out as "[retracted]".
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/exercise_cli.hpp"
#include "sim/engine/adjudicate.hpp"

namespace {

struct Options {
    std::string session;
    std::string db;
    std::string format = "text";
};


// The state for scripts: what was delivered to whom and when, and the red moves.
nlohmann::json show_json(const sim::Session& session) {
    const sim::ExerciseState& st = session.state();
    const sim::Scenario& sc = session.scenario();
    nlohmann::json delivered = nlohmann::json::array(), hunts = nlohmann::json::array();
    for (const auto& d : st.delivered) delivered.push_back({{"inject", d.inject}, {"at", d.delivered_at}, {"teams", d.teams}, {"cause", d.cause}});
    const nlohmann::json red = sim::red_entries_json(sc, st);
    for (const auto& h : st.hunts)
        hunts.push_back({{"seq", h.seq}, {"at", h.t}, {"team", h.team}, {"telemetry", h.telemetry}, {"scope", h.scope},
                         {"revealed", h.revealed}, {"rolls", h.rolls}});
    return {{"session", session.id()}, {"scenario", sc.id}, {"mode", sim::to_string(st.mode)}, {"seed", st.seed},
            {"clock", st.clock}, {"ended", st.ended}, {"ending", st.ending},
            {"flags", st.flags}, {"delivered", delivered}, {"red", red}, {"hunts", hunts},
            {"posture", sc.posture ? nlohmann::json(sc.posture->profile.empty() ? "inline" : sc.posture->profile) : nlohmann::json(nullptr)},
            {"journal_sha256", session.journal_hash()}};
}

std::string yes_no(bool b) { return b ? "yes" : "no"; }
std::string retracted(bool r) { return r ? " [retracted]" : ""; }

int run(const Options& o) {
    sim::service::Workspace ws = cli::open_workspace(o.db);
    sim::Store& store = ws.store();
    auto info = store.session(o.session);
    if (!info) {
        std::cerr << fmt::format("ttx: error: no session {} in {} (`ttx sessions` lists them)\n", o.session, store.path());
        return cli::kExitInvalid;
    }
    sim::Session session = ws.resume(o.session);
    const sim::ExerciseState& st = session.state();
    const sim::Scenario& sc = session.scenario();
    auto& out = std::cout;
    if (o.format == "json") {
        out << show_json(session).dump(2) << "\n";
        return cli::kExitOk;
    }

    out << fmt::format("session   {}\n", info->id);
    out << fmt::format("scenario  {} — {} (sha256 {})\n", sc.id, sc.title, info->scenario_sha256.substr(0, 16));
    out << fmt::format("mode      {}   seed {}   practice {}\n", sim::to_string(st.mode), st.seed, yes_no(st.practice));
    out << fmt::format("started   {}{}\n", sim::service::format_time(info->started_wall),
                       info->ended_wall ? "   ended " + sim::service::format_time(*info->ended_wall) : "");
    std::string phase = sim::to_string(st.phase);
    if (st.ended && st.phase == sim::Phase::running) phase = "ended";
    if (st.ended) phase += st.ending.empty() ? " (by the facilitator)" : " (ending: " + st.ending + ")";
    out << fmt::format("state     {}   clock {}   status {}\n", phase, sim::format_clock(st.clock), info->status);
    if (!st.ended && st.next)
        out << fmt::format("next      {} at {}\n", st.next->inject, sim::format_clock(st.next->at));
    if (!st.flags.empty()) out << fmt::format("flags     {}\n", fmt::join(st.flags, ", "));
    if (!info->script_name.empty()) out << fmt::format("script    {}\n", info->script_name);

    if (!st.participants.empty()) {
        out << "\nparticipants\n";
        for (const auto& p : st.participants)
            out << fmt::format("  {} ({}{})\n", p.name, p.team, p.role.empty() ? "" : "/" + p.role);
    }
    if (!st.red_moves.empty()) {
        out << "\nred moves\n";
        for (const auto& r : st.red_moves)
            out << fmt::format("  {} #{:<4} {}: {} ({}){}{}\n", sim::format_clock(r.t), r.seq, r.stage, r.move, r.technique,
                               r.drawn ? " drawn" : "",
                               r.effective_outcome().empty() ? ""
                               : fmt::format(" -> {}{}", r.effective_outcome(),
                                             r.override_outcome.empty() ? (r.control.empty() ? "" : " by " + r.control)
                                                                        : " (override: " + r.override_reason + ")"));
    }
    out << "\ndelivered injects\n";
    if (st.delivered.empty()) out << "  (none)\n";
    for (const auto& d : st.delivered) {
        std::vector<std::string> teams;
        for (const auto& t : d.teams) teams.push_back(fmt::format("{}: {}", t, sim::to_string(d.status.at(t))));
        out << fmt::format("  {} #{:<4} {} [{}] ({}, {})\n", sim::format_clock(d.delivered_at), d.seq, d.inject,
                           fmt::join(teams, ", "), d.cause, sim::to_string(d.phase));
    }
    for (const auto& id : st.skipped) out << fmt::format("  skipped   {}\n", id);

    if (!st.decisions.empty()) {
        out << "\ndecisions\n";
        for (const auto& d : st.decisions) {
            std::string by = d.timed_out ? "timed out, default taken"
                                         : fmt::format("{}{}{}", d.team, d.role.empty() ? "" : "/" + d.role,
                                                       d.participant.empty() ? "" : " " + d.participant);
            out << fmt::format("  {} #{:<4} {} -> {} ({}){}\n", sim::format_clock(d.t), d.seq, d.inject, d.option, by,
                               d.rationale.empty() || d.timed_out ? "" : ": " + d.rationale);
        }
    }
    if (!st.rating_history.empty()) {
        out << "\nratings\n";
        for (const auto& r : st.rating_history) {
            auto current = st.ratings.find(r.expectation);
            bool counts = current != st.ratings.end() && current->second.seq == r.seq;
            out << fmt::format("  {} #{:<4} {} {} ({}{}){}{}{}\n", sim::format_clock(r.t), r.seq, r.expectation,
                               sim::to_string(r.rating), r.source, r.by.empty() ? "" : ", " + r.by,
                               r.note.empty() ? "" : ": " + r.note, retracted(r.retracted),
                               !counts && !r.retracted ? " [superseded]" : "");
        }
    }
    if (!st.status_history.empty()) {
        out << "\nstatuses\n";
        for (const auto& s : st.status_history)
            out << fmt::format("  {} #{:<4} {} {} {}{}{}\n", sim::format_clock(s.t), s.seq, s.inject, s.team,
                               sim::to_string(s.status), s.participant.empty() ? "" : " by " + s.participant,
                               retracted(s.retracted));
    }
    if (!st.notes.empty()) {
        out << "\nnotes\n";
        for (const auto& n : st.notes)
            out << fmt::format("  {} #{:<4} {}{}{}: {}{}\n", sim::format_clock(n.t), n.seq, n.action ? "[action] " : "",
                               n.author.empty() ? n.role : n.author + " (" + n.role + ")",
                               n.inject.empty() ? "" : " on " + n.inject, n.text, retracted(n.retracted));
    }
    if (!st.purple_outcomes.empty()) {
        out << "\npurple outcomes\n";
        for (const auto& p : st.purple_outcomes)
            out << fmt::format("  {} #{:<4} {} {} ({}{}){}\n", sim::format_clock(p.t), p.seq, p.technique,
                               sim::to_string(p.outcome), p.team,
                               p.detected_at ? ", detected " + sim::format_clock(*p.detected_at) : "",
                               retracted(p.retracted));
    }
    out << fmt::format("\njournal   {} events   sha256 {}\n", session.journal().size(), session.journal_hash());
    return cli::kExitOk;
}

const bool registered = cli::register_command({"show", "Show one session's state, decisions, ratings and notes", 23,
    [](CLI::App& app) {
        auto o = std::make_shared<Options>();
        app.add_option("session", o->session, "Session id (s-…)")->required();
        app.add_option("--db", o->db, "Journal database (default: $XDG_DATA_HOME/ttx/ttx.db)");
        app.add_option("--format", o->format, "text or json (delivered injects and red moves, for scripts)")
            ->check(CLI::IsMember({"text", "json"}));
        return [o] { return run(*o); };
    }});

} // namespace
