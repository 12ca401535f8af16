// ui/views/plan_view.hpp — the improvement plan of a reviewed session, editable.
//
// The review screen's second tab: the actions of the session selected in the
// review list, synced through the workspace exactly as `ttx actions` and
// `ttx report` sync them, in HSEEP's improvement-plan table. One action is
// edited at a time; Save goes through Workspace::update_action (the path of
// `ttx actions set`), so every later report and export carries the edit.
// Typed text lives in a draft per action until it is saved or reverted: a
// refused save shows why beside the button and keeps every field as typed.
// No keyboard shortcut saves: only the Save button does.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/report/actions_store.hpp"
#include "ui/views/view.hpp"

namespace ui {

// The editable fields of one action, as typed.
struct PlanDraft {
    std::string area, action, capability, organisation, contact, start, completion;
    sim::report::ActionStatus status = sim::report::ActionStatus::open;
    bool operator==(const PlanDraft&) const = default;
};

[[nodiscard]] PlanDraft plan_draft(const sim::report::ImprovementAction& a);
// The fields of `draft` that differ from `current` (an empty edit when none do).
[[nodiscard]] sim::report::ActionEdit plan_edit(const PlanDraft& draft, const sim::report::ImprovementAction& current);

// The plan screen's state and rules, apart from drawing (tests drive it without a display).
class PlanEditor {
public:
    // Loads (syncs) the plan of `session` unless it is the one loaded; `force` reloads it.
    void load(Model& m, const std::string& session, bool force = false);
    [[nodiscard]] const std::string& session() const { return session_; }
    [[nodiscard]] const std::vector<sim::report::ImprovementAction>& actions() const { return actions_; }
    [[nodiscard]] const std::string& load_error() const { return load_error_; }

    [[nodiscard]] std::int64_t selected() const { return selected_; }
    void select(std::int64_t number) { selected_ = number; }
    [[nodiscard]] const sim::report::ImprovementAction* action(std::int64_t number) const;
    // The draft of action `number` (created from the stored action on first use).
    PlanDraft& draft(std::int64_t number);
    // Whether the draft differs from the stored action.
    [[nodiscard]] bool dirty(std::int64_t number) const;
    void revert(std::int64_t number);
    // Saves the draft of `number` through the workspace; false keeps the draft
    // and sets message() to why.
    bool save(Model& m, std::int64_t number);
    // The outcome of the last save (why it was refused, or what was saved).
    [[nodiscard]] const std::string& message() const { return message_; }
    [[nodiscard]] bool message_is_error() const { return message_error_; }

private:
    std::string session_;
    std::vector<sim::report::ImprovementAction> actions_;
    std::string load_error_;
    std::int64_t selected_ = 0;
    std::map<std::int64_t, PlanDraft> drafts_;
    std::string message_;
    bool message_error_ = false;
};

class PlanView final : public View {
public:
    PlanView() : View("plan", "Improvement plan") {}
    [[nodiscard]] PlanEditor& editor() { return editor_; }

protected:
    void drawContent(Model& m) override;

private:
    void draw_table(float height);
    void draw_form(Model& m, const sim::report::ImprovementAction& a);

    PlanEditor editor_;
};

} // namespace ui
