// mockbn/autodiff/reduce.hpp
//
// Reductions over the leading (batch) axis: sum, mean and variance. A rank-2
// operand (batch x features) gives one value per feature; a rank-1 operand
// gives a scalar.
//
// Contract:
//  - variance is the biased one (divided by n), computed in two passes from
//    the materialized operand: mean first, then the mean squared deviation.
//    Its mean is kept for the backward pass, never recomputed lazily.
//  - Backward accumulates d x = dy (sum), dy / n (mean), dy · 2 (x - mean) / n
//    (variance) into the operand's adjoint.
//  - Summation order is fixed (row by row), so results repeat bit for bit.
//  - Over zero rows, sum is 0 and mean and variance are NaN.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>
#include <vector>

#include "mockbn/autodiff/expression.hpp"
#include "mockbn/autodiff/node.hpp"
#include "mockbn/core/column_statistics.hpp"
#include "mockbn/core/scalar.hpp"

namespace mockbn::ad {

enum class reduction { sum, mean, variance };

template <reduction Kind, class X>
class reduce_node
    : public node_base<typename std::remove_reference_t<X>::value_type, std::remove_reference_t<X>::rank - 1> {
    using x_type = std::remove_reference_t<X>;
    using T = typename x_type::value_type;
    static_assert(x_type::rank >= 1,
                  "mockbn: sum, mean and variance reduce the leading axis of a rank-1 or rank-2 "
                  "expression; a scalar has none");

public:
    static constexpr bool needs_adjoint = x_type::needs_adjoint;

    explicit reduce_node(X x) : x_(std::forward<X>(x)) {}

    void forward(pass_id pass) {
        if (!this->first_forward(pass)) return;
        x_.forward(pass);
        const auto [rows, cols] = geometry();
        if constexpr (x_type::rank == 2) this->shape_value({cols});
        else this->shape_value({});
        const T* x = x_.value().data();
        T* out = this->value_.data();
        if constexpr (Kind == reduction::variance) {
            mean_.resize(cols);
            kernels::column_moments(x, rows, cols, mean_.data(), out);
            return;
        }
        kernels::column_sums(x, rows, cols, out);
        if constexpr (Kind == reduction::mean)
            for (std::size_t c = 0; c < cols; ++c) out[c] /= static_cast<T>(rows);
    }

    void begin_backward(pass_id pass) {
        if constexpr (needs_adjoint) {
            if (this->first_backward_visit(pass)) x_.begin_backward(pass);
        }
    }

    void receive() {
        if constexpr (needs_adjoint) {
            if (!this->last_contribution()) return;
            const auto [rows, cols] = geometry();
            const T* dy = this->adjoint_.data();
            const T* x = x_.value().data();
            T* dx = x_.adjoint_accumulator().data();
            const T count = static_cast<T>(rows);
            for (std::size_t r = 0; r < rows; ++r) {
                for (std::size_t c = 0; c < cols; ++c) {
                    const std::size_t i = r * cols + c;
                    if constexpr (Kind == reduction::sum) dx[i] += dy[c];
                    else if constexpr (Kind == reduction::mean) dx[i] += dy[c] / count;
                    else dx[i] += dy[c] * T(2) * (x[i] - mean_[c]) / count;
                }
            }
            x_.receive();
        }
    }

private:
    std::pair<std::size_t, std::size_t> geometry() const {
        const auto& shape = x_.value().shape();
        if constexpr (x_type::rank == 2) return {shape[0], shape[1]};
        else return {shape[0], 1};
    }

    X x_;
    std::vector<T> mean_;  // variance only: the batch mean the forward pass used
};

#define MOCKBN_REDUCTION(name)        \
    template <class X>                \
        requires tensor_expression<X> \
    auto name(X&& x) { return reduce_node<reduction::name, closure_t<X&&>>(std::forward<X>(x)); }
MOCKBN_REDUCTION(sum)
MOCKBN_REDUCTION(mean)
MOCKBN_REDUCTION(variance)
#undef MOCKBN_REDUCTION

}  // namespace mockbn::ad
