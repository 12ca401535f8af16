// ui/actions.cpp — the console's actions: commands queued on the model, or UI state.
#include "ui/actions.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include <fmt/format.h>

#include "ui/theme.hpp"

namespace ui::actions {

namespace {

bool set_why(std::string* why, const char* text) {
    if (why) *why = text;
    return false;
}

bool live_why(const Model& m, std::string* why) {
    if (!m.has_session()) return set_why(why, "No session is open.");
    if (m.read_only()) return set_why(why, "This session is open for review only.");
    return true;
}

// Teams allowed to take a decision: its `by` entries that are teams, the teams
// holding a listed role, else the inject's audience.
std::vector<std::string> deciding_teams(const sim::Scenario& s, const sim::Inject& inj,
                                        const sim::DeliveredInject* d) {
    std::vector<std::string> out;
    auto add = [&](const std::string& id) {
        if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    };
    if (inj.decision)
        for (const auto& by : inj.decision->by) {
            if (s.team(by)) {
                add(by);
                continue;
            }
            for (const auto& t : s.teams)
                if (std::find(t.roles.begin(), t.roles.end(), by) != t.roles.end()) add(t.id);
        }
    if (out.empty() && d)
        for (const auto& t : d->teams) add(t);
    if (out.empty())
        for (const auto& t : sim::audience_teams(s, inj)) add(t);
    return out;
}

} // namespace

// The engine decides whether a command would be accepted; the console only
// words its answer as a sentence for the status line and tooltips.
bool engine_allows(const Model& m, const sim::Command& c, std::string* why) {
    std::string no = m.session()->exercise().check(c);
    if (no.empty()) return true;
    no[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(no[0])));
    if (no.back() != '.') no += '.';
    if (why) *why = std::move(no);
    return false;
}

// ---- lifecycle --------------------------------------------------------------------

Primary primary(const Model& m) {
    if (!m.has_session()) return {"Set up a session", true, ""};
    if (m.read_only()) return {"Review only", false, "This session is open for review only."};
    const sim::ExerciseState& st = *m.state();
    switch (st.phase) {
    case sim::Phase::setup: return {"Begin briefing", true, ""};
    case sim::Phase::briefing: return {"Start exercise", true, ""};
    case sim::Phase::running:
        if (st.ended) return {"Start hotwash", true, ""};
        return {"Pause", true, ""};
    case sim::Phase::paused: return {"Resume", true, ""};
    case sim::Phase::hotwash: return {"Close session", true, ""};
    case sim::Phase::closed: return {"Session closed", false, "The session is closed; open Review (F6)."};
    }
    return {"", false, ""};
}

void do_primary(Model& m) {
    if (!m.has_session()) {
        go(m, Screen::setup);
        return;
    }
    if (!m.live()) return;
    const sim::ExerciseState& st = *m.state();
    switch (st.phase) {
    case sim::Phase::setup: m.push(sim::cmd::BeginBriefing{}); break;
    case sim::Phase::briefing: m.push(sim::cmd::BeginRunning{}); break;
    case sim::Phase::running:
        if (st.ended)
            request_hotwash(m);
        else
            m.push(sim::cmd::Pause{});
        break;
    case sim::Phase::paused: m.push(sim::cmd::Resume{}); break;
    case sim::Phase::hotwash: request_close(m); break;
    case sim::Phase::closed: break;
    }
}

bool can_deliver_next(const Model& m, std::string* why) {
    if (!live_why(m, why)) return false;
    const sim::ExerciseState& st = *m.state();
    if (st.phase != sim::Phase::running && st.phase != sim::Phase::paused)
        return set_why(why, "Start the exercise first.");
    if (st.ended) return set_why(why, "The exercise has ended.");
    if (!st.next) return set_why(why, "No inject is scheduled; the rest follow decisions and conditions.");
    return true;
}

void deliver_next(Model& m) {
    if (!can_deliver_next(m)) return;
    if (m.state()->phase != sim::Phase::paused) {
        m.push(sim::cmd::DeliverNext{});
        return;
    }
    // During a discussion pause: the journal shows the clock resumed for the
    // delivery and paused again at the same time, so the pause stays honest.
    m.push(sim::cmd::Resume{});
    m.push(sim::cmd::DeliverNext{});
    m.push(sim::cmd::Pause{});
}

bool can_end(const Model& m, std::string* why) {
    return live_why(m, why) && engine_allows(m, sim::cmd::End{}, why);
}

void request_end(Model& m) {
    if (can_end(m)) m.ui.confirm_end = true;
}

void confirm_end(Model& m) {
    m.ui.confirm_end = false;
    if (can_end(m)) m.push(sim::cmd::End{"ended by the facilitator"});
}

bool can_hotwash(const Model& m, std::string* why) {
    return live_why(m, why) && engine_allows(m, sim::cmd::StartHotwash{}, why);
}

void request_hotwash(Model& m) {
    if (can_hotwash(m)) m.ui.confirm_hotwash = true;
}

void confirm_hotwash(Model& m) {
    m.ui.confirm_hotwash = false;
    if (!can_hotwash(m)) return;
    m.push(sim::cmd::StartHotwash{}, [](Model& mm) { mm.ui.screen = Screen::hotwash; });
}

bool can_close(const Model& m, std::string* why) {
    return live_why(m, why) && engine_allows(m, sim::cmd::Close{}, why);
}

void request_close(Model& m) {
    if (can_close(m)) m.ui.confirm_close = true;
}

void confirm_close(Model& m) {
    m.ui.confirm_close = false;
    if (!can_close(m)) return;
    std::string id = m.session()->id();
    m.push(sim::cmd::Close{}, [id](Model& mm) {
        mm.ui.review_session = id;
        mm.invalidate_history();
        mm.ui.screen = Screen::review;
    });
}

void faster(Model& m) { m.faster(); }
void slower(Model& m) { m.slower(); }

void start_from_setup(Model& m) {
    SetupDraft draft = m.ui.setup;
    // Rows left without a name are dropped; a participant needs a team.
    draft.participants.erase(std::remove_if(draft.participants.begin(), draft.participants.end(),
                                            [](const sim::Participant& p) {
                                                return p.name.find_first_not_of(" \t") == std::string::npos;
                                            }),
                             draft.participants.end());
    for (const auto& p : draft.participants)
        if (p.team.empty()) {
            m.error("Participant " + p.name + " has no team.");
            return;
        }
    if (m.live() && m.state()->phase != sim::Phase::closed && m.state()->phase != sim::Phase::hotwash)
        m.info("The previous session stays in the journal; reopen it from Review (F6).");
    if (m.start_session(draft, wall_now_ms())) {
        m.ui.screen = Screen::exercise;
        // The next setup starts fresh: a new seed and no participants (the last ones are offered).
        m.ui.setup.seed = std::to_string(random_seed());
        m.ui.setup.participants.clear();
        m.ui.setup.row_keys.clear();
        m.ui.release_keyboard = true;
    }
}

// ---- queues ----------------------------------------------------------------------------

bool can_set_status(const Model& m, std::string* why) {
    if (!live_why(m, why)) return false;
    const sim::ExerciseState& st = *m.state();
    const std::string id = m.selected_inject_id();
    const sim::DeliveredInject* d = id.empty() ? nullptr : st.delivered_inject(id);
    if (!d) return set_why(why, "Select an inject in a team queue.");
    if (std::find(d->teams.begin(), d->teams.end(), m.ui.team) == d->teams.end())
        return set_why(why, "This inject was not delivered to the selected team.");
    // Phase and audience are the engine's to judge; ask with a status the
    // queue does not already hold (a repeat is refused for its own reason).
    sim::cmd::SetStatus probe;
    probe.inject = id;
    probe.team = m.ui.team;
    const sim::StatusRecord* last = last_status(m);
    probe.status = last && last->status == sim::InjectStatus::acknowledged ? "escalated" : "acknowledged";
    return engine_allows(m, probe, why);
}

void set_status(Model& m, sim::InjectStatus status) {
    if (!can_set_status(m) || status == sim::InjectStatus::pending) return;
    sim::cmd::SetStatus c;
    c.inject = m.selected_inject_id();
    c.team = m.ui.team;
    c.status = sim::to_string(status);
    m.push(std::move(c));
}

const sim::StatusRecord* last_status(const Model& m) {
    const sim::ExerciseState* st = m.state();
    if (!st) return nullptr;
    const std::string id = m.selected_inject_id();
    for (auto it = st->status_history.rbegin(); it != st->status_history.rend(); ++it)
        if (it->inject == id && it->team == m.ui.team && !it->retracted) return &*it;
    return nullptr;
}

bool can_take_back_status(const Model& m, std::string* why) {
    if (!live_why(m, why)) return false;
    if (m.state()->phase == sim::Phase::closed) return set_why(why, "The session is closed.");
    if (!last_status(m)) return set_why(why, "The selected inject has no status to take back for this team.");
    return true;
}

void take_back_status(Model& m) {
    if (!can_take_back_status(m)) return;
    const sim::StatusRecord& r = *last_status(m);
    m.push(sim::cmd::Retract{r.seq, fmt::format("status {} taken back by the facilitator", sim::to_string(r.status))},
           [](Model& mm) { mm.success("Status taken back (the journal keeps it, marked retracted)."); });
}

void select_in_queue(Model& m, int delta) {
    const sim::ExerciseState* st = m.state();
    if (!st) return;
    const auto& q = st->queue(m.ui.team);
    if (q.empty()) return;
    const std::string current = m.selected_inject_id();
    int index = -1;
    for (std::size_t i = 0; i < q.size(); ++i)
        if (q[i].inject == current) index = static_cast<int>(i);
    // The queue lists the newest first, so "down" goes back in time.
    int shown = index < 0 ? 0 : static_cast<int>(q.size()) - 1 - index;
    shown = std::clamp(shown + delta, 0, static_cast<int>(q.size()) - 1);
    select_inject(m, q[q.size() - 1 - static_cast<std::size_t>(shown)].inject);
}

void select_inject(Model& m, const std::string& id) {
    m.ui.inject = id;
    m.ui.selection_moved_at = -1e9;   // chosen by the facilitator: keys act on it at once
}

void next_team(Model& m) {
    const sim::Scenario* s = m.scenario();
    if (!s || s->teams.empty()) return;
    std::vector<std::string> ids;
    for (const auto& t : s->teams)
        if (t.kind != sim::TeamKind::white && t.kind != sim::TeamKind::observer) ids.push_back(t.id);
    if (ids.empty()) return;
    auto it = std::find(ids.begin(), ids.end(), m.ui.team);
    m.ui.team = (it == ids.end() || std::next(it) == ids.end()) ? ids.front() : *std::next(it);
}

// ---- decisions -----------------------------------------------------------------------------

const sim::Decision* open_decision(const Model& m) {
    const sim::Inject* inj = m.selected_inject();
    if (!inj || !inj->decision || !m.state()->pending_decision(inj->id)) return nullptr;
    return &*inj->decision;
}

void sync_decision_draft(Model& m) {
    const sim::Inject* inj = m.selected_inject();
    const std::string id = inj ? inj->id : std::string();
    if (m.ui.decision.inject == id) return;
    m.ui.decision = {};
    m.ui.decision.inject = id;
    if (!inj || !inj->decision) return;
    auto teams = deciding_teams(*m.scenario(), *inj, m.state()->delivered_inject(id));
    if (std::find(teams.begin(), teams.end(), m.ui.team) != teams.end())
        m.ui.decision.team = m.ui.team;
    else if (!teams.empty())
        m.ui.decision.team = teams.front();
}

bool may_decide(const Model& m, const sim::Decision& d, const std::string& team, const std::string& role) {
    const sim::Inject* inj = m.selected_inject();
    const sim::DeliveredInject* delivered = inj && m.state() ? m.state()->delivered_inject(inj->id) : nullptr;
    if (!m.scenario()) return false;
    static const std::vector<std::string> none;
    return sim::may_take_decision(*m.scenario(), d, delivered ? delivered->teams : none, team, role);
}

std::vector<std::string> decision_teams(const Model& m) {
    const sim::Inject* inj = m.selected_inject();
    if (!inj || !inj->decision) return {};
    return deciding_teams(*m.scenario(), *inj, m.state()->delivered_inject(inj->id));
}

void next_open_decision(Model& m) {
    const sim::ExerciseState* st = m.state();
    if (!st || st->pending_decisions.empty()) return;
    std::vector<const sim::PendingDecision*> open;
    for (const auto& p : st->pending_decisions) open.push_back(&p);
    // Soonest deadline first; those without one last, in delivery order.
    std::stable_sort(open.begin(), open.end(), [](const sim::PendingDecision* a, const sim::PendingDecision* b) {
        const sim::ExTime da = a->deadline == sim::kNoTime ? INT64_MAX : a->deadline;
        const sim::ExTime db = b->deadline == sim::kNoTime ? INT64_MAX : b->deadline;
        return da < db;
    });
    const std::string current = m.selected_inject_id();
    std::size_t next = 0;
    for (std::size_t i = 0; i < open.size(); ++i)
        if (open[i]->inject == current) next = (i + 1) % open.size();
    select_inject(m, open[next]->inject);
    if (const sim::DeliveredInject* d = st->delivered_inject(m.ui.inject); d && !d->teams.empty() &&
        std::find(d->teams.begin(), d->teams.end(), m.ui.team) == d->teams.end())
        m.ui.team = d->teams.front();
}

void choose_option(Model& m, int index) {
    const sim::Decision* d = open_decision(m);
    if (!d || index < 0 || index >= static_cast<int>(d->options.size())) return;
    sync_decision_draft(m);
    m.ui.decision.option = d->options[static_cast<std::size_t>(index)].id;
}

bool can_record_decision(const Model& m, std::string* why) {
    if (!live_why(m, why)) return false;
    const sim::Decision* d = open_decision(m);
    if (!d) return set_why(why, "The selected inject has no open decision.");
    if (m.ui.decision.inject != m.selected_inject_id() || m.ui.decision.option.empty())
        return set_why(why, "Choose an option first (keys 1–9).");
    if (m.ui.decision.team.empty()) return set_why(why, "Choose the team that decided.");
    const sim::ExerciseState& st = *m.state();
    // Checked here with display names, before the engine would refuse it with ids.
    std::string role = m.ui.decision.role;
    if (role.empty())
        for (const auto& p : st.participants)
            if (p.name == m.ui.decision.participant && p.team == m.ui.decision.team) role = p.role;
    if (!may_decide(m, *d, m.ui.decision.team, role)) {
        if (why) {
            std::string allowed;
            for (const auto& b : d->by) allowed += (allowed.empty() ? "" : " or ") + m.who_name(b);
            *why = m.team_name(m.ui.decision.team) + (role.empty() ? "" : " (" + m.role_name(role) + ")") +
                   " may not take this decision; " + allowed + " may.";
        }
        return false;
    }
    if (st.phase == sim::Phase::paused) return set_why(why, "Resume the exercise first (Space).");
    if (st.phase != sim::Phase::running || st.ended)
        return set_why(why, "Decisions are recorded while the exercise runs.");
    return true;
}

void record_decision(Model& m) {
    if (!can_record_decision(m)) return;
    const sim::Option* o = open_decision(m)->option(m.ui.decision.option);
    if (o && !o->end.empty() && !m.ui.confirm_ending_decision) {
        m.ui.confirm_ending_decision = true;   // asks first: this option ends the exercise
        return;
    }
    confirm_record_decision(m);
}

void confirm_record_decision(Model& m) {
    m.ui.confirm_ending_decision = false;
    if (!can_record_decision(m)) return;
    sim::cmd::Decide c;
    c.inject = m.ui.decision.inject;
    c.option = m.ui.decision.option;
    c.team = m.ui.decision.team;
    c.role = m.ui.decision.role;
    c.participant = m.ui.decision.participant;
    // Trailing line breaks are the Enter of a Ctrl+Enter that reached the field
    // (ImGui 1.86 can miss the Ctrl of a fast press): never part of the reason.
    c.rationale = m.ui.decision.rationale;
    c.rationale.erase(c.rationale.find_last_not_of(" \t\r\n") + 1);
    m.push(std::move(c), [](Model& mm) {
        const sim::ExerciseState& st = *mm.state();
        mm.success(fmt::format("Decision recorded in the journal (entry #{}).", st.last_seq));
        mm.ui.last_recorded_seq = st.last_seq;
        // The rationale field lets go of the keyboard and empties: the next key is a shortcut again.
        const std::string inject = mm.ui.decision.inject;
        mm.ui.decision = {};
        mm.ui.decision.inject = inject;
        mm.ui.release_keyboard = true;
    });
}

// ---- evaluation -------------------------------------------------------------------------------

void rate(Model& m, const std::string& expectation, sim::Rating rating) {
    if (!m.live()) return;
    sim::cmd::Rate c;
    c.expectation = expectation;
    c.rating = sim::to_string(rating);
    c.note = m.ui.rating_notes[expectation];
    c.source = "facilitator";
    c.by = m.prefs.facilitator;
    m.push(std::move(c), [expectation](Model& mm) { mm.ui.rating_notes.erase(expectation); });
}

bool can_add_note(const Model& m, std::string* why) {
    if (!live_why(m, why)) return false;
    if (m.ui.note_text.find_first_not_of(" \t\r\n") == std::string::npos) return set_why(why, "Write the note first.");
    if (m.state()->phase == sim::Phase::closed) return set_why(why, "The session is closed.");
    return true;
}

void add_note(Model& m) {
    if (!can_add_note(m)) return;
    sim::cmd::AddNote c;
    c.text = m.ui.note_text;
    c.role = m.ui.note_observer ? "observer" : "facilitator";
    c.author = m.ui.note_observer ? m.ui.observer_name : m.prefs.facilitator;
    c.action = m.ui.note_action;
    if (m.ui.note_about_inject) c.inject = m.selected_inject_id();
    c.objective = m.ui.note_objective;
    m.push(std::move(c), [](Model& mm) {
        // Each note starts afresh: the next one is about an inject only when ticked again.
        mm.ui.note_text.clear();
        mm.ui.note_action = false;
        mm.ui.note_about_inject = false;
        mm.ui.note_objective.clear();
    });
}

void start_objective_note(Model& m, const std::string& objective) {
    const sim::Scenario* s = m.scenario();
    if (!s) return;
    for (const auto& o : s->objectives)
        if (o.id == objective) {
            m.ui.note_text = "On \"" + (o.text.empty() ? o.id : o.text) + "\": ";
            m.ui.note_action = false;
            m.ui.note_about_inject = false;
            m.ui.note_objective = o.id;
            m.ui.focus_note = true;
        }
}

// ---- projector and app ----------------------------------------------------------------------------

void show_on_projector(Model& m) {
    const std::string id = m.selected_inject_id();
    if (id.empty()) return;
    m.ui.projector_inject = id == m.state()->current_inject ? std::string() : id;
    m.info("The projector shows the selected inject.");
}

void toggle_projector_fullscreen(Model& m) {
    if (m.ui.screen == Screen::projector) {
        m.ui.screen = m.ui.before_projector;
    } else {
        m.ui.before_projector = m.ui.screen;
        m.ui.screen = Screen::projector;
    }
}

void toggle_projector_window(Model& m) { m.ui.projector_window = !m.ui.projector_window; }

void toggle_reveal_scores(Model& m) { m.ui.reveal_scores = !m.ui.reveal_scores; }

void go(Model& m, Screen s) { m.ui.screen = s; }

void zoom(Model& m, float factor) {
    m.prefs.zoom = factor == 0 ? 1.0f : std::clamp(m.prefs.zoom * factor, kMinZoom, kMaxZoom);
}

void toggle_theme(Model& m) { m.prefs.theme = m.prefs.theme == "dark" ? "light" : "dark"; }

void toggle_help(Model& m) { m.ui.help_open = !m.ui.help_open; }

void escape(Model& m) {
    if (m.ui.help_open || m.ui.confirm_end || m.ui.confirm_hotwash || m.ui.confirm_close ||
        m.ui.confirm_ending_decision) {
        m.ui.help_open = m.ui.confirm_end = m.ui.confirm_hotwash = m.ui.confirm_close = false;
        m.ui.confirm_ending_decision = false;
        return;
    }
    if (m.ui.screen == Screen::projector) m.ui.screen = m.ui.before_projector;
}

} // namespace ui::actions
