// Gradients of whole stacks against finite differences, in double: a
// shared-parameter variant, a user-defined transformation, and the original study's
// network at initialization, where a dead row sits on a ReLU's kink. (Every
// variant of the study: network_gradcheck_variants.hpp.)
#include <array>
#include <cmath>
#include <cstddef>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "layers/network_gradcheck.hpp"
#include "mockbn/layers/gradcheck.hpp"
#include "mockbn/mockbn.hpp"
#include "oracles.hpp"
#include "support.hpp"

using namespace mockbn;
using mockbn::testing::check_network;
using mockbn::testing::jitter;
using mockbn::testing::uniform_matrix;

namespace {

// A transformation of the user's own: formula, parameter names and initial values only.
struct scaled_tanh {
    static constexpr std::string_view name = "scaled_tanh";
    static constexpr parameter params[] = {{"a", 0.0}, {"b", 0.0}};
    static auto apply(const auto& x, const auto& a, const auto& b) { return exp(a) * tanh(x - b); }
};

}  // namespace

TEST_CASE_TEMPLATE("shared parameters: one scalar per layer, same formula, gradients summed", P, batch_norm, log_shift,
                   sqrt_shift, affine, bn_no_affine, bn_tf, layer_norm, rms_norm) {
    using net = basic_stack<double, input<5>, dense<7>, transform<P, shared>, dense<3>, softmax_cross_entropy>;
    net model{12};
    CHECK(model.template parameters_of<2>().size() == parameter_count<P>);
    jitter<net, 2>(model, 6);
    check_network("dense + transform<" + std::string(P::name) + ", shared>", model, 9, 4);
}

TEST_CASE("a user-defined two-parameter transformation: derived gradients match its closed forms") {
    static_assert(transformation<scaled_tanh>);
    using net = basic_stack<double, input<5>, dense<7>, transform<scaled_tanh>, dense<3>, softmax_cross_entropy>;
    net model{13};
    jitter<net, 2>(model, 7);
    check_network("dense + transform<scaled_tanh>", model, 9, 5);

    // One feature per x, with a = 0.4, b = −0.3: y = e^a tanh(x − b).
    const std::vector<double> xs{-2.0, -0.3, 0.0, 0.7, 3.0};
    const std::size_t n = xs.size();
    transform<scaled_tanh>::layer<double> layer(n);
    std::vector<double> p(2 * n), dp(2 * n), y(n), dx(n);
    const std::vector<double> ones(n, 1.0);
    for (std::size_t c = 0; c < n; ++c) p[c] = 0.4, p[n + c] = -0.3;
    layer.forward(p.data(), {xs.data(), 1, n}, {y.data(), 1, n}, inference);
    layer.backward(p.data(), dp.data(), {xs.data(), 1, n}, {y.data(), 1, n}, {ones.data(), 1, n}, dx.data());
    for (std::size_t c = 0; c < n; ++c) {
        const double t = std::tanh(xs[c] + 0.3), scale = std::exp(0.4);
        CHECK(oracle::error(y[c], scale * t) <= 1e-12);
        CHECK(oracle::error(dx[c], scale * (1 - t * t)) <= 1e-12);
        CHECK(oracle::error(dp[c], scale * t) <= 1e-12);                 // ∂y/∂a = y
        CHECK(oracle::error(dp[n + c], -scale * (1 - t * t)) <= 1e-12);  // ∂y/∂b = −∂y/∂x
    }
}

namespace {

// The original study's network at a small size, as a new user first checks it: he_normal weights and zero biases
// (dense's defaults), identity in place of the transformations.
template <class Second = relu>
using plain_seed_like = basic_stack<double, input<12>,                    //
                                    dense<8>, Second,                     // hidden 1
                                    dense<8>, relu,                       // hidden 2
                                    dense<8>, transform<identity>, relu,  // hidden 3
                                    dense<8>, transform<identity>, relu,  // hidden 4
                                    dense<8>, relu,                       // hidden 5
                                    dense<10>, softmax_cross_entropy>;

// y = 2x, whose backward claims dy/dx = 2.001: a layer with a wrong derivative.
struct wrong_double {
    static constexpr std::size_t input_width = inferred_width;
    static constexpr std::size_t output_width(std::size_t in) { return in; }
    template <floating_scalar T>
    struct layer {
        explicit layer(std::size_t) {}
        std::size_t parameter_count() const noexcept { return 0; }
        void initialize(std::span<T>, random::generator&) const {}
        template <mode_tag M>
        void forward(const T*, matrix_view<const T> in, matrix_view<T> out, M) const {
            for (std::size_t i = 0; i < in.size(); ++i) out.data[i] = 2 * in.data[i];
        }
        void backward(const T*, T*, matrix_view<const T>, matrix_view<const T>, matrix_view<const T> d_out,
                      T* d_in) const {
            if (d_in)
                for (std::size_t i = 0; i < d_out.size(); ++i) d_in[i] = T(2.001) * d_out.data[i];
        }
        std::string describe() const { return "wrong_double"; }
    };
};

// The ReLUs' input elements exactly on the kink, as (entry, row, feature), and how close the others come.
template <class Stack>
std::vector<std::array<std::size_t, 3>> relu_inputs_on_kink(const Stack& model, double& margin) {
    std::vector<std::array<std::size_t, 3>> on_kink;
    margin = INFINITY;
    for (std::size_t k = 1; k <= model.layer_count(); ++k) {
        if (!model.describe_entry(k).ends_with(", relu)")) continue;
        const auto in = model.input_of(k);
        for (std::size_t i = 0; i < in.size(); ++i) {
            if (in.data[i] == 0.0) on_kink.push_back({k, i / in.cols, i % in.cols});
            else margin = std::fmin(margin, std::fabs(in.data[i]));
        }
    }
    return on_kink;
}

std::vector<int> cycling_labels(std::size_t rows, std::size_t classes) {
    std::vector<int> labels(rows);
    for (std::size_t r = 0; r < rows; ++r) labels[r] = static_cast<int>((r * 7 + 3) % classes);
    return labels;
}

}  // namespace

TEST_CASE("at initialization a dead row puts a ReLU's input exactly on its kink: gradcheck names it, checks the rest") {
    plain_seed_like<> model{20};
    const auto x = uniform_matrix(8, 12, 20, -1.0, 1.0);
    const auto labels = cycling_labels(8, 10);
    model.forward(x, labels, training);

    // One row of one ReLU's input is exactly 0: the layer before it is dense and its input row is all
    // zero (every ReLU before died there), so that row is the dense layer's bias, 0. Nothing else is near a kink.
    double margin = 0;
    const auto on_kink = relu_inputs_on_kink(model, margin);
    INFO("closest other ReLU input to the kink: " << margin);
    REQUIRE(margin > 1e-3);
    REQUIRE(on_kink.size() == 8);
    const std::size_t relu_entry = on_kink[0][0], row = on_kink[0][1], dense_entry = relu_entry - 1;
    for (std::size_t c = 0; c < 8; ++c) CHECK(on_kink[c] == std::array<std::size_t, 3>{relu_entry, row, c});
    REQUIRE(model.describe_entry(dense_entry).find("dense<8>") != std::string::npos);
    const auto dead = model.input_of(dense_entry);
    for (std::size_t c = 0; c < dead.cols; ++c) CHECK(dead.row(row)[c] == 0.0);

    const auto report = gradcheck(model, x, labels);
    INFO(report);
    CHECK(report.within(1e-8));
    // Each bias of the dense layer moves one element of the row across the kink; its weights multiply zeros.
    REQUIRE(report.kinks == 8);
    CHECK(report.checked + report.kinks == model.parameters().size());
    const auto& kink = report.closest_kink;
    CHECK(kink.variable == dense_entry);
    CHECK(kink.element == dead.cols * 8);  // bias 0, the first of eight at distance 0
    CHECK(kink.formula == relu_entry);
    CHECK(kink.row == row);
    CHECK(kink.column == 0);
    CHECK(kink.distance == 0.0);
    std::ostringstream text;
    text << report;
    // Every layer is named as every message names it: its part of the network, its entry, what it is.
    const std::string hidden = model.part_of(dense_entry);
    REQUIRE(hidden.rfind("hidden layer ", 0) == 0);
    CHECK(model.part_of(relu_entry) == hidden);
    const std::string where = "perturbing " + hidden + " (entry " + std::to_string(dense_entry) +
                              ", dense<8> (he_normal)), bias 0 moves the input of " + hidden + " (entry " +
                              std::to_string(relu_entry) + ", relu), row " + std::to_string(row) +
                              ", feature 0 across a kink of its formula";
    CHECK(text.str().find(where) != std::string::npos);
    const bool named = report.worst_where.rfind("hidden layer ", 0) == 0 ||
                       report.worst_where.rfind("the output layer (entry ", 0) == 0;
    CHECK(named);
    CHECK(text.str().find(" at " + report.worst_where + " (derived ") != std::string::npos);

    // The skipped parameter's raw difference is what a user saw before: no derivative, far from the derived one.
    std::size_t flat = 0;
    while (model.locate_parameter(flat) != std::pair{kink.variable, kink.element}) ++flat;
    model.forward(x, labels, training);
    model.backward();
    const double derived = model.gradients()[flat];
    const double numeric = ad::detail::central_difference(model.parameters()[flat], 1e-4,
                                                          [&] { return model.forward(x, labels, training); });
    INFO("derived " << derived << ", numeric " << numeric);
    CHECK(std::fabs(derived - numeric) > 1e-3);
}

TEST_CASE("a network with a wrong derivative still fails gradcheck beside a kink") {
    plain_seed_like<wrong_double> model{20};  // the network above, with y = 2x (wrongly derived) after dense 1
    const auto x = uniform_matrix(8, 12, 20, -1.0, 1.0);
    const auto labels = cycling_labels(8, 10);
    model.forward(x, labels, training);
    double margin = 0;
    const auto on_kink = relu_inputs_on_kink(model, margin);
    REQUIRE(on_kink.size() == 8);  // doubling keeps every sign: the same row is dead
    const auto report = gradcheck(model, x, labels);
    INFO(report);
    CHECK_FALSE(report.within(1e-8));
    CHECK(report.variable == 1);  // only the first layer's gradient flows back through the wrong derivative
    CHECK(report.kinks == 8);
    CHECK(report.closest_kink.formula == on_kink[0][0]);
}
