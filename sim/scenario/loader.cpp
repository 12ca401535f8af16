// sim/scenario/loader.cpp — ttx/1 YAML text -> Scenario, structure only.
//
// Three passes over hostile input, cheapest first:
//   1. bytes: size, NUL bytes, control characters, UTF-8 validity;
//   2. events: one streaming yaml-cpp parse that builds the node tree and
//      stops at the first nesting-depth, alias-count or string-length
//      violation, so a deep-nesting or alias bomb costs milliseconds;
//   3. the node tree: every key checked against the format, every value
//      against its type, with a visit budget that bounds alias expansion.
// Meaning (references, reachability, ATT&CK) is checked in validate.cpp.
#include "sim/scenario/loader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <regex>
#include <string_view>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "sim/scenario/limits.hpp"
#include "sim/scenario/posture.hpp"
#include "sim/scenario/suggest.hpp"
#include "sim/scenario/yaml_reader.hpp"
#include "sim/util/files.hpp"

namespace sim {

namespace {

namespace fs = std::filesystem;
using Keys = std::vector<std::string>;

using yaml::Abort;
using yaml::Fields;
using yaml::kind_name;
using yaml::mark_pos;
using yaml::pos;


template <class E>
Keys enum_names(std::initializer_list<E> all) {
    Keys k;
    for (E e : all) k.emplace_back(to_string(e));
    return k;
}

const Keys kActions = enum_names({Action::detect, Action::triage, Action::dismiss, Action::investigate,
                                  Action::escalate, Action::contain, Action::eradicate, Action::recover,
                                  Action::communicate, Action::hunt, Action::automate});
const Keys kTeamKinds = enum_names({TeamKind::red, TeamKind::blue, TeamKind::white, TeamKind::purple,
                                    TeamKind::observer});
const Keys kSeverities = enum_names({Severity::info, Severity::low, Severity::medium, Severity::high,
                                     Severity::critical});
const Keys kRatings = {"P", "S", "M", "U"};
const Keys kArtifactKinds = {"ioc", "log", "file", "note", "image"};
const Keys kStageKinds = {"attack", "response", "recovery"};
const Keys kCsfFunctions = {"govern", "identify", "protect", "detect", "respond", "recover"};
const Keys kTlp = {"clear", "green", "amber", "amber+strict", "red"};
// The 32 core capabilities of the US National Preparedness Goal, as HSEEP names them.
const Keys kCoreCapabilities = {
    "Planning", "Public Information and Warning", "Operational Coordination", "Forensics and Attribution",
    "Intelligence and Information Sharing", "Interdiction and Disruption", "Screening, Search, and Detection",
    "Access Control and Identity Verification", "Cybersecurity", "Physical Protective Measures",
    "Risk Management for Protection Programs and Activities", "Supply Chain Integrity and Security",
    "Community Resilience", "Long-term Vulnerability Reduction", "Risk and Disaster Resilience Assessment",
    "Threats and Hazards Identification", "Critical Transportation", "Environmental Response/Health and Safety",
    "Fatality Management Services", "Fire Management and Suppression", "Infrastructure Systems",
    "Logistics and Supply Chain Management", "Mass Care Services", "Mass Search and Rescue Operations",
    "On-scene Security, Protection, and Law Enforcement", "Operational Communications",
    "Public Health, Healthcare, and Emergency Medical Services", "Situational Assessment", "Economic Recovery",
    "Health and Social Services", "Housing", "Natural and Cultural Resources"};

// The capability an expectation scores when the author names none.
std::string default_capability(Action a) {
    switch (a) {
    case Action::detect: return "detection";
    case Action::triage: return "triage";
    case Action::dismiss: return "alert-quality";
    case Action::investigate: return "investigation";
    case Action::escalate: return "escalation";
    case Action::contain: return "containment";
    case Action::eradicate: return "eradication";
    case Action::recover: return "recovery";
    case Action::communicate: return "communication";
    case Action::hunt: return "threat-hunting";
    case Action::automate: return "automation";
    }
    return "triage";
}

class Reader : public yaml::YamlReader {
public:
    using YamlReader::YamlReader;

    Scenario read(const YAML::Node& root);

private:
    bool v18_ = false;
    Scenario s_;

    void note(const std::string& key, const YAML::Node& n) { s_.value_pos.emplace(key, pos(n)); }
    std::vector<std::string> text_list(const YAML::Node& n, const std::string& what,
                                       const std::string& pos_key = {}, bool ids = false);

    // -- entities --
    void read_attack(const YAML::Node& n);
    void read_roles(const YAML::Node& n);
    void read_capabilities(const YAML::Node& n);
    void read_teams(const YAML::Node& n);
    void read_objectives(const YAML::Node& n);
    void read_stages(const YAML::Node& n);
    std::optional<std::string> read_tactic(const YAML::Node& n);
    void read_injects(const YAML::Node& n);
    std::optional<Inject> read_inject(const YAML::Node& n);
    Condition read_condition(const YAML::Node& n, const std::string& owner, const std::string& what = "when");
    std::vector<std::string> fact_list(const YAML::Node& n, const std::string& what, const std::string& pos_key);
    std::optional<Artifact> read_artifact(const YAML::Node& n, const std::string& owner);
    std::optional<Expectation> read_expectation(const YAML::Node& n, const std::string& inject_id);
    std::optional<Decision> read_decision(const YAML::Node& n, const std::string& inject_id,
                                          const std::vector<std::string>& audience);
    std::optional<Option> read_option(const YAML::Node& n, const std::string& owner);
    void read_red_moves(const YAML::Node& n);
    // `list`: causes, alerts or hunt_finds (all {inject, delay} lists).
    void read_causes(const YAML::Node& n, const std::string& key, RedMove& m, const std::string& list = "causes");
    void read_endings(const YAML::Node& n);
    void read_metadata(const YAML::Node& n);
    void read_posture(const YAML::Node& n);
    // -- additions (exercise kit) --
    std::vector<Question> read_questions(const YAML::Node& n, const std::string& what);
    void read_frameworks(const Fields& f, FrameworkMapping& m);
    void read_story(const YAML::Node& n);
    void read_exercise(const YAML::Node& n);
    void read_feedback(const YAML::Node& n);
    std::optional<std::map<std::string, Rating>> read_rate(const YAML::Node& n, const std::string& owner);
    std::optional<std::int64_t> story_datetime(const YAML::Node& n, const std::string& what);
};

// posture: {profile: id[, uncertain: true]} or the lists inline (posture.hpp).
void Reader::read_posture(const YAML::Node& n) {
    Posture p;
    p.pos = pos(n);
    if (n.IsMap() && n["profile"]) {
        static const Keys kKeys = {"profile", "uncertain"};
        auto f = fields(n, kKeys, "a posture that names a profile");
        if (!f) return;
        if (auto v = ident(*get(*f, "profile"), "profile id")) p.profile = *v;
        p.profile_pos = pos(*get(*f, "profile"));
        if (auto* u = get(*f, "uncertain"))
            if (auto b = boolean(*u, "uncertain")) p.uncertain = *b;
    } else {
        read_posture_body(*this, n, {}, "the posture", p);
    }
    s_.posture = std::move(p);
}

std::vector<std::string> Reader::text_list(const YAML::Node& n, const std::string& what,
                                           const std::string& pos_key, bool ids) {
    std::vector<std::string> out;
    auto take = [&](const YAML::Node& item) {
        auto v = ids ? ident(item, what) : text(item, what);
        if (!v) return;
        if (!pos_key.empty()) note(pos_key + "#" + std::to_string(out.size()), item);
        out.push_back(*v);
    };
    if (n.IsScalar()) {
        take(n);
    } else if (n.IsSequence()) {
        for (const auto& item : n) {
            visit(item);
            take(item);
        }
    } else if (!n.IsNull()) {
        error(n, "type", what + " must be a value or a list of values, found " + kind_name(n));
    }
    return out;
}

// ---- top level -----------------------------------------------------------------

Scenario Reader::read(const YAML::Node& root) {
    // Another ttx file handed over as a scenario (a common slip: the decision
    // script beside it). One clear error instead of one per unknown key.
    if (root.IsMap() && root["format"] && root["format"].IsScalar()) {
        const std::string fmt = root["format"].Scalar();
        if (fmt.rfind("ttx-decisions/", 0) == 0) {
            error(root["format"], "bad-value", "this is a decision script (`format: " + fmt.substr(0, 40) + "`), not a scenario",
                  "give the scenario it plays instead, and the script with `ttx run SCENARIO --decisions FILE`");
            return std::move(s_);
        }
    }
    static const Keys kTop = {"format", "id",    "title",        "version", "summary", "authors",
                              "tags",   "duration", "audience",  "attack",  "roles",   "capabilities",
                              "teams",  "objectives", "stages",  "injects", "red_moves", "endings",
                              "metadata", "posture", "story",  "exercise", "feedback"};
    s_.roles = builtin_roles();
    s_.capabilities = builtin_capabilities();
    auto f = fields(root, kTop, "the scenario");
    if (!f) return std::move(s_);

    if (require(*f, root, "format", "the scenario")) {
        if (auto v = text(*get(*f, "format"), "format"); v) {
            if (*v != "ttx/1")
                error(*get(*f, "format"), "bad-value", "unsupported format '" + v->substr(0, 40) + "'",
                      "this version of ttx reads `format: ttx/1`");
            else
                s_.format = *v;
        }
    }
    if (require(*f, root, "id", "the scenario"))
        if (auto v = ident(*get(*f, "id"), "scenario id")) s_.id = *v;
    if (require(*f, root, "title", "the scenario"))
        if (auto v = text(*get(*f, "title"), "title")) s_.title = *v;
    if (auto* n = get(*f, "version"))
        if (auto v = text(*n, "version")) s_.version = *v;
    if (auto* n = get(*f, "summary"))
        if (auto v = text(*n, "summary")) s_.summary = *v;
    if (auto* n = get(*f, "authors")) s_.authors = text_list(*n, "authors");
    if (auto* n = get(*f, "tags")) s_.tags = text_list(*n, "tags");
    if (auto* n = get(*f, "audience")) s_.audience = text_list(*n, "audience");
    if (auto* n = get(*f, "duration")) {
        if (auto d = duration(*n, "duration")) s_.duration = *d;
        note("duration", *n);
    }
    // Order matters: tactics depend on the ATT&CK version, references on nothing.
    if (auto* n = get(*f, "attack")) read_attack(*n);
    if (auto* n = get(*f, "roles")) read_roles(*n);
    if (auto* n = get(*f, "capabilities")) read_capabilities(*n);
    if (auto* n = get(*f, "teams")) read_teams(*n);
    if (auto* n = get(*f, "objectives")) read_objectives(*n);
    if (auto* n = get(*f, "stages")) read_stages(*n);
    if (f->count("injects")) note("injects", f->at("injects").key);
    if (auto* n = get(*f, "injects")) read_injects(*n);
    if (auto* n = get(*f, "red_moves")) read_red_moves(*n);
    if (auto* n = get(*f, "endings")) read_endings(*n);
    if (auto* n = get(*f, "metadata")) read_metadata(*n);
    if (auto* n = get(*f, "posture")) read_posture(*n);
    if (auto* n = get(*f, "story")) read_story(*n);
    if (auto* n = get(*f, "exercise")) read_exercise(*n);
    if (auto* n = get(*f, "feedback")) read_feedback(*n);
    return std::move(s_);
}

void Reader::read_attack(const YAML::Node& n) {
    static const Keys kKeys = {"domain", "version"};
    auto f = fields(n, kKeys, "attack");
    if (!f) return;
    s_.attack.pos = pos(n);
    if (auto* d = get(*f, "domain")) {
        if (auto v = text(*d, "attack domain")) {
            if (*v != "enterprise-attack")
                error(*d, "bad-value", "unsupported ATT&CK domain '" + v->substr(0, 40) + "'",
                      "allowed: enterprise-attack");
            else
                s_.attack.domain = *v;
        }
    }
    if (auto* vn = get(*f, "version")) {
        if (auto v = text(*vn, "attack version")) {
            static const std::regex kVersion("(18|19)(\\.[0-9]+)?");
            std::smatch m;
            if (!std::regex_match(*v, m, kVersion)) {
                error(*vn, "bad-value", "unsupported ATT&CK version '" + v->substr(0, 40) + "'",
                      "write version: \"19.1\" (current) or \"18.1\" (v18 tactics are mapped onto v19)");
            } else {
                s_.attack.version = *v;
                v18_ = m[1] == "18";
            }
        }
    }
}

void Reader::read_roles(const YAML::Node& n) {
    static const Keys kKeys = {"id", "name", "description"};
    for (const auto& item : items(n, "roles")) {
        auto f = fields(item, kKeys, "a role");
        if (!f || !require(*f, item, "id", "a role")) continue;
        Role r;
        r.pos = pos(item);
        auto id = ident(*get(*f, "id"), "role id");
        if (!id) continue;
        r.id = *id;
        r.name = r.id;
        if (auto* x = get(*f, "name"))
            if (auto v = text(*x, "role name")) r.name = *v;
        if (auto* x = get(*f, "description"))
            if (auto v = text(*x, "role description")) r.description = *v;
        s_.roles.push_back(std::move(r));
    }
}

void Reader::read_capabilities(const YAML::Node& n) {
    static const Keys kKeys = {"id", "name", "csf", "core_capabilities"};
    for (const auto& item : items(n, "capabilities")) {
        auto f = fields(item, kKeys, "a capability");
        if (!f || !require(*f, item, "id", "a capability")) continue;
        Capability c;
        c.pos = pos(item);
        auto id = ident(*get(*f, "id"), "capability id");
        if (!id) continue;
        c.id = *id;
        c.name = c.id;
        if (auto* x = get(*f, "name"))
            if (auto v = text(*x, "capability name")) c.name = *v;
        read_frameworks(*f, c.frameworks);
        s_.capabilities.push_back(std::move(c));
    }
}

void Reader::read_teams(const YAML::Node& n) {
    static const Keys kKeys = {"id", "name", "kind", "roles"};
    for (const auto& item : items(n, "teams")) {
        auto f = fields(item, kKeys, "a team");
        if (!f || !require(*f, item, "id", "a team")) continue;
        Team t;
        t.pos = pos(item);
        auto id = ident(*get(*f, "id"), "team id");
        if (!id) continue;
        t.id = *id;
        t.name = t.id;
        const std::string owner = "teams." + t.id;
        if (auto* x = get(*f, "name"))
            if (auto v = text(*x, "team name")) t.name = *v;
        if (auto* x = get(*f, "kind"))
            if (auto k = choice<TeamKind>(*x, "team kind", kTeamKinds, parse_team_kind)) t.kind = *k;
        if (auto* x = get(*f, "roles")) t.roles = text_list(*x, "team roles", owner + ".roles", true);
        s_.teams.push_back(std::move(t));
    }
}

void Reader::read_objectives(const YAML::Node& n) {
    static const Keys kKeys = {"id", "text", "capability", "weight", "hotwash", "csf", "core_capabilities"};
    for (const auto& item : items(n, "objectives")) {
        auto f = fields(item, kKeys, "an objective");
        if (!f || !require(*f, item, "id", "an objective") || !require(*f, item, "text", "an objective")) continue;
        Objective o;
        o.pos = pos(item);
        auto id = ident(*get(*f, "id"), "objective id");
        if (!id) continue;
        o.id = *id;
        if (auto v = text(*get(*f, "text"), "objective text")) o.text = *v;
        if (auto* x = get(*f, "capability")) {
            if (auto v = ident(*x, "objective capability")) o.capability = *v;
            note("objectives." + o.id + ".capability", *x);
        }
        if (auto* x = get(*f, "weight"))
            if (auto w = weight(*x, "objective weight")) o.weight = *w;
        if (auto* x = get(*f, "hotwash")) o.hotwash = read_questions(*x, "hotwash question");
        read_frameworks(*f, o.frameworks);
        s_.objectives.push_back(std::move(o));
    }
}

std::optional<std::string> Reader::read_tactic(const YAML::Node& n) {
    auto t = text(n, "stage tactic");
    if (!t) return std::nullopt;
    const auto& cat = attack::builtin_catalog();
    std::string name = *t;
    const bool evasion = name == "defense-evasion";
    if (evasion && !v18_) {
        error(n, "bad-value",
              "tactic 'defense-evasion' does not exist in ATT&CK v" + s_.attack.version +
                  ": v19 split it into 'stealth' and 'defense-impairment'",
              "write tactic: stealth (hiding) or tactic: defense-impairment (disabling defences), "
              "or declare attack: {version: \"18.1\"}");
        return std::nullopt;
    }
    if (v18_ && !evasion) {
        // Identity for tactics v19 kept; TA ids pass through unchanged.
        if (auto mapped = attack::map_v18_tactic(name); !mapped.empty()) name = mapped.front();
    } else if (evasion) {
        name = "stealth";  // what most v18 defense-evasion techniques became
    }
    if (const auto* tac = cat.tactic(name)) return tac->shortname;
    Keys names;
    for (const auto& tac : cat.tactics()) names.push_back(tac.shortname);
    std::string hint = "allowed: " + join(names) + " (or their TA ids)";
    if (auto near = did_you_mean(*t, names); !near.empty()) hint = near + " " + hint;
    error(n, "bad-value", "unknown ATT&CK tactic '" + t->substr(0, 40) + "'", hint);
    return std::nullopt;
}

void Reader::read_stages(const YAML::Node& n) {
    static const Keys kKeys = {"id", "tactic", "title", "narrative", "kind", "questions"};
    for (const auto& item : items(n, "stages")) {
        auto f = fields(item, kKeys, "a stage");
        if (!f || !require(*f, item, "id", "a stage")) continue;
        Stage st;
        st.pos = pos(item);
        if (auto* x = get(*f, "kind"))
            if (auto k = choice<StageKind>(*x, "stage kind", kStageKinds, parse_stage_kind)) st.kind = *k;
        // An attack stage is an ATT&CK tactic; response and recovery modules are not.
        if (st.kind == StageKind::attack) {
            if (!require(*f, item, "tactic", "an attack stage")) continue;
        } else if (auto* x = get(*f, "tactic")) {
            error(*x, "bad-value",
                  std::string("a ") + to_string(st.kind) + " stage has no ATT&CK tactic",
                  "drop `tactic:`, or make it an attack stage (kind: attack, the default)");
        }
        auto id = ident(*get(*f, "id"), "stage id");
        if (!id) continue;
        st.id = *id;
        if (auto* x = get(*f, "tactic"); x && st.kind == StageKind::attack) {
            note("stages." + st.id + ".tactic", *x);
            if (auto t = read_tactic(*x)) st.tactic = *t;
        }
        if (auto* x = get(*f, "questions")) st.questions = read_questions(*x, "stage question");
        if (auto* x = get(*f, "title"))
            if (auto v = text(*x, "stage title")) st.title = *v;
        if (auto* x = get(*f, "narrative"))
            if (auto v = text(*x, "stage narrative")) st.narrative = *v;
        s_.stages.push_back(std::move(st));
    }
}

void Reader::read_injects(const YAML::Node& n) {
    for (const auto& item : items(n, "injects", limits::kMaxInjects,
                                  "split the exercise into several scenarios"))
        if (auto inj = read_inject(item)) s_.injects.push_back(std::move(*inj));
}

// Flag ids, or red-move facts written "stage/move" (both parts ids).
std::vector<std::string> Reader::fact_list(const YAML::Node& n, const std::string& what, const std::string& pos_key) {
    std::vector<std::string> out = text_list(n, what, pos_key, false);
    std::vector<std::string> kept;
    for (std::size_t k = 0; k < out.size(); ++k) {
        const std::string& v = out[k];
        const auto slash = v.find('/');
        // A move's id defaults to its technique id, so the move part may hold a dot.
        auto ok = [](const std::string& part, bool dot) {
            return !part.empty() && part.size() <= 64 && std::isalnum(static_cast<unsigned char>(part.front())) &&
                   std::all_of(part.begin(), part.end(), [&](unsigned char ch) {
                       return std::isalnum(ch) || ch == '-' || ch == '_' || (dot && ch == '.');
                   });
        };
        const bool good = slash == std::string::npos ? ok(v, false)
                                                     : ok(v.substr(0, slash), false) && ok(v.substr(slash + 1), true);
        if (!good) {
            error_at(s_.pos_of(pos_key + "#" + std::to_string(k), pos(n)), "bad-id",
                     "'" + v.substr(0, 70) + "' in " + what + " is neither a flag id nor a red move written stage/move",
                     "flags are ids (letters, digits, - and _); a red move is its stage and id: p3/dcsync");
            continue;
        }
        kept.push_back(v);
    }
    return kept;                        // a bad item is an error: semantic checks will not run
}

Condition Reader::read_condition(const YAML::Node& n, const std::string& owner, const std::string& what) {
    Condition c;
    c.pos = pos(n);
    const std::string key = owner + "." + what;
    // Shorthands: `when: flag` and `when: [a, b]` mean `when: {all: [...]}`.
    if (n.IsScalar() || n.IsSequence()) {
        c.all = fact_list(n, what, key + ".all");
        return c;
    }
    static const Keys kKeys = {"all", "any", "not"};
    auto f = fields(n, kKeys, what);
    if (!f) return c;
    if (auto* x = get(*f, "all")) c.all = fact_list(*x, what + ".all", key + ".all");
    if (auto* x = get(*f, "any")) c.any = fact_list(*x, what + ".any", key + ".any");
    if (auto* x = get(*f, "not")) c.none = fact_list(*x, what + ".not", key + ".not");
    return c;
}

std::optional<Artifact> Reader::read_artifact(const YAML::Node& n, const std::string& owner) {
    static const Keys kKeys = {"kind", "type", "value", "path", "label"};
    auto f = fields(n, kKeys, "an artifact");
    if (!f || !require(*f, n, "kind", "an artifact")) return std::nullopt;
    Artifact a;
    a.pos = pos(n);
    auto kind = text(*get(*f, "kind"), "artifact kind");
    if (!kind) return std::nullopt;
    const std::optional<ArtifactKind> parsed = parse_artifact_kind(*kind);
    if (!parsed) {
        std::string hint = "allowed: " + join(kArtifactKinds);
        if (auto near = did_you_mean(*kind, kArtifactKinds); !near.empty()) hint = near + " " + hint;
        error(*get(*f, "kind"), "bad-value", "unknown artifact kind '" + kind->substr(0, 40) + "'", hint);
        return std::nullopt;
    }
    a.kind = *parsed;
    if (auto* x = get(*f, "type"))
        if (auto v = text(*x, "artifact type")) a.type = *v;
    if (auto* x = get(*f, "value"))
        if (auto v = text(*x, "artifact value")) a.value = *v;
    if (auto* x = get(*f, "path")) {
        if (auto v = text(*x, "artifact path")) a.path = *v;
        note(owner + ".path", *x);
    }
    if (auto* x = get(*f, "label"))
        if (auto v = text(*x, "artifact label")) a.label = *v;
    bool ok = true;
    switch (a.kind) {
    case ArtifactKind::ioc: ok = require(*f, n, "type", "an ioc artifact") & require(*f, n, "value", "an ioc artifact"); break;
    case ArtifactKind::file: ok = require(*f, n, "path", "a file artifact"); break;
    case ArtifactKind::image: {
        ok = require(*f, n, "path", "an image artifact");
        const auto dot = a.path.rfind('.');
        std::string ext = dot == std::string::npos ? std::string() : a.path.substr(dot);
        for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (ext == ".png") a.media_type = "image/png";
        else if (ext == ".jpg" || ext == ".jpeg") a.media_type = "image/jpeg";
        else if (ext == ".svg") a.media_type = "image/svg+xml";
        else if (ok) {
            error(*get(*f, "path"), "bad-value", "image '" + a.path.substr(0, 80) + "' is not a PNG, JPEG or SVG file",
                  "an image artifact's path ends in .png, .jpg, .jpeg or .svg; attach other files as kind: file");
            ok = false;
        }
        break;
    }
    case ArtifactKind::log:
    case ArtifactKind::note: ok = require(*f, n, "value", "a " + *kind + " artifact"); break;
    }
    if (!ok) return std::nullopt;
    return a;
}

std::optional<Expectation> Reader::read_expectation(const YAML::Node& n, const std::string& inject_id) {
    static const Keys kKeys = {"id", "action", "by", "within", "capability", "objective", "weight", "task", "guidance"};
    auto f = fields(n, kKeys, "an expectation");
    if (!f) return std::nullopt;
    bool ok = require(*f, n, "id", "an expectation");
    ok = require(*f, n, "action", "an expectation") && ok;
    ok = require(*f, n, "by", "an expectation") && ok;
    if (!ok) return std::nullopt;
    Expectation e;
    e.pos = pos(n);
    e.inject = inject_id;
    auto id = ident(*get(*f, "id"), "expectation id");
    auto action = choice<Action>(*get(*f, "action"), "action", kActions, parse_action);
    auto by = ident(*get(*f, "by"), "expectation 'by'");
    if (!id || !action || !by) return std::nullopt;
    e.id = *id;
    e.action = *action;
    e.by = *by;
    const std::string owner = "injects." + inject_id + ".expect." + e.id;
    note(owner + ".by", *get(*f, "by"));
    note(owner + ".action", *get(*f, "action"));
    e.capability = default_capability(e.action);
    if (auto* x = get(*f, "within"))
        if (auto d = duration(*x, "within")) e.within = *d;
    if (auto* x = get(*f, "capability")) {
        if (auto v = ident(*x, "expectation capability")) e.capability = *v;
        note(owner + ".capability", *x);
    }
    if (auto* x = get(*f, "objective")) {
        if (auto v = ident(*x, "expectation objective")) e.objective = *v;
        note(owner + ".objective", *x);
    }
    if (auto* x = get(*f, "weight"))
        if (auto w = weight(*x, "expectation weight")) e.weight = *w;
    if (auto* x = get(*f, "task"))
        if (auto v = text(*x, "expectation task")) e.task = *v;
    if (auto* x = get(*f, "guidance")) {
        // guidance: {P: ..., S: ..., M: ..., U: ...}: what earns each rating.
        if (auto g = fields(*x, kRatings, "guidance"))
            for (const auto& [k, fld] : *g)
                if (auto v = text(fld.value, "guidance for " + k)) e.guidance[*parse_rating(k)] = *v;
    }
    return e;
}

std::optional<Option> Reader::read_option(const YAML::Node& n, const std::string& decision_owner) {
    static const Keys kKeys = {"id", "label", "description", "automated", "set", "clear", "rate", "goto", "end",
                               "rate_when"};
    auto f = fields(n, kKeys, "a decision option");
    if (!f) return std::nullopt;
    bool ok = require(*f, n, "id", "a decision option");
    ok = require(*f, n, "label", "a decision option") && ok;
    if (!ok) return std::nullopt;
    Option o;
    o.pos = pos(n);
    auto id = ident(*get(*f, "id"), "option id");
    if (!id) return std::nullopt;
    o.id = *id;
    const std::string owner = decision_owner + ".options." + o.id;
    if (auto v = text(*get(*f, "label"), "option label")) o.label = *v;
    if (auto* x = get(*f, "description"))
        if (auto v = text(*x, "option description")) o.description = *v;
    if (auto* x = get(*f, "automated"))
        if (auto b = boolean(*x, "automated")) o.automated = *b;
    if (auto* x = get(*f, "set")) o.set = text_list(*x, "set", owner + ".set", true);
    if (auto* x = get(*f, "clear")) o.clear = text_list(*x, "clear", owner + ".clear", true);
    if (auto* x = get(*f, "goto")) o.go_to = text_list(*x, "goto", owner + ".goto", true);
    if (auto* x = get(*f, "end")) {
        if (auto v = ident(*x, "option end")) o.end = *v;
        note(owner + ".end", *x);
    }
    if (auto* x = get(*f, "rate"))
        if (auto r = read_rate(*x, owner + ".rate")) o.rate = std::move(*r);
    if (auto* x = get(*f, "rate_when")) {
        static const Keys kRule = {"when", "rate"};
        int k = 0;
        for (const auto& item : items(*x, "rate_when")) {
            const std::string key = owner + ".rate_when#" + std::to_string(k++);
            auto rf = fields(item, kRule, "a rate_when entry");
            if (!rf) continue;
            bool good = require(*rf, item, "when", "a rate_when entry");
            good = require(*rf, item, "rate", "a rate_when entry") && good;
            if (!good) continue;
            ConditionalRating cr;
            cr.pos = pos(item);
            cr.when = read_condition(*get(*rf, "when"), key);
            if (auto r = read_rate(*get(*rf, "rate"), key + ".rate")) cr.rate = std::move(*r);
            o.rate_when.push_back(std::move(cr));
        }
    }
    return o;
}

std::optional<Decision> Reader::read_decision(const YAML::Node& n, const std::string& inject_id,
                                              const std::vector<std::string>& audience) {
    static const Keys kKeys = {"prompt", "by", "timeout", "default", "options", "sign_off"};
    auto f = fields(n, kKeys, "a decision");
    if (!f) return std::nullopt;
    bool ok = require(*f, n, "prompt", "a decision");
    ok = require(*f, n, "options", "a decision") && ok;
    if (!ok) return std::nullopt;
    Decision d;
    d.pos = pos(n);
    const std::string owner = "injects." + inject_id + ".decision";
    if (auto v = text(*get(*f, "prompt"), "decision prompt")) d.prompt = *v;
    d.by = audience;
    if (auto* x = get(*f, "by")) d.by = text_list(*x, "decision 'by'", owner + ".by", true);
    if (auto* x = get(*f, "timeout"))
        if (auto t = duration(*x, "timeout")) d.timeout = *t;
    if (auto* x = get(*f, "sign_off")) {
        d.sign_off = text_list(*x, "sign_off", owner + ".sign_off", true);
        if (d.sign_off.size() == 1)
            error(*x, "bad-value", "a joint sign-off needs at least two teams or roles",
                  "list both, e.g. sign_off: [legal, dpo]; one party deciding alone is written by: " + d.sign_off[0]);
    }
    if (auto* x = get(*f, "default")) {
        if (auto v = ident(*x, "default option")) d.default_option = *v;
        note(owner + ".default", *x);
    }
    const YAML::Node& opts = *get(*f, "options");
    auto list = items(opts, "options", limits::kMaxOptions, "a decision offers at most " +
                                                                std::to_string(limits::kMaxOptions) + " options");
    if (list.empty() && !opts.IsSequence()) return std::nullopt;
    if (opts.IsSequence() && opts.size() == 0) {
        error(opts, "bad-value", "a decision needs at least one option");
        return std::nullopt;
    }
    for (const auto& item : list)
        if (auto o = read_option(item, owner)) d.options.push_back(std::move(*o));
    return d;
}

std::optional<Inject> Reader::read_inject(const YAML::Node& n) {
    static const Keys kKeys = {"id",    "stage",     "at",        "after",   "delay",   "when",    "to",
                               "channel", "source",  "severity",  "title",   "body",    "artifacts",
                               "techniques", "benign", "hunting", "expect",  "decision", "end",
                               "questions", "set", "clear", "jump", "story_at"};
    auto f = fields(n, kKeys, "an inject");
    if (!f) return std::nullopt;
    bool ok = require(*f, n, "id", "an inject");
    ok = require(*f, n, "stage", "an inject") && ok;
    ok = require(*f, n, "to", "an inject") && ok;
    ok = require(*f, n, "title", "an inject") && ok;
    if (!ok) return std::nullopt;
    Inject inj;
    inj.pos = pos(n);
    inj.trigger.pos = inj.pos;
    auto id = ident(*get(*f, "id"), "inject id");
    if (!id) return std::nullopt;
    inj.id = *id;
    const std::string owner = "injects." + inj.id;
    if (auto v = ident(*get(*f, "stage"), "inject stage")) inj.stage = *v;
    note(owner + ".stage", *get(*f, "stage"));
    inj.to = text_list(*get(*f, "to"), "to", owner + ".to", true);
    if (auto v = text(*get(*f, "title"), "inject title")) inj.title = *v;

    if (auto* x = get(*f, "at")) {
        if (auto t = offset(*x, "at")) inj.trigger.at = *t;
        note(owner + ".at", *x);
    }
    if (auto* x = get(*f, "after")) {
        if (auto v = text(*x, "after")) {
            // <id> or <id>.<id>
            const std::string_view a(*v);
            const auto dot = a.find('.');
            const bool well_formed = dot == std::string_view::npos
                                         ? yaml::is_id(a)
                                         : yaml::is_id(a.substr(0, dot)) && yaml::is_id(a.substr(dot + 1));
            if (v->size() > 2 * limits::kMaxIdLength + 1 || !well_formed)
                error(*x, "bad-value", "malformed 'after: " + v->substr(0, 80) + "'",
                      "write after: <inject-id> (delivered) or after: <inject-id>.<option-id> (option chosen)");
            else
                inj.trigger.after = *v;
        }
        note(owner + ".after", *x);
    }
    if (auto* x = get(*f, "delay")) {
        if (auto d = duration(*x, "delay")) inj.trigger.delay = *d;
        if (!get(*f, "after"))
            error(*x, "bad-value", "'delay' counts from 'after', which this inject does not have",
                  "add after: <inject-id> or fold the delay into at: +HH:MM");
    }
    if (auto* x = get(*f, "when")) inj.trigger.when = read_condition(*x, owner);
    if (auto* x = get(*f, "channel")) {
        if (auto v = ident(*x, "channel")) inj.channel = *v;
    }
    if (auto* x = get(*f, "source"))
        if (auto v = text(*x, "source")) inj.source = *v;
    if (auto* x = get(*f, "severity"))
        if (auto v = choice<Severity>(*x, "severity", kSeverities, parse_severity)) inj.severity = *v;
    if (auto* x = get(*f, "body"))
        if (auto v = text(*x, "body")) inj.body = *v;
    if (auto* x = get(*f, "artifacts")) {
        int i = 0;
        for (const auto& item : items(*x, "artifacts"))
            if (auto a = read_artifact(item, owner + ".artifacts#" + std::to_string(i++))) inj.artifacts.push_back(std::move(*a));
    }
    if (auto* x = get(*f, "techniques")) inj.techniques = text_list(*x, "techniques", owner + ".techniques");
    if (auto* x = get(*f, "benign"))
        if (auto b = boolean(*x, "benign")) inj.benign = *b;
    if (auto* x = get(*f, "hunting")) inj.hunting = text_list(*x, "hunting");
    if (auto* x = get(*f, "expect"))
        for (const auto& item : items(*x, "expect"))
            if (auto e = read_expectation(item, inj.id)) inj.expect.push_back(std::move(*e));
    if (auto* x = get(*f, "decision")) inj.decision = read_decision(*x, inj.id, inj.to);
    if (auto* x = get(*f, "end")) {
        if (auto v = ident(*x, "inject end")) inj.end = *v;
        note(owner + ".end", *x);
    }
    if (auto* x = get(*f, "questions")) inj.questions = read_questions(*x, "inject question");
    if (auto* x = get(*f, "set")) inj.set = text_list(*x, "set", owner + ".set", true);
    if (auto* x = get(*f, "clear")) inj.clear = text_list(*x, "clear", owner + ".clear", true);
    if (auto* x = get(*f, "jump")) {
        note(owner + ".jump", *x);
        if (auto v = text(*x, "jump")) {
            if (auto t = parse_story_span(*v)) inj.jump = *t;
            else
                error(*x, "bad-value", "malformed jump '" + v->substr(0, 40) + "'",
                      "write a story span, largest unit first: 3d, 12d, 2d4h, 90m");
        }
    }
    if (auto* x = get(*f, "story_at")) {
        note(owner + ".story_at", *x);
        if (auto t = story_datetime(*x, "story_at")) inj.story_at = *t;
        if (get(*f, "jump"))
            error(*x, "bad-value", "an inject moves the story by `jump` or to `story_at`, not both",
                  "keep one of them");
    }
    return inj;
}

void Reader::read_red_moves(const YAML::Node& n) {
    static const Keys kKeys = {"id",     "technique", "description", "observable", "requires",   "blocked_by",
                               "causes", "alerts",    "hunt_finds",  "stopped_by", "revealed_by"};
    if (!n.IsMap()) {
        error(n, "type", "red_moves must be a map of stage id to a list of moves, found " + std::string(kind_name(n)),
              "e.g. red_moves: {s4: [{technique: T1021.001, observable: ...}]}");
        return;
    }
    for (auto it = n.begin(); it != n.end(); ++it) {
        visit(it->first);
        auto stage = ident(it->first, "red_moves stage");
        if (!stage) continue;
        if (s_.red_moves.count(*stage)) {
            error(it->first, "duplicate-key", "stage '" + *stage + "' appears twice in red_moves",
                  "merge the two lists");
            continue;
        }
        const std::string owner = "red_moves." + *stage;
        note(owner, it->first);
        auto& moves = s_.red_moves[*stage];
        int i = 0;
        for (const auto& item : items(it->second, "red moves of stage '" + *stage + "'")) {
            const std::string key = owner + "#" + std::to_string(i++);
            auto f = fields(item, kKeys, "a red move");
            if (!f || !require(*f, item, "technique", "a red move")) continue;
            RedMove m;
            m.pos = pos(item);
            if (auto v = text(*get(*f, "technique"), "red move technique")) m.technique = *v;
            note(key + ".technique", *get(*f, "technique"));
            m.id = m.technique;
            if (auto* x = get(*f, "id")) {
                if (auto v = ident(*x, "red move id")) m.id = *v;
                note(key + ".id", *x);
            }
            if (auto* x = get(*f, "description"))
                if (auto v = text(*x, "red move description")) m.description = *v;
            if (auto* x = get(*f, "observable"))
                if (auto v = text(*x, "red move observable")) m.observable = *v;
            if (auto* x = get(*f, "requires")) m.prerequisites = read_condition(*x, key, "requires");
            if (auto* x = get(*f, "blocked_by")) m.blocked_by = fact_list(*x, "blocked_by", key + ".blocked_by");
            if (auto* x = get(*f, "causes")) read_causes(*x, key, m);
            if (auto* x = get(*f, "alerts")) read_causes(*x, key, m, "alerts");
            if (auto* x = get(*f, "hunt_finds")) read_causes(*x, key, m, "hunt_finds");
            if (auto* x = get(*f, "stopped_by")) m.stopped_by = fact_list(*x, "stopped_by", key + ".stopped_by");
            if (auto* x = get(*f, "revealed_by")) m.revealed_by = fact_list(*x, "revealed_by", key + ".revealed_by");
            moves.push_back(std::move(m));
        }
    }
}

// causes: [inject-id, {inject: id, delay: 5m}, ...]
void Reader::read_causes(const YAML::Node& n, const std::string& key, RedMove& m, const std::string& which) {
    static const Keys kKeys = {"inject", "delay"};
    auto& out = which == "alerts" ? m.alerts : which == "hunt_finds" ? m.hunt_finds : m.causes;
    std::vector<YAML::Node> list;
    if (n.IsScalar()) list.push_back(n);
    else list = items(n, which);
    for (const auto& item : list) {
        MoveCause c;
        c.pos = pos(item);
        const std::string at = key + "." + which + "#" + std::to_string(out.size());
        if (item.IsScalar()) {
            auto v = ident(item, "inject in causes");
            if (!v) continue;
            c.inject = *v;
            note(at, item);
        } else {
            auto f = fields(item, kKeys, "a cause");
            if (!f || !require(*f, item, "inject", "a cause")) continue;
            auto v = ident(*get(*f, "inject"), "inject in causes");
            if (!v) continue;
            c.inject = *v;
            note(at, *get(*f, "inject"));
            if (auto* d = get(*f, "delay"))
                if (auto t = duration(*d, "cause delay")) c.delay = *t;
        }
        out.push_back(std::move(c));
    }
}

void Reader::read_endings(const YAML::Node& n) {
    static const Keys kKeys = {"id", "title", "summary"};
    for (const auto& item : items(n, "endings")) {
        auto f = fields(item, kKeys, "an ending");
        if (!f || !require(*f, item, "id", "an ending") || !require(*f, item, "title", "an ending")) continue;
        Ending e;
        e.pos = pos(item);
        auto id = ident(*get(*f, "id"), "ending id");
        if (!id) continue;
        e.id = *id;
        if (auto v = text(*get(*f, "title"), "ending title")) e.title = *v;
        if (auto* x = get(*f, "summary"))
            if (auto v = text(*x, "ending summary")) e.summary = *v;
        s_.endings.push_back(std::move(e));
    }
}

// metadata: {sources: [...], todo: [...]} — what `ttx import` records.
void Reader::read_metadata(const YAML::Node& n) {
    static const Keys kKeys = {"sources", "todo"};
    static const Keys kSourceKeys = {"file", "kind", "sha256", "attack_version", "objects"};
    static const Keys kTodoKeys = {"need", "at", "note"};
    static const Keys kNeeds = {"expect", "options", "technique", "timing"};
    auto f = fields(n, kKeys, "metadata");
    if (!f) return;
    if (auto* list = get(*f, "sources")) {
        for (const auto& item : items(*list, "metadata sources")) {
            auto g = fields(item, kSourceKeys, "a metadata source");
            if (!g || !require(*g, item, "file", "a metadata source")) continue;
            ImportSource src;
            src.pos = pos(item);
            auto str = [&](const char* key, std::string& out) {
                if (auto* x = get(*g, key))
                    if (auto v = text(*x, key)) out = *v;
            };
            str("file", src.file);
            str("kind", src.kind);
            str("sha256", src.sha256);
            str("attack_version", src.attack_version);
            if (auto* objs = get(*g, "objects")) {
                if (!objs->IsMap()) {
                    error(*objs, "type", "metadata objects must be a map of scenario id to source object");
                } else {
                    for (const auto& kv : *objs) {
                        visit(kv.second);
                        auto k = text(kv.first, "object key");
                        auto v = text(kv.second, "source object");
                        if (k && v) src.objects.emplace_back(*k, *v);
                    }
                }
            }
            s_.sources.push_back(std::move(src));
        }
    }
    if (auto* list = get(*f, "todo")) {
        for (const auto& item : items(*list, "metadata todo")) {
            auto g = fields(item, kTodoKeys, "a todo");
            if (!g || !require(*g, item, "need", "a todo") || !require(*g, item, "at", "a todo")) continue;
            Todo t;
            t.pos = pos(item);
            auto need = text(*get(*g, "need"), "todo need");
            if (!need) continue;
            if (std::find(kNeeds.begin(), kNeeds.end(), *need) == kNeeds.end()) {
                error(*get(*g, "need"), "bad-value", "unknown todo need '" + need->substr(0, 40) + "'",
                      "allowed: " + join(kNeeds));
                continue;
            }
            t.need = *need;
            if (auto v = text(*get(*g, "at"), "todo at")) t.at = *v;
            if (auto* x = get(*g, "note"))
                if (auto v = text(*x, "todo note")) t.note = *v;
            s_.todos.push_back(std::move(t));
        }
    }
}
// ---- additions for the exercise kit ---------------------------------------------------

// questions: ["text", {text: ..., points: [...]}, ...]
std::vector<Question> Reader::read_questions(const YAML::Node& n, const std::string& what) {
    static const Keys kKeys = {"text", "points"};
    std::vector<Question> out;
    for (const auto& item : items(n, what + "s")) {
        Question q;
        q.pos = pos(item);
        if (item.IsScalar()) {
            if (auto v = text(item, what)) q.text = *v;
            else continue;
        } else {
            auto f = fields(item, kKeys, "a " + what);
            if (!f || !require(*f, item, "text", "a " + what)) continue;
            if (auto v = text(*get(*f, "text"), what)) q.text = *v;
            if (auto* x = get(*f, "points")) q.points = text_list(*x, "points");
        }
        out.push_back(std::move(q));
    }
    return out;
}

void Reader::read_frameworks(const Fields& f, FrameworkMapping& m) {
    if (auto* x = get(f, "csf")) {
        for (const auto& v : text_list(*x, "csf")) {
            if (std::find(kCsfFunctions.begin(), kCsfFunctions.end(), v) != kCsfFunctions.end()) {
                m.csf.push_back(v);
                continue;
            }
            std::string hint = "NIST CSF 2.0 functions: " + join(kCsfFunctions);
            if (auto near = did_you_mean(v, kCsfFunctions); !near.empty()) hint = near + " " + hint;
            error(*x, "bad-value", "unknown CSF function '" + v.substr(0, 40) + "'", hint);
        }
    }
    if (auto* x = get(f, "core_capabilities")) {
        for (const auto& v : text_list(*x, "core_capabilities")) {
            if (std::find(kCoreCapabilities.begin(), kCoreCapabilities.end(), v) != kCoreCapabilities.end()) {
                m.core_capabilities.push_back(v);
                continue;
            }
            std::string hint = did_you_mean(v, kCoreCapabilities);
            if (hint.empty()) hint = "write a core capability as HSEEP names it, e.g. Cybersecurity, Operational Coordination";
            error(*x, "bad-value", "unknown core capability '" + v.substr(0, 60) + "'", hint);
        }
    }
}

std::optional<std::int64_t> Reader::story_datetime(const YAML::Node& n, const std::string& what) {
    auto v = text(n, what);
    if (!v) return std::nullopt;
    if (auto t = parse_story_datetime(*v)) return t;
    error(n, "bad-value", "malformed " + what + " '" + v->substr(0, 40) + "'",
          "write a real date and a 24-hour time: \"2024-09-24 07:30\"");
    return std::nullopt;
}

void Reader::read_story(const YAML::Node& n) {
    static const Keys kKeys = {"start", "zone"};
    auto f = fields(n, kKeys, "story");
    if (!f || !require(*f, n, "start", "story")) return;
    s_.story.pos = pos(n);
    if (auto t = story_datetime(*get(*f, "start"), "story start")) s_.story.start = *t;
    if (auto* x = get(*f, "zone"))
        if (auto v = text(*x, "story zone")) s_.story.zone = *v;
}

void Reader::read_exercise(const YAML::Node& n) {
    static const Keys kKeys = {"purpose", "scope", "assumptions", "artificialities", "agenda", "handling", "contacts"};
    auto f = fields(n, kKeys, "exercise");
    if (!f) return;
    ExerciseScope& x = s_.exercise;
    if (auto* v = get(*f, "purpose"))
        if (auto t = text(*v, "purpose")) x.purpose = *t;
    if (auto* v = get(*f, "scope"))
        if (auto t = text(*v, "scope")) x.scope = *t;
    if (auto* v = get(*f, "assumptions")) x.assumptions = text_list(*v, "assumptions");
    if (auto* v = get(*f, "artificialities")) x.artificialities = text_list(*v, "artificialities");
    if (auto* v = get(*f, "handling")) {
        if (auto t = text(*v, "handling")) {
            std::string tlp = *t;
            for (auto& c : tlp) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (tlp.rfind("tlp:", 0) == 0) tlp = tlp.substr(4);
            if (std::find(kTlp.begin(), kTlp.end(), tlp) != kTlp.end()) {
                x.handling = tlp;
            } else {
                std::string hint = "Traffic Light Protocol 2.0: " + join(kTlp);
                if (auto near = did_you_mean(tlp, kTlp); !near.empty()) hint = near + " " + hint;
                error(*v, "bad-value", "unknown handling '" + t->substr(0, 40) + "'", hint);
            }
        }
    }
    if (auto* v = get(*f, "agenda")) {
        static const Keys kItem = {"time", "item"};
        for (const auto& item : items(*v, "agenda")) {
            auto g = fields(item, kItem, "an agenda item");
            if (!g || !require(*g, item, "item", "an agenda item")) continue;
            AgendaItem a;
            if (auto t = text(*get(*g, "item"), "agenda item")) a.item = *t;
            if (auto* tm = get(*g, "time"))
                if (auto t = text(*tm, "agenda time")) a.time = *t;
            x.agenda.push_back(std::move(a));
        }
    }
    if (auto* v = get(*f, "contacts")) {
        static const Keys kContact = {"role", "name", "contact"};
        for (const auto& item : items(*v, "contacts")) {
            auto g = fields(item, kContact, "a point of contact");
            if (!g || !require(*g, item, "role", "a point of contact")) continue;
            Contact c;
            if (auto t = text(*get(*g, "role"), "contact role")) c.role = *t;
            if (auto* y = get(*g, "name"))
                if (auto t = text(*y, "contact name")) c.name = *t;
            if (auto* y = get(*g, "contact"))
                if (auto t = text(*y, "contact")) c.contact = *t;
            x.contacts.push_back(std::move(c));
        }
    }
}

void Reader::read_feedback(const YAML::Node& n) {
    static const Keys kKeys = {"id", "text", "kind", "low", "high"};
    static const Keys kKinds = {"scale", "text"};
    for (const auto& item : items(n, "feedback")) {
        auto f = fields(item, kKeys, "a feedback question");
        if (!f || !require(*f, item, "id", "a feedback question") || !require(*f, item, "text", "a feedback question"))
            continue;
        FeedbackQuestion q;
        q.pos = pos(item);
        auto id = ident(*get(*f, "id"), "feedback question id");
        if (!id) continue;
        q.id = *id;
        if (auto v = text(*get(*f, "text"), "feedback question text")) q.text = *v;
        if (auto* x = get(*f, "kind")) {
            if (auto v = text(*x, "feedback kind")) {
                if (*v == "text") q.kind = FeedbackKind::text;
                else if (*v != "scale") {
                    std::string hint = "allowed: scale (1 to 5), text (free text)";
                    if (auto near = did_you_mean(*v, kKinds); !near.empty()) hint = near + " " + hint;
                    error(*x, "bad-value", "unknown feedback kind '" + v->substr(0, 40) + "'", hint);
                }
            }
        }
        if (auto* x = get(*f, "low"))
            if (auto v = text(*x, "feedback low label")) q.low = *v;
        if (auto* x = get(*f, "high"))
            if (auto v = text(*x, "feedback high label")) q.high = *v;
        if (q.kind == FeedbackKind::text && (get(*f, "low") || get(*f, "high")))
            error(item, "bad-value", "feedback question '" + q.id + "' is free text; `low` and `high` label a scale",
                  "drop them, or write kind: scale");
        if (q.kind == FeedbackKind::text) {
            q.low.clear();
            q.high.clear();
        }
        s_.feedback.push_back(std::move(q));
    }
    if (n.IsSequence() && n.size() == 0)
        error(n, "bad-value", "the feedback form has no questions", "list questions, or drop `feedback:` to use the built-in form");
}

// rate: {expectation: P|S|M|U, ...}
std::optional<std::map<std::string, Rating>> Reader::read_rate(const YAML::Node& x, const std::string& key) {
    if (!x.IsMap()) {
        error(x, "type", "rate must be a map of expectation id to rating, found " + std::string(kind_name(x)),
              "e.g. rate: {triage-phish: P, escalate-phish: S}");
        return std::nullopt;
    }
    std::map<std::string, Rating> out;
    for (auto it = x.begin(); it != x.end(); ++it) {
        visit(it->first);
        auto exp = ident(it->first, "rated expectation");
        auto r = choice<Rating>(it->second, "rating", kRatings, parse_rating);
        if (!exp || !r) continue;
        if (out.count(*exp)) {
            error(it->first, "duplicate-key", "expectation '" + *exp + "' is rated twice", "keep one rating");
            continue;
        }
        note(key + "." + *exp, it->first);
        out.emplace(*exp, *r);
    }
    return out;
}

} // namespace

LoadResult load_scenario_text(const std::string& text, const std::string& name, const std::string& base_dir) {
    LoadResult out;
    auto& d = out.diags;
    if (text.size() > limits::kMaxFileBytes) {
        d.error(name, 0, 0, "limit",
                "file is " + std::to_string(text.size() / (1024 * 1024)) + " MiB, larger than the limit of " +
                    std::to_string(limits::kMaxFileBytes / (1024 * 1024)) + " MiB",
                "a scenario is a few hundred KiB at most; ship bulky evidence as file artifacts");
        return out;
    }
    auto doc = yaml::parse_yaml_document(text, name, "scenario", d);
    if (!doc) return out;
    const YAML::Node& root = doc->root;
    const long written = doc->nodes;
    if (!root.IsDefined() || root.IsNull()) {
        d.error(name, 0, 0, "empty-scenario", "empty scenario: the file has no content",
                "a scenario starts with `format: ttx/1`; see docs/scenario-format.md");
        return out;
    }

    try {
        Reader reader(name, d, written + limits::kMaxAliasExpansion);
        Scenario s = reader.read(root);
        s.source_text = text;
        s.source_path = name;
        s.base_dir = base_dir;
        resolve_posture(s, d);
        out.scenario = std::move(s);
    } catch (const Abort&) {
        // Already reported; the structure could not be read completely.
    } catch (const YAML::Exception& e) {
        auto p = mark_pos(e.mark);
        d.error(name, p.line, p.col, "yaml-syntax", "cannot read the YAML structure: " + e.msg);
    }
    return out;
}

LoadResult load_scenario_file(const std::string& path) {
    LoadResult out;
    std::error_code ec;
    auto st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
        out.diags.error(path, 0, 0, "io", "no such file", "check the path");
        return out;
    }
    if (fs::is_directory(st)) {
        out.diags.error(path, 0, 0, "io", "is a directory, expected a scenario file",
                        "`ttx validate` accepts folders; other commands need one .yaml file");
        return out;
    }
    if (!fs::is_regular_file(st)) {
        out.diags.error(path, 0, 0, "io", "not a regular file", "give the path of a .yaml scenario file");
        return out;
    }
    // Check the size before reading: a 50 MB file must fail at once.
    auto size = fs::file_size(path, ec);
    if (!ec && size > limits::kMaxFileBytes) {
        out.diags.error(path, 0, 0, "limit",
                        "file is " + std::to_string(size / (1024 * 1024)) + " MiB, larger than the limit of " +
                            std::to_string(limits::kMaxFileBytes / (1024 * 1024)) + " MiB",
                        "a scenario is a few hundred KiB at most; ship bulky evidence as file artifacts");
        return out;
    }
    std::string error;
    auto text = read_file(path, limits::kMaxFileBytes, error);
    if (!text) {
        out.diags.error(path, 0, 0, error.find("limit") != std::string::npos ? "limit" : "io", error);
        return out;
    }
    fs::path base = fs::path(path).parent_path();
    if (base.empty()) base = ".";
    return load_scenario_text(*text, path, base.string());
}

} // namespace sim
