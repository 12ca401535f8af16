// cli/cmd_actions.cpp — `ttx actions list|set`: the improvement plan of a session.
//
//   ttx actions list SESSION [--format table|csv|json]
//   ttx actions set SESSION ACTION [--area TEXT] [--action TEXT] [--capability ID] [--organisation ORG]
//                   [--owner POC] [--start YYYY-MM-DD] [--due YYYY-MM-DD] [--status open|in-progress|done]
//
// Both first bring the stored plan up to date with the session's scores (an
// expectation rated M or U, or a note marked as an action, becomes an action),
// so a plan exists even before the first report. ACTION is the number `list` shows.
#include <iostream>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "sim/report/actions_store.hpp"

namespace {

struct Options {
    std::string session;
    std::string db;
    std::string format = "table";
    std::int64_t number = 0;
    std::optional<std::string> owner;          // point of contact
    std::optional<std::string> due;            // completion date
    std::optional<std::string> status;
    std::optional<std::string> area, action, capability, organisation, start;
};

// Loads the session and syncs its plan; nullopt after printing why.
std::optional<std::vector<sim::report::ImprovementAction>> synced(sim::service::Workspace& ws, const Options& o) {
    std::string error;
    auto plan = ws.sync_actions(o.session, error);
    if (!plan) std::cerr << "ttx: error: " << error << "\n";
    return plan;
}

std::string one_line(const std::string& s) {
    std::string out;
    for (char c : s) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
    return out;
}

int list(const Options& o) {
    sim::service::Workspace ws = cli::open_workspace(o.db);
    auto plan = synced(ws, o);
    if (!plan) return cli::kExitInvalid;
    using sim::report::to_string;
    if (o.format == "json") {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& a : *plan)
            list.push_back({{"number", a.number}, {"key", a.key}, {"source", a.source}, {"area", a.area},
                            {"text", a.text}, {"capability", a.capability}, {"team", a.team},
                            {"organisation", a.organisation}, {"owner", a.owner},
                            {"start", a.start.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.start)},
                            {"due", a.due.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.due)},
                            {"status", to_string(a.status)}});
        std::cout << nlohmann::json{{"session", o.session}, {"actions", list}}.dump(
                         2, ' ', false, nlohmann::json::error_handler_t::replace)
                  << "\n";
    } else if (o.format == "csv") {
        // HSEEP's improvement-plan columns, then ttx's own.
        std::cout << sim::report::csv_row({"number", "capability", "area", "action", "organisation", "owner", "start",
                                           "due", "status", "team", "source"});
        for (const auto& a : *plan)
            std::cout << sim::report::csv_row({std::to_string(a.number), a.capability, a.area, a.text, a.organisation,
                                               a.owner, a.start, a.due, to_string(a.status), a.team, a.key});
    } else {
        if (plan->empty()) {
            std::cout << "No improvement actions for " << o.session
                      << ": nothing was rated M or U and no note was marked as an action.\n";
            return cli::kExitOk;
        }
        std::cout << fmt::format("{:>3}  {:<11}  {:<16}  {:<10}  {:<10}  {:<14}  {}\n", "#", "STATUS", "OWNER", "START",
                                 "DUE", "CAPABILITY", "ACTION");
        for (const auto& a : *plan)
            std::cout << fmt::format("{:>3}  {:<11}  {:<16}  {:<10}  {:<10}  {:<14}  {}\n", a.number,
                                     to_string(a.status), a.owner.empty() ? "-" : one_line(a.owner),
                                     a.start.empty() ? "-" : a.start, a.due.empty() ? "-" : a.due,
                                     a.capability.empty() ? "-" : a.capability, one_line(a.text));
    }
    return cli::kExitOk;
}

int set(const Options& o) {
    sim::report::ActionEdit edit;
    edit.area = o.area;
    edit.action = o.action;
    edit.capability = o.capability;
    edit.organisation = o.organisation;
    edit.contact = o.owner;
    edit.start = o.start;
    edit.completion = o.due;
    if (o.status) {
        edit.status = sim::report::parse_action_status(*o.status);
        if (!edit.status) throw cli::UsageError(fmt::format("--status '{}' is not open, in-progress or done", *o.status));
    }
    if (edit.empty())
        throw cli::UsageError("nothing to change: give --area, --action, --capability, --organisation, --owner, "
                              "--start, --due and/or --status");

    sim::service::Workspace ws = cli::open_workspace(o.db);
    std::string error;
    const auto a = ws.update_action(o.session, o.number, edit, error);
    if (!a) {
        std::cerr << "ttx: error: " << error << "\n";
        return cli::kExitInvalid;
    }
    std::cout << fmt::format("action {}: {} · {} · POC {} · {} – {} · {}\n", a->number, sim::report::to_string(a->status),
                             a->organisation.empty() ? "no organisation" : one_line(a->organisation),
                             a->owner.empty() ? "-" : one_line(a->owner), a->start.empty() ? "-" : a->start,
                             a->due.empty() ? "-" : a->due, one_line(a->text));
    return cli::kExitOk;
}

const bool registered = cli::register_command({"actions", "List and update a session's improvement-plan actions", 31,
    [](CLI::App& app) {
        auto o = std::make_shared<Options>();
        app.require_subcommand(1);
        CLI::App* l = app.add_subcommand("list", "Show the session's improvement plan");
        l->add_option("session", o->session, "Session id (s-…)")->required();
        l->add_option("--format", o->format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
        l->add_option("--db", o->db, "Journal database (default: $XDG_DATA_HOME/ttx/ttx.db)");
        CLI::App* s = app.add_subcommand("set", "Edit an action's improvement-plan fields (HSEEP)");
        s->add_option("session", o->session, "Session id (s-…)")->required();
        s->add_option("action", o->number, "Action number, as `ttx actions list` shows it")
            ->required()
            ->check(CLI::PositiveNumber);
        s->add_option("--area", o->area, "Area for improvement (the issue the action answers)");
        s->add_option("--action", o->action, "Corrective action (replaces the derived text)");
        s->add_option("--capability", o->capability, "Capability it improves");
        s->add_option("--organisation,--organization", o->organisation, "Primary responsible organisation");
        s->add_option("--owner,--poc", o->owner, "Point of contact");
        s->add_option("--start", o->start, "Start date, YYYY-MM-DD ('' clears it)");
        s->add_option("--due,--completion", o->due, "Completion date, YYYY-MM-DD ('' clears it)");
        s->add_option("--status", o->status, "open, in-progress or done")
            ->check(CLI::IsMember({"open", "in-progress", "done"}));
        s->add_option("--db", o->db, "Journal database (default: $XDG_DATA_HOME/ttx/ttx.db)");
        return [o, l] { return l->parsed() ? list(*o) : set(*o); };
    }});

} // namespace
