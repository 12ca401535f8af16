// cli/cmd_report.cpp — `ttx report SESSION --format F [-o FILE]`: after-action outputs.
//
// Through the workspace (sim/service), as the console's export: re-scores the
// session from its journal and stored scenario text, brings its
// improvement plan up to date in the database (new M/U ratings and action
// notes become actions; edits made with `ttx actions set` are kept), adds the
// follow-up of earlier sessions' actions for the same teams, and renders one
// format. Without -o the report goes to stdout; with -o it is written
// atomically and its path printed (a folder gets SESSION + the format's extension).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/pdf.hpp"

namespace {

struct Options {
    std::string session;
    std::string format = "html";
    std::string output;
    std::string db;
};

namespace fs = std::filesystem;

// --format pdf: the HTML report printed by headless Chromium (as `ttx kit`),
// in a folder beside the output and renamed into place, so a failure writes nothing.
int run_pdf(const Options& o) {
    if (o.output.empty()) throw cli::UsageError("--format pdf needs -o FILE (or a folder): a PDF is not written to stdout");
    const std::string chromium = cli::find_chromium();
    if (chromium.empty()) {
        std::cerr << "ttx: error: " << cli::kNoChromium << "; nothing was written\n";
        return cli::kExitInvalid;
    }
    sim::service::Workspace ws = cli::open_workspace(o.db);
    std::string error;
    const auto html = ws.render_report(o.session, sim::report::Format::html, error);
    if (!html) {
        std::cerr << "ttx: error: " << error << "\n";
        return cli::kExitInvalid;
    }
    std::error_code ec;
    fs::path out = fs::absolute(o.output).lexically_normal();
    if (fs::is_directory(out, ec)) out /= o.session + ".pdf";
    auto fail = [&](const std::string& why) {
        std::cerr << "ttx: error: cannot write " << out.string() << ": " << why << "; nothing was written\n";
        return cli::kExitInvalid;
    };
    const std::string tmp = cli::make_temp_dir(out.parent_path() / ("." + out.filename().string() + ".tmp-XXXXXX"));
    if (tmp.empty()) return fail("cannot create a folder in " + out.parent_path().string());
    struct Cleanup {
        std::string dir;
        ~Cleanup() {
            std::error_code e;
            fs::remove_all(dir, e);
        }
    } cleanup{tmp};
    const fs::path html_path = fs::path(tmp) / (o.session + ".html"), pdf_path = fs::path(tmp) / "report.pdf";
    {
        std::ofstream f(html_path, std::ios::binary);
        f << *html;
        f.close();
        if (!f) return fail("cannot write the HTML to print in " + tmp);
    }
    const fs::path profile = fs::path(tmp) / "profile";
    fs::create_directory(profile, ec);
    if (const std::string err = cli::print_pdf(chromium, html_path, pdf_path, profile); !err.empty()) return fail(err);
    if (::rename(pdf_path.c_str(), out.c_str()) != 0) return fail(std::strerror(errno));
    std::cout << out.string() << "\n";
    return cli::kExitOk;
}

int run(const Options& o) {
    if (o.format == "pdf") return run_pdf(o);
    const auto format = sim::report::parse_format(o.format);
    if (!format)
        throw cli::UsageError(fmt::format("--format '{}' is not html, pdf, md, json, navigator, detections, posture-layer, msel, csv, "
                                          "xlsx, vectr-csv or stix", o.format));
    if (*format == sim::report::Format::xlsx && o.output.empty() && ::isatty(STDOUT_FILENO))
        throw cli::UsageError("--format xlsx writes a binary workbook: give -o FILE (or a folder), or redirect stdout");

    sim::service::Workspace ws = cli::open_workspace(o.db);
    std::string error;
    if (o.output.empty()) {
        auto text = ws.render_report(o.session, *format, error);
        if (!text) {
            std::cerr << "ttx: error: " << error << "\n";
            return cli::kExitInvalid;
        }
        std::cout << *text;
        std::cout.flush();
        return std::cout ? cli::kExitOk : cli::kExitInvalid;
    }
    auto path = ws.export_report(o.session, *format, o.output, error);
    if (!path) {
        std::cerr << "ttx: error: " << error << "\n";
        return cli::kExitInvalid;
    }
    std::cout << *path << "\n";
    return cli::kExitOk;
}

const bool registered = cli::register_command({"report", "After-action report, Navigator layer, MSEL or decision log", 30,
    [](CLI::App& app) {
        auto o = std::make_shared<Options>();
        app.add_option("session", o->session, "Session id (s-…); `ttx sessions` lists them")->required();
        app.add_option("-f,--format", o->format,
                       "html (AAR/IP, printable), pdf (the HTML printed by headless Chromium; needs -o), md, json (ttx-report/1), navigator (ATT&CK layer 4.5), "
                       "detections (layer of the recommended detections), posture-layer (layer of what the posture covers), msel (CSV of delivered injects), "
                       "csv (decision log), xlsx (workbook: MSEL, decision log, improvement plan), "
                       "vectr-csv (purple and red results for VECTR's import), stix (improvement plan as STIX 2.1 courses of action)")
            ->check(CLI::IsMember({"html", "pdf", "md", "json", "navigator", "detections", "posture-layer", "msel", "csv", "xlsx",
                                   "vectr-csv", "stix"}))
            ->default_str("html");
        app.add_option("-o,--output", o->output, "Write to FILE (or into a folder) instead of stdout");
        app.add_option("--db", o->db, "Journal database (default: $XDG_DATA_HOME/ttx/ttx.db)");
        return [o] { return run(*o); };
    }});

} // namespace
