// sim/report/embedded.hpp — assets compiled into ttx_sim: the HTML report's
// stylesheet, generated from assets/report/report.css by assets/report/embed.cmake.
#pragma once

namespace sim::report::embedded {
extern const char report_css[];
} // namespace sim::report::embedded
