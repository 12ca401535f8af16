// cli/files.hpp — the files a folder argument stands for.
#pragma once

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>
#include <system_error>
#include <vector>

namespace cli {

// Regular files under `dir` (recursively, unreadable folders skipped) that
// `keep` accepts, sorted so output and exit codes do not depend on the
// filesystem's order.
inline std::vector<std::string> files_under(const std::filesystem::path& dir,
                                            const std::function<bool(const std::filesystem::path&)>& keep) {
    namespace fs = std::filesystem;
    std::vector<std::string> found;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec) && keep(it->path())) found.push_back(it->path().string());
    std::sort(found.begin(), found.end());
    return found;
}

// What `ttx import` and the console's import read: files as given, and for a
// folder the .json, .yml, .yaml and .csv files under it (a Caldera profile
// beside its abilities/).
inline std::vector<std::string> import_inputs(const std::vector<std::string>& paths) {
    namespace fs = std::filesystem;
    std::vector<std::string> out;
    for (const auto& p : paths) {
        std::error_code ec;
        if (!fs::is_directory(p, ec)) {
            out.push_back(p);
            continue;
        }
        const auto found = files_under(p, [](const fs::path& f) {
            const auto ext = f.extension().string();
            return ext == ".json" || ext == ".yml" || ext == ".yaml" || ext == ".csv";
        });
        out.insert(out.end(), found.begin(), found.end());
    }
    return out;
}

} // namespace cli
