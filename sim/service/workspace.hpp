// sim/service/workspace.hpp — the one core every front end (`ttx`, the console)
// calls for everything beyond drawing.
//
// A Workspace holds the paths, the ATT&CK catalog and the journal database,
// and owns the policies both front ends must share: how a session is
// started, resumed and loaded back (with the SHA-256 and error checks), how a
// report input is prepared (improvement actions synced, earlier sessions'
// actions carried) and exported, history and trends, session ids, seeds and
// how dates are printed. It never reads the environment, the clock or a
// random source: paths, wall time and entropy are inputs the front end
// supplies (cli/environment.hpp is where both front ends read them).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/attack/catalog.hpp"
#include "sim/engine/session.hpp"
#include "sim/report/history.hpp"
#include "sim/report/report.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/store/store.hpp"

namespace sim::report {
struct ActionEdit;
}

namespace sim::service {

struct Paths {
    std::string data_dir;               // journal, imported catalog, user scenarios ("" = none)
    std::string db;                     // the journal database
    std::string export_dir;             // where exported reports go ("" = <db folder>/reports)
    std::string bundled_dir;            // read-only data shipped with ttx (share/ttx); "" when none was found

    [[nodiscard]] std::string scenarios_dir() const;   // <data_dir>/scenarios ("" without a data dir)
    [[nodiscard]] std::string bundled_scenarios_dir() const;   // <bundled_dir>/scenarios ("" without one)
    [[nodiscard]] std::string reports_dir() const;     // export_dir, else <db folder>/reports
};

// The XDG policy from the variables' values (null or empty = unset):
// $XDG_DATA_HOME/ttx, else $HOME/.local/share/ttx, else ./.ttx; db = <data_dir>/ttx.db.
[[nodiscard]] Paths resolve_paths(const char* xdg_data_home, const char* home, const char* export_dir = nullptr);

// Where the data shipped with ttx (share/ttx: the bundled scenarios) may be, in
// lookup order, for the binary at `exe` (absolute; "" = unknown) and the value
// of $XDG_DATA_DIRS (null or empty = "/usr/local/share:/usr/share"; relative
// entries are ignored, as the XDG spec says):
//   <exe dir>/../share/ttx   installed (bin/ttx beside share/ttx), wherever the prefix is
//   <exe dir>/share/ttx      the build tree (the build links share/ttx/scenarios to scenarios/)
//   <entry>/ttx              for each $XDG_DATA_DIRS entry
// Never the source tree: an installed ttx works when the sources are gone.
[[nodiscard]] std::vector<std::string> bundled_dir_candidates(const std::string& exe, const char* xdg_data_dirs);
// The first candidate holding a scenarios/ folder; "" when none does.
[[nodiscard]] std::string find_bundled_dir(const std::vector<std::string>& candidates);

// ---- policies -------------------------------------------------------------------------
// "s-" + 12 hex digits from 48 bits of `entropy`.
[[nodiscard]] std::string new_session_id(std::uint64_t entropy);
// A seed a facilitator can read aloud and type: nine decimal digits.
[[nodiscard]] std::uint64_t new_seed(std::uint64_t entropy);
// The one format for wall-clock dates on screen and in reports: "2025-01-01 10:00 UTC".
[[nodiscard]] std::string format_time(std::int64_t wall_ms);

// A report ready to render: the loaded session and its synced improvement plan.
struct PreparedReport {
    report::LoadedSession session;
    std::vector<report::ImprovementAction> actions;   // numbered 1..N as stored
    std::vector<report::ImprovementAction> earlier;   // earlier sessions' actions for the same teams
    const attack::Catalog* catalog = nullptr;
    [[nodiscard]] report::ReportInput input() const;
};

struct HistoryFilter {
    std::string team;                   // sessions whose scenario has this team
    std::string scenario;               // scenario id
    std::optional<std::int64_t> since;  // started on or after (UTC ms)
    bool include_practice = false;
};

struct History {
    std::vector<report::SessionSummary> summaries;   // oldest first
    std::vector<report::Trend> trends;
    std::vector<std::string> skipped;   // sessions that could not be loaded, with why
};

class Workspace {
public:
    // The catalog comes from paths.data_dir (the imported one, if any).
    explicit Workspace(Paths paths);
    // A given catalog (the console's, tests'); it must outlive the workspace.
    Workspace(Paths paths, const attack::Catalog& catalog);
    Workspace(Workspace&&) noexcept;
    Workspace& operator=(Workspace&&) noexcept;
    ~Workspace();

    [[nodiscard]] const Paths& paths() const { return paths_; }
    [[nodiscard]] const attack::Catalog& catalog() const { return *catalog_; }
    // Why an imported catalog was not used ("" if none or it loaded).
    [[nodiscard]] const std::string& catalog_warning() const { return catalog_warning_; }

    // The journal database, opened on first use (its folder created, mode 0700). Throws StoreError.
    [[nodiscard]] Store& store();

    // ---- scenarios and sessions ----
    // Loads and validates a scenario file against the workspace's catalog.
    [[nodiscard]] LoadResult load_scenario(const std::string& path) const;
    // Creates a session with a fresh id (from `entropy`, redrawn past ids in
    // use). Returns the refusal sentence if `start` is invalid; StoreError propagates.
    [[nodiscard]] std::variant<Session, std::string> start(std::shared_ptr<const Scenario> scenario,
                                                           const cmd::Start& start, std::int64_t wall_ms,
                                                           std::uint64_t entropy, const SessionOrigin& origin = {});
    // Replays a stored session to continue it. Throws StoreError, also when its
    // stored scenario text no longer matches its SHA-256.
    [[nodiscard]] Session resume(const std::string& id);
    // A stored session re-scored from its stored scenario, refused (nullopt +
    // `error`) when that text no longer matches its SHA-256 or no longer loads.
    [[nodiscard]] std::optional<report::LoadedSession> load_session(const std::string& id, std::string& error);

    // ---- reports ----
    // Brings the session's stored improvement plan in line with its scores
    // (edits made with `ttx actions set` are kept); returns it, numbered 1..N.
    [[nodiscard]] std::optional<std::vector<report::ImprovementAction>> sync_actions(const std::string& id,
                                                                                     std::string& error);
    // Edits action `number` of the session's synced plan, as `ttx actions set`
    // and the console's plan screen do: refused (nullopt + `error`, a sentence
    // naming the session and action) when the session has no such action or
    // check_edit rejects the edit; nothing is written then. Returns the stored action.
    [[nodiscard]] std::optional<report::ImprovementAction> update_action(const std::string& id, std::int64_t number,
                                                                         const report::ActionEdit& edit,
                                                                         std::string& error);
    // Loads the session, syncs its improvement plan into the database and
    // gathers earlier sessions' actions: what `ttx report` and the console export render.
    [[nodiscard]] std::optional<PreparedReport> prepare_report(const std::string& id, std::string& error);
    [[nodiscard]] std::optional<std::string> render_report(const std::string& id, report::Format f, std::string& error);
    // Writes the report to `output` (a file, or a folder that gets
    // <session><ext>); "" = paths().reports_dir(). Returns the path written.
    [[nodiscard]] std::optional<std::string> export_report(const std::string& id, report::Format f,
                                                           const std::string& output, std::string& error);

    // ---- history ----
    [[nodiscard]] History history(const HistoryFilter& filter = {});

private:
    Paths paths_;
    std::unique_ptr<attack::CatalogSelection> owned_catalog_;
    const attack::Catalog* catalog_ = nullptr;
    std::string catalog_warning_;
    std::unique_ptr<Store> store_;
};

} // namespace sim::service
