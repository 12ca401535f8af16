// cli/cmd_validate.cpp — `ttx validate PATH... [--format text|json] [--strict]`.
//
// Loads and checks scenario files (folders: every *.yaml / *.yml below them,
// in sorted order), adds the explorer's path checks, and reports every problem
// as file:line:col, or as one JSON document for editors and CI.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <regex>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/files.hpp"
#include "sim/attack/catalog.hpp"
#include "sim/explore/explore.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/posture.hpp"

namespace {

namespace fs = std::filesystem;

struct Options {
    std::vector<std::string> paths;
    std::string format = "text";
    bool strict = false;
};

struct FileReport {
    std::string path;
    sim::LoadResult result;
    bool valid = false;
    std::string profile;                // an organisation profile's id ("" for a scenario)
};

bool is_scenario_file(const fs::path& p) {
    const auto ext = p.extension().string();
    return ext == ".yaml" || ext == ".yml";
}

// The `format:` of another ttx document kind (e.g. "ttx-decisions/1" for a
// decision script kept beside its scenario), or "" for anything else. Read
// from the first 4 KiB: such files declare it at the top.
std::string other_ttx_format(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    static const std::regex kFormat(R"((?:^|\n)format:[ \t]*["']?(ttx-[a-z0-9-]+/[0-9]+))");
    std::smatch m;
    return std::regex_search(head, m, kFormat) ? m[1].str() : std::string{};
}

// Expands folders; a path that does not exist is kept so it is reported.
// In folders, other ttx documents (decision scripts, …) are skipped, not failed.
std::vector<std::string> collect(const std::vector<std::string>& paths, std::vector<std::string>& empty_dirs,
                                 std::vector<std::string>& skipped) {
    std::vector<std::string> out;
    for (const auto& p : paths) {
        std::error_code ec;
        if (!fs::is_directory(p, ec)) {
            out.push_back(p);
            continue;
        }
        std::vector<std::string> found;
        for (auto& f : cli::files_under(p, [](const fs::path& f) { return is_scenario_file(f); })) {
            const std::string format = other_ttx_format(f);
            (!format.empty() && format != sim::kProfileFormat ? skipped : found).push_back(std::move(f));
        }
        if (found.empty()) empty_dirs.push_back(p);
        std::sort(skipped.begin(), skipped.end());
        out.insert(out.end(), found.begin(), found.end());
    }
    return out;
}

std::string plural(int n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

struct Shape {
    int decisions = 0;
    std::vector<std::string> tactics;  // in stage order, unique
};

Shape shape(const sim::Scenario& s) {
    Shape sh;
    for (const auto& i : s.injects)
        if (i.decision) ++sh.decisions;
    for (const auto& st : s.stages)
        if (!st.tactic.empty() && std::find(sh.tactics.begin(), sh.tactics.end(), st.tactic) == sh.tactics.end())
            sh.tactics.push_back(st.tactic);
    return sh;
}

nlohmann::json diag_json(const sim::Diagnostic& d) {
    return {{"line", d.line}, {"col", d.col}, {"code", d.code}, {"message", d.message}, {"hint", d.hint},
            {"text", sim::format_diagnostic(d)}};
}

int run(const Options& o) {
    if (o.paths.empty()) throw cli::UsageError("validate needs at least one scenario file or folder");
    std::vector<std::string> empty_dirs, skipped;
    const auto files = collect(o.paths, empty_dirs, skipped);
    const sim::service::Workspace ws = cli::open_workspace();

    std::vector<FileReport> reports;
    int errors = 0, warnings = 0, valid = 0;
    for (const auto& f : files) {
        if (other_ttx_format(f) == sim::kProfileFormat) {
            // An organisation profile, checked on its own (docs/scenario-format.md "posture").
            sim::ProfileLoad p = sim::load_and_validate_profile(f, ws.catalog());
            FileReport r{f, {}, false, p.posture && !p.posture->id.empty() ? p.posture->id : "?"};
            r.result.diags = std::move(p.diags);
            const int e = r.result.diags.count(sim::DiagLevel::error);
            const int w = r.result.diags.count(sim::DiagLevel::warning);
            r.valid = p.posture && e == 0 && !(o.strict && w > 0);
            errors += e;
            warnings += w;
            valid += r.valid ? 1 : 0;
            reports.push_back(std::move(r));
            continue;
        }
        FileReport r{f, ws.load_scenario(f), false, {}};
        // The explorer's cheap checks (goto loops, dead ends, unreachable
        // endings) on what loaded cleanly; bounded, so validate stays quick.
        if (r.result.scenario && !r.result.diags.has_errors()) sim::explore::check_paths(*r.result.scenario, r.result.diags);
        const int e = r.result.diags.count(sim::DiagLevel::error);
        const int w = r.result.diags.count(sim::DiagLevel::warning);
        r.valid = r.result.scenario && e == 0 && !(o.strict && w > 0);
        errors += e;
        warnings += w;
        valid += r.valid ? 1 : 0;
        reports.push_back(std::move(r));
    }
    const int invalid = static_cast<int>(reports.size()) - valid + static_cast<int>(empty_dirs.size());

    if (o.format == "json") {
        nlohmann::json jf = nlohmann::json::array();
        for (const auto& r : reports) {
            nlohmann::json e = nlohmann::json::array(), w = nlohmann::json::array();
            for (const auto& d : r.result.diags.items)
                (d.level == sim::DiagLevel::error ? e : w).push_back(diag_json(d));
            nlohmann::json entry{{"path", r.path}, {"valid", r.valid}, {"errors", e}, {"warnings", w}};
            if (!r.profile.empty()) entry["profile"] = r.profile;
            if (r.result.scenario && !r.result.diags.has_errors()) {
                const auto& s = *r.result.scenario;
                const Shape sh = shape(s);
                entry["scenario"] = {{"id", s.id},
                                     {"title", s.title},
                                     {"stages", s.stages.size()},
                                     {"injects", s.injects.size()},
                                     {"decisions", sh.decisions},
                                     {"tactics", sh.tactics}};
            }
            jf.push_back(std::move(entry));
        }
        for (const auto& d : empty_dirs)
            jf.push_back({{"path", d},
                          {"valid", false},
                          {"errors", nlohmann::json::array({{{"line", 0},
                                                             {"col", 0},
                                                             {"code", "io"},
                                                             {"message", "no scenario files (*.yaml, *.yml) in this folder"},
                                                             {"hint", ""},
                                                             {"text", d + ": error: no scenario files (*.yaml, *.yml) in this folder"}}})},
                          {"warnings", nlohmann::json::array()}});
        nlohmann::json out{{"files", jf},
                           {"summary",
                            {{"files", reports.size() + empty_dirs.size()},
                             {"valid", valid},
                             {"invalid", invalid},
                             {"errors", errors + static_cast<int>(empty_dirs.size())},
                             {"warnings", warnings},
                             {"strict", o.strict}}},
                           {"skipped", skipped}};
        std::cout << out.dump(2) << "\n";
    } else {
        for (const auto& r : reports) {
            for (const auto& d : r.result.diags.items) std::cout << sim::format_diagnostic(d) << "\n";
            if (!r.profile.empty() && !r.result.diags.has_errors())
                std::cout << r.path << ": " << (r.valid ? "ok" : "not ok (--strict: warnings count)")
                          << ": organisation profile " << r.profile << "\n";
            if (r.result.scenario && !r.result.diags.has_errors()) {
                const auto& s = *r.result.scenario;
                const Shape sh = shape(s);
                std::cout << r.path << ": " << (r.valid ? "ok" : "not ok (--strict: warnings count)") << ": "
                          << s.id << " \"" << s.title << "\": " << plural(static_cast<int>(s.stages.size()), "stage")
                          << ", " << plural(static_cast<int>(s.injects.size()), "inject") << ", "
                          << plural(sh.decisions, "decision") << "; tactics: "
                          << (sh.tactics.empty() ? std::string("none") : [&] {
                                 std::string t;
                                 for (const auto& x : sh.tactics) t += (t.empty() ? "" : ", ") + x;
                                 return t;
                             }())
                          << "\n";
            }
        }
        for (const auto& d : empty_dirs) std::cout << d << ": error: no scenario files (*.yaml, *.yml) in this folder\n";
        const int nfiles = static_cast<int>(reports.size() + empty_dirs.size());
        std::cout << plural(nfiles, "file") << ": " << valid << " valid, " << invalid << " invalid ("
                  << plural(errors + static_cast<int>(empty_dirs.size()), "error") << ", "
                  << plural(warnings, "warning") << ")";
        if (!skipped.empty())
            std::cout << "; skipped " << plural(static_cast<int>(skipped.size()), "other ttx document")
                      << " (e.g. decision scripts)";
        std::cout << "\n";
    }
    return invalid == 0 ? cli::kExitOk : cli::kExitInvalid;
}

const bool registered = cli::register_command(
    {"validate", "Check scenario files and folders (errors as file:line:col)", 10, [](CLI::App& app) {
         auto opts = std::make_shared<Options>();
         app.description(
             "Check ttx/1 scenario files: YAML syntax, known keys and types, input limits, then references,\n"
             "reachability of every inject, decisions with no way forward, the timeline, artifact files and\n"
             "ATT&CK techniques (against the imported catalog if `ttx attack import` was run, else the\n"
             "built-in one). Folders are searched recursively for *.yaml and *.yml, in sorted order;\n"
             "other ttx documents found there (e.g. `format: ttx-decisions/1` decision scripts) are skipped.\n"
             "Each problem prints as `file:line:col: error|warning: message (hint)`; the format and every\n"
             "diagnostic code are described in docs/scenario-format.md.");
         app.add_option("paths", opts->paths, "Scenario files or folders")->required()->type_name("PATH");
         app.add_option("--format", opts->format, "Output: text (default) or json (one JSON document)")
             ->check(CLI::IsMember({"text", "json"}));
         app.add_flag("--strict", opts->strict, "Treat warnings as failures (exit 1)");
         app.footer("Examples:\n"
                    "  ttx validate scenarios/\n"
                    "  ttx validate my-exercise.yaml --strict\n"
                    "  ttx validate scenarios/ --format json > report.json\n"
                    "Exit codes: 0 every file valid (warnings allowed), 1 an invalid file (or a warning with\n"
                    "--strict, or a path that does not exist), 2 usage error.");
         return [opts] { return run(*opts); };
     }});

} // namespace
