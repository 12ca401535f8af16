// sim/scenario/diagnostics.hpp — errors and warnings that carry a place.
//
// Checks collect every problem instead of stopping at the first one, so an
// author fixes a whole file in one pass. Printed as
//   file:line:col: error: message (hint)
#pragma once

#include <string>
#include <vector>

namespace sim {

enum class DiagLevel { error, warning };

struct Diagnostic {
    std::string file;
    int line = 0;                       // 1-based; 0 = no place (whole file)
    int col = 0;
    DiagLevel level = DiagLevel::error;
    std::string code;                   // stable rule id, e.g. "unknown-key"
    std::string message;                // what is wrong
    std::string hint;                   // what would be right ("" if none)
};

struct Diagnostics {
    std::vector<Diagnostic> items;

    void error(std::string file, int line, int col, std::string code, std::string message, std::string hint = {});
    void warning(std::string file, int line, int col, std::string code, std::string message, std::string hint = {});
    [[nodiscard]] bool has_errors() const;
    [[nodiscard]] int count(DiagLevel level) const;
};

// "file:line:col: error: message (hint)" — line/col omitted when unknown.
[[nodiscard]] std::string format_diagnostic(const Diagnostic& d);

} // namespace sim
