// cli/exercise_cli.cpp — decision scripts, command descriptions and the script driver.
#include "cli/exercise_cli.hpp"

#include <algorithm>
#include <ctime>
#include <fstream>
#include <iostream>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include "cli/command.hpp"
#include "sim/util/files.hpp"

namespace cli {

namespace {

constexpr std::size_t kMaxScriptBytes = 1 << 20;
constexpr std::size_t kMaxSteps = 10000;

// Reads YAML nodes into commands, collecting every problem with its place.
class ScriptReader {
public:
    ScriptReader(std::string name, sim::Diagnostics& diags) : name_(std::move(name)), diags_(diags) {}

    static sim::SourcePos pos(const YAML::Node& n) {
        YAML::Mark m = n.Mark();
        if (m.is_null()) return {};
        return {m.line + 1, m.column + 1};
    }

    void error(const YAML::Node& n, std::string msg, std::string hint = {}) {
        auto p = pos(n);
        diags_.error(name_, p.line, p.col, "decision-script", std::move(msg), std::move(hint));
    }
    void error_at(sim::SourcePos p, std::string msg, std::string hint = {}) {
        diags_.error(name_, p.line, p.col, "decision-script", std::move(msg), std::move(hint));
    }

    // Keys of `map` must be among `allowed`.
    bool known_keys(const YAML::Node& map, const std::string& what, std::initializer_list<const char*> allowed) {
        bool ok = true;
        for (const auto& kv : map) {
            std::string key = kv.first.Scalar();
            bool found = std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; });
            if (!found) {
                // `{note: a, b}` reads as note "a" plus a key "b": the usual cause of a stray key.
                std::string quote = kv.second.IsNull() && key.find(' ') != std::string::npos
                                        ? "; a comma inside { } ends the value before it: put the text in quotes"
                                        : "";
                error(kv.first, fmt::format("unknown key '{}' in {}", key, what),
                      fmt::format("allowed: {}{}", fmt::join(allowed, ", "), quote));
                ok = false;
            }
        }
        return ok;
    }

    std::string str(const YAML::Node& map, const char* key, const std::string& what, bool required) {
        YAML::Node v = map[key];
        if (!v.IsDefined() || v.IsNull()) {
            if (required) error(map, fmt::format("{} needs '{}'", what, key));
            return {};
        }
        if (!v.IsScalar()) {
            error(v, fmt::format("'{}' in {} must be a single value", key, what));
            return {};
        }
        return v.Scalar();
    }

    bool boolean(const YAML::Node& map, const char* key, const std::string& what) {
        YAML::Node v = map[key];
        if (!v.IsDefined() || v.IsNull()) return false;
        if (v.IsScalar()) {
            const std::string& s = v.Scalar();
            if (s == "true" || s == "yes") return true;
            if (s == "false" || s == "no") return false;
        }
        error(v, fmt::format("'{}' in {} must be true or false", key, what));
        return false;
    }

    std::optional<sim::ExTime> offset(const YAML::Node& v, const std::string& what) {
        if (v.IsScalar())
            if (auto t = sim::parse_offset(v.Scalar())) return t;
        error(v, fmt::format("{} must be a clock offset like \"+00:15\" or \"+01:02:03\"", what));
        return std::nullopt;
    }

    std::optional<ScriptStep> step(const YAML::Node& n);

private:
    std::string name_;
    sim::Diagnostics& diags_;
};

std::optional<ScriptStep> ScriptReader::step(const YAML::Node& n) {
    namespace cmd = sim::cmd;
    ScriptStep s;
    auto p = pos(n);
    s.line = p.line;
    s.col = p.col;
    YAML::Node arg;
    if (n.IsScalar()) {
        s.verb = n.Scalar();
    } else if (n.IsMap() && n.size() == 1) {
        s.verb = n.begin()->first.Scalar();
        arg = n.begin()->second;
    } else {
        error(n, "a step is a word (`- pause`) or a map with one key (`- advance: \"+00:15\"`)");
        return std::nullopt;
    }
    const std::string what = "`" + s.verb + "`";
    auto no_arg = [&]() {
        if (arg.IsDefined() && !arg.IsNull()) {
            error(arg, fmt::format("{} takes no value", what));
            return false;
        }
        return true;
    };
    auto need_map = [&]() {
        if (!arg.IsDefined() || !arg.IsMap()) {
            error(n, fmt::format("{} needs a map of fields", what));
            return false;
        }
        return true;
    };
    std::size_t errors_before = diags_.items.size();

    if (s.verb == "advance") {
        YAML::Node to = arg.IsMap() ? arg["to"] : arg;
        if (arg.IsMap()) known_keys(arg, what, {"to"});
        if (!to.IsDefined()) {
            error(n, "`advance` needs a time: `- advance: \"+00:15\"`");
            return std::nullopt;
        }
        auto t = offset(to, "the time to advance to");
        if (!t) return std::nullopt;
        s.command = cmd::Advance{*t};
    } else if (s.verb == "deliver-next") {
        if (!no_arg()) return std::nullopt;
        s.command = cmd::DeliverNext{};
    } else if (s.verb == "skip") {
        cmd::Skip c;
        if (arg.IsScalar()) c.inject = arg.Scalar();
        else if (need_map()) {
            known_keys(arg, what, {"inject", "reason"});
            c.inject = str(arg, "inject", what, true);
            c.reason = str(arg, "reason", what, false);
        }
        s.command = c;
    } else if (s.verb == "decide") {
        if (!need_map()) return std::nullopt;
        known_keys(arg, what, {"inject", "option", "team", "role", "by", "rationale"});
        s.command = cmd::Decide{str(arg, "inject", what, true), str(arg, "option", what, true),
                                str(arg, "team", what, true),   str(arg, "role", what, false),
                                str(arg, "by", what, false),    str(arg, "rationale", what, false)};
    } else if (s.verb == "rate") {
        if (!need_map()) return std::nullopt;
        known_keys(arg, what, {"expectation", "rating", "note", "source", "by", "at"});
        cmd::Rate c;
        c.expectation = str(arg, "expectation", what, true);
        c.rating = str(arg, "rating", what, true);
        c.note = str(arg, "note", what, false);
        if (std::string src = str(arg, "source", what, false); !src.empty()) c.source = src;
        c.by = str(arg, "by", what, false);
        if (YAML::Node at = arg["at"]; at.IsDefined() && !at.IsNull()) c.at = offset(at, "at");
        s.command = c;
    } else if (s.verb == "status") {
        if (!need_map()) return std::nullopt;
        known_keys(arg, what, {"inject", "team", "status", "by", "role"});
        s.command = cmd::SetStatus{str(arg, "inject", what, true), str(arg, "team", what, true),
                                   str(arg, "status", what, true), str(arg, "by", what, false),
                                   str(arg, "role", what, false)};
    } else if (s.verb == "note") {
        cmd::AddNote c;
        if (arg.IsScalar()) c.text = arg.Scalar();
        else if (need_map()) {
            known_keys(arg, what, {"text", "author", "observer", "action", "inject"});
            c.text = str(arg, "text", what, true);
            c.author = str(arg, "author", what, false);
            c.role = boolean(arg, "observer", what) ? "observer" : "facilitator";
            c.action = boolean(arg, "action", what);
            c.inject = str(arg, "inject", what, false);
        }
        s.command = c;
    } else if (s.verb == "red") {
        if (!need_map()) return std::nullopt;
        known_keys(arg, what, {"stage", "move"});
        s.command = cmd::ChooseRedMove{str(arg, "stage", what, true), str(arg, "move", what, true)};
    } else if (s.verb == "purple") {
        if (!need_map()) return std::nullopt;
        known_keys(arg, what, {"technique", "outcome", "detected_at", "team", "note"});
        cmd::RecordPurpleOutcome c;
        c.technique = str(arg, "technique", what, true);
        c.outcome = str(arg, "outcome", what, true);
        if (YAML::Node d = arg["detected_at"]; d.IsDefined() && !d.IsNull()) c.detected_at = offset(d, "detected_at");
        c.team = str(arg, "team", what, true);
        c.note = str(arg, "note", what, false);
        s.command = c;
    } else if (s.verb == "retract") {
        cmd::Retract c;
        YAML::Node seq = arg.IsMap() ? arg["seq"] : arg;
        if (arg.IsMap()) {
            known_keys(arg, what, {"seq", "reason"});
            c.reason = str(arg, "reason", what, false);
        }
        try {
            if (!seq.IsDefined() || !seq.IsScalar()) throw YAML::Exception(YAML::Mark::null_mark(), "");
            c.seq = seq.as<std::int64_t>();
        } catch (const YAML::Exception&) {
            error(seq.IsDefined() ? seq : n, "`retract` needs the journal entry's number: `- retract: {seq: 12}`");
        }
        s.command = c;
    } else if (s.verb == "pause") {
        if (!no_arg()) return std::nullopt;
        s.command = cmd::Pause{};
    } else if (s.verb == "resume") {
        if (!no_arg()) return std::nullopt;
        s.command = cmd::Resume{};
    } else if (s.verb == "end") {
        cmd::End c;
        if (arg.IsScalar()) c.reason = arg.Scalar();
        else if (arg.IsMap()) {
            known_keys(arg, what, {"reason"});
            c.reason = str(arg, "reason", what, false);
        }
        s.command = c;
    } else if (s.verb == "hotwash") {
        if (!no_arg()) return std::nullopt;
        s.command = cmd::StartHotwash{};
    } else if (s.verb == "close") {
        if (!no_arg()) return std::nullopt;
        s.command = cmd::Close{};
    } else {
        error(n, fmt::format("unknown step '{}'", s.verb),
              "steps: advance, deliver-next, skip, decide, rate, status, note, red, purple, retract, pause, resume, "
              "end, hotwash, close");
        return std::nullopt;
    }
    if (diags_.items.size() != errors_before) return std::nullopt;
    return s;
}

std::string who(const std::string& team, const std::string& role, const std::string& person) {
    std::string s = team;
    if (!role.empty()) s += "/" + role;
    if (!person.empty()) s += (s.empty() ? "" : " ") + person;
    return s;
}

std::string describe_event(const sim::Event& e) {
    namespace ev = sim::ev;
    return std::visit(sim::overloaded{
        [](const ev::SessionStarted& d) {
            return fmt::format("session started: {} (seed {}, {} mode{})", d.scenario, d.seed, d.mode,
                               d.practice ? ", practice" : "");
        },
        [](const ev::BriefingStarted&) { return std::string("briefing started"); },
        [](const ev::ExerciseRunning&) { return std::string("exercise running"); },
        [](const ev::ClockAdvanced& d) { return "clock at " + sim::format_clock(d.to); },
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
                               d.at ? ", for " + sim::format_clock(*d.at) : "");
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
    }, e.data);
}

} // namespace

std::optional<DecisionScript> parse_decision_script(const std::string& text, const std::string& name,
                                                    sim::Diagnostics& diags) {
    ScriptReader r(name, diags);
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        diags.error(name, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1,
                    "yaml", e.msg);
        return std::nullopt;
    }
    if (!root.IsMap()) {
        diags.error(name, 1, 1, "decision-script", "a decision script is a map with `format`, `scenario` and `steps`");
        return std::nullopt;
    }
    DecisionScript s;
    s.name = name;
    s.text = text;
    const std::string what = "the script header";
    r.known_keys(root, what, {"format", "scenario", "seed", "mode", "practice", "participants", "steps"});
    if (std::string f = r.str(root, "format", what, true); !f.empty() && f != kScriptFormat)
        r.error(root["format"], fmt::format("unknown format '{}'", f), fmt::format("write `format: {}`", kScriptFormat));
    s.scenario = r.str(root, "scenario", what, true);
    if (root["scenario"].IsDefined()) s.scenario_pos = ScriptReader::pos(root["scenario"]);
    if (YAML::Node seed = root["seed"]; seed.IsDefined() && !seed.IsNull()) {
        try {
            s.seed = seed.as<std::uint64_t>();
        } catch (const YAML::Exception&) {
            r.error(seed, "`seed` must be a whole number from 0 to 18446744073709551615");
        }
    }
    if (std::string m = r.str(root, "mode", what, false); !m.empty()) {
        s.mode = sim::parse_mode(m);
        if (!s.mode) r.error(root["mode"], fmt::format("unknown mode '{}'", m), "blue, red or purple");
    }
    s.practice = r.boolean(root, "practice", what);
    if (YAML::Node people = root["participants"]; people.IsDefined() && !people.IsNull()) {
        s.participants_pos = ScriptReader::pos(people);
        if (!people.IsSequence()) r.error(people, "`participants` must be a list of {name, team, role}");
        else
            for (const auto& p : people) {
                if (!p.IsMap()) {
                    r.error(p, "a participant is a map {name, team, role}");
                    continue;
                }
                r.known_keys(p, "a participant", {"name", "team", "role"});
                s.participants.push_back({r.str(p, "name", "a participant", true), r.str(p, "team", "a participant", true),
                                          r.str(p, "role", "a participant", false)});
            }
    }
    YAML::Node steps = root["steps"];
    if (!steps.IsDefined() || !steps.IsSequence()) {
        r.error(steps.IsDefined() ? steps : root, "`steps` must be a list of steps");
    } else if (steps.size() > kMaxSteps) {
        r.error(steps, fmt::format("too many steps ({}, at most {})", steps.size(), kMaxSteps));
    } else {
        for (const auto& n : steps)
            if (auto step = r.step(n)) s.steps.push_back(std::move(*step));
    }
    if (diags.has_errors()) return std::nullopt;
    return s;
}

std::optional<DecisionScript> load_decision_script(const std::string& path, sim::Diagnostics& diags) {
    std::string error;
    auto text = sim::read_file(path, kMaxScriptBytes, error);
    if (!text) {
        diags.error(path, 0, 0, "read", error);
        return std::nullopt;
    }
    return parse_decision_script(*text, path, diags);
}

std::string describe(const sim::Command& c, const sim::Journal& events, const sim::ExerciseState& after) {
    std::vector<std::string> parts;
    if (std::holds_alternative<sim::cmd::Advance>(c))
        for (const auto& e : events)
            if (const auto* clock = e.get<sim::ev::ClockAdvanced>()) {
                parts.push_back("advanced from " + sim::format_clock(clock->from));
                break;
            }
    for (const auto& e : events)
        if (!e.is<sim::ev::ClockAdvanced>()) parts.push_back(describe_event(e));
    return fmt::format("{} {}", sim::format_clock(after.clock), fmt::join(parts, "; "));
}

std::string new_session_id() {
    unsigned char bytes[6] = {};
    std::ifstream urandom("/dev/urandom", std::ios::binary);
    if (!urandom.read(reinterpret_cast<char*>(bytes), sizeof bytes))
        throw std::runtime_error("cannot read /dev/urandom to make a session id");
    std::string id = "s-";
    for (unsigned char b : bytes) id += fmt::format("{:02x}", b);
    return id;
}

std::uint64_t random_seed() {
    std::uint64_t seed = 0;
    std::ifstream urandom("/dev/urandom", std::ios::binary);
    if (!urandom.read(reinterpret_cast<char*>(&seed), sizeof seed))
        throw std::runtime_error("cannot read /dev/urandom to draw a seed; pass --seed");
    return seed >> 1;                   // keep it readable as a signed 64-bit number too
}

std::int64_t wall_ms_now() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::optional<std::chrono::milliseconds> parse_pace(const std::string& s) {
    if (s.size() > 2 && s.compare(s.size() - 2, 2, "ms") == 0) {
        std::string digits = s.substr(0, s.size() - 2);
        if (digits.size() > 7 || !std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
            return std::nullopt;
        return std::chrono::milliseconds(std::stoll(digits));
    }
    if (s == "0") return std::chrono::milliseconds(0);
    if (auto secs = sim::parse_duration(s)) return std::chrono::milliseconds(*secs * 1000);
    return std::nullopt;
}

std::string format_wall(std::int64_t wall_ms) {
    std::time_t secs = static_cast<std::time_t>(wall_ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%SZ", &tm);
    return buf;
}

bool execute_and_print(sim::Session& s, const sim::Command& c, std::optional<std::int64_t> cmd_index,
                       const std::string& where, const std::string& label, std::ostream& out, std::ostream& err) {
    sim::CommandResult r = s.execute(c, wall_ms_now(), cmd_index);
    if (!r) {
        err << where << ": error: " << label << " rejected: " << r.error << "\n";
        return false;
    }
    out << describe(c, r.events, s.state()) << std::endl;   // flushed: acknowledged only after the commit
    return true;
}

namespace {
// Steps the facilitator may take while still briefing: the red cell's choices,
// pruning the MSEL, notes. Any other step starts the exercise first.
bool briefing_step(const sim::Command& c) {
    return std::holds_alternative<sim::cmd::ChooseRedMove>(c) || std::holds_alternative<sim::cmd::Skip>(c) ||
           std::holds_alternative<sim::cmd::AddNote>(c);
}

bool begin_running(sim::Session& s, const DecisionScript& script, std::ostream& out, std::ostream& err) {
    if (s.state().phase != sim::Phase::briefing) return true;
    return execute_and_print(s, sim::cmd::BeginRunning{}, std::nullopt, script.name, "starting the exercise", out, err);
}
} // namespace

int drive(sim::Session& s, const DecisionScript& script, std::int64_t done, std::chrono::milliseconds pace,
          std::ostream& out, std::ostream& err) {
    if (s.state().phase == sim::Phase::setup &&
        !execute_and_print(s, sim::cmd::BeginBriefing{}, std::nullopt, script.name, "the briefing", out, err))
        return kExitInvalid;
    for (std::size_t i = static_cast<std::size_t>(std::max<std::int64_t>(done, 0)); i < script.steps.size(); ++i) {
        const ScriptStep& step = script.steps[i];
        if (!briefing_step(step.command) && !begin_running(s, script, out, err)) return kExitInvalid;
        if (pace.count() > 0) std::this_thread::sleep_for(pace);
        std::string where = fmt::format("{}:{}:{}", script.name, step.line, step.col);
        std::string label = fmt::format("step {} ({})", i + 1, step.verb);
        if (!execute_and_print(s, step.command, static_cast<std::int64_t>(i + 1), where, label, out, err))
            return kExitInvalid;
    }
    return begin_running(s, script, out, err) ? kExitOk : kExitInvalid;
}

bool print_diagnostics(const sim::Diagnostics& diags, std::ostream& err) {
    for (const auto& d : diags.items) err << sim::format_diagnostic(d) << "\n";
    return diags.has_errors();
}

} // namespace cli
