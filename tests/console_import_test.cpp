// tests/console_import_test.cpp — the library's Import tab (ui/views/import_view.cpp):
// preview an import, save it into the user's scenario folder and find it in the
// library, runnable; a broken file is a message, never a file; and the tab renders.
#ifdef TTX_HAVE_UI

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/attack/catalog.hpp"
#include "tests/support.hpp"
#include "ui/model.hpp"
#include "ui/views/import_view.hpp"

namespace {

namespace fs = std::filesystem;
using ttx_test::quote;
using ttx_test::TempDir;

const std::string kFlow = std::string(TTX_SHARED_DIR) + "/reference/formats/attack-flow/Tesla_Kubernetes_Breach.json";

// XDG_DATA_HOME for the scope (the model's workspace reads it once, in open_store).
struct DataHome {
    std::string old;
    bool had = false;
    explicit DataHome(const std::string& dir) {
        if (const char* v = std::getenv("XDG_DATA_HOME")) {
            had = true;
            old = v;
        }
        ::setenv("XDG_DATA_HOME", dir.c_str(), 1);
    }
    ~DataHome() {
        if (had) ::setenv("XDG_DATA_HOME", old.c_str(), 1);
        else ::unsetenv("XDG_DATA_HOME");
    }
};

std::size_t files_in(const fs::path& dir) {
    std::error_code ec;
    std::size_t n = 0;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) ++n;
    return n;
}

} // namespace

TEST_CASE("console import: a previewed Attack Flow is saved into the user's scenarios, runnable and selected") {
    if (!fs::exists(kFlow)) TTX_SKIP(kFlow << " is missing");
    TempDir dir("ttx-console-import");
    DataHome home(dir.file("data"));
    ui::Model m(sim::attack::builtin_catalog());
    REQUIRE(m.open_store(dir.file("j.db")));
    const fs::path scenarios = fs::path(dir.file("data")) / "ttx" / "scenarios";

    ui::ImportDraft d;
    d.path = kFlow;
    REQUIRE(ui::import_preview(m, d));
    REQUIRE(d.kinds.size() == 1);
    CHECK(d.kinds[0] == "attack-flow");
    CHECK(d.mapped > 0);
    CHECK(d.summary.find("injects") != std::string::npos);
    CHECK_FALSE(d.yaml.empty());
    bool todo = false;   // what the flow does not say is listed, to complete
    for (const auto& [level, line] : d.diagnostics) {
        CHECK(level == 1);                       // warnings only: it validates
        todo |= line.find("metadata.todo") != std::string::npos;
    }
    CHECK(todo);
    CHECK_FALSE(fs::exists(scenarios));          // a preview writes nothing

    const std::string saved = ui::import_save(m, d);
    REQUIRE_FALSE(saved.empty());
    CHECK(fs::path(saved).parent_path() == scenarios);
    CHECK(fs::path(saved).filename() == d.id + ".yaml");
    const ui::LibraryEntry* e = m.library_entry(saved);
    REQUIRE(e != nullptr);
    CHECK(e->runnable);
    CHECK(m.ui.library_selection == saved);
    CHECK(std::find(m.library_folders().begin(), m.library_folders().end(), scenarios.string()) !=
          m.library_folders().end());

    // Saved again: a new name, never over the first file.
    const std::string first = ttx_test::slurp(saved);
    const std::string again = ui::import_save(m, d);
    CHECK(fs::path(again).filename() == d.id + "-2.yaml");
    CHECK(ttx_test::slurp(saved) == first);

    // A file that is nothing importable: the problem is shown, nothing can be saved.
    std::ofstream(dir.file("junk.json"), std::ios::binary) << std::string("\x00\x01\x02PK", 5);
    d.path = dir.file("junk.json");
    CHECK_FALSE(ui::import_preview(m, d));
    REQUIRE_FALSE(d.problems.empty());
    CHECK(d.problems.front().first == 0);
    CHECK(d.problems.front().second.find("junk.json") != std::string::npos);
    CHECK(ui::import_save(m, d).empty());
    CHECK(files_in(scenarios) == 2);
}

TEST_CASE("console import: the Import tab renders with a preview") {
    const char* display = std::getenv("DISPLAY");
    if (!display || !*display) TTX_SKIP("no display (run under xvfb-run)");
    if (!fs::exists(kFlow)) TTX_SKIP(kFlow << " is missing");
    TempDir dir("ttx-console-import");
    const std::string png = dir.file("import.png"), err = dir.file("err");
    const std::string cmd = "XDG_DATA_HOME=" + quote(dir.file("data")) + " XDG_CONFIG_HOME=" + quote(dir.file("cfg")) +
                            " timeout 60 " + quote(TTX_BINARY) + " console --frames 3 --screenshot " + quote(png) +
                            " --db " + quote(dir.file("j.db")) + " --import " + quote(kFlow) +
                            " --size 1366x768 >/dev/null 2>" + quote(err);
    CHECK(std::system(cmd.c_str()) == 0);
    CHECK(ttx_test::slurp(err).empty());
    CHECK(fs::file_size(png) > 10000);           // a picture, not an empty frame
}

#endif
