// Gradients of whole stacks against finite differences, in double: every
// transformation with a dense layer in front, a shared-parameter variant, a
// user-defined transformation, the seed's network with each of the study's
// variants, and the seed's network at initialization, where a dead row sits
// on a ReLU's kink.
#include <array>
#include <cmath>
#include <cstddef>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/layers/gradcheck.hpp"
#include "mockbn/mockbn.hpp"
#include "oracles.hpp"
#include "support.hpp"

using namespace mockbn;
using mockbn::testing::uniform;
using mockbn::testing::uniform_matrix;

namespace {

// Moves every transformation parameter away from its initial value, so that
// each partial derivative matters in the check.
template <class Stack, std::size_t K>
void jitter(Stack& model, std::uint64_t seed) {
    for (double& p : model.template parameters_of<K>()) p += uniform(seed, -0.3, 0.3);
}

// Uniform inputs from data_seed and labels cycling through the classes; any
// network of the engine (a stack or an mlp).
template <class Network>
void check_network(const std::string& name, Network& model, std::size_t rows, std::uint64_t data_seed) {
    const std::size_t inputs = model.entry_widths().front(), classes = model.entry_widths().back();
    const auto x = uniform_matrix(rows, inputs, data_seed, -1.0, 1.0);
    std::vector<int> labels(rows);
    for (std::size_t r = 0; r < rows; ++r) labels[r] = static_cast<int>((r * 7 + 3) % classes);
    const auto report = mockbn::testing::record(gradcheck(model, x, labels));
    mockbn::testing::record_worst("network gradcheck, " + name, report.worst_error);
    INFO(name << ": " << report);
    CHECK(report.within(1e-8));
    CHECK(report.checked == model.parameters().size());
}

// A transformation of the user's own: formula, parameter names and initial values only.
struct scaled_tanh {
    static constexpr std::string_view name = "scaled_tanh";
    static constexpr parameter params[] = {{"a", 0.0}, {"b", 0.0}};
    static auto apply(const auto& x, const auto& a, const auto& b) { return exp(a) * tanh(x - b); }
};

}  // namespace

TEST_CASE_TEMPLATE_DEFINE("transform<P> with a dense layer in front: gradcheck of every parameter", P,
                          every_transformation_behind_a_dense_layer) {
    using net = basic_stack<double, input<5>, dense<7>, transform<P>, dense<3>, softmax_cross_entropy>;
    net model{11};
    jitter<net, 2>(model, 5);
    // Scale the first layer up so the dense outputs reach every piece of every transformation.
    for (double& w : model.template parameters_of<1>()) w *= 3.0;
    check_network("dense + transform<" + std::string(P::name) + ">", model, 9, 3);
}
TEST_CASE_TEMPLATE_APPLY(every_transformation_behind_a_dense_layer, study_policies);  // every variant of the study

TEST_CASE_TEMPLATE("shared parameters: one scalar per layer, same formula, gradients summed", P, batch_norm, log_shift,
                   sqrt_shift, affine, bn_no_affine, layer_norm, rms_norm) {
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

// The smallest distance of any value from a kink of the network, measured
// on the input of the layer whose parameters move it: a ReLU's input from 0,
// and, for a ReLU after a transformation, the transformation's input from the
// point where it gives 0 (|y| / |dy/dx|, to first order: mystery's y = x²/4
// is tiny near 0 without being near a kink in x), and from ±2 (mystery's
// other break points). Finite differences are only valid away from kinks.
template <class Stack, std::size_t K>
double transformed_margin(Stack& model) {
    auto layer = model.template layer<K>();  // a copy: the check must not touch the model's state
    const auto in = model.template input_of<K>(), out = model.template output_of<K>();
    std::vector<double> ones(in.size(), 1.0), slope(in.size()), gradients(layer.parameter_count());
    layer.backward(model.template parameters_of<K>().data(), gradients.data(), in, out, {ones.data(), in.rows, in.cols},
                   slope.data());
    double margin = INFINITY;
    for (std::size_t i = 0; i < in.size(); ++i) {
        // With statistics the slope is not elementwise; there y itself is the distance (γ/σ ≈ 1).
        using policy = typename decltype(layer)::policy;
        const double distance = has_batch_statistics<policy> || has_row_statistics<policy>
                                    ? std::fabs(out.data[i])
                                    : std::fabs(out.data[i]) / std::fmax(std::fabs(slope[i]), 1e-300);
        margin =
            std::fmin(margin, std::fmin(distance, std::fmin(std::fabs(in.data[i] - 2), std::fabs(in.data[i] + 2))));
    }
    return margin;
}

template <class Stack, std::size_t... Relu>
double relu_margin(const Stack& model, std::index_sequence<Relu...>) {
    double margin = INFINITY;
    auto scan = [&](matrix_view<const double> values) {
        for (std::size_t i = 0; i < values.size(); ++i) margin = std::fmin(margin, std::fabs(values.data[i]));
    };
    (scan(model.template input_of<Relu>()), ...);
    return margin;
}

TEST_CASE_TEMPLATE_DEFINE("the seed's network (five hidden layers, transformation on 3 and 4): gradcheck of the loss",
                          P, every_variant_in_the_seed_network) {
    using net = basic_stack<double, input<12>,             //
                            dense<8>, relu,                // hidden 1
                            dense<8>, relu,                // hidden 2
                            dense<8>, transform<P>, relu,  // hidden 3
                            dense<8>, transform<P>, relu,  // hidden 4
                            dense<8>, relu,                // hidden 5
                            dense<10>, softmax_cross_entropy>;
    net model{21};
    jitter<net, 6>(model, 8);
    jitter<net, 9>(model, 9);
    // Biases off zero: a layer whose inputs are all dead would otherwise sit exactly on a ReLU's kink.
    for (double& b : model.template parameters_of<11>().last(8)) b += 0.1;
    for (double& b : model.template parameters_of<8>().last(8)) b += 0.1;
    // The first data seed whose values all keep clear of the kinks.
    std::uint64_t data_seed = 0;
    double margin = 0;
    std::vector<int> labels(8);
    for (std::size_t r = 0; r < 8; ++r) labels[r] = static_cast<int>((r * 7 + 3) % 10);
    while (margin <= 1e-3 && data_seed < 100) {
        const auto x = uniform_matrix(8, 12, ++data_seed, -1.0, 1.0);
        model.forward(x, labels, training);
        margin = std::fmin(relu_margin(model, std::index_sequence<2, 4, 12>{}),
                           std::fmin(transformed_margin<net, 6>(model), transformed_margin<net, 9>(model)));
    }
    INFO("closest value to a kink: " << margin << " (data seed " << data_seed << ")");
    REQUIRE(margin > 1e-3);
    check_network("seed network with " + std::string(P::name), model, 8, data_seed);

    // The study's network, the mlp shaped at run time, is the same engine: at the same point its gradients check too.
    basic_mlp<double, P> study_network({.inputs = 12, .width = 8, .depth = 5, .classes = 10, .transformed = {3, 4}},
                                       21);
    REQUIRE(study_network.parameters().size() == model.parameters().size());
    std::copy(model.parameters().begin(), model.parameters().end(), study_network.parameters().begin());
    check_network("the study's network (mlp) with " + std::string(P::name), study_network, 8, data_seed);
}
TEST_CASE_TEMPLATE_APPLY(every_variant_in_the_seed_network, study_policies);  // every variant of the study

namespace {

// The seed's network at a small size, as a new user first checks it: he_normal weights and zero biases
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
        if (model.describe_entry(k).find("(relu)") == std::string::npos) continue;
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
    const std::string where = "perturbing layer " + std::to_string(dense_entry) + " (dense<8> (he_normal)), bias 0 " +
                              "moves the input of layer " + std::to_string(relu_entry) + " (relu), row " +
                              std::to_string(row) + ", feature 0 across a kink of its formula";
    CHECK(text.str().find(where) != std::string::npos);

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
