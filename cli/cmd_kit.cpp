// cli/cmd_kit.cpp — `ttx kit SCENARIO --out DIR [--format html|pdf]`.
//
// Writes the paper exercise kit (sim/kit): situation manual, facilitator and
// evaluator handbook, inject cards, evaluation guides, feedback form and an
// index. Everything is rendered into a temporary folder beside DIR and renamed
// into place at the end, so a failure leaves no half-written kit. PDFs are
// printed by headless Chromium, spawned here (sim/ spawns nothing).
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/command.hpp"
#include "cli/pdf.hpp"
#include "sim/kit/kit.hpp"

namespace {

namespace fs = std::filesystem;

struct Options {
    std::string scenario;
    std::string out;
    std::string format = "html";
};

// DIR may be replaced when it does not exist, is an empty folder, or holds an
// earlier kit (its index.html carries the kit's generator tag).
bool replaceable(const fs::path& dir, std::string& why) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) return true;
    if (!fs::is_directory(dir, ec)) {
        why = dir.string() + " exists and is not a folder";
        return false;
    }
    if (fs::is_empty(dir, ec)) return true;
    std::ifstream in(dir / "index.html", std::ios::binary);
    std::string head(2048, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    if (head.find(sim::kit::kGeneratorMeta) != std::string::npos) return true;
    why = dir.string() + " is not empty and holds no earlier kit; name a new or empty folder";
    return false;
}

int fail(const std::string& msg) {
    std::cerr << "ttx: error: " << msg << "\n";
    return cli::kExitInvalid;
}

int run(const Options& o) {
    std::string chromium;
    if (o.format == "pdf") {
        chromium = cli::find_chromium();
        if (chromium.empty())
            return fail(cli::kNoChromium + std::string("; nothing was written"));
    }

    const sim::service::Workspace ws = cli::open_workspace();
    const sim::LoadResult loaded = ws.load_scenario(o.scenario);
    for (const auto& d : loaded.diags.items) std::cerr << sim::format_diagnostic(d) << "\n";
    if (!loaded.scenario || loaded.diags.has_errors())
        return fail(o.scenario + ": no kit written: fix the errors above first (`ttx validate " + o.scenario + "`)");

    fs::path out = fs::absolute(o.out).lexically_normal();
    if (out.filename().empty()) out = out.parent_path();    // "kit/" -> "kit"
    std::string why;
    if (!replaceable(out, why)) return fail(why);
    std::error_code ec;
    fs::create_directories(out.parent_path(), ec);
    const std::string tmp = cli::make_temp_dir(out.parent_path() / ("." + out.filename().string() + ".tmp-XXXXXX"));
    if (tmp.empty())
        return fail("cannot write the kit to " + out.string() + ": cannot create a folder in " +
                    out.parent_path().string() + " (" + std::strerror(errno) + ")");
    struct Cleanup {
        std::string dir;
        ~Cleanup() {
            std::error_code e;
            if (!dir.empty()) fs::remove_all(dir, e);
        }
    } cleanup{tmp};

    const auto docs = sim::kit::render(*loaded.scenario, &ws.catalog());
    for (const auto& d : docs) {
        std::ofstream f(fs::path(tmp) / d.file, std::ios::binary);
        f << d.html;
        f.close();
        if (!f) return fail("cannot write " + (fs::path(tmp) / d.file).string() + "; no kit written");
    }
    if (!chromium.empty()) {
        const std::string profile = cli::make_temp_dir(fs::temp_directory_path() / "ttx-chromium-XXXXXX");
        if (profile.empty()) return fail("cannot create a temporary Chromium profile folder; no kit written");
        Cleanup profile_cleanup{profile};
        for (const auto& d : docs) {
            if (d.file == "index.html") continue;
            const fs::path html = fs::path(tmp) / d.file;
            const std::string err = cli::print_pdf(chromium, html, fs::path(html).replace_extension(".pdf"), profile);
            if (!err.empty()) return fail(err + "; no kit written");
        }
    }
    fs::permissions(tmp, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                             fs::perms::others_read | fs::perms::others_exec, ec);

    // Into place: an earlier kit is moved aside first and removed after.
    std::string old;
    if (fs::exists(out, ec) && !fs::is_empty(out, ec)) {
        old = cli::make_temp_dir(out.parent_path() / ("." + out.filename().string() + ".old-XXXXXX"));
        if (old.empty() || ::rename(out.c_str(), old.c_str()) != 0)
            return fail("cannot replace the earlier kit in " + out.string() + " (" + std::strerror(errno) + ")");
    }
    if (::rename(tmp.c_str(), out.c_str()) != 0) {
        const std::string err = std::strerror(errno);
        if (!old.empty()) ::rename(old.c_str(), out.c_str());
        return fail("cannot move the kit into " + out.string() + " (" + err + ")");
    }
    cleanup.dir = old;                  // the earlier kit, if any, goes now

    std::cout << "kit for " << loaded.scenario->id << " in " << out.string() << "/\n";
    for (const auto& d : docs) {
        std::cout << "  " << d.file;
        if (!chromium.empty() && d.file != "index.html")
            std::cout << ", " << fs::path(d.file).replace_extension(".pdf").string();
        std::cout << "  " << d.title << "\n";
    }
    return cli::kExitOk;
}

const bool registered = cli::register_command(
    {"kit", "Write the exercise kit: SITMAN, handbook, inject cards, EEGs, feedback form", 75, [](CLI::App& app) {
         auto opts = std::make_shared<Options>();
         app.description(
             "Write the paper kit for a scenario into DIR: the situation manual for participants, the facilitator\n"
             "and evaluator handbook (MSEL, expectations, decisions, red moves, endings), inject cards to cut out,\n"
             "one exercise evaluation guide per objective, the participant feedback form and an index.html.\n"
             "HTML is self-contained and prints on A4; --format pdf also prints each document to PDF with\n"
             "headless Chromium (Debian package chromium). DIR must be new, empty or an earlier kit, which is\n"
             "replaced whole; a failure leaves DIR as it was. See docs/kit.md.");
         app.add_option("scenario", opts->scenario, "Scenario file")->required()->type_name("SCENARIO");
         app.add_option("--out", opts->out, "Folder to write the kit into")->required()->type_name("DIR");
         app.add_option("--format", opts->format, "html (default) or pdf (HTML and PDF)")
             ->check(CLI::IsMember({"html", "pdf"}));
         app.footer("Examples:\n"
                    "  ttx kit scenarios/invoice-ransomware.yaml --out kit/\n"
                    "  ttx kit scenarios/invoice-ransomware.yaml --format pdf --out kit/\n"
                    "Exit codes: 0 kit written, 1 scenario with errors, unwritable DIR or no chromium for pdf,\n"
                    "2 usage error.");
         return [opts] { return run(*opts); };
     }});

} // namespace
