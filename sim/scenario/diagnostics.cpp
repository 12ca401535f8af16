// sim/scenario/diagnostics.cpp — see diagnostics.hpp.
#include "sim/scenario/diagnostics.hpp"

namespace sim {

void Diagnostics::error(std::string file, int line, int col, std::string code, std::string message,
                        std::string hint) {
    items.push_back({std::move(file), line, col, DiagLevel::error, std::move(code), std::move(message), std::move(hint)});
}

void Diagnostics::warning(std::string file, int line, int col, std::string code, std::string message,
                          std::string hint) {
    items.push_back({std::move(file), line, col, DiagLevel::warning, std::move(code), std::move(message), std::move(hint)});
}

bool Diagnostics::has_errors() const { return count(DiagLevel::error) > 0; }

int Diagnostics::count(DiagLevel level) const {
    int n = 0;
    for (const auto& d : items)
        if (d.level == level) ++n;
    return n;
}

std::string format_diagnostic(const Diagnostic& d) {
    std::string s = d.file;
    if (d.line > 0) {
        s += ":" + std::to_string(d.line);
        if (d.col > 0) s += ":" + std::to_string(d.col);
    }
    s += d.level == DiagLevel::error ? ": error: " : ": warning: ";
    s += d.message;
    if (!d.hint.empty()) s += " (" + d.hint + ")";
    return s;
}

} // namespace sim
