// cli/version.hpp — what `ttx --version` prints. The version and the git commit
// come from a header the build regenerates (cmake/version.cmake); only
// cli/version.cpp includes it, so a new commit recompiles one file.
#pragma once

#include <string>

namespace cli {

[[nodiscard]] const char* version_number();   // "0.1.0"
[[nodiscard]] const char* git_commit();       // short hash, or "unknown" when not built from a git checkout
// "ttx 0.1.0 (git 1813fe9)\nATT&CK Enterprise v19.1 (built-in catalog)"
[[nodiscard]] std::string version_text();

} // namespace cli
