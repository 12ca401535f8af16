// ui/views/expectations_view.cpp — a table per team with rating buttons.
#include "ui/views/expectations_view.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <imgui_stdlib.h>

#include "ui/actions.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace ui {

void ExpectationsView::drawContent(Model& m) {
    const sim::Scenario& s = *m.scenario();
    const sim::ExerciseState& st = *m.state();
    const sim::scoring::Scorecard* card = m.scorecard();
    if (!card) {
        widgets::muted("The scorecard is not available.");
        return;
    }
    const bool practice_locked = st.practice && !st.ended && st.phase != sim::Phase::hotwash &&
                                 st.phase != sim::Phase::closed;
    if (practice_locked)
        widgets::muted_wrapped("Practice: nothing is rated until the end. The debrief shows every rating.");

    // Group by the team each expectation is scored for, in scenario team order.
    std::vector<std::string> team_order;
    for (const auto& t : s.teams) team_order.push_back(t.id);
    std::map<std::string, std::vector<const sim::scoring::ExpectationResult*>> by_team;
    for (const auto& e : card->expectations) {
        if (!show_upcoming_ && e.state == sim::scoring::ExpectationState::not_applicable) continue;
        by_team[e.team].push_back(&e);
        if (std::find(team_order.begin(), team_order.end(), e.team) == team_order.end()) team_order.push_back(e.team);
    }
    if (by_team.empty()) {
        widgets::muted_wrapped("No expectations yet: they appear as their injects are delivered.");
        upcoming_checkbox();
        return;
    }
    const sim::ExTime now = m.display_clock();
    const bool can_rate = m.live() && !practice_locked && st.phase != sim::Phase::closed;

    for (const auto& team : team_order) {
        auto it = by_team.find(team);
        if (it == by_team.end()) continue;
        const std::string header = fmt::format("{} ({})###exp-{}", team.empty() ? "Unassigned" : m.team_name(team),
                                               it->second.size(), team);
        if (!ImGui::CollapsingHeader(header.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) continue;
        for (const auto* e : it->second) {
            ImGui::PushID(e->id.c_str());
            ImGui::BeginGroup();
            const sim::Inject* inj = s.inject(e->inject);
            const sim::Capability* cap = s.capability(e->capability);
            std::string who = e->role.empty() ? m.team_name(e->team) : m.role_name(e->role);
            const std::string title = fmt::format("{}: {}", sim::to_string(e->action),
                                                  inj && !inj->title.empty() ? inj->title : e->inject);
            ImGui::PushFont(fonts().bold);
            widgets::text(widgets::fit(title, ImGui::GetContentRegionAvail().x));
            ImGui::PopFont();
            widgets::tooltip(title);
            std::string meta = who;
            if (cap) meta += " · " + cap->name;
            if (e->deadline != sim::kNoTime) {
                meta += " · due " + widgets::clock(e->deadline);
                if (e->state == sim::scoring::ExpectationState::pending && !e->given && now > e->deadline)
                    meta += " (overdue)";
                else if (e->state == sim::scoring::ExpectationState::pending && !e->given)
                    meta += fmt::format(" (in {})", widgets::age(e->deadline - now));
            }
            // Two lines an expectation, so several fit a 768-line laptop: the title, then the
            // rating (buttons P S M U with the current one coloured, or a chip), who, capability,
            // deadline and source, and the note field at the right.
            const bool rate_row = can_rate && e->state != sim::scoring::ExpectationState::not_applicable;
            if ((e->final_rating || e->given) && !practice_locked) {
                std::string src = e->given_source.empty() ? "" : "from " + e->given_source;
                if (e->late) src += " · late, one level down";
                if (e->no_response) src = "no response by the end";
                if (!e->wrong_response.empty()) src = "answered " + e->wrong_response + " instead";
                if (!e->note.empty()) src += (src.empty() ? "" : " · ") + e->note;
                meta += src.empty() ? "" : " · " + src;
                // The buttons show a rating someone gave; a chip shows any other (a status, a late or
                // missing response), so the rating that counts is always on the line.
                if (!rate_row || !e->given || e->given_source == "status" ||
                    (e->final_rating && *e->final_rating != *e->given)) {
                    widgets::rating_chip(e->final_rating ? *e->final_rating : *e->given);
                    ImGui::SameLine();
                }
            } else if (e->state == sim::scoring::ExpectationState::not_applicable) {
                meta += " · not delivered yet";
            }
            if (rate_row) {
                for (sim::Rating r : {sim::Rating::P, sim::Rating::S, sim::Rating::M, sim::Rating::U}) {
                    const bool current = e->given && *e->given == r && e->given_source != "status";
                    ImGui::PushID(static_cast<int>(r));
                    if (current) {
                        if (widgets::colored_button(sim::to_string(r), rating_color(r))) actions::rate(m, e->id, r);
                    } else if (ImGui::Button(sim::to_string(r))) {
                        actions::rate(m, e->id, r);
                    }
                    static const char* kMeaning[] = {"Performed without challenges", "Performed with some challenges",
                                                     "Performed with major challenges", "Unable to be performed"};
                    widgets::tooltip(kMeaning[static_cast<int>(r)]);
                    ImGui::PopID();
                    ImGui::SameLine();
                }
            }
            const float note_w = rate_row ? std::max(ImGui::GetFontSize() * 8, ImGui::GetContentRegionAvail().x * 0.35f)
                                          : 0.0f;
            const float meta_w = ImGui::GetContentRegionAvail().x - note_w - ImGui::GetStyle().ItemSpacing.x;
            ImGui::AlignTextToFramePadding();
            widgets::muted(widgets::fit(meta, std::max(meta_w, 0.0f)));
            widgets::tooltip(meta);
            if (rate_row) {
                ImGui::SameLine(ImGui::GetContentRegionMax().x - note_w);
                ImGui::SetNextItemWidth(note_w);
                ImGui::InputTextWithHint("##note", "note for the rating", &m.ui.rating_notes[e->id]);
            }
            ImGui::EndGroup();
            widgets::trace_item("Expectation " + e->id);
            ImGui::Separator();
            ImGui::PopID();
        }
    }
    upcoming_checkbox();
}

void ExpectationsView::upcoming_checkbox() {
    // Below the list: the expectations themselves get the first lines of a short panel.
    ImGui::Checkbox("Show expectations of injects not delivered yet", &show_upcoming_);
}

} // namespace ui
