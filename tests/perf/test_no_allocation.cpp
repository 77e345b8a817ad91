// After the first step, a training step allocates nothing: every operator
// new of the process is counted while steps run. (Every variant of the
// study: no_allocation_variants.hpp.)
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
#include "perf/allocations.hpp"

namespace {
std::atomic<std::size_t> allocations{0};
}

std::size_t mockbn::testing::allocation_count() { return allocations.load(); }

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
// The standard library's nothrow forms (std::stable_sort's buffer): counted too, and freed by the deletes below.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    ++allocations;
    return std::malloc(size ? size : 1);
}
void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
    ++allocations;
    const std::size_t a = static_cast<std::size_t>(alignment);
    return std::aligned_alloc(a, (size + a - 1) / a * a);
}
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

using namespace mockbn;
using mockbn::testing::allocations_in_steps;

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
    original_network<log_shift> model{1};
    model.compute_input_gradient();
    adam optimizer{};
    CHECK(allocations_in_steps(model, optimizer, 64) == 0);
}

TEST_CASE("no allocation after the first step with dropout drawing its masks") {
    stack<input<784>, dense<100>, dropout<0.5>, relu, dense<100>, dropout<0.2>, relu, dense<10>, softmax_cross_entropy>
        model{1};
    sgd optimizer{{.learning_rate = 0.01, .momentum = 0.9}};
    CHECK(allocations_in_steps(model, optimizer, 64) == 0);
}

TEST_CASE("the counter sees allocations") {
    const std::size_t before = allocations.load();
    void* p = ::operator new(64);  // a call, which the compiler may not elide as it may a new-expression
    ::operator delete(p);
    CHECK(allocations.load() - before == 1);
}
