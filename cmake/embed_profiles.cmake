# cmake/embed_profiles.cmake — compiles the bundled organisation profiles
# (scenarios/profiles/*.yaml) into ttx_sim, so a session whose scenario names
# one resumes without the scenario's folder. Run by the build (cmake -P) with
# INPUTS (a ;-separated list, as `|`-separated text) and OUTPUT.
cmake_minimum_required(VERSION 3.25)

string(REPLACE "|" ";" inputs "${INPUTS}")
set(delim "ttx_profile")
set(out "// Generated from scenarios/profiles/*.yaml by cmake/embed_profiles.cmake. Do not edit.\n")
string(APPEND out "#include <cstddef>\n\nnamespace sim::embedded_profiles {\n")
string(APPEND out "struct ProfileText { const char* id; const char* text; };\n")
string(APPEND out "extern const ProfileText profiles[];\nextern const std::size_t profile_count;\n")
string(APPEND out "const ProfileText profiles[] = {\n")
set(n 0)
foreach(f IN LISTS inputs)
  file(READ "${f}" text)
  string(FIND "${text}" ")${delim}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${f} contains the raw-string delimiter )${delim}\"")
  endif()
  get_filename_component(id "${f}" NAME_WE)
  string(APPEND out "    {\"${id}\", R\"${delim}(${text})${delim}\"},\n")
  math(EXPR n "${n} + 1")
endforeach()
string(APPEND out "};\nconst std::size_t profile_count = ${n};\n} // namespace sim::embedded_profiles\n")

file(WRITE "${OUTPUT}.new" "${out}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.new" "${OUTPUT}")
file(REMOVE "${OUTPUT}.new")
