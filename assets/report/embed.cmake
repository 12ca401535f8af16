# assets/report/embed.cmake — turns the HTML report's stylesheet into C++.
#
# Run by the build (cmake -P) with INPUT (report.css) and OUTPUT (a .cpp in the
# build tree): the CSS becomes one raw string literal, declared in
# sim/report/embedded.hpp, so a report is one self-contained file and `ttx`
# needs no data files.
cmake_minimum_required(VERSION 3.25)

file(READ "${INPUT}" css)
set(delim "ttx_report_css")
string(FIND "${css}" ")${delim}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )${delim}\"")
endif()
set(out "// Generated from assets/report/report.css by assets/report/embed.cmake. Do not edit.\n")
string(APPEND out "#include \"sim/report/embedded.hpp\"\n\n")
string(APPEND out "namespace sim::report::embedded {\n")
string(APPEND out "extern const char report_css[] = R\"${delim}(${css})${delim}\";\n")
string(APPEND out "} // namespace sim::report::embedded\n")

# copy_if_different keeps the .cpp's time stamp when the CSS did not change,
# so an unrelated rebuild does not recompile ttx_sim.
file(WRITE "${OUTPUT}.new" "${out}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.new" "${OUTPUT}")
file(REMOVE "${OUTPUT}.new")
