# assets/attack/embed.cmake — turns the built-in ATT&CK catalog into C++.
#
# Run by the build (cmake -P) with INPUT_DIR (this folder) and OUTPUT (a .cpp in
# the build tree). Each TSV becomes a raw string literal, so `ttx` carries its
# catalog and works from any directory; sim/attack/embedded.hpp declares them.
cmake_minimum_required(VERSION 3.25)

set(delim "ttx_attack_embed")
set(out "// Generated from assets/attack/ by assets/attack/embed.cmake. Do not edit.\n")
string(APPEND out "#include \"sim/attack/embedded.hpp\"\n\nnamespace sim::attack::embedded {\n")
foreach(base tactics techniques data-components detection-strategies analytics mitigations groups)
  string(REPLACE "-" "_" name "${base}")
  file(READ "${INPUT_DIR}/${base}.tsv" text)
  string(FIND "${text}" ")${delim}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${base}.tsv contains the raw-string delimiter )${delim}\"")
  endif()
  string(APPEND out "extern const char ${name}_tsv[] = R\"${delim}(${text})${delim}\";\n")
endforeach()
string(APPEND out "} // namespace sim::attack::embedded\n")

# Rewrite only on change so an unrelated rebuild does not recompile ttx_sim.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL out)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${out}")
