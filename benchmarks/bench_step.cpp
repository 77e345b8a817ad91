// A whole training step of the original study's network (784 → five hidden layers of
// 100 → 10, the transformation on hidden layers 3 and 4): forward, backward
// and the optimizer's update, for plain, bn, log_shift and sqrt_shift × sgd
// and adam × batch 32, 64, 128, 256 (at 64 with the update inside the backward
// pass too: backward_and_step), and plain with adam computing the input's
// gradient too; beside the same step's matrix products alone through BLAS
// (the GEMM-only bound), and this core's fused multiply-add peak measured in
// the same run (fma_peak.hpp). The table at the end gives each step's share of
// that bound and of the peak: its samples/s times the FLOP of its matrix
// products per sample, over the peak.
#include <cstdio>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include <mockbn/mockbn.hpp>

#include "configuration.hpp"
#include "fma_peak.hpp"

namespace {

using namespace mockbn;

// The original study's network: the input, five hidden layers of 100, the output.
constexpr std::size_t widths[] = {784, 100, 100, 100, 100, 100, 10};
constexpr std::size_t layers = std::size(widths) - 1;

// The FLOP of one step's matrix products per sample: x·W for every layer, dW = xᵀ·dy for every layer, and
// dx = dy·Wᵀ for every layer but the first (for the first too, with the input's gradient).
double step_flop_per_sample(bool with_input_gradient) {
    double multiply_adds = 0;
    for (std::size_t l = 0; l < layers; ++l)
        multiply_adds += double(widths[l] * widths[l + 1]) * (l > 0 || with_input_gradient ? 3 : 2);
    return 2 * multiply_adds;
}

std::vector<float> pixels(std::size_t rows) {
    random::generator g(7);
    std::vector<float> x(rows * 784);
    for (float& v : x) v = static_cast<float>(g.uniform());
    return x;
}

std::vector<int> labels(std::size_t rows) {
    std::vector<int> y(rows);
    for (std::size_t i = 0; i < rows; ++i) y[i] = static_cast<int>(i % 10);
    return y;
}

// How the step runs: backward() then step(); backward_and_step() (the update inside the backward pass); or
// backward() computing d loss / d x too (compute_input_gradient), then step(): what that costs.
enum class step_form { two_calls, fused, input_gradient };

template <class P, class Optimizer, step_form Form = step_form::two_calls>
void training_step(benchmark::State& state) {
    const auto batch = static_cast<std::size_t>(state.range(0));
    const auto x = pixels(batch);
    const auto y = labels(batch);
    const matrix_view<const float> images{x.data(), batch, 784};
    original_network<P> model{1};
    model.compute_input_gradient(Form == step_form::input_gradient);
    Optimizer optimizer{};
    if constexpr (std::is_same_v<Optimizer, sgd>) optimizer.settings().momentum = 0.9;
    for (auto _ : state) {
        benchmark::DoNotOptimize(model.forward(images, y, training));
        if constexpr (Form == step_form::fused) {
            model.backward_and_step(optimizer);
        } else {
            model.backward();
            optimizer.step(model);
        }
    }
    state.counters["samples_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations() * batch), benchmark::Counter::kIsRate);
}

// The products of one step, nothing else: forward x·W for each layer, then
// dW = xᵀ·dy for each layer and dx = dy·Wᵀ for all but the first.
void gemm_bound(benchmark::State& state) {
    const auto batch = static_cast<std::size_t>(state.range(0));
    std::vector<std::vector<float>> weights, activations, gradients, weight_gradients;
    activations.push_back(pixels(batch));
    gradients.emplace_back(batch * 784);
    for (std::size_t l = 0; l < layers; ++l) {
        weights.emplace_back(widths[l] * widths[l + 1], 0.01f);
        weight_gradients.emplace_back(widths[l] * widths[l + 1]);
        activations.emplace_back(batch * widths[l + 1], 0.5f);
        gradients.emplace_back(batch * widths[l + 1], 0.1f);
    }
    for (auto _ : state) {
        for (std::size_t l = 0; l < layers; ++l)
            blas::gemm(activations[l].data(), {batch, widths[l], false}, weights[l].data(),
                       {widths[l], widths[l + 1], false}, activations[l + 1].data(), 1.0f, 0.0f);
        for (std::size_t l = layers; l-- > 0;) {
            blas::gemm(activations[l].data(), {batch, widths[l], true}, gradients[l + 1].data(),
                       {batch, widths[l + 1], false}, weight_gradients[l].data(), 1.0f, 0.0f);
            if (l > 0)
                blas::gemm(gradients[l + 1].data(), {batch, widths[l + 1], false}, weights[l].data(),
                           {widths[l], widths[l + 1], true}, gradients[l].data(), 1.0f, 0.0f);
        }
        benchmark::ClobberMemory();
    }
    state.counters["samples_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations() * batch), benchmark::Counter::kIsRate);
}

// The optimizer's update alone, over the parameter buffer of the original study's network without a transformation.
template <class Optimizer>
void update_only(benchmark::State& state) {
    original_network<identity> model{1};
    const auto x = pixels(64);
    const auto y = labels(64);
    model.forward(matrix_view<const float>{x.data(), 64, 784}, y, training);
    model.backward();
    Optimizer optimizer{};
    if constexpr (std::is_same_v<Optimizer, sgd>) optimizer.settings().momentum = 0.9;
    for (auto _ : state) {
        optimizer.step(model);
        benchmark::ClobberMemory();
    }
    state.counters["parameters"] = static_cast<double>(model.parameters().size());
}

// Keeps each step's samples/s and the peak's GFLOP/s, then prints each step as a fraction of the GEMM-only bound
// at its batch and of the peak.
class bound_table : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        // Single runs, or with --benchmark_repetitions their median.
        for (const auto& run : runs) {
            if (!run.aggregate_name.empty() && run.aggregate_name != "median") continue;
            if (run.counters.count("samples_per_s")) rates_[run.run_name.str()] = run.counters.at("samples_per_s");
            if (run.run_name.function_name == "peak" && run.counters.count("GFLOP/s"))
                peak_ = run.counters.at("GFLOP/s");
        }
        ConsoleReporter::ReportRuns(runs);
    }
    void Finalize() override {
        ConsoleReporter::Finalize();
        std::printf("\nFMA peak measured in this run: %.1f GFLOP/s (%zu floats per fused multiply-add)\n", peak_,
                    simd::batch<float>::size);
        std::printf("%-34s %8s %14s %14s %10s %10s\n", "step", "batch", "samples/s", "GEMM bound", "of bound",
                    "of peak");
        for (const auto& [name, rate] : rates_) {
            if (name.rfind("gemm_bound", 0) == 0) continue;
            const std::string batch = name.substr(name.rfind('/') + 1);
            const auto bound = rates_.find("gemm_bound/" + batch);
            if (bound == rates_.end()) continue;
            const double flop = step_flop_per_sample(name.find("input_gradient") != std::string::npos);
            std::printf("%-34s %8s %14.0f %14.0f %9.1f%% %9.1f%%\n", name.substr(0, name.rfind('/')).c_str(),
                        batch.c_str(), rate, bound->second, 100.0 * rate / bound->second,
                        peak_ > 0 ? 100.0 * rate * flop / (peak_ * 1e9) : 0.0);
        }
    }

private:
    std::map<std::string, double> rates_;
    double peak_ = 0;
};

}  // namespace

#define MOCKBN_STEP(P, O)                                                                                   \
    BENCHMARK_TEMPLATE(training_step, P, O)->Name("step/" #P "/" #O)->Arg(32)->Arg(64)->Arg(128)->Arg(256); \
    BENCHMARK_TEMPLATE(training_step, P, O, step_form::fused)->Name("step/" #P "/" #O "/fused")->Arg(64);

MOCKBN_STEP(identity, sgd)
MOCKBN_STEP(batch_norm, sgd)
MOCKBN_STEP(log_shift, sgd)
MOCKBN_STEP(sqrt_shift, sgd)
MOCKBN_STEP(identity, adam)
MOCKBN_STEP(batch_norm, adam)
MOCKBN_STEP(log_shift, adam)
MOCKBN_STEP(sqrt_shift, adam)
BENCHMARK_TEMPLATE(training_step, identity, adam, step_form::input_gradient)
    ->Name("step/identity/adam/input_gradient")
    ->Arg(32)
    ->Arg(64)
    ->Arg(128)
    ->Arg(256);
BENCHMARK(gemm_bound)->Arg(32)->Arg(64)->Arg(128)->Arg(256);
BENCHMARK(bench::fma_peak)->Name("peak");
BENCHMARK_TEMPLATE(update_only, sgd)->Name("update/sgd");
BENCHMARK_TEMPLATE(update_only, adam)->Name("update/adam");

int main(int argc, char** argv) {
    bench::pin_and_print_configuration("bench_step: one training step of the original study's network");
    benchmark::Initialize(&argc, argv);
    bound_table reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
}
