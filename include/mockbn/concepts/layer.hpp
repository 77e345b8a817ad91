// mockbn/concepts/layer.hpp
//
// The layer contract: what a type must provide to stand in a stack.
//
// A layer type L (what a user lists in stack<...>) has
//  - L::input_width: the width it takes, or inferred_width to take whatever
//    the layer before it gives;
//  - L::output_width(in): the width it gives when it takes `in` (constexpr);
//  - L::layer<T>: the object that does the work, constructed from its input
//    width, for T = float or double.
// The last layer of a stack is a loss (L::is_loss, see layers/loss.hpp).
//
// A layer object O (L::layer<T>) has
//  - parameter_count(): how many values of the network's parameter buffer it
//    owns; the network hands it that slice, contiguous, in every call;
//  - initialize(params, generator): writes its initial parameter values;
//  - forward(params, in, out, mode): reads `in` (rows x input width), assigns
//    every element of `out` (rows x output width); mode is training or
//    inference (core/mode.hpp);
//  - backward(params, gradients, in, out, d_out, d_in): called after forward
//    on the same batch. It ASSIGNS (never accumulates) its parameter
//    gradients and, when d_in is not null, d loss / d in (rows x input
//    width). It may read in, out and d_out; it writes nothing else;
//  - describe(): one line for the network's summary.
// and may have
//  - describe_element(i): what element i of its slice is ("parameter c,
//    feature 3"), for messages about non-finite values;
//  - random_initialization = true: it draws its initial values at random;
//  - state_fields(self, fields): state beyond its parameters (running
//    statistics), saved and loaded by io/ (concepts/state.hpp).
// Neither forward nor backward may allocate once the layer has seen its
// largest batch.
#pragma once

#include <concepts>
#include <cstddef>
#include <span>
#include <string>

#include "mockbn/core/matrix.hpp"
#include "mockbn/core/mode.hpp"
#include "mockbn/core/random.hpp"

namespace mockbn {

inline constexpr std::size_t inferred_width = 0;

template <class O, class T>
concept layer_object = std::constructible_from<O, std::size_t> &&
    requires(O& o, const O& co, std::span<T> slice, random::generator& g, const T* p, T* dp, matrix_view<const T> in,
             matrix_view<T> out) {
    { co.parameter_count() } -> std::same_as<std::size_t>;
    co.initialize(slice, g);
    o.forward(p, in, out, training);
    o.forward(p, in, out, inference);
    o.backward(p, dp, in, in, in, dp);
    { co.describe() } -> std::convertible_to<std::string>;
};

template <class L>
concept layer_widths = requires {
    { L::input_width } -> std::convertible_to<std::size_t>;
    { L::output_width(std::size_t{1}) } -> std::same_as<std::size_t>;
    typename L::template layer<float>;
    typename L::template layer<double>;
};

// L::layer<T> is a layer object for T.
template <class L, class T>
concept layer_for = layer_object<typename L::template layer<T>, T>;

template <class L>
concept layer_type = layer_widths<L> && layer_for<L, float> && layer_for<L, double>;

// Whether a layer object of type O draws its initial values at random
// (O::random_initialization): such layers get the generator streams 0, 1,
// 2, ... in network order.
template <class O>
constexpr bool draws_random_values() {
    if constexpr (requires { O::random_initialization; }) return O::random_initialization;
    else return false;
}

}  // namespace mockbn
