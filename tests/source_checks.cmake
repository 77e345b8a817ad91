# The checks that run no code of this build, on the sources and the packaging: a user's project built
# the four ways it can include mockbn, the diagnostics of the classic mistakes, the layering and xsimd-first
# include rules, the format, the light umbrella header and the API reference. Included by
# tests/CMakeLists.txt in every build but the sanitizer's, where none of them could differ.

# A small project that uses mockbn, built the four ways a user would include it
# (tests/consumer/run.cmake). The deb way never runs beside the other three: it
# installs mockbn-dev into /usr, where they must not find it. It needs root and
# apt, and without them reports itself as skipped, with the reason in its output.
foreach(mode find_package add_subdirectory pkg-config deb)
  add_test(NAME consumer_${mode}
           COMMAND ${CMAKE_COMMAND}
                   -DMODE=${mode}
                   -DMOCKBN_SOURCE=${PROJECT_SOURCE_DIR}
                   -DWORK=${CMAKE_CURRENT_BINARY_DIR}/consumer_${mode}
                   -DGENERATOR=${CMAKE_GENERATOR}
                   -DCOMPILER=${CMAKE_CXX_COMPILER}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/consumer/run.cmake)
  set_tests_properties(consumer_${mode} PROPERTIES TIMEOUT 900 RESOURCE_LOCK consumer_${mode} COST 30)
endforeach()
set_tests_properties(consumer_deb PROPERTIES
  RESOURCE_LOCK "consumer_find_package;consumer_add_subdirectory;consumer_pkg-config"
  SKIP_REGULAR_EXPRESSION "consumer test \\(deb\\): skipped")

# The diagnostics for the classic mistakes, pinned (GCC's wording): one error each, its first lines.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  get_target_property(xtensor_includes xtensor INTERFACE_INCLUDE_DIRECTORIES)
  set(compile_fail_flags "-I${PROJECT_SOURCE_DIR}/include -DXTENSOR_USE_XSIMD")
  foreach(dir ${xtensor_includes})
    string(APPEND compile_fail_flags " -I${dir}")
  endforeach()
  foreach(case width_mismatch missing_formula wrong_arity statistics_arity std_exp std_abs invalid_parameters
               optimizer_scalar_mismatch)
    add_test(NAME compile_fail_${case}
             COMMAND ${CMAKE_COMMAND}
                     -DCOMPILER=${CMAKE_CXX_COMPILER}
                     "-DFLAGS=${compile_fail_flags}"
                     -DSOURCE=${CMAKE_CURRENT_SOURCE_DIR}/compile_fail/${case}.cpp
                     -DEXPECTED=${CMAKE_CURRENT_SOURCE_DIR}/compile_fail/${case}.expected
                     -P ${CMAKE_CURRENT_SOURCE_DIR}/compile_fail/check.cmake)
  endforeach()
  # And the checks behind them reject no formula the dual numbers take.
  separate_arguments(compile_fail_flag_list UNIX_COMMAND "${compile_fail_flags}")
  add_test(NAME compile_fail_accepts_valid_formulas
           COMMAND ${CMAKE_CXX_COMPILER} -std=c++20 -fsyntax-only ${compile_fail_flag_list}
                   ${CMAKE_CURRENT_SOURCE_DIR}/compile_fail/accepted_formulas.cpp)
endif()

# The include graph against the layering: the real headers pass, and fixtures
# reaching up are caught and named.
add_test(NAME layering
         COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR}/include -P ${CMAKE_CURRENT_SOURCE_DIR}/layering/check_layering.cmake)
add_test(NAME layering_catches_an_upward_include
         COMMAND ${CMAKE_COMMAND} -DROOT=${CMAKE_CURRENT_SOURCE_DIR}/layering/upward
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/layering/check_layering.cmake)
# Each way up is named: an include from core/, from a subfolder of core/, and a relative one.
set_tests_properties(layering_catches_an_upward_include PROPERTIES
  PASS_REGULAR_EXPRESSION "analysis/relative.hpp \\(analysis/\\) includes ../io/atomic_file.hpp \\(io/\\).*core/detail/nested.hpp \\(core/\\) includes mockbn/layers/dense.hpp \\(layers/\\).*core/reaches_up.hpp \\(core/\\) includes mockbn/layers/dense.hpp \\(layers/\\), a folder above its own")

# xsimd reaches every header through mockbn/core/xsimd.hpp (GCC 12's false warnings silenced in it);
# fixtures that include it directly, or xtensor first, are caught and named.
add_test(NAME xsimd_through_core_xsimd
         COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR}/include -P ${CMAKE_CURRENT_SOURCE_DIR}/layering/check_xsimd_first.cmake)
add_test(NAME xsimd_through_core_xsimd_catches_a_direct_include
         COMMAND ${CMAKE_COMMAND} -DROOT=${CMAKE_CURRENT_SOURCE_DIR}/layering/xsimd_direct
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/layering/check_xsimd_first.cmake)
set_tests_properties(xsimd_through_core_xsimd_catches_a_direct_include PROPERTIES
  PASS_REGULAR_EXPRESSION "core/direct.hpp: #include <xsimd/xsimd.hpp> \\(include .*core/late.hpp: #include <xtensor/xtensor.hpp> comes before")

# The code's format (.clang-format), with the clang-format it was written for:
# its options are those of major version 14, and another version formats differently.
find_program(MOCKBN_CLANG_FORMAT NAMES clang-format-14 clang-format)
find_package(Git QUIET)
if(MOCKBN_CLANG_FORMAT AND GIT_FOUND AND EXISTS ${PROJECT_SOURCE_DIR}/.git)
  execute_process(COMMAND ${MOCKBN_CLANG_FORMAT} --version OUTPUT_VARIABLE clang_format_version)
  if(clang_format_version MATCHES "version 14\\.")
    add_test(NAME format COMMAND ${CMAKE_COMMAND} -DCLANG_FORMAT=${MOCKBN_CLANG_FORMAT} -DROOT=${PROJECT_SOURCE_DIR}
                                 -P ${CMAKE_CURRENT_SOURCE_DIR}/format/check_format.cmake)
  else()
    message(STATUS "mockbn: no format test (${MOCKBN_CLANG_FORMAT} is not version 14)")
  endif()
endif()

# The umbrella header brings no xtensor (which made its parse 60 % longer).
get_target_property(mockbn_xtensor_includes xtensor INTERFACE_INCLUDE_DIRECTORIES)
list(TRANSFORM mockbn_xtensor_includes PREPEND -I)
add_test(NAME light_umbrella
         COMMAND ${CMAKE_CXX_COMPILER} -std=c++20 -fsyntax-only -I${PROJECT_SOURCE_DIR}/include ${mockbn_xtensor_includes}
                 -DXTENSOR_USE_XSIMD ${CMAKE_CURRENT_SOURCE_DIR}/headers/light_umbrella.cpp)

# The API reference (scripts/docs): Doxygen reads every public header without a warning.
find_program(MOCKBN_DOXYGEN doxygen)
if(MOCKBN_DOXYGEN)
  add_test(NAME api_reference COMMAND ${PROJECT_SOURCE_DIR}/scripts/docs ${CMAKE_CURRENT_BINARY_DIR}/api_reference)
else()
  message(STATUS "mockbn: no api_reference test (Doxygen not found; Debian: doxygen)")
endif()
