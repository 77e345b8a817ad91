// mockbn/autodiff/variable.hpp
//
// The leaves of the graph: variables (a value and the gradient with respect
// to it) and constants (a value only).
//
// Contract:
//  - A leaf's value is the caller's to set at any time; the next forward pass
//    sees it.
//  - After backward(root), a variable's grad() holds d root / d value for
//    that pass alone: the library resets it when a backward pass starts.
//  - A constant never receives an adjoint; expressions over constants only
//    are skipped by the backward pass.
#pragma once

#include <cstddef>
#include <utility>

#include "mockbn/autodiff/node.hpp"

namespace mockbn::ad {

template <floating_scalar T, std::size_t Rank, bool Differentiable>
class leaf : public node_base<T, Rank> {
    using base = node_base<T, Rank>;

public:
    using typename base::tensor_type;
    static constexpr bool needs_adjoint = Differentiable;

    leaf() = default;
    explicit leaf(tensor_type initial) { this->value_ = std::move(initial); }

    using base::value;
    tensor_type& value() noexcept { return this->value_; }

    const tensor_type& grad() const noexcept requires Differentiable { return this->adjoint_; }

    void forward(pass_id) noexcept {}
    void begin_backward(pass_id pass) {
        if constexpr (Differentiable) this->first_backward_visit(pass);
    }
    void receive() noexcept {
        if constexpr (Differentiable) this->last_contribution();
    }
};

template <floating_scalar T, std::size_t Rank>
using variable = leaf<T, Rank, true>;

template <floating_scalar T, std::size_t Rank>
using constant = leaf<T, Rank, false>;

}  // namespace mockbn::ad
