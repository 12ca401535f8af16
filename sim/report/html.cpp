// sim/report/html.cpp — the report document as one self-contained HTML file:
// the stylesheet inlined from assets/report/report.css, inline SVG figures
// (readiness gauge, kill-chain ribbon, capability bars), no script, nothing
// fetched. Prints on A4 (@page, page breaks before the long sections, rows
// never split). Renders doc::Document; decides no content.
#include "sim/report/document.hpp"
#include "sim/report/embedded.hpp"
#include "sim/report/markdown_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

namespace sim::report {

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

// ---- SVG: readiness gauge -------------------------------------------------------------

std::string gauge_svg(const doc::Gauge& r) {
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

std::string ribbon_svg(const doc::Ribbon& rb) {
    const int n = static_cast<int>(rb.stages.size());
    if (n == 0) return "<p class=\"muted\">The scenario defines no stages.</p>";
    const double W = 1000, top = 34, ch = 78, gap = 4;
    const double w = (W - gap * (n - 1)) / n;
    const double tip = std::min(14.0, w / 5);
    const size_t chars = static_cast<size_t>(std::max(4.0, (w - 2 * tip) / 7.6));
    const bool stacked = rb.detected >= 0 && rb.detected == rb.contained;
    std::string s = std::string("<svg class=\"ribbon\" viewBox=\"0 0 1000 ") + (stacked ? "190" : "156") +
                    "\" role=\"img\" aria-label=\"Kill chain\">";
    for (int i = 0; i < n; ++i) {
        const auto& st = rb.stages[static_cast<size_t>(i)];
        const double x = i * (w + gap);
        const bool r = st.reached;
        std::string pts = num(x) + "," + num(top) + " " + num(x + w - tip) + "," + num(top) + " " + num(x + w) + "," +
                          num(top + ch / 2) + " " + num(x + w - tip) + "," + num(top + ch) + " " + num(x) + "," +
                          num(top + ch) + (i ? " " + num(x + tip) + "," + num(top + ch / 2) : std::string());
        s += "<polygon points=\"" + pts + "\" fill=\"" + (r ? "#f6d5d1" : "#eef1f5") + "\" stroke=\"" +
             (r ? "#c0392b" : "#c9d0d8") + "\" stroke-width=\"1.2\"/>";
        const double tx = x + w / 2 + (i ? tip / 3 : 0);
        auto lines = wrap(st.tactic, chars, 2);
        double y = top + 24 + (lines.size() == 1 ? 6 : 0);
        for (const auto& l : lines) {
            s += "<text x=\"" + num(tx) + "\" y=\"" + num(y) + "\" text-anchor=\"middle\" class=\"rb-tactic" +
                 (r ? " rb-hit" : "") + "\">" + h(l) + "</text>";
            y += 14;
        }
        auto title = wrap(st.title, chars + 2, 1);
        if (!title.empty())
            s += "<text x=\"" + num(tx) + "\" y=\"" + num(top + ch - 10) + "\" text-anchor=\"middle\" class=\"rb-title\">" +
                 h(title[0]) + "</text>";
    }
    auto center = [&](int i) { return i * (w + gap) + w / 2; };
    if (rb.furthest >= 0 && rb.furthest < n) {
        const double x = center(rb.furthest);
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
    if (rb.detected >= 0 && rb.detected < n) marker(rb.detected, top + ch + 18, "#1f5fbf", rb.detected_label);
    if (rb.contained >= 0 && rb.contained < n)
        marker(rb.contained, top + ch + (rb.contained == rb.detected ? 52 : 18), "#1e7b34", rb.contained_label);
    s += "</svg>";
    return s;
}

// ---- SVG: capability bars ----------------------------------------------------------------

std::string bars_svg(const doc::Bars& b) {
    // The label column grows with the longest name (up to 40% of the width);
    // a name still too long wraps onto a second line instead of being cut.
    constexpr double kCharW = 9.2;      // advance of a wide 15px sans (DejaVu Sans) per character
    size_t longest = 0;
    for (const auto& bar : b.bars) longest = std::max(longest, bar.label.size());
    const double label_w = std::clamp(static_cast<double>(longest) * kCharW + 14, 200.0, 420.0);
    const size_t fit = static_cast<size_t>((label_w - 14) / kCharW);
    const double bar_w = 1000 - label_w - 170, top = 24;
    std::vector<std::vector<std::string>> labels;
    double height = top + 8;
    for (const auto& bar : b.bars) {
        labels.push_back(wrap(bar.label, fit, 2));
        height += labels.back().size() > 1 ? 44 : 32;
    }
    std::string s = "<svg class=\"bars\" viewBox=\"0 0 1000 " + num(height, 0) +
                    "\" role=\"img\" aria-label=\"Capability scores\">";
    for (double t : b.thresholds) {
        const double x = label_w + bar_w * t / 100;
        s += "<line x1=\"" + num(x) + "\" y1=\"" + num(top - 4) + "\" x2=\"" + num(x) + "\" y2=\"" + num(height - 6) +
             "\" class=\"b-grid\"/>";
        s += "<text x=\"" + num(x) + "\" y=\"" + num(top - 8) + "\" text-anchor=\"middle\" class=\"b-tick\">" + num(t, 0) +
             "</text>";
    }
    double y = top;
    for (size_t i = 0; i < b.bars.size(); ++i) {
        const auto& bar = b.bars[i];
        const bool two = labels[i].size() > 1;
        const double mid = y + (two ? 22 : 15);        // the bar's vertical centre
        s += "<text x=\"" + num(label_w - 10) + "\" y=\"" + num(two ? mid - 3 : mid + 5) +
             "\" text-anchor=\"end\" class=\"b-label\">";
        for (size_t l = 0; l < labels[i].size(); ++l)
            s += "<tspan x=\"" + num(label_w - 10) + "\"" + (l ? " dy=\"17\"" : "") + ">" + h(labels[i][l]) + "</tspan>";
        s += "<title>" + h(bar.label) + "</title></text>";
        s += "<rect x=\"" + num(label_w) + "\" y=\"" + num(mid - 9) + "\" width=\"" + num(bar_w) +
             "\" height=\"18\" rx=\"3\" fill=\"#eef1f5\"/>";
        s += "<rect x=\"" + num(label_w) + "\" y=\"" + num(mid - 9) + "\" width=\"" + num(bar_w * bar.value / 100) +
             "\" height=\"18\" rx=\"3\" fill=\"" + level_color(bar.level) + "\"/>";
        s += "<text x=\"" + num(label_w + bar_w + 10) + "\" y=\"" + num(mid + 5) + "\" class=\"b-value\">" +
             num(bar.value) + "</text>";
        s += "<text x=\"" + num(label_w + bar_w + 62) + "\" y=\"" + num(mid + 5) + "\" class=\"b-counts\">P" +
             std::to_string(bar.counts[0]) + " S" + std::to_string(bar.counts[1]) + " M" + std::to_string(bar.counts[2]) +
             " U" + std::to_string(bar.counts[3]) + "</text>";
        y += two ? 44 : 32;
    }
    s += "</svg>";
    return s;
}

// ---- the document --------------------------------------------------------------------------

std::string span(const doc::Span& sp) {
    using doc::Style;
    const std::string t = h(sp.text);
    switch (sp.style) {
    case Style::plain: return t;
    case Style::strong: return "<b>" + t + "</b>";
    case Style::muted: return "<span class=\"muted\">" + t + "</span>";
    case Style::sub: return "<div class=\"small muted\">" + t + "</div>";
    case Style::code: return "<code>" + t + "</code>";
    case Style::good: return "<span class=\"status-done\">" + t + "</span>";
    case Style::fair: return "<span class=\"status-in-progress\">" + t + "</span>";
    case Style::bad: return "<span class=\"status-open\">" + t + "</span>";
    case Style::flag: return " <span class=\"small status-open\">" + t + "</span>";
    case Style::rating:
        if (sp.text == "P" || sp.text == "S" || sp.text == "M" || sp.text == "U")
            return "<span class=\"chip chip-" + t + "\">" + t + "</span> ";
        return "<span class=\"chip chip-none\">" + t + "</span> ";
    case Style::level:
        if (sp.level <= 0) return "<span class=\"badge badge-0\">" + t + "</span>";
        return "<span class=\"badge\" style=\"background:" + std::string(level_color(sp.level)) + "\">" + t + "</span>";
    case Style::tag: return "<span class=\"tag\">" + t + "</span>";
    case Style::struck: return "<s>" + t + "</s>";
    }
    return t;
}

std::string text(const doc::Text& t) {
    std::string s;
    for (const auto& sp : t) s += span(sp);
    return s;
}

// text(), appended to `out` without temporaries for the styles a long
// timeline is made of.
void append_text(std::string& out, const doc::Text& t) {
    using doc::Style;
    for (const auto& sp : t) {
        auto wrap = [&](const char* open, const char* close) {
            out += open;
            html_escape_to(out, sp.text);
            out += close;
        };
        switch (sp.style) {
        case Style::plain: html_escape_to(out, sp.text); break;
        case Style::strong: wrap("<b>", "</b>"); break;
        case Style::sub: wrap("<div class=\"small muted\">", "</div>"); break;
        default: out += span(sp);
        }
    }
}

struct Writer {
    std::string out;

    void add(std::string_view s) { out += s; }

    void operator()(const doc::Heading& x) { add("<h3>" + h(x.text) + "</h3>"); }

    void operator()(const doc::Paragraph& x) {
        static const char* kClass[] = {"", " class=\"lede\"", " class=\"small\"", " class=\"exec\"", " class=\"empty\""};
        add(std::string("<p") + kClass[static_cast<int>(x.kind)] + ">" + text(x.text) + "</p>");
    }

    void operator()(const doc::Table& t) {
        add("<table><thead><tr>");
        for (const auto& c : t.columns) add(std::string(c.numeric ? "<th class=\"n\">" : "<th>") + h(c.title) + "</th>");
        add("</tr></thead><tbody>");
        for_each_row(t, [&](const doc::Row& r) {
            add(r.retracted ? "<tr class=\"retracted\">" : r.total ? "<tr class=\"total\">" : "<tr>");
            for (size_t i = 0; i < r.cells.size(); ++i) {
                const bool last = i + 1 == r.cells.size();
                const size_t span_n = last && r.cells.size() < t.columns.size() ? t.columns.size() - i : 1;
                const bool numeric = span_n == 1 && i < t.columns.size() && t.columns[i].numeric;
                out += numeric ? "<td class=\"n\"" : "<td";
                if (span_n > 1) out += " colspan=\"" + std::to_string(span_n) + "\"";
                out += '>';
                append_text(out, r.cells[i]);
                out += "</td>";
            }
            add("</tr>");
        });
        add("</tbody></table>");
    }

    void operator()(const doc::Kpis& k) {
        add("<div class=\"kpis\">");
        for (const auto& x : k.items)
            add("<div class=\"kpi\"><div class=\"k\">" + h(x.label) + "</div><div class=\"v\">" + h(x.value) +
                "</div><div class=\"s\">" + h(x.detail) + "</div></div>");
        add("</div>");
    }

    void operator()(const doc::Gauge& g) {
        add("<div class=\"gauge-card\">" + gauge_svg(g) + "<div class=\"level-line\" style=\"color:" +
            level_color(g.level) + "\">" + h(g.level_line) + "</div><div class=\"small muted\">" + h(g.caption) +
            "</div></div>");
    }

    void operator()(const doc::Ribbon& r) { add("<figure>" + ribbon_svg(r) + "<figcaption>" + h(r.caption) + "</figcaption></figure>"); }

    void operator()(const doc::Bars& b) { add("<figure>" + bars_svg(b) + "<figcaption>" + h(b.caption) + "</figcaption></figure>"); }

    void operator()(const doc::Tiles& t) {
        auto cls = [](const std::string& outcome) { return outcome == "n/a" ? std::string("o-na") : "o-" + outcome; };
        add("<div class=\"legend\">");
        for (const auto& l : t.legend)
            add("<span><i class=\"" + cls(l.outcome) + "\"></i>" + h(l.label) + " " + std::to_string(l.count) + "</span>");
        add("</div><div class=\"grid\">");
        for (const auto& col : t.columns) {
            add("<div class=\"col\"><h4>" + h(col.title) + "</h4>");
            for (const auto& tile : col.tiles)
                add("<div class=\"tile " + cls(tile.outcome) + "\"><b>" + h(tile.technique) + "</b>" +
                    (tile.name.empty() ? std::string() : h(tile.name) + "<br>") + h(tile.outcome) +
                    (tile.detail.empty() ? std::string() : "<span class=\"d\">" + h(tile.detail) + "</span>") + "</div>");
            add("</div>");
        }
        add("</div>");
    }

    void findings(const char* title, const char* cls, const std::vector<doc::FindingItem>& items, const std::string& none) {
        add(std::string("<div><h3>") + title + "</h3>");
        if (items.empty()) add("<p class=\"empty\">" + h(none) + "</p>");
        add("<ul>");
        for (const auto& f : items) {
            add(std::string("<li class=\"finding ") + cls + "\">" + h(f.text) + "<div>");
            for (const auto& src : f.sources) add(span({src, doc::Style::tag}));
            add("</div></li>");
        }
        add("</ul></div>");
    }

    void operator()(const doc::Findings& f) {
        add("<div class=\"findings\">");
        findings("Strengths", "strength", f.strengths, f.none);
        findings("Areas for improvement", "improve", f.improvements, f.none);
        add("</div>");
    }
};

} // namespace

std::string render_html(const ReportInput& in) {
    const doc::Document d = doc::build_document(in);
    Writer w;
    w.out.reserve(16384 + in.journal.size() * 200);
    w.add("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<title>After-Action Report — " + h(d.title) + "</title><style>");
    w.add(embedded::report_css);
    w.add("</style></head><body><main class=\"page\">");
    w.add("<header class=\"cover\"><div class=\"eyebrow\">" + h(d.eyebrow) + "</div><h1>" + h(d.title) +
          (d.practice ? "<span class=\"practice\">practice</span>" : "") + "</h1>");
    if (!d.summary_markdown.empty()) w.add("<div class=\"lede\">" + markdown::to_html(d.summary_markdown) + "</div>");
    w.add("<dl class=\"meta\">");
    for (const auto& m : d.meta) w.add("<div><dt>" + h(m.label) + "</dt><dd>" + h(m.value) + "</dd></div>");
    w.add("</dl></header>");
    for (const auto& s : d.sections) {
        w.add("<section id=\"" + h(s.id) + "\"" + (s.page_break ? " class=\"break\"" : "") + "><h2>" + h(s.title) + "</h2>");
        // The summary opens with the gauge beside the indicators.
        size_t i = 0;
        if (s.blocks.size() >= 2 && std::holds_alternative<doc::Gauge>(s.blocks[0]) &&
            std::holds_alternative<doc::Kpis>(s.blocks[1])) {
            w.add("<div class=\"summary\">");
            std::visit(w, s.blocks[0]);
            std::visit(w, s.blocks[1]);
            w.add("</div>");
            i = 2;
        }
        for (; i < s.blocks.size(); ++i) std::visit(w, s.blocks[i]);
        w.add("</section>");
    }
    w.add("<footer>" + h(d.footer) + "</footer></main></body></html>\n");
    return std::move(w.out);
}

} // namespace sim::report
