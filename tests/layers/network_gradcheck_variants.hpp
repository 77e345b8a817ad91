// Gradients of whole stacks against finite differences, in double, for
// every variant of the study: each transformation with a dense layer in
// front, and the original study's network (with the run-time-shaped mlp of the same
// shape beside it).
//
// Included by the units CMake generates from variant_shard.cpp.in, one per
// shard of the variants; each names its shard's policies `variant_shard`
// first.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "layers/network_gradcheck.hpp"
#include "mockbn/mockbn.hpp"
#include "support.hpp"

namespace {

using namespace mockbn;
using mockbn::testing::check_network;
using mockbn::testing::jitter;
using mockbn::testing::uniform_matrix;

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
TEST_CASE_TEMPLATE_APPLY(every_transformation_behind_a_dense_layer, variant_shard);

TEST_CASE_TEMPLATE_DEFINE(
    "the original study's network (five hidden layers, transformation on 3 and 4): gradcheck of the loss", P,
    every_variant_in_the_original_network) {
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
    check_network("the original study's network with " + std::string(P::name), model, 8, data_seed);

    // The study's network, the mlp shaped at run time, is the same engine: at the same point its gradients check too.
    basic_mlp<double, P> study_network({.inputs = 12, .width = 8, .depth = 5, .classes = 10, .transformed = {3, 4}},
                                       21);
    REQUIRE(study_network.parameters().size() == model.parameters().size());
    std::copy(model.parameters().begin(), model.parameters().end(), study_network.parameters().begin());
    check_network("the study's network (mlp) with " + std::string(P::name), study_network, 8, data_seed);
}
TEST_CASE_TEMPLATE_APPLY(every_variant_in_the_original_network, variant_shard);
