// ui/views/practice_view.cpp — practice rules while running, the decision debrief after.
#include "ui/views/practice_view.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sim/scoring/scorecard.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace ui {

double option_points(const sim::Option& o) {
    double sum = 0;
    for (const auto& [exp, r] : o.rate) sum += sim::scoring::points(r);
    return sum;
}

DebriefRating debrief_rating(const sim::scoring::Scorecard* card, const std::string& expectation,
                             sim::Rating option_rating) {
    DebriefRating out{option_rating, {}};
    const sim::scoring::ExpectationResult* e = card ? card->expectation(expectation) : nullptr;
    if (!e || !e->final_rating) return out;
    out.rating = *e->final_rating;
    if (e->given && e->given_source != "option") {
        std::string who = e->given_source == "facilitator" ? "the facilitator"
                          : e->given_source == "evaluator" ? "an evaluator"
                                                           : "a status";
        for (const auto& a : e->audit)
            if (a.seq == e->given_seq && !a.by.empty() && e->given_source != "status") who += " (" + a.by + ")";
        out.note = fmt::format("overridden by {}; the option gave {}", who, sim::to_string(option_rating));
    } else if (out.rating != option_rating) {
        out.note = fmt::format("the option gave {}{}", sim::to_string(option_rating), e->late ? ", late" : "");
    }
    return out;
}

namespace {

// One line per expectation the option rates: for the chosen option the
// rating that counts, for the others what the option would have given.
void ratings_line(Model& m, const sim::Option& o, bool chosen) {
    const sim::scoring::Scorecard* card = chosen ? m.scorecard() : nullptr;
    ImGui::Indent();
    for (const auto& [exp, r] : o.rate) {
        const DebriefRating shown = debrief_rating(card, exp, r);
        widgets::rating_chip(shown.rating);
        ImGui::SameLine();
        const sim::Expectation* e = m.scenario()->expectation(exp);
        widgets::text(e ? fmt::format("{} ({})", sim::to_string(e->action), m.who_name(e->by)) : exp);
        if (!shown.note.empty()) {
            ImGui::SameLine();
            widgets::colored(palette().warn, "[" + shown.note + "]");
        }
    }
    ImGui::Unindent();
}

} // namespace

void PracticeView::drawContent(Model& m) {
    const sim::Scenario& s = *m.scenario();
    const sim::ExerciseState& st = *m.state();
    const bool over = st.ended || st.phase == sim::Phase::hotwash || st.phase == sim::Phase::closed;

    if (!over) {
        widgets::heading(st.practice ? "Practice session" : "Debrief");
        if (st.practice) {
            widgets::wrapped(fmt::format(
                "The clock runs by itself at ×{} once you start the exercise. Each decision comes straight to your "
                "team in the decision panel; choose an option, say why, and record it before the countdown takes "
                "the default. Nothing is rated until the end: then this tab shows what each decision led to and "
                "which options would have served you better.",
                m.speed()));
        } else {
            widgets::muted_wrapped("The debrief appears here when the exercise has ended.");
        }
        widgets::muted(fmt::format("Decisions so far: {}", st.decisions.size()));
        return;
    }

    widgets::heading(st.practice ? "Practice debrief" : "Decision debrief");
    if (!st.ending.empty())
        for (const auto& e : s.endings)
            if (e.id == st.ending) {
                widgets::bold("Ending: " + (e.title.empty() ? e.id : e.title));
                if (!e.summary.empty()) widgets::muted_wrapped(e.summary);
            }
    if (st.decisions.empty()) {
        widgets::muted("No decision was taken in this session.");
        return;
    }
    int n = 0;
    for (const auto& rec : st.decisions) {
        const sim::Inject* inj = s.inject(rec.inject);
        if (!inj || !inj->decision) continue;
        const sim::Decision& d = *inj->decision;
        const sim::Option* chosen = d.option(rec.option);
        ImGui::PushID(static_cast<int>(rec.seq));
        ImGui::Spacing();
        ImGui::Separator();
        widgets::bold(fmt::format("{}. {}  ({})", ++n, inj->title.empty() ? inj->id : inj->title,
                                  widgets::clock(rec.t)));
        if (!d.prompt.empty()) widgets::muted_wrapped(d.prompt);
        widgets::label_value("Chosen:", chosen && !chosen->label.empty() ? chosen->label : rec.option);
        if (rec.timed_out) {
            ImGui::SameLine();
            widgets::colored(palette().warn, "(nobody decided: the default was taken)");
        }
        if (!rec.rationale.empty() && !rec.timed_out) widgets::muted_wrapped("Why: " + rec.rationale);
        if (!chosen) {
            ImGui::PopID();
            continue;
        }

        // Consequence: what the option changed and what followed from it.
        std::string consequence = chosen->description;
        std::vector<std::string> next;
        for (const auto& g : chosen->go_to) {
            const sim::Inject* gi = s.inject(g);
            next.push_back(gi && !gi->title.empty() ? gi->title : g);
        }
        if (!next.empty()) {
            std::string list;
            for (const auto& x : next) list += (list.empty() ? "" : "; ") + x;
            consequence += (consequence.empty() ? "" : " ") + std::string("It led to: ") + list + ".";
        }
        if (!chosen->end.empty()) consequence += " It ended the exercise (" + chosen->end + ").";
        if (!consequence.empty()) widgets::wrapped("Consequence: " + consequence);

        if (!chosen->rate.empty()) {
            widgets::muted("Ratings it earned (the ones that count):");
            ratings_line(m, *chosen, true);
        }
        // Better options: those whose ratings add up to more.
        const double mine = option_points(*chosen);
        std::vector<const sim::Option*> better;
        for (const auto& o : d.options)
            if (o.id != chosen->id && !o.rate.empty() && option_points(o) > mine) better.push_back(&o);
        std::sort(better.begin(), better.end(),
                  [](const sim::Option* a, const sim::Option* b) { return option_points(*a) > option_points(*b); });
        if (better.empty()) {
            widgets::colored(palette().good, "No option would have rated better.");
        } else {
            widgets::colored(palette().warn, "Options that would have rated better:");
            for (const auto* o : better) {
                ImGui::Indent();
                widgets::bold(o->label.empty() ? o->id : o->label);
                if (o->automated) {
                    ImGui::SameLine();
                    widgets::muted("[SOAR]");
                }
                if (!o->description.empty()) widgets::muted_wrapped(o->description);
                ratings_line(m, *o, false);
                ImGui::Unindent();
            }
        }
        ImGui::PopID();
    }
}

} // namespace ui
