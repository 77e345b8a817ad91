// mockbn/concepts/formula_probe.hpp
//
// formula_probe: a stand-in for the library's dual numbers (core/dual.hpp),
// on which a transformation's formula is tried first. A formula returns
// auto, so calling it on dual numbers, even in a requires-expression,
// compiles its body, and an error there (std::exp of a dual number) is a
// hard error, not a false requirement. On probes the same body compiles, and
// the type it returns says whether it computed on plain numbers.
//
// Contract:
//  - Probes take every operation the dual numbers take: + − · / with each
//    other and with arithmetic constants, negation, comparisons (giving
//    bool), select, exp, expm1, log, log1p, sqrt, tanh, logistic, abs, sign,
//    max, min, signed_log1p, signed_sqrt and relu, called unqualified or as
//    mockbn::ad::. Each gives a probe. A function added to the dual numbers
//    is added here too (tests/compile_fail/accepted_formulas.cpp uses each).
//  - A probe converts to long double: that is how a function the dual
//    numbers do not have (std::exp, std::abs, ...) takes one, and its long
//    double marks as plain (formula_probe<true>) every probe computed from it.
//  - So a formula that, called on unmarked probes, returns anything but
//    formula_probe<false> computes on plain numbers somewhere. The converse
//    does not hold: a plain value that passes through a double on its way
//    (a double variable, C's ::exp) is not seen.
//  - Declarations only: probes are named in unevaluated operands, never run.
#pragma once

#include <concepts>
#include <type_traits>

namespace mockbn::ad {

template <bool Plain>
struct formula_probe {
    operator long double() const;  // how std::exp, std::abs, ... take a probe
};

namespace detail {

template <class X>
inline constexpr bool is_probe_v = false;
template <bool Plain>
inline constexpr bool is_probe_v<formula_probe<Plain>> = true;

// Whether X carries a plain number: the long double of a std:: function, or a probe computed from one.
template <class X>
inline constexpr bool carries_plain_v = std::same_as<X, long double>;
template <bool Plain>
inline constexpr bool carries_plain_v<formula_probe<Plain>> = Plain;

// What a dual's operation takes beside a dual: an arithmetic constant.
template <class X>
inline constexpr bool probe_or_constant_v = is_probe_v<X> || std::is_arithmetic_v<X>;

template <class... X>
concept probe_operands = (is_probe_v<X> || ...) && (probe_or_constant_v<X> && ...);

template <class... X>
using probe_result = formula_probe<(carries_plain_v<X> || ...)>;

}  // namespace detail

// ---- the dual numbers' operations, on probes ----------------------------------

#define MOCKBN_PROBE_BINARY(name)             \
    template <class L, class R>               \
        requires detail::probe_operands<L, R> \
    auto name(const L&, const R&)->detail::probe_result<L, R>;
MOCKBN_PROBE_BINARY(operator+)
MOCKBN_PROBE_BINARY(operator-)
MOCKBN_PROBE_BINARY(operator*)
MOCKBN_PROBE_BINARY(operator/)
MOCKBN_PROBE_BINARY(max)
MOCKBN_PROBE_BINARY(min)
#undef MOCKBN_PROBE_BINARY

#define MOCKBN_PROBE_COMPARISON(op)           \
    template <class L, class R>               \
        requires detail::probe_operands<L, R> \
    bool operator op(const L&, const R&);
MOCKBN_PROBE_COMPARISON(<)
MOCKBN_PROBE_COMPARISON(<=)
MOCKBN_PROBE_COMPARISON(>)
MOCKBN_PROBE_COMPARISON(>=)
MOCKBN_PROBE_COMPARISON(==)
MOCKBN_PROBE_COMPARISON(!=)
#undef MOCKBN_PROBE_COMPARISON

template <bool Plain>
formula_probe<Plain> operator-(const formula_probe<Plain>&);

#define MOCKBN_PROBE_FUNCTION(name) \
    template <bool Plain>           \
    formula_probe<Plain> name(const formula_probe<Plain>&);
MOCKBN_PROBE_FUNCTION(exp)
MOCKBN_PROBE_FUNCTION(expm1)
MOCKBN_PROBE_FUNCTION(log)
MOCKBN_PROBE_FUNCTION(log1p)
MOCKBN_PROBE_FUNCTION(sqrt)
MOCKBN_PROBE_FUNCTION(tanh)
MOCKBN_PROBE_FUNCTION(logistic)
MOCKBN_PROBE_FUNCTION(abs)
MOCKBN_PROBE_FUNCTION(sign)
MOCKBN_PROBE_FUNCTION(signed_log1p)
MOCKBN_PROBE_FUNCTION(signed_sqrt)
MOCKBN_PROBE_FUNCTION(relu)
#undef MOCKBN_PROBE_FUNCTION

template <class M, class L, class R>
    requires detail::probe_operands<L, R>
auto select(const M&, const L&, const R&) -> detail::probe_result<L, R>;

}  // namespace mockbn::ad
