// The gradient of the loss with respect to the network's input: against its
// closed form for a single dense layer, against finite differences in double
// for stacks whose first layer is dense or a transformation (through batch
// and row statistics) and for the run-time mlp; off unless asked for, and
// without effect on the parameter gradients.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/mockbn.hpp"
#include "oracles.hpp"
#include "support.hpp"

using namespace mockbn;
using mockbn::testing::uniform_matrix;

namespace {

// A smooth transformation with two parameters, so that finite differences hold everywhere.
struct scaled_tanh {
    static constexpr std::string_view name = "scaled_tanh";
    static constexpr parameter params[] = {{"a", 0.2}, {"b", -0.1}};
    static auto apply(const auto& x, const auto& a, const auto& b) { return exp(a) * tanh(x - b); }
};

std::vector<int> labels_for(std::size_t rows, std::size_t classes) {
    std::vector<int> labels(rows);
    for (std::size_t r = 0; r < rows; ++r) labels[r] = static_cast<int>((r * 7 + 3) % classes);
    return labels;
}

// The worst error of input_gradient() against the fourth-order central
// difference of the training-mode loss in each element of x.
template <class Network>
double worst_input_gradient_error(Network& model, xt::xtensor<double, 2> x, const std::vector<int>& labels) {
    model.compute_input_gradient();
    model.forward(x, labels, training);
    model.backward();
    const auto derived = model.input_gradient();
    REQUIRE(derived.rows == x.shape()[0]);
    REQUIRE(derived.cols == x.shape()[1]);
    const std::vector<double> gradient(derived.data, derived.data + derived.size());  // the passes below reuse it
    double worst = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double at = x.data()[i], h = 1e-4 * std::fmax(1.0, std::fabs(at));
        auto loss = [&](double value) {
            x.data()[i] = value;
            return static_cast<double>(model.forward(x, labels, training));
        };
        const double numeric = (loss(at - 2 * h) - 8 * loss(at - h) + 8 * loss(at + h) - loss(at + 2 * h)) / (12 * h);
        x.data()[i] = at;
        worst = std::fmax(worst, oracle::error(gradient[i], numeric));
    }
    return worst;
}

template <class Network>
void check_against_differences(const std::string& name, Network& model, std::size_t rows, std::uint64_t seed) {
    const std::size_t inputs = model.entry_widths().front(), classes = model.entry_widths().back();
    const double worst =
        worst_input_gradient_error(model, uniform_matrix(rows, inputs, seed), labels_for(rows, classes));
    mockbn::testing::record_worst("input gradient, " + name, worst);
    INFO(name << ": worst error " << worst);
    CHECK(worst <= 1e-10);
}

}  // namespace

TEST_CASE("input gradient of one dense layer: (softmax - onehot) / rows times the weights transposed") {
    basic_stack<double, input<4>, dense<3>, softmax_cross_entropy> model{2};
    const auto x = uniform_matrix(5, 4, 8);
    const auto labels = labels_for(5, 3);
    model.compute_input_gradient();
    model.forward(x, labels, training);
    model.backward();
    const auto gradient = model.input_gradient();
    const auto p = model.layer<2>().probabilities();
    const auto w = model.parameters_of<1>();  // W: 4 x 3, row-major
    for (std::size_t r = 0; r < 5; ++r)
        for (std::size_t i = 0; i < 4; ++i) {
            double expected = 0;
            for (std::size_t c = 0; c < 3; ++c)
                expected += (p.row(r)[c] - (static_cast<int>(c) == labels[r] ? 1.0 : 0.0)) / 5 * w[i * 3 + c];
            CHECK(oracle::error(gradient.row(r)[i], expected) <= 1e-15);
        }
}

TEST_CASE("input gradient against finite differences: dense first, then a transformation") {
    basic_stack<double, input<5>, dense<7>, transform<scaled_tanh>, dense<3>, softmax_cross_entropy> model{11};
    check_against_differences("dense, scaled_tanh", model, 9, 3);
}

TEST_CASE_TEMPLATE("input gradient against finite differences: a transformation with statistics first", P, batch_norm,
                   layer_norm) {
    basic_stack<double, input<5>, transform<P>, dense<6>, transform<scaled_tanh>, dense<3>, softmax_cross_entropy>
        model{12};
    for (double& v : model.template parameters_of<1>()) v += 0.25;  // off the initial values, to matter
    check_against_differences("transform<" + std::string(P::name) + "> first", model, 8, 4);
}

TEST_CASE("input gradient against finite differences: the study's network (mlp), clear of its kinks") {
    basic_mlp<double, batch_norm> model(
        {.inputs = 6, .width = 8, .depth = 3, .classes = 4, .transformed = {2}, .activation = "selu"}, 5);
    const std::size_t rows = 8;
    const auto x = uniform_matrix(rows, 6, 9);
    model.forward(x, labels_for(rows, 4), training);
    double margin = INFINITY;  // from the kink of selu at 0
    for (std::size_t h = 1; h <= 3; ++h)
        for (std::size_t i = 0; i < model.pre_activation(h).size(); ++i)
            margin = std::fmin(margin, std::fabs(model.pre_activation(h).data[i]));
    INFO("closest pre-activation to the kink: " << margin);
    REQUIRE(margin > 1e-3);
    check_against_differences("mlp with batch_norm", model, rows, 9);
}

TEST_CASE("input gradient: off by default, asked for before backward, and no change to the parameter gradients") {
    using net = basic_stack<double, input<5>, dense<4>, transform<batch_norm>, relu, dense<3>, softmax_cross_entropy>;
    net plain{3}, asked{3};
    const auto x = uniform_matrix(6, 5, 1);
    const auto labels = labels_for(6, 3);
    plain.forward(x, labels, training);
    plain.backward();
    CHECK_THROWS_WITH_AS(plain.input_gradient(),
                         "mockbn::network::input_gradient: it is off by default: call compute_input_gradient() "
                         "before backward()",
                         std::logic_error);

    asked.compute_input_gradient();
    asked.forward(x, labels, training);
    CHECK_THROWS_WITH_AS(asked.input_gradient(),
                         "mockbn::network::input_gradient: run backward() after forward(x, labels, mode) first",
                         std::logic_error);
    asked.backward();
    CHECK(asked.input_gradient().rows == 6);
    CHECK(asked.input_gradient().cols == 5);
    CHECK(std::equal(plain.gradients().begin(), plain.gradients().end(), asked.gradients().begin()));

    asked.compute_input_gradient(false);
    asked.forward(x, labels, training);
    asked.backward();
    CHECK_THROWS_AS(asked.input_gradient(), std::logic_error);
}
