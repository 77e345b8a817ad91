// mockbn/core/dual.hpp
//
// Forward-mode dual numbers with static sparsity: the per-element engine of
// every fused elementwise pass (a transformation, ReLU, a user's formula).
//
// dual<V, Slots> holds a value of type V (float, double, an xsimd batch of
// them, or the branch_probe of core/branch_watch.hpp) and the partial
// derivatives of that value with respect to the operands whose bits are set
// in Slots (bit k: "depends on operand k"). Only those partials exist; one
// that is structurally zero is never computed, so a 0·∞ elsewhere in the
// formula cannot turn it into NaN.
//
// Contract:
//  - A formula is written once, generically, on duals. Given dual<V, 0> it
//    computes values only; given duals with unit derivatives it also yields every partial.
//    Subexpressions are ordinary C++ variables: computed once, and their
//    partials add up wherever they are used.
//  - select(mask, a, b) takes the value and every partial from the branch the
//    mask picks. The branch not taken contributes exactly nothing, even where
//    its own value or derivative is infinite or NaN.
//  - Conventions at kinks (as in the common frameworks): abs'(0) = 0,
//    relu'(0) = 0, max(a, b) takes b at a tie, sign has no derivative.
//  - NaN in gives NaN out; nothing here throws.
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "mockbn/core/indices.hpp"
#include "mockbn/core/vector_math.hpp"
#include "mockbn/core/xsimd.hpp"

namespace mockbn::ad {

template <class V, std::uint32_t Slots = 0>
struct dual {
    using value_type = V;
    static constexpr std::uint32_t slots = Slots;
    static constexpr std::size_t size = std::popcount(Slots);

    V value{};
    std::array<V, size> partial{};
};

template <class X>
inline constexpr bool is_dual_v = false;
template <class V, std::uint32_t S>
inline constexpr bool is_dual_v<dual<V, S>> = true;

namespace detail {

// ---- the value level: one overload set for float, double and batches ------

template <class V>
struct element_of {
    using type = V;
};
template <class T, class A>
struct element_of<xsimd::batch<T, A>> {
    using type = T;
};
template <class V>
using element_t = typename element_of<V>::type;

template <class V>
using mask_t = decltype(std::declval<V>() < std::declval<V>());

// A SIMD batch, or one value: float, double, or a value type whose functions
// are found by argument-dependent lookup (core/branch_watch.hpp's branch_probe).
template <class V>
inline constexpr bool is_batch_v = false;
template <class T, class A>
inline constexpr bool is_batch_v<xsimd::batch<T, A>> = true;

template <class V>
V constant(double c) {
    return V(static_cast<element_t<V>>(c));
}

template <class V>
V v_select(const mask_t<V>& m, const V& a, const V& b) {
    if constexpr (is_batch_v<V>) return xsimd::select(m, a, b);
    else return m ? a : b;
}

// A value function of a float batch from `float_batch` (the library's own, vector_math.hpp, where it has
// one: exp and log1p on fused multiply-adds, within 1 ulp), of another batch xsimd's, of a scalar the
// standard library's (or one found by argument-dependent lookup).
#define MOCKBN_VALUE_FUNCTION(name, float_batch)          \
    template <class V>                                    \
    V v_##name(const V& x) {                              \
        if constexpr (std::is_same_v<V, vmath::floats>) { \
            return float_batch(x);                        \
        } else if constexpr (is_batch_v<V>) {             \
            return xsimd::name(x);                        \
        } else {                                          \
            using std::name;                              \
            return name(x);                               \
        }                                                 \
    }
MOCKBN_VALUE_FUNCTION(exp, vmath::exp)
MOCKBN_VALUE_FUNCTION(log1p, vmath::log1p)
MOCKBN_VALUE_FUNCTION(expm1, xsimd::expm1)
MOCKBN_VALUE_FUNCTION(log, xsimd::log)
MOCKBN_VALUE_FUNCTION(sqrt, xsimd::sqrt)
MOCKBN_VALUE_FUNCTION(tanh, xsimd::tanh)
MOCKBN_VALUE_FUNCTION(abs, xsimd::abs)
#undef MOCKBN_VALUE_FUNCTION

// -1, 0 or +1; a zero keeps its sign bit and NaN stays NaN.
template <class V>
V v_sign(const V& x) {
    const V zero = constant<V>(0);
    return v_select<V>(x > zero, constant<V>(1), v_select<V>(x < zero, constant<V>(-1), x));
}

// ---- slot bookkeeping --------------------------------------------------------

template <std::uint32_t Slots, unsigned Slot>
inline constexpr bool holds = ((Slots >> Slot) & 1u) != 0;

// Index of operand Slot's partial inside a dual whose slot set is Slots: how
// many slots below Slot it holds (Slots mod 2^Slot keeps exactly those bits).
template <std::uint32_t Slots, unsigned Slot>
inline constexpr std::size_t position = std::popcount(Slots % (1u << Slot));

template <std::uint32_t Slots, std::size_t N>
consteval unsigned nth_slot() {
    std::size_t seen = 0;
    for (unsigned slot = 0; slot < 32; ++slot) {
        if ((Slots >> slot) & 1u) {
            if (seen == N) return slot;
            ++seen;
        }
    }
    return 32;
}

// The partials of a result with slot set R, one call of_slot(slot) each.
template <class V, std::uint32_t R, class OfSlot>
std::array<V, std::popcount(R)> partials_for(OfSlot&& of_slot) {
    return with_indices<std::popcount(R)>([&]<std::size_t... N>(std::index_sequence<N...>) {
        return std::array<V, sizeof...(N)>{of_slot(std::integral_constant<unsigned, nth_slot<R, N>()>{})...};
    });
}

// Partial of `a` for one slot, or zero where `a` does not depend on it. Only
// used where no multiplication follows (select), so the zero is harmless.
template <unsigned Slot, class V, std::uint32_t S>
V partial_or_zero(const dual<V, S>& a) {
    if constexpr (holds<S, Slot>) return a.partial[position<S, Slot>];
    else return constant<V>(0);
}

// r = value with partials da(a') + db(b'); absent terms are left out, not zeroed.
template <class V, std::uint32_t A, std::uint32_t B, class DA, class DB>
dual<V, A | B> combine(const V& value, const dual<V, A>& a, const dual<V, B>& b, DA da, DB db) {
    return {value, partials_for<V, A | B>([&](auto slot) -> V {
                constexpr unsigned s = decltype(slot)::value;
                if constexpr (holds<A, s> && holds<B, s>)
                    return da(a.partial[position<A, s>]) + db(b.partial[position<B, s>]);
                else if constexpr (holds<A, s>) return da(a.partial[position<A, s>]);
                else return db(b.partial[position<B, s>]);
            })};
}

// r = value with partials derivative · a'.
template <class V, std::uint32_t S>
dual<V, S> chain(const V& value, const V& derivative, const dual<V, S>& a) {
    dual<V, S> r{value, {}};
    for (std::size_t k = 0; k < dual<V, S>::size; ++k) r.partial[k] = derivative * a.partial[k];
    return r;
}

// ---- mixing duals with plain numbers ----------------------------------------

template <class L, class R>
struct common_dual_value {};
template <class V, std::uint32_t A, class R>
struct common_dual_value<dual<V, A>, R> {
    using type = V;
};
template <class L, class V, std::uint32_t B>
    requires(!is_dual_v<L>)
struct common_dual_value<L, dual<V, B>> {
    using type = V;
};

template <class X, class V>
concept dual_over = is_dual_v<X> && std::same_as<typename X::value_type, V>;

template <class X, class V>
concept dual_operand = std::same_as<X, V> || std::is_arithmetic_v<X> || dual_over<X, V>;

template <class L, class R>
concept either_dual = is_dual_v<L> || is_dual_v<R>;

template <class L, class R>
concept has_common_dual_value = requires {
    typename common_dual_value<L, R>::type;
};

template <class V, class X>
decltype(auto) lift(const X& x) {
    if constexpr (is_dual_v<X>) return (x);
    else if constexpr (std::same_as<X, V>) return dual<V, 0>{x, {}};
    else return dual<V, 0>{constant<V>(static_cast<double>(x)), {}};
}

}  // namespace detail

// A binary operation in which at least one side is a dual; the other may be a
// dual over the same V, a V, or an arithmetic constant.
template <class L, class R>
concept dual_pair = detail::either_dual<L, R> && detail::has_common_dual_value<L, R> &&
    detail::dual_operand<L, typename detail::common_dual_value<L, R>::type> &&
    detail::dual_operand<R, typename detail::common_dual_value<L, R>::type>;

// ---- arithmetic ----------------------------------------------------------------

template <class L, class R>
    requires dual_pair<L, R>
auto operator+(const L& l, const R& r) {
    using V = typename detail::common_dual_value<L, R>::type;
    const auto& a = detail::lift<V>(l);
    const auto& b = detail::lift<V>(r);
    return detail::combine(
        V(a.value + b.value), a, b, [](const V& t) { return t; }, [](const V& t) { return t; });
}

template <class L, class R>
    requires dual_pair<L, R>
auto operator-(const L& l, const R& r) {
    using V = typename detail::common_dual_value<L, R>::type;
    const auto& a = detail::lift<V>(l);
    const auto& b = detail::lift<V>(r);
    return detail::combine(
        V(a.value - b.value), a, b, [](const V& t) { return t; }, [](const V& t) { return V(-t); });
}

template <class L, class R>
    requires dual_pair<L, R>
auto operator*(const L& l, const R& r) {
    using V = typename detail::common_dual_value<L, R>::type;
    const auto& a = detail::lift<V>(l);
    const auto& b = detail::lift<V>(r);
    return detail::combine(
        V(a.value * b.value), a, b, [&](const V& t) { return V(t * b.value); },
        [&](const V& t) { return V(a.value * t); });
}

template <class L, class R>
    requires dual_pair<L, R>
auto operator/(const L& l, const R& r) {
    using V = typename detail::common_dual_value<L, R>::type;
    const auto& a = detail::lift<V>(l);
    const auto& b = detail::lift<V>(r);
    const V quotient = a.value / b.value;
    return detail::combine(
        quotient, a, b, [&](const V& t) { return V(t / b.value); },
        [&](const V& t) { return V(-(t * quotient) / b.value); });
}

template <class V, std::uint32_t S>
dual<V, S> operator-(const dual<V, S>& a) {
    dual<V, S> r{V(-a.value), {}};
    for (std::size_t k = 0; k < dual<V, S>::size; ++k) r.partial[k] = -a.partial[k];
    return r;
}

// ---- comparisons: they compare values and give V's mask ------------------------

#define MOCKBN_DUAL_COMPARISON(op)                                   \
    template <class L, class R>                                      \
        requires dual_pair<L, R>                                     \
    auto operator op(const L& l, const R& r) {                       \
        using V = typename detail::common_dual_value<L, R>::type;    \
        return detail::lift<V>(l).value op detail::lift<V>(r).value; \
    }
MOCKBN_DUAL_COMPARISON(<)
MOCKBN_DUAL_COMPARISON(<=)
MOCKBN_DUAL_COMPARISON(>)
MOCKBN_DUAL_COMPARISON(>=)
MOCKBN_DUAL_COMPARISON(==)
MOCKBN_DUAL_COMPARISON(!=)
#undef MOCKBN_DUAL_COMPARISON

// ---- select: the branch not taken contributes nothing ---------------------------

template <class M, class L, class R>
    requires dual_pair<L, R>
auto select(const M& mask, const L& l, const R& r) {
    using V = typename detail::common_dual_value<L, R>::type;
    const auto& a = detail::lift<V>(l);
    const auto& b = detail::lift<V>(r);
    constexpr std::uint32_t A = std::remove_cvref_t<decltype(a)>::slots;
    constexpr std::uint32_t B = std::remove_cvref_t<decltype(b)>::slots;
    return dual<V, A | B>{
        detail::v_select<V>(mask, a.value, b.value), detail::partials_for<V, A | B>([&](auto slot) -> V {
            constexpr unsigned s = decltype(slot)::value;
            return detail::v_select<V>(mask, detail::partial_or_zero<s>(a), detail::partial_or_zero<s>(b));
        })};
}

// ---- elementary functions ----------------------------------------------------------

template <class V, std::uint32_t S>
dual<V, S> exp(const dual<V, S>& a) {
    const V e = detail::v_exp(a.value);
    return detail::chain(e, e, a);
}

// e^x − 1, without the cancellation of exp(x) − 1 near x = 0.
template <class V, std::uint32_t S>
dual<V, S> expm1(const dual<V, S>& a) {
    return detail::chain(detail::v_expm1(a.value), detail::v_exp(a.value), a);
}

template <class V, std::uint32_t S>
dual<V, S> log(const dual<V, S>& a) {
    return detail::chain(detail::v_log(a.value), V(detail::constant<V>(1) / a.value), a);
}

template <class V, std::uint32_t S>
dual<V, S> log1p(const dual<V, S>& a) {
    const V one = detail::constant<V>(1);
    return detail::chain(detail::v_log1p(a.value), V(one / (one + a.value)), a);
}

template <class V, std::uint32_t S>
dual<V, S> sqrt(const dual<V, S>& a) {
    const V root = detail::v_sqrt(a.value);
    return detail::chain(root, V(detail::constant<V>(0.5) / root), a);
}

template <class V, std::uint32_t S>
dual<V, S> tanh(const dual<V, S>& a) {
    const V t = detail::v_tanh(a.value);
    return detail::chain(t, V(detail::constant<V>(1) - t * t), a);
}

// The logistic function 1 / (1 + e^-x).
template <class V, std::uint32_t S>
dual<V, S> logistic(const dual<V, S>& a) {
    const V one = detail::constant<V>(1);
    const V s = one / (one + detail::v_exp(V(-a.value)));
    return detail::chain(s, V(s * (one - s)), a);
}

template <class V, std::uint32_t S>
dual<V, S> abs(const dual<V, S>& a) {
    return detail::chain(detail::v_abs(a.value), detail::v_sign(a.value), a);
}

// -1, 0 or +1 (NaN stays NaN); piecewise constant, so it carries no partials.
template <class V, std::uint32_t S>
dual<V, 0> sign(const dual<V, S>& a) {
    return {detail::v_sign(a.value), {}};
}

template <class L, class R>
    requires dual_pair<L, R>
auto max(const L& l, const R& r) { return select(l > r, l, r); }

template <class L, class R>
    requires dual_pair<L, R>
auto min(const L& l, const R& r) { return select(l < r, l, r); }

// The odd extensions of log(1 + u) and sqrt(u + 1/4) − 1/2 from u ≥ 0:
// sign(u)·log(1 + |u|) and sign(u)·(sqrt(|u| + 1/4) − 1/2), the shapes of the
// original study's mock transformations. The function is evaluated once, on |u|; the
// slope is the even 1/(1 + |u|) and 1/(2 sqrt(|u| + 1/4)), which is the
// one-sided slope at 0 (1 for both), not abs's 0. Forced inline: GCC would
// otherwise call them out of line from the fused loops, and a call there
// keeps the loop from hoisting what depends on per-feature operands alone.
template <class V, std::uint32_t S>
[[gnu::always_inline]] inline dual<V, S> signed_log1p(const dual<V, S>& a) {
    const V one = detail::constant<V>(1);
    const V magnitude = detail::v_abs(a.value);
    const V value = detail::v_log1p(magnitude);
    return detail::chain(detail::v_select<V>(a.value < detail::constant<V>(0), V(-value), value),
                         V(one / (one + magnitude)), a);
}

template <class V, std::uint32_t S>
[[gnu::always_inline]] inline dual<V, S> signed_sqrt(const dual<V, S>& a) {
    // sqrt(|x| + 1/4) − 1/2 written as |x| / (sqrt(|x| + 1/4) + 1/2): the
    // difference would cancel for small |x| (exactly 0 in float below 3e-8).
    const V magnitude = detail::v_abs(a.value);
    const V root = detail::v_sqrt(V(magnitude + detail::constant<V>(0.25)));
    const V value = magnitude / V(root + detail::constant<V>(0.5));
    return detail::chain(detail::v_select<V>(a.value < detail::constant<V>(0), V(-value), value),
                         V(detail::constant<V>(0.5) / root), a);
}

// max(x, 0), with slope 0 at 0.
template <class V, std::uint32_t S>
dual<V, S> relu(const dual<V, S>& a) {
    return select(a > 0, a, 0);
}

}  // namespace mockbn::ad
