// sim/service/workspace.cpp — see workspace.hpp.
#include "sim/service/workspace.hpp"

#include <algorithm>
#include <filesystem>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "sim/report/actions_store.hpp"
#include "sim/util/files.hpp"

namespace sim::service {

namespace fs = std::filesystem;

std::string Paths::scenarios_dir() const {
    return data_dir.empty() ? std::string{} : (fs::path(data_dir) / "scenarios").string();
}

std::string Paths::bundled_scenarios_dir() const {
    return bundled_dir.empty() ? std::string{} : (fs::path(bundled_dir) / "scenarios").string();
}

std::string Paths::reports_dir() const {
    if (!export_dir.empty()) return export_dir;
    return (fs::path(db).parent_path() / "reports").string();
}

Paths resolve_paths(const char* xdg_data_home, const char* home, const char* export_dir) {
    Paths p;
    fs::path dir;
    if (xdg_data_home && *xdg_data_home) dir = fs::path(xdg_data_home) / "ttx";
    else if (home && *home) dir = fs::path(home) / ".local" / "share" / "ttx";
    else dir = fs::path(".ttx");
    p.data_dir = dir.string();
    p.db = (dir / "ttx.db").string();
    if (export_dir && *export_dir) p.export_dir = export_dir;
    return p;
}

std::vector<std::string> bundled_dir_candidates(const std::string& exe, const char* xdg_data_dirs) {
    std::vector<std::string> out;
    if (!exe.empty()) {
        const fs::path dir = fs::path(exe).parent_path();
        out.push_back((dir.parent_path() / "share" / "ttx").string());
        out.push_back((dir / "share" / "ttx").string());
    }
    const std::string dirs = xdg_data_dirs && *xdg_data_dirs ? xdg_data_dirs : "/usr/local/share:/usr/share";
    std::size_t begin = 0;
    while (begin <= dirs.size()) {
        std::size_t end = dirs.find(':', begin);
        if (end == std::string::npos) end = dirs.size();
        const fs::path entry = dirs.substr(begin, end - begin);
        if (entry.is_absolute()) out.push_back((entry / "ttx").string());
        begin = end + 1;
    }
    return out;
}

std::string find_bundled_dir(const std::vector<std::string>& candidates) {
    for (const auto& c : candidates) {
        std::error_code ec;
        if (fs::is_directory(fs::path(c) / "scenarios", ec)) return c;
    }
    return {};
}

std::string new_session_id(std::uint64_t entropy) { return fmt::format("s-{:012x}", entropy & 0xffffffffffffULL); }

std::uint64_t new_seed(std::uint64_t entropy) { return entropy % 1000000000ULL; }

std::string format_time(std::int64_t wall_ms) { return report::format_wall(wall_ms); }

report::ReportInput PreparedReport::input() const {
    return {session.scenario, session.journal, session.meta, session.card, actions, earlier, catalog};
}

Workspace::Workspace(Paths paths)
    : paths_(std::move(paths)),
      owned_catalog_(std::make_unique<attack::CatalogSelection>(attack::select_catalog(paths_.data_dir))) {
    catalog_ = &owned_catalog_->get();
    catalog_warning_ = owned_catalog_->warning;
}

Workspace::Workspace(Paths paths, const attack::Catalog& catalog) : paths_(std::move(paths)), catalog_(&catalog) {}

Workspace::Workspace(Workspace&&) noexcept = default;
Workspace& Workspace::operator=(Workspace&&) noexcept = default;
Workspace::~Workspace() = default;

Store& Workspace::store() {
    if (!store_) {
        fs::path parent = fs::path(paths_.db).parent_path();
        std::error_code ec;
        if (!parent.empty() && !fs::exists(parent, ec)) {
            fs::create_directories(parent, ec);
            if (!ec) ::chmod(parent.c_str(), 0700);   // journals name people: private by default
        }
        store_ = std::make_unique<Store>(Store::open(paths_.db));
    }
    return *store_;
}

LoadResult Workspace::load_scenario(const std::string& path) const { return load_and_validate(path, *catalog_); }

std::variant<Session, std::string> Workspace::start(std::shared_ptr<const Scenario> scenario, const cmd::Start& start,
                                                    std::int64_t wall_ms, std::uint64_t entropy,
                                                    const SessionOrigin& origin) {
    Store& s = store();
    std::string id = new_session_id(entropy);
    // 48 bits rarely collide; when they do, step to a neighbour rather than fail.
    for (std::uint64_t i = 1; i < 64 && s.session(id); ++i) id = new_session_id(entropy + i * 0x9e3779b97f4aULL);
    return Session::create(s, id, std::move(scenario), start, wall_ms, origin);
}

Session Workspace::resume(const std::string& id) {
    // Refused like load_session: a session is never continued on altered scenario text.
    if (auto info = store().session(id))
        if (std::string why = report::stored_scenario_altered(*info); !why.empty()) throw StoreError(why);
    return Session::resume(store(), id);
}

std::optional<report::LoadedSession> Workspace::load_session(const std::string& id, std::string& error) {
    return report::load_session(store(), id, error);
}

namespace {
std::vector<report::ImprovementAction> sync_loaded(Store& store, const report::LoadedSession& s,
                                                   const attack::Catalog* catalog) {
    return report::ActionStore(store).sync(s.info.id, report::derive_actions(s.scenario, s.journal, s.card, catalog));
}
} // namespace

std::optional<std::vector<report::ImprovementAction>> Workspace::sync_actions(const std::string& id,
                                                                               std::string& error) {
    auto loaded = load_session(id, error);
    if (!loaded) return std::nullopt;
    return sync_loaded(store(), *loaded, catalog_);
}

std::optional<report::ImprovementAction> Workspace::update_action(const std::string& id, std::int64_t number,
                                                                  const report::ActionEdit& edit, std::string& error) {
    auto plan = sync_actions(id, error);
    if (!plan) return std::nullopt;
    const auto current = std::find_if(plan->begin(), plan->end(), [&](const auto& a) { return a.number == number; });
    if (current == plan->end()) {
        error = fmt::format("session {} has no action {}{}", id, number,
                            plan->empty() ? " (it has no actions)"
                                          : fmt::format(" (its actions are numbered {} to {}; `ttx actions list {}`)",
                                                        plan->front().number, plan->back().number, id));
        return std::nullopt;
    }
    // Checked against the stored action, so a start after its stored completion date is caught too.
    if (const std::string why = report::check_edit(edit, *current); !why.empty()) {
        error = fmt::format("session {}, action {}: {}", id, number, why);
        return std::nullopt;
    }
    report::ActionStore actions(store());
    actions.update(id, number, edit);
    for (auto& a : actions.list(id))
        if (a.number == number) return std::move(a);
    error = fmt::format("session {}: action {} vanished while it was saved", id, number);
    return std::nullopt;
}

std::optional<PreparedReport> Workspace::prepare_report(const std::string& id, std::string& error) {
    auto loaded = load_session(id, error);
    if (!loaded) return std::nullopt;
    PreparedReport p{std::move(*loaded), {}, {}, catalog_};
    p.actions = sync_loaded(store(), p.session, catalog_);
    std::vector<std::string> teams;
    for (const auto& t : p.session.card.teams) teams.push_back(t.group.id);
    p.earlier = report::earlier_actions(report::ActionStore(store()).all(), id, p.session.info.started_wall, teams, p.session.scenario.id);
    return p;
}

namespace {
// The report's bytes. The workbook is binary and libxlsxwriter writes only
// files: it goes to a scratch file in `scratch_dir`, is read back and removed.
std::optional<std::string> rendered(const PreparedReport& p, report::Format f, const fs::path& scratch_dir,
                                    std::string& error) {
    if (f != report::Format::xlsx) return report::render(f, p.input());
    std::error_code ec;
    std::string scratch = (scratch_dir / ".ttx-workbook.tmp-XXXXXX").string();
    const int fd = ::mkstemp(scratch.data());
    if (fd < 0) {
        error = fmt::format("cannot create a scratch file in {}: {}", scratch_dir.string(), std::strerror(errno));
        return std::nullopt;
    }
    ::close(fd);
    std::optional<std::string> bytes;
    if (report::write_xlsx(p.input(), scratch, error)) bytes = read_file(scratch, std::size_t{1} << 31, error);
    else error = "cannot write the workbook: " + error;
    fs::remove(scratch, ec);
    return bytes;
}
} // namespace

std::optional<std::string> Workspace::render_report(const std::string& id, report::Format f, std::string& error) {
    auto p = prepare_report(id, error);
    if (!p) return std::nullopt;
    std::error_code ec;
    if (f == report::Format::xlsx) fs::create_directories(paths_.reports_dir(), ec);
    return rendered(*p, f, paths_.reports_dir(), error);
}

std::optional<std::string> Workspace::export_report(const std::string& id, report::Format f, const std::string& output,
                                                    std::string& error) {
    auto p = prepare_report(id, error);
    if (!p) return std::nullopt;
    fs::path path;
    std::error_code ec;
    if (output.empty()) {
        const fs::path dir = paths_.reports_dir();
        fs::create_directories(dir, ec);
        if (ec) {
            error = fmt::format("cannot create the report folder {}: {}", dir.string(), ec.message());
            return std::nullopt;
        }
        path = dir / (id + "-" + p->session.scenario.id + report::file_extension(f));
    } else {
        path = output;
        if (fs::is_directory(path, ec)) path /= id + report::file_extension(f);
    }
    const auto text = rendered(*p, f, path.has_parent_path() ? path.parent_path() : fs::path("."), error);
    if (!text) return std::nullopt;
    if (!write_file_atomic(path.string(), *text, error)) {
        error = fmt::format("cannot write {}: {}", path.string(), error);
        return std::nullopt;
    }
    return path.string();
}

History Workspace::history(const HistoryFilter& filter) {
    History h;
    auto sessions = store().list_sessions();   // newest first
    std::reverse(sessions.begin(), sessions.end());
    for (const auto& info : sessions) {
        if (info.practice && !filter.include_practice) continue;
        if (!filter.scenario.empty() && info.scenario_id != filter.scenario) continue;
        if (filter.since && info.started_wall < *filter.since) continue;
        std::string error;
        auto loaded = load_session(info.id, error);
        if (!loaded) {
            h.skipped.push_back(error);
            continue;
        }
        if (!filter.team.empty() && !loaded->scenario.team(filter.team)) continue;
        h.summaries.push_back(report::summarize(*loaded));
    }
    h.trends = report::trends(h.summaries, filter.team);
    return h;
}

} // namespace sim::service
