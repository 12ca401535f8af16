// sim/import/atomic.cpp — Atomic Red Team atomics and Caldera adversaries.
//
// Atomics: each test is a purple-plan step (or, with --as scenario, a
// skeleton inject): its command as a log artifact, its input arguments as a
// note, the telemetry ATT&CK's detection strategies expect in the body.
// Caldera: the abilities an adversary profile orders become red moves; a run
// of abilities with the same tactic is one stage, whose first ability is the
// default story and the others alternatives the red cell can pick.
#include <algorithm>
#include <map>
#include <regex>

#include "sim/import/formats.hpp"
#include "sim/scenario/suggest.hpp"

namespace sim::importer::detail {

std::string where(const YAML::Node& n) {
    auto m = n.Mark();
    if (m.line < 0) return {};
    return std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

namespace {

std::string scalar(const YAML::Node& map, const char* key) {
    if (!map.IsMap()) return {};
    auto n = map[key];
    return n && n.IsScalar() ? n.Scalar() : std::string();
}

// Atomic Red Team's platform names -> the catalog's.
std::string enterprise_platform(const std::string& p) {
    static const std::map<std::string, std::string> kMap = {
        {"windows", "Windows"},       {"linux", "Linux"},           {"macos", "macOS"},
        {"office-365", "Office Suite"}, {"google-workspace", "Office Suite"}, {"azure-ad", "Identity Provider"},
        {"saas", "SaaS"},             {"iaas", "IaaS"},             {"iaas:aws", "IaaS"},
        {"iaas:azure", "IaaS"},       {"iaas:gcp", "IaaS"},         {"containers", "Containers"},
        {"esxi", "ESXi"},             {"network", "Network Devices"}};
    auto it = kMap.find(p);
    return it == kMap.end() ? std::string() : it->second;
}

} // namespace

bool import_atomics(const YAML::Node& doc, const Input& in, Builder& b, Reporter& rep, bool purple) {
    const std::string raw = scalar(doc, "attack_technique");
    const std::string technique = resolve_technique(b.cat, raw, rep, where(doc["attack_technique"]), "attack_technique");
    if (technique.empty()) return false;
    auto tests = doc["atomic_tests"];
    if (!tests || !tests.IsSequence() || tests.size() == 0) {
        rep.error(where(doc), "no atomic_tests list");
        return false;
    }
    auto& src = b.source(in.name, "atomic-red-team", in.text);
    const auto* tech = b.cat.technique(technique);
    std::vector<Builder::Step> steps;
    for (std::size_t i = 0; i < tests.size(); ++i) {
        const YAML::Node t = tests[i];
        const std::string at = where(t);
        const std::string name = scalar(t, "name");
        if (!t.IsMap() || name.empty()) {
            rep.error(at, "atomic test " + std::to_string(i + 1) + " has no name; skipped");
            continue;
        }
        const std::string label = "test '" + clip(name, 60) + "'";
        std::vector<std::string> platforms, unsupported;
        if (auto p = t["supported_platforms"]; p && p.IsSequence())
            for (const auto& x : p) {
                std::string mapped = x.IsScalar() ? enterprise_platform(x.Scalar()) : "";
                if (mapped.empty()) unsupported.push_back(x.IsScalar() ? x.Scalar() : "?");
                else platforms.push_back(mapped);
            }
        if (platforms.empty()) {
            rep.error(where(t["supported_platforms"]).empty() ? at : where(t["supported_platforms"]),
                      label + " runs on no supported platform" +
                          (unsupported.empty() ? std::string(" (supported_platforms is empty)")
                                               : " (" + join(unsupported, ", ") + ")") +
                          "; skipped");
            continue;
        }
        if (tech && std::none_of(platforms.begin(), platforms.end(), [&](const std::string& p) {
                return std::find(tech->platforms.begin(), tech->platforms.end(), p) != tech->platforms.end();
            }))
            rep.warning(at, label + " runs on " + join(platforms, ", ") + ", where ATT&CK does not list " + technique);
        Builder::Step st;
        st.technique = technique;
        st.tactic = resolve_tactic(b.cat, "", technique);
        st.title = clip(name, 200);
        st.description = clip(scalar(t, "description"), 8000);
        st.origin = scalar(t, "auto_generated_guid").empty() ? in.name + ":" + at : scalar(t, "auto_generated_guid");
        auto exec = t["executor"];
        std::string command = scalar(exec, "command");
        if (command.empty()) command = scalar(exec, "steps");  // manual executor
        if (command.empty()) rep.warning(where(exec).empty() ? at : where(exec), label + " has no executor command");
        else {
            Artifact a;
            a.kind = ArtifactKind::log;
            a.label = "Command (" + (scalar(exec, "name").empty() ? std::string("manual") : scalar(exec, "name")) +
                      ", " + join(platforms, ", ") + ")";
            a.value = clip(command, 16000);
            st.artifacts.push_back(a);
        }
        if (auto args = t["input_arguments"]; args && args.IsMap()) {
            std::string text;
            for (const auto& kv : args) {
                text += (text.empty() ? "" : "\n") + kv.first.as<std::string>("?") + " = " +
                        scalar(kv.second, "default") +
                        (scalar(kv.second, "type").empty() ? "" : " (" + scalar(kv.second, "type") + ")");
            }
            if (!text.empty()) {
                Artifact a;
                a.kind = ArtifactKind::note;
                a.label = "Input arguments (#{name} in the command), with their defaults";
                a.value = clip(text, 16000);
                st.artifacts.push_back(a);
            }
        }
        steps.push_back(std::move(st));
    }
    if (steps.empty()) {
        rep.error(where(tests), "no atomic test of " + technique + " could be used");
        return false;
    }
    if (!b.extending && b.s.title.empty()) {
        b.s.title = "Purple plan: " + technique + " " + (tech ? tech->name : scalar(doc, "display_name"));
        b.s.tags = {"atomic-red-team", "purple-team"};
    }
    if (purple) b.purple_plan(steps, src);
    else b.skeleton(steps, src, "an atomic test says what to run, not what the defenders should do");
    return true;
}

void collect_abilities(const YAML::Node& doc, const Input& in, std::vector<CalderaAbility>& out, Reporter& rep) {
    std::vector<YAML::Node> items;
    if (doc.IsSequence())
        for (const auto& x : doc) items.push_back(x);
    else
        items.push_back(doc);
    for (const auto& a : items) {
        if (!a.IsMap() || scalar(a, "id").empty()) {
            rep.warning(where(a), "not a Caldera ability (no id); skipped");
            continue;
        }
        CalderaAbility ab;
        ab.id = scalar(a, "id");
        ab.name = scalar(a, "name");
        ab.description = scalar(a, "description");
        ab.tactic = scalar(a, "tactic");
        ab.technique = scalar(a["technique"], "attack_id");
        ab.technique_name = scalar(a["technique"], "name");
        ab.file = in.name;
        ab.where = where(a);
        // The first platform's first executor's command, in the file's order.
        if (auto p = a["platforms"]; p && p.IsMap())
            for (const auto& plat : p) {
                if (!plat.second.IsMap()) continue;
                for (const auto& ex : plat.second) {
                    std::string cmd = scalar(ex.second, "command");
                    if (cmd.empty()) continue;
                    ab.command = cmd;
                    ab.platform = plat.first.as<std::string>("?") + "/" + ex.first.as<std::string>("?");
                    break;
                }
                if (!ab.command.empty()) break;
            }
        out.push_back(std::move(ab));
    }
}

bool import_caldera(const std::vector<std::pair<YAML::Node, Input>>& profiles,
                    const std::vector<CalderaAbility>& abilities, Builder& b, std::vector<Problem>& problems) {
    std::map<std::string, const CalderaAbility*> by_id;
    for (const auto& a : abilities) by_id.emplace(a.id, &a);
    // Without a profile, every ability given, in file order.
    struct Ordered {
        const CalderaAbility* ability;
        std::string origin;
    };
    std::vector<Ordered> order;
    std::vector<ImportSource*> sources;
    for (const auto& [doc, in] : profiles) {
        Reporter rep(in.name, problems);
        auto& src = b.source(in.name, "caldera", in.text);
        src.objects.emplace_back("adversary", scalar(doc, "id"));
        auto list = doc["atomic_ordering"];
        if (!list || !list.IsSequence()) {
            rep.error(where(doc), "the adversary profile has no atomic_ordering list");
            continue;
        }
        static const std::regex kUuid("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
        for (const auto& x : list) {
            std::string id = x.IsScalar() ? x.Scalar() : "";
            auto it = by_id.find(id);
            if (it == by_id.end()) {
                rep.error(where(x), "ability '" + clip(id, 60) + "' is not among the ability files given" +
                                        (std::regex_match(id, kUuid) ? "" : " (and is not a UUID)") + "; left out");
                continue;
            }
            order.push_back({it->second, id});
        }
        if (!b.extending) {
            b.s.title = clip("Caldera adversary: " + scalar(doc, "name"), 200);
            b.s.summary = clip(scalar(doc, "description"), 8000);
            b.s.tags = {"caldera"};
        }
    }
    if (profiles.empty())
        for (const auto& a : abilities) order.push_back({&a, a.id});
    ImportSource* src = profiles.empty() ? &b.source(abilities.front().file, "caldera", abilities.front().file)
                                         : &b.s.sources.back();
    if (profiles.empty() && !b.extending && b.s.title.empty()) b.s.title = "Caldera abilities";

    const std::string blue = b.team(TeamKind::blue, "soc", "SOC");
    b.team(TeamKind::red, "red-cell", "Red cell");
    b.team(TeamKind::white, "control", "Exercise control");
    const ExTime base = b.extending ? b.last_at() + 600 : 0;
    std::string stage, stage_tactic;
    std::vector<std::size_t> stage_injects;     // indexes into b.s.injects of the current stage
    std::size_t used = 0;
    for (const auto& o : order) {
        const CalderaAbility& a = *o.ability;
        Reporter rep(a.file, problems);
        const std::string label = "ability '" + clip(a.name.empty() ? a.id : a.name, 60) + "'";
        std::string technique = resolve_technique(b.cat, a.technique, rep, a.where, label);
        if (technique.empty()) continue;
        std::string tactic = resolve_tactic(b.cat, a.tactic, technique);
        if (tactic.empty()) tactic = resolve_tactic(b.cat, "", technique);
        if (tactic != stage_tactic) {
            stage = b.stage_for(tactic, true);
            stage_tactic = tactic;
            stage_injects.clear();
        }
        ++used;
        Inject inj;
        inj.id = b.unique_id(slug(a.name.empty() ? technique : a.name, 48));
        inj.stage = stage;
        inj.trigger.at = base + 600 * b.s.stage_index(stage);
        inj.to = {blue};
        inj.source = "caldera";
        inj.title = clip(a.name.empty() ? technique : a.name, 300);
        inj.body = clip(a.description, 8000);
        inj.techniques = {technique};
        if (!a.command.empty()) {
            Artifact art;
            art.kind = ArtifactKind::log;
            art.label = "Command (" + a.platform + ")";
            art.value = clip(a.command, 16000);
            inj.artifacts.push_back(art);
        }
        RedMove m;
        m.technique = technique;
        m.id = inj.id;
        m.description = inj.title;
        auto& moves = b.s.red_moves[stage];
        if (!moves.empty()) {
            // An alternative: delivered when the red cell picks it; the stage's
            // first ability stays the story otherwise.
            m.causes.push_back({inj.id, 0, {}});
            b.s.injects[stage_injects.front()].trigger.when.none.push_back(move_fact(stage, m.id));
        }
        moves.push_back(std::move(m));
        src->objects.emplace_back(inj.id, o.origin);
        b.todo("expect", inj.id, "a Caldera ability says what runs, not what the defenders should do");
        stage_injects.push_back(b.s.injects.size());
        b.s.injects.push_back(std::move(inj));
    }
    return used > 0;
}

} // namespace sim::importer::detail
