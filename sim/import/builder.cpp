// sim/import/builder.cpp — see builder.hpp.
#include "sim/import/builder.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

#include "sim/scenario/suggest.hpp"
#include "sim/util/files.hpp"

namespace sim::importer::detail {

namespace {

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// Technique numbers ATT&CK for Mobile uses and Enterprise does not.
bool mobile_number(int n) {
    static const std::pair<int, int> kRanges[] = {{1397, 1482}, {1509, 1521}, {1532, 1533}, {1540, 1541},
                                                  {1544, 1544}, {1575, 1577}, {1581, 1582}, {1603, 1604},
                                                  {1616, 1617}, {1623, 1644}, {1655, 1655}, {1661, 1663}};
    return std::any_of(std::begin(kRanges), std::end(kRanges),
                       [n](const auto& r) { return n >= r.first && n <= r.second; });
}

std::string named(const attack::Catalog& cat, const std::string& id) {
    const auto* t = cat.technique(id);
    return t ? id + " (" + t->name + ")" : id;
}

} // namespace

std::string resolve_technique(const attack::Catalog& cat, const std::string& raw, Reporter& rep,
                              const std::string& where, const std::string& what) {
    const std::string id = upper(trim(raw));
    const std::string shown = "'" + clip(trim(raw), 60) + "'";
    if (id.empty()) {
        rep.error(where, what + ": no technique id");
        return {};
    }
    static const std::regex kSeparated(R"(T\d{4}[/\-_ :]\d{3})");
    if (std::regex_match(id, kSeparated)) {
        rep.error(where, what + ": malformed technique id " + shown + "; a sub-technique is written " +
                             id.substr(0, 5) + "." + id.substr(6));
        return {};
    }
    if (!attack::is_technique_id(id)) {
        rep.error(where, what + ": malformed technique id " + shown + "; expected T1234 or T1234.001");
        return {};
    }
    const int number = std::stoi(id.substr(1, 4));
    const auto* t = cat.technique(id);
    if (!t) {
        if (number >= 800 && number < 1000) {
            rep.error(where, what + ": " + id + " is an ATT&CK for ICS technique; ttx scenarios use Enterprise");
            return {};
        }
        if (mobile_number(number)) {
            rep.error(where, what + ": " + id + " is an ATT&CK for Mobile technique; ttx scenarios use Enterprise");
            return {};
        }
        std::string hint;
        auto near = attack::nearest_techniques(cat, id);
        for (std::size_t i = 0; i < near.size(); ++i) hint += (i ? ", " : "; did you mean ") + named(cat, near[i]);
        rep.error(where, what + ": unknown technique " + id + " (not in ATT&CK " + cat.version + ")" +
                             (hint.empty() ? "" : hint + "?"));
        return {};
    }
    if (t->status == attack::Status::revoked) {
        const auto* next = cat.successor(id);
        if (!next || next->id == id) {
            rep.error(where, what + ": " + id + " is revoked in ATT&CK " + cat.version + " with no replacement");
            return {};
        }
        rep.warning(where, what + ": " + id + " is revoked in ATT&CK " + cat.version + "; replaced by " +
                               named(cat, next->id) + ", used instead");
        return next->id;
    }
    if (t->status == attack::Status::deprecated) {
        rep.error(where, what + ": " + named(cat, id) + " is deprecated in ATT&CK " + cat.version +
                             " and has no replacement; left out");
        return {};
    }
    return id;
}

std::string resolve_tactic(const attack::Catalog& cat, const std::string& raw_in, const std::string& technique) {
    const auto* tech = technique.empty() ? nullptr : cat.technique(technique);
    std::string raw = trim(raw_in);
    std::string lowered;
    for (char c : raw) lowered += c == ' ' || c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // v18 Defense Evasion (its TA id is Stealth's in v19): where the technique sits now.
    if ((lowered == "defense-evasion" || lowered == "ta0005") && tech) {
        for (const auto& tac : tech->tactics)
            if (tac == "stealth" || tac == "defense-impairment") return tac;
    }
    if (!raw.empty()) {
        if (const auto* t = cat.tactic(raw)) return t->shortname;
        if (const auto* t = cat.tactic(lowered)) return t->shortname;
    }
    if (tech && !tech->tactics.empty()) return tech->tactics.front();
    return {};
}

std::string slug(const std::string& text, std::size_t max) {
    std::string out;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) && u < 128)
            out += static_cast<char>(std::tolower(u));
        else if (!out.empty() && out.back() != '-')
            out += '-';
        if (out.size() >= max) break;
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

std::string clip(const std::string& text, std::size_t max) {
    if (text.size() <= max) return text;
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    return text.substr(0, n) + "…";
}

// ---- Builder ----------------------------------------------------------------------

Builder::Builder(const attack::Catalog& c, std::optional<Scenario> base) : cat(c) {
    if (base) {
        s = std::move(*base);
        extending = true;
        stage_prefix_ = "plan-";
        s.source_text.clear();
    } else {
        s.roles = builtin_roles();
        s.capabilities = builtin_capabilities();
        s.attack.version = cat.version.empty() ? "19.1" : cat.version;
    }
    for (const auto& st : s.stages) ids_.insert(st.id);
    for (const auto& i : s.injects) {
        ids_.insert(i.id);
        for (const auto& e : i.expect) ids_.insert(e.id);
    }
    for (const auto& e : s.endings) ids_.insert(e.id);
    for (const auto& t : s.teams) ids_.insert(t.id);
    for (const auto& r : s.roles) ids_.insert(r.id);
}

std::string Builder::unique_id(const std::string& base_in) {
    std::string base = base_in.substr(0, 56);
    while (!base.empty() && base.back() == '-') base.pop_back();
    if (base.empty()) base = "x";
    std::string id = base;
    for (int n = 2; ids_.count(id); ++n) id = base + "-" + std::to_string(n);
    ids_.insert(id);
    return id;
}

std::string Builder::stage_for(const std::string& tactic, bool fresh) {
    if (!fresh)
        for (const auto& id : new_stages_)
            if (s.stage(id)->tactic == tactic) return id;
    Stage st;
    st.id = unique_id(stage_prefix_ + tactic);
    st.tactic = tactic;
    const auto* t = cat.tactic(tactic);
    st.title = t ? t->name : tactic;
    s.stages.push_back(st);
    new_stages_.push_back(st.id);
    return st.id;
}

void Builder::sort_new_stages_by_matrix() {
    auto order = [&](const Stage& st) {
        const auto* t = cat.tactic(st.tactic);
        return t ? t->order : 1000;
    };
    auto first_new = std::find_if(s.stages.begin(), s.stages.end(), [&](const Stage& st) {
        return std::find(new_stages_.begin(), new_stages_.end(), st.id) != new_stages_.end();
    });
    std::stable_sort(first_new, s.stages.end(), [&](const Stage& a, const Stage& b) { return order(a) < order(b); });
}

std::string Builder::team(TeamKind kind, const std::string& id, const std::string& name) {
    for (const auto& t : s.teams)
        if (t.kind == kind) return t.id;
    Team t;
    t.id = unique_id(id);
    t.name = name;
    t.kind = kind;
    s.teams.push_back(t);
    return t.id;
}

void Builder::todo(const std::string& need, const std::string& at, const std::string& note) {
    s.todos.push_back({need, at, note, {}});
}

ImportSource& Builder::source(const std::string& file, const std::string& kind, const std::string& text) {
    ImportSource src;
    src.file = file;
    src.kind = kind;
    src.sha256 = sha256_hex(text);
    s.sources.push_back(std::move(src));
    return s.sources.back();
}

ExTime Builder::last_at() const {
    ExTime t = 0;
    for (const auto& i : s.injects)
        if (i.trigger.at != kNoTime) t = std::max(t, i.trigger.at);
    return t;
}

std::string Builder::ending(const std::string& id, const std::string& title) {
    for (const auto& e : s.endings)
        if (e.id == id) return id;
    Ending e;
    e.id = id;
    ids_.insert(id);
    e.title = title;
    s.endings.push_back(e);
    return id;
}

std::string Builder::telemetry_markdown(const std::string& technique) const {
    auto tel = cat.telemetry_for(technique);
    if (tel.detections.empty()) return {};
    std::string out = "Expected telemetry (ATT&CK detection strategies " + join(tel.detections, ", ") + "):\n";
    for (const auto& dc : tel.data_components) out += "\n- " + attack::describe(cat, attack::Kind::data_component, dc);
    if (!tel.log_sources.empty()) {
        out += "\n\nLog sources:\n";
        std::size_t n = 0;
        for (const auto& ls : tel.log_sources) {
            if (++n > 12) {
                out += "\n- … and " + std::to_string(tel.log_sources.size() - 12) + " more (`ttx attack show " +
                       technique + "`)";
                break;
            }
            out += "\n- `" + ls + "`";
        }
    }
    return out;
}

void Builder::purple_plan(const std::vector<Step>& steps, ImportSource& src) {
    const std::string red = team(TeamKind::red, "red-cell", "Red cell");
    const std::string blue = team(TeamKind::blue, "blue-soc", "SOC");
    const std::string purple = team(TeamKind::purple, "purple-cell", "Purple coordination");
    ExTime at = extending ? last_at() + 600 : 0;
    std::vector<Inject*> made;
    std::size_t n = 0;
    for (const auto& st : steps) {
        Inject inj;
        ++n;
        inj.id = unique_id("step-" + std::to_string(n) + "-" + slug(st.technique + " " + st.title, 40));
        inj.stage = stage_for(st.tactic);
        inj.trigger.at = at;
        at += 600;
        inj.to = {red, blue};
        inj.source = "red-cell";
        inj.title = clip("Step " + std::to_string(n) + ": " + st.technique + " " + st.title, 300);
        std::string body = st.description.empty() ? std::string() : clip(st.description, 8000) + "\n\n";
        body += telemetry_markdown(st.technique);
        inj.body = body;
        inj.artifacts = st.artifacts;
        inj.techniques = {st.technique};
        Expectation e;
        e.id = unique_id("detect-" + inj.id);
        e.action = Action::detect;
        e.by = blue;
        e.capability = "detection";
        e.inject = inj.id;
        inj.expect.push_back(e);
        Decision d;
        d.prompt = "Record the outcome for " + st.technique + ".";
        d.by = {purple};
        d.default_option = "none";
        const std::pair<const char*, const char*> kOutcomes[] = {
            {"blocked", "Blocked"}, {"alerted", "Alerted"}, {"logged", "Logged only"}, {"none", "Not seen"}};
        const Rating kRatings[] = {Rating::P, Rating::P, Rating::M, Rating::U};
        for (std::size_t k = 0; k < 4; ++k) {
            Option o;
            o.id = kOutcomes[k].first;
            o.label = kOutcomes[k].second;
            o.rate[e.id] = kRatings[k];
            d.options.push_back(o);
        }
        inj.decision = d;
        src.objects.emplace_back(inj.id, st.origin);
        s.injects.push_back(std::move(inj));
    }
    // The last step's outcome ends the plan (nothing is scheduled after it).
    if (!steps.empty()) {
        std::string end = ending("plan-complete", "Every step of the plan was executed");
        for (auto& o : s.injects.back().decision->options) o.end = end;
    }
    sort_new_stages_by_matrix();
}

void Builder::skeleton(const std::vector<Step>& steps, ImportSource& src, const std::string& why_no_expect) {
    const std::string blue = team(TeamKind::blue, "soc", "SOC");
    team(TeamKind::red, "red-cell", "Red cell");
    team(TeamKind::white, "control", "Exercise control");
    for (const auto& st : steps) stage_for(st.tactic);
    sort_new_stages_by_matrix();
    const ExTime start = extending ? last_at() + 600 : 0;
    for (const auto& st : steps) {
        Inject inj;
        inj.id = unique_id(slug(st.technique + " " + st.title, 48));
        inj.stage = stage_for(st.tactic);
        inj.trigger.at = start + 600 * s.stage_index(inj.stage);
        inj.to = {blue};
        inj.title = clip(st.technique + " " + st.title, 300);
        inj.body = clip(st.description, 8000);
        inj.artifacts = st.artifacts;
        inj.techniques = {st.technique};
        src.objects.emplace_back(inj.id, st.origin);
        todo("expect", inj.id, why_no_expect);
        s.injects.push_back(std::move(inj));
    }
}

} // namespace sim::importer::detail
