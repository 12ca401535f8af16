// ui/model.cpp — sessions, the library, the command queue and the wall-time clock.
#include "ui/model.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "sim/report/report.hpp"
#include "sim/scenario/loader.hpp"
#include "cli/environment.hpp"
#include "ui/red_actions.hpp"

namespace ui {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxMessages = 50;

bool is_scenario_file(const fs::path& p) {
    const std::string name = p.filename().string();
    auto ends_with = [&](const std::string& suffix) {
        return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends_with(".decisions.yaml") || ends_with(".decisions.yml")) return false;
    return ends_with(".yaml") || ends_with(".yml");
}

std::string decisions_beside(const fs::path& scenario) {
    fs::path stem = scenario;
    stem.replace_extension();
    for (const char* ext : {".decisions.yaml", ".decisions.yml"}) {
        fs::path candidate = stem;
        candidate += ext;
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec)) return candidate.string();
    }
    return {};
}

} // namespace

const char* to_string(Screen s) {
    switch (s) {
    case Screen::library: return "library";
    case Screen::setup: return "setup";
    case Screen::exercise: return "exercise";
    case Screen::hotwash: return "hotwash";
    case Screen::review: return "review";
    case Screen::projector: return "projector";
    case Screen::red: return "red";
    case Screen::feedback: return "feedback";
    }
    return "library";
}

std::optional<Screen> parse_screen(const std::string& s) {
    for (Screen sc : kScreens)
        if (s == to_string(sc)) return sc;
    return std::nullopt;
}

std::int64_t wall_now_ms() { return cli::wall_ms_now(); }

std::string new_session_id() { return sim::service::new_session_id(cli::entropy()); }

std::uint64_t random_seed() { return sim::service::new_seed(cli::entropy()); }

Model::Model(const sim::attack::Catalog& catalog) : catalog_(catalog) {}

Model::~Model() = default;

// ---- the journal database -------------------------------------------------------

bool Model::open_store(const std::string& path) {
    close_session();
    store_ = nullptr;
    workspace_.reset();
    store_path_ = path;
    store_error_.clear();
    history_.clear();
    history_dirty_ = true;
    try {
        sim::service::Paths paths = cli::environment_paths();
        paths.db = path;
        workspace_ = std::make_unique<sim::service::Workspace>(std::move(paths), catalog_);
        store_ = &workspace_->store();
        return true;
    } catch (const std::exception& e) {
        workspace_.reset();
        store_error_ = fmt::format("The journal database {} cannot be opened: {}", path, e.what());
        return false;
    }
}

std::vector<sim::SessionInfo> Model::unfinished_sessions() const {
    std::vector<sim::SessionInfo> out;
    if (!store_) return out;
    try {
        for (auto& s : store_->list_sessions())
            if (s.status == "running") out.push_back(std::move(s));
    } catch (const std::exception&) {
        // A database that cannot be listed is reported by the review view.
    }
    return out;
}

// ---- the scenario library ----------------------------------------------------------

void Model::scan_library(const std::vector<std::string>& folders) {
    library_.clear();
    library_folders_ = folders;
    for (const std::string& folder : folders) {
        std::error_code ec;
        if (fs::is_regular_file(folder, ec)) {
            load_scenario(folder, fs::path(folder).parent_path().string());
            continue;
        }
        if (!fs::is_directory(folder, ec)) continue;
        std::vector<fs::path> files;
        for (auto it = fs::directory_iterator(folder, fs::directory_options::skip_permission_denied, ec);
             !ec && it != fs::directory_iterator(); it.increment(ec)) {
            std::error_code ec2;
            if (it->is_regular_file(ec2) && is_scenario_file(it->path())) files.push_back(it->path());
        }
        std::sort(files.begin(), files.end());
        for (const auto& f : files) load_scenario(f.string(), folder);
    }
}

const LibraryEntry& Model::load_scenario(const std::string& path, const std::string& folder) {
    LibraryEntry entry;
    entry.path = path;
    entry.folder = folder.empty() ? fs::path(path).parent_path().string() : folder;
    try {
        sim::LoadResult r = sim::load_and_validate(path, catalog_);
        entry.diags = std::move(r.diags);
        if (r.scenario) entry.scenario = std::make_shared<const sim::Scenario>(std::move(*r.scenario));
    } catch (const std::exception& e) {
        entry.diags.error(path, 0, 0, "load-failed", e.what());
    }
    entry.runnable = entry.scenario && !entry.diags.has_errors();
    entry.decisions_path = decisions_beside(path);
    for (auto& existing : library_)
        if (existing.path == path) {
            existing = std::move(entry);
            return existing;
        }
    library_.push_back(std::move(entry));
    return library_.back();
}

const LibraryEntry* Model::library_entry(const std::string& path) const {
    for (const auto& e : library_)
        if (e.path == path) return &e;
    return nullptr;
}

// ---- the session ------------------------------------------------------------------------

bool Model::start_session(const SetupDraft& draft, std::int64_t wall_ms) {
    if (!store_) {
        error(store_error_.empty() ? "No journal database is open." : store_error_);
        return false;
    }
    const LibraryEntry* entry = library_entry(draft.scenario_path);
    if (!entry || !entry->runnable) {
        error("Choose a scenario without errors in the library first.");
        return false;
    }
    sim::cmd::Start start;
    start.mode = draft.mode;
    start.practice = draft.practice;
    start.participants = draft.participants;
    if (draft.seed.empty()) {
        start.seed = random_seed();
    } else {
        char* end = nullptr;
        errno = 0;
        unsigned long long v = std::strtoull(draft.seed.c_str(), &end, 10);
        if (errno || !end || *end || draft.seed[0] == '-') {
            error("The seed must be a whole number (0 to 18446744073709551615).");
            return false;
        }
        start.seed = v;
    }
    close_session();
    try {
        auto created = workspace_->start(entry->scenario, start, wall_ms, cli::entropy());
        if (auto* why = std::get_if<std::string>(&created)) {
            error("The session was not started: " + *why);
            return false;
        }
        session_.emplace(std::move(std::get<sim::Session>(created)));
    } catch (const std::exception& e) {
        error(std::string("The session was not started: ") + e.what());
        return false;
    }
    read_only_ = false;
    carry_ = 0;
    since_commit_ = 0;
    clock_fault_ = false;
    ui.seen_deliveries = 0;
    ui.inject.clear();
    ui.projector_inject.clear();
    ui.decision = {};
    ui.last_participants = start.participants;
    refresh_session_info();
    history_dirty_ = true;
    if (std::string why = execute(sim::cmd::BeginBriefing{}, wall_ms); !why.empty()) error(why);
    success(fmt::format("Session {} started ({} mode{}).", session_->id(), sim::to_string(draft.mode),
                        draft.practice ? ", practice" : ""));
    return true;
}

bool Model::open_session(const std::string& id, bool read_only) {
    if (!store_) {
        error(store_error_.empty() ? "No journal database is open." : store_error_);
        return false;
    }
    close_session();
    try {
        session_.emplace(workspace_->resume(id));
    } catch (const std::exception& e) {
        error(fmt::format("Session {} cannot be opened: {}", id, e.what()));
        return false;
    }
    read_only_ = read_only;
    carry_ = 0;
    since_commit_ = 0;
    clock_fault_ = false;
    ui.inject.clear();
    ui.projector_inject.clear();
    ui.decision = {};
    ui.inject = session_->state().current_inject;
    ui.seen_deliveries = session_->state().delivered.size();
    refresh_session_info();
    return true;
}

void Model::close_session() {
    session_.reset();
    session_info_.reset();
    read_only_ = false;
    queue_.clear();
    card_.reset();
    card_seq_ = -1;
    carry_ = 0;
}

void Model::refresh_session_info() {
    session_info_.reset();
    if (!session_ || !store_) return;
    try {
        session_info_ = store_->session(session_->id());
    } catch (const std::exception&) {
        // The header falls back to the journal's own data.
    }
}

// ---- commands ------------------------------------------------------------------------------

void Model::push(sim::Command c, std::function<void(Model&)> on_recorded,
                 std::function<void(Model&, const std::string&)> on_refused) {
    queue_.push_back({std::move(c), std::move(on_recorded), std::move(on_refused)});
}

int Model::execute_pending(std::int64_t wall_ms) {
    int accepted = 0;
    // Commands may queue more (none do today), so take the batch first.
    std::vector<Queued> batch;
    batch.swap(queue_);
    for (auto& q : batch) {
        std::string why = execute(q.command, wall_ms);
        if (why.empty()) {
            ++accepted;
            if (q.on_recorded) q.on_recorded(*this);
        } else {
            error(fmt::format("{}: {}", sim::command_name(q.command), why));
            if (q.on_refused) q.on_refused(*this, why);
        }
    }
    return accepted;
}

std::string Model::execute(const sim::Command& c, std::int64_t wall_ms) {
    if (!session_) return "no session is open";
    if (read_only_) return "this session is open for review only";
    const bool is_advance = std::holds_alternative<sim::cmd::Advance>(c);

    // An entry happens at the time the facilitator saw on the clock.
    if (!is_advance && clock_running()) {
        const sim::ExTime shown = display_clock();
        if (shown > session_->state().clock)
            if (std::string why = execute(sim::cmd::Advance{shown}, wall_ms); !why.empty()) return why;
    }

    const sim::ExTime before = session_->state().clock;
    sim::CommandResult r;
    try {
        r = session_->execute(c, wall_ms);
    } catch (const sim::StoreError& e) {
        return std::string("not saved, the journal database refused it: ") + e.what();
    } catch (const std::exception& e) {
        return std::string("not saved: ") + e.what();
    }
    if (!r) return r.error;

    const sim::ExerciseState& st = session_->state();
    if (is_advance) {
        carry_ = std::max(0.0, carry_ - static_cast<double>(st.clock - before));
        since_commit_ = 0;
    }
    if (std::holds_alternative<sim::cmd::Resume>(c) || std::holds_alternative<sim::cmd::BeginRunning>(c))
        clock_fault_ = false;
    if (st.ended || st.phase != sim::Phase::running) carry_ = std::min(carry_, 0.999);
    history_dirty_ = true;
    for (const auto& e : r.events)
        if (e.is<sim::ev::ExerciseEnded>() || e.is<sim::ev::SessionClosed>() || e.is<sim::ev::HotwashStarted>()) {
            refresh_session_info();
            break;
        }
    follow_new_deliveries();
    return {};
}

void Model::follow_new_deliveries() {
    const sim::ExerciseState& st = session_->state();
    if (st.delivered.size() <= ui.seen_deliveries) return;
    // What the facilitator was looking at becomes explicit, so a delivery never
    // moves the selection implicitly (selected_inject_id() falls back to the latest).
    if (ui.inject.empty() && ui.seen_deliveries > 0) ui.inject = st.delivered[ui.seen_deliveries - 1].inject;
    const auto& newest = st.delivered.back();
    const sim::Inject* inj = session_->scenario().inject(newest.inject);
    const bool decision_for_team = st.practice && inj && inj->decision && st.pending_decision(newest.inject);
    // A new inject never takes the keyboard or the target of a key from a
    // facilitator who is typing or half-way through a decision: it waits in the
    // queue (bold, counted on the team's tab) until they select it.
    const bool draft_open = ui.decision.started() && st.pending_decision(ui.decision.inject);
    const bool busy = ui.typing || draft_open;
    const bool moved_from_nothing = ui.inject.empty();
    if ((ui.follow_latest || decision_for_team || moved_from_nothing) && !busy) {
        if (ui.inject != newest.inject) ui.selection_moved_at = now_;
        ui.inject = newest.inject;
        if (!newest.teams.empty() &&
            std::find(newest.teams.begin(), newest.teams.end(), ui.team) == newest.teams.end())
            ui.team = newest.teams.front();
        if (decision_for_team) ui.focus_view = "decision";
    } else if (ui.follow_latest || decision_for_team) {
        info(fmt::format("New inject: {} (in the {} queue; select it when you are done)",
                         inj && !inj->title.empty() ? inj->title : newest.inject,
                         newest.teams.empty() ? std::string("team") : team_name(newest.teams.front())));
    }
    ui.seen_deliveries = st.delivered.size();
}

// ---- the clock ----------------------------------------------------------------------------------

bool Model::clock_running() const {
    return live() && session_->state().phase == sim::Phase::running && !session_->state().ended;
}

sim::ExTime Model::display_clock() const {
    if (!session_) return 0;
    const sim::ExTime committed = session_->state().clock;
    if (!clock_running()) return committed;
    return committed + static_cast<sim::ExTime>(std::floor(carry_));
}

void Model::tick(double wall_dt_s, std::int64_t wall_ms) {
    if (!clock_running() || !pacing_ || clock_fault_ || wall_dt_s <= 0) {
        since_commit_ = 0;
        return;
    }
    // A long stall (laptop asleep) must not fast-forward through the exercise.
    wall_dt_s = std::min(wall_dt_s, 1.0);
    carry_ += wall_dt_s * speed_;
    since_commit_ += wall_dt_s;

    const sim::ExerciseState& st = session_->state();
    const sim::ExTime target = st.clock + static_cast<sim::ExTime>(std::floor(carry_));
    if (target <= st.clock) return;
    sim::ExTime due = sim::kNoTime;
    if (st.next) due = st.next->at;
    for (const auto& p : st.pending_decisions)
        if (p.deadline != sim::kNoTime && (due == sim::kNoTime || p.deadline < due)) due = p.deadline;
    const bool due_now = due != sim::kNoTime && target >= due;
    if (!due_now && since_commit_ < kCheckpointSeconds) return;

    if (std::string why = execute(sim::cmd::Advance{target}, wall_ms); !why.empty()) {
        clock_fault_ = true;
        error("The clock stopped: " + why + " (Pause and Resume to retry.)");
    }
}

void Model::set_speed(int speed) {
    for (int s : kSpeeds)
        if (s == speed) speed_ = speed;
    clock_fault_ = false;
}

void Model::faster() {
    for (int s : kSpeeds)
        if (s > speed_) {
            speed_ = s;
            return;
        }
}

void Model::slower() {
    int best = kSpeeds[0];
    for (int s : kSpeeds)
        if (s < speed_) best = s;
    speed_ = best;
}

// ---- derived data ------------------------------------------------------------------------------

const sim::scoring::Scorecard* Model::scorecard() {
    if (!session_) return nullptr;
    const std::int64_t seq = session_->state().last_seq;
    if (!card_ || card_seq_ != seq) {
        try {
            card_ = sim::scoring::score(session_->scenario(), session_->journal());
            card_seq_ = seq;
        } catch (const std::exception& e) {
            card_.reset();
            card_seq_ = seq;
            error(std::string("Scoring failed: ") + e.what());
        }
    }
    return card_ ? &*card_ : nullptr;
}

const std::vector<HistoryEntry>& Model::history() {
    if (!history_dirty_ || !store_) return history_;
    history_dirty_ = false;
    std::vector<sim::SessionInfo> infos;
    try {
        infos = store_->list_sessions();
    } catch (const std::exception& e) {
        error(std::string("The session history cannot be read: ") + e.what());
        return history_;
    }
    std::vector<HistoryEntry> next;
    next.reserve(infos.size());
    for (auto& info : infos) {
        auto old = std::find_if(history_.begin(), history_.end(), [&](const HistoryEntry& h) {
            return h.info.id == info.id && h.info.event_count == info.event_count && h.info.status == info.status;
        });
        if (old != history_.end()) {
            next.push_back(std::move(*old));
            continue;
        }
        HistoryEntry h;
        h.info = std::move(info);
        try {
            // The same checks as `ttx report`: SHA-256 of the stored scenario, and that it still loads.
            if (auto loaded = workspace_->load_session(h.info.id, h.error)) {
                h.journal = std::move(loaded->journal);
                h.card = std::move(loaded->card);
                h.scenario = std::make_shared<const sim::Scenario>(std::move(loaded->scenario));
            }
        } catch (const std::exception& e) {
            h.error = e.what();
        }
        next.push_back(std::move(h));
    }
    history_ = std::move(next);
    return history_;
}

const HistoryEntry* Model::history_entry(const std::string& id) {
    for (const auto& h : history())
        if (h.info.id == id) return &h;
    return nullptr;
}

std::string Model::export_report(const std::string& session_id, const std::string& format) {
    auto f = sim::report::parse_format(format);
    if (!f) {
        error("Unknown report format: " + format);
        return {};
    }
    if (!workspace_) {
        error(store_error_.empty() ? "No journal database is open." : store_error_);
        return {};
    }
    std::string why;
    try {
        if (auto path = workspace_->export_report(session_id, *f, "", why)) {
            success("Saved " + *path);
            ui.last_export = *path;
            ui.last_export_error.clear();
            return *path;
        }
    } catch (const std::exception& e) {
        why = e.what();
    }
    ui.last_export_error = fmt::format("{} was not written: {}", format, why);
    error(fmt::format("Session {} was not exported: {}", session_id, why));
    return {};
}

std::optional<std::vector<sim::report::ImprovementAction>> Model::improvement_plan(const std::string& session_id,
                                                                                   std::string& why) {
    if (!workspace_) {
        why = store_error_.empty() ? "No journal database is open." : store_error_;
        return std::nullopt;
    }
    try {
        return workspace_->sync_actions(session_id, why);
    } catch (const std::exception& e) {
        why = e.what();
    }
    return std::nullopt;
}

std::string Model::save_action(const std::string& session_id, std::int64_t number, const sim::report::ActionEdit& edit) {
    if (!workspace_) return store_error_.empty() ? "No journal database is open." : store_error_;
    std::string why;
    try {
        if (workspace_->update_action(session_id, number, edit, why)) return {};
    } catch (const std::exception& e) {
        why = e.what();
    }
    return why.empty() ? "the action was not saved" : why;
}

// ---- messages -------------------------------------------------------------------------------------

void Model::info(std::string text) {
    messages_.push_back({Message::Level::info, std::move(text), now_});
    if (messages_.size() > kMaxMessages) messages_.erase(messages_.begin());
}

void Model::success(std::string text) {
    messages_.push_back({Message::Level::success, std::move(text), now_});
    if (messages_.size() > kMaxMessages) messages_.erase(messages_.begin());
}

void Model::error(std::string text) {
    messages_.push_back({Message::Level::error, std::move(text), now_});
    if (messages_.size() > kMaxMessages) messages_.erase(messages_.begin());
}

// ---- helpers ----------------------------------------------------------------------------------------

std::string Model::selected_inject_id() const {
    if (!session_) return {};
    const auto& st = session_->state();
    if (!ui.inject.empty() && st.is_delivered(ui.inject)) return ui.inject;
    // A live exercise selects only explicitly (keys act on what is visibly selected);
    // a replay shows where it stopped.
    return live() ? std::string() : st.current_inject;
}

const sim::Inject* Model::selected_inject() const {
    if (!session_) return nullptr;
    const std::string id = selected_inject_id();
    return id.empty() ? nullptr : session_->scenario().inject(id);
}

std::string Model::projector_inject_id() const {
    if (!session_) return {};
    const auto& st = session_->state();
    // Only what reached the defenders: the red cell's injects stay off the projector.
    const auto shown = [&](const std::string& id) {
        const sim::DeliveredInject* d = st.delivered_inject(id);
        return d && actions::for_defenders(session_->scenario(), *d);
    };
    if (!ui.projector_inject.empty() && shown(ui.projector_inject)) return ui.projector_inject;
    for (auto it = st.delivered.rbegin(); it != st.delivered.rend(); ++it)
        if (shown(it->inject)) return it->inject;
    return {};
}

std::string Model::team_name(const std::string& id) const {
    if (const sim::Scenario* s = scenario())
        if (const sim::Team* t = s->team(id); t && !t->name.empty()) return t->name;
    return id;
}

std::string Model::role_name(const std::string& id) const {
    if (const sim::Scenario* s = scenario())
        if (const sim::Role* r = s->role(id); r && !r->name.empty()) return r->name;
    return id;
}

std::string Model::who_name(const std::string& id) const {
    if (const sim::Scenario* s = scenario(); s && s->team(id)) return team_name(id);
    return role_name(id);
}

std::string Model::ending_title(const std::string& id) const {
    if (const sim::Scenario* s = scenario())
        for (const auto& e : s->endings)
            if (e.id == id && !e.title.empty()) return e.title;
    return id;
}

std::vector<sim::Participant> Model::participants_of(const std::string& team) const {
    std::vector<sim::Participant> out;
    if (const sim::ExerciseState* st = state())
        for (const auto& p : st->participants)
            if (p.team == team) out.push_back(p);
    return out;
}

} // namespace ui
