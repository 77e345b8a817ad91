// Each transformation layer's forward and backward pass over a batch of
// 64 x 100 and 256 x 1000 floats (training mode, parameters per feature),
// in elements and bytes per second, beside a plain copy over the same data as
// the memory-bandwidth reference. And what each costs in a training step,
// where it runs inside the dense layers' products (layers/fusion.hpp): a
// network 100 → 100 → P → ReLU → 100 → ReLU → 10, forward and backward on a
// batch of 64, beside the same network without P ("in_network/none"); the
// difference is the layer's cost per step. Run with
// --benchmark_enable_random_interleaving=true to spread the machine's drift
// over both.
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include <benchmark/benchmark.h>

#include <mockbn/mockbn.hpp>

#include "configuration.hpp"

namespace {

using namespace mockbn;

std::vector<float> values(std::size_t n, std::uint64_t seed) {
    random::generator g(seed);
    std::vector<float> v(n);
    for (float& x : v) x = static_cast<float>(2 * g.normal());
    return v;
}

void set_counters(benchmark::State& state, std::size_t elements, std::size_t arrays) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * elements));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * elements * arrays * sizeof(float)));
}

void copy(benchmark::State& state) {
    const auto rows = static_cast<std::size_t>(state.range(0)), cols = static_cast<std::size_t>(state.range(1));
    const auto source = values(rows * cols, 1);
    std::vector<float> target(rows * cols);
    for (auto _ : state) {
        std::memcpy(target.data(), source.data(), source.size() * sizeof(float));
        benchmark::ClobberMemory();
    }
    set_counters(state, rows * cols, 2);
}

template <class P, bool Backward>
void pass(benchmark::State& state) {
    const auto rows = static_cast<std::size_t>(state.range(0)), cols = static_cast<std::size_t>(state.range(1));
    typename transform<P>::template layer<float> layer(cols);
    std::vector<float> parameters(layer.parameter_count()), gradients(layer.parameter_count());
    random::generator g(3);
    layer.initialize(parameters, g);
    const auto x = values(rows * cols, 2), dy = values(rows * cols, 4);
    std::vector<float> y(rows * cols), dx(rows * cols);
    const matrix_view<const float> in{x.data(), rows, cols};
    layer.forward(parameters.data(), in, {y.data(), rows, cols}, training);
    for (auto _ : state) {
        if constexpr (Backward)
            layer.backward(parameters.data(), gradients.data(), in, {y.data(), rows, cols}, {dy.data(), rows, cols},
                           dx.data());
        else layer.forward(parameters.data(), in, {y.data(), rows, cols}, training);
        benchmark::ClobberMemory();
    }
    set_counters(state, rows * cols, Backward ? 3 : 2);  // backward reads x and dy, writes dx
}

// Forward and backward of the network above, with P (or without: void).
template <class P>
void in_network(benchmark::State& state) {
    using tail = stack<input<100>, dense<100>, relu, dense<100>, relu, dense<10>, softmax_cross_entropy>;
    using with_p =
        stack<input<100>, dense<100>, transform<P>, relu, dense<100>, relu, dense<10>, softmax_cross_entropy>;
    std::conditional_t<std::is_void_v<P>, tail, with_p> model{1};
    constexpr std::size_t rows = 64;
    const auto x = values(rows * 100, 2);
    std::vector<int> y(rows);
    for (std::size_t i = 0; i < rows; ++i) y[i] = static_cast<int>(i % 10);
    for (auto _ : state) {
        benchmark::DoNotOptimize(model.forward(matrix_view<const float>{x.data(), rows, 100}, y, training));
        model.backward();
    }
}

// Every transformation of the study's registry, forward and backward, at both shapes, and in the network.
void register_benchmarks() {
    auto shapes = [](benchmark::internal::Benchmark* b) { b->Args({64, 100})->Args({256, 1000}); };
    shapes(benchmark::RegisterBenchmark("copy", copy));
    for_each_variant([&]<class V>() {
        const std::string name(transformation_name<typename V::policy>());
        shapes(benchmark::RegisterBenchmark((name + "/forward").c_str(), pass<typename V::policy, false>));
        shapes(benchmark::RegisterBenchmark((name + "/backward").c_str(), pass<typename V::policy, true>));
        benchmark::RegisterBenchmark(("in_network/" + name).c_str(), in_network<typename V::policy>);
    });
    benchmark::RegisterBenchmark("in_network/none", in_network<void>);
}

}  // namespace

int main(int argc, char** argv) {
    bench::pin_and_print_configuration("bench_transforms: each transformation layer, forward and backward");
    register_benchmarks();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
