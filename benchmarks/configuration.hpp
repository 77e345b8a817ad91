// What every benchmark binary prints first: the compiler and its flags,
// whether xsimd is on and which instruction set it uses, the BLAS, its
// kernel and its thread count. BLAS is pinned to one thread here, so every
// number is a single-core number.
#pragma once

#include <cstdio>
#include <string>
#include <thread>

#include <mockbn/core/xsimd.hpp>

extern "C" void openblas_set_num_threads(int);
extern "C" int openblas_get_num_threads(void);
extern "C" char* openblas_get_config(void);
extern "C" char* openblas_get_corename(void);

namespace bench {

inline void pin_and_print_configuration(const char* what) {
    openblas_set_num_threads(1);
    std::printf("== %s\n", what);
    std::printf("compiler   %s %s\n",
#if defined(__clang__)
                "clang",
#else
                "gcc",
#endif
                __VERSION__);
    std::printf("flags      %s\n", MOCKBN_BUILD_FLAGS);
#if defined(XTENSOR_USE_XSIMD)
    std::printf("xsimd      on, %s, %zu floats per batch\n", xsimd::default_arch::name(), xsimd::batch<float>::size);
#else
    std::printf("xsimd      off\n");
#endif
    std::printf("BLAS       %s; kernel %s; %d thread(s)\n", openblas_get_config(), openblas_get_corename(),
                openblas_get_num_threads());
    std::printf("threads    benchmark on 1 thread; machine has %u\n", std::thread::hardware_concurrency());
    std::fflush(stdout);
}

}  // namespace bench
