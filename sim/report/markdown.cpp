// sim/report/markdown.cpp — the report document in Markdown (CommonMark + GFM
// tables): the HTML report's content, tables and text bars instead of charts.
// Every document string goes through md_escape; the scenario's summary, which
// is Markdown already, keeps its markup with raw HTML neutralised. Renders
// doc::Document; decides no content.
#include "sim/report/document.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace sim::report {

namespace {

std::string m(const std::string& s) { return md_escape(s); }

std::string num(double v, int decimals = 1) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string bar(double v) {
    const int full = static_cast<int>(std::lround(std::clamp(v, 0.0, 100.0) / 10));
    std::string s;
    for (int i = 0; i < 10; ++i) s += i < full ? "█" : "░";
    return s;
}

// Scenario Markdown as written, except that raw HTML cannot open a tag.
std::string source_markdown(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '<') {
            out += "\\<";
            continue;
        }
        // A link or image whose target is not http(s) or mailto stays text: "](" is broken.
        if (c == '(' && i > 0 && s[i - 1] == ']') {
            size_t t = i + 1;
            while (t < s.size() && s[t] == ' ') ++t;
            const std::string target = s.substr(t, 8);
            auto starts = [&](const char* p) {
                const std::string q = p;
                if (target.size() < q.size()) return false;
                for (size_t k = 0; k < q.size(); ++k)
                    if (std::tolower(static_cast<unsigned char>(target[k])) != q[k]) return false;
                return true;
            };
            if (!starts("http://") && !starts("https://") && !starts("mailto:")) {
                out += "\\(";
                continue;
            }
        }
        out += c;
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

// Emphasis markers hug the text: spaces stay outside, or CommonMark ignores them.
std::string emphasis(const std::string& t, const char* marker) {
    const size_t a = t.find_first_not_of(' ');
    if (a == std::string::npos) return t;
    const size_t b = t.find_last_not_of(' ') + 1;
    return t.substr(0, a) + marker + t.substr(a, b - a) + marker + t.substr(b);
}

std::string span(const doc::Span& sp) {
    using doc::Style;
    if (sp.text.empty()) return {};
    const std::string t = m(sp.text);
    switch (sp.style) {
    case Style::strong: return emphasis(t, "**");
    case Style::muted: return emphasis(t, "_");
    case Style::sub: return " (" + t + ")";
    case Style::code: return sp.text.find('`') == std::string::npos ? "`" + sp.text + "`" : t;
    case Style::flag: return " (" + t + ")";
    case Style::rating: return t + " ";
    case Style::struck: return emphasis(t, "~~");
    default: return t;
    }
}

std::string text(const doc::Text& t) {
    std::string s;
    for (const auto& sp : t) s += span(sp);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

std::string row(const std::vector<std::string>& cells) {
    std::string s = "|";
    for (const auto& c : cells) s += " " + (c.empty() ? std::string(" ") : c) + " |";
    return s + "\n";
}

std::string header(const std::vector<doc::Column>& cols) {
    std::vector<std::string> titles;
    std::string rule = "|";
    for (const auto& c : cols) {
        titles.push_back(m(c.title));
        rule += c.numeric ? " ---: |" : " --- |";
    }
    return row(titles) + rule + "\n";
}

struct Writer {
    std::string o;

    void operator()(const doc::Heading& x) { o += "### " + m(x.text) + "\n\n"; }

    void operator()(const doc::Paragraph& x) {
        const std::string t = text(x.text);
        o += (x.kind == doc::ParagraphKind::empty ? "_" + t + "_" : t) + "\n\n";
    }

    void operator()(const doc::Table& t) {
        o += header(t.columns);
        for_each_row(t, [&](const doc::Row& r) {
            std::vector<std::string> cells;
            for (const auto& c : r.cells) {
                std::string s = text(c);
                if (r.total && !s.empty() && s.rfind("**", 0) != 0) s = "**" + s + "**";
                cells.push_back(std::move(s));
            }
            cells.resize(std::max(cells.size(), t.columns.size()));
            o += row(cells);
        });
        o += "\n";
    }

    void operator()(const doc::Kpis& k) {
        o += header({{"Indicator"}, {"Value"}, {"Detail"}});
        for (const auto& x : k.items) o += row({m(x.label), m(x.value), m(x.detail)});
        o += "\n";
    }

    void operator()(const doc::Gauge& g) { o += "**" + m(g.headline) + "**\n\n"; }

    void operator()(const doc::Ribbon& r) {
        o += header({{"#", true}, {"Tactic"}, {"Stage"}, {"Attack"}, {"Defence"}});
        for (size_t i = 0; i < r.stages.size(); ++i) {
            const int idx = static_cast<int>(i);
            const auto& s = r.stages[i];
            std::vector<std::string> defence;
            if (idx == r.detected) defence.push_back("**" + m(r.detected_label) + "**");
            if (idx == r.contained) defence.push_back("**" + m(r.contained_label) + "**");
            o += row({std::to_string(i + 1), m(s.tactic), m(s.title),
                      s.reached ? (idx == r.furthest ? "reached (furthest)" : "reached") : "—",
                      defence.empty() ? "" : defence.size() == 1 ? defence[0] : defence[0] + ", " + defence[1]});
        }
        o += "\n" + m(r.caption) + "\n\n";
    }

    void operator()(const doc::Bars& b) {
        o += header({{"Capability"}, {"Score", true}, {""}, {"P S M U"}});
        for (const auto& x : b.bars)
            o += row({m(x.label), num(x.value), bar(x.value),
                      std::to_string(x.counts[0]) + " " + std::to_string(x.counts[1]) + " " + std::to_string(x.counts[2]) +
                          " " + std::to_string(x.counts[3])});
        o += "\n" + m(b.caption) + "\n\n";
    }

    void operator()(const doc::Tiles& t) {
        std::string legend;
        for (const auto& l : t.legend) legend += (legend.empty() ? "" : ", ") + m(l.label) + " " + std::to_string(l.count);
        o += legend + ".\n\n";
        o += header({{"Tactic"}, {"Technique"}, {"Name"}, {"Outcome"}, {"Detail"}});
        for (const auto& col : t.columns)
            for (const auto& tile : col.tiles)
                o += row({m(col.title), m(tile.technique), m(tile.name), m(tile.outcome), m(tile.detail)});
        o += "\n";
    }

    void findings(const char* title, const std::vector<doc::FindingItem>& items, const std::string& none) {
        o += std::string("### ") + title + "\n\n";
        if (items.empty()) o += "_" + m(none) + "_\n";
        for (const auto& f : items) {
            o += "- " + m(f.text);
            if (!f.sources.empty()) {
                o += " _(";
                for (size_t i = 0; i < f.sources.size(); ++i) o += (i ? ", " : "") + m(f.sources[i]);
                o += ")_";
            }
            o += "\n";
        }
        o += "\n";
    }

    void operator()(const doc::Findings& f) {
        findings("Strengths", f.strengths, f.none);
        findings("Areas for improvement", f.improvements, f.none);
    }
};

} // namespace

std::string render_markdown(const ReportInput& in) {
    const doc::Document d = doc::build_document(in);
    Writer w;
    w.o.reserve(8192 + in.journal.size() * 120);
    w.o += "# " + m(d.eyebrow) + ": " + m(d.title) + (d.practice ? " (practice)" : "") + "\n\n";
    if (!d.summary_markdown.empty()) w.o += source_markdown(d.summary_markdown) + "\n\n";
    std::vector<doc::Column> cols;
    std::vector<std::string> values;
    for (const auto& x : d.meta) {
        cols.push_back({x.label});
        values.push_back(m(x.value));
    }
    w.o += header(cols) + row(values) + "\n";
    for (const auto& s : d.sections) {
        w.o += "## " + s.title + "\n\n";   // the builder's own words, never scenario text
        for (const auto& b : s.blocks) std::visit(w, b);
    }
    while (w.o.size() > 1 && w.o.back() == '\n' && w.o[w.o.size() - 2] == '\n') w.o.pop_back();
    w.o += "\n---\n\n_" + m(d.footer) + "_\n";
    return std::move(w.o);
}

} // namespace sim::report
