// sim/report/html.cpp — the After-Action Report / Improvement Plan as one
// self-contained HTML file: inline CSS, inline SVG charts (readiness gauge,
// kill-chain ribbon, capability bars), no script, nothing fetched. Prints on
// A4 (@page, page breaks before the long sections, rows never split).
#include "sim/report/detail.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>

namespace sim::report {

using namespace sim::scoring;

namespace {

std::string h(const std::string& s) { return html_escape(s); }

std::string num(double v, int decimals = 1) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

const char* level_color(int level) {
    switch (level) {
    case 1: return "#c0392b";
    case 2: return "#e67e22";
    case 3: return "#d4a017";
    case 4: return "#6aa84f";
    case 5: return "#1e7b34";
    default: return "#9aa3ad";
    }
}

std::string rating_chip(const std::optional<Rating>& r) {
    if (!r) return "<span class=\"chip chip-none\">—</span>";
    std::string s = to_string(*r);
    return "<span class=\"chip chip-" + s + "\">" + s + "</span>";
}

std::string level_badge(const Readiness& r) {
    if (!r.index) return "<span class=\"badge badge-0\">not rated</span>";
    return "<span class=\"badge\" style=\"background:" + std::string(level_color(r.level)) + "\">" +
           std::to_string(r.level) + " · " + maturity_name(r.level) + "</span>";
}

std::string score_cell(const std::optional<double>& v) {
    return v ? num(*v) : std::string("<span class=\"muted\">—</span>");
}

std::string clock_or_dash(ExTime t) { return t == kNoTime ? "—" : format_clock(t); }

// ---- SVG: readiness gauge -------------------------------------------------------------

std::string gauge_svg(const Readiness& r) {
    // A half dial: five maturity bands outside, the index as a filled arc
    // inside, a pointer on the bands, the number in the middle.
    const double cx = 130, cy = 130, radius = 100;
    auto point = [&](double v, double rad) {
        const double th = std::numbers::pi * (1.0 - v / 100.0);
        return num(cx + rad * std::cos(th)) + " " + num(cy - rad * std::sin(th));
    };
    auto arc = [&](double from, double to, double rad, const char* color, double width) {
        return "<path d=\"M " + point(from, rad) + " A " + num(rad) + " " + num(rad) + " 0 0 1 " + point(to, rad) +
               "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"" + num(width) + "\"/>";
    };
    std::string s = "<svg class=\"gauge\" viewBox=\"0 0 260 150\" role=\"img\" aria-label=\"Readiness index\">";
    const double bands[] = {0, 40, 55, 70, 85, 100};
    for (int i = 0; i < 5; ++i) s += arc(bands[i] + 0.3, bands[i + 1] - 0.3, radius + 12, level_color(i + 1), 7);
    s += arc(0, 100, radius - 8, "#e8ecf1", 18);
    if (r.index) {
        const double v = std::clamp(*r.index, 0.0, 100.0);
        if (v > 0.2) s += arc(0, v, radius - 8, level_color(r.level), 18);
        // pointer: a small triangle just outside the bands
        const double th = std::numbers::pi * (1.0 - v / 100.0);
        auto at = [&](double rad, double dth) {
            return num(cx + rad * std::cos(th + dth)) + "," + num(cy - rad * std::sin(th + dth));
        };
        s += "<polygon points=\"" + at(radius + 18, 0) + " " + at(radius + 30, 0.045) + " " + at(radius + 30, -0.045) +
             "\" fill=\"#1f2a44\"/>";
        s += "<text x=\"" + num(cx) + "\" y=\"" + num(cy - 14) + "\" text-anchor=\"middle\" class=\"g-value\">" + num(v) +
             "</text>";
    } else {
        s += "<text x=\"" + num(cx) + "\" y=\"" + num(cy - 14) + "\" text-anchor=\"middle\" class=\"g-value\">—</text>";
    }
    s += "<text x=\"" + num(cx - radius + 8) + "\" y=\"" + num(cy + 16) + "\" text-anchor=\"middle\" class=\"g-tick\">0</text>";
    s += "<text x=\"" + num(cx + radius - 8) + "\" y=\"" + num(cy + 16) + "\" text-anchor=\"middle\" class=\"g-tick\">100</text>";
    s += "</svg>";
    return s;
}

// ---- SVG: kill-chain ribbon ------------------------------------------------------------

std::vector<std::string> wrap(const std::string& text, size_t max_chars, size_t max_lines) {
    std::vector<std::string> lines;
    std::string cur;
    size_t i = 0;
    while (i <= text.size()) {
        size_t j = text.find(' ', i);
        if (j == std::string::npos) j = text.size();
        std::string word = text.substr(i, j - i);
        if (!cur.empty() && cur.size() + 1 + word.size() > max_chars) {
            lines.push_back(cur);
            cur.clear();
        }
        cur += (cur.empty() ? "" : " ") + word;
        i = j + 1;
    }
    if (!cur.empty()) lines.push_back(cur);
    if (lines.size() > max_lines) {
        lines.resize(max_lines);
        lines.back() += "…";
    }
    for (auto& l : lines)
        if (l.size() > max_chars + 1) l = l.substr(0, max_chars > 1 ? max_chars - 1 : 1) + "…";
    return lines;
}

std::string ribbon_svg(const ReportInput& in) {
    const auto& stages = in.scenario.stages;
    const auto& d = in.card.depth;
    const int n = static_cast<int>(stages.size());
    if (n == 0) return "<p class=\"muted\">The scenario defines no stages.</p>";
    const double W = 1000, top = 34, ch = 78, gap = 4;
    const double w = (W - gap * (n - 1)) / n;
    const double tip = std::min(14.0, w / 5);
    const size_t chars = static_cast<size_t>(std::max(4.0, (w - 2 * tip) / 7.6));
    std::vector<bool> reached(static_cast<size_t>(n), false);
    for (int i = std::max(0, d.first_reached); i <= d.furthest && i < n; ++i) reached[static_cast<size_t>(i)] = true;

    const bool stacked = d.detected >= 0 && d.detected == d.contained;
    std::string s = std::string("<svg class=\"ribbon\" viewBox=\"0 0 1000 ") + (stacked ? "190" : "156") +
                    "\" role=\"img\" aria-label=\"Kill chain\">";
    for (int i = 0; i < n; ++i) {
        const double x = i * (w + gap);
        const bool r = reached[static_cast<size_t>(i)];
        std::string pts = num(x) + "," + num(top) + " " + num(x + w - tip) + "," + num(top) + " " + num(x + w) + "," +
                          num(top + ch / 2) + " " + num(x + w - tip) + "," + num(top + ch) + " " + num(x) + "," +
                          num(top + ch) + (i ? " " + num(x + tip) + "," + num(top + ch / 2) : std::string());
        s += "<polygon points=\"" + pts + "\" fill=\"" + (r ? "#f6d5d1" : "#eef1f5") + "\" stroke=\"" +
             (r ? "#c0392b" : "#c9d0d8") + "\" stroke-width=\"1.2\"/>";
        const double tx = x + w / 2 + (i ? tip / 3 : 0);
        auto lines = wrap(tactic_name(stages[static_cast<size_t>(i)].tactic, in.catalog), chars, 2);
        double y = top + 24 + (lines.size() == 1 ? 6 : 0);
        for (const auto& l : lines) {
            s += "<text x=\"" + num(tx) + "\" y=\"" + num(y) + "\" text-anchor=\"middle\" class=\"rb-tactic" +
                 (r ? " rb-hit" : "") + "\">" + h(l) + "</text>";
            y += 14;
        }
        auto title = wrap(stages[static_cast<size_t>(i)].title, chars + 2, 1);
        if (!title.empty())
            s += "<text x=\"" + num(tx) + "\" y=\"" + num(top + ch - 10) + "\" text-anchor=\"middle\" class=\"rb-title\">" +
                 h(title[0]) + "</text>";
    }
    auto center = [&](int i) { return i * (w + gap) + w / 2; };
    if (d.furthest >= 0 && d.furthest < n) {
        const double x = center(d.furthest);
        s += "<path d=\"M " + num(x - 6) + " 18 L " + num(x + 6) + " 18 L " + num(x) + " 28 Z\" fill=\"#c0392b\"/>";
        s += "<text x=\"" + num(x) + "\" y=\"13\" text-anchor=\"middle\" class=\"rb-mark\" fill=\"#c0392b\">Attack reached</text>";
    }
    auto marker = [&](int i, double y, const char* color, const std::string& label) {
        const double x = center(i);
        s += "<path d=\"M " + num(x) + " " + num(y - 10) + " L " + num(x + 7) + " " + num(y) + " L " + num(x - 7) + " " +
             num(y) + " Z\" fill=\"" + color + "\"/>";
        s += "<text x=\"" + num(x) + "\" y=\"" + num(y + 15) + "\" text-anchor=\"middle\" class=\"rb-mark\" fill=\"" +
             color + "\">" + h(label) + "</text>";
    };
    if (d.detected >= 0 && d.detected < n)
        marker(d.detected, top + ch + 18, "#1f5fbf", "Detected +" + detail::metric_text(in.card.metrics.detect));
    if (d.contained >= 0 && d.contained < n)
        marker(d.contained, top + ch + (d.contained == d.detected ? 52 : 18), "#1e7b34",
               "Contained +" + detail::metric_text(in.card.metrics.contain));
    s += "</svg>";
    return s;
}

// ---- SVG: capability bars ----------------------------------------------------------------

std::string capability_bars_svg(const std::vector<GroupScore>& caps) {
    std::vector<const GroupScore*> rows;
    for (const auto& c : caps)
        if (c.stats.score) rows.push_back(&c);
    if (rows.empty()) return {};
    const double label_w = 200, bar_w = 590, row_h = 32, top = 24;
    const double height = top + rows.size() * row_h + 8;
    std::string s = "<svg class=\"bars\" viewBox=\"0 0 1000 " + num(height, 0) + "\" role=\"img\" aria-label=\"Capability scores\">";
    for (double t : {0.0, 40.0, 55.0, 70.0, 85.0, 100.0}) {
        const double x = label_w + bar_w * t / 100;
        s += "<line x1=\"" + num(x) + "\" y1=\"" + num(top - 4) + "\" x2=\"" + num(x) + "\" y2=\"" + num(height - 6) +
             "\" class=\"b-grid\"/>";
        s += "<text x=\"" + num(x) + "\" y=\"" + num(top - 8) + "\" text-anchor=\"middle\" class=\"b-tick\">" + num(t, 0) +
             "</text>";
    }
    double y = top;
    for (const auto* c : rows) {
        const double v = std::clamp(*c->stats.score, 0.0, 100.0);
        const int level = maturity_level(v);
        s += "<text x=\"" + num(label_w - 10) + "\" y=\"" + num(y + 20) + "\" text-anchor=\"end\" class=\"b-label\">" +
             h(c->name) + "</text>";
        s += "<rect x=\"" + num(label_w) + "\" y=\"" + num(y + 6) + "\" width=\"" + num(bar_w) +
             "\" height=\"18\" rx=\"3\" fill=\"#eef1f5\"/>";
        s += "<rect x=\"" + num(label_w) + "\" y=\"" + num(y + 6) + "\" width=\"" + num(bar_w * v / 100) +
             "\" height=\"18\" rx=\"3\" fill=\"" + level_color(level) + "\"/>";
        s += "<text x=\"" + num(label_w + bar_w + 10) + "\" y=\"" + num(y + 20) + "\" class=\"b-value\">" + num(v) +
             "</text>";
        const auto& k = c->stats.count;
        s += "<text x=\"" + num(label_w + bar_w + 70) + "\" y=\"" + num(y + 20) + "\" class=\"b-counts\">P" +
             std::to_string(k[0]) + " S" + std::to_string(k[1]) + " M" + std::to_string(k[2]) + " U" +
             std::to_string(k[3]) + "</text>";
        y += row_h;
    }
    s += "</svg>";
    return s;
}

// ---- the stylesheet ----------------------------------------------------------------------

const char* kCss = R"CSS(
:root{--ink:#1f2a44;--muted:#5f6b7a;--line:#d9dee5;--soft:#f5f7fa;--accent:#1f5fbf}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:#e9edf2;color:var(--ink);font:14px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif}
.page{max-width:1060px;margin:24px auto;background:#fff;padding:40px 48px 32px;box-shadow:0 2px 12px rgba(31,42,68,.12)}
header.cover{border-bottom:3px solid var(--ink);padding-bottom:18px;margin-bottom:8px}
.eyebrow{text-transform:uppercase;letter-spacing:.12em;font-size:11px;font-weight:700;color:var(--accent)}
h1{font-size:28px;line-height:1.2;margin:6px 0 8px}
h2{font-size:19px;margin:30px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:18px 0 6px}
p{margin:6px 0 10px}
.lede{color:var(--muted);font-size:15px;max-width:820px}
.meta{display:grid;grid-template-columns:repeat(4,1fr);gap:8px 20px;margin:14px 0 0}
.meta div{border-left:3px solid var(--line);padding-left:8px}
.meta dt{font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.meta dd{margin:0;font-weight:600;word-break:break-word}
.practice{display:inline-block;background:#fff3cd;color:#7a5b00;border:1px solid #e5c96a;border-radius:3px;padding:0 6px;font-size:12px;margin-left:6px}
.summary{display:grid;grid-template-columns:280px 1fr;gap:24px;align-items:center}
.gauge-card{text-align:center}
.gauge{width:260px;height:auto;overflow:visible}
.g-value{font-size:40px;font-weight:700;fill:var(--ink)}
.g-tick{font-size:11px;fill:var(--muted)}
.level-line{font-weight:700;font-size:15px;margin-top:-4px}
.kpis{display:grid;grid-template-columns:repeat(3,1fr);gap:10px}
.kpi{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:10px 12px}
.kpi .k{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.kpi .v{font-size:22px;font-weight:700;line-height:1.25}
.kpi .s{font-size:12px;color:var(--muted)}
.exec{background:var(--soft);border-left:4px solid var(--accent);padding:10px 14px;margin-top:16px}
figure{margin:10px 0 4px}
figcaption{font-size:12px;color:var(--muted);margin-top:2px}
.ribbon,.bars{width:100%;height:auto}
.rb-tactic{font-size:14px;font-weight:700;fill:#7a8594}
.rb-hit{fill:#8e2a1f}
.rb-title{font-size:12px;fill:#5f6b7a}
.rb-mark{font-size:14px;font-weight:700}
.b-label{font-size:15px;fill:var(--ink)}
.b-value{font-size:15px;font-weight:700;fill:var(--ink)}
.b-counts{font-size:12.5px;fill:var(--muted)}
.b-tick{font-size:12px;fill:var(--muted)}
.b-grid{stroke:#d9dee5;stroke-dasharray:3 3}
table{width:100%;border-collapse:collapse;margin:8px 0 14px;font-size:13px}
th{text-align:left;font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);border-bottom:2px solid var(--line);padding:6px 8px;vertical-align:bottom}
td{border-bottom:1px solid var(--line);padding:6px 8px;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.t{white-space:nowrap;font-variant-numeric:tabular-nums;color:var(--muted)}
tr.retracted td{color:#9aa3ad;text-decoration:line-through}
.chip{display:inline-block;min-width:22px;text-align:center;border-radius:3px;font-weight:700;font-size:12px;color:#fff;padding:0 5px}
.chip-P{background:#1e7b34}.chip-S{background:#6aa84f}.chip-M{background:#e67e22}.chip-U{background:#c0392b}
.chip-none{background:#c9d0d8;color:#444}
.badge{display:inline-block;border-radius:10px;color:#fff;font-size:12px;font-weight:700;padding:1px 9px;white-space:nowrap}
.badge-0{background:#c9d0d8;color:#444}
.muted{color:var(--muted)}
.small{font-size:12px}
.tag{display:inline-block;font-size:11px;color:var(--muted);background:var(--soft);border:1px solid var(--line);border-radius:3px;padding:0 5px;margin:2px 4px 0 0}
.findings{display:grid;grid-template-columns:1fr 1fr;gap:18px}
.findings ul{list-style:none;padding:0;margin:0}
.finding{border-left:4px solid var(--line);background:var(--soft);padding:8px 10px;margin:0 0 8px;border-radius:0 4px 4px 0}
.strength{border-left-color:#1e7b34}
.improve{border-left-color:#e67e22}
.grid{display:grid;gap:10px;grid-template-columns:repeat(auto-fill,minmax(150px,1fr))}
.col h4{margin:0 0 6px;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.tile{border-radius:4px;padding:6px 8px;margin-bottom:6px;font-size:12px;color:#fff}
.tile b{display:block;font-size:13px}
.o-blocked{background:#1e7b34}.o-alerted{background:#4f9a3a}.o-logged{background:#d4a017}.o-none{background:#c0392b}.o-na{background:#9aa3ad}
.legend span{display:inline-block;margin-right:12px;font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.empty{color:var(--muted);font-style:italic}
.status-done{color:#1e7b34;font-weight:700}.status-open{color:#c0392b;font-weight:700}.status-in-progress{color:#b7791f;font-weight:700}
footer{margin-top:28px;border-top:1px solid var(--line);padding-top:8px;font-size:11px;color:var(--muted)}
code{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px}
@page{size:A4;margin:14mm 12mm 16mm}
@media print{
 body{background:#fff;font-size:10.5pt}
 .page{max-width:none;margin:0;padding:0;box-shadow:none}
 .break{break-before:page}
 h2,h3{break-after:avoid}
 figure,.kpi,.finding,tr,.tile,.summary,.exec{break-inside:avoid}
 thead{display:table-header-group}
 .meta{grid-template-columns:repeat(4,1fr)}
 .summary{grid-template-columns:210px 1fr;gap:14px}
 .gauge{width:200px}
 .kpi{padding:6px 8px}
 .kpi .v{font-size:15pt}
 h1{font-size:20pt}
}
@media screen and (max-width:760px){.summary,.findings{grid-template-columns:1fr}.meta,.kpis{grid-template-columns:1fr 1fr}.page{padding:20px}}
)CSS";

// ---- sections ----------------------------------------------------------------------------

struct Html {
    const ReportInput& in;
    const detail::Names names;
    std::string out;

    explicit Html(const ReportInput& i) : in(i), names(i.scenario) {}

    void add(const std::string& s) { out += s; }

    void cover() {
        const auto& sc = in.scenario;
        const auto& m = in.meta;
        add("<header class=\"cover\"><div class=\"eyebrow\">After-Action Report / Improvement Plan</div>");
        add("<h1>" + h(sc.title.empty() ? sc.id : sc.title) + (m.practice ? "<span class=\"practice\">practice</span>" : "") +
            "</h1>");
        if (!sc.summary.empty()) add("<p class=\"lede\">" + h(sc.summary) + "</p>");
        add("<dl class=\"meta\">");
        auto item = [&](const std::string& k, const std::string& v) {
            add("<div><dt>" + h(k) + "</dt><dd>" + h(v.empty() ? "—" : v) + "</dd></div>");
        };
        item("Session", m.id);
        item("Date", format_wall(m.started_wall));
        item("Mode", in.card.mode + (in.card.mode == "purple" ? " (red + blue)" : ""));
        item("Exercise time", format_clock(in.card.end) + (in.card.ended ? "" : " (still running)"));
        item("Scenario", sc.id + " v" + sc.version);
        item("Participants", std::to_string(m.participants.size()));
        std::string status = m.status.empty() ? (in.card.ended ? "ended" : "running") : m.status;
        if (!in.card.ending.empty()) {
            std::string title = in.card.ending;
            for (const auto& e : sc.endings)
                if (e.id == in.card.ending && !e.title.empty()) title = e.title;
            status += " — " + title;
        }
        item("Status", status);
        item("ATT&CK", sc.attack.domain + " v" + sc.attack.version);
        add("</dl></header>");
    }

    void kpi(const std::string& k, const std::string& v, const std::string& sub) {
        add("<div class=\"kpi\"><div class=\"k\">" + h(k) + "</div><div class=\"v\">" + h(v) + "</div><div class=\"s\">" +
            h(sub) + "</div></div>");
    }

    void summary() {
        const auto& c = in.card;
        add("<section id=\"summary\"><h2>1. Executive summary</h2><div class=\"summary\"><div class=\"gauge-card\">");
        add(gauge_svg(c.readiness));
        add("<div class=\"level-line\" style=\"color:" + std::string(level_color(c.readiness.level)) + "\">" +
            (c.readiness.index ? "Maturity level " + std::to_string(c.readiness.level) + " · " +
                                     maturity_name(c.readiness.level)
                               : std::string("Not rated yet")) +
            "</div><div class=\"small muted\">Readiness index, 0–100</div></div><div class=\"kpis\">");
        const auto& st = c.overall_stats;
        kpi("Expectations met", std::to_string(st.count[0] + st.count[1]) + " / " + std::to_string(st.applicable),
            "rated P or S" + (st.pending ? " · " + std::to_string(st.pending) + " pending" : std::string()));
        kpi("Time to detect", detail::metric_text(c.metrics.detect),
            c.depth.detected >= 0 ? "at " + detail::stage_label(in, c.depth.detected) : "attack not detected");
        kpi("Time to contain", detail::metric_text(c.metrics.contain),
            c.depth.contained >= 0 ? "at " + detail::stage_label(in, c.depth.contained) : "attack not contained");
        kpi("Attack reached", detail::stage_label(in, c.depth.furthest),
            c.depth.furthest >= 0 ? "stage " + std::to_string(c.depth.furthest + 1) + " of " + std::to_string(c.depth.stages)
                                  : "no malicious inject delivered");
        kpi("Alert accuracy", c.alerts.accuracy ? num(*c.alerts.accuracy * 100, 0) + "%" : "—",
            std::to_string(c.alerts.benign_escalated) + " false positive(s), " +
                std::to_string(c.alerts.malicious_dismissed) + " missed");
        if (c.purple.coverage)
            kpi("Purple coverage", num(*c.purple.coverage, 0) + "%",
                std::to_string(c.purple.blocked + c.purple.alerted) + " of " +
                    std::to_string(c.purple.results.size() - static_cast<size_t>(c.purple.not_applicable)) +
                    " techniques blocked or alerted");
        else
            kpi("Timeliness", st.timeliness ? num(*st.timeliness, 0) + "%" : "—", "responses within their window");
        add("</div></div><p class=\"exec\">" + h(detail::executive_summary(in)) + "</p>");
        if (!in.meta.participants.empty()) {
            add("<p class=\"small\"><b>Participants:</b> ");
            for (size_t i = 0; i < in.meta.participants.size(); ++i) {
                const auto& p = in.meta.participants[i];
                std::vector<std::string> where;
                if (!p.role.empty()) where.push_back(names.role(p.role));
                if (!p.team.empty()) where.push_back(names.team(p.team));
                add((i ? "; " : "") + h(p.name));
                if (!where.empty()) add(" <span class=\"muted\">(" + h(where[0] + (where.size() > 1 ? ", " + where[1] : "")) + ")</span>");
            }
            add("</p>");
        }
        add("</section>");
    }

    void killchain() {
        const auto& d = in.card.depth;
        add("<section id=\"killchain\"><h2>2. Attack progression on the kill chain</h2><figure>");
        add(ribbon_svg(in));
        std::string cap = "The scenario's stages as ATT&CK tactics, left to right. Shaded stages are those the attack reached";
        if (d.first_reached >= 0)
            cap += " (from " + detail::stage_label(in, d.first_reached) + " to " + detail::stage_label(in, d.furthest) + ")";
        cap += ". Detection depth score " + detail::score_text(d.score) + ": detected " +
               (d.detected >= 0 ? "at stage " + std::to_string(d.detected + 1) + " of " + std::to_string(d.stages) + " (" +
                                      detail::score_text(d.detect_score) + ")"
                                : std::string("never (0)")) +
               ", contained " +
               (d.contained >= 0 ? "at stage " + std::to_string(d.contained + 1) + " (" +
                                       detail::score_text(d.contain_score) + ")"
                                 : std::string("never (0)")) +
               ".";
        add("<figcaption>" + h(cap) + "</figcaption></figure></section>");
    }

    void readiness() {
        const auto& c = in.card;
        add("<section id=\"readiness\"><h2>3. Readiness index</h2>");
        add("<p>The index is a weighted mean of the components that have data; components without data are left out "
            "and the remaining weights rescaled. Maturity: 1 Initial &lt;40, 2 Developing &lt;55, 3 Defined &lt;70, "
            "4 Managed &lt;85, 5 Optimized ≥85.</p>");
        add("<table><thead><tr><th>Component</th><th class=\"n\">Weight</th><th class=\"n\">Value</th><th class=\"n\">"
            "Contribution</th><th>From</th></tr></thead><tbody>");
        double wsum = 0;
        for (const auto& comp : c.readiness.components)
            if (comp.value) wsum += comp.weight;
        for (const auto& comp : c.readiness.components) {
            std::string from;
            if (comp.name == "expectations") from = std::to_string(c.overall_stats.applicable) + " rated expectations, weighted";
            else if (comp.name == "timeliness") from = "share of responses within their window";
            else if (comp.name == "detection-depth") from = "tactic where first detected and first contained";
            else if (comp.name == "alert-quality") from = "correct dismiss/escalate verdicts";
            else from = "blocked + alerted + ½ logged techniques";
            add("<tr><td>" + h(comp.name) + "</td><td class=\"n\">" + num(comp.weight, 0) + "</td><td class=\"n\">" +
                score_cell(comp.value) + "</td><td class=\"n\">" +
                (comp.value && wsum > 0 ? num(comp.weight * *comp.value / wsum) : std::string("—")) + "</td><td class=\"small muted\">" +
                h(from) + "</td></tr>");
        }
        add("<tr><td><b>Readiness index</b></td><td></td><td></td><td class=\"n\"><b>" + score_cell(c.readiness.index) +
            "</b></td><td>" + level_badge(c.readiness) + "</td></tr></tbody></table>");

        if (!c.teams.empty()) {
            add("<h3>By team</h3><table><thead><tr><th>Team</th><th class=\"n\">Expectations</th><th class=\"n\">Timeliness"
                "</th><th class=\"n\">Depth</th><th class=\"n\">Alert quality</th><th class=\"n\">Purple</th><th class=\"n\">"
                "Readiness</th><th>Maturity</th></tr></thead><tbody>");
            for (const auto& t : c.teams)
                add("<tr><td>" + h(t.group.name) + "</td><td class=\"n\">" + score_cell(t.group.stats.score) +
                    "</td><td class=\"n\">" + score_cell(t.group.stats.timeliness) + "</td><td class=\"n\">" +
                    score_cell(t.depth.score) + "</td><td class=\"n\">" + score_cell(t.alerts.score) + "</td><td class=\"n\">" +
                    score_cell(t.purple.coverage) + "</td><td class=\"n\"><b>" + score_cell(t.group.readiness.index) +
                    "</b></td><td>" + level_badge(t.group.readiness) + "</td></tr>");
            add("</tbody></table>");
        }
        if (!c.roles.empty()) {
            add("<h3>By role</h3><table><thead><tr><th>Role</th><th class=\"n\">Rated</th><th class=\"n\">P</th><th class=\"n\">S"
                "</th><th class=\"n\">M</th><th class=\"n\">U</th><th class=\"n\">Score</th><th class=\"n\">Timeliness</th>"
                "<th class=\"n\">Readiness</th><th>Maturity</th></tr></thead><tbody>");
            for (const auto& g : c.roles) group_row(g);
            add("</tbody></table>");
        }
        add("</section>");
    }

    void group_row(const GroupScore& g) {
        const auto& k = g.stats.count;
        add("<tr><td>" + h(g.name) + "</td><td class=\"n\">" + std::to_string(g.stats.applicable) + "</td><td class=\"n\">" +
            std::to_string(k[0]) + "</td><td class=\"n\">" + std::to_string(k[1]) + "</td><td class=\"n\">" +
            std::to_string(k[2]) + "</td><td class=\"n\">" + std::to_string(k[3]) + "</td><td class=\"n\">" +
            score_cell(g.stats.score) + "</td><td class=\"n\">" + score_cell(g.stats.timeliness) + "</td><td class=\"n\"><b>" +
            score_cell(g.readiness.index) + "</b></td><td>" + level_badge(g.readiness) + "</td></tr>");
    }

    void capabilities() {
        const auto& c = in.card;
        add("<section id=\"capabilities\"><h2>4. Objectives and capabilities</h2>");
        if (!c.objectives.empty()) {
            add("<table><thead><tr><th>Objective</th><th>Capability</th><th class=\"n\">Weight</th><th>Ratings</th>"
                "<th class=\"n\">Score</th><th>Result</th></tr></thead><tbody>");
            for (size_t i = 0; i < c.objectives.size(); ++i) {
                const auto& g = c.objectives[i];
                const Objective& o = in.scenario.objectives[i];
                std::string chips;
                for (const auto& id : g.stats.expectations)
                    if (const auto* e = c.expectation(id); e && e->final_rating) chips += rating_chip(e->final_rating) + " ";
                std::string result = !g.stats.score ? "<span class=\"muted\">not assessed</span>"
                                     : *g.stats.score >= 75 ? "<span class=\"status-done\">Met</span>"
                                     : *g.stats.score >= 40 ? "<span class=\"status-in-progress\">Partly met</span>"
                                                            : "<span class=\"status-open\">Not met</span>";
                add("<tr><td>" + h(o.text) + "</td><td>" + h(names.capability(o.capability)) + "</td><td class=\"n\">" +
                    num(o.weight, 1) + "</td><td>" + (chips.empty() ? "<span class=\"muted\">—</span>" : chips) +
                    "</td><td class=\"n\">" + score_cell(g.stats.score) + "</td><td>" + result + "</td></tr>");
            }
            add("</tbody></table>");
        }
        std::string bars = capability_bars_svg(c.capabilities);
        if (!bars.empty())
            add("<figure>" + bars +
                "<figcaption>Capability scores: weighted mean of rating points (P 100, S 75, M 40, U 0) after "
                "timeliness; dashed lines mark the maturity thresholds.</figcaption></figure>");
        if (c.capabilities.empty())
            add("<p class=\"empty\">No expectations were assessed.</p>");
        else {
            add("<table><thead><tr><th>Capability</th><th class=\"n\">Rated</th><th class=\"n\">P</th><th class=\"n\">S</th>"
                "<th class=\"n\">M</th><th class=\"n\">U</th><th class=\"n\">Score</th><th class=\"n\">Timeliness</th>"
                "<th class=\"n\">Readiness</th><th>Maturity</th></tr></thead><tbody>");
            for (const auto& g : c.capabilities) group_row(g);
            add("</tbody></table>");
        }
        add("</section>");
    }

    void metrics() {
        const auto& c = in.card;
        add("<section id=\"metrics\"><h2>5. Time metrics and alert quality</h2>");
        add("<p class=\"small muted\">Exercise-clock time from the first malicious inject (" + h(clock_or_dash(c.start)) +
            ") to the first evidence of each response.</p>");
        add("<table><thead><tr><th>Team</th><th class=\"n\">Detect</th><th class=\"n\">Acknowledge</th><th class=\"n\">"
            "Escalate</th><th class=\"n\">Contain</th><th class=\"n\">Recover</th></tr></thead><tbody>");
        auto row = [&](const std::string& name, const TimeMetrics& m, bool bold) {
            std::string b1 = bold ? "<b>" : "", b2 = bold ? "</b>" : "";
            add("<tr><td>" + b1 + h(name) + b2 + "</td>");
            for (const Metric* x : {&m.detect, &m.acknowledge, &m.escalate, &m.contain, &m.recover})
                add("<td class=\"n\">" + b1 + h(detail::metric_text(*x)) + b2 +
                    (x->value ? "<div class=\"small muted\">#" + std::to_string(x->seq) + "</div>" : std::string()) + "</td>");
            add("</tr>");
        };
        for (const auto& t : c.teams) row(t.group.name, t.metrics, false);
        if (c.teams.size() != 1) row("All teams (earliest)", c.metrics, true);
        add("</tbody></table>");

        const auto& q = c.alerts;
        add("<h3>Alert quality</h3><table><thead><tr><th>Alerts</th><th class=\"n\">Delivered</th><th class=\"n\">"
            "Dismissed</th><th class=\"n\">Escalated</th><th class=\"n\">No verdict</th></tr></thead><tbody>");
        add("<tr><td>Benign (noise, false positives)</td><td class=\"n\">" + std::to_string(q.benign_total) +
            "</td><td class=\"n\">" + std::to_string(q.benign_dismissed) + " ✓</td><td class=\"n\">" +
            std::to_string(q.benign_escalated) + (q.benign_escalated ? " ✗" : "") + "</td><td class=\"n\">" +
            std::to_string(q.benign_total - q.benign_dismissed - q.benign_escalated) + "</td></tr>");
        add("<tr><td>Malicious (real attack)</td><td class=\"n\">" + std::to_string(q.malicious_total) +
            "</td><td class=\"n\">" + std::to_string(q.malicious_dismissed) + (q.malicious_dismissed ? " ✗" : "") +
            "</td><td class=\"n\">" + std::to_string(q.malicious_escalated) + " ✓</td><td class=\"n\">" +
            std::to_string(q.malicious_total - q.malicious_dismissed - q.malicious_escalated) + "</td></tr></tbody></table>");
        add("<p class=\"small\">Precision (real escalations ÷ all escalations): <b>" +
            (q.precision ? num(*q.precision * 100, 0) + "%" : std::string("—")) +
            "</b> · Verdict accuracy: <b>" + (q.accuracy ? num(*q.accuracy * 100, 0) + "%" : std::string("—")) +
            "</b></p></section>");
    }

    void purple() {
        const auto& c = in.card;
        if (c.mode != "purple" && c.purple.results.empty()) return;
        add("<section id=\"purple\"><h2>Purple-team outcomes</h2>");
        if (c.purple.results.empty()) {
            add("<p class=\"empty\">No purple outcomes were recorded.</p></section>");
            return;
        }
        add("<p>Coverage <b>" + detail::score_text(c.purple.coverage, 0) +
            "%</b> = (blocked + alerted + ½ logged) ÷ techniques assessed (n/a excluded).</p>");
        add("<div class=\"legend\"><span><i class=\"o-blocked\"></i>Blocked " + std::to_string(c.purple.blocked) +
            "</span><span><i class=\"o-alerted\"></i>Alerted " + std::to_string(c.purple.alerted) +
            "</span><span><i class=\"o-logged\"></i>Logged " + std::to_string(c.purple.logged) +
            "</span><span><i class=\"o-none\"></i>None " + std::to_string(c.purple.none) +
            "</span><span><i class=\"o-na\"></i>N/A " + std::to_string(c.purple.not_applicable) + "</span></div>");
        // Group the techniques by tactic, kill-chain order.
        const auto outcomes = detail::technique_outcomes(in);
        std::map<std::string, std::string> tactic_of;
        for (const auto& o : outcomes) tactic_of.emplace(o.technique, o.tactic);
        const attack::Catalog& cat = in.catalog ? *in.catalog : attack::builtin_catalog();
        std::map<int, std::pair<std::string, std::vector<const PurpleResult*>>> columns;
        for (const auto& r : c.purple.results) {
            std::string tactic = tactic_of.count(r.technique) ? tactic_of[r.technique] : std::string();
            const attack::Tactic* t = cat.tactic(tactic);
            int order = t ? t->order : 99;
            auto& col = columns[order];
            col.first = tactic.empty() ? "Other" : tactic_name(tactic, in.catalog);
            col.second.push_back(&r);
        }
        add("<div class=\"grid\">");
        for (const auto& [order, col] : columns) {
            add("<div class=\"col\"><h4>" + h(col.first) + "</h4>");
            for (const PurpleResult* r : col.second) {
                std::string o = to_string(r->outcome);
                std::string cls = r->outcome == PurpleOutcome::not_applicable ? "o-na" : "o-" + o;
                const attack::Technique* tech = cat.technique(r->technique);
                add("<div class=\"tile " + cls + "\"><b>" + h(r->technique) + "</b>" +
                    (tech ? h(tech->name) + "<br>" : std::string()) + h(o) +
                    (r->detected_at ? " · " + h(format_clock(*r->detected_at)) : std::string()) + "</div>");
            }
            add("</div>");
        }
        add("</div></section>");
    }

    void red() {
        const auto& c = in.card;
        if (c.mode == "blue" && c.red.moves.empty()) return;
        const auto& r = c.red;
        add("<section id=\"red\"><h2>Red-team view</h2><div class=\"kpis\">");
        kpi("Stages reached", std::to_string(r.stages_reached) + " / " + std::to_string(r.stages_total),
            "furthest: " + detail::stage_label(in, r.furthest));
        kpi("Objective", r.objective_reached ? "Reached" : "Not reached",
            r.time_to_objective ? "in " + format_duration(*r.time_to_objective) : std::string("final stage not reached"));
        kpi("Undetected moves", std::to_string(r.undetected) + " / " + std::to_string(r.moves.size()), "red moves that went unseen");
        add("</div>");
        if (!r.moves.empty()) {
            add("<table><thead><tr><th>Time</th><th>Tactic</th><th>Move</th><th>Technique</th><th>Detected</th>"
                "</tr></thead><tbody>");
            for (const auto& m : r.moves) {
                std::string move = m.move;
                if (auto it = in.scenario.red_moves.find(m.stage); it != in.scenario.red_moves.end())
                    for (const auto& rm : it->second)
                        if (rm.id == m.move && !rm.description.empty()) move = rm.description;
                add("<tr><td class=\"t\">" + h(format_clock(m.t)) + "</td><td>" + h(detail::stage_label(in, m.stage_index)) +
                    "</td><td>" + h(move) + "</td><td><code>" + h(m.technique) + "</code></td><td>" +
                    (m.detected ? "<span class=\"status-done\">yes</span>" : "<span class=\"status-open\">no</span>") +
                    " <span class=\"small muted\">" + h(m.why) + "</span></td></tr>");
            }
            add("</tbody></table>");
        }
        add("</section>");
    }

    std::string sources(const Finding& f) {
        std::string s;
        if (!f.expectation.empty()) s += "<span class=\"tag\">expectation " + h(f.expectation) + "</span>";
        if (!f.inject.empty()) s += "<span class=\"tag\">inject " + h(f.inject) + "</span>";
        if (!f.capability.empty()) s += "<span class=\"tag\">" + h(names.capability(f.capability)) + "</span>";
        if (!f.decision_option.empty()) s += "<span class=\"tag\">decision " + h(f.decision_option) + "</span>";
        if (f.seq) s += "<span class=\"tag\">event #" + std::to_string(f.seq) + "</span>";
        return s;
    }

    void findings() {
        const auto& c = in.card;
        add("<section id=\"findings\" class=\"break\"><h2>6. Strengths and areas for improvement</h2><div class=\"findings\">");
        add("<div><h3>Strengths</h3>");
        if (c.strengths.empty()) add("<p class=\"empty\">None recorded.</p>");
        add("<ul>");
        for (const auto& f : c.strengths)
            add("<li class=\"finding strength\">" + h(f.text) + "<div>" + sources(f) + "</div></li>");
        add("</ul></div><div><h3>Areas for improvement</h3>");
        if (c.improvements.empty()) add("<p class=\"empty\">None recorded.</p>");
        add("<ul>");
        for (const auto& f : c.improvements)
            add("<li class=\"finding improve\">" + h(f.text) + "<div>" + sources(f) + "</div></li>");
        add("</ul></div></div></section>");
    }

    void plan() {
        add("<section id=\"plan\"><h2>7. Improvement plan</h2>");
        if (in.actions.empty())
            add("<p class=\"empty\">No improvement actions: every assessed expectation was rated P or S and no note was "
                "marked as an action.</p>");
        else {
            add("<table><thead><tr><th class=\"n\">#</th><th>Action</th><th>Capability</th><th>Owner</th><th>Due</th>"
                "<th>Status</th><th>Source</th></tr></thead><tbody>");
            for (const auto& a : in.actions)
                add("<tr><td class=\"n\">" + std::to_string(a.number) + "</td><td>" + h(a.text) + "</td><td>" +
                    h(a.capability.empty() ? "—" : names.capability(a.capability)) + "</td><td>" +
                    h(a.owner.empty() ? "unassigned" : a.owner) + "</td><td class=\"t\">" + h(a.due.empty() ? "—" : a.due) +
                    "</td><td class=\"status-" + to_string(a.status) + "\">" + h(to_string(a.status)) +
                    "</td><td class=\"small muted\">" + h(a.key) + (a.source_seq ? " · #" + std::to_string(a.source_seq) : "") +
                    "</td></tr>");
            add("</tbody></table>");
        }
        if (!in.earlier.empty()) {
            int closed = 0;
            for (const auto& a : in.earlier) closed += a.status == ActionStatus::done;
            add("<h3>Follow-up on earlier actions</h3><p>" + std::to_string(closed) + " of " +
                std::to_string(in.earlier.size()) + " actions from earlier exercises of the same teams are closed.</p>");
            add("<table><thead><tr><th>Session</th><th class=\"n\">#</th><th>Action</th><th>Owner</th><th>Due</th><th>"
                "Status</th></tr></thead><tbody>");
            for (const auto& a : in.earlier)
                add("<tr><td class=\"small\">" + h(a.session) + "<div class=\"muted\">" + h(format_date(a.session_started)) +
                    "</div></td><td class=\"n\">" + std::to_string(a.number) + "</td><td>" + h(a.text) + "</td><td>" +
                    h(a.owner.empty() ? "unassigned" : a.owner) + "</td><td class=\"t\">" + h(a.due.empty() ? "—" : a.due) +
                    "</td><td class=\"status-" + to_string(a.status) + "\">" +
                    (a.status == ActionStatus::done ? "closed" : "still " + std::string(to_string(a.status))) +
                    "</td></tr>");
            add("</tbody></table>");
        }
        add("</section>");
    }

    void evaluation() {
        const auto& c = in.card;
        add("<section id=\"evaluation\" class=\"break\"><h2>8. Expectation evaluation</h2>");
        add("<p class=\"small muted\">Every expectation of the scenario, with the rating given, when the team responded, "
            "and what counts after timeliness. “↓ late” marks a response after the deadline, which drops the rating one "
            "level. Event numbers (#) refer to the session journal.</p>");
        add("<table><thead><tr><th>Expectation</th><th>Inject</th><th>Deadline</th><th>Response</th><th>Given</th>"
            "<th>Final</th><th class=\"n\">Points</th></tr></thead><tbody>");
        for (const auto& e : c.expectations) {
            std::string exp = "<b>" + h(e.id) + "</b><div class=\"small muted\">" + h(to_string(e.action)) + " by " +
                              h(names.by(e.by)) + " · " + h(names.capability(e.capability)) + " · weight " + num(e.weight, 1) +
                              "</div>";
            if (e.state == ExpectationState::not_applicable) {
                add("<tr><td>" + exp + "</td><td>" + h(names.inject_title(e.inject)) +
                    "</td><td colspan=\"5\" class=\"muted\">not applicable: inject never delivered</td></tr>");
                continue;
            }
            std::string response = e.response_at == kNoTime
                                       ? std::string("<span class=\"muted\">none</span>")
                                       : h(format_clock(e.response_at)) + "<div class=\"small muted\">" + h(e.response_kind) +
                                             " #" + std::to_string(e.response_seq) + "</div>";
            std::string given = e.given ? rating_chip(e.given) + " <span class=\"small muted\">" + h(e.given_source) + " #" +
                                              std::to_string(e.given_seq) +
                                              (e.decision_option.empty() ? std::string()
                                                                         : ", option " + h(e.decision_option)) +
                                              "</span>"
                                        : std::string("<span class=\"muted\">—</span>");
            if (!e.note.empty()) given += "<div class=\"small\">“" + h(e.note) + "”</div>";
            std::string fin = e.state == ExpectationState::pending ? std::string("<span class=\"muted\">pending</span>")
                                                                   : rating_chip(e.final_rating);
            if (e.late) fin += " <span class=\"small status-open\">↓ late</span>";
            if (e.no_response) fin += " <span class=\"small status-open\">no response</span>";
            add("<tr><td>" + exp + "</td><td>" + h(names.inject_title(e.inject)) + "<div class=\"small muted\">delivered " +
                h(format_clock(e.delivered_at)) + "</div></td><td class=\"t\">" + h(clock_or_dash(e.deadline)) + "</td><td>" +
                response + "</td><td>" + given + "</td><td>" + fin + "</td><td class=\"n\">" +
                (e.final_rating ? num(e.points, 0) : std::string("—")) + "</td></tr>");
        }
        add("</tbody></table>");
        bool any_retracted = false;
        for (const auto& e : c.expectations)
            for (const auto& r : e.audit) any_retracted |= r.retracted;
        if (any_retracted) {
            add("<h3>Retracted ratings</h3><table><thead><tr><th>Expectation</th><th>Time</th><th>Rating</th><th>Source</th>"
                "<th>Note</th></tr></thead><tbody>");
            for (const auto& e : c.expectations)
                for (const auto& r : e.audit)
                    if (r.retracted)
                        add("<tr class=\"retracted\"><td>" + h(e.id) + "</td><td class=\"t\">" + h(format_clock(r.t)) +
                            "</td><td>" + h(to_string(r.rating)) + "</td><td>" + h(r.source) + " #" + std::to_string(r.seq) +
                            "</td><td>" + h(r.note) + "</td></tr>");
            add("</tbody></table>");
        }
        add("</section>");
    }

    void timeline() {
        add("<section id=\"timeline\" class=\"break\"><h2>9. Timeline of injects and decisions</h2>");
        const auto entries = detail::timeline(in, names);
        if (entries.empty()) {
            add("<p class=\"empty\">The journal is empty.</p></section>");
            return;
        }
        add("<table><thead><tr><th>Time</th><th class=\"n\">#</th><th>Event</th></tr></thead><tbody>");
        for (const auto& e : entries) {
            std::string icon = e.kind == "inject"     ? "▶ "
                               : e.kind == "decision" ? "◆ "
                               : e.kind == "rating"   ? "★ "
                               : e.kind == "red"      ? "✦ "
                                                      : "";
            add(std::string("<tr") + (e.retracted ? " class=\"retracted\"" : "") + "><td class=\"t\">" + h(format_clock(e.t)) +
                "</td><td class=\"n small muted\">" + std::to_string(e.seq) + "</td><td>" +
                (e.kind == "inject" || e.kind == "decision" ? "<b>" + icon + h(e.what) + "</b>" : icon + h(e.what)) +
                (e.retracted ? " (retracted)" : "") +
                (e.detail.empty() ? std::string() : "<div class=\"small muted\">" + h(e.detail) + "</div>") + "</td></tr>");
        }
        add("</tbody></table></section>");
    }

    void method() {
        add("<section id=\"method\"><h2>Appendix: how the scores are computed</h2><p class=\"small\">Each expectation "
            "earns points for its rating: P (performed without challenges) 100, S (some challenges) 75, M (major "
            "challenges) 40, U (unable to be performed) 0. The latest non-retracted rating counts; a matching status "
            "with no rating counts as P. A response after the expectation's deadline drops the rating one level; no "
            "response by the end is U. Expectations of injects never delivered are not applicable. Capability, "
            "objective, team and role scores are weighted means over their expectations. Detection depth is the mean "
            "of 100×(stages − stage detected)/stages and the same for containment. The readiness index weighs "
            "expectations 50, timeliness 15, detection depth 15, alert quality 10 and purple coverage 10, over the "
            "components with data. Full model: docs/scoring.md.</p></section>");
    }

    void footer() {
        const auto& c = in.card;
        add("<footer>Generated by ttx from " + std::to_string(c.events) + " journal events (" +
            std::to_string(c.retracted) + " retracted) · session " + h(in.meta.id) + " · scenario " + h(in.scenario.id) +
            " v" + h(in.scenario.version) +
            (in.meta.scenario_sha256.empty() ? std::string() : " · sha256 " + h(in.meta.scenario_sha256.substr(0, 16)) + "…") +
            " · report schema " + kJsonSchema + "</footer>");
    }
};

} // namespace

std::string render_html(const ReportInput& in) {
    Html doc(in);
    doc.out.reserve(16384 + in.journal.size() * 200);
    const std::string title = in.scenario.title.empty() ? in.scenario.id : in.scenario.title;
    doc.add("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>After-Action Report — " + h(title) + "</title><style>");
    doc.add(kCss);
    doc.add("</style></head><body><main class=\"page\">");
    doc.cover();
    doc.summary();
    doc.killchain();
    doc.readiness();
    doc.capabilities();
    doc.metrics();
    doc.purple();
    doc.red();
    doc.findings();
    doc.plan();
    doc.evaluation();
    doc.timeline();
    doc.method();
    doc.footer();
    doc.add("</main></body></html>\n");
    return std::move(doc.out);
}

} // namespace sim::report
