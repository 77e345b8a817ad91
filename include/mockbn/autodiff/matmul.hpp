// mockbn/autodiff/matmul.hpp
//
// The matrix product node: matmul(a, b), where either side may be wrapped in
// transpose(x) to use its transpose.
//
// Contract: both operands are rank-2 expressions; op(a) is m x k and op(b)
// is k x n, else std::invalid_argument names both shapes. Forward is one
// BLAS gemm into this node's own output array; backward accumulates
// d op(a) = dC · op(b)^T and d op(b) = op(a)^T · dC with gemm (beta = 1),
// the transposes passed as flags and never materialized.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "mockbn/autodiff/expression.hpp"
#include "mockbn/autodiff/node.hpp"
#include "mockbn/core/blas.hpp"

namespace mockbn::ad {

// Marks an operand of matmul to be used transposed; only matmul accepts it.
template <class Closure>
struct transposed {
    Closure operand;
};

template <class X>
    requires tensor_expression<X>
auto transpose(X&& x) {
    static_assert(std::remove_cvref_t<X>::rank == 2, "mockbn::transpose: only a rank-2 expression has a transpose");
    return transposed<closure_t<X&&>>{std::forward<X>(x)};
}

namespace detail {

template <class X>
inline constexpr bool is_transposed_v = false;
template <class C>
inline constexpr bool is_transposed_v<transposed<C>> = true;

}  // namespace detail

template <class A, bool TransposeA, class B, bool TransposeB>
class matmul_node : public node_base<typename std::remove_reference_t<A>::value_type, 2> {
    using a_type = std::remove_reference_t<A>;
    using b_type = std::remove_reference_t<B>;
    using T = typename a_type::value_type;
    static_assert(a_type::rank == 2 && b_type::rank == 2, "mockbn::matmul: both operands must be rank-2 expressions");
    static_assert(std::is_same_v<T, typename b_type::value_type>,
                  "mockbn::matmul: both operands must have the same value type");

public:
    static constexpr bool needs_adjoint = a_type::needs_adjoint || b_type::needs_adjoint;

    matmul_node(A a, B b) : a_(std::forward<A>(a)), b_(std::forward<B>(b)) {}

    void forward(pass_id pass) {
        if (!this->first_forward(pass)) return;
        a_.forward(pass);
        b_.forward(pass);
        const blas::matrix_operand sa = shape_of<TransposeA>(a_), sb = shape_of<TransposeB>(b_);
        const std::size_t m = TransposeA ? sa.cols : sa.rows, k = TransposeA ? sa.rows : sa.cols;
        const std::size_t k_b = TransposeB ? sb.cols : sb.rows, n = TransposeB ? sb.rows : sb.cols;
        if (k != k_b)
            throw std::invalid_argument("mockbn::matmul: inner dimensions differ: " + describe(m, k, TransposeA) +
                                        " times " + describe(k_b, n, TransposeB));
        this->shape_value({m, n});
        if (k == 0) {
            this->value_.fill(T(0));
            return;
        }
        blas::gemm(a_.value().data(), sa, b_.value().data(), sb, this->value_.data(), T(1), T(0));
    }

    void begin_backward(pass_id pass) {
        if constexpr (needs_adjoint) {
            if (this->first_backward_visit(pass)) {
                if constexpr (a_type::needs_adjoint) a_.begin_backward(pass);
                if constexpr (b_type::needs_adjoint) b_.begin_backward(pass);
            }
        }
    }

    void receive() {
        if constexpr (needs_adjoint) {
            if (!this->last_contribution()) return;
            const T* dc = this->adjoint_.data();
            const std::size_t m = this->value_.shape()[0], n = this->value_.shape()[1];
            const blas::matrix_operand sa = shape_of<TransposeA>(a_), sb = shape_of<TransposeB>(b_);
            if constexpr (a_type::needs_adjoint) {
                // d op(a) = dC · op(b)^T; if a is stored transposed, d a = op(b) · dC^T.
                T* da = a_.adjoint_accumulator().data();
                if constexpr (!TransposeA)
                    blas::gemm(dc, {m, n, false}, b_.value().data(), flipped(sb), da, T(1), T(1));
                else blas::gemm(b_.value().data(), sb, dc, {m, n, true}, da, T(1), T(1));
                a_.receive();
            }
            if constexpr (b_type::needs_adjoint) {
                // d op(b) = op(a)^T · dC; if b is stored transposed, d b = dC^T · op(a).
                T* db = b_.adjoint_accumulator().data();
                if constexpr (!TransposeB)
                    blas::gemm(a_.value().data(), flipped(sa), dc, {m, n, false}, db, T(1), T(1));
                else blas::gemm(dc, {m, n, true}, a_.value().data(), sa, db, T(1), T(1));
                b_.receive();
            }
        }
    }

private:
    template <bool Transposed, class X>
    static blas::matrix_operand shape_of(const X& x) {
        return {x.value().shape()[0], x.value().shape()[1], Transposed};
    }
    static blas::matrix_operand flipped(blas::matrix_operand s) { return {s.rows, s.cols, !s.transposed}; }
    static std::string describe(std::size_t rows, std::size_t cols, bool transposed) {
        std::string text = "(";  // then appended: "(" + a temporary trips GCC 12's false -Wrestrict (bug 105329)
        text += std::to_string(rows) + " x " + std::to_string(cols) + (transposed ? ", transposed)" : ")");
        return text;
    }

    A a_;
    B b_;
};

namespace detail {

template <class X>
auto matmul_operand(X&& x) {
    using D = std::remove_cvref_t<X>;
    if constexpr (is_transposed_v<D>) {
        using closure = decltype(D::operand);
        return std::pair<std::bool_constant<true>, closure>{{}, std::forward<X>(x).operand};
    } else {
        static_assert(tensor_expression<X>,
                      "mockbn::matmul: an operand must be a tensor expression or transpose(expression)");
        return std::pair<std::bool_constant<false>, closure_t<X&&>>{{}, std::forward<X>(x)};
    }
}

}  // namespace detail

template <class L, class R>
auto matmul(L&& l, R&& r) {
    auto left = detail::matmul_operand(std::forward<L>(l));
    auto right = detail::matmul_operand(std::forward<R>(r));
    using A = decltype(left.second);
    using B = decltype(right.second);
    return matmul_node<A, decltype(left.first)::value, B, decltype(right.first)::value>(std::forward<A>(left.second),
                                                                                        std::forward<B>(right.second));
}

}  // namespace mockbn::ad
