// ui/views/import_view.cpp — the Import tab of the library screen.
#include "ui/views/import_view.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <imgui_stdlib.h>

#include "cli/files.hpp"
#include "sim/import/import.hpp"
#include "sim/util/files.hpp"
#include "ui/actions.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace fs = std::filesystem;
namespace imp = sim::importer;

namespace {

bool importable(const fs::path& p) {
    const std::string ext = p.extension().string();
    return ext == ".json" || ext == ".yml" || ext == ".yaml" || ext == ".csv";
}

// The user's own scenario folder (the library lists it), "" without a data folder.
std::string user_scenario_dir(Model& m) {
    return m.workspace() ? m.workspace()->paths().scenarios_dir() : std::string();
}

const ImVec4& level_color(int level) {
    return level == 0 ? palette().bad : level == 1 ? palette().warn : palette().text_muted;
}

} // namespace

bool import_preview(Model& m, ImportDraft& d) {
    const std::string path = d.path, browse = d.browse;
    const int as = d.as;
    d = ImportDraft{};
    d.path = path;
    d.browse = browse;
    d.as = as;
    d.previewed = true;
    if (path.empty()) return false;

    std::vector<imp::Input> inputs;
    for (const auto& file : cli::import_inputs({path})) {
        std::string error;
        auto text = sim::read_file(file, imp::kMaxInputBytes, error);
        if (!text) {
            d.problems.emplace_back(0, file + ": error: " + error);
            continue;
        }
        inputs.push_back({file, std::move(*text)});
    }
    if (inputs.empty()) {
        if (d.problems.empty()) d.problems.emplace_back(0, path + ": error: no .json, .yml, .yaml or .csv file in it");
        return false;
    }
    imp::Options opts;
    opts.as = as == 1 ? imp::As::scenario : as == 2 ? imp::As::purple_plan : imp::As::automatic;
    const imp::Result res = imp::import_files(inputs, opts, m.catalog());
    d.kinds = res.kinds;
    d.mapped = res.mapped;
    for (const auto& p : res.problems)
        d.problems.emplace_back(p.level == imp::Level::error ? 0 : p.level == imp::Level::warning ? 1 : 2,
                                imp::format_problem(p));
    if (!res.scenario) return false;

    const std::string dir = user_scenario_dir(m);
    const std::string target = (fs::path(dir.empty() ? "." : dir) / (res.scenario->id + ".yaml")).string();
    const imp::Checked checked = imp::check_import(*res.scenario, target, m.catalog());
    for (const auto& diag : checked.loaded.diags.items)
        d.diagnostics.emplace_back(diag.level == sim::DiagLevel::error ? 0 : 1, sim::format_diagnostic(diag));
    d.id = res.scenario->id;
    std::size_t moves = 0;
    for (const auto& [stage, v] : res.scenario->red_moves) moves += v.size();
    d.summary = fmt::format("{} stages, {} injects, {} red moves from {} file{}", res.scenario->stages.size(),
                            res.scenario->injects.size(), moves, inputs.size(), inputs.size() == 1 ? "" : "s");
    if (checked.ok()) d.yaml = checked.yaml;
    return !d.yaml.empty();
}

std::string import_save(Model& m, ImportDraft& d) {
    if (d.yaml.empty()) {
        m.error("Nothing to save: the import gave no scenario that validates.");
        return {};
    }
    const std::string dir = user_scenario_dir(m);
    if (dir.empty()) {
        m.error("No scenario folder to save into: the journal database is not open.");
        return {};
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        m.error(fmt::format("Cannot create {}: {}", dir, ec.message()));
        return {};
    }
    // Never over an existing scenario: the next free name.
    fs::path target = fs::path(dir) / (d.id + ".yaml");
    for (int n = 2; fs::exists(target, ec) && n < 1000; ++n) target = fs::path(dir) / fmt::format("{}-{}.yaml", d.id, n);
    std::string error;
    if (fs::exists(target, ec) || !sim::write_file_atomic(target.string(), d.yaml, error)) {
        m.error(fmt::format("Cannot write {}: {}", target.string(), error.empty() ? "too many files of that name" : error));
        return {};
    }
    d.saved = target.string();
    auto folders = m.library_folders();
    const std::string keep_dir = fs::weakly_canonical(dir, ec).string();
    if (std::find(folders.begin(), folders.end(), dir) == folders.end() &&
        std::find(folders.begin(), folders.end(), keep_dir) == folders.end())
        folders.push_back(dir);
    m.scan_library(folders);
    const LibraryEntry* e = m.library_entry(d.saved);
    if (!e) e = &m.load_scenario(d.saved, dir);
    m.ui.library_selection = e->path;
    m.success("Imported " + d.saved);
    return d.saved;
}

void ImportView::drawContent(Model& m) {
    const float chooser_w = std::max(ImGui::GetContentRegionAvail().x * 0.42f, ImGui::GetFontSize() * 18);
    draw_chooser(m, chooser_w);
    ImGui::SameLine();
    ImGui::BeginChild("import-preview", ImVec2(0, 0), true);
    draw_preview(m);
    ImGui::EndChild();
}

void ImportView::draw_chooser(Model& m, float width) {
    ImportDraft& d = draft_;
    ImGui::BeginChild("import-chooser", ImVec2(width, 0), false);
    widgets::muted_wrapped("An Attack Flow, a Navigator layer, Atomic Red Team atomics, a Caldera adversary "
                           "(with its abilities folder) or an MSEL spreadsheet (CSV). Recognised by content.");
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 5.5f);
    const bool enter = ImGui::InputTextWithHint("##import-path", "File or folder to import", &d.path,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    widgets::trace_item("import path");
    ImGui::SameLine();
    if (ImGui::Button("Preview") || enter) import_preview(m, d);
    widgets::trace_item("import preview");
    ImGui::TextUnformatted("Import as:");
    ImGui::SameLine();
    bool changed = ImGui::RadioButton("by content", &d.as, 0);
    ImGui::SameLine();
    changed |= ImGui::RadioButton("scenario", &d.as, 1);
    ImGui::SameLine();
    changed |= ImGui::RadioButton("purple plan", &d.as, 2);
    if (changed && d.previewed && !d.path.empty()) import_preview(m, d);

    ImGui::Separator();
    std::error_code ec;
    if (d.browse.empty()) d.browse = fs::current_path(ec).string();
    widgets::muted("Folder:");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##import-browse", &d.browse);
    // Subfolders first, then the files an import reads; one click previews a file.
    std::vector<fs::path> dirs, files;
    for (auto it = fs::directory_iterator(d.browse, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::directory_iterator(); it.increment(ec)) {
        std::error_code ec2;
        if (it->path().filename().string().rfind('.', 0) == 0) continue;
        if (it->is_directory(ec2)) dirs.push_back(it->path());
        else if (it->is_regular_file(ec2) && importable(it->path())) files.push_back(it->path());
    }
    std::sort(dirs.begin(), dirs.end());
    std::sort(files.begin(), files.end());
    ImGui::BeginChild("import-files", ImVec2(0, 0), true);
    if (ec) widgets::colored(palette().bad, "Cannot list this folder: " + ec.message());
    const fs::path parent = fs::path(d.browse).parent_path();
    if (!parent.empty() && parent != fs::path(d.browse) && ImGui::Selectable("../")) d.browse = parent.string();
    for (const auto& p : dirs) {
        ImGui::PushID(p.c_str());
        if (ImGui::Selectable((p.filename().string() + "/").c_str())) d.browse = p.string();
        if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(0)) {
            d.path = p.string();   // a folder imports every file in it (Caldera)
            import_preview(m, d);
        }
        widgets::tooltip("Open; double-click to import every file in it");
        ImGui::PopID();
    }
    for (const auto& p : files) {
        ImGui::PushID(p.c_str());
        if (ImGui::Selectable(p.filename().c_str(), d.path == p.string())) {
            d.path = p.string();
            import_preview(m, d);
        }
        widgets::trace_item("import file " + p.filename().string());
        ImGui::PopID();
    }
    if (dirs.empty() && files.empty() && !ec) widgets::muted("No .json, .yml, .yaml or .csv file here.");
    ImGui::EndChild();
    ImGui::EndChild();
}

void ImportView::draw_preview(Model& m) {
    ImportDraft& d = draft_;
    if (!d.previewed) {
        widgets::heading("Import a scenario");
        widgets::muted_wrapped("Choose a file on the left. The preview shows what each source object became, what "
                               "could not be mapped and why, and whether the result validates. A valid result is "
                               "saved into your scenario folder and opens in the setup screen.");
        const std::string dir = user_scenario_dir(m);
        if (!dir.empty()) widgets::muted_wrapped("Your scenario folder: " + dir);
        return;
    }
    widgets::heading(d.id.empty() ? fs::path(d.path).filename().string() : d.id);
    widgets::muted(d.path);
    if (!d.kinds.empty()) {
        std::string kinds;
        for (const auto& k : d.kinds) kinds += (kinds.empty() ? "" : ", ") + k;
        widgets::label_value("Recognised as:", kinds);
    }
    if (!d.summary.empty()) widgets::label_value("Mapped:", d.summary);

    const int errors = static_cast<int>(std::count_if(d.diagnostics.begin(), d.diagnostics.end(),
                                                      [](const auto& x) { return x.first == 0; }));
    if (!d.yaml.empty()) {
        const std::string dir = user_scenario_dir(m);
        const bool can_save = !dir.empty();
        if (can_save && widgets::colored_button("Save to my scenarios and set up a session", palette().accent)) {
            if (!import_save(m, d).empty()) actions::go(m, Screen::setup);
        }
        widgets::trace_item("import save");
        widgets::tooltip(can_save ? "Writes " + (fs::path(dir) / (d.id + ".yaml")).string() +
                                        " (never over another file) and opens it in the setup screen"
                                  : "Open a journal database first: the scenario folder lives beside it");
        if (!d.saved.empty()) widgets::colored(palette().good, "Saved " + d.saved);
    } else if (d.id.empty()) {
        widgets::colored(palette().bad, "Nothing usable to import.");
    } else {
        widgets::colored(palette().bad, fmt::format("The result does not validate ({} error{}): nothing to save.",
                                                    errors, errors == 1 ? "" : "s"));
    }

    ImGui::Spacing();
    if (ImGui::CollapsingHeader(fmt::format("Not mapped ({})###import-problems", d.problems.size()).c_str(),
                                ImGuiTreeNodeFlags_DefaultOpen)) {
        if (d.problems.empty()) widgets::muted("Everything in the source was mapped.");
        for (const auto& [level, line] : d.problems) {
            ImGui::PushStyleColor(ImGuiCol_Text, level_color(level));
            widgets::wrapped(line);
            ImGui::PopStyleColor();
        }
    }
    if (ImGui::CollapsingHeader(fmt::format("To complete before the exercise ({})###import-diags", d.diagnostics.size())
                                    .c_str(),
                                ImGuiTreeNodeFlags_DefaultOpen)) {
        if (d.diagnostics.empty()) widgets::muted("The scenario validates without warnings.");
        for (const auto& [level, line] : d.diagnostics) {
            ImGui::PushStyleColor(ImGuiCol_Text, level_color(level));
            widgets::wrapped(line);
            ImGui::PopStyleColor();
        }
    }
}

} // namespace ui
