// ui/views/import_view.hpp — the library's Import tab: turn an Attack Flow,
// Navigator layer, atomics file, Caldera adversary or MSEL into a scenario.
//
// The facilitator types a path or picks a file from a folder listing (ImGui
// 1.86 has no file dialog), sees what each source object became and what could
// not be mapped (the import's messages, as `ttx import` prints them) and, once
// the result validates, saves it into their scenario folder and opens it in the
// setup screen. The import and its checks are sim::importer's, shared with the CLI.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ui/views/view.hpp"

namespace ui {

// The tab's state: the file chosen, what the import mapped and what it could
// not, and the checked scenario to save. UI-only, never part of an exercise.
struct ImportDraft {
    std::string path;                   // a file, or a folder of files (a Caldera profile and its abilities)
    std::string browse;                 // the folder listed below the path field ("" = the working folder)
    int as = 0;                         // 0 by content, 1 scenario, 2 purple plan
    bool previewed = false;             // the preview is of `path`
    std::vector<std::string> kinds;     // what each input was recognised as
    std::vector<std::pair<int, std::string>> problems;      // {0 error, 1 warning, 2 note; line} per source object
    std::vector<std::pair<int, std::string>> diagnostics;   // the result's validate errors and warnings
    std::size_t mapped = 0;             // source objects that became steps
    std::string summary;                // "4 stages, 9 injects, 3 red moves from 12 source objects"
    std::string id;                     // the scenario's id (its file name)
    std::string yaml;                   // the checked scenario ("" = nothing to save)
    std::string saved;                  // path written by the last save
};

// Imports d.path and fills the preview (kinds, problems, validate
// diagnostics, the checked YAML). Returns true when there is a scenario to save.
bool import_preview(Model& m, ImportDraft& d);
// Writes the previewed scenario atomically into the user's scenario folder
// (never over an existing file), adds that folder to the library and selects
// the new entry. Returns the path written, or "" with a message.
std::string import_save(Model& m, ImportDraft& d);

class ImportView final : public View {
public:
    ImportView() : View("import", "Import") {}
    [[nodiscard]] ImportDraft& draft() { return draft_; }

protected:
    void drawContent(Model& m) override;

private:
    void draw_chooser(Model& m, float width);
    void draw_preview(Model& m);
    ImportDraft draft_;
};

} // namespace ui
