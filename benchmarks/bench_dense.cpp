// The dense layer at the original study's shapes (batch 64: 784 → 100, 100 → 100,
// 100 → 10), forward and backward, in GFLOP/s, beside OpenBLAS sgemm doing
// the same products alone.
#include <vector>

#include <benchmark/benchmark.h>

#include <mockbn/mockbn.hpp>

#include "configuration.hpp"

namespace {

using namespace mockbn;

constexpr std::size_t batch = 64;

std::vector<float> values(std::size_t n, std::uint64_t seed) {
    random::generator g(seed);
    std::vector<float> v(n);
    for (float& x : v) x = static_cast<float>(g.normal());
    return v;
}

void flops(benchmark::State& state, double per_iteration) {
    state.counters["GFLOP"] =
        benchmark::Counter(per_iteration * static_cast<double>(state.iterations()) * 1e-9, benchmark::Counter::kIsRate);
}

// Backward computes dW and, for every layer but the first, dx: two products.
template <bool Backward>
void layer(benchmark::State& state) {
    const auto in = static_cast<std::size_t>(state.range(0)), out = static_cast<std::size_t>(state.range(1));
    dense_layer<float> dense(in, out);
    std::vector<float> parameters(dense.parameter_count()), gradients(dense.parameter_count());
    random::generator g(1);
    dense.initialize(parameters, g);
    const auto x = values(batch * in, 2), dy = values(batch * out, 3);
    std::vector<float> y(batch * out), dx(batch * in);
    for (auto _ : state) {
        if constexpr (Backward)
            dense.backward(parameters.data(), gradients.data(), {x.data(), batch, in}, {y.data(), batch, out},
                           {dy.data(), batch, out}, dx.data());
        else dense.forward(parameters.data(), {x.data(), batch, in}, {y.data(), batch, out}, training);
        benchmark::ClobberMemory();
    }
    flops(state, (Backward ? 4.0 : 2.0) * batch * in * out);
}

// The same products through BLAS alone: x·W, or xᵀ·dy and dy·Wᵀ.
template <bool Backward>
void sgemm(benchmark::State& state) {
    const auto in = static_cast<std::size_t>(state.range(0)), out = static_cast<std::size_t>(state.range(1));
    const auto x = values(batch * in, 2), w = values(in * out, 1), dy = values(batch * out, 3);
    std::vector<float> y(batch * out), dw(in * out), dx(batch * in);
    for (auto _ : state) {
        if constexpr (Backward) {
            blas::gemm(x.data(), {batch, in, true}, dy.data(), {batch, out, false}, dw.data(), 1.0f, 0.0f);
            blas::gemm(dy.data(), {batch, out, false}, w.data(), {in, out, true}, dx.data(), 1.0f, 0.0f);
        } else {
            blas::gemm(x.data(), {batch, in, false}, w.data(), {in, out, false}, y.data(), 1.0f, 0.0f);
        }
        benchmark::ClobberMemory();
    }
    flops(state, (Backward ? 4.0 : 2.0) * batch * in * out);
}

}  // namespace

#define MOCKBN_SHAPES ->Args({784, 100})->Args({100, 100})->Args({100, 10})
BENCHMARK_TEMPLATE(layer, false)->Name("dense/forward") MOCKBN_SHAPES;
BENCHMARK_TEMPLATE(sgemm, false)->Name("sgemm/forward") MOCKBN_SHAPES;
BENCHMARK_TEMPLATE(layer, true)->Name("dense/backward") MOCKBN_SHAPES;
BENCHMARK_TEMPLATE(sgemm, true)->Name("sgemm/backward") MOCKBN_SHAPES;

int main(int argc, char** argv) {
    bench::pin_and_print_configuration("bench_dense: the dense layer at the original study's shapes, batch 64");
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
