// network_core::backward_and_step against backward() then step(): the same
// parameters, gradients, optimizer state and verdict, bit for bit, after
// every step, for every rule (with momentum, Nesterov and weight decay), each
// schedule, parameter groups (one that cuts through a dense layer's weights,
// whose tiles then cannot be updated in registers), float and double, a
// network typed at compile time and one shaped at run time; a non-finite
// gradient is reported alike, and a call before forward changes nothing.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <span>
#include <stdexcept>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/mockbn.hpp"
#include "support.hpp"

using namespace mockbn;

namespace {

constexpr std::size_t rows = 13, inputs = 37;  // tiles with remainders in both directions

// Two hidden layers of 20 (a batch of 16 lanes and a tail), a learnable transformation and batch norm.
template <class T>
using typed_network = basic_stack<T, input<inputs>, dense<20>, transform<log_shift>, relu, dense<20>,
                                  transform<batch_norm>, relu, dense<10>, softmax_cross_entropy>;

template <class T>
basic_mlp<T, sqrt_shift> shaped_network(std::uint64_t seed) {
    return {{.inputs = inputs, .width = 20, .depth = 3, .classes = 10, .transformed = {1, 3}}, seed};
}

std::vector<int> labels() {
    std::vector<int> y(rows);
    for (std::size_t i = 0; i < rows; ++i) y[i] = static_cast<int>((i * 7) % 10);
    return y;
}

template <class A, class B>
bool same_bits(const A& a, const B& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](auto x, auto y) { return std::memcmp(&x, &y, sizeof x) == 0; });
}

// Steps two copies of a network, one with backward() then step(), one with backward_and_step(),
// and checks after each step that everything they hold is the same.
template <class Model, class Optimizer, class Groups>
void check_steps(Model reference, Model fused, Optimizer by_step, Optimizer by_pass, Groups groups, int steps = 4) {
    using T = typename Model::value_type;
    by_step.set_groups(groups(reference));
    by_pass.set_groups(groups(fused));
    const auto y = labels();
    for (int s = 0; s < steps; ++s) {
        const auto x = mockbn::testing::uniform_values<T>(rows * inputs, 40 + static_cast<std::uint64_t>(s), -2, 2);
        const matrix_view<const T> batch{x.data(), rows, inputs};
        CHECK(reference.forward(batch, y, training) == fused.forward(batch, y, training));
        reference.backward();
        const bool stepped = by_step.step(reference);
        CHECK(fused.backward_and_step(by_pass) == stepped);
        CHECK(same_bits(reference.gradients(), fused.gradients()));
        CHECK(same_bits(reference.parameters(), fused.parameters()));
        for (std::size_t k = 0; k < Optimizer::rule::slots; ++k)
            CHECK(same_bits(by_step.template state<T>(k), by_pass.template state<T>(k)));
        CHECK(by_step.steps() == by_pass.steps());
    }
}

}  // namespace

// The groups each case runs with, from the model's buffer.
struct no_groups {
    template <class Model>
    std::vector<parameter_group> operator()(Model&) const {
        return {};
    }
};
// Entry 2 (the first transformation) at ten times the rate, and a group of scale 0.5 that begins
// inside the first dense layer's weights and ends inside entry 4's, so that neither block of
// weights lies in one stretch; entry 7's weights (the last dense layer) do.
struct mixed_groups {
    template <class Model>
    std::vector<parameter_group> operator()(Model& model) const {
        const auto all = model.parameters();
        const auto second = model.parameters_of_entry(4);
        return {parameter_group::of(all, model.parameters_of_entry(2), 10.0),
                {5, 100, 0.25},
                {static_cast<std::size_t>(second.data() - all.data()) + 3, 50, 0.5}};
    }
};

TEST_CASE_TEMPLATE("backward_and_step gives backward then step's numbers bit for bit, for every rule", T, float,
                   double) {
    const typed_network<T> network{3};
    SUBCASE("sgd") {
        check_steps(network, network, sgd{{.learning_rate = 0.05}}, sgd{{.learning_rate = 0.05}}, no_groups{});
    }
    SUBCASE("sgd with momentum and weight decay") {
        const sgd::hyperparameters h{.learning_rate = 0.05, .momentum = 0.9, .weight_decay = 1e-3};
        check_steps(network, network, sgd{h}, sgd{h}, mixed_groups{});
    }
    SUBCASE("sgd with Nesterov momentum") {
        const sgd::hyperparameters h{.learning_rate = 0.02, .momentum = 0.5, .nesterov = true};
        check_steps(network, network, sgd{h}, sgd{h}, no_groups{});
    }
    SUBCASE("adam with weight decay") {
        const adam::hyperparameters h{.learning_rate = 3e-3, .weight_decay = 1e-2};
        check_steps(network, network, adam{h}, adam{h}, mixed_groups{});
    }
    SUBCASE("rmsprop with momentum") {
        const rmsprop::hyperparameters h{.learning_rate = 1e-3, .momentum = 0.5};
        check_steps(network, network, rmsprop{h}, rmsprop{h}, mixed_groups{});
    }
}

TEST_CASE("backward_and_step follows each schedule, in a network shaped at run time too") {
    using cosine_adam = optimizer<adam_rule, model_scalar, cosine_decay>;
    using stepped_sgd = optimizer<sgd_rule, model_scalar, step_decay>;
    const cosine_adam::hyperparameters a{.learning_rate = 1e-2};
    const stepped_sgd::hyperparameters s{.learning_rate = 0.1, .momentum = 0.9};
    SUBCASE("cosine") {
        check_steps(typed_network<float>{5}, typed_network<float>{5}, cosine_adam{a, {.steps = 3, .floor = 0.1}},
                    cosine_adam{a, {.steps = 3, .floor = 0.1}}, mixed_groups{}, 5);
    }
    SUBCASE("step decay, run-time shape") {
        check_steps(shaped_network<float>(5), shaped_network<float>(5), stepped_sgd{s, {.every = 2, .factor = 0.5}},
                    stepped_sgd{s, {.every = 2, .factor = 0.5}}, no_groups{}, 5);
    }
    SUBCASE("adam, run-time shape, double, with the input's gradient") {
        auto reference = shaped_network<double>(7), fused = shaped_network<double>(7);
        reference.compute_input_gradient();
        fused.compute_input_gradient();
        check_steps(reference, fused, adam{}, adam{}, no_groups{});
    }
}

TEST_CASE("backward_and_step reports a gradient that is not finite as step does, and refuses to run before forward") {
    typed_network<float> reference{2}, fused{2};
    sgd by_step{{.learning_rate = 0.1}}, by_pass{{.learning_rate = 0.1}};
    CHECK_THROWS_WITH_AS(fused.backward_and_step(by_pass),
                         "mockbn::network::backward_and_step: run forward(x, labels, mode) first", std::logic_error);
    CHECK(by_pass.steps() == 0);
    auto x = mockbn::testing::uniform_values<float>(rows * inputs, 9);
    x[5 * inputs + 3] = std::numeric_limits<float>::infinity();
    const matrix_view<const float> batch{x.data(), rows, inputs};
    const auto y = labels();
    static_cast<void>(reference.forward(batch, y, training));
    static_cast<void>(fused.forward(batch, y, training));
    reference.backward();
    CHECK_FALSE(by_step.step(reference));
    CHECK_FALSE(fused.backward_and_step(by_pass));
    CHECK(same_bits(reference.parameters(), fused.parameters()));
}
