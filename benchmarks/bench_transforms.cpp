// Each transformation layer's forward and backward pass over a batch of
// 64 x 100 and 256 x 1000 floats (training mode, parameters per feature),
// in elements and bytes per second, beside a plain copy over the same data as
// the memory-bandwidth reference.
#include <cstring>
#include <string>
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

// Every transformation of the study's registry, forward and backward, at both shapes.
void register_benchmarks() {
    auto shapes = [](benchmark::internal::Benchmark* b) { b->Args({64, 100})->Args({256, 1000}); };
    shapes(benchmark::RegisterBenchmark("copy", copy));
    for_each_variant([&]<class V>() {
        const std::string name(transformation_name<typename V::policy>());
        shapes(benchmark::RegisterBenchmark((name + "/forward").c_str(), pass<typename V::policy, false>));
        shapes(benchmark::RegisterBenchmark((name + "/backward").c_str(), pass<typename V::policy, true>));
    });
}

}  // namespace

int main(int argc, char** argv) {
    bench::pin_and_print_configuration("bench_transforms: each transformation layer, forward and backward");
    register_benchmarks();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
