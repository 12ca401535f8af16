// ui/views/decision_view.hpp — the decision panel.
//
// For the selected inject's decision point: the prompt, its options (SOAR
// playbooks marked), who decided (team, role, participant) and why. "Record"
// queues a Decide command; the panel shows "Recorded" only once the journal
// has it (the state then holds the decision record). A countdown shows when
// the default option will be taken.
#pragma once

#include "ui/views/view.hpp"

namespace ui {

class DecisionView final : public View {
public:
    DecisionView() : View("decision", "Decision") {}

protected:
    void drawContent(Model& m) override;
    [[nodiscard]] bool needs_session() const override { return true; }

private:
    void draw_open_list(Model& m);
    void draw_last_recorded(Model& m, const sim::Inject* shown);
    void draw_recorded(Model& m, const sim::Inject& inj, const sim::DecisionRecord& rec);
    void draw_form(Model& m, const sim::Inject& inj);
    void draw_form_fields(Model& m, const sim::Inject& inj);
};

} // namespace ui
