// mockbn/autodiff/node.hpp
//
// What every tensor-level node of the autodiff graph shares: its value and
// adjoint arrays, and the bookkeeping that makes the graph a DAG visited in
// topological order.
//
// Contract of the graph protocol (the drivers in graph.hpp call it):
//  - forward(pass): compute the value once per pass; a node reached twice in
//    one pass (a shared subexpression) is computed the first time only.
//  - begin_backward(pass): the first visit in a pass resets the adjoint to
//    zero and visits the children; each later visit counts one more consumer.
//  - receive(): a consumer has added its contribution to this node's adjoint.
//    When the last consumer has done so, the node propagates to its children,
//    once, with the complete adjoint. Children's adjoints are accumulated
//    into (+=), never assigned.
//  - needs_adjoint: false for a subgraph without variables; such a subgraph
//    is never visited backward.
//
// Operands are held by xtensor's closure rule: an lvalue node by reference
// (the caller keeps it alive and it may be shared), an rvalue by value (the
// expression owns it), so an expression never dangles whatever is written.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "mockbn/core/xsimd.hpp"  // first: xtensor includes xsimd

#include <xtensor/xtensor.hpp>

#include "mockbn/core/scalar.hpp"

namespace mockbn::ad {

using pass_id = std::uint64_t;

// A new identifier for a forward or backward pass, unique in the process.
inline pass_id next_pass() noexcept {
    static std::atomic<pass_id> counter{0};
    return ++counter;
}

// Lvalues by reference, rvalues by value.
template <class E>
using closure_t =
    std::conditional_t<std::is_lvalue_reference_v<E>, std::remove_reference_t<E>&, std::remove_cvref_t<E>>;

template <floating_scalar T, std::size_t Rank>
class node_base {
    static_assert(Rank <= 2,
                  "mockbn: nodes are scalars (rank 0), feature vectors (rank 1) "
                  "or batch x feature matrices (rank 2)");

public:
    using value_type = T;
    static constexpr std::size_t rank = Rank;
    using tensor_type = xt::xtensor<T, Rank>;
    using shape_type = typename tensor_type::shape_type;

    const tensor_type& value() const noexcept { return value_; }
    const tensor_type& adjoint() const noexcept { return adjoint_; }

    // For consumers: the adjoint they accumulate into before calling receive().
    tensor_type& adjoint_accumulator() noexcept { return adjoint_; }

    bool evaluated() const noexcept { return forward_pass_ != 0; }

protected:
    // True the first time it is called in a pass.
    bool first_forward(pass_id pass) noexcept {
        if (forward_pass_ == pass) return false;
        forward_pass_ = pass;
        return true;
    }

    void shape_value(const shape_type& shape) {
        if (value_.shape() != shape) value_.resize(shape);
    }

    // True on the first visit of a pass, after resetting the adjoint; the
    // caller then visits its children. Later visits count consumers.
    bool first_backward_visit(pass_id pass) {
        if (backward_pass_ == pass) {
            ++pending_;
            return false;
        }
        backward_pass_ = pass;
        pending_ = 1;
        if (adjoint_.shape() != value_.shape()) adjoint_.resize(value_.shape());
        adjoint_.fill(T(0));
        return true;
    }

    // True when the last consumer has contributed.
    bool last_contribution() noexcept { return --pending_ == 0; }

    tensor_type value_;
    tensor_type adjoint_;

private:
    pass_id forward_pass_ = 0;
    pass_id backward_pass_ = 0;
    std::size_t pending_ = 0;
};

}  // namespace mockbn::ad
