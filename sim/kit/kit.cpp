// sim/kit/kit.cpp — the kit's documents as HTML. Layout only: what each
// document may show is decided here, per document, and the participant
// documents are written from an explicit list of what they show (never by
// filtering the facilitator's material), so nothing secret leaks by default.
#include "sim/kit/kit.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "sim/report/markdown_text.hpp"
#include "sim/report/report.hpp"
#include "sim/scenario/red_team.hpp"
#include "sim/util/files.hpp"

namespace sim::kit {

namespace {

// ---- text helpers ---------------------------------------------------------------------

std::string h(const std::string& s) { return report::html_escape(s); }
std::string md(const std::string& s) { return markdown::to_html(s); }

std::string join(const std::vector<std::string>& v, const std::string& sep = ", ") {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
    return out;
}

std::string upper(std::string s) {
    for (auto& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

std::string capitalized(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

// "15 min", "1 h 30 min", "90 s": how a deadline reads on paper.
std::string span(ExTime t) {
    if (t == kNoTime) return "—";
    std::string out;
    if (t >= 3600) out += std::to_string(t / 3600) + " h";
    if ((t / 60) % 60) out += (out.empty() ? "" : " ") + std::to_string((t / 60) % 60) + " min";
    if (t % 60 || out.empty()) out += (out.empty() ? "" : " ") + std::to_string(t % 60) + " s";
    return out;
}

// "+00:15" as the format writes it (hours may exceed 99 in theory).
std::string offset(ExTime t) {
    const std::string c = format_clock(t);   // "T+hh:mm:ss"
    std::string out = "+" + c.substr(2, c.size() - 5);
    if (t % 60) out += c.substr(c.size() - 3);
    return out;
}

std::string audience_name(const Scenario& s, const std::string& id) {
    if (const Team* t = s.team(id)) return t->name.empty() ? id : t->name;
    if (const Role* r = s.role(id)) return r->name.empty() ? id : r->name;
    return id;
}

std::string audience_names(const Scenario& s, const std::vector<std::string>& ids) {
    std::vector<std::string> names;
    for (const auto& id : ids) names.push_back(h(audience_name(s, id)));
    return join(names);
}

std::string capability_name(const Scenario& s, const std::string& id) {
    const Capability* c = s.capability(id);
    return c && !c->name.empty() ? c->name : id;
}

std::string stage_title(const Scenario& s, const Stage& st) {
    const int n = s.stage_index(st.id) + 1;
    return "Module " + std::to_string(n) + (st.title.empty() ? "" : ": " + st.title);
}

const char* kind_label(TeamKind k) {
    switch (k) {
    case TeamKind::red: return "red cell (plays the attacker)";
    case TeamKind::blue: return "responding team";
    case TeamKind::white: return "exercise control";
    case TeamKind::purple: return "purple team (attack and defence together)";
    case TeamKind::observer: return "observers (not scored)";
    }
    return "";
}

// The MSEL number of an inject: its place in the scenario file, 1-based.
int number(const Scenario& s, const std::string& inject_id) {
    for (std::size_t i = 0; i < s.injects.size(); ++i)
        if (s.injects[i].id == inject_id) return static_cast<int>(i) + 1;
    return 0;
}

std::string numbered(int n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "#%02d", n);
    return buf;
}

std::string condition_text(const Condition& c) {
    std::vector<std::string> parts;
    if (!c.all.empty()) parts.push_back("all of [" + join(c.all) + "] set");
    if (!c.any.empty()) parts.push_back("any of [" + join(c.any) + "] set");
    if (!c.none.empty()) parts.push_back("none of [" + join(c.none) + "] set");
    return join(parts, " and ");
}

// When an inject is delivered, for the MSEL (plain text; escape it).
std::string trigger_text(const Scenario& s, const Inject& inj) {
    const Trigger& t = inj.trigger;
    std::vector<std::string> parts;
    if (t.at != kNoTime) parts.push_back("at " + offset(t.at));
    if (!t.after.empty()) {
        const auto dot = t.after.find('.');
        const std::string target = t.after.substr(0, dot);
        std::string a = "after " + numbered(number(s, target)) + " " + target;
        if (dot != std::string::npos) a += " took option " + t.after.substr(dot + 1);
        else a += " delivered";
        if (t.delay > 0) a += " + " + span(t.delay);
        parts.push_back(a);
    }
    if (!t.when.empty()) parts.push_back("when " + condition_text(t.when));
    if (parts.empty()) {
        std::vector<std::string> from;
        for (const auto& i : s.injects)
            if (i.decision)
                for (const auto& o : i.decision->options)
                    if (std::find(o.go_to.begin(), o.go_to.end(), inj.id) != o.go_to.end())
                        from.push_back(numbered(number(s, i.id)) + " " + i.id + "." + o.id);
        return "only by goto from " + (from.empty() ? std::string("(none)") : join(from));
    }
    return join(parts, "; ");
}

std::string severity_chip(Severity sv) {
    const std::string name = to_string(sv);
    return "<span class=\"sev sev-" + name + "\">" + name + "</span>";
}

// A note the author labelled for the facilitator ("Facilitator note: if
// asked, …"). The format has no field for it yet; the label is the convention
// the bundled scenarios use, and such notes stay off the inject cards.
bool facilitator_note(const Artifact& a) {
    std::string label;
    for (char c : a.label.substr(0, 11)) label += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return a.kind == ArtifactKind::note && label == "facilitator";
}

std::string base64(const std::string& in) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < in.size(); i += 3) {
        const auto b = [&](std::size_t k) { return k < in.size() ? static_cast<unsigned char>(in[k]) : 0u; };
        const unsigned v = (b(i) << 16) | (b(i + 1) << 8) | b(i + 2);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += i + 2 < in.size() ? kAlphabet[v & 63] : '=';
    }
    return out;
}

// An image artifact inlined as a data URI (no network, no separate file); an
// <img> never runs an SVG's scripts. Empty when the file cannot be read.
std::string image_html(const Scenario& s, const Artifact& a) {
    if (s.base_dir.empty() || a.media_type.empty()) return {};
    std::string error;
    auto bytes = read_file(s.base_dir + "/" + a.path, 8u << 20, error);
    if (!bytes) return {};
    return "<figure class=\"image\"><img alt=\"" + h(a.label.empty() ? a.path : a.label) + "\" src=\"data:" +
           a.media_type + ";base64," + base64(*bytes) + "\">" +
           (a.label.empty() ? std::string() : "<figcaption>" + h(a.label) + "</figcaption>") + "</figure>";
}

std::string artifacts_html(const Scenario& s, const std::vector<Artifact>& all, Audience who) {
    std::vector<const Artifact*> list;
    for (const auto& a : all)
        if (who == Audience::facilitators || !facilitator_note(a)) list.push_back(&a);
    if (list.empty()) return {};
    std::string out = "<ul class=\"artifacts\">";
    for (const Artifact* ap : list) {
        const Artifact& a = *ap;
        out += "<li><span class=\"akind\">" + std::string(to_string(a.kind));
        if (!a.type.empty()) out += " · " + h(a.type);
        out += "</span> ";
        if (!a.label.empty()) out += "<strong>" + h(a.label) + "</strong> ";
        if (!a.value.empty()) out += "<code>" + h(a.value) + "</code>";
        if (a.kind == ArtifactKind::image) {
            const std::string img = image_html(s, a);
            out += img.empty() ? "<code>" + h(a.path) + "</code> <em>(image shipped with the scenario)</em>" : img;
        } else if (!a.path.empty()) {
            out += "<code>" + h(a.path) + "</code> <em>(file shipped with the scenario)</em>";
        }
        out += "</li>";
    }
    return out + "</ul>";
}

// ---- the page frame -------------------------------------------------------------------

const char* kCss = R"CSS(
@page{size:A4;margin:14mm 13mm 15mm}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:#e9edf2;color:#1f2a44;font:10pt/1.45 "DejaVu Sans","Liberation Sans",Arial,sans-serif}
.doc{max-width:200mm;margin:8mm auto;background:#fff;padding:12mm 13mm;box-shadow:0 2px 10px rgba(31,42,68,.15)}
@media print{body{background:#fff}.doc{max-width:none;margin:0;padding:0;box-shadow:none}}
header.cover{border-bottom:2.5px solid #1f2a44;padding-bottom:8px;margin-bottom:12px}
.eyebrow{text-transform:uppercase;letter-spacing:.12em;font-size:8.5pt;font-weight:700;color:#1f5fbf}
h1{font-size:19pt;line-height:1.2;margin:4px 0 4px}
h2{font-size:13.5pt;margin:18px 0 6px;padding-bottom:3px;border-bottom:1px solid #d9dee5;break-after:avoid}
h3{font-size:11pt;margin:12px 0 4px;break-after:avoid}
p{margin:4px 0 8px}
.sub{color:#5f6b7a;margin:0}
.handling{display:inline-block;margin-top:6px;padding:2px 8px;border-radius:3px;font-weight:700;font-size:8.5pt;letter-spacing:.04em}
.handling.participants{background:#e3f1e6;color:#1e5b2e;border:1px solid #9cc9a6}
.handling.facilitators{background:#fbe3e1;color:#8e1b1b;border:1px solid #e3a19a}
.break{break-before:page}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:9pt}
th,td{border:1px solid #cfd6df;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#f0f3f7;font-weight:700}
tr{break-inside:avoid}
code{font-family:"DejaVu Sans Mono",monospace;font-size:8.5pt;background:#f3f5f8;padding:0 3px;border-radius:2px;overflow-wrap:anywhere}
table.msel th:nth-child(1){width:6%}table.msel th:nth-child(2){width:19%}table.msel th:nth-child(3){width:30%}
table.msel th:nth-child(4){width:18%}table.msel th:nth-child(5){width:9%}table.msel th:nth-child(6){width:8%}
pre{white-space:pre-wrap;background:#f3f5f8;padding:6px;font-size:8.5pt}
blockquote{margin:4px 0;padding-left:8px;border-left:3px solid #d9dee5;color:#4a5568}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0 10px}
dl.facts dt{font-weight:700;color:#5f6b7a}
dl.facts dd{margin:0}
.muted{color:#5f6b7a}
.small{font-size:8.5pt}
.sev{display:inline-block;padding:0 6px;border-radius:3px;font-size:8pt;font-weight:700;text-transform:uppercase;letter-spacing:.05em;color:#fff}
.sev-critical{background:#7b1111}.sev-high{background:#c0392b}.sev-medium{background:#d35400}.sev-low{background:#b7950b}.sev-info{background:#7f8c8d}
.chip{display:inline-block;padding:0 6px;border:1px solid #9aa3ad;border-radius:3px;font-size:8pt;font-weight:700}
.chip.warn{border-color:#b7950b;background:#fff5cc}
.chip.end{border-color:#8e1b1b;color:#8e1b1b}
ul.artifacts{padding-left:16px;margin:4px 0}
.akind{font-size:8pt;text-transform:uppercase;letter-spacing:.04em;color:#5f6b7a}
article.inject{border:1px solid #d9dee5;border-left:4px solid #1f5fbf;padding:6px 10px;margin:10px 0}
article.inject.benign{border-left-color:#b7950b}
article.inject h3{margin-top:2px}
.docs li{margin:4px 0}
/* inject cards: cut along the dashed lines */
.cards{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:6mm}
.card{min-width:0;overflow-wrap:anywhere}figure.image img{max-width:100%;height:auto}
.card{border:1.3px dashed #444;padding:0 0 3mm;break-inside:avoid;page-break-inside:avoid;min-height:60mm}
@media print{.cards{display:block;columns:2;column-gap:6mm}.card{display:block;margin:0 0 6mm}}
.card .band{display:flex;justify-content:space-between;align-items:center;padding:2mm 3mm;color:#fff;font-weight:700;font-size:9pt;text-transform:uppercase;letter-spacing:.05em}
.band.sev-critical{background:#7b1111}.band.sev-high{background:#c0392b}.band.sev-medium{background:#d35400}.band.sev-low{background:#b7950b}.band.sev-info{background:#7f8c8d}
.card .channel{font-size:11pt}
.card .inner{padding:2mm 3mm 0}
.card h3{font-size:11.5pt;margin:1mm 0 1mm}
.card .meta{font-size:8pt;color:#5f6b7a;margin-bottom:1.5mm}
.card .body{font-size:9pt}
.card .body p{margin:2px 0 5px}
.card .decide{margin-top:2mm;border-top:1px solid #cfd6df;padding-top:1.5mm;font-size:9pt}
.card .decide ul{list-style:none;padding-left:0;margin:1mm 0}
.card .decide li:before{content:"\2610\00a0";font-size:11pt}
.card .hunt{font-size:8.5pt;margin-top:1.5mm}
.card .num{font-family:"DejaVu Sans Mono",monospace}
/* evaluation guide and feedback form */
.box{display:inline-block;width:7mm;height:7mm;border:1.5px solid #1f2a44;text-align:center;line-height:6.5mm;font-weight:700;font-size:8pt;color:#9aa3ad;margin-right:1.5mm}
.ratings{white-space:nowrap}
.lines{margin:0 0 4mm}
.rule{height:7mm;border-bottom:1px solid #9aa3ad}
.task{break-inside:avoid;border:1px solid #d9dee5;padding:3mm;margin:3mm 0}
.task h3{margin:0 0 1mm}
.fill{display:inline-block;min-width:55mm;border-bottom:1px solid #1f2a44;height:5mm}
.q{break-inside:avoid;margin:3mm 0}
.scale{display:flex;gap:3mm;align-items:center;margin-top:1mm;font-size:8.5pt}
.scale .box{color:#1f2a44}
)CSS";

std::string page(const Scenario& s, const std::string& kind, Audience who, const std::string& body,
                 const std::string& heading = {}) {
    const std::string title = heading.empty() ? s.title : heading;
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" + std::string(kGeneratorMeta) +
        "\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
        h(kind + " — " + s.title) + "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n<main class=\"doc\">\n";
    out += "<header class=\"cover\"><div class=\"eyebrow\">" + h(kind) + "</div><h1>" + h(title) + "</h1>";
    out += "<p class=\"sub\">" + (heading.empty() ? std::string() : h(s.title) + " · ") + "scenario " + h(s.id) +
           ", version " + h(s.version) + "</p>";
    if (!s.exercise.handling.empty())
        out += "<div class=\"handling tlp\">TLP:" + h(upper(s.exercise.handling)) + "</div>";
    out += who == Audience::participants
               ? "<div class=\"handling participants\">For participants</div>"
               : "<div class=\"handling facilitators\">Facilitators and evaluators only — do not hand out</div>";
    out += "</header>\n" + body + "</main>\n</body>\n</html>\n";
    return out;
}

// ---- handbook parts ---------------------------------------------------------------------

// Discussion questions; the points a good answer covers only for facilitators.
std::string questions_html(const std::vector<Question>& qs, Audience who, const std::string& heading = "Discussion questions") {
    if (qs.empty()) return {};
    std::string out = "<div class=\"questions\"><p><strong>" + h(heading) + "</strong></p><ol>";
    for (const auto& q : qs) {
        out += "<li>" + h(q.text);
        if (who == Audience::facilitators && !q.points.empty()) {
            out += "<ul class=\"points\">";
            for (const auto& p : q.points) out += "<li>" + h(p) + "</li>";
            out += "</ul>";
        }
        out += "</li>";
    }
    return out + "</ol></div>";
}

std::string frameworks_text(const FrameworkMapping& m) {
    std::vector<std::string> parts;
    if (!m.csf.empty()) {
        std::vector<std::string> f;
        for (const auto& x : m.csf) f.push_back(capitalized(x));
        parts.push_back("NIST CSF 2.0: " + join(f));
    }
    if (!m.core_capabilities.empty()) parts.push_back("HSEEP core capabilities: " + join(m.core_capabilities));
    return join(parts, " · ");
}

std::string story_start(const Scenario& s) {
    return s.story.set() ? format_story_time(s.story.start) + (s.story.zone.empty() ? "" : " " + s.story.zone) : std::string();
}

// Exercise scope (HSEEP's overview): purpose, scope, assumptions, artificialities, agenda, contacts.
std::string scope_html(const Scenario& s) {
    const ExerciseScope& x = s.exercise;
    std::string out;
    if (!x.purpose.empty()) out += "<h2>Purpose</h2>" + md(x.purpose);
    if (!x.scope.empty()) out += "<h2>Scope</h2>" + md(x.scope);
    auto list = [&](const char* title, const std::vector<std::string>& items) {
        if (items.empty()) return;
        out += std::string("<h3>") + title + "</h3><ul>";
        for (const auto& i : items) out += "<li>" + h(i) + "</li>";
        out += "</ul>";
    };
    if (!x.assumptions.empty() || !x.artificialities.empty()) out += "<h2>Assumptions and artificialities</h2>";
    list("Assumptions", x.assumptions);
    list("Artificialities", x.artificialities);
    if (!x.agenda.empty()) {
        out += "<h2>Agenda</h2><table><thead><tr><th>Time</th><th>Item</th></tr></thead>";
        for (const auto& a : x.agenda) out += "<tr><td>" + h(a.time) + "</td><td>" + h(a.item) + "</td></tr>";
        out += "</table>";
    }
    if (!x.contacts.empty()) {
        out += "<h2>Points of contact</h2><table><thead><tr><th>Role</th><th>Name</th><th>Contact</th></tr></thead>";
        for (const auto& c : x.contacts)
            out += "<tr><td>" + h(c.role) + "</td><td>" + h(c.name) + "</td><td>" + h(c.contact) + "</td></tr>";
        out += "</table>";
    }
    if (!x.handling.empty())
        out += "<p class=\"small\"><strong>Handling:</strong> TLP:" + h(upper(x.handling)) +
               " (Traffic Light Protocol 2.0).</p>";
    return out;
}

std::string stage_kind_text(const Stage& st) {
    switch (st.kind) {
    case StageKind::attack: return {};
    case StageKind::response: return "response module";
    case StageKind::recovery: return "recovery module";
    }
    return {};
}

// Ruled lines to write on.
std::string lines(int n) {
    std::string out = "<div class=\"lines\">";
    for (int i = 0; i < n; ++i) out += "<div class=\"rule\"></div>";
    return out + "</div>";
}

std::string expectation_task(const Scenario& s, const Expectation& e) {
    std::string t = capitalized(to_string(e.action)) + " — " + audience_name(s, e.by);
    if (e.within != kNoTime) t += ", within " + span(e.within);
    return t;
}

std::string options_table(const Scenario& s, const Decision& d) {
    std::string out = "<table><thead><tr><th>Option</th><th>Consequences</th><th>Flags</th><th>Ratings</th><th>Next</th></tr></thead>";
    for (const auto& o : d.options) {
        out += "<tr><td><strong>" + h(o.label) + "</strong><br><code>" + h(o.id) + "</code>";
        if (o.id == d.default_option) out += " <span class=\"chip\">default</span>";
        if (o.automated) out += " <span class=\"chip\">automated (SOAR)</span>";
        out += "</td><td>" + h(o.description) + "</td><td>";
        if (!o.set.empty()) out += "set: " + h(join(o.set)) + "<br>";
        if (!o.clear.empty()) out += "clear: " + h(join(o.clear));
        out += "</td><td>";
        std::vector<std::string> rates;
        for (const auto& [id, r] : o.rate) rates.push_back(h(id) + ": <strong>" + to_string(r) + "</strong>");
        for (const auto& rule : o.rate_when)
            for (const auto& [id, r] : rule.rate)
                rates.push_back(h(id) + ": <strong>" + to_string(r) + "</strong> if " + h(condition_text(rule.when)));
        out += join(rates, "<br>") + "</td><td>";
        std::vector<std::string> next;
        for (const auto& g : o.go_to) next.push_back("goto " + numbered(number(s, g)) + " " + h(g));
        if (!o.end.empty()) next.push_back("<span class=\"chip end\">ends: " + h(o.end) + "</span>");
        out += join(next, "<br>") + "</td></tr>";
    }
    return out + "</table>";
}

std::string inject_detail(const Scenario& s, const Inject& inj, const attack::Catalog* catalog) {
    std::string out = std::string("<article class=\"inject") + (inj.benign ? " benign" : "") + "\">";
    out += "<h3>" + numbered(number(s, inj.id)) + " " + h(inj.title) + "</h3><p>" + severity_chip(inj.severity) +
           " <span class=\"chip\">" + h(inj.channel) + "</span> <code>" + h(inj.id) + "</code>";
    if (inj.benign) out += " <span class=\"chip warn\">benign: noise or a false positive</span>";
    if (!inj.end.empty()) out += " <span class=\"chip end\">delivering it ends the exercise: " + h(inj.end) + "</span>";
    out += "</p><dl class=\"facts\"><dt>Delivered</dt><dd>" + h(trigger_text(s, inj)) + "</dd>";
    out += "<dt>From</dt><dd>" + (inj.source.empty() ? std::string("—") : h(inj.source)) + "</dd>";
    out += "<dt>To</dt><dd>" + audience_names(s, inj.to) + "</dd>";
    if (inj.jump != kNoTime) out += "<dt>Story time</dt><dd>jumps " + h(span(inj.jump)) + " forward</dd>";
    if (inj.story_at != kNoTime) out += "<dt>Story time</dt><dd>moves to " + h(format_story_time(inj.story_at)) + "</dd>";
    if (!inj.set.empty() || !inj.clear.empty())
        out += "<dt>Flags</dt><dd>" + (inj.set.empty() ? std::string() : "sets " + h(join(inj.set)) + " ") +
               (inj.clear.empty() ? std::string() : "clears " + h(join(inj.clear))) + "</dd>";
    if (!inj.techniques.empty()) {
        std::vector<std::string> t;
        for (const auto& id : inj.techniques) {
            const auto* tech = catalog ? catalog->technique(id) : nullptr;
            t.push_back(h(id) + (tech ? " " + h(tech->name) : std::string()));
        }
        out += "<dt>ATT&amp;CK</dt><dd>" + join(t) + "</dd>";
    }
    out += "</dl>" + md(inj.body) + artifacts_html(s, inj.artifacts, Audience::facilitators);
    if (!inj.hunting.empty()) {
        out += "<p><strong>Hunting prompts</strong></p><ul>";
        for (const auto& q : inj.hunting) out += "<li>" + h(q) + "</li>";
        out += "</ul>";
    }
    if (!inj.expect.empty()) {
        out += "<p><strong>Expectations</strong></p><table><thead><tr><th>Id</th><th>Action</th><th>By</th>"
               "<th>Capability</th><th>Deadline</th><th>Weight</th><th>Objective</th></tr></thead>";
        for (const auto& e : inj.expect) {
            char w[32];
            std::snprintf(w, sizeof w, "%g", e.weight);
            out += "<tr><td><code>" + h(e.id) + "</code></td><td>" + to_string(e.action) + "</td><td>" +
                   h(audience_name(s, e.by)) + "</td><td>" + h(capability_name(s, e.capability)) + "</td><td>" +
                   (e.within == kNoTime ? std::string("—") : "within " + span(e.within)) + "</td><td>" + w +
                   "</td><td>" + h(e.objective) + "</td></tr>";
        }
        out += "</table>";
        for (const auto& e : inj.expect) {
            if (e.task.empty() && e.guidance.empty()) continue;
            out += "<p class=\"small\"><code>" + h(e.id) + "</code>" + (e.task.empty() ? "" : " — " + h(e.task)) + "</p>";
            if (!e.guidance.empty()) {
                out += "<ul class=\"small guidance\">";
                for (const auto& [r, g] : e.guidance) out += "<li><strong>" + std::string(to_string(r)) + "</strong> " + h(g) + "</li>";
                out += "</ul>";
            }
        }
    }
    out += questions_html(inj.questions, Audience::facilitators);
    if (inj.decision) {
        const Decision& d = *inj.decision;
        out += "<p><strong>Decision:</strong> " + h(d.prompt) + "<br><span class=\"small muted\">decided by " +
               audience_names(s, d.by.empty() ? inj.to : d.by) + (d.timeout != kNoTime ? "; timeout " + span(d.timeout) : std::string()) +
               ", then the default option" +
               (d.sign_off.empty() ? std::string() : "; needs the joint sign-off of " + audience_names(s, d.sign_off)) +
               "</span></p>" + options_table(s, d);
    }
    return out + "</article>\n";
}

std::string flags_section(const Scenario& s) {
    struct Uses { std::vector<std::string> set, clear, tested; };
    std::map<std::string, Uses> flags;
    for (const auto& inj : s.injects) {
        const std::string who = numbered(number(s, inj.id)) + " " + inj.id;
        for (const auto* list : {&inj.trigger.when.all, &inj.trigger.when.any, &inj.trigger.when.none})
            for (const auto& f : *list) flags[f].tested.push_back(who);
        for (const auto& f : inj.set) flags[f].set.push_back(who + " (delivered)");
        for (const auto& f : inj.clear) flags[f].clear.push_back(who + " (delivered)");
        if (inj.decision)
            for (const auto& o : inj.decision->options) {
                for (const auto& f : o.set) flags[f].set.push_back(who + "." + o.id);
                for (const auto& f : o.clear) flags[f].clear.push_back(who + "." + o.id);
            }
    }
    if (flags.empty()) return {};
    std::string out = "<h2>Flags</h2><p class=\"muted\">Every flag starts unset; decision options and injects set and "
                      "clear them, triggers and conditional ratings test them.</p><table><thead><tr><th>Flag</th><th>Set by</th><th>Cleared by</th>"
                      "<th>Tested by</th></tr></thead>";
    for (const auto& [f, u] : flags)
        out += "<tr><td><code>" + h(f) + "</code></td><td>" + h(join(u.set)) + "</td><td>" + h(join(u.clear)) +
               "</td><td>" + h(join(u.tested)) + "</td></tr>";
    return out + "</table>";
}

std::string teams_table(const Scenario& s, bool with_ids) {
    std::string out = "<table><thead><tr><th>Team</th><th>Part</th><th>Roles</th></tr></thead>";
    for (const auto& t : s.teams) {
        out += "<tr><td><strong>" + h(t.name.empty() ? t.id : t.name) + "</strong>" +
               (with_ids ? " <code>" + h(t.id) + "</code>" : std::string()) + "</td><td>" + kind_label(t.kind) +
               "</td><td>";
        std::vector<std::string> roles;
        for (const auto& r : t.roles) {
            const Role* role = s.role(r);
            std::string line = "<strong>" + h(audience_name(s, r)) + "</strong>";
            if (role && !role->description.empty()) line += " — " + h(role->description);
            roles.push_back(line);
        }
        out += join(roles, "<br>") + "</td></tr>";
    }
    return out + "</table>";
}

std::string overview_facts(const Scenario& s) {
    std::string out = "<dl class=\"facts\">";
    if (s.duration != kNoTime) out += "<dt>Planned length</dt><dd>" + span(s.duration) + "</dd>";
    if (s.story.set()) out += "<dt>Story begins</dt><dd>" + h(story_start(s)) + "</dd>";
    if (!s.audience.empty()) {
        std::vector<std::string> a;
        for (const auto& x : s.audience) a.push_back(h(x));
        out += "<dt>For</dt><dd>" + join(a) + "</dd>";
    }
    if (!s.authors.empty()) {
        std::vector<std::string> a;
        for (const auto& x : s.authors) a.push_back(h(x));
        out += "<dt>Authors</dt><dd>" + join(a) + "</dd>";
    }
    return out + "</dl>";
}

std::vector<const Expectation*> tasks_for(const Scenario& s, const Objective* o) {
    std::vector<const Expectation*> out;
    for (const auto& inj : s.injects)
        for (const auto& e : inj.expect)
            if (o ? e.objective == o->id : e.objective.empty()) out.push_back(&e);
    return out;
}

std::string eeg_file(const Scenario& s, const Objective* o) {
    if (!o) return "eeg-other.html";
    const auto n = static_cast<int>(o - s.objectives.data()) + 1;
    char buf[32];
    std::snprintf(buf, sizeof buf, "eeg-%02d-", n);
    return buf + o->id + ".html";   // ids are letters, digits, '-' and '_'
}

} // namespace

// ---- the documents ----------------------------------------------------------------------

std::string situation_manual(const Scenario& s) {
    std::string b = "<h2>About this exercise</h2>" + md(s.summary) + overview_facts(s) + scope_html(s);
    b += "<h2>How the exercise runs</h2><ul>"
         "<li>The exercise is a discussion in a no-fault setting: it tests plans and decisions, not people.</li>"
         "<li>Respond with what your organisation has and does today, using only what you know at each moment.</li>"
         "<li>The facilitator opens each module with its situation below; messages (injects) then reach your team "
         "on cards or on screen, some asking for a decision.</li>"
         "<li>Say what you would do, who would do it and why; decisions and their reasons are recorded for the "
         "after-action report.</li>"
         "<li>The exercise clock is the facilitator's: time may move faster than in a real incident.</li>" +
         (s.story.set() ? "<li>The story has its own calendar, starting " + h(story_start(s)) +
                              "; the facilitator announces when it jumps ahead (“three days later”).</li>"
                        : std::string()) +
         "</ul>";
    if (!s.objectives.empty()) {
        b += "<h2>Objectives</h2><ol>";
        for (const auto& o : s.objectives) {
            if (red_objective(s, o.id)) continue;   // the red cell's aims are not the participants' to read
            b += "<li>" + h(o.text);
            if (!o.capability.empty()) b += " <span class=\"muted\">(" + h(capability_name(s, o.capability)) + ")</span>";
            b += "</li>";
        }
        b += "</ol>";
    }
    if (!s.teams.empty()) b += "<h2>Teams and roles</h2>" + teams_table(s, false);
    if (!s.stages.empty()) {
        b += "<h2>The situation, module by module</h2>";
        for (const auto& st : s.stages)
            b += "<h3>" + h(stage_title(s, st)) + "</h3>" + md(st.narrative) + questions_html(st.questions, Audience::participants);
    }
    return page(s, "Situation manual", Audience::participants, b);
}

std::string handbook(const Scenario& s, const attack::Catalog* catalog) {
    std::string b = "<h2>Overview</h2>" + md(s.summary) + overview_facts(s) + scope_html(s);
    b += "<dl class=\"facts\"><dt>ATT&amp;CK</dt><dd>" + h(s.attack.domain) + " " + h(s.attack.version) + "</dd>";
    if (!s.tags.empty()) b += "<dt>Tags</dt><dd>" + h(join(s.tags)) + "</dd>";
    b += "<dt>Injects</dt><dd>" + std::to_string(s.injects.size()) + "</dd></dl>";

    if (!s.objectives.empty()) {
        b += "<h2>Objectives</h2><table><thead><tr><th>Objective</th><th>Capability</th><th>Weight</th><th>Critical tasks</th></tr></thead>";
        for (const auto& o : s.objectives) {
            std::vector<std::string> ids;
            for (const auto* e : tasks_for(s, &o)) ids.push_back("<code>" + h(e->id) + "</code>");
            char w[32];
            std::snprintf(w, sizeof w, "%g", o.weight);
            b += "<tr><td>" + h(o.text) + "<br><code>" + h(o.id) + "</code></td><td>" +
                 h(capability_name(s, o.capability)) + "</td><td>" + w + "</td><td>" + join(ids, " ") + "</td></tr>";
        }
        b += "</table>";
        for (const auto& o : s.objectives)
            b += questions_html(o.hotwash, Audience::facilitators, "Hotwash: " + o.text);
    }
    if (!s.teams.empty()) b += "<h2>Teams and roles</h2>" + teams_table(s, true);

    b += "<h2 class=\"break\">Master scenario events list (MSEL)</h2><table class=\"msel\"><thead><tr><th>#</th><th>Delivered</th>"
         "<th>Inject</th><th>From → to</th><th>Channel</th><th>Severity</th><th>Notes</th></tr></thead>";
    for (const auto& inj : s.injects) {
        std::vector<std::string> notes;
        if (inj.benign) notes.push_back("benign");
        if (inj.decision) notes.push_back("decision");
        if (!inj.expect.empty()) notes.push_back(std::to_string(inj.expect.size()) + " expected");
        if (!inj.end.empty()) notes.push_back("ends: " + h(inj.end));
        b += "<tr><td class=\"num\">" + numbered(number(s, inj.id)) + "</td><td>" + h(trigger_text(s, inj)) +
             "</td><td>" + h(inj.title) + "<br><code>" + h(inj.id) + "</code></td><td>" +
             (inj.source.empty() ? std::string("—") : h(inj.source)) + " → " + audience_names(s, inj.to) + "</td><td>" +
             h(inj.channel) + "</td><td>" + severity_chip(inj.severity) + "</td><td>" + join(notes) + "</td></tr>";
    }
    b += "</table>";

    for (const auto& st : s.stages) {
        b += "<h2 class=\"break\">" + h(stage_title(s, st)) + "</h2><p class=\"muted\">";
        if (st.kind == StageKind::attack) {
            const auto* tac = catalog ? catalog->tactic(st.tactic) : nullptr;
            b += "Tactic: " + (tac ? h(tac->name) + " (" + h(tac->id) + ")" : h(st.tactic));
        } else {
            b += capitalized(stage_kind_text(st)) + " (outside the attack chain)";
        }
        b += " · stage <code>" + h(st.id) + "</code></p>" + md(st.narrative) +
             questions_html(st.questions, Audience::facilitators);
        if (auto it = s.red_moves.find(st.id); it != s.red_moves.end() && !it->second.empty()) {
            b += "<h3>Red moves</h3><table><thead><tr><th>Move</th><th>Technique</th><th>What red does</th><th>What defenders see</th></tr></thead>";
            for (const auto& m : it->second) {
                const auto* tech = catalog ? catalog->technique(m.technique) : nullptr;
                b += "<tr><td><code>" + h(m.id) + "</code></td><td>" + h(m.technique) +
                     (tech ? " " + h(tech->name) : std::string()) + "</td><td>" + h(m.description) + "</td><td>" +
                     h(m.observable) + "</td></tr>";
            }
            b += "</table>";
        }
        b += "<h3>Injects</h3>";
        for (const auto& inj : s.injects)
            if (inj.stage == st.id) b += inject_detail(s, inj, catalog);
    }

    b += flags_section(s);
    if (!s.endings.empty()) {
        b += "<h2>Endings</h2><table><thead><tr><th>Ending</th><th>Summary for the debrief</th><th>Reached by</th></tr></thead>";
        for (const auto& e : s.endings) {
            std::vector<std::string> by;
            for (const auto& inj : s.injects) {
                if (inj.end == e.id) by.push_back(numbered(number(s, inj.id)) + " " + h(inj.id));
                if (inj.decision)
                    for (const auto& o : inj.decision->options)
                        if (o.end == e.id) by.push_back(numbered(number(s, inj.id)) + " " + h(inj.id + "." + o.id));
            }
            b += "<tr><td><strong>" + h(e.title) + "</strong><br><code>" + h(e.id) + "</code></td><td>" + md(e.summary) +
                 "</td><td>" + join(by, "<br>") + "</td></tr>";
        }
        b += "</table>";
    }
    return page(s, "Facilitator and evaluator handbook", Audience::facilitators, b);
}

std::string inject_cards(const Scenario& s) {
    // What a participant may see of an inject: no id (ids can give the game
    // away), no techniques, no benign marker, no expectations, no option
    // consequences or ratings. The number matches the handbook's MSEL.
    std::string b = "<p class=\"small muted\">One card per inject; cut along the dashed lines. Hand a card to its "
                    "addressees when the MSEL says it is delivered. The number in the corner is its MSEL number.</p>"
                    "<div class=\"cards\">";
    for (const auto& inj : s.injects) {
        const std::string sev = to_string(inj.severity);
        b += "<section class=\"card\"><div class=\"band sev-" + sev + "\"><span class=\"channel\">" + h(inj.channel) +
             "</span><span>" + sev + " <span class=\"num\">" + numbered(number(s, inj.id)) + "</span></span></div>";
        b += "<div class=\"inner\"><h3>" + h(inj.title) + "</h3><div class=\"meta\">";
        if (!inj.source.empty()) b += "From " + h(inj.source) + " · ";
        b += "To " + audience_names(s, inj.to);
        if (const Stage* st = s.stage(inj.stage)) b += " · " + h(stage_title(s, *st));
        b += "</div><div class=\"body\">" + md(inj.body) + artifacts_html(s, inj.artifacts, Audience::participants) + "</div>";
        if (!inj.hunting.empty()) {
            b += "<div class=\"hunt\"><strong>Hunting prompts</strong><ul>";
            for (const auto& q : inj.hunting) b += "<li>" + h(q) + "</li>";
            b += "</ul></div>";
        }
        b += questions_html(inj.questions, Audience::participants, "Discuss");
        if (inj.decision) {
            const Decision& d = *inj.decision;
            b += "<div class=\"decide\"><strong>Decide:</strong> " + h(d.prompt) + "<br><span class=\"small muted\">By " +
                 audience_names(s, d.by.empty() ? inj.to : d.by) +
                 (d.timeout != kNoTime ? ", within " + span(d.timeout) : std::string()) + "</span><ul>";
            for (const auto& o : d.options) b += "<li>" + h(o.label) + "</li>";
            b += "</ul></div>";
        }
        b += "</div></section>\n";
    }
    b += "</div>";
    return page(s, "Inject cards", Audience::participants, b);
}

std::string evaluation_guide(const Scenario& s, const Objective* o) {
    const auto tasks = tasks_for(s, o);
    std::string b = "<dl class=\"facts\"><dt>Objective</dt><dd>" +
                    (o ? h(o->text) : std::string("Critical tasks that serve no single objective")) + "</dd>";
    if (o && !o->capability.empty()) b += "<dt>Capability</dt><dd>" + h(capability_name(s, o->capability)) + "</dd>";
    if (o) {
        FrameworkMapping m = o->frameworks;
        if (const Capability* c = s.capability(o->capability); c && m.empty()) m = c->frameworks;
        if (!m.empty()) b += "<dt>Framework</dt><dd>" + h(frameworks_text(m)) + "</dd>";
    }
    b += "<dt>Evaluator</dt><dd><span class=\"fill\"></span></dd><dt>Date</dt><dd><span class=\"fill\"></span></dd></dl>";
    b += "<p class=\"small\"><strong>Ratings</strong> (HSEEP): <strong>P</strong> performed without challenges · "
         "<strong>S</strong> performed with some challenges · <strong>M</strong> performed with major challenges · "
         "<strong>U</strong> unable to be performed. Tick one box per critical task.</p>";
    if (tasks.empty()) b += "<p class=\"muted\">No expectation of the scenario is tied to this objective.</p>";
    int n = 0;
    for (const Expectation* e : tasks) {
        const Inject* inj = s.inject(e->inject);
        char w[32];
        std::snprintf(w, sizeof w, "%g", e->weight);
        b += "<div class=\"task\"><h3>Task " + std::to_string(++n) + ": " +
             h(e->task.empty() ? expectation_task(s, *e) : e->task) + "</h3>";
        if (!e->task.empty()) b += "<p class=\"small muted\">" + h(expectation_task(s, *e)) + "</p>";
        b += "<p class=\"small\">After inject " + (inj ? numbered(number(s, inj->id)) + " “" + h(inj->title) + "”" : h(e->inject)) +
             " · capability " + h(capability_name(s, e->capability)) + " · weight " + w + " · <code>" + h(e->id) +
             "</code></p>";
        b += "<div class=\"ratings\">";
        for (const char* r : {"P", "S", "M", "U"}) b += "<span class=\"box\">" + std::string(r) + "</span>";
        b += "</div>";
        if (!e->guidance.empty()) {
            b += "<table class=\"guidance\"><thead><tr><th>Rating</th><th>Looks like</th></tr></thead>";
            for (const auto& [r, g] : e->guidance)
                b += "<tr><td><strong>" + std::string(to_string(r)) + "</strong></td><td>" + h(g) + "</td></tr>";
            b += "</table>";
        }
        b += "<p class=\"small muted\">Observations (what was done, by whom, when; strengths and areas for improvement):</p>" +
             lines(3) + "</div>";
    }
    b += "<h2>Overall</h2><p class=\"small muted\">Strengths and areas for improvement for this objective:</p>" +
         lines(5);
    return page(s, "Exercise evaluation guide", Audience::facilitators, b,
                o ? "EEG: " + o->text : std::string("EEG: other critical tasks"));
}

std::string feedback_form(const Scenario& s) {
    std::string b = "<dl class=\"facts\"><dt>Name (optional)</dt><dd><span class=\"fill\"></span></dd>"
                    "<dt>Team and role</dt><dd><span class=\"fill\"></span></dd></dl>"
                    "<p class=\"small\">Rate each statement from 1 to 5; answer the open questions in your own words.</p>";
    int n = 0;
    for (const auto& q : s.feedback_form()) {
        b += "<div class=\"q\"><strong>" + std::to_string(++n) + ".</strong> " + h(q.text);
        if (q.kind == FeedbackKind::scale) {
            b += "<div class=\"scale\">" + h(q.low);
            for (int i = 1; i <= 5; ++i) b += "<span class=\"box\">" + std::to_string(i) + "</span>";
            b += h(q.high) + "</div></div>";
        } else {
            b += lines(3) + "</div>";
        }
    }
    return page(s, "Participant feedback form", Audience::participants, b);
}

std::vector<Document> render(const Scenario& s, const attack::Catalog* catalog) {
    std::vector<Document> docs;
    docs.push_back({"sitman.html", "Situation manual", Audience::participants, situation_manual(s)});
    docs.push_back({"handbook.html", "Facilitator and evaluator handbook", Audience::facilitators, handbook(s, catalog)});
    docs.push_back({"inject-cards.html", "Inject cards", Audience::participants, inject_cards(s)});
    for (const auto& o : s.objectives)
        docs.push_back({eeg_file(s, &o), "Evaluation guide: " + o.text, Audience::facilitators, evaluation_guide(s, &o)});
    if (!tasks_for(s, nullptr).empty())
        docs.push_back({eeg_file(s, nullptr), "Evaluation guide: other critical tasks", Audience::facilitators,
                        evaluation_guide(s, nullptr)});
    docs.push_back({"feedback-form.html", "Participant feedback form", Audience::participants, feedback_form(s)});

    std::string b = "<p>Print each document on A4 (the browser's print dialog, or <code>ttx kit --format pdf</code>). "
                    "Participant documents may be handed out; keep the others with exercise control.</p>";
    for (Audience who : {Audience::participants, Audience::facilitators}) {
        b += who == Audience::participants ? "<h2>For participants</h2><ul class=\"docs\">"
                                           : "<h2>For facilitators and evaluators</h2><ul class=\"docs\">";
        for (const auto& d : docs)
            if (d.audience == who) b += "<li><a href=\"" + h(d.file) + "\">" + h(d.title) + "</a></li>";
        b += "</ul>";
    }
    docs.insert(docs.begin(), {"index.html", "Index", Audience::facilitators, page(s, "Exercise kit", Audience::facilitators, b)});
    return docs;
}

} // namespace sim::kit
