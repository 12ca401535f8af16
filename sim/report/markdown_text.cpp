// sim/report/markdown_text.cpp — md4c's parser callbacks to an escaped HTML
// fragment and to console blocks.
#include "sim/report/markdown_text.hpp"

#include <md4c.h>

#include "sim/report/report.hpp"

namespace sim::markdown {

namespace {

constexpr unsigned kFlags = MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH;

std::string_view view(const MD_CHAR* text, MD_SIZE size) { return {text, size}; }

// The few entities scenario text uses; any other stays as written.
std::string entity(std::string_view e) {
    if (e == "&amp;") return "&";
    if (e == "&lt;") return "<";
    if (e == "&gt;") return ">";
    if (e == "&quot;") return "\"";
    if (e == "&nbsp;") return " ";
    return std::string(e);
}

std::string attribute(const MD_ATTRIBUTE& a) {
    std::string s;
    for (unsigned i = 0; a.substr_offsets[i] < a.size; ++i) {
        const std::string_view part =
            view(a.text + a.substr_offsets[i], a.substr_offsets[i + 1] - a.substr_offsets[i]);
        s += a.substr_types[i] == MD_TEXT_ENTITY ? entity(part) : std::string(part);
    }
    return s;
}

// Shared by both outputs: md4c calls back with C function pointers.
template <class Walker>
void walk(std::string_view md, Walker& w) {
    MD_PARSER p{};
    p.flags = kFlags;
    p.enter_block = [](MD_BLOCKTYPE t, void* d, void* u) { return static_cast<Walker*>(u)->enter_block(t, d), 0; };
    p.leave_block = [](MD_BLOCKTYPE t, void* d, void* u) { return static_cast<Walker*>(u)->leave_block(t, d), 0; };
    p.enter_span = [](MD_SPANTYPE t, void* d, void* u) { return static_cast<Walker*>(u)->enter_span(t, d), 0; };
    p.leave_span = [](MD_SPANTYPE t, void* d, void* u) { return static_cast<Walker*>(u)->leave_span(t, d), 0; };
    p.text = [](MD_TEXTTYPE t, const MD_CHAR* s, MD_SIZE n, void* u) {
        return static_cast<Walker*>(u)->text(t, view(s, n)), 0;
    };
    md_parse(md.data(), static_cast<MD_SIZE>(md.size()), &p, &w);
}

// Only web and mail addresses are worth printing after a link's text; any
// other scheme (javascript:, data:, file:) or a relative path is dropped.
bool shown_address(const std::string& href) {
    std::string lower;
    for (char c : href.substr(0, 8)) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0 || lower.rfind("mailto:", 0) == 0;
}

struct HtmlWalker {
    std::string out;
    std::vector<std::string> hrefs;     // open links, shown after their text
    int image = 0;                      // inside an image: only its alt text shows

    void enter_block(MD_BLOCKTYPE t, void* d) {
        switch (t) {
        case MD_BLOCK_QUOTE: out += "<blockquote>\n"; break;
        case MD_BLOCK_UL: out += "<ul>\n"; break;
        case MD_BLOCK_OL: {
            const unsigned start = static_cast<MD_BLOCK_OL_DETAIL*>(d)->start;
            out += start == 1 ? "<ol>\n" : "<ol start=\"" + std::to_string(start) + "\">\n";
            break;
        }
        case MD_BLOCK_LI: out += "<li>"; break;
        case MD_BLOCK_HR: out += "<hr>\n"; break;
        case MD_BLOCK_H: out += "<h" + std::to_string(static_cast<MD_BLOCK_H_DETAIL*>(d)->level) + ">"; break;
        case MD_BLOCK_CODE: out += "<pre><code>"; break;
        case MD_BLOCK_P: out += "<p>"; break;
        case MD_BLOCK_TABLE: out += "<table>\n"; break;
        case MD_BLOCK_THEAD: out += "<thead>\n"; break;
        case MD_BLOCK_TBODY: out += "<tbody>\n"; break;
        case MD_BLOCK_TR: out += "<tr>"; break;
        case MD_BLOCK_TH: out += "<th>"; break;
        case MD_BLOCK_TD: out += "<td>"; break;
        default: break;
        }
    }
    void leave_block(MD_BLOCKTYPE t, void* d) {
        switch (t) {
        case MD_BLOCK_QUOTE: out += "</blockquote>\n"; break;
        case MD_BLOCK_UL: out += "</ul>\n"; break;
        case MD_BLOCK_OL: out += "</ol>\n"; break;
        case MD_BLOCK_LI: out += "</li>\n"; break;
        case MD_BLOCK_H: out += "</h" + std::to_string(static_cast<MD_BLOCK_H_DETAIL*>(d)->level) + ">\n"; break;
        case MD_BLOCK_CODE: out += "</code></pre>\n"; break;
        case MD_BLOCK_P: out += "</p>\n"; break;
        case MD_BLOCK_TABLE: out += "</table>\n"; break;
        case MD_BLOCK_THEAD: out += "</thead>\n"; break;
        case MD_BLOCK_TBODY: out += "</tbody>\n"; break;
        case MD_BLOCK_TR: out += "</tr>\n"; break;
        case MD_BLOCK_TH: out += "</th>"; break;
        case MD_BLOCK_TD: out += "</td>"; break;
        default: break;
        }
    }
    void enter_span(MD_SPANTYPE t, void* d) {
        if (image) return;
        switch (t) {
        case MD_SPAN_EM: out += "<em>"; break;
        case MD_SPAN_STRONG: out += "<strong>"; break;
        case MD_SPAN_CODE: out += "<code>"; break;
        case MD_SPAN_DEL: out += "<del>"; break;
        case MD_SPAN_A: hrefs.push_back(attribute(static_cast<MD_SPAN_A_DETAIL*>(d)->href)); break;
        case MD_SPAN_IMG: ++image; break;
        default: break;
        }
    }
    void leave_span(MD_SPANTYPE t, void*) {
        if (t == MD_SPAN_IMG) {
            --image;
            return;
        }
        if (image) return;
        switch (t) {
        case MD_SPAN_EM: out += "</em>"; break;
        case MD_SPAN_STRONG: out += "</strong>"; break;
        case MD_SPAN_CODE: out += "</code>"; break;
        case MD_SPAN_DEL: out += "</del>"; break;
        case MD_SPAN_A:
            if (shown_address(hrefs.back())) out += " (" + report::html_escape(hrefs.back()) + ")";
            hrefs.pop_back();
            break;
        default: break;
        }
    }
    void text(MD_TEXTTYPE t, std::string_view s) {
        switch (t) {
        case MD_TEXT_NULLCHAR: out += "\xEF\xBF\xBD"; break;
        case MD_TEXT_BR: out += image ? " " : "<br>\n"; break;
        case MD_TEXT_SOFTBR: out += image ? " " : "\n"; break;
        case MD_TEXT_ENTITY: out += report::html_escape(entity(s)); break;
        default: out += report::html_escape(std::string(s));
        }
    }
};

struct BlockWalker {
    std::vector<Block> out;
    Block cur;
    bool open = false;
    int depth = 0;                      // list nesting

    void flush() {
        if (open) {
            while (!cur.text.empty() && (cur.text.back() == '\n' || cur.text.back() == ' ')) cur.text.pop_back();
            if (!cur.text.empty()) out.push_back(std::move(cur));
        }
        cur = {};
        open = false;
    }
    void start(BlockKind k, int level) {
        flush();
        cur.kind = k;
        cur.level = level;
        open = true;
    }
    void enter_block(MD_BLOCKTYPE t, void* d) {
        switch (t) {
        case MD_BLOCK_UL:
        case MD_BLOCK_OL: flush(), ++depth; break;
        case MD_BLOCK_LI: start(BlockKind::bullet, depth); break;
        case MD_BLOCK_H: start(BlockKind::heading, static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(d)->level)); break;
        case MD_BLOCK_CODE: start(BlockKind::code, 0); break;
        case MD_BLOCK_P:        // a loose list item's paragraph stays its bullet
            if (!(open && cur.kind == BlockKind::bullet && cur.text.empty())) start(BlockKind::paragraph, 0);
            break;
        case MD_BLOCK_TR: start(BlockKind::paragraph, 0); break;
        case MD_BLOCK_TH:
        case MD_BLOCK_TD:
            if (!cur.text.empty()) cur.text += " | ";
            break;
        default: break;
        }
    }
    void leave_block(MD_BLOCKTYPE t, void*) {
        switch (t) {
        case MD_BLOCK_UL:
        case MD_BLOCK_OL: flush(), --depth; break;
        case MD_BLOCK_LI:
        case MD_BLOCK_H:
        case MD_BLOCK_CODE:
        case MD_BLOCK_P:
        case MD_BLOCK_TR: flush(); break;
        default: break;
        }
    }
    void enter_span(MD_SPANTYPE, void*) {}
    void leave_span(MD_SPANTYPE, void*) {}
    void text(MD_TEXTTYPE t, std::string_view s) {
        if (!open) start(BlockKind::paragraph, 0);
        switch (t) {
        case MD_TEXT_NULLCHAR: cur.text += "\xEF\xBF\xBD"; break;
        case MD_TEXT_BR: cur.text += '\n'; break;
        case MD_TEXT_SOFTBR: cur.text += ' '; break;
        case MD_TEXT_ENTITY: cur.text += entity(s); break;
        default: cur.text += s;
        }
    }
};

} // namespace

std::string to_html(std::string_view md) {
    HtmlWalker w;
    walk(md, w);
    return std::move(w.out);
}

std::vector<Block> blocks(std::string_view md) {
    BlockWalker w;
    walk(md, w);
    w.flush();
    return std::move(w.out);
}

} // namespace sim::markdown
