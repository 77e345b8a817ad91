// mockbn/concepts/classifier.hpp
//
// The model contracts: what evaluate and fit take (train/fit.hpp). Every
// network of the library (stack, mlp) models both.
//
// A classifier M computes in M::value_type (float or double) and has
//  - forward(x, labels, mode) -> the mean loss over the batch, x a
//    matrix_view<const T> (rows x input width), labels one integer per row;
//  - logits(): the outputs of that last forward pass (rows x classes).
// A trainable classifier also has
//  - backward(): after a forward pass in training mode, assigns every
//    gradient;
//  - parameters() and gradients(): its parameters and their gradients as
//    two spans of one layout, what an optimizer steps through;
//  - describe_parameter(i) (optional): where flat parameter i lives, in the
//    user's terms, for messages about non-finite values.
#pragma once

#include <concepts>
#include <cstdint>
#include <span>

#include "mockbn/core/matrix.hpp"
#include "mockbn/core/mode.hpp"
#include "mockbn/core/scalar.hpp"

namespace mockbn {

template <class M>
concept classifier = floating_scalar<typename M::value_type> &&
    requires(M& m, const M& cm, matrix_view<const typename M::value_type> x, std::span<const std::uint8_t> labels) {
    { m.forward(x, labels, inference) } -> std::convertible_to<typename M::value_type>;
    { cm.logits() } -> std::convertible_to<matrix_view<const typename M::value_type>>;
};

template <class M>
concept trainable_classifier = classifier<M> &&
    requires(M& m, const M& cm, matrix_view<const typename M::value_type> x, std::span<const std::uint8_t> labels) {
    { m.forward(x, labels, training) } -> std::convertible_to<typename M::value_type>;
    m.backward();
    { m.parameters() } -> std::convertible_to<std::span<typename M::value_type>>;
    { cm.gradients() } -> std::convertible_to<std::span<const typename M::value_type>>;
};

}  // namespace mockbn
