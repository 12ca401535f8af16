// ui/views/plan_view.cpp — see plan_view.hpp.
#include "ui/views/plan_view.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <imgui_stdlib.h>

#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace ui {

using sim::report::ActionStatus;
using sim::report::ImprovementAction;

PlanDraft plan_draft(const ImprovementAction& a) {
    return {a.area, a.text, a.capability, a.organisation, a.owner, a.start, a.due, a.status};
}

sim::report::ActionEdit plan_edit(const PlanDraft& d, const ImprovementAction& a) {
    sim::report::ActionEdit e;
    auto changed = [](std::optional<std::string>& field, const std::string& typed, const std::string& stored) {
        if (typed != stored) field = typed;
    };
    changed(e.area, d.area, a.area);
    changed(e.action, d.action, a.text);
    changed(e.capability, d.capability, a.capability);
    changed(e.organisation, d.organisation, a.organisation);
    changed(e.contact, d.contact, a.owner);
    changed(e.start, d.start, a.start);
    changed(e.completion, d.completion, a.due);
    if (d.status != a.status) e.status = d.status;
    return e;
}

// ---- PlanEditor -------------------------------------------------------------------------------

void PlanEditor::load(Model& m, const std::string& session, bool force) {
    if (session == session_ && !force) return;
    if (session != session_) {
        // Drafts belong to their session's actions; a save's message to its session.
        drafts_.clear();
        message_.clear();
        selected_ = 0;
    }
    session_ = session;
    load_error_.clear();
    actions_.clear();
    if (auto plan = m.improvement_plan(session, load_error_)) actions_ = std::move(*plan);
    // Drafts of actions that no longer exist are gone; the others stay as typed.
    for (auto it = drafts_.begin(); it != drafts_.end();)
        it = action(it->first) ? std::next(it) : drafts_.erase(it);
    if (!action(selected_)) selected_ = actions_.empty() ? 0 : actions_.front().number;
}

const ImprovementAction* PlanEditor::action(std::int64_t number) const {
    for (const auto& a : actions_)
        if (a.number == number) return &a;
    return nullptr;
}

PlanDraft& PlanEditor::draft(std::int64_t number) {
    auto it = drafts_.find(number);
    if (it == drafts_.end()) {
        const ImprovementAction* a = action(number);
        it = drafts_.emplace(number, a ? plan_draft(*a) : PlanDraft{}).first;
    }
    return it->second;
}

bool PlanEditor::dirty(std::int64_t number) const {
    const auto it = drafts_.find(number);
    const ImprovementAction* a = action(number);
    return it != drafts_.end() && a && !(it->second == plan_draft(*a));
}

void PlanEditor::revert(std::int64_t number) {
    drafts_.erase(number);
    message_.clear();
}

bool PlanEditor::save(Model& m, std::int64_t number) {
    const ImprovementAction* a = action(number);
    if (!a) {
        message_ = fmt::format("session {} has no action {}", session_, number);
        message_error_ = true;
        return false;
    }
    const sim::report::ActionEdit edit = plan_edit(draft(number), *a);
    if (edit.empty()) {
        message_ = fmt::format("Action {}: nothing has changed.", number);
        message_error_ = false;
        return true;
    }
    if (std::string why = m.save_action(session_, number, edit); !why.empty()) {
        message_ = std::move(why);   // the draft stays as typed
        message_error_ = true;
        return false;
    }
    drafts_.erase(number);
    load(m, session_, true);
    message_ = fmt::format("Action {} saved; reports and exports of {} now include it.", number, session_);
    message_error_ = false;
    return true;
}

// ---- drawing ----------------------------------------------------------------------------------

namespace {

constexpr ActionStatus kStatuses[] = {ActionStatus::open, ActionStatus::in_progress, ActionStatus::done};

const char* status_label(ActionStatus s) {
    switch (s) {
    case ActionStatus::open: return "Open";
    case ActionStatus::in_progress: return "In progress";
    case ActionStatus::done: return "Done";
    }
    return "";
}

std::string or_dash(const std::string& s) { return s.empty() ? std::string("—") : s; }

// A label above a single-line field `width` wide; the field is traced as `trace`.
void field(const char* label, const char* id, const char* hint, std::string& value, const char* trace, float width) {
    ImGui::BeginGroup();
    widgets::muted(label);
    ImGui::SetNextItemWidth(width);
    ImGui::InputTextWithHint(id, hint, &value);
    widgets::trace_item(trace);
    ImGui::EndGroup();
}

// The width of one of `n` columns across the panel.
float column_width(int n) {
    return (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * static_cast<float>(n - 1)) /
           static_cast<float>(n);
}

} // namespace

void PlanView::drawContent(Model& m) {
    if (!m.store()) {
        widgets::colored(palette().bad, m.store_error().empty() ? "No journal database is open." : m.store_error());
        return;
    }
    const auto& history = m.history();
    if (m.ui.review_session.empty() || !m.history_entry(m.ui.review_session)) {
        if (history.empty()) {
            widgets::muted_wrapped("No sessions yet. The improvement plan of a session is edited here after the "
                                   "exercise.");
            return;
        }
        m.ui.review_session = history.front().info.id;
    }
    const HistoryEntry* h = m.history_entry(m.ui.review_session);
    editor_.load(m, m.ui.review_session);

    widgets::heading("Improvement plan · " + (h->info.scenario_title.empty() ? h->info.scenario_id : h->info.scenario_title));
    widgets::muted(fmt::format("{} · {} · {} actions · pick another session in the Review tab", h->info.id,
                               sim::report::format_wall(h->info.started_wall), editor_.actions().size()));
    ImGui::SameLine();
    if (ImGui::SmallButton("Reload")) editor_.load(m, m.ui.review_session, true);
    widgets::tooltip("Read the plan again from the journal database (after `ttx actions set` elsewhere). "
                     "Unsaved edits stay.");
    if (!editor_.load_error().empty()) {
        widgets::colored(palette().bad, "The plan cannot be shown: " + editor_.load_error());
        return;
    }
    if (editor_.actions().empty()) {
        widgets::muted_wrapped("No improvement actions: nothing was rated M or U and no note was marked as an "
                               "improvement action.");
        return;
    }
    // The table takes what the form leaves: the form is six lines of fields and a button row.
    const float line = ImGui::GetFrameHeightWithSpacing() + ImGui::GetTextLineHeightWithSpacing();
    const float form_h = line * 4 + ImGui::GetFrameHeightWithSpacing() * 2.5f;
    // As tall as its rows need, up to what the form leaves; never under four rows.
    const float rows_h = (static_cast<float>(editor_.actions().size()) + 1.5f) *
                         (ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2);
    draw_table(std::max(ImGui::GetFrameHeight() * 4, std::min(rows_h, ImGui::GetContentRegionAvail().y - form_h)));
    if (const ImprovementAction* a = editor_.action(editor_.selected())) draw_form(m, *a);
}

void PlanView::draw_table(float height) {
    constexpr int kColumns = 9;
    if (!ImGui::BeginTable("plan", kColumns,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                               ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Resizable,
                           ImVec2(0, height)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#");
    ImGui::TableSetupColumn("Status");
    ImGui::TableSetupColumn("Area for improvement", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Corrective action", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("Capability");
    ImGui::TableSetupColumn("Organisation");
    ImGui::TableSetupColumn("Point of contact");
    ImGui::TableSetupColumn("Start");
    ImGui::TableSetupColumn("Completion");
    ImGui::TableHeadersRow();
    const float cut = ImGui::GetFontSize() * 9;   // fixed columns stay narrow; the tooltip has the rest
    for (const ImprovementAction& a : editor_.actions()) {
        ImGui::PushID(static_cast<int>(a.number));
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        const bool dirty = editor_.dirty(a.number);
        const std::string num = fmt::format("{}{}", a.number, dirty ? " *" : "");
        if (ImGui::Selectable(num.c_str(), editor_.selected() == a.number, ImGuiSelectableFlags_SpanAllColumns))
            editor_.select(a.number);
        if (dirty) widgets::tooltip("Edited here, not saved yet");
        ImGui::TableSetColumnIndex(1);
        const ImVec4 c = a.status == ActionStatus::done          ? palette().good
                         : a.status == ActionStatus::in_progress ? palette().warn
                                                                 : palette().text;
        widgets::colored(c, status_label(a.status));
        const std::string cells[] = {a.area, a.text, or_dash(a.capability), or_dash(a.organisation), or_dash(a.owner),
                                     or_dash(a.start), or_dash(a.due)};
        for (int i = 0; i < 7; ++i) {
            ImGui::TableSetColumnIndex(2 + i);
            const std::string shown = widgets::fit(cells[i], i < 2 ? ImGui::GetContentRegionAvail().x : cut);
            widgets::text(shown);
            if (shown != cells[i]) widgets::tooltip(cells[i]);
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void PlanView::draw_form(Model& m, const ImprovementAction& a) {
    const std::int64_t n = a.number;
    PlanDraft& d = editor_.draft(n);
    ImGui::Spacing();
    widgets::bold(fmt::format("Action {}", n));
    ImGui::SameLine();
    widgets::muted(a.source == "note" ? "from a note marked as an improvement action"
                   : a.source == "attack" ? "from the ATT&CK coverage"
                                          : "from expectation " + a.expectation + " (rated M or U)");
    ImGui::PushID(static_cast<int>(n));
    // Two long fields side by side, then two rows of three short ones.
    const float half = column_width(2), third = column_width(3);
    // Placed, not SameLine: SameLine would lower a label beside a framed field by its padding.
    float row_y = ImGui::GetCursorPosY();
    auto beside = [&] {
        const float right = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetScrollX();
        ImGui::SetCursorPos(ImVec2(right + ImGui::GetStyle().ItemSpacing.x, row_y));
    };
    field("Area for improvement", "##area", "the issue the action answers", d.area, "Plan area", half);
    beside();
    field("Corrective action", "##action", "what will be done", d.action, "Plan action", half);
    row_y = ImGui::GetCursorPosY();
    field("Capability", "##capability", "capability id", d.capability, "Plan capability", third);
    beside();
    field("Primary responsible organisation", "##organisation", "organisation", d.organisation, "Plan organisation", third);
    beside();
    field("Point of contact", "##contact", "name or role", d.contact, "Plan contact", third);
    row_y = ImGui::GetCursorPosY();
    field("Start date", "##start", "YYYY-MM-DD", d.start, "Plan start", third);
    beside();
    field("Completion date", "##completion", "YYYY-MM-DD", d.completion, "Plan completion", third);
    beside();
    ImGui::BeginGroup();
    widgets::muted("Status");
    ImGui::SetNextItemWidth(third);
    if (ImGui::BeginCombo("##status", status_label(d.status))) {
        for (ActionStatus s : kStatuses)
            if (ImGui::Selectable(status_label(s), d.status == s)) d.status = s;
        ImGui::EndCombo();
    }
    widgets::trace_item("Plan status");
    ImGui::EndGroup();
    ImGui::Spacing();
    const bool dirty = editor_.dirty(n);
    if (widgets::action_button(fmt::format("Save action {}", n), nullptr, dirty, "Nothing has changed."))
        editor_.save(m, n);
    widgets::tooltip("Writes the edit to the journal database, as `ttx actions set` does. Enter and shortcuts never "
                     "save: only this button.");
    ImGui::SameLine();
    if (widgets::action_button("Revert", nullptr, dirty, "Nothing has changed.")) editor_.revert(n);
    if (!editor_.message().empty()) {
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0.0f);
        widgets::colored(editor_.message_is_error() ? palette().bad : palette().good, editor_.message());
        ImGui::PopTextWrapPos();
    }
    ImGui::PopID();
}

} // namespace ui
