// Fused elementwise passes (map) forward and backward, beside a plain copy
// over the same data as the memory-bandwidth reference.
#include <cstring>

#include <benchmark/benchmark.h>

#include <mockbn/autodiff.hpp>

#include "configuration.hpp"

namespace {

using namespace mockbn::ad;

xt::xtensor<float, 2> filled(std::size_t rows, std::size_t cols) {
    xt::xtensor<float, 2> m({rows, cols});
    for (std::size_t i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>((i * 37 % 101) - 50) / 25.0f;
    return m;
}

void copy_reference(benchmark::State& state) {
    const auto rows = static_cast<std::size_t>(state.range(0)), cols = static_cast<std::size_t>(state.range(1));
    const auto source = filled(rows, cols);
    xt::xtensor<float, 2> target({rows, cols});
    for (auto _ : state) {
        std::memcpy(target.data(), source.data(), source.size() * sizeof(float));
        benchmark::DoNotOptimize(target.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * source.size()));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * source.size() * 2 * sizeof(float)));
}

// The original study's log transformation with a per-feature learnable shift.
void log_shift_forward_backward(benchmark::State& state) {
    const auto rows = static_cast<std::size_t>(state.range(0)), cols = static_cast<std::size_t>(state.range(1));
    variable<float, 2> x{filled(rows, cols)};
    variable<float, 1> shift{xt::zeros<float>({cols})};
    auto formula = [](const auto& v, const auto& b) {
        const auto u = v - b;
        return select(u >= 0, log1p(u), -log1p(-u));
    };
    auto loss = sum(sum(map(formula, x, shift)));
    for (auto _ : state) {
        forward(loss);
        backward(loss);
        benchmark::DoNotOptimize(x.grad().data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows * cols));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * rows * cols * 4 * sizeof(float)));
}

}  // namespace

BENCHMARK(copy_reference)->Args({64, 100})->Args({256, 1000});
BENCHMARK(log_shift_forward_backward)->Args({64, 100})->Args({256, 1000});

int main(int argc, char** argv) {
    bench::pin_and_print_configuration("bench_elementwise: a fused formula in the autodiff graph");
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
