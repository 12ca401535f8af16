// ui/views/review_view.cpp — session history, after-action scorecard, trends, compare, export.
#include "ui/views/review_view.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <imgui_stdlib.h>

#include "sim/report/report.hpp"
#include "ui/actions.hpp"
#include "ui/theme.hpp"
#include "ui/views/scoreboard_view.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

std::string readiness_text(const HistoryEntry& h) {
    if (!h.card) return "—";
    if (!h.card->readiness.index) return "—";
    return fmt::format("{:.0f} (L{})", *h.card->readiness.index, h.card->readiness.level);
}

std::string delta(std::optional<double> a, std::optional<double> b) {
    if (!a || !b) return "";
    const double d = *b - *a;
    if (std::abs(d) < 0.5) return "=";
    return fmt::format("{:+.0f}", d);
}

std::string fmt_opt(std::optional<double> v) { return v ? fmt::format("{:.0f}", *v) : std::string("—"); }

std::string fmt_metric(const sim::scoring::Metric& mt) {
    return mt.value ? sim::scoring::format_duration(*mt.value) : std::string("—");
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

constexpr const char* kColumnNames[kReviewColumns] = {"When (UTC)", "Session", "Scenario", "Mode", "Readiness",
                                                      "Participants"};

} // namespace

std::string review_cell(const HistoryEntry& h, ReviewColumn c) {
    switch (c) {
    case ReviewColumn::when: {
        std::string w = sim::report::format_wall(h.info.started_wall);   // "YYYY-MM-DD HH:MM UTC"
        if (w.size() > 4 && w.compare(w.size() - 4, 4, " UTC") == 0) w.resize(w.size() - 4);
        return w;
    }
    case ReviewColumn::session: return h.info.id;
    case ReviewColumn::scenario: {
        std::string s = h.info.scenario_title.empty() ? h.info.scenario_id : h.info.scenario_title;
        if (h.info.status != "closed") s += " (" + h.info.status + ")";
        return s;
    }
    case ReviewColumn::mode: return std::string(sim::to_string(h.info.mode)) + (h.info.practice ? " · practice" : "");
    case ReviewColumn::readiness: return h.error.empty() ? readiness_text(h) : std::string("error");
    case ReviewColumn::participants: {
        std::string people;
        for (const auto& p : h.info.participants) people += (people.empty() ? "" : ", ") + p.name;
        return people.empty() ? std::string("—") : people;
    }
    }
    return {};
}

std::vector<const HistoryEntry*> review_rows(const std::vector<HistoryEntry>& history, const std::string& filter,
                                             ReviewColumn column, bool ascending) {
    std::vector<std::string> words;
    std::istringstream in(lower(filter));
    for (std::string w; in >> w;) words.push_back(w);
    std::vector<const HistoryEntry*> rows;
    for (const auto& h : history) {
        std::string all;
        for (int c = 0; c < kReviewColumns; ++c) all += lower(review_cell(h, static_cast<ReviewColumn>(c))) + "\n";
        if (std::all_of(words.begin(), words.end(), [&](const std::string& w) { return all.find(w) != std::string::npos; }))
            rows.push_back(&h);
    }
    // Numbers sort as numbers; a session without a readiness sorts below every score.
    auto number = [&](const HistoryEntry& h) -> double {
        if (column == ReviewColumn::when) return static_cast<double>(h.info.started_wall);
        if (column == ReviewColumn::participants) return static_cast<double>(h.info.participants.size());
        return h.card && h.card->readiness.index && h.error.empty() ? *h.card->readiness.index : -1.0;
    };
    const bool numeric = column == ReviewColumn::when || column == ReviewColumn::readiness ||
                         column == ReviewColumn::participants;
    std::stable_sort(rows.begin(), rows.end(), [&](const HistoryEntry* a, const HistoryEntry* b) {
        if (numeric) {
            const double x = number(*a), y = number(*b);
            return ascending ? x < y : x > y;
        }
        const std::string x = lower(review_cell(*a, column)), y = lower(review_cell(*b, column));
        return ascending ? x < y : x > y;
    });
    return rows;
}

void ReviewView::drawContent(Model& m) {
    if (!m.store()) {
        widgets::colored(palette().bad, m.store_error().empty() ? "No journal database is open." : m.store_error());
        return;
    }
    // Exports run before anything of the history is referenced this frame.
    if (!pending_export_.empty()) {
        (void)m.export_report(m.ui.review_session, pending_export_);   // sets last_export or last_export_error
        pending_export_.clear();
    }
    const auto& history = m.history();
    if (history.empty()) {
        widgets::muted_wrapped("No sessions yet. Run an exercise (Library → Setup → Exercise) or `ttx run`; every "
                               "session lands here with its scores.");
        return;
    }
    if (m.ui.review_session.empty() || !m.history_entry(m.ui.review_session))
        m.ui.review_session = history.front().info.id;

    // The list spans the width (six columns read on a 1280-pixel projector); the details go below.
    const float list_h = std::clamp(ImGui::GetContentRegionAvail().y * 0.36f, ImGui::GetFrameHeight() * 7,
                                    ImGui::GetFrameHeight() * 14);
    draw_sessions(m, list_h);
    ImGui::BeginChild("review-right", ImVec2(0, 0), true);
    const HistoryEntry* h = m.history_entry(m.ui.review_session);
    if (h && ImGui::BeginTabBar("review-tabs")) {
        const HistoryEntry& entry = *h;
        if (ImGui::BeginTabItem("After-action")) {
            draw_after_action(m, entry);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Trends")) {
            draw_trends(m);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Compare")) {
            draw_compare(m, entry);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
}

void ReviewView::draw_sessions(Model& m, float height) {
    ImGui::BeginChild("sessions", ImVec2(0, height), false);
    const auto& history = m.history();
    widgets::bold("Sessions");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
    ImGui::InputTextWithHint("##filter", "filter: scenario, id, name, mode…", &filter_);
    widgets::tooltip("Shows the sessions whose row contains every word typed here.");
    const float buttons_h = ImGui::GetFrameHeightWithSpacing() * 1.2f;
    if (ImGui::BeginTable("history", kReviewColumns,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                              ImGuiTableFlags_Sortable | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Resizable,
                          ImVec2(0, -buttons_h))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (int c = 0; c < kReviewColumns; ++c) {
            ImGuiTableColumnFlags f = 0;
            if (c == 0) f |= ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending;
            if (c == static_cast<int>(ReviewColumn::scenario) || c == static_cast<int>(ReviewColumn::participants))
                f |= ImGuiTableColumnFlags_WidthStretch;
            ImGui::TableSetupColumn(kColumnNames[c], f);
        }
        ImGui::TableHeadersRow();
        ReviewColumn column = ReviewColumn::when;
        bool ascending = false;
        if (const ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0) {
            column = static_cast<ReviewColumn>(std::clamp(static_cast<int>(specs->Specs[0].ColumnIndex), 0, kReviewColumns - 1));
            ascending = specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
        }
        const auto rows = review_rows(history, filter_, column, ascending);
        for (const HistoryEntry* hp : rows) {
            const HistoryEntry& h = *hp;
            ImGui::PushID(h.info.id.c_str());
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            const bool sel = m.ui.review_session == h.info.id;
            if (ImGui::Selectable(review_cell(h, ReviewColumn::when).c_str(), sel,
                                  ImGuiSelectableFlags_SpanAllColumns))
                m.ui.review_session = h.info.id;
            widgets::tooltip(fmt::format("{}\nstarted {}\n{} events, seed {}{}", h.info.id,
                                         sim::report::format_wall(h.info.started_wall), h.info.event_count,
                                         h.info.seed, h.error.empty() ? "" : "\n" + h.error));
            for (int c = 1; c < kReviewColumns; ++c) {
                ImGui::TableSetColumnIndex(c);
                const std::string cell = review_cell(h, static_cast<ReviewColumn>(c));
                // Fixed columns size to their text; the two stretching ones cut theirs with an ellipsis.
                const bool stretch = c == static_cast<int>(ReviewColumn::scenario) ||
                                     c == static_cast<int>(ReviewColumn::participants);
                const std::string shown = stretch ? widgets::fit(cell, ImGui::GetContentRegionAvail().x) : cell;
                if (c == static_cast<int>(ReviewColumn::readiness) && !h.error.empty())
                    widgets::colored(palette().bad, shown);
                else if (c == static_cast<int>(ReviewColumn::session))
                    widgets::muted(shown);
                else
                    widgets::text(shown);
                if (shown != cell) widgets::tooltip(cell);
            }
            ImGui::PopID();
        }
        if (rows.empty()) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            widgets::muted("No session matches.");
        }
        ImGui::EndTable();
    }
    const HistoryEntry* sel = m.history_entry(m.ui.review_session);
    if (sel) {
        const std::string id = sel->info.id;
        const bool open_now = m.session() && m.session()->id() == id;
        if (ImGui::Button("Open read-only")) {
            if (m.open_session(id, true)) m.ui.screen = Screen::exercise;
        }
        widgets::tooltip("Replay the session into the exercise views; nothing can be changed.");
        if (sel->info.status == "running") {
            ImGui::SameLine();
            if (ImGui::Button(open_now && m.live() ? "Continue" : "Resume")) {
                if (!(open_now && m.live()) && m.open_session(id, false)) {
                    const sim::ExerciseState* st = m.state();
                    if (st && st->phase == sim::Phase::running && !st->ended) m.push(sim::cmd::Pause{});
                }
                if (m.live()) m.ui.screen = Screen::exercise;
            }
            widgets::tooltip("Continue the unfinished session where it stopped (paused).");
        } else if (sel->info.status == "ended" || sel->info.status == "hotwash") {
            ImGui::SameLine();
            if (ImGui::Button("Continue the hotwash")) {
                if (m.open_session(id, false)) m.ui.screen = Screen::hotwash;
            }
        }
        if (sel->info.status != "running") {
            // The feedback form: to fill in while the session is open, to read once it is closed.
            ImGui::SameLine();
            const bool closed = sel->info.status == "closed";
            if (ImGui::Button("Participant feedback")) {
                const bool ready = open_now && m.live() == !closed;
                if (ready || m.open_session(id, closed)) m.ui.screen = Screen::feedback;
            }
            widgets::trace_item("Participant feedback");
            widgets::tooltip(closed ? "The responses recorded for this closed session (read-only)."
                                    : "Record each participant's feedback form (F8).");
        }
    }
    ImGui::EndChild();
}

void ReviewView::draw_after_action(Model& m, const HistoryEntry& h) {
    widgets::heading(h.info.scenario_title.empty() ? h.info.scenario_id : h.info.scenario_title);
    widgets::muted(fmt::format("{} · {} mode{} · {} · {} events · seed {}", sim::report::format_wall(h.info.started_wall),
                               sim::to_string(h.info.mode), h.info.practice ? " · practice" : "", h.info.status,
                               h.info.event_count, h.info.seed));
    if (!h.info.participants.empty()) {
        std::string people;
        for (const auto& p : h.info.participants) people += (people.empty() ? "" : ", ") + p.name;
        widgets::muted_wrapped("Participants: " + people);
    }
    if (!h.error.empty()) {
        widgets::colored(palette().bad, "This session cannot be scored: " + h.error);
        return;
    }
    draw_exports(m, h);
    ImGui::Separator();
    if (h.card && h.scenario) draw_scorecard_summary(m, *h.card, *h.scenario, false, h.info.status != "running" || h.info.ended_wall.has_value(),
                               ending_of(h.journal));
    if (!h.card || !h.scenario) return;
    ImGui::Spacing();
    widgets::bold("Strengths");
    if (h.card->strengths.empty()) widgets::muted("None recorded.");
    for (const auto& f : h.card->strengths) {
        ImGui::Bullet();
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0.0f);
        widgets::text(sim::report::finding_text(f, *h.scenario, *h.card, &m.catalog()));
        ImGui::PopTextWrapPos();
    }
    ImGui::Spacing();
    widgets::bold("Areas for improvement");
    if (h.card->improvements.empty()) widgets::muted("None recorded.");
    for (const auto& f : h.card->improvements) {
        ImGui::Bullet();
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0.0f);
        widgets::text(sim::report::finding_text(f, *h.scenario, *h.card, &m.catalog()));
        ImGui::PopTextWrapPos();
    }
}

const std::vector<ExportButton>& review_export_formats() {
    // The formats of `ttx report --format` but pdf (it needs Chromium), through the same workspace call.
    static const std::vector<ExportButton> formats = {
        {"HTML", "html"}, {"Markdown", "md"}, {"JSON", "json"}, {"MSEL", "msel"}, {"Decision log CSV", "csv"},
        {"Excel workbook", "xlsx"}, {"Navigator layer", "navigator"}, {"Detections layer", "detections"},
        {"Posture layer", "posture-layer"}, {"VECTR CSV", "vectr-csv"}, {"STIX 2.1", "stix"}};
    return formats;
}

void ReviewView::draw_exports(Model& m, const HistoryEntry& h) {
    widgets::muted("Export to " + (m.workspace() ? m.workspace()->paths().reports_dir() : std::string("—")) + ":");
    // Buttons wrap to a new line rather than run off a 1280-pixel projector.
    bool first = true;
    auto same_line_if_fits = [&](const char* label) {
        const float w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
        if (!first && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w <
                          ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
            ImGui::SameLine();
        first = false;
    };
    for (const auto& [label, format] : review_export_formats()) {
        same_line_if_fits(label);
        if (widgets::action_button(label, nullptr)) pending_export_ = format;
        widgets::tooltip(fmt::format("Write the {} of session {} (as `ttx report --format {}`)", label, h.info.id, format));
    }
    same_line_if_fits("Edit improvement plan");
    if (widgets::action_button("Edit improvement plan", nullptr)) m.ui.focus_view = "plan";
    widgets::tooltip("Owners, dates and status of the session's improvement actions (the Improvement plan tab)");
    if (!m.ui.last_export_error.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        widgets::colored(palette().bad, "Not exported: " + m.ui.last_export_error);
        ImGui::PopTextWrapPos();
    } else if (!m.ui.last_export.empty()) {
        widgets::colored(palette().good, "Saved: ");
        ImGui::SameLine();
        ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x - ImGui::GetFontSize() * 4);
        widgets::text(m.ui.last_export);
        ImGui::PopTextWrapPos();
        ImGui::SameLine();
        widgets::copy_button("export-path", m.ui.last_export);
    }
}

void ReviewView::draw_trends(Model& m) {
    // Oldest first; practice sessions are excluded from trends.
    std::vector<const HistoryEntry*> runs;
    for (const auto& h : m.history())
        if (h.card && !h.info.practice) runs.push_back(&h);
    std::reverse(runs.begin(), runs.end());
    if (runs.size() < 2) {
        widgets::muted_wrapped("Trends need at least two scored sessions (practice sessions do not count).");
        if (runs.empty()) return;
    }
    widgets::muted(fmt::format("{} sessions, oldest on the left", runs.size()));
    std::vector<std::string> caps;
    std::map<std::string, std::string> names;
    for (const auto* h : runs)
        for (const auto& g : h->card->capabilities) {
            if (std::find(caps.begin(), caps.end(), g.id) == caps.end()) caps.push_back(g.id);
            const sim::Capability* c = h->scenario ? h->scenario->capability(g.id) : nullptr;
            if (c && !c->name.empty()) names[g.id] = c->name;
        }
    const float plot_w = ImGui::GetContentRegionAvail().x * 0.55f;
    const float plot_h = ImGui::GetFrameHeight() * 1.6f;
    auto row = [&](const std::string& label, const std::vector<std::optional<double>>& values) {
        std::vector<float> pts;
        for (const auto& v : values)
            if (v) pts.push_back(static_cast<float>(*v));
        ImGui::PushID(label.c_str());
        widgets::text(label);
        if (pts.empty()) {
            widgets::muted("  no scores");
        } else {
            ImGui::PlotLines("##trend", pts.data(), static_cast<int>(pts.size()), 0, nullptr, 0.0f, 100.0f,
                             ImVec2(plot_w, plot_h));
            ImGui::SameLine();
            std::string last = fmt::format("latest {:.0f}", pts.back());
            if (pts.size() >= 2) last += fmt::format("  ({:+.0f} since the previous)", pts.back() - pts[pts.size() - 2]);
            widgets::text(last);
        }
        ImGui::PopID();
    };
    std::vector<std::optional<double>> readiness;
    for (const auto* h : runs) readiness.push_back(h->card->readiness.index);
    row("Readiness index", readiness);
    ImGui::Separator();
    for (const auto& c : caps) {
        std::vector<std::optional<double>> values;
        for (const auto* h : runs) {
            const sim::scoring::GroupScore* g = h->card->capability(c);
            values.push_back(g ? g->stats.score : std::nullopt);
        }
        row(names.count(c) ? names[c] : c, values);
    }
}

void ReviewView::draw_compare(Model& m, const HistoryEntry& a) {
    const auto& history = m.history();
    const HistoryEntry* b = m.history_entry(m.ui.compare_session);
    if (!b || b->info.id == a.info.id) {
        b = nullptr;
        for (const auto& h : history)
            if (h.info.id != a.info.id && h.card) {
                b = &h;
                break;
            }
    }
    widgets::muted("Compare with:");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-FLT_MIN);
    const std::string current = b ? fmt::format("{} · {} · {}", sim::report::format_date(b->info.started_wall),
                                                b->info.scenario_title, b->info.id)
                                  : std::string("no other session");
    if (ImGui::BeginCombo("##compare", current.c_str())) {
        for (const auto& h : history) {
            if (h.info.id == a.info.id || !h.card) continue;
            const std::string label = fmt::format("{} · {} · {}", sim::report::format_date(h.info.started_wall),
                                                  h.info.scenario_title, h.info.id);
            if (ImGui::Selectable(label.c_str(), b && b->info.id == h.info.id)) m.ui.compare_session = h.info.id;
        }
        ImGui::EndCombo();
    }
    if (!b || !a.card || !b->card) {
        widgets::muted_wrapped("Select a second scored session to compare.");
        return;
    }
    const auto& ca = *a.card;
    const auto& cb = *b->card;
    if (!ImGui::BeginTable("compare", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                             ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn(sim::report::format_date(a.info.started_wall).c_str(), 0, 1.0f);
    ImGui::TableSetupColumn(sim::report::format_date(b->info.started_wall).c_str(), 0, 1.0f);
    ImGui::TableSetupColumn("Change", 0, 0.8f);
    ImGui::TableHeadersRow();
    auto line = [](const std::string& label, const std::string& va, const std::string& vb, const std::string& d) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        widgets::text(label);
        ImGui::TableSetColumnIndex(1);
        widgets::text(va);
        ImGui::TableSetColumnIndex(2);
        widgets::text(vb);
        ImGui::TableSetColumnIndex(3);
        widgets::text(d);
    };
    line("Readiness index", fmt_opt(ca.readiness.index), fmt_opt(cb.readiness.index),
         delta(ca.readiness.index, cb.readiness.index));
    std::vector<std::string> caps;
    for (const auto& g : ca.capabilities) caps.push_back(g.id);
    for (const auto& g : cb.capabilities)
        if (std::find(caps.begin(), caps.end(), g.id) == caps.end()) caps.push_back(g.id);
    for (const auto& c : caps) {
        const auto* ga = ca.capability(c);
        const auto* gb = cb.capability(c);
        const sim::Capability* cap = a.scenario ? a.scenario->capability(c) : nullptr;
        if (!cap && b->scenario) cap = b->scenario->capability(c);
        const auto va = ga ? ga->stats.score : std::nullopt;
        const auto vb = gb ? gb->stats.score : std::nullopt;
        line(cap && !cap->name.empty() ? cap->name : c, fmt_opt(va), fmt_opt(vb), delta(va, vb));
    }
    line("Time to detect", fmt_metric(ca.metrics.detect), fmt_metric(cb.metrics.detect), "");
    line("Time to escalate", fmt_metric(ca.metrics.escalate), fmt_metric(cb.metrics.escalate), "");
    line("Time to contain", fmt_metric(ca.metrics.contain), fmt_metric(cb.metrics.contain), "");
    line("Alert quality", fmt_opt(ca.alerts.score), fmt_opt(cb.alerts.score), delta(ca.alerts.score, cb.alerts.score));
    ImGui::EndTable();
    widgets::muted_wrapped("Positive changes are improvements for scores; times are shorter when better.");
}

} // namespace ui
