// sim/scenario/posture.cpp — reading, resolving and checking postures (see posture.hpp).
#include "sim/scenario/posture.hpp"

#include <cmath>
#include <filesystem>
#include <set>

#include "sim/scenario/limits.hpp"
#include "sim/scenario/suggest.hpp"
#include "sim/util/files.hpp"

namespace sim::embedded_profiles {
struct ProfileText { const char* id; const char* text; };
extern const ProfileText profiles[];
extern const std::size_t profile_count;
} // namespace sim::embedded_profiles

namespace sim {

namespace {

namespace fs = std::filesystem;
using yaml::Fields;
using yaml::Keys;
using yaml::pos;
using Reader = yaml::YamlReader;

std::optional<double> reliability(Reader& r, const YAML::Node& n) {
    double d = 0;
    if (!n.IsScalar() || !YAML::convert<double>::decode(n, d) || !std::isfinite(d) || d < 0 || d > 1) {
        r.error(n, n.IsScalar() ? "bad-value" : "type", "reliability must be a number from 0 to 1",
                "e.g. reliability: 0.9 (the control works nine times in ten)");
        return std::nullopt;
    }
    return d;
}

// One list entry: a bare id, or a map whose `key` holds it. Fills id, name and
// reliability; returns the map's fields for the rest (nullopt: skip the entry).
template <class T>
std::optional<Fields> entry(Reader& r, const YAML::Node& item, const std::string& what, const std::string& key,
                            const Keys& keys, T& x, std::string& id) {
    x.pos = pos(item);
    if (item.IsScalar()) {
        auto v = r.text(item, what);
        if (!v) return std::nullopt;
        id = *v;
        return Fields{};
    }
    auto f = r.fields(item, keys, "an entry of " + what);
    if (!f || !r.require(*f, item, key, "an entry of " + what)) return std::nullopt;
    auto v = r.text(*Reader::get(*f, key), what);
    if (!v) return std::nullopt;
    id = *v;
    if (auto* n = Reader::get(*f, "name"))
        if (auto t = r.text(*n, "name")) x.name = *t;
    if (auto* n = Reader::get(*f, "reliability"))
        if (auto d = reliability(r, *n)) x.reliability = *d;
    return f;
}

std::vector<std::string> id_list(Reader& r, const YAML::Node& n, const std::string& what,
                                 std::vector<SourcePos>& where) {
    std::vector<std::string> out;
    std::vector<YAML::Node> list;
    if (n.IsScalar()) list.push_back(n);
    else list = r.items(n, what);
    for (const auto& item : list)
        if (auto v = r.text(item, what)) {
            out.push_back(*v);
            where.push_back(pos(item));
        }
    return out;
}

} // namespace

void read_posture_body(Reader& r, const YAML::Node& n, const Keys& extra, const std::string& what, Posture& out) {
    Keys keys = {"name", "summary", "uncertain", "telemetry", "detections", "mitigations"};
    keys.insert(keys.end(), extra.begin(), extra.end());
    out.pos = pos(n);
    auto f = r.fields(n, keys, what);
    if (!f) return;
    if (auto* x = Reader::get(*f, "name"))
        if (auto v = r.text(*x, "name")) out.name = *v;
    if (auto* x = Reader::get(*f, "summary"))
        if (auto v = r.text(*x, "summary")) out.summary = *v;
    if (auto* x = Reader::get(*f, "uncertain"))
        if (auto v = r.boolean(*x, "uncertain")) out.uncertain = *v;
    if (auto* x = Reader::get(*f, "telemetry"))
        for (const auto& item : r.items(*x, "telemetry")) {
            PostureTelemetry t;
            if (entry(r, item, "telemetry", "source", {"source", "name", "reliability"}, t, t.source))
                out.telemetry.push_back(std::move(t));
        }
    if (auto* x = Reader::get(*f, "detections"))
        for (const auto& item : r.items(*x, "detections")) {
            PostureDetection d;
            auto g = entry(r, item, "detections", "id", {"id", "name", "covers", "reliability"}, d, d.id);
            if (!g) continue;
            if (auto* c = Reader::get(*g, "covers")) d.covers = id_list(r, *c, "covers", d.covers_pos);
            if (d.covers.empty()) {            // a bare DET/AN id covers itself
                d.covers.push_back(d.id);
                d.covers_pos.push_back(d.pos);
            }
            out.detections.push_back(std::move(d));
        }
    if (auto* x = Reader::get(*f, "mitigations"))
        for (const auto& item : r.items(*x, "mitigations")) {
            PostureMitigation m;
            auto g = entry(r, item, "mitigations", "id", {"id", "name", "reliability", "scope"}, m, m.id);
            if (!g) continue;
            if (auto* s = Reader::get(*g, "scope")) m.scope = id_list(r, *s, "scope", m.scope_pos);
            out.mitigations.push_back(std::move(m));
        }
}

ProfileLoad load_profile_text(const std::string& text, const std::string& name) {
    ProfileLoad out;
    auto& d = out.diags;
    if (text.size() > limits::kMaxFileBytes) {
        d.error(name, 0, 0, "limit", "file is larger than the limit for ttx documents",
                "a profile is a few KiB");
        return out;
    }
    auto doc = yaml::parse_yaml_document(text, name, "profile", d);
    if (!doc) return out;
    if (!doc->root.IsDefined() || doc->root.IsNull()) {
        d.error(name, 0, 0, "empty-profile", "empty profile: the file has no content",
                "a profile starts with `format: ttx-profile/1`; see docs/scenario-format.md");
        return out;
    }
    try {
        Reader r(name, d, doc->nodes + limits::kMaxAliasExpansion);
        Posture p;
        p.file = name;
        read_posture_body(r, doc->root, {"format", "id"}, "the profile", p);
        if (doc->root.IsMap()) {
            const YAML::Node format = doc->root["format"];
            if (!format) r.error(doc->root, "missing-key", "the profile has no `format`", "start it with `format: ttx-profile/1`");
            else if (auto v = r.text(format, "format"); v && *v != kProfileFormat)
                r.error(format, "bad-value", "unsupported format '" + v->substr(0, 40) + "'",
                        "an organisation profile declares `format: ttx-profile/1`");
            const YAML::Node id = doc->root["id"];
            if (!id) r.error(doc->root, "missing-key", "the profile has no `id`", "e.g. id: meridian-logistics");
            else if (auto v = r.ident(id, "profile id")) p.id = *v;
        }
        out.posture = std::move(p);
    } catch (const yaml::Abort&) {
    } catch (const YAML::Exception& e) {
        auto p = yaml::mark_pos(e.mark);
        d.error(name, p.line, p.col, "yaml-syntax", "cannot read the YAML structure: " + e.msg);
    }
    return out;
}

ProfileLoad load_profile_file(const std::string& path) {
    std::string error;
    auto text = read_file(path, limits::kMaxFileBytes, error);
    if (!text) {
        ProfileLoad out;
        out.diags.error(path, 0, 0, "io", error.empty() ? "cannot read the file" : error, "check the path");
        return out;
    }
    return load_profile_text(*text, path);
}

ProfileLoad load_and_validate_profile(const std::string& path, const attack::Catalog& catalog) {
    ProfileLoad r = load_profile_file(path);
    if (r.posture && !r.diags.has_errors()) validate_posture(*r.posture, catalog, r.diags, path);
    return r;
}

std::vector<std::string> builtin_profiles() {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < embedded_profiles::profile_count; ++i) out.emplace_back(embedded_profiles::profiles[i].id);
    return out;
}

void resolve_posture(Scenario& s, Diagnostics& diags) {
    if (!s.posture || s.posture->profile.empty()) return;
    Posture& ref = *s.posture;
    const std::string id = ref.profile;
    const std::string scenario_file = s.source_path.empty() ? "<scenario " + s.id + ">" : s.source_path;
    ProfileLoad loaded;
    bool found = false;
    if (!s.base_dir.empty())
        for (const fs::path& p : {fs::path(s.base_dir) / "profiles" / (id + ".yaml"), fs::path(s.base_dir) / (id + ".yaml")}) {
            std::error_code ec;
            if (!fs::is_regular_file(p, ec)) continue;
            loaded = load_profile_file(p.string());
            found = true;
            break;
        }
    for (std::size_t i = 0; !found && i < embedded_profiles::profile_count; ++i)
        if (id == embedded_profiles::profiles[i].id) {
            loaded = load_profile_text(embedded_profiles::profiles[i].text, "profiles/" + id + ".yaml (built in)");
            found = true;
        }
    if (!found) {
        std::string hint = did_you_mean(id, builtin_profiles());
        if (hint.empty()) hint = "put " + id + ".yaml in a profiles/ folder beside the scenario; built-in profiles: " +
                                 join(builtin_profiles());
        diags.error(scenario_file, ref.profile_pos.line, ref.profile_pos.col, "unknown-profile",
                    "unknown organisation profile '" + id + "'", hint);
        return;
    }
    diags.items.insert(diags.items.end(), loaded.diags.items.begin(), loaded.diags.items.end());
    if (!loaded.posture) return;
    if (!loaded.posture->id.empty() && loaded.posture->id != id)
        diags.error(loaded.posture->file, loaded.posture->pos.line, loaded.posture->pos.col, "profile-id",
                    "profile file for '" + id + "' declares id '" + loaded.posture->id + "'",
                    "the file name and the `id:` must agree");
    const bool uncertain = ref.uncertain || loaded.posture->uncertain;
    const SourcePos at = ref.profile_pos;
    ref = std::move(*loaded.posture);
    ref.profile = id;
    ref.profile_pos = at;
    ref.uncertain = uncertain;
}

// ---- checks against the catalog ---------------------------------------------------------

namespace {

class PostureChecker {
public:
    PostureChecker(const Posture& p, const attack::Catalog& c, Diagnostics& d, std::string file)
        : p_(p), cat_(c), d_(d), file_(std::move(file)) {}

    void run() {
        for (const auto& t : p_.telemetry) telemetry(t);
        for (const auto& x : p_.detections)
            for (std::size_t i = 0; i < x.covers.size(); ++i)
                cover(x, x.covers[i], i < x.covers_pos.size() ? x.covers_pos[i] : x.pos);
        for (const auto& m : p_.mitigations) mitigation(m);
        for (const auto& x : p_.detections) fed(x);
    }

private:
    const Posture& p_;
    const attack::Catalog& cat_;
    Diagnostics& d_;
    std::string file_;
    std::set<std::string> dcs_, sources_;    // collected, resolved

    void error(SourcePos p, const std::string& msg, const std::string& hint) {
        d_.error(file_, p.line, p.col, "unknown-attack-id", msg, hint);
    }

    // A revoked technique: its replacement; unknown: the nearest.
    bool technique(const std::string& id, SourcePos at, const std::string& where) {
        const attack::Technique* t = cat_.technique(id);
        if (!t) {
            std::string hint = attack::suggestion(cat_, attack::Kind::technique, id);
            error(at, "unknown technique '" + id + "' in " + where, hint.empty() ? "see `ttx attack list`" : hint);
            return false;
        }
        if (t->status == attack::Status::revoked) {
            const attack::Technique* next = cat_.successor(id);
            d_.error(file_, at.line, at.col, "revoked-technique", "technique " + id + " in " + where + " is revoked",
                     next ? "use " + next->id + " (" + next->name + ") instead" : "pick its replacement in ATT&CK");
            return false;
        }
        return true;
    }

    void telemetry(const PostureTelemetry& t) {
        if (const auto* dc = cat_.data_component(t.source)) {
            dcs_.insert(dc->id);
            return;
        }
        if (attack::kind_of_id(t.source) == attack::Kind::data_component) {
            std::string hint = attack::suggestion(cat_, attack::Kind::data_component, t.source);
            error(t.pos, "unknown data component '" + t.source + "' in telemetry", hint.empty() ? "see `ttx attack show DC0035`" : hint);
            return;
        }
        auto m = cat_.log_source(t.source);
        if (!m.empty()) {
            sources_.insert(m.sources.begin(), m.sources.end());
            return;
        }
        std::string hint = attack::suggestion(cat_, attack::Kind::log_source, t.source);
        if (hint.empty()) hint = attack::suggestion(cat_, attack::Kind::data_component, t.source);
        error(t.pos, "unknown telemetry source '" + t.source + "': neither an ATT&CK data component nor a log source of an analytic",
              hint.empty() ? "name a DC id (DC0035), a data component (Process Access) or a log source (WinEventLog:Sysmon:EventCode=10)" : hint);
    }

    void cover(const PostureDetection& x, const std::string& id, SourcePos at) {
        const std::string where = "detection '" + x.id + "'";
        const auto kind = attack::kind_of_id(id);
        if (kind == attack::Kind::technique) {
            technique(id, at, where);
            return;
        }
        if (kind == attack::Kind::detection && cat_.detection_strategy(id)) return;
        if (kind == attack::Kind::analytic && cat_.analytic(id)) return;
        const attack::Kind k = kind == attack::Kind::analytic ? attack::Kind::analytic : attack::Kind::detection;
        std::string hint = attack::suggestion(cat_, k, id);
        const bool named = !kind;
        error(at,
              named ? "detection '" + id + "' covers nothing: name the DET or AN ids it implements in `covers`"
                    : "unknown " + std::string(attack::kind_name(k)) + " '" + id + "' in " + where,
              hint.empty() ? "e.g. covers: [DET0363] (see `ttx attack show T1003.001` for a technique's detections)" : hint);
    }

    void mitigation(const PostureMitigation& m) {
        const auto* found = cat_.mitigation(m.id);
        if (!found) {
            std::string hint = attack::suggestion(cat_, attack::Kind::mitigation, m.id);
            error(m.pos, "unknown mitigation '" + m.id + "'", hint.empty() ? "see `ttx attack show M1040`" : hint);
            return;
        }
        for (std::size_t i = 0; i < m.scope.size(); ++i) {
            const SourcePos at = i < m.scope_pos.size() ? m.scope_pos[i] : m.pos;
            if (!technique(m.scope[i], at, "the scope of mitigation " + found->id)) continue;
            const auto& of = cat_.mitigations_of(m.scope[i]);
            const std::string parent = m.scope[i].substr(0, m.scope[i].find('.'));
            const auto& of_parent = cat_.mitigations_of(parent);
            if (std::find(of.begin(), of.end(), found->id) == of.end() &&
                std::find(of_parent.begin(), of_parent.end(), found->id) == of_parent.end())
                d_.warning(file_, at.line, at.col, "mitigation-scope",
                           found->id + " (" + found->name + ") does not mitigate " + m.scope[i] + " in ATT&CK: it can never block it",
                           "drop it from the scope, or see `ttx attack show " + m.scope[i] + "` for its mitigations");
        }
    }

    // A detection none of whose analytics reads collected telemetry never alerts.
    void fed(const PostureDetection& x) {
        for (const auto& id : x.covers) {
            std::vector<std::string> ans;
            if (const auto* det = cat_.detection_strategy(id)) ans = det->analytics;
            else if (cat_.analytic(id)) ans = {id};
            else if (cat_.technique(id))
                for (const auto& det : cat_.detections_of(id))
                    if (const auto* d = cat_.detection_strategy(det)) ans.insert(ans.end(), d->analytics.begin(), d->analytics.end());
            for (const auto& an : ans)
                if (const auto* a = cat_.analytic(an)) {
                    for (const auto& dc : a->data_components)
                        if (dcs_.count(dc)) return;
                    for (const auto& ls : a->log_sources)
                        if (sources_.count(ls)) return;
                }
        }
        d_.warning(file_, x.pos.line, x.pos.col, "unfed-detection",
                   "detection '" + x.id + "' reads no telemetry the posture collects: it can never alert",
                   "add the data components or log sources its analytics read to `telemetry` (see `ttx attack show " +
                       (x.covers.empty() ? x.id : x.covers.front()) + "`)");
    }
};

} // namespace

void validate_posture(const Posture& p, const attack::Catalog& catalog, Diagnostics& diags,
                      const std::string& fallback_file) {
    PostureChecker(p, catalog, diags, p.file.empty() ? fallback_file : p.file).run();
}

} // namespace sim
