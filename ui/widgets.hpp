// ui/widgets.hpp — small drawing helpers every view shares.
//
// Scenario and participant text is never used as a printf format here: every
// helper takes the text as data, so a '%' in an inject body prints as '%'.
#pragma once

#include <optional>
#include <string>

#include <imgui.h>

#include "sim/engine/state.hpp"
#include "sim/scenario/scenario.hpp"

namespace ui::widgets {

void text(const std::string& s);
void wrapped(const std::string& s);
void muted(const std::string& s);
void muted_wrapped(const std::string& s);
void colored(const ImVec4& color, const std::string& s);
void bold(const std::string& s);
void heading(const std::string& s);
// `s` shortened with an ellipsis to fit `width` pixels in the current font.
[[nodiscard]] std::string fit(const std::string& s, float width);

// A label in muted text followed by its value on the same line.
void label_value(const std::string& label, const std::string& value);

// A filled rounded label ("HIGH", "escalated") drawn as one item.
void chip(const std::string& s, const ImVec4& bg);
void severity_chip(sim::Severity s);
void status_chip(sim::InjectStatus s);
void rating_chip(sim::Rating r);

// Tooltip on the last item (also shown when the item is disabled).
void tooltip(const std::string& s);

// A button that names its keyboard shortcut in its tooltip. Disabled (with
// `why_disabled` as tooltip) when !enabled. Returns true when pressed.
bool action_button(const std::string& label, const char* shortcut_id, bool enabled = true,
                   const std::string& why_disabled = {}, const ImVec2& size = ImVec2(0, 0));
// A button filled with `color` (the primary action).
bool colored_button(const std::string& label, const ImVec4& color, const ImVec2& size = ImVec2(0, 0));

// A small "Copy" button that puts `value` on the clipboard.
bool copy_button(const std::string& id, const std::string& value);

// Scenario Markdown through md4c (sim/report/markdown_text.hpp): headings in
// bold, bullets, code blocks in the mono font, wrapped paragraphs; inline
// markup is dropped.
void markdown(const std::string& md);

// Automation: when on, action and coloured buttons record where they were
// drawn this frame (label, x, y, w, h in window pixels) so an end-to-end test
// can click them by name. App writes the list to $TTX_UI_TRACE.
void set_trace(bool on);
void trace_clear();
// Adds the last item's place to the trace under `name` (fields the end-to-end tests click).
void trace_item(const std::string& name);
[[nodiscard]] std::string trace_dump();

// "T+00:12:05"
[[nodiscard]] std::string clock(sim::ExTime t);
// "4m 05s" / "1h 02m" / "35s"
[[nodiscard]] std::string age(sim::ExTime seconds);

// Horizontal bar 0..100 with a label inside, coloured by value.
void score_bar(const std::string& label, std::optional<double> value, float width, float height);

} // namespace ui::widgets
