// mockbn/autodiff/variable.hpp
//
// The leaves of the graph: variables (a value and the gradient with respect
// to it) and constants (a value only).
//
// Contract:
//  - A variable's value is the caller's to set at any time; the next forward
//    pass sees it. After backward(root), grad() holds d root / d value for
//    this pass alone: the library resets it when a backward pass starts.
//  - A constant never receives an adjoint; expressions over constants only
//    are skipped by the backward pass.
#pragma once

#include <cstddef>
#include <utility>

#include "mockbn/autodiff/node.hpp"

namespace mockbn {

template <floating_scalar T, std::size_t Rank>
class variable : public node_base<T, Rank> {
    using base = node_base<T, Rank>;

public:
    using typename base::tensor_type;
    static constexpr bool needs_adjoint = true;

    variable() = default;
    explicit variable(tensor_type initial) { this->value_ = std::move(initial); }

    using base::value;
    tensor_type& value() noexcept { return this->value_; }
    const tensor_type& grad() const noexcept { return this->adjoint_; }

    void forward(pass_id) noexcept {}
    void begin_backward(pass_id pass) { this->first_backward_visit(pass); }
    void receive() noexcept { this->last_contribution(); }
};

template <floating_scalar T, std::size_t Rank>
class constant : public node_base<T, Rank> {
    using base = node_base<T, Rank>;

public:
    using typename base::tensor_type;
    static constexpr bool needs_adjoint = false;

    constant() = default;
    explicit constant(tensor_type initial) { this->value_ = std::move(initial); }

    using base::value;
    tensor_type& value() noexcept { return this->value_; }

    void forward(pass_id) noexcept {}
    void begin_backward(pass_id) noexcept {}
    void receive() noexcept {}
};

template <floating_scalar T, std::size_t Rank>
variable(xt::xtensor<T, Rank>) -> variable<T, Rank>;
template <floating_scalar T, std::size_t Rank>
constant(xt::xtensor<T, Rank>) -> constant<T, Rank>;

}  // namespace mockbn
