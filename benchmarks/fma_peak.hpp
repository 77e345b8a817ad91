// This core's peak for the library's instruction set, as the benchmarks
// measure it beside their products: independent fused multiply-add chains on
// xsimd batches, enough of them to hide the instruction's latency, through
// mockbn::simd::fma (xsimd 10's own fma is a multiply and an add under
// AVX-512, which measured half the peak). The benchmark reports "GFLOP/s"
// (two operations per lane per fused multiply-add).
#pragma once

#include <array>

#include <benchmark/benchmark.h>

#include <mockbn/core/simd.hpp>

namespace bench {

inline void fma_peak(benchmark::State& state) {
    using V = mockbn::simd::batch<float>;
    // Enough chains to cover latency × ports (4 × 2 on the cores measured) with the two constants, all within the
    // registers: 16 with AVX-512's 32, 12 with AVX2's 16 (16 chains there spill, and measured 57 GFLOP/s on a Zen 3
    // core where OpenBLAS's products reach 77).
    constexpr int chains = V::size * sizeof(float) == 64 ? 16 : 12;
    std::array<V, chains> acc;
    for (int i = 0; i < chains; ++i) acc[i] = V(0.001f * static_cast<float>(i));
    const V a(0.999f), b(0.0001f);
    constexpr int rounds = 1024;
    for (auto _ : state) {
        for (int r = 0; r < rounds; ++r)
            for (int i = 0; i < chains; ++i) acc[i] = mockbn::simd::fma(a, acc[i], b);
        benchmark::DoNotOptimize(acc);
    }
    state.counters["GFLOP/s"] = benchmark::Counter(
        2.0 * double(rounds * chains * V::size) * double(state.iterations()) * 1e-9, benchmark::Counter::kIsRate);
}

}  // namespace bench
