// mockbn/research/conservation.hpp
//
// What gradient descent conserves in a hidden layer whose transformation's
// output scale is a parameter. ReLU is positively homogeneous: multiplying
// unit j's transformation output by λ > 0 and dividing its outgoing weights
// w_j (row j of the next dense layer's W) by λ leaves the network's function
// unchanged. Differentiating that at λ = 1 ties the scale's gradient to the
// outgoing weights' (θ·∂L/∂θ = w_j·∇L for a scale θ the output is linear
// in; ∂L/∂a = w_j·∇L for an exponent a), so with the weights at rate η and
// the transformation's parameters at κη (no momentum, no weight decay):
//   sqrt_shift  (y = e^a·…):          a − κ‖w_j‖²/2
//   log_shift   (y = a·…):            a² − κ‖w_j‖²
//   batch_norm, affine (y = γx̂ + β):  γ² + β² − κ‖w_j‖²
// is constant under gradient flow, and a step of plain gradient descent
// changes it by the second-order term alone:
//   sqrt_shift  −κη²‖g_w‖²/2;   the linear ones  η²(κ²Σθ g_θ² − κ‖g_w‖²),
// g the step's gradients. Momentum adds a drift of the order of the rate;
// Adam's per-coordinate scaling breaks the law. A shared transformation has
// one set of parameters for the layer: its law holds against the sum of
// ‖w_j‖² over the layer's units.
//
// Contract: balances<Policy>(network, hidden, kappa) gives, for hidden layer
// `hidden` (from 1) of a network whose transformation there is Policy, the
// law's quantity per unit (per-feature parameters) or for the layer (shared
// ones), and throws std::invalid_argument naming the layer when it has no
// transformation; outgoing_norms(network, hidden) and incoming_norms give
// each unit's ‖w_j‖² and ‖v_j‖² for any hidden layer (the same error for a
// layer the network does not have).
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "mockbn/research/hidden_layers.hpp"
#include "mockbn/transforms/affine.hpp"
#include "mockbn/transforms/batch_norm.hpp"
#include "mockbn/transforms/learnable.hpp"

namespace mockbn::research {

// How a transformation's output scales with some of its parameters: multiplying them by λ (linear) or adding
// log λ to them (exponential) multiplies the output by λ. No law for a policy without one.
enum class scaling { linear, exponential };

template <class Policy>
struct output_scale {};
template <>
struct output_scale<sqrt_shift> {
    static constexpr scaling kind = scaling::exponential;
    static constexpr std::array<std::string_view, 1> parameters{"a"};
};
template <>
struct output_scale<log_shift> {
    static constexpr scaling kind = scaling::linear;
    static constexpr std::array<std::string_view, 1> parameters{"a"};
};
template <>
struct output_scale<batch_norm> {
    static constexpr scaling kind = scaling::linear;
    static constexpr std::array<std::string_view, 2> parameters{"gamma", "beta"};
};
template <>
struct output_scale<affine> {
    static constexpr scaling kind = scaling::linear;
    static constexpr std::array<std::string_view, 2> parameters{"gamma", "beta"};
};

template <class Policy>
concept scales_its_output = requires {
    output_scale<Policy>::kind;
};

namespace detail {

template <class Network>
hidden_layer hidden_layer_at(const Network& network, std::size_t hidden) {
    const auto layers = hidden_layers_of(network);
    if (hidden == 0 || hidden > layers.size())
        throw std::invalid_argument("mockbn::research: the network has no hidden layer " + std::to_string(hidden) +
                                    " (it has " + std::to_string(layers.size()) + ")");
    return layers[hidden - 1];
}

template <class Network>
hidden_layer transformed_layer(const Network& network, std::size_t hidden) {
    const hidden_layer layer = hidden_layer_at(network, hidden);
    if (layer.transformation == 0)
        throw std::invalid_argument("mockbn::research: hidden layer " + std::to_string(hidden) +
                                    " has no transformation");
    return layer;
}

}  // namespace detail

// The squared norm of each of the first `rows` rows of a dense layer's parameters (W, rows × out, then b):
// for its weights, each unit's ‖w_j‖²; for their gradients, ‖g_w_j‖².
template <class T>
std::vector<double> squared_row_norms(std::span<const T> parameters, std::size_t rows) {
    const std::size_t out = parameters.size() / (rows + 1);
    std::vector<double> norms(rows, 0.0);
    for (std::size_t j = 0; j < rows; ++j)
        for (const T w : parameters.subspan(j * out, out)) norms[j] += static_cast<double>(w) * w;
    return norms;
}

// ‖w_j‖² for each unit j of hidden layer `hidden`: the squared norm of its outgoing weights.
template <class Network>
std::vector<double> outgoing_norms(const Network& network, std::size_t hidden) {
    const hidden_layer layer = detail::hidden_layer_at(network, hidden);
    return squared_row_norms(network.parameters_of_entry(layer.activation + 1), network.entry_widths()[layer.dense]);
}

// ‖v_j‖² for each unit j of hidden layer `hidden`: the squared norm of its incoming weights, column j of its
// dense layer's W (inputs × units, then b). Under batch normalization the layer's function ignores their scale,
// so their gradient is orthogonal to them: gradient flow keeps ‖v_j‖², and each step of descent grows it by
// η²‖g_v‖².
template <class Network>
std::vector<double> incoming_norms(const Network& network, std::size_t hidden) {
    const hidden_layer layer = detail::hidden_layer_at(network, hidden);
    const std::size_t units = network.entry_widths()[layer.dense];
    const auto w = network.parameters_of_entry(layer.dense);
    const std::size_t inputs = w.size() / units - 1;
    std::vector<double> norms(units, 0.0);
    for (std::size_t i = 0; i < inputs; ++i)
        for (std::size_t j = 0; j < units; ++j) norms[j] += static_cast<double>(w[i * units + j]) * w[i * units + j];
    return norms;
}

template <class Policy, class Network>
    requires scales_its_output<Policy> std::vector<double> balances(const Network& network, std::size_t hidden,
                                                                    double kappa) {
        using scale = output_scale<Policy>;
        const hidden_layer layer = detail::transformed_layer(network, hidden);
        const auto norms = outgoing_norms(network, hidden);
        const auto names = parameter_names(network, layer);
        const auto values = network.parameters_of_entry(layer.transformation);
        const std::size_t block = values.size() / names.size();  // the units, or 1 when shared
        std::vector<double> law(block, 0.0);
        for (std::size_t p = 0; p < names.size(); ++p)
            for (const std::string_view name : scale::parameters)
                if (names[p] == name)
                    for (std::size_t g = 0; g < block; ++g) {
                        const double theta = values[p * block + g];
                        law[g] += scale::kind == scaling::linear ? theta * theta : theta;
                    }
        const double weight = scale::kind == scaling::linear ? kappa : kappa / 2;
        for (std::size_t j = 0; j < norms.size(); ++j) law[block == 1 ? 0 : j] -= weight * norms[j];
        return law;
    }

}  // namespace mockbn::research
