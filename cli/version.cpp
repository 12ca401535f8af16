// cli/version.cpp — see version.hpp.
#include "cli/version.hpp"

#include <fmt/format.h>

#include "sim/attack/catalog.hpp"
#include "ttx_version.hpp"   // generated: TTX_VERSION, TTX_GIT_COMMIT

namespace cli {

const char* version_number() { return TTX_VERSION; }

const char* git_commit() { return TTX_GIT_COMMIT; }

std::string version_text() {
    return fmt::format("ttx {} (git {})\nATT&CK Enterprise v{} (built-in catalog)", TTX_VERSION, TTX_GIT_COMMIT,
                       sim::attack::builtin_catalog().version);
}

} // namespace cli
