// sim/script/decision_script.cpp — see decision_script.hpp.
#include "sim/script/decision_script.hpp"

#include "sim/attack/catalog.hpp"
#include "sim/engine/adjudicate.hpp"

#include <algorithm>
#include <functional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/scenario/yaml_reader.hpp"
#include "sim/util/files.hpp"

namespace sim::script {

namespace {

using yaml::Keys;
using yaml::pos;

constexpr std::size_t kMaxScriptBytes = 1 << 20;
constexpr std::size_t kMaxSteps = 10000;
constexpr long kAliasBudget = 100000;

class ScriptReader;

// One step's fields as written, read through the shared reader.
struct StepArgs {
    ScriptReader& r;
    const YAML::Node& step;             // the whole step, for "missing" errors
    yaml::Fields fields;
    std::string what;                   // "`decide`"
    std::vector<NameRef>& names;

    [[nodiscard]] const YAML::Node* node(const char* key) const { return yaml::YamlReader::get(fields, key); }
    std::string str(const char* key);
    // A text field that names something in the scenario.
    std::string name(const char* key, NameRef::Kind kind, const std::string& inject = {});
    bool flag(const char* key);
    std::optional<ExTime> offset(const char* key);
};

// A step kind: its verb, the keys its map form allows, the ones it needs,
// the key a plain value fills (`- skip: phish` is `inject: phish`), and how
// the fields become a command. A new field is a key here and a line in `build`.
struct StepKind {
    const char* verb;
    Keys keys;                          // empty: the step takes no value (`- pause`)
    Keys required;
    const char* scalar = nullptr;       // key a plain value fills; nullptr: a map is needed
    std::function<Command(StepArgs&)> build;
};

const std::vector<StepKind>& step_kinds();

class ScriptReader : public yaml::YamlReader {
public:
    using YamlReader::YamlReader;

    std::optional<ScriptStep> step(const YAML::Node& n);
    void header(const YAML::Node& root, DecisionScript& s);
};

std::string StepArgs::str(const char* key) {
    const YAML::Node* v = node(key);
    if (!v || v->IsNull()) return {};
    return r.text(*v, fmt::format("'{}' in {}", key, what)).value_or("");
}

std::string StepArgs::name(const char* key, NameRef::Kind kind, const std::string& inject) {
    std::string v = str(key);
    if (!v.empty()) names.push_back({kind, v, pos(*node(key)), inject, {}});
    return v;
}

bool StepArgs::flag(const char* key) {
    const YAML::Node* v = node(key);
    if (!v || v->IsNull()) return false;
    return r.boolean(*v, fmt::format("'{}' in {}", key, what)).value_or(false);
}

std::optional<ExTime> StepArgs::offset(const char* key) {
    const YAML::Node* v = node(key);
    if (!v || v->IsNull()) return std::nullopt;
    return r.offset(*v, fmt::format("'{}' in {}", key, what));
}

using K = NameRef::Kind;

const std::vector<StepKind>& step_kinds() {
    namespace cmd = sim::cmd;
    static const std::vector<StepKind> kinds = {
        {"advance", {"to"}, {"to"}, "to",
         [](StepArgs& a) -> Command { return cmd::Advance{a.offset("to").value_or(0)}; }},
        {"deliver-next", {}, {}, nullptr, [](StepArgs&) -> Command { return cmd::DeliverNext{}; }},
        {"skip", {"inject", "reason"}, {"inject"}, "inject",
         [](StepArgs& a) -> Command { return cmd::Skip{a.name("inject", K::inject), a.str("reason")}; }},
        {"decide", {"inject", "option", "team", "role", "by", "rationale"}, {"inject", "option", "team"}, nullptr,
         [](StepArgs& a) -> Command {
             cmd::Decide c;
             c.inject = a.name("inject", K::inject);
             c.option = a.name("option", K::option, c.inject);
             c.team = a.name("team", K::team);
             c.role = a.name("role", K::role);
             c.participant = a.name("by", K::participant);
             c.rationale = a.str("rationale");
             return c;
         }},
        {"rate", {"expectation", "rating", "note", "source", "by", "at"}, {"expectation", "rating"}, nullptr,
         [](StepArgs& a) -> Command {
             cmd::Rate c;
             c.expectation = a.name("expectation", K::expectation);
             c.rating = a.str("rating");
             c.note = a.str("note");
             if (std::string src = a.str("source"); !src.empty()) c.source = src;
             c.by = a.str("by");
             c.at = a.offset("at");     // the exercise time the rating refers to (optional)
             return c;
         }},
        {"status", {"inject", "team", "status", "by", "role"}, {"inject", "team", "status"}, nullptr,
         [](StepArgs& a) -> Command {
             cmd::SetStatus c;
             c.inject = a.name("inject", K::inject);
             c.team = a.name("team", K::team);
             c.status = a.str("status");
             c.participant = a.name("by", K::participant);
             c.role = a.name("role", K::role);
             return c;
         }},
        {"note", {"text", "author", "observer", "action", "inject", "objective"}, {"text"}, "text",
         [](StepArgs& a) -> Command {
             cmd::AddNote c;
             c.text = a.str("text");
             c.author = a.str("author");
             c.role = a.flag("observer") ? "observer" : "facilitator";
             c.action = a.flag("action");
             c.inject = a.name("inject", K::inject);
             c.objective = a.name("objective", K::objective);
             return c;
         }},
        {"red", {"stage", "move"}, {"stage", "move"}, nullptr,
         [](StepArgs& a) -> Command {
             cmd::ChooseRedMove c;
             c.stage = a.name("stage", K::stage);
             c.move = a.str("move");
             if (!c.move.empty()) a.names.push_back({K::move, c.move, pos(*a.node("move")), {}, c.stage});
             return c;
         }},
        {"purple", {"technique", "outcome", "detected_at", "team", "note"}, {"technique", "outcome", "team"}, nullptr,
         [](StepArgs& a) -> Command {
             cmd::RecordPurpleOutcome c;
             c.technique = a.str("technique");
             c.outcome = a.str("outcome");
             c.detected_at = a.offset("detected_at");
             c.team = a.name("team", K::team);
             c.note = a.str("note");
             return c;
         }},
        {"hunt", {"team", "telemetry", "scope"}, {"team", "telemetry"}, nullptr,
         [](StepArgs& a) -> Command {
             cmd::Hunt c;
             c.team = a.name("team", K::team);
             c.telemetry = a.str("telemetry");
             c.scope = a.str("scope");
             return c;
         }},
        {"override", {"stage", "move", "outcome", "reason", "by"}, {"stage", "move", "outcome", "reason"}, nullptr,
         [](StepArgs& a) -> Command {
             cmd::OverrideOutcome c;
             c.stage = a.name("stage", K::stage);
             c.move = a.str("move");
             if (!c.move.empty()) a.names.push_back({K::move, c.move, pos(*a.node("move")), {}, c.stage});
             c.outcome = a.str("outcome");
             c.reason = a.str("reason");
             c.by = a.str("by");
             return c;
         }},
        {"retract", {"seq", "reason"}, {"seq"}, "seq",
         [](StepArgs& a) -> Command {
             cmd::Retract c;
             c.reason = a.str("reason");
             const YAML::Node* seq = a.node("seq");
             try {
                 if (!seq || !seq->IsScalar()) throw YAML::Exception(YAML::Mark::null_mark(), "");
                 c.seq = seq->as<std::int64_t>();
             } catch (const YAML::Exception&) {
                 a.r.error(seq ? *seq : a.step, "bad-value",
                           "`retract` needs the journal entry's number: `- retract: {seq: 12}`");
             }
             return c;
         }},
        // - feedback: {by: Dana, team: soc, answers: {realistic: 4, went-well: "Fast isolation"}}
        {"feedback", {"by", "team", "role", "answers"}, {"answers"}, nullptr,
         [](StepArgs& a) -> Command {
             cmd::RecordFeedback c;
             c.respondent = a.str("by");
             c.team = a.name("team", K::team);
             c.role = a.name("role", K::role);
             const YAML::Node* answers = a.node("answers");
             if (!answers || !answers->IsMap()) {
                 a.r.error(answers ? *answers : a.step, "type",
                           "`feedback` needs answers as a map of question id to answer",
                           "e.g. answers: {realistic: 4, went-well: \"Fast isolation\"}");
                 return c;
             }
             for (auto it = answers->begin(); it != answers->end(); ++it) {
                 auto q = a.r.ident(it->first, "feedback question id");
                 auto v = a.r.text(it->second, "feedback answer");
                 if (q && v) c.answers.emplace_back(*q, *v);
             }
             return c;
         }},
        {"pause", {}, {}, nullptr, [](StepArgs&) -> Command { return cmd::Pause{}; }},
        {"resume", {}, {}, nullptr, [](StepArgs&) -> Command { return cmd::Resume{}; }},
        {"end", {"reason"}, {}, "reason", [](StepArgs& a) -> Command { return cmd::End{a.str("reason")}; }},
        {"hotwash", {}, {}, nullptr, [](StepArgs&) -> Command { return cmd::StartHotwash{}; }},
        {"close", {}, {}, nullptr, [](StepArgs&) -> Command { return cmd::Close{}; }},
    };
    return kinds;
}

std::optional<ScriptStep> ScriptReader::step(const YAML::Node& n) {
    ScriptStep s;
    auto p = pos(n);
    s.line = p.line;
    s.col = p.col;
    // Fresh nodes only: assigning to a yaml-cpp node that refers to a tree writes into the tree.
    YAML::Node arg;
    SourcePos verb_pos = p;
    if (n.IsScalar()) {
        s.verb = n.Scalar();
    } else if (n.IsMap() && n.size() == 1 && n.begin()->first.IsScalar()) {
        verb_pos = pos(n.begin()->first);
        s.verb = n.begin()->first.Scalar();
        arg = n.begin()->second;
    } else {
        error(n, "bad-step", "a step is a word (`- pause`) or a map with one key (`- advance: \"+00:15\"`)");
        return std::nullopt;
    }
    const auto& kinds = step_kinds();
    auto kind = std::find_if(kinds.begin(), kinds.end(), [&](const StepKind& k) { return s.verb == k.verb; });
    if (kind == kinds.end()) {
        Keys verbs;
        for (const auto& k : kinds) verbs.emplace_back(k.verb);
        std::string hint = "steps: " + join(verbs);
        if (auto near = did_you_mean(s.verb, verbs); !near.empty()) hint = near + " " + hint;
        error_at(verb_pos, "unknown-step", fmt::format("unknown step '{}'", s.verb), hint);
        return std::nullopt;
    }
    const std::string what = "`" + s.verb + "`";
    const std::size_t errors_before = diags().items.size();
    yaml::Fields fields;
    const bool has_value = arg.IsDefined() && !arg.IsNull();
    if (kind->keys.empty()) {
        if (has_value) {
            error(arg, "bad-step", fmt::format("{} takes no value", what));
            return std::nullopt;
        }
    } else if (has_value && arg.IsScalar() && kind->scalar) {
        fields.emplace(kind->scalar, yaml::Field{arg, arg});
    } else if (has_value && arg.IsMap()) {
        // `{note: a, b}` reads as note "a" plus a key "b": the usual cause of a stray key.
        for (const auto& kv : arg)
            if (kv.second.IsNull() && kv.first.IsScalar() && kv.first.Scalar().find(' ') != std::string::npos)
                error(kv.first, "unknown-key", fmt::format("stray text '{}' in {}", kv.first.Scalar(), what),
                      "a comma inside { } ends the value before it: put the text in quotes");
        if (diags().items.size() != errors_before) return std::nullopt;
        auto f = this->fields(arg, kind->keys, what);
        if (!f) return std::nullopt;
        fields = std::move(*f);
        for (const auto& key : kind->required) require(fields, arg, key, what);
    } else {
        error(has_value ? arg : n, "bad-step",
              kind->scalar ? fmt::format("{} needs a value or a map of fields ({})", what, join(kind->keys))
                           : fmt::format("{} needs a map of fields ({})", what, join(kind->keys)));
        return std::nullopt;
    }
    if (diags().items.size() != errors_before) return std::nullopt;
    StepArgs args{*this, n, std::move(fields), what, s.names};
    s.command = kind->build(args);
    if (diags().items.size() != errors_before) return std::nullopt;
    return s;
}

void ScriptReader::header(const YAML::Node& root, DecisionScript& s) {
    static const Keys kHeader = {"format", "scenario", "seed", "mode", "practice", "participants", "steps"};
    const std::string what = "the script header";
    auto f = fields(root, kHeader, what);
    if (!f) return;
    if (require(*f, root, "format", what))
        if (auto v = text(*get(*f, "format"), "format"); v && *v != kScriptFormat)
            error(*get(*f, "format"), "bad-value", fmt::format("unknown format '{}'", v->substr(0, 40)),
                  fmt::format("write `format: {}`", kScriptFormat));
    if (require(*f, root, "scenario", what)) {
        s.scenario = text(*get(*f, "scenario"), "scenario").value_or("");
        s.scenario_pos = pos(*get(*f, "scenario"));
    }
    if (const YAML::Node* seed = get(*f, "seed"); seed && !seed->IsNull()) {
        try {
            if (!seed->IsScalar() || seed->Scalar().find('-') != std::string::npos)
                throw YAML::Exception(YAML::Mark::null_mark(), "");
            s.seed = seed->as<std::uint64_t>();
        } catch (const YAML::Exception&) {
            error(*seed, "bad-value", "`seed` must be a whole number from 0 to 18446744073709551615");
        }
    }
    if (const YAML::Node* m = get(*f, "mode"))
        s.mode = choice<Mode>(*m, "mode", {"blue", "red", "purple"}, parse_mode);
    if (const YAML::Node* p = get(*f, "practice"); p && !p->IsNull()) s.practice = boolean(*p, "practice").value_or(false);
    if (const YAML::Node* people = get(*f, "participants"); people && !people->IsNull()) {
        s.participants_pos = pos(*people);
        static const Keys kPerson = {"name", "team", "role"};
        for (const auto& p : items(*people, "participants")) {
            auto pf = fields(p, kPerson, "a participant");
            if (!pf) continue;
            if (!require(*pf, p, "name", "a participant") || !require(*pf, p, "team", "a participant")) continue;
            Participant person;
            person.name = text(*get(*pf, "name"), "participant name").value_or("");
            person.team = text(*get(*pf, "team"), "participant team").value_or("");
            s.participant_names.push_back({K::team, person.team, pos(*get(*pf, "team")), {}, {}});
            if (const YAML::Node* role = get(*pf, "role"); role && !role->IsNull()) {
                person.role = text(*role, "participant role").value_or("");
                s.participant_names.push_back({K::role, person.role, pos(*role), {}, {}});
            }
            s.participants.push_back(std::move(person));
        }
    }
    const YAML::Node* steps = get(*f, "steps");
    if (!steps) {
        require(*f, root, "steps", what);
        return;
    }
    if (steps->IsSequence() && steps->size() > kMaxSteps) {
        error(*steps, "limit", fmt::format("too many steps ({}, at most {})", steps->size(), kMaxSteps),
              "split the script, or resume the session with a second one");
        return;
    }
    auto list = items(*steps, "steps");
    for (const auto& n : list)
        if (auto step = this->step(n)) s.steps.push_back(std::move(*step));
}

Keys ids_of(const auto& list) {
    Keys out;
    for (const auto& x : list) out.push_back(x.id);
    return out;
}

} // namespace

std::optional<DecisionScript> parse_decision_script(const std::string& text, const std::string& name,
                                                    Diagnostics& diags) {
    if (text.size() > kMaxScriptBytes) {
        diags.error(name, 0, 0, "limit", fmt::format("a script of {} bytes is larger than the limit of 1 MiB", text.size()));
        return std::nullopt;
    }
    auto doc = yaml::parse_yaml_document(text, name, "decision script", diags);
    if (!doc) return std::nullopt;
    if (!doc->root.IsMap()) {
        diags.error(name, 1, 1, "decision-script", "a decision script is a map with `format`, `scenario` and `steps`",
                    "see docs/decision-scripts.md");
        return std::nullopt;
    }
    DecisionScript s;
    s.name = name;
    s.text = text;
    try {
        ScriptReader r(name, diags, doc->nodes + kAliasBudget);
        r.header(doc->root, s);
    } catch (const yaml::Abort&) {
        return std::nullopt;
    } catch (const YAML::Exception& e) {
        auto p = yaml::mark_pos(e.mark);
        diags.error(name, p.line, p.col, "yaml-syntax", "cannot read the YAML structure: " + e.msg);
    }
    if (diags.has_errors()) return std::nullopt;
    return s;
}

std::optional<DecisionScript> load_decision_script(const std::string& path, Diagnostics& diags) {
    std::string error;
    auto text = read_file(path, kMaxScriptBytes, error);
    if (!text) {
        diags.error(path, 0, 0, "read", error);
        return std::nullopt;
    }
    return parse_decision_script(*text, path, diags);
}

bool check_decision_script(const DecisionScript& script, const Scenario& sc, Diagnostics& diags,
                           std::optional<Mode> mode) {
    if (script.scenario != sc.id) {
        diags.error(script.name, script.scenario_pos.line, script.scenario_pos.col, "wrong-scenario",
                    fmt::format("this script is for scenario '{}', but the scenario is '{}'", script.scenario, sc.id),
                    "run it with the scenario it names, or change `scenario:`");
        return false;
    }
    const Keys injects = ids_of(sc.injects), teams = ids_of(sc.teams), roles = ids_of(sc.roles);
    Keys expectations, people;
    for (const auto& i : sc.injects)
        for (const auto& e : i.expect) expectations.push_back(e.id);
    for (const auto& p : script.participants) people.push_back(p.name);
    // The reader reports through the same file:line:col format; no tree to walk, so no budget.
    yaml::YamlReader r(script.name, diags, 0);
    const std::size_t before = diags.items.size();
    auto check = [&](const NameRef& n) {
        auto report = [&](const std::string& what, const Keys& known, const std::string& context = {}) {
            r.known_name(n.pos, n.value, what, known, context);
        };
        switch (n.kind) {
        case K::inject: report("inject", injects); break;
        case K::team: report("team", teams); break;
        case K::role: report("role", roles); break;
        case K::expectation: report("expectation", expectations); break;
        case K::objective: report("objective", ids_of(sc.objectives)); break;
        case K::participant:
            // Like the engine: names are checked once participants are registered.
            if (!people.empty()) report("participant", people, ", not one of the script's `participants:`");
            break;
        case K::stage: report("stage", ids_of(sc.stages)); break;
        case K::move: {
            if (!sc.stage(n.stage)) break;  // the stage is reported already
            auto it = sc.red_moves.find(n.stage);
            if (it == sc.red_moves.end() || it->second.empty()) {
                r.error_at(n.pos, "unknown-name", fmt::format("stage '{}' has no red moves to choose '{}' from", n.stage, n.value));
                break;
            }
            report("red move", ids_of(it->second), fmt::format(" of stage '{}'", n.stage));
            break;
        }
        case K::option: {
            const Inject* inj = sc.inject(n.inject);
            if (!inj) break;                // the inject is reported already
            if (!inj->decision) {
                r.error_at(n.pos, "unknown-name", fmt::format("inject '{}' has no decision to choose '{}' in", n.inject, n.value));
                break;
            }
            report("option", ids_of(inj->decision->options), fmt::format(" of inject '{}'", n.inject));
            break;
        }
        }
    };
    // Steps that need another mode: located at the step.
    const Mode runs = mode ? *mode : script.mode.value_or(Mode::blue);
    auto wrong_mode = [&](std::size_t k, const ScriptStep& s, const std::string& what, const char* needs) {
        r.error_at({s.line, s.col}, "wrong-mode",
                   fmt::format("step {} ({}): {} only in {} mode, and this script runs in {} mode", k + 1, s.verb, what,
                               needs, to_string(runs)),
                   mode ? "run it with a matching --mode" : "set `mode:` in the script header, or remove the step");
    };
    try {
        for (const auto& n : script.participant_names) check(n);
        for (std::size_t k = 0; k < script.steps.size(); ++k) {
            const ScriptStep& s = script.steps[k];
            for (const auto& n : s.names) check(n);
            if (runs == Mode::blue && std::holds_alternative<cmd::ChooseRedMove>(s.command))
                wrong_mode(k, s, "the red cell plays its moves", "red or purple");
            if (runs == Mode::blue && std::holds_alternative<cmd::OverrideOutcome>(s.command))
                wrong_mode(k, s, "red moves are played and their outcomes overridden", "red or purple");
            if (const auto* h = std::get_if<cmd::Hunt>(&s.command);
                h && !h->telemetry.empty() && !known_telemetry(attack::builtin_catalog(), h->telemetry)) {
                const auto& cat = attack::builtin_catalog();
                std::string hint = attack::suggestion(cat, attack::Kind::data_component, h->telemetry);
                if (hint.empty()) hint = attack::suggestion(cat, attack::Kind::log_source, h->telemetry);
                r.error_at({s.line, s.col}, "unknown-telemetry",
                           fmt::format("step {} (hunt): unknown telemetry '{}': neither an ATT&CK data component nor a log source",
                                       k + 1, h->telemetry),
                           hint.empty() ? "e.g. telemetry: DC0035, or WinEventLog:Sysmon:EventCode=10" : hint);
            }
            if (runs != Mode::purple && std::holds_alternative<cmd::RecordPurpleOutcome>(s.command))
                wrong_mode(k, s, "purple outcomes are recorded", "purple");
            if (const auto* d = std::get_if<cmd::Decide>(&s.command); d && runs == Mode::blue)
                if (const Team* t = sc.team(d->team); t && t->kind == TeamKind::red)
                    wrong_mode(k, s, "red team '" + d->team + "' takes its decisions", "red or purple");
        }
    } catch (const yaml::Abort&) {
        // More problems than the reader reports; the ones above stand.
    }
    return diags.items.size() == before;
}

} // namespace sim::script
