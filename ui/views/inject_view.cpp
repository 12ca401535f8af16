// ui/views/inject_view.cpp — inject header, body, artifacts, techniques, hunting prompts.
#include "ui/views/inject_view.hpp"

#include <fmt/format.h>

#include <vector>

#include "ui/actions.hpp"
#include "ui/images.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace ui {

void InjectView::drawContent(Model& m) {
    const sim::Scenario& s = *m.scenario();
    const sim::ExerciseState& st = *m.state();
    const sim::Inject* inj = m.selected_inject();
    if (!inj) {
        widgets::muted_wrapped(st.phase == sim::Phase::briefing
                                   ? "Nothing delivered yet. Start the exercise (Space) when the briefing is done."
                                   : "Nothing delivered yet. Deliver the next inject (N) or let the clock run.");
        return;
    }
    const sim::DeliveredInject* d = st.delivered_inject(inj->id);
    const bool review = st.ended || st.phase == sim::Phase::hotwash || st.phase == sim::Phase::closed;

    widgets::severity_chip(inj->severity);
    ImGui::SameLine();
    widgets::muted(fmt::format("{} · {}", inj->source.empty() ? "unknown source" : inj->source, inj->channel));
    if (review && inj->benign) {
        ImGui::SameLine();
        widgets::chip("BENIGN NOISE", palette().status_dismissed);
        widgets::tooltip("A false positive mixed into the queue (shown now that the exercise has ended).");
    }
    widgets::heading(inj->title.empty() ? inj->id : inj->title);
    if (d) {
        std::string to;
        for (const auto& t : d->teams) to += (to.empty() ? "" : ", ") + m.team_name(t);
        widgets::muted_wrapped(fmt::format("Delivered at {} ({} ago) to {}", widgets::clock(d->delivered_at),
                                   widgets::age(m.display_clock() - d->delivered_at), to));
        // A practising team would learn the attacker's progress from the stage: shown afterwards.
        const sim::Stage* stage = st.practice && !review ? nullptr : s.stage(inj->stage);
        if (stage) {
            const sim::attack::Tactic* t = m.catalog().tactic(stage->tactic);
            widgets::muted(fmt::format("Stage: {}{}", stage->title.empty() ? stage->id : stage->title,
                                       t ? " — " + t->name : std::string()));
        }
    }
    if (d && !d->teams.empty()) {
        // Each team's status sits above the body, never scrolled out of sight: chips flow, wrapping as needed.
        widgets::muted("Status:");
        for (const auto& t : d->teams) {
            auto it = d->status.find(t);
            const sim::InjectStatus status = it == d->status.end() ? sim::InjectStatus::pending : it->second;
            const std::string name = m.team_name(t);
            const float need = ImGui::CalcTextSize((name + " acknowledged").c_str()).x + ImGui::GetFontSize() * 2;
            ImGui::SameLine();
            if (ImGui::GetContentRegionAvail().x < need) ImGui::NewLine();
            ImGui::BeginGroup();
            widgets::status_chip(status);
            ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
            widgets::text(name);
            ImGui::EndGroup();
        }
        widgets::trace_item("Status per team");
    }
    if (widgets::action_button("Show on projector", "show_projector", d != nullptr))
        actions::show_on_projector(m);
    if (m.projector_inject_id() == inj->id) {
        ImGui::SameLine();
        widgets::colored(palette().good, "on the projector now");
    }
    ImGui::Separator();

    ImGui::BeginChild("inject-body", ImVec2(0, 0), false);
    if (!inj->body.empty()) widgets::markdown(inj->body);

    // Pictures come first, right under the body, scaled to the panel's width.
    std::vector<const sim::Artifact*> pictures;
    for (const auto& a : inj->artifacts)
        if (a.kind == sim::ArtifactKind::image) pictures.push_back(&a);
    for (const sim::Artifact* a : pictures) {
        ImGui::Spacing();
        images::draw_artifact(m, s, *a, ImGui::GetWindowHeight() * 0.7f);
    }
    if (inj->artifacts.size() > pictures.size()) {
        ImGui::Spacing();
        widgets::bold("Artifacts");
        if (ImGui::BeginTable("artifacts", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                                  ImGuiTableFlags_SizingFixedFit)) {
            ImGui::TableSetupColumn("Kind");
            ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableSetupColumn("");
            int i = 0;
            for (const auto& a : inj->artifacts) {
                if (a.kind == sim::ArtifactKind::image) continue;
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                widgets::muted(a.type.empty() ? sim::to_string(a.kind) : a.type);
                ImGui::TableSetColumnIndex(1);
                const std::string value = a.kind == sim::ArtifactKind::file ? a.path : a.value;
                if (!a.label.empty()) widgets::text(a.label);
                ImGui::PushFont(fonts().mono);
                widgets::wrapped(value);
                ImGui::PopFont();
                ImGui::TableSetColumnIndex(2);
                if (widgets::copy_button(fmt::format("artifact{}", i++), value)) m.info("Copied: " + value);
            }
            ImGui::EndTable();
        }
    }

    if (!inj->techniques.empty()) {
        ImGui::Spacing();
        widgets::bold("ATT&CK techniques");
        for (const auto& id : inj->techniques) {
            const sim::attack::Technique* t = m.catalog().technique(id);
            ImGui::Bullet();
            ImGui::SameLine();
            ImGui::PushFont(fonts().mono);
            widgets::text(id);
            ImGui::PopFont();
            ImGui::SameLine();
            if (!t) {
                widgets::muted("not in the ATT&CK catalog");
                continue;
            }
            std::string tactics;
            for (const auto& ta : t->tactics) {
                const sim::attack::Tactic* tac = m.catalog().tactic(ta);
                tactics += (tactics.empty() ? "" : ", ") + (tac ? tac->name : ta);
            }
            ImGui::PushTextWrapPos(0.0f);
            widgets::text(t->name);
            ImGui::PopTextWrapPos();
            if (!tactics.empty()) {
                ImGui::Indent();
                widgets::muted(tactics);
                ImGui::Unindent();
            }
        }
    }

    if (!inj->hunting.empty()) {
        ImGui::Spacing();
        widgets::bold("Hunting prompts");
        for (const auto& h : inj->hunting) {
            ImGui::Bullet();
            ImGui::SameLine();
            ImGui::PushTextWrapPos(0.0f);
            widgets::text(h);
            ImGui::PopTextWrapPos();
        }
    }

    ImGui::EndChild();
}

} // namespace ui
