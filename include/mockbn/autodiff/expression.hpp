// mockbn/autodiff/expression.hpp
//
// The tensor expression concept: what the graph drivers, gradcheck and every
// operation require of a node.
//
// A tensor expression E
//  - has value_type float or double, a rank of 0 (scalar), 1 (one value per
//    feature) or 2 (batch x features), and tensor_type = xt::xtensor<T, rank>;
//  - exposes value() after a forward pass and adjoint() after a backward one;
//  - implements the graph protocol of mockbn/autodiff/node.hpp: forward(pass),
//    begin_backward(pass), receive(), and says whether it needs an adjoint.
// Variables, constants and every operation's result model it.
#pragma once

#include <concepts>
#include <cstddef>
#include <type_traits>

#include "mockbn/autodiff/node.hpp"
#include "mockbn/core/scalar.hpp"

namespace mockbn {

template <class E>
concept tensor_expression = requires(std::remove_cvref_t<E>& e, const std::remove_cvref_t<E>& ce, ad::pass_id pass) {
    typename std::remove_cvref_t<E>::value_type;
    typename std::remove_cvref_t<E>::tensor_type;
    requires floating_scalar<typename std::remove_cvref_t<E>::value_type>;
    { std::remove_cvref_t<E>::rank } -> std::convertible_to<std::size_t>;
    { std::remove_cvref_t<E>::needs_adjoint } -> std::convertible_to<bool>;
    { ce.value() } -> std::same_as<const typename std::remove_cvref_t<E>::tensor_type&>;
    e.forward(pass);
    e.begin_backward(pass);
    e.receive();
};

}  // namespace mockbn
