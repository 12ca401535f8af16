// ui/widgets.cpp — shared drawing helpers.
#include "ui/widgets.hpp"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>
#include <imgui_internal.h>

#include "sim/report/markdown_text.hpp"
#include "ui/shortcuts.hpp"
#include "ui/theme.hpp"

namespace ui::widgets {

void text(const std::string& s) { ImGui::TextUnformatted(s.c_str(), s.c_str() + s.size()); }

void wrapped(const std::string& s) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(s.c_str(), s.c_str() + s.size());
    ImGui::PopTextWrapPos();
}

void muted(const std::string& s) { colored(palette().text_muted, s); }

void muted_wrapped(const std::string& s) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().text_muted);
    wrapped(s);
    ImGui::PopStyleColor();
}

void colored(const ImVec4& color, const std::string& s) {
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    text(s);
    ImGui::PopStyleColor();
}

void bold(const std::string& s) {
    ImGui::PushFont(fonts().bold);
    wrapped(s);
    ImGui::PopFont();
}

void heading(const std::string& s) {
    ImGui::PushFont(fonts().heading);
    ImGui::PushTextWrapPos(0.0f);
    text(s);
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
}

std::string fit(const std::string& s, float width) {
    if (width <= 0) return {};
    if (ImGui::CalcTextSize(s.c_str()).x <= width) return s;
    const std::string ellipsis = "…";
    const float ew = ImGui::CalcTextSize(ellipsis.c_str()).x;
    // Binary search on byte length, then back off to a UTF-8 boundary.
    std::size_t lo = 0, hi = s.size();
    while (lo < hi) {
        const std::size_t mid = (lo + hi + 1) / 2;
        if (ImGui::CalcTextSize(s.c_str(), s.c_str() + mid).x + ew <= width)
            lo = mid;
        else
            hi = mid - 1;
    }
    while (lo > 0 && (static_cast<unsigned char>(s[lo]) & 0xC0) == 0x80) --lo;
    return s.substr(0, lo) + ellipsis;
}

void label_value(const std::string& label, const std::string& value) {
    muted(label);
    ImGui::SameLine();
    text(value);
}

void chip(const std::string& s, const ImVec4& bg) {
    const ImVec2 pad(ImGui::GetFontSize() * 0.35f, ImGui::GetFontSize() * 0.1f);
    const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
    const ImVec2 size(ts.x + pad.x * 2, ts.y + pad.y * 2);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::ColorConvertFloat4ToU32(bg),
                      ImGui::GetFontSize() * 0.25f);
    dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), ImGui::ColorConvertFloat4ToU32(palette().chip_text), s.c_str());
    ImGui::Dummy(size);
}

void severity_chip(sim::Severity s) {
    std::string label = sim::to_string(s);
    std::transform(label.begin(), label.end(), label.begin(), [](unsigned char c) { return std::toupper(c); });
    chip(label, severity_color(s));
}

void status_chip(sim::InjectStatus s) {
    chip(s == sim::InjectStatus::pending ? "new" : sim::to_string(s), status_color(s));
}

void rating_chip(sim::Rating r) { chip(sim::to_string(r), rating_color(r)); }

void tooltip(const std::string& s) {
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
        text(s);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

namespace {

bool g_trace = false;
std::string g_trace_text;

void trace_last(const std::string& label) {
    if (!g_trace) return;
    const std::string name = label.substr(0, label.find("##"));
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    // The last field says whether the whole item can be seen: inside the panel's
    // visible area (not scrolled away, not cut by the panel's edge).
    const ImRect clip = ImGui::GetCurrentWindowRead()->ClipRect;
    const bool whole = clip.Contains(ImRect(ImVec2(a.x + 0.5f, a.y + 0.5f), ImVec2(b.x - 0.5f, b.y - 0.5f)));
    g_trace_text += fmt::format("{}\t{:.0f}\t{:.0f}\t{:.0f}\t{:.0f}\t{}\n", name, a.x, a.y, b.x - a.x, b.y - a.y,
                                whole ? 1 : 0);
}

} // namespace

void set_trace(bool on) { g_trace = on; }
void trace_clear() { g_trace_text.clear(); }
void trace_item(const std::string& name) { trace_last(name); }
std::string trace_dump() { return g_trace_text; }

bool action_button(const std::string& label, const char* shortcut_id, bool enabled, const std::string& why_disabled,
                   const ImVec2& size) {
    ImGui::BeginDisabled(!enabled);
    const bool pressed = ImGui::Button(label.c_str(), size);
    ImGui::EndDisabled();
    trace_last(label);
    std::string tip;
    if (const Shortcut* sc = shortcut_id ? find_shortcut(shortcut_id) : nullptr)
        tip = fmt::format("{} ({})", sc->what, sc->keys);
    if (!enabled && !why_disabled.empty()) tip = tip.empty() ? why_disabled : tip + "\n" + why_disabled;
    if (!tip.empty()) tooltip(tip);
    return pressed && enabled;
}

bool colored_button(const std::string& label, const ImVec4& color, const ImVec2& size) {
    ImVec4 hover(std::min(color.x * 1.15f, 1.0f), std::min(color.y * 1.15f, 1.0f), std::min(color.z * 1.15f, 1.0f),
                 1.0f);
    ImGui::PushStyleColor(ImGuiCol_Button, color);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, hover);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, color);
    ImGui::PushStyleColor(ImGuiCol_Text, palette().chip_text);
    const bool pressed = ImGui::Button(label.c_str(), size);
    ImGui::PopStyleColor(4);
    trace_last(label);
    return pressed;
}

bool copy_button(const std::string& id, const std::string& value) {
    const std::string label = "Copy##" + id;
    if (ImGui::SmallButton(label.c_str())) {
        ImGui::SetClipboardText(value.c_str());
        return true;
    }
    tooltip("Copy to the clipboard");
    return false;
}

void markdown(const std::string& md) {
    for (const auto& b : sim::markdown::blocks(md)) {
        switch (b.kind) {
        case sim::markdown::BlockKind::heading: bold(b.text); break;
        case sim::markdown::BlockKind::code:
            ImGui::PushFont(fonts().mono);
            text(b.text);
            ImGui::PopFont();
            break;
        case sim::markdown::BlockKind::bullet:
            if (b.level > 1) ImGui::Indent(ImGui::GetFontSize() * static_cast<float>(b.level - 1));
            ImGui::Bullet();
            ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
            ImGui::PushTextWrapPos(0.0f);
            text(b.text);
            ImGui::PopTextWrapPos();
            if (b.level > 1) ImGui::Unindent(ImGui::GetFontSize() * static_cast<float>(b.level - 1));
            break;
        case sim::markdown::BlockKind::paragraph:
            wrapped(b.text);
            ImGui::Spacing();
            break;
        }
    }
}

std::string clock(sim::ExTime t) { return sim::format_clock(std::max<sim::ExTime>(t, 0)); }

std::string age(sim::ExTime s) {
    if (s < 0) s = 0;
    if (s < 60) return fmt::format("{}s", s);
    if (s < 3600) return fmt::format("{}m {:02}s", s / 60, s % 60);
    return fmt::format("{}h {:02}m", s / 3600, (s % 3600) / 60);
}

void score_bar(const std::string& label, std::optional<double> value, float width, float height) {
    // [label ............][bar=======      ] 72
    const Palette& p = palette();
    // The value is drawn bold: measured bold, so "100" never loses its last digit.
    ImFont* bold = fonts().bold ? fonts().bold : ImGui::GetFont();
    auto bold_w = [&](const char* t) { return bold->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, 0.0f, t).x; };
    const float value_w = bold_w("100") + ImGui::GetFontSize() * 0.6f;
    const float label_w = std::min(width * 0.48f, std::max(width - value_w - ImGui::GetFontSize() * 6, 0.0f));
    const float bar_w = std::max(width - label_w - value_w, ImGui::GetFontSize() * 3);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();

    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    const ImVec4 clip(pos.x, pos.y, pos.x + label_w - ImGui::GetFontSize() * 0.4f, pos.y + height);
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(pos.x, pos.y + (height - ts.y) * 0.5f),
                ImGui::ColorConvertFloat4ToU32(p.text), label.c_str(), nullptr, 0.0f, &clip);

    const float inset = height * 0.18f;
    const ImVec2 a(pos.x + label_w, pos.y + inset), b(pos.x + label_w + bar_w, pos.y + height - inset);
    dl->AddRectFilled(a, b, ImGui::ColorConvertFloat4ToU32(p.stage_future), 3.0f);
    std::string shown = "—";
    if (value) {
        const double v = std::clamp(*value, 0.0, 100.0);
        const ImVec4 c = v >= 85 ? p.rating[0] : v >= 70 ? p.rating[1] : v >= 55 ? p.rating[2] : p.rating[3];
        if (v > 0)
            dl->AddRectFilled(a, ImVec2(a.x + static_cast<float>(bar_w * v / 100.0), b.y),
                              ImGui::ColorConvertFloat4ToU32(c), 3.0f);
        shown = fmt::format("{:.0f}", v);
    }
    const ImVec2 vs(bold_w(shown.c_str()), ImGui::GetFontSize());
    dl->AddText(bold, ImGui::GetFontSize(), ImVec2(pos.x + width - vs.x, pos.y + (height - vs.y) * 0.5f),
                ImGui::ColorConvertFloat4ToU32(value ? p.text : p.text_muted), shown.c_str());
    ImGui::Dummy(ImVec2(width, height));
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        text(label + ": " + (value ? shown + " / 100" : std::string("no data yet")));
        ImGui::EndTooltip();
    }
}

} // namespace ui::widgets
