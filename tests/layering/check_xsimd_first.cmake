# Every header of the library gets xsimd through mockbn/core/xsimd.hpp, which
# silences GCC 12's false "may be used uninitialized" in xsimd's code: it
# includes xsimd only that way, and includes that header before anything that
# includes xsimd itself (xtensor, xtensor-blas). Otherwise xsimd's first
# inclusion in a program can be one without the suppression, and a consumer's
# -Werror build fails (docs/packaging.md).
#
#   cmake -DROOT=<folder holding mockbn/> -P check_xsimd_first.cmake
if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<folder holding mockbn/> -P check_xsimd_first.cmake")
endif()

get_filename_component(ROOT "${ROOT}" ABSOLUTE)
file(GLOB_RECURSE headers RELATIVE "${ROOT}" "${ROOT}/mockbn/*.hpp")
list(SORT headers)
list(REMOVE_ITEM headers mockbn/core/xsimd.hpp)
set(problems "")
foreach(header IN LISTS headers)
  file(STRINGS "${ROOT}/${header}" includes REGEX "^[ \t]*#[ \t]*include")
  set(suppressed OFF)
  foreach(line IN LISTS includes)
    if(line MATCHES "[\"<]mockbn/core/xsimd.hpp[\">]")
      set(suppressed ON)
    elseif(line MATCHES "<xsimd/")
      string(APPEND problems "  ${header}: ${line} (include \"mockbn/core/xsimd.hpp\" instead)\n")
    elseif(line MATCHES "<(xtensor|xtensor-blas)/" AND NOT suppressed)
      string(APPEND problems "  ${header}: ${line} comes before #include \"mockbn/core/xsimd.hpp\"\n")
    endif()
  endforeach()
endforeach()

if(problems)
  message(FATAL_ERROR "xsimd reached around mockbn/core/xsimd.hpp:\n${problems}")
endif()
list(LENGTH headers count)
message(STATUS "xsimd through mockbn/core/xsimd.hpp in all ${count} headers")
