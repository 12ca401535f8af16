// ui/views/killchain_view.hpp — the kill-chain ribbon.
//
// The scenario's stages as ATT&CK tactics, left to right: which the attack
// has reached, the stage where the defenders first detected it and where they
// contained it (from the live scorecard), and the red move chosen per stage in
// red and purple modes. Facilitator-only: the projector never shows it.
#pragma once

#include "ui/views/view.hpp"

namespace ui {

class KillChainView final : public View {
public:
    KillChainView() : View("killchain", "Kill chain") {}

protected:
    void drawContent(Model& m) override;
    [[nodiscard]] bool needs_session() const override { return true; }
};

} // namespace ui
