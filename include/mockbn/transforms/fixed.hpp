// mockbn/transforms/fixed.hpp
//
// The fixed ("mock") transformations of the original study, exactly as
// docs/transformations.md gives them, and the two odd-symmetric shapes they are built on.
// None has learnable parameters.
//
//   sqrt_fixed    f(x) = sign(x)·(sqrt(|x| + 1/4) − 1/2)
//   log_fixed     g(x) = sign(x)·log(1 + |x|)
//   sigmoid_log   h(x) = 2·σ(x) − 1 + g(x)/2
//   affine_fixed  (x − μ)/s with constants μ = 1, s = 3 (affine_fixed_with<μ, s> for others)
//   mystery       the original study's four-piece transformation, slope 0 at 0
//
// f and g are the core's signed_sqrt and signed_log1p (autodiff/dual.hpp):
// each evaluates its function once, on |x|, with the one-sided slope at 0
// (f'(0) = g'(0) = 1), where sign(x)·k(|x|) written out would take abs's
// slope, 0, at 0. mystery's pieces are chosen with select, whose slope at a
// break point comes from the branch that holds there.
#pragma once

#include <string_view>

#include "mockbn/core/dual.hpp"

namespace mockbn {

struct sqrt_fixed {
    static constexpr std::string_view name = "sqrt_fixed";
    static auto apply(const auto& x) { return signed_sqrt(x); }
};

struct log_fixed {
    static constexpr std::string_view name = "log_fixed";
    static auto apply(const auto& x) { return signed_log1p(x); }
};

struct sigmoid_log {
    static constexpr std::string_view name = "sigmoid_log";
    static auto apply(const auto& x) { return 2.0 * logistic(x) - 1.0 + 0.5 * signed_log1p(x); }
};

template <double Mean, double Scale>
struct affine_fixed_with {
    static_assert(Scale != 0.0, "mockbn::affine_fixed_with: the scale must not be zero");
    static constexpr std::string_view name = "affine_fixed";
    static constexpr double mean = Mean;
    static constexpr double scale = Scale;
    static auto apply(const auto& x) { return (x - Mean) / Scale; }
};

// The original study's sample constants.
using affine_fixed = affine_fixed_with<1.0, 3.0>;

// x > 2: (−1 + sqrt(1 + 4(x − 2)))/2 + 1;  0 ≤ x ≤ 2: x²/4;  −2 < x < 0: −x²/4;
// x ≤ −2: (1 − sqrt(1 + 4(−x − 2)))/2 − 1. Value and slope are continuous at ±2.
struct mystery {
    static constexpr std::string_view name = "mystery";
    static auto apply(const auto& x) {
        return select(x > 2.0, (-1.0 + sqrt(1.0 + 4.0 * (x - 2.0))) / 2.0 + 1.0,
                      select(x >= 0.0, x * x / 4.0,
                             select(x > -2.0, -(x * x) / 4.0, (1.0 - sqrt(1.0 + 4.0 * (-x - 2.0))) / 2.0 - 1.0)));
    }
};

}  // namespace mockbn
