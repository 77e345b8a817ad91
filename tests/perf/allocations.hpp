// Counting heap allocations in training steps: test_no_allocation.cpp
// replaces the global allocation functions and counts every call;
// allocations_in_steps(model, optimizer, batch) runs steps (after a first
// one, which may allocate) and returns how many allocations they made.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "mockbn/mockbn.hpp"
#include "support.hpp"

namespace mockbn::testing {

// Every operator new of the process so far.
std::size_t allocation_count();

template <class Model, class Optimizer>
std::size_t allocations_in_steps(Model& model, Optimizer& optimizer, std::size_t batch) {
    const auto x = mockbn::testing::uniform_matrix<float>(batch, 784, 3, 0.0, 1.0);
    const auto small = mockbn::testing::uniform_matrix<float>(batch / 2, 784, 4, 0.0, 1.0);
    std::vector<int> labels(batch);
    for (std::size_t i = 0; i < batch; ++i) labels[i] = static_cast<int>(i % 10);
    const std::span<const int> half(labels.data(), batch / 2);
    // The first step may allocate: buffers for the largest batch, the optimizer's state.
    model.forward(x, labels, training);
    model.backward();
    optimizer.step(model);
    const std::size_t before = allocation_count();
    for (int step = 0; step < 3; ++step) {
        model.forward(x, labels, training);
        model.backward();
        optimizer.step(model);
        model.forward(small, half, training);  // a smaller last batch reuses the buffers
        model.backward();
        optimizer.step(model);
    }
    model.predict(x);
    return allocation_count() - before;
}

}  // namespace mockbn::testing
