// sim/report/markdown_text.hpp — scenario Markdown (inject bodies, summaries)
// read by md4c's parser, for the front ends that show it: an HTML fragment for
// the reports and plain blocks for the console (which draws them with ImGui).
//
// Scenario text is not trusted: the HTML never carries raw HTML from the
// source, a link, or an image. Links show their text and, for http(s) and
// mailto addresses only, the address in parentheses; images their alt text,
// so a report fetches nothing and runs nothing. CommonMark plus GFM tables and strikethrough.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sim::markdown {

// An HTML fragment (block elements: p, h1-h6, ul/ol/li, pre, blockquote,
// table, hr). Every piece of source text is HTML-escaped.
[[nodiscard]] std::string to_html(std::string_view md);

// Blocks in reading order, inline markup dropped (emphasis, code spans and
// links keep their text; hard breaks become '\n').
enum class BlockKind { heading, paragraph, bullet, code };
struct Block {
    BlockKind kind = BlockKind::paragraph;
    int level = 0;                      // heading: 1..6; bullet: nesting depth from 1
    std::string text;                   // code: its lines, without the last '\n'
};
[[nodiscard]] std::vector<Block> blocks(std::string_view md);

} // namespace sim::markdown
