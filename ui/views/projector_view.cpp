// ui/views/projector_view.cpp — participants' view: clock, current inject, decision prompt.
#include "ui/views/projector_view.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "sim/engine/story.hpp"
#include "ui/images.hpp"
#include "ui/theme.hpp"
#include "ui/views/scoreboard_view.hpp"
#include "ui/widgets.hpp"

namespace ui {

void ProjectorView::drawContent(Model& m) {
    const Palette& p = palette();
    const sim::ExerciseState* st = m.state();
    const float pad = ImGui::GetFontSize() * 0.8f;
    ImGui::SetCursorPos(ImVec2(ImGui::GetCursorPosX() + pad, ImGui::GetCursorPosY() + pad * 0.5f));

    // Header: scenario title left, clock right.
    const std::string title = m.scenario() ? m.scenario()->title : std::string("ttx tabletop exercise");
    const std::string clock = st ? widgets::clock(m.display_clock()) : std::string();
    ImGui::PushFont(fonts().huge);
    const float clock_w = ImGui::CalcTextSize(clock.c_str()).x;
    const float header_h = ImGui::GetTextLineHeight();
    ImGui::PopFont();
    const ImVec2 header_pos = ImGui::GetCursorPos();
    ImGui::SetCursorPosY(header_pos.y + (header_h - ImGui::GetTextLineHeight()) * 0.5f);
    ImGui::SetCursorPosX(header_pos.x);
    // A long title is cut before the clock rather than run under it.
    widgets::muted(widgets::fit(title, ImGui::GetWindowContentRegionMax().x - header_pos.x - clock_w - pad * 2));
    if (st) {
        ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - clock_w - pad);
        ImGui::SetCursorPosY(header_pos.y);
        ImGui::PushFont(fonts().huge);
        widgets::colored(st->phase == sim::Phase::paused ? p.warn : p.text, clock);
        ImGui::PopFont();
    } else {
        ImGui::SetCursorPosY(header_pos.y + header_h);
    }
    ImGui::Separator();
    // The story's own date and clock beside the exercise clock (scenarios with `story:`).
    if (st && m.scenario() && m.scenario()->story.set()) {
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + pad);
        widgets::muted("Story time: " + sim::story_label(*m.scenario(), sim::story_time(*m.scenario(), *st, m.display_clock())));
    }

    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + pad);
    ImGui::BeginChild("projector-body", ImVec2(-pad, -pad), false, ImGuiWindowFlags_NoScrollbar);
    if (!st) {
        ImGui::Spacing();
        widgets::heading("Waiting for the facilitator to start the session");
    } else if (st->phase == sim::Phase::setup || st->phase == sim::Phase::briefing) {
        draw_briefing(m);
    } else if (st->ended || st->phase == sim::Phase::hotwash || st->phase == sim::Phase::closed) {
        draw_ended(m);
    } else {
        if (st->phase == sim::Phase::paused) {
            widgets::chip("PAUSED", p.warn);
            ImGui::Spacing();
        }
        draw_inject(m);
    }
    ImGui::EndChild();
}

void ProjectorView::draw_briefing(Model& m) {
    const sim::Scenario& s = *m.scenario();
    const sim::ExerciseState& st = *m.state();
    widgets::heading("Briefing");
    if (!s.summary.empty()) widgets::markdown(s.summary);
    if (!s.objectives.empty()) {
        ImGui::Spacing();
        widgets::bold("Objectives");
        for (const auto& o : s.objectives) {
            ImGui::Bullet();
            ImGui::SameLine();
            ImGui::PushTextWrapPos(0.0f);
            widgets::text(o.text);
            ImGui::PopTextWrapPos();
        }
    }
    ImGui::Spacing();
    widgets::bold("Teams");
    for (const auto& t : s.teams) {
        if (t.kind == sim::TeamKind::white || t.kind == sim::TeamKind::observer) continue;
        std::string people;
        for (const auto& pp : st.participants)
            if (pp.team == t.id) people += (people.empty() ? "" : ", ") + pp.name;
        ImGui::Bullet();
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0.0f);
        widgets::text((t.name.empty() ? t.id : t.name) + (people.empty() ? "" : ": " + people));
        ImGui::PopTextWrapPos();
    }
    if (st.practice) {
        ImGui::Spacing();
        widgets::muted_wrapped("Practice session: nothing is rated until the end.");
    }
}

void ProjectorView::draw_inject(Model& m) {
    const sim::Scenario& s = *m.scenario();
    const std::string id = m.projector_inject_id();
    const sim::Inject* inj = id.empty() ? nullptr : s.inject(id);
    if (!inj) {
        ImGui::Spacing();
        widgets::heading("The exercise is running. Watch your queues.");
        return;
    }
    std::vector<const sim::Artifact*> pictures;
    for (const auto& a : inj->artifacts)
        if (a.kind == sim::ArtifactKind::image) pictures.push_back(&a);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (pictures.empty()) {
        draw_inject_text(m, *inj);
        return;
    }
    // On a wide screen the pictures take the right side, as large as it allows,
    // so they never push the decision out of view; otherwise they follow the text.
    const bool side = avail.x > avail.y * 1.2f;
    const float pic_w = side ? std::round(avail.x * 0.42f) : avail.x;
    if (side) {
        ImGui::BeginChild("inject-text", ImVec2(avail.x - pic_w - ImGui::GetFontSize(), 0), false,
                          ImGuiWindowFlags_NoScrollbar);
        draw_inject_text(m, *inj);
        ImGui::EndChild();
        ImGui::SameLine(0, ImGui::GetFontSize());
    } else {
        draw_inject_text(m, *inj);
        ImGui::Spacing();
    }
    ImGui::BeginChild("inject-pictures", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollbar);
    const float label_h = ImGui::GetTextLineHeightWithSpacing() * 2;
    const float each_h = ImGui::GetContentRegionAvail().y / static_cast<float>(pictures.size()) - label_h;
    for (const sim::Artifact* a : pictures) images::draw_artifact(m, *m.scenario(), *a, std::max(each_h, label_h));
    ImGui::EndChild();
}

void ProjectorView::draw_inject_text(Model& m, const sim::Inject& in) {
    const sim::ExerciseState& st = *m.state();
    const sim::Inject* inj = &in;
    const std::string& id = in.id;
    const sim::DeliveredInject* d = st.delivered_inject(id);
    widgets::severity_chip(inj->severity);
    ImGui::SameLine();
    std::string meta = fmt::format("{} · {}", inj->source.empty() ? "alert" : inj->source, inj->channel);
    if (d) {
        std::string to;
        for (const auto& t : d->teams) to += (to.empty() ? "" : ", ") + m.team_name(t);
        meta += fmt::format(" · {} · for {}", widgets::clock(d->delivered_at), to);
    }
    widgets::muted_wrapped(meta);
    widgets::heading(inj->title.empty() ? inj->id : inj->title);
    ImGui::Spacing();
    if (!inj->body.empty()) widgets::markdown(inj->body);

    if (!inj->artifacts.empty()) {
        ImGui::Spacing();
        for (const auto& a : inj->artifacts) {
            if (a.kind == sim::ArtifactKind::image) continue;   // drawn beside or below the text
            const std::string value = a.kind == sim::ArtifactKind::file ? a.path : a.value;
            widgets::muted((a.label.empty() ? (a.type.empty() ? std::string(sim::to_string(a.kind)) : a.type) : a.label) + ":");
            ImGui::SameLine();
            ImGui::PushFont(fonts().mono);
            widgets::wrapped(value);
            ImGui::PopFont();
        }
    }

    // The decision the participants have to take (the default stays the facilitator's).
    if (inj->decision && st.pending_decision(id)) {
        ImGui::Spacing();
        ImGui::Separator();
        widgets::bold("Decision: " + (inj->decision->prompt.empty() ? std::string("what do you do?")
                                                                    : inj->decision->prompt));
        int i = 0;
        for (const auto& o : inj->decision->options) {
            ImGui::PushTextWrapPos(0.0f);
            widgets::text(fmt::format("{}.  {}{}", ++i, o.label.empty() ? o.id : o.label,
                                      o.automated ? "  (automated playbook)" : ""));
            ImGui::PopTextWrapPos();
        }
        const sim::PendingDecision* pd = st.pending_decision(id);
        if (pd && pd->deadline != sim::kNoTime) {
            const sim::ExTime left = pd->deadline - m.display_clock();
            widgets::colored(left < 60 ? palette().bad : palette().text_muted,
                             fmt::format("Time to decide: {}", widgets::age(left)));
        }
    } else if (const sim::DecisionRecord* rec = inj->decision ? st.decision(id) : nullptr) {
        ImGui::Spacing();
        const sim::Option* o = inj->decision->option(rec->option);
        widgets::bold("Decided: " + (o && !o->label.empty() ? o->label : rec->option));
    }
}

void ProjectorView::draw_ended(Model& m) {
    const sim::Scenario& s = *m.scenario();
    const sim::ExerciseState& st = *m.state();
    widgets::heading(st.phase == sim::Phase::hotwash || st.phase == sim::Phase::closed ? "Hotwash"
                                                                                        : "The exercise has ended");
    for (const auto& e : s.endings)
        if (e.id == st.ending) {
            widgets::bold(e.title.empty() ? e.id : e.title);
            if (!e.summary.empty()) widgets::wrapped(e.summary);
        }
    ImGui::Spacing();
    if (m.ui.reveal_scores) {
        if (const sim::scoring::Scorecard* card = m.scorecard()) draw_scorecard_summary(m, *card, s, true, true, st.ending);
    } else {
        widgets::muted_wrapped("What went well? What got in the way? What will you change?");
    }
}

} // namespace ui
