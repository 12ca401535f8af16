// sim/import/writer.cpp — a Scenario back to ttx/1 YAML.
//
// Text values are written as YAML double-quoted scalars (a JSON string is
// one), so no value can change meaning or break the structure; ids that are
// safe as plain scalars stay plain for legibility.
#include "sim/import/import.hpp"

#include <nlohmann/json.hpp>

#include "sim/scenario/suggest.hpp"

namespace sim::importer {

namespace {

bool plain_ok(const std::string& s) {
    static const char* const kWords[] = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"};
    if (s.empty() || s.size() > 64) return false;
    for (const char* w : kWords)
        if (s == w) return false;
    if (!std::isalpha(static_cast<unsigned char>(s[0]))) return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.' && c != '/')
            return false;
    return true;
}

std::string q(const std::string& s) {
    if (plain_ok(s)) return s;
    return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string list(const std::vector<std::string>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + q(v[i]);
    return out + "]";
}

std::string offset(ExTime t) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "+%02lld:%02lld:%02lld", static_cast<long long>(t / 3600),
                  static_cast<long long>(t / 60 % 60), static_cast<long long>(t % 60));
    return std::string("\"") + buf + "\"";
}

std::string duration(ExTime t) {
    std::string out;
    if (t >= 3600) out += std::to_string(t / 3600) + "h";
    if (t % 3600 >= 60) out += std::to_string(t / 60 % 60) + "m";
    if (t % 60 || out.empty()) out += std::to_string(t % 60) + "s";
    return out;
}

std::string weight(double w) {
    auto s = nlohmann::json(w).dump();
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
    return s;
}

class Writer {
public:
    std::string out;

    void line(int indent, const std::string& text) { out += std::string(static_cast<std::size_t>(indent), ' ') + text + "\n"; }
    void kv(int indent, const std::string& key, const std::string& value) { line(indent, key + ": " + value); }
    void text(int indent, const std::string& key, const std::string& value) {
        if (!value.empty()) kv(indent, key, q(value));
    }

    void condition(int indent, const std::string& key, const Condition& c) {
        if (c.empty()) return;
        line(indent, key + ":");
        if (!c.all.empty()) kv(indent + 2, "all", list(c.all));
        if (!c.any.empty()) kv(indent + 2, "any", list(c.any));
        if (!c.none.empty()) kv(indent + 2, "not", list(c.none));
    }

    void inject(const Inject& i) {
        line(2, "- id: " + q(i.id));
        kv(4, "stage", q(i.stage));
        if (i.trigger.at != kNoTime) kv(4, "at", offset(i.trigger.at));
        if (!i.trigger.after.empty()) kv(4, "after", q(i.trigger.after));
        if (i.trigger.delay) kv(4, "delay", duration(i.trigger.delay));
        condition(4, "when", i.trigger.when);
        kv(4, "to", list(i.to));
        kv(4, "channel", q(i.channel));
        text(4, "source", i.source);
        if (i.severity != Severity::medium) kv(4, "severity", to_string(i.severity));
        kv(4, "title", q(i.title));
        text(4, "body", i.body);
        if (!i.artifacts.empty()) {
            line(4, "artifacts:");
            for (const auto& a : i.artifacts) {
                line(6, std::string("- kind: ") + to_string(a.kind));
                text(8, "type", a.type);
                text(8, "value", a.value);
                text(8, "path", a.path);
                text(8, "label", a.label);
            }
        }
        if (!i.techniques.empty()) kv(4, "techniques", list(i.techniques));
        if (i.benign) kv(4, "benign", "true");
        if (!i.hunting.empty()) {
            line(4, "hunting:");
            for (const auto& h : i.hunting) line(6, "- " + q(h));
        }
        if (!i.expect.empty()) {
            line(4, "expect:");
            for (const auto& e : i.expect) {
                std::string x = "- { id: " + q(e.id) + ", action: " + to_string(e.action) + ", by: " + q(e.by);
                if (e.within != kNoTime) x += ", within: " + duration(e.within);
                if (!e.capability.empty()) x += ", capability: " + q(e.capability);
                if (!e.objective.empty()) x += ", objective: " + q(e.objective);
                if (e.weight != 1.0) x += ", weight: " + weight(e.weight);
                line(6, x + " }");
            }
        }
        if (i.decision) decision(*i.decision);
        text(4, "end", i.end);
    }

    void decision(const Decision& d) {
        line(4, "decision:");
        kv(6, "prompt", q(d.prompt));
        if (!d.by.empty()) kv(6, "by", list(d.by));
        if (d.timeout != kNoTime) kv(6, "timeout", duration(d.timeout));
        kv(6, "default", q(d.default_option));
        line(6, "options:");
        for (const auto& o : d.options) {
            line(8, "- id: " + q(o.id));
            kv(10, "label", q(o.label));
            text(10, "description", o.description);
            if (o.automated) kv(10, "automated", "true");
            if (!o.set.empty()) kv(10, "set", list(o.set));
            if (!o.clear.empty()) kv(10, "clear", list(o.clear));
            if (!o.rate.empty()) {
                std::string r = "{ ";
                bool first = true;
                for (const auto& [k, v] : o.rate) {
                    r += (first ? "" : ", ") + q(k) + ": " + to_string(v);
                    first = false;
                }
                kv(10, "rate", r + " }");
            }
            if (!o.go_to.empty()) kv(10, "goto", list(o.go_to));
            text(10, "end", o.end);
        }
    }

    void move(const RedMove& m) {
        line(4, "- technique: " + q(m.technique));
        if (!m.id.empty() && m.id != m.technique) kv(6, "id", q(m.id));
        text(6, "description", m.description);
        text(6, "observable", m.observable);
        if (!m.causes.empty()) {
            std::string c = "[";
            for (std::size_t i = 0; i < m.causes.size(); ++i) {
                c += i ? ", " : "";
                c += "{ inject: " + q(m.causes[i].inject) +
                     (m.causes[i].delay ? ", delay: " + duration(m.causes[i].delay) : std::string()) + " }";
            }
            kv(6, "causes", c + "]");
        }
        condition(6, "requires", m.prerequisites);
        if (!m.blocked_by.empty()) kv(6, "blocked_by", list(m.blocked_by));
    }

    void metadata(const Scenario& s) {
        if (s.sources.empty() && s.todos.empty()) return;
        line(0, "");
        line(0, "# Where this scenario came from, and what the facilitator still has to");
        line(0, "# complete: `ttx validate` warns (todo-*) until each item is done.");
        line(0, "metadata:");
        if (!s.sources.empty()) {
            line(2, "sources:");
            for (const auto& src : s.sources) {
                line(4, "- file: " + q(src.file));
                text(6, "kind", src.kind);
                text(6, "sha256", src.sha256);
                text(6, "attack_version", src.attack_version);
                if (!src.objects.empty()) {
                    line(6, "objects:");
                    for (const auto& [k, v] : src.objects) kv(8, q(k), q(v));
                }
            }
        }
        if (!s.todos.empty()) {
            line(2, "todo:");
            for (const auto& t : s.todos) {
                std::string x = "- { need: " + q(t.need) + ", at: " + q(t.at);
                if (!t.note.empty()) x += ", note: " + q(t.note);
                line(4, x + " }");
            }
        }
    }
};

} // namespace

std::string write_scenario_yaml(const Scenario& s) {
    Writer w;
    w.kv(0, "format", "ttx/1");
    w.kv(0, "id", q(s.id));
    w.kv(0, "title", q(s.title));
    w.kv(0, "version", q(s.version));
    w.text(0, "summary", s.summary);
    if (!s.authors.empty()) w.kv(0, "authors", list(s.authors));
    if (!s.tags.empty()) w.kv(0, "tags", list(s.tags));
    if (s.duration != kNoTime) w.kv(0, "duration", duration(s.duration));
    if (!s.audience.empty()) w.kv(0, "audience", list(s.audience));
    w.line(0, "attack: { domain: " + q(s.attack.domain) + ", version: \"" + s.attack.version + "\" }");

    bool own_roles = false, own_caps = false;
    for (const auto& r : s.roles) own_roles |= !r.builtin;
    for (const auto& c : s.capabilities) own_caps |= !c.builtin;
    if (own_roles) {
        w.line(0, "roles:");
        for (const auto& r : s.roles)
            if (!r.builtin)
                w.line(2, "- { id: " + q(r.id) + ", name: " + q(r.name) +
                              (r.description.empty() ? "" : ", description: " + q(r.description)) + " }");
    }
    if (own_caps) {
        w.line(0, "capabilities:");
        for (const auto& c : s.capabilities)
            if (!c.builtin) w.line(2, "- { id: " + q(c.id) + ", name: " + q(c.name) + " }");
    }
    if (!s.teams.empty()) {
        w.line(0, "teams:");
        for (const auto& t : s.teams)
            w.line(2, "- { id: " + q(t.id) + ", name: " + q(t.name) + ", kind: " + to_string(t.kind) +
                          (t.roles.empty() ? "" : ", roles: " + list(t.roles)) + " }");
    }
    if (!s.objectives.empty()) {
        w.line(0, "objectives:");
        for (const auto& o : s.objectives)
            w.line(2, "- { id: " + q(o.id) + ", text: " + q(o.text) +
                          (o.capability.empty() ? "" : ", capability: " + q(o.capability)) +
                          (o.weight != 1.0 ? ", weight: " + weight(o.weight) : "") + " }");
    }
    if (!s.stages.empty()) {
        w.line(0, "stages:");
        for (const auto& st : s.stages) {
            w.line(2, "- id: " + q(st.id));
            w.kv(4, "tactic", q(st.tactic));
            w.text(4, "title", st.title);
            w.text(4, "narrative", st.narrative);
        }
    }
    w.line(0, "injects:");
    for (const auto& i : s.injects) w.inject(i);
    if (!s.red_moves.empty()) {
        w.line(0, "red_moves:");
        // In stage order, so the file reads like the attack chain.
        for (const auto& st : s.stages) {
            auto it = s.red_moves.find(st.id);
            if (it == s.red_moves.end() || it->second.empty()) continue;
            w.line(2, q(st.id) + ":");
            for (const auto& m : it->second) w.move(m);
        }
    }
    if (!s.endings.empty()) {
        w.line(0, "endings:");
        for (const auto& e : s.endings)
            w.line(2, "- { id: " + q(e.id) + ", title: " + q(e.title) +
                          (e.summary.empty() ? "" : ", summary: " + q(e.summary)) + " }");
    }
    w.metadata(s);
    return w.out;
}

} // namespace sim::importer
