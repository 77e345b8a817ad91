// mockbn/autodiff/elementwise.hpp
//
// Elementwise operations on tensor expressions: + - * /, exp, expm1, log, log1p,
// sqrt, tanh, logistic, abs, sign, relu, signed_log1p, signed_sqrt, max, min,
// comparisons and select, and map(f, ...) for a formula of one's own.
//
// Contract: each returns a map node (map.hpp), so a chain of them written in
// one expression is one fused pass forward and one backward. Arithmetic
// constants may stand on either side of an operator. The same names applied
// to dual numbers (dual.hpp) are what a formula uses inside map().
#pragma once

#include <type_traits>
#include <utility>

#include "mockbn/autodiff/expression.hpp"
#include "mockbn/autodiff/map.hpp"
#include "mockbn/core/dual.hpp"

namespace mockbn::ad {

template <class X>
concept map_operand = tensor_expression<X> || std::is_arithmetic_v<std::remove_cvref_t<X>>;

template <class... Xs>
concept elementwise_operands = (map_operand<Xs> && ...) && (tensor_expression<Xs> || ...);

// f applied elementwise; f is written on dual numbers and gets one argument
// per operand, in order.
template <class F, class... Xs>
    requires elementwise_operands<Xs...>
auto map(F f, Xs&&... operands) {
    auto fused = detail::compose(std::move(f), detail::as_fusable(std::forward<Xs>(operands))...);
    using node = typename detail::map_node_for<decltype(fused.function), decltype(fused.operands)>::type;
    return node(std::move(fused.function), std::move(fused.operands));
}

namespace ops {

#define MOCKBN_BINARY_OP(name, expression)              \
    struct name {                                       \
        template <class A, class B>                     \
        auto operator()(const A& a, const B& b) const { \
            return expression;                          \
        }                                               \
    };
MOCKBN_BINARY_OP(plus, a + b)
MOCKBN_BINARY_OP(minus, a - b)
MOCKBN_BINARY_OP(times, a* b)
MOCKBN_BINARY_OP(divide, a / b)
MOCKBN_BINARY_OP(less, a < b)
MOCKBN_BINARY_OP(less_equal, a <= b)
MOCKBN_BINARY_OP(greater, a > b)
MOCKBN_BINARY_OP(greater_equal, a >= b)
MOCKBN_BINARY_OP(maximum, max(a, b))
MOCKBN_BINARY_OP(minimum, min(a, b))
#undef MOCKBN_BINARY_OP

#define MOCKBN_UNARY_OP(name, expression)   \
    struct name {                           \
        template <class A>                  \
        auto operator()(const A& a) const { \
            return expression;              \
        }                                   \
    };
MOCKBN_UNARY_OP(negate, -a)
MOCKBN_UNARY_OP(exponential, exp(a))
MOCKBN_UNARY_OP(exponential_minus_1, expm1(a))
MOCKBN_UNARY_OP(logarithm, log(a))
MOCKBN_UNARY_OP(logarithm_1p, log1p(a))
MOCKBN_UNARY_OP(square_root, sqrt(a))
MOCKBN_UNARY_OP(hyperbolic_tangent, tanh(a))
MOCKBN_UNARY_OP(logistic_function, logistic(a))
MOCKBN_UNARY_OP(absolute, abs(a))
MOCKBN_UNARY_OP(signum, sign(a))
MOCKBN_UNARY_OP(rectifier, relu(a))
MOCKBN_UNARY_OP(signed_logarithm_1p, signed_log1p(a))
MOCKBN_UNARY_OP(signed_square_root, signed_sqrt(a))
#undef MOCKBN_UNARY_OP

struct selection {
    template <class M, class A, class B>
    auto operator()(const M& mask, const A& a, const B& b) const {
        return select(mask, a, b);
    }
};

}  // namespace ops

#define MOCKBN_NODE_BINARY(op_name, function) \
    template <class L, class R>               \
        requires elementwise_operands<L, R>   \
    auto op_name(L&& l, R&& r) { return map(ops::function{}, std::forward<L>(l), std::forward<R>(r)); }
MOCKBN_NODE_BINARY(operator+, plus)
MOCKBN_NODE_BINARY(operator-, minus)
MOCKBN_NODE_BINARY(operator*, times)
MOCKBN_NODE_BINARY(operator/, divide)
MOCKBN_NODE_BINARY(operator<, less)
MOCKBN_NODE_BINARY(operator<=, less_equal)
MOCKBN_NODE_BINARY(operator>, greater)
MOCKBN_NODE_BINARY(operator>=, greater_equal)
MOCKBN_NODE_BINARY(max, maximum)
MOCKBN_NODE_BINARY(min, minimum)
#undef MOCKBN_NODE_BINARY

#define MOCKBN_NODE_UNARY(op_name, function) \
    template <class X>                       \
        requires tensor_expression<X>        \
    auto op_name(X&& x) { return map(ops::function{}, std::forward<X>(x)); }
MOCKBN_NODE_UNARY(operator-, negate)
MOCKBN_NODE_UNARY(exp, exponential)
MOCKBN_NODE_UNARY(expm1, exponential_minus_1)
MOCKBN_NODE_UNARY(log, logarithm)
MOCKBN_NODE_UNARY(log1p, logarithm_1p)
MOCKBN_NODE_UNARY(sqrt, square_root)
MOCKBN_NODE_UNARY(tanh, hyperbolic_tangent)
MOCKBN_NODE_UNARY(logistic, logistic_function)
MOCKBN_NODE_UNARY(abs, absolute)
MOCKBN_NODE_UNARY(sign, signum)
MOCKBN_NODE_UNARY(relu, rectifier)
MOCKBN_NODE_UNARY(signed_log1p, signed_logarithm_1p)
MOCKBN_NODE_UNARY(signed_sqrt, signed_square_root)
#undef MOCKBN_NODE_UNARY

// Elementwise if_true where condition holds, else if_false. The condition is
// a comparison of expressions; the branch not taken contributes nothing to
// any gradient, even where its own derivative is infinite or NaN.
template <class C, class A, class B>
    requires tensor_expression<C> && std::remove_cvref_t<C>::is_predicate && elementwise_operands<C, A, B>
auto select(C&& condition, A&& if_true, B&& if_false) {
    return map(ops::selection{}, std::forward<C>(condition), std::forward<A>(if_true), std::forward<B>(if_false));
}

}  // namespace mockbn::ad
