// mockbn/transforms/learnable.hpp
//
// The learnable mocks, as docs/transformations.md defines them. With
// u = x − b:
//
//   log_shift   y = a · sign(u)·log(1 + e^c·|u|)        a = 1, b = 0, c = 0 → log_fixed
//   sqrt_shift  y = e^a · sign(u)·(sqrt(|u| + 1/4) − 1/2)   a = 0, b = 0 → sqrt_fixed
//
// The exponential mask e^c (log_shift) keeps the steepness positive whatever
// value the optimizer gives c; sqrt_shift exponentiates its scale too. Only
// the formulas are written here: every gradient is derived from them.
// log_shift_unmasked uses c itself as the steepness, for the original study's example of
// a negative c going wrong; it is not one of the study's variants.
#pragma once

#include <string_view>
#include <tuple>

#include "mockbn/concepts/transformation.hpp"
#include "mockbn/transforms/fixed.hpp"

namespace mockbn {

struct log_shift {
    static constexpr std::string_view name = "log_shift";
    static constexpr parameter params[] = {{"a", 1.0}, {"b", 0.0}, {"c", 0.0}};
    static auto apply(const auto& x, const auto& a, const auto& b, const auto& c) { return shape(x, a, b, exp(c)); }
    // Split at the steepness, which depends on c alone (concepts/transformation.hpp).
    static auto prepare(const auto& a, const auto& b, const auto& c) { return std::tuple{a, b, exp(c)}; }
    static auto shape(const auto& x, const auto& a, const auto& b, const auto& steepness) {
        return a * signed_log1p(steepness * (x - b));
    }
};

struct sqrt_shift {
    static constexpr std::string_view name = "sqrt_shift";
    static constexpr parameter params[] = {{"a", 0.0}, {"b", 0.0}};
    static auto apply(const auto& x, const auto& a, const auto& b) { return shape(x, exp(a), b); }
    // Split at the scale, which depends on a alone.
    static auto prepare(const auto& a, const auto& b) { return std::tuple{exp(a), b}; }
    static auto shape(const auto& x, const auto& scale, const auto& b) { return scale * signed_sqrt(x - b); }
};

struct log_shift_unmasked {
    static constexpr std::string_view name = "log_shift_unmasked";
    static constexpr parameter params[] = {{"a", 1.0}, {"b", 0.0}, {"c", 1.0}};
    static auto apply(const auto& x, const auto& a, const auto& b, const auto& c) {
        return a * signed_log1p(c * (x - b));
    }
};

}  // namespace mockbn
