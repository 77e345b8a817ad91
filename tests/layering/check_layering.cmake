# The include graph against the library's layering (docs/architecture.md).
#
# The folders of include/mockbn, lowest first. A header may include headers
# of its own folder and of the folders below it, never one above: core/
# includes nothing of the library, concepts/ only core/, and so on. The
# umbrella headers at the top (mockbn/mockbn.hpp, mockbn/layers.hpp, ...)
# may include anything, and no folder's header may include them. A header in
# a subfolder (core/detail/x.hpp) belongs to its top folder; a relative
# include ("../io/x.hpp") counts where it lands.
#
#   cmake -DROOT=<folder holding mockbn/> -P check_layering.cmake
set(layers core concepts autodiff transforms layers optim data analysis io train research)

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
  if(NOT header MATCHES "^mockbn/([^/]+)/")
    continue()  # an umbrella header
  endif()
  set(folder "${CMAKE_MATCH_1}")
  rank_of("${folder}" rank)
  if(rank EQUAL -1)
    string(APPEND problems "  ${header}: its folder ${folder}/ has no place in the layering\n")
    continue()
  endif()
  get_filename_component(here "${ROOT}/${header}" DIRECTORY)
  file(STRINGS "${ROOT}/${header}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  file(STRINGS "${ROOT}/${header}" angled REGEX "^[ \t]*#[ \t]*include[ \t]*<mockbn/")
  foreach(line IN LISTS lines angled)
    string(REGEX MATCH "[\"<]([^\">]+)" _ "${line}")
    set(written "${CMAKE_MATCH_1}")
    # Where the include lands: "mockbn/..." from the include folder, anything else beside the header.
    if(written MATCHES "^mockbn/")
      set(included "${written}")
    else()
      get_filename_component(target "${here}/${written}" ABSOLUTE)
      file(RELATIVE_PATH included "${ROOT}" "${target}")
      if(NOT included MATCHES "^mockbn/")
        continue()  # not a header of the library (a project's own file next to a fixture)
      endif()
    endif()
    math(EXPR edges "${edges} + 1")
    if(NOT included MATCHES "^mockbn/([^/]+)/")
      string(APPEND problems "  ${header} includes the umbrella header ${included}\n")
      continue()
    endif()
    rank_of("${CMAKE_MATCH_1}" included_rank)
    if(included_rank GREATER rank)
      string(APPEND problems
             "  ${header} (${folder}/) includes ${written} (${CMAKE_MATCH_1}/), a folder above its own\n")
    endif()
  endforeach()
endforeach()

list(JOIN layers " < " order)
if(problems)
  message(FATAL_ERROR "the include graph breaks the layering ${order}:\n${problems}")
endif()
list(LENGTH headers count)
message(STATUS "layering ${order}: ${count} headers, ${edges} includes of the library, none upward")
