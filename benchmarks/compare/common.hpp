// What the three sides of the comparison share, so they measure the same
// thing: the original study's network (784 → five hidden layers of 100 → 10, the
// transformation on hidden layers 3 and 4), its initial weights (drawn by
// mockbn with seed 1, He normal, and loaded into each framework), the data
// (MNIST's first training images), the optimizers' settings and the output.
//
// Each side prints, on one thread:
//   <framework> <variant> <optimizer> batch=<B> samples_per_s=<X>
// for every row it can express, and
//   trajectory <framework> <variant> <optimizer> batch=64 loss=<l_1>,...,<l_100>
// the loss of its first hundred steps, for the fairness check in scripts/compare.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <mockbn/data.hpp>
#include <mockbn/layers.hpp>
#include <mockbn/transforms.hpp>

namespace compare {

inline constexpr std::size_t batches[] = {32, 64, 128, 256};
inline constexpr std::size_t trajectory_steps = 100;
inline constexpr std::size_t trajectory_batch = 64;
inline constexpr double sgd_learning_rate = 0.01, sgd_momentum = 0.9, adam_learning_rate = 1e-3;
inline constexpr std::size_t hidden[] = {100, 100, 100, 100, 100};

// Initial dense weights (in x out, row-major) and biases of the six dense
// layers, as mockbn draws them for seed 1 (identical for every variant).
struct dense_init {
    std::size_t inputs, outputs;
    std::vector<float> weights, bias;
};
inline std::vector<dense_init> initial_dense_layers() {
    mockbn::original_network<mockbn::identity> model{
        1};  // the reference network, whose initial values every side loads
    std::vector<dense_init> layers;
    auto take = [&](std::span<const float> slice, std::size_t in, std::size_t out) {
        layers.push_back({in,
                          out,
                          {slice.begin(), slice.begin() + static_cast<std::ptrdiff_t>(in * out)},
                          {slice.begin() + static_cast<std::ptrdiff_t>(in * out), slice.end()}});
    };
    take(model.parameters_of<1>(), 784, 100);
    take(model.parameters_of<3>(), 100, 100);
    take(model.parameters_of<5>(), 100, 100);
    take(model.parameters_of<8>(), 100, 100);
    take(model.parameters_of<11>(), 100, 100);
    take(model.parameters_of<13>(), 100, 10);
    return layers;
}

struct data {
    std::vector<float> images;  // trajectory_steps · trajectory_batch rows, then reused for timing
    std::vector<int> labels;
};

inline data load(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : "data/mnist";
    const auto train = mockbn::data::read_pair(mockbn::data::find_idx(dir, "train-images-idx3-ubyte"),
                                               mockbn::data::find_idx(dir, "train-labels-idx1-ubyte"));
    const std::size_t rows = trajectory_steps * trajectory_batch;
    data d{{train.images.begin(), train.images.begin() + static_cast<std::ptrdiff_t>(rows * 784)}, {}};
    d.labels.assign(train.labels.begin(), train.labels.begin() + static_cast<std::ptrdiff_t>(rows));
    return d;
}

// Samples per second of step(first_row, batch), run for at least half a
// second after a warm-up, over batches that cycle through the data.
template <class Step>
double samples_per_second(std::size_t batch, Step&& step) {
    const std::size_t available = trajectory_steps * trajectory_batch / batch;
    for (std::size_t i = 0; i < 20; ++i) step((i % available) * batch);
    std::size_t steps = 0;
    const auto start = std::chrono::steady_clock::now();
    double elapsed = 0;
    while (elapsed < 0.5) {
        for (std::size_t i = 0; i < 50; ++i, ++steps) step((steps % available) * batch);
        elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    return static_cast<double>(steps * batch) / elapsed;
}

inline void report(const char* framework, const std::string& variant, const char* optimizer, std::size_t batch,
                   double rate) {
    std::printf("%s %s %s batch=%zu samples_per_s=%.0f\n", framework, variant.c_str(), optimizer, batch, rate);
    std::fflush(stdout);
}

inline void report_trajectory(const char* framework, const std::string& variant, const char* optimizer,
                              const std::vector<double>& losses) {
    std::printf("trajectory %s %s %s batch=%zu loss=", framework, variant.c_str(), optimizer, trajectory_batch);
    for (std::size_t i = 0; i < losses.size(); ++i) std::printf("%s%.6f", i ? "," : "", losses[i]);
    std::printf("\n");
    std::fflush(stdout);
}

}  // namespace compare
