# mockbn_build_type_notice(): a warning at configure time when the project that
# uses mockbn builds without optimization. CMake's default build type is empty,
# which compiles at -O0: mockbn then trains about 40 times slower than in a
# Release build. Called by the installed mockbnConfig.cmake and by mockbn's
# CMakeLists.txt when it is added with add_subdirectory. Silent for
# multi-configuration generators (the configuration is chosen at build time),
# when a build type is set, or when CMAKE_CXX_FLAGS sets an -O level itself.
function(mockbn_build_type_notice)
  get_property(multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  if(multi_config OR CMAKE_BUILD_TYPE OR CMAKE_CXX_FLAGS MATCHES "(^| )-O([1-3s]|fast)?( |$)")
    return()
  endif()
  message(WARNING
    "mockbn: CMAKE_BUILD_TYPE is empty, so this project compiles without optimization (-O0) and mockbn "
    "runs about 40 times slower than in a Release build. Configure with -DCMAKE_BUILD_TYPE=Release (or "
    "RelWithDebInfo), and link mockbn::optimize for -march=native (its SIMD kernels run several times faster).")
endfunction()
