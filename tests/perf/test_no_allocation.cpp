// After the first step, a training step allocates nothing: every operator
// new of the process is counted while steps run.
//
// These are the replaceable global allocation functions; GCC takes the free()
// in the matching operator delete for a mismatch, which it is not.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/mockbn.hpp"
#include "support.hpp"

namespace {
std::atomic<std::size_t> allocations{0};
}

void* operator new(std::size_t size) {
    ++allocations;
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t size, std::align_val_t alignment) {
    ++allocations;
    const std::size_t a = static_cast<std::size_t>(alignment);
    if (void* p = std::aligned_alloc(a, (size + a - 1) / a * a)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

using namespace mockbn;

namespace {

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
    const std::size_t before = allocations.load();
    for (int step = 0; step < 3; ++step) {
        model.forward(x, labels, training);
        model.backward();
        optimizer.step(model);
        model.forward(small, half, training);  // a smaller last batch reuses the buffers
        model.backward();
        optimizer.step(model);
    }
    model.predict(x);
    return allocations.load() - before;
}

}  // namespace

TEST_CASE_TEMPLATE_DEFINE("no heap allocation in a training step after the first, for stacks and mlps", P,
                          every_variant_allocates_nothing) {
    {
        seed_network<P> model{1};
        sgd optimizer{{.learning_rate = 0.01, .momentum = 0.9}};
        CHECK(allocations_in_steps(model, optimizer, 64) == 0);
    }
    {
        mlp<P> model({}, 1);
        adam optimizer{};
        CHECK(allocations_in_steps(model, optimizer, 64) == 0);
    }
    {
        mlp<P, shared> model({.transformed = {1, 2, 3, 4, 5}}, 1);
        rmsprop optimizer{};
        CHECK(allocations_in_steps(model, optimizer, 32) == 0);
    }
}
TEST_CASE_TEMPLATE_APPLY(every_variant_allocates_nothing, study_policies);  // every variant of the study

TEST_CASE("no allocation after the first step with selu, a run-time schedule and parameter groups either") {
    mlp_shape shape;
    shape.activation = "selu";
    shape.initialization = "torch_default";
    mlp<log_shift> model(shape, 1);
    using schedule = schedule_choice<constant_rate, step_decay, cosine_decay>;
    optimizer<adam_rule, float, schedule> adam({.learning_rate = 0.01, .weight_decay = 1e-4},
                                               {cosine_decay{.steps = 10}});
    adam.set_groups({parameter_group::of(model.parameters(), model.transform_parameters(3), 10.0),
                     parameter_group::of(model.parameters(), model.transform_parameters(4), 10.0)});
    CHECK(allocations_in_steps(model, adam, 64) == 0);
}

TEST_CASE("no allocation after the first step with the input's gradient computed too") {
    seed_network<log_shift> model{1};
    model.compute_input_gradient();
    adam optimizer{};
    CHECK(allocations_in_steps(model, optimizer, 64) == 0);
}

TEST_CASE("the counter sees allocations") {
    const std::size_t before = allocations.load();
    void* p = ::operator new(64);  // a call, which the compiler may not elide as it may a new-expression
    ::operator delete(p);
    CHECK(allocations.load() - before == 1);
}
