// ui/model.hpp — what every view reads, and the only way views change anything.
//
// The Model owns the console's connections to data (the journal database,
// the scenario library, the current session) and the UI-only state in a
// plain struct (UiState: selection, drafts, open windows, filters). Views read
// the engine's ExerciseState snapshot through it and push commands; the app
// executes the queue once per frame through Session::execute, which commits
// to the journal before the state changes. A view therefore never shows an
// entry as recorded before it is on disk.
//
// The exercise clock is virtual: tick() turns wall time × speed into Advance
// commands. Between commits the display clock runs ahead of the journal by
// less than a few seconds; any other command first advances the journal to
// the display clock, so an entry's time is the time the facilitator saw.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/attack/catalog.hpp"
#include "sim/engine/commands.hpp"
#include "sim/engine/session.hpp"
#include "sim/engine/state.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scoring/scorecard.hpp"
#include "sim/service/workspace.hpp"
#include "sim/store/store.hpp"
#include "ui/prefs.hpp"

namespace ui {

// The console's screens; each lays out a set of views (views/registry.cpp).
enum class Screen { library, setup, exercise, hotwash, review, projector, red, feedback };
inline constexpr Screen kScreens[] = {Screen::library, Screen::setup,     Screen::exercise, Screen::hotwash,
                                      Screen::review,  Screen::projector, Screen::red,      Screen::feedback};
[[nodiscard]] const char* to_string(Screen s);
[[nodiscard]] std::optional<Screen> parse_screen(const std::string& s);

// Clock speeds offered (exercise seconds per wall second).
inline constexpr int kSpeeds[] = {1, 2, 5, 10, 30, 60};

struct LibraryEntry {
    std::string path;
    std::string folder;                 // library folder it was found in
    std::shared_ptr<const sim::Scenario> scenario;   // set when the structure could be read
    sim::Diagnostics diags;
    bool runnable = false;              // read and validated without errors
    std::string decisions_path;         // "<name>.decisions.yaml" beside it ("" if none)
};

struct Message {
    enum class Level { info, success, error };
    Level level = Level::info;
    std::string text;
    double shown_at = 0;                // seconds since start (app clock)
};

struct DecisionDraft {
    std::string inject;                 // the draft belongs to this decision point
    std::string option;
    std::string team;
    std::string role;
    std::string participant;
    std::string rationale;
    // The facilitator has started on it: an option chosen or a rationale written.
    [[nodiscard]] bool started() const { return !option.empty() || !rationale.empty(); }
};

struct SetupDraft {
    std::string scenario_path;          // the library entry it was made for
    sim::Mode mode = sim::Mode::blue;
    bool practice = false;
    std::string seed = "";              // decimal; filled with a random one when chosen
    std::vector<sim::Participant> participants;
    std::vector<int> row_keys;          // a stable ImGui id per participant row (same order)
    int next_row_key = 1;
    void add_participant(sim::Participant p) {
        participants.push_back(std::move(p));
        row_keys.push_back(next_row_key++);
    }
};

// One participant's feedback form being filled in (Scenario::feedback_form()).
struct FeedbackDraft {
    std::string session;                // the draft belongs to this session
    std::string respondent;             // "" = anonymous
    std::string team;
    std::string role;
    std::map<std::string, std::string> answers;   // question id -> "1".."5" or text
    std::string error;                  // the engine's refusal of the last Record, shown in the form
    bool sending = false;               // queued, not yet in the journal
    // Something was answered or named: leaving it would lose work.
    [[nodiscard]] bool started() const {
        for (const auto& [q, a] : answers)
            if (!a.empty()) return true;
        return !respondent.empty();
    }
};

// A session from the journal database, scored (the review view's rows).
struct HistoryEntry {
    sim::SessionInfo info;
    std::shared_ptr<const sim::Scenario> scenario;
    sim::Journal journal;
    std::optional<sim::scoring::Scorecard> card;
    std::string error;                  // why it could not be scored ("" if scored)
};

// UI-only state. Nothing here is part of the exercise record.
struct UiState {
    Screen screen = Screen::library;
    Screen before_projector = Screen::exercise;   // where F11 returns to
    bool quit_requested = false;
    std::map<std::string, std::string> slot_tab;   // layout slot -> selected view id
    std::string focus_view;             // a view to bring forward next frame (--view)

    // library
    std::string library_selection;      // path of the selected scenario
    std::string library_filter;
    std::string folder_draft;           // a folder the facilitator is adding

    // setup
    SetupDraft setup;
    bool start_requested = false;       // Ctrl+Enter on the setup screen

    // exercise
    std::string team;                   // team whose queue is shown
    std::string inject;                 // selected inject ("" = follow the latest)
    bool follow_latest = true;          // select each new inject as it arrives (never while typing or deciding)
    std::size_t seen_deliveries = 0;
    // Keyboard safety: single-key shortcuts never act while a text field has the
    // keyboard, nor right after one lost it or after a new inject moved the selection.
    bool typing = false;                // a text field has the keyboard (set by the app every frame)
    double typed_at = -1e9;             // app time of the last key typed into a text field
    double selection_moved_at = -1e9;   // app time a new inject moved the selection by itself
    bool release_keyboard = false;      // take the keyboard from the text field next frame
    std::int64_t last_recorded_seq = 0; // journal entry of the last decision recorded here
    std::vector<sim::Participant> last_participants;   // of the session started last (offered, never implied)
    DecisionDraft decision;
    std::map<std::string, std::string> rating_notes;   // expectation -> note draft
    std::string note_text;
    bool note_action = false;
    bool note_observer = false;
    bool note_about_inject = false;
    std::string note_objective;         // set by "Write a note on this objective"
    bool focus_note = false;            // the note field takes the keyboard next frame
    std::string observer_name = "Observer";

    // projector
    bool projector_window = false;      // a second window shows the projector view
    std::string projector_inject;       // pinned inject ("" = the latest delivered)
    bool reveal_scores = false;

    // overlays and confirmations
    bool help_open = false;
    bool confirm_end = false;
    bool confirm_hotwash = false;
    bool confirm_close = false;
    bool confirm_ending_decision = false;   // the chosen option ends the exercise
    bool resume_prompt = false;         // offer unfinished sessions once at start

    // participant feedback (the feedback screen)
    FeedbackDraft feedback;

    // review
    std::string review_session;
    std::string compare_session;
    std::string last_export;            // path written by the last export
    std::string last_export_error;      // why the last export failed ("" after a success)
};

class Model {
public:
    explicit Model(const sim::attack::Catalog& catalog);
    ~Model();
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    [[nodiscard]] const sim::attack::Catalog& catalog() const { return catalog_; }

    // ---- the journal database ------------------------------------------------
    // Opens it; on failure keeps the console usable and records why.
    bool open_store(const std::string& path);
    [[nodiscard]] sim::Store* store() { return store_; }
    // The shared core behind sessions, reports and history (null until a database is open).
    [[nodiscard]] sim::service::Workspace* workspace() { return workspace_.get(); }
    [[nodiscard]] const std::string& store_path() const { return store_path_; }
    [[nodiscard]] const std::string& store_error() const { return store_error_; }
    [[nodiscard]] std::vector<sim::SessionInfo> unfinished_sessions() const;

    // ---- the scenario library ----------------------------------------------------
    // Loads and validates every *.yaml / *.yml scenario in `folders` (a file
    // path is taken as one scenario). Broken files are listed with their errors.
    void scan_library(const std::vector<std::string>& folders);
    // Adds (or reloads) one scenario file; returns its entry.
    const LibraryEntry& load_scenario(const std::string& path, const std::string& folder = "");
    [[nodiscard]] const std::vector<LibraryEntry>& library() const { return library_; }
    [[nodiscard]] const LibraryEntry* library_entry(const std::string& path) const;
    [[nodiscard]] const std::vector<std::string>& library_folders() const { return library_folders_; }

    // ---- the session -------------------------------------------------------------
    [[nodiscard]] bool has_session() const { return session_.has_value(); }
    [[nodiscard]] bool read_only() const { return read_only_; }
    // True when commands can be sent (a live session, not a replay).
    [[nodiscard]] bool live() const { return session_.has_value() && !read_only_; }
    [[nodiscard]] const sim::Session* session() const { return session_ ? &*session_ : nullptr; }
    [[nodiscard]] const sim::ExerciseState* state() const { return session_ ? &session_->state() : nullptr; }
    [[nodiscard]] const sim::Scenario* scenario() const { return session_ ? &session_->scenario() : nullptr; }
    [[nodiscard]] const sim::Journal* journal() const { return session_ ? &session_->journal() : nullptr; }
    [[nodiscard]] const sim::SessionInfo* session_info() const { return session_info_ ? &*session_info_ : nullptr; }

    // Creates a session from the setup draft and opens its briefing.
    bool start_session(const SetupDraft& draft, std::int64_t wall_ms);
    // Reopens a stored session (read_only: a replay for review; no commands).
    bool open_session(const std::string& id, bool read_only);
    void close_session();

    // ---- commands ------------------------------------------------------------------
    // Queues a command; it runs after the frame, in order. `on_recorded` runs
    // only once the command is committed (e.g. to clear the form it came from).
    // `on_refused` gets the refusal sentence when the engine or the journal says no.
    void push(sim::Command c, std::function<void(Model&)> on_recorded = {},
              std::function<void(Model&, const std::string&)> on_refused = {});
    [[nodiscard]] bool has_pending() const { return !queue_.empty(); }
    // Runs the queue through Session::execute (committed before applied).
    // Returns the number of commands accepted.
    int execute_pending(std::int64_t wall_ms);
    // Runs one command now (used by execute_pending and tests). Returns the
    // refusal or error sentence, "" when recorded.
    std::string execute(const sim::Command& c, std::int64_t wall_ms);

    // ---- the clock -------------------------------------------------------------------
    // Wall seconds elapsed since the last tick; commits Advance when an inject
    // or a decision deadline comes due, or every kCheckpointSeconds of wall time.
    void tick(double wall_dt_s, std::int64_t wall_ms);
    [[nodiscard]] sim::ExTime display_clock() const;
    [[nodiscard]] bool clock_running() const;   // live, running, not ended
    // Wall seconds until the displayed clock shows its next second (while it runs).
    [[nodiscard]] double wall_seconds_to_next_tick() const {
        return (std::floor(carry_) + 1.0 - carry_) / static_cast<double>(std::max(1, speed_));
    }
    [[nodiscard]] int speed() const { return speed_; }
    void set_speed(int speed);
    void faster();
    void slower();
    // When false the wall clock never moves the exercise clock (tests, screenshots).
    void set_pacing(bool on) { pacing_ = on; }
    [[nodiscard]] bool pacing() const { return pacing_; }
    static constexpr double kCheckpointSeconds = 5.0;

    // ---- derived data (recomputed when the journal grows) ------------------------------
    [[nodiscard]] const sim::scoring::Scorecard* scorecard();
    // Every stored session, scored (cached by event count).
    [[nodiscard]] const std::vector<HistoryEntry>& history();
    void invalidate_history() { history_dirty_ = true; }
    [[nodiscard]] const HistoryEntry* history_entry(const std::string& id);

    // Writes a report of a stored session through the workspace, as `ttx report`
    // does, into <db folder>/reports (or $TTX_EXPORT_DIR); returns the path written, or "" and a message.
    std::string export_report(const std::string& session_id, const std::string& format);
    // The session's improvement plan synced through the workspace, as `ttx actions list` does.
    [[nodiscard]] std::optional<std::vector<sim::report::ImprovementAction>> improvement_plan(const std::string& session_id,
                                                                                            std::string& why);
    // Saves an edit of one action as `ttx actions set` does; "" when saved, else why (nothing written).
    [[nodiscard]] std::string save_action(const std::string& session_id, std::int64_t number,
                                          const sim::report::ActionEdit& edit);

    // ---- messages for the status line ---------------------------------------------------
    void info(std::string text);
    void success(std::string text);
    void error(std::string text);
    [[nodiscard]] const std::vector<Message>& messages() const { return messages_; }
    void set_time(double seconds) { now_ = seconds; }   // app clock for message ages
    [[nodiscard]] double now() const { return now_; }

    UiState ui;
    Prefs prefs;
    std::string config_dir;             // where prefs.json and imgui.ini live ("" = nowhere)

    // ---- helpers the views share ----------------------------------------------------------
    // The inject the views focus on: the selection, else the latest delivered.
    [[nodiscard]] const sim::Inject* selected_inject() const;
    [[nodiscard]] std::string selected_inject_id() const;
    // The inject the projector shows ("" before anything was delivered).
    [[nodiscard]] std::string projector_inject_id() const;
    // Display name of a team / role id (the id itself if unknown).
    [[nodiscard]] std::string team_name(const std::string& id) const;
    [[nodiscard]] std::string role_name(const std::string& id) const;
    // A team or role id (as expectations and decisions name them) as a display name.
    [[nodiscard]] std::string who_name(const std::string& id) const;
    // An ending's title (its id if it has none, "" for none).
    [[nodiscard]] std::string ending_title(const std::string& id) const;
    // Participants registered for a team.
    [[nodiscard]] std::vector<sim::Participant> participants_of(const std::string& team) const;

private:
    void refresh_session_info();
    void follow_new_deliveries();

    const sim::attack::Catalog& catalog_;
    std::unique_ptr<sim::service::Workspace> workspace_;
    sim::Store* store_ = nullptr;       // workspace_'s journal database
    std::string store_path_;
    std::string store_error_;

    std::vector<LibraryEntry> library_;
    std::vector<std::string> library_folders_;

    std::optional<sim::Session> session_;
    std::optional<sim::SessionInfo> session_info_;
    bool read_only_ = false;

    struct Queued {
        sim::Command command;
        std::function<void(Model&)> on_recorded;
        std::function<void(Model&, const std::string&)> on_refused;
    };
    std::vector<Queued> queue_;

    int speed_ = 1;
    bool pacing_ = true;
    double carry_ = 0;                  // exercise seconds not yet committed
    double since_commit_ = 0;           // wall seconds since the last Advance
    bool clock_fault_ = false;          // an Advance was refused: stop pacing until resumed

    std::optional<sim::scoring::Scorecard> card_;
    std::int64_t card_seq_ = -1;

    std::vector<HistoryEntry> history_;
    bool history_dirty_ = true;

    std::vector<Message> messages_;
    double now_ = 0;
};

// Wall-clock UTC milliseconds (the console stamps events with it; sim/ never reads it).
[[nodiscard]] std::int64_t wall_now_ms();
// A new session id (sim::service policy, entropy from the front end).
[[nodiscard]] std::string new_session_id();
// A random seed for a new session (recorded in the journal).
[[nodiscard]] std::uint64_t random_seed();

} // namespace ui
