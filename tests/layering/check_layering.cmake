# The include graph against the library's layering (docs/architecture.md).
#
# The folders of include/mockbn, lowest first. A header may include headers
# of its own folder and of the folders below it, never one above: core/
# includes nothing of the library, concepts/ only core/, and so on. The
# umbrella headers at the top (mockbn/mockbn.hpp, mockbn/layers.hpp, ...)
# may include anything, and nothing may include them.
#
#   cmake -DROOT=<folder holding mockbn/> -P check_layering.cmake
set(layers core concepts autodiff transforms layers optim data analysis train io)

if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<folder holding mockbn/> -P check_layering.cmake")
endif()

function(rank_of folder out)
  list(FIND layers "${folder}" rank)
  set(${out} ${rank} PARENT_SCOPE)
endfunction()

file(GLOB_RECURSE headers RELATIVE "${ROOT}" "${ROOT}/mockbn/*.hpp")
list(SORT headers)
set(problems "")
set(edges 0)
foreach(header IN LISTS headers)
  if(NOT header MATCHES "^mockbn/([^/]+)/[^/]+$")
    continue()  # an umbrella header
  endif()
  set(folder "${CMAKE_MATCH_1}")
  rank_of("${folder}" rank)
  if(rank EQUAL -1)
    string(APPEND problems "  ${header}: its folder ${folder}/ has no place in the layering\n")
    continue()
  endif()
  file(STRINGS "${ROOT}/${header}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]mockbn/")
  foreach(line IN LISTS lines)
    string(REGEX MATCH "mockbn/[^\">]+" included "${line}")
    math(EXPR edges "${edges} + 1")
    if(NOT included MATCHES "^mockbn/([^/]+)/[^/]+$")
      string(APPEND problems "  ${header} includes the umbrella header ${included}\n")
      continue()
    endif()
    rank_of("${CMAKE_MATCH_1}" included_rank)
    if(included_rank GREATER rank)
      string(APPEND problems "  ${header} (${folder}/) includes ${included} (${CMAKE_MATCH_1}/), a folder above its own\n")
    endif()
  endforeach()
endforeach()

list(JOIN layers " < " order)
if(problems)
  message(FATAL_ERROR "the include graph breaks the layering ${order}:\n${problems}")
endif()
list(LENGTH headers count)
message(STATUS "layering ${order}: ${count} headers, ${edges} includes of the library, none upward")
