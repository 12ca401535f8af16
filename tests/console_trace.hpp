// tests/console_trace.hpp — reading the console's TTX_UI_TRACE file (docs/console.md).
#pragma once

#include <map>
#include <sstream>
#include <string>

#include "tests/support.hpp"

namespace ttx_test {

// The places of traced widgets: name -> {x, y, w, h, wholly visible}.
struct Placed {
    int x = 0, y = 0, w = 0, h = 0;
    bool whole = false;
};

inline std::multimap<std::string, Placed> placed_widgets(const std::string& trace) {
    std::multimap<std::string, Placed> out;
    std::istringstream in(slurp(trace));
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream f(line);
        std::string name;
        Placed p;
        int whole = 0;
        if (std::getline(f, name, '\t') && (f >> p.x >> p.y >> p.w >> p.h >> whole)) {
            p.whole = whole == 1;
            out.emplace(name, p);
        }
    }
    return out;
}

} // namespace ttx_test
