// mockbn/autodiff/graph.hpp
//
// The two drivers of the autodiff graph: forward(root) and backward(root).
//
// Contract:
//  - forward(root) computes every node reachable from root once, in
//    dependency order, and returns root's value. Call it again after changing
//    a variable and everything is recomputed.
//  - backward(root) needs a forward pass first (std::logic_error otherwise).
//    It resets the adjoint of every node reachable from root, starts root's
//    adjoint at its initial gradient (1 for a scalar root, or the one given,
//    which must have root's shape), and propagates in reverse topological
//    order: each node passes its adjoint on once, after all its consumers
//    have contributed. Then variable.grad() is
//    d<initial_gradient, root>/d variable.
#pragma once

#include <stdexcept>
#include <string>

#include "mockbn/autodiff/expression.hpp"
#include "mockbn/autodiff/node.hpp"

namespace mockbn::ad {

template <tensor_expression E>
const auto& forward(E& root) {
    root.forward(next_pass());
    return root.value();
}

template <tensor_expression E>
void backward(E& root, const typename E::tensor_type& initial_gradient) {
    if (!root.evaluated()) throw std::logic_error("mockbn::backward: run forward(root) before backward(root)");
    if (initial_gradient.shape() != root.value().shape())
        throw std::invalid_argument("mockbn::backward: the initial gradient's shape differs from the root's");
    if constexpr (E::needs_adjoint) {
        root.begin_backward(next_pass());
        root.adjoint_accumulator() = initial_gradient;
        root.receive();
    }
}

template <tensor_expression E>
void backward(E& root) {
    static_assert(
        E::rank == 0,
        "mockbn::backward: a root that is not a scalar needs its initial gradient: backward(root, initial_gradient)");
    typename E::tensor_type one;
    one() = typename E::value_type(1);
    backward(root, one);
}

}  // namespace mockbn::ad
