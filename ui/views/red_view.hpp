// ui/views/red_view.hpp — the red cell screen (F7): red moves, red decisions,
// adjudications with the white cell's overrides, and the defenders' hunts.
//
// Everything these views send goes through Model::push like every other
// command, so a move, an override or a hunt is shown as recorded only once
// the journal has it. None of it is ever drawn on the projector or in a blue
// team's queue during the exercise (Model::projector_inject_id and the
// queues show only what was delivered to the defenders).
#pragma once

#include <string>

#include "ui/views/view.hpp"

namespace ui {

// Per stage with red_moves: the chosen move, or its alternatives with their
// technique, prerequisites (and whether they hold now) and the telemetry they
// would leave per the posture; and the red cell's open decisions.
class RedMovesView final : public View {
public:
    RedMovesView() : View("redmoves", "Red cell") {}

protected:
    void drawContent(Model& m) override;
    [[nodiscard]] bool needs_session() const override { return true; }

private:
    void draw_red_decisions(Model& m);
    void draw_stage(Model& m, const sim::Stage& stage, int number);
};

// Every adjudication (outcome and its source) and the override form.
class AdjudicationView final : public View {
public:
    AdjudicationView() : View("adjudication", "Adjudications") {}

protected:
    void drawContent(Model& m) override;
    [[nodiscard]] bool needs_session() const override { return true; }

private:
    std::string fact_;                  // the move to override ("stage/move")
    std::string shown_;                 // the move the override form was set up for
    int outcome_ = 0;                   // index into blocked, alerted, logged, none
    std::string reason_;
};

// A blue hunt: the telemetry searched, a scope, and what each hunt revealed.
class HuntView final : public View {
public:
    HuntView() : View("hunt", "Hunts") {}
    // Only scenarios with a posture have telemetry to hunt through.
    [[nodiscard]] bool available(const Model& m) const override;

protected:
    void drawContent(Model& m) override;
    [[nodiscard]] bool needs_session() const override { return true; }

private:
    std::string team_;
    std::string telemetry_;
    std::string scope_;
};

// Red and blue side by side from the scorecard's red figures ("Red reached
// Lateral Movement and stayed unseen for 38m; blue first detected it at
// Credential Access"). Drawn by the scoreboard in red and purple sessions;
// `compact` (the projector): the sentence alone.
void draw_red_blue(const sim::scoring::Scorecard& card, const sim::Scenario& scenario,
                   const sim::attack::Catalog& catalog, bool over, bool compact = false);
// The sentence alone (tests and the status line use it).
[[nodiscard]] std::string red_blue_sentence(const sim::scoring::Scorecard& card, const sim::Scenario& scenario,
                                            const sim::attack::Catalog& catalog, bool over);

} // namespace ui
