// mockbn/transforms/fixed.hpp
//
// The fixed ("mock") transformations of the seed, exactly as transforms.md
// (section 2) gives them, and the two odd-symmetric shapes they are built on.
// None has learnable parameters.
//
//   sqrt_fixed    f(x) = sign(x)·(sqrt(|x| + 1/4) − 1/2)
//   log_fixed     g(x) = sign(x)·log(1 + |x|)
//   sigmoid_log   h(x) = 2·σ(x) − 1 + g(x)/2
//   affine_fixed  (x − μ)/s with constants μ = 1, s = 3 (affine_fixed_with<μ, s> for others)
//   mystery       the seed's four-piece transformation, slope 0 at 0
//
// Each piecewise definition is written with select on the sign of its
// argument, never as sign(x)·k(|x|): the slope at a break point then comes
// from the branch that holds there (f'(0) = g'(0) = 1), where |x|'s
// derivative, 0 at 0, would wrongly give 0.
#pragma once

#include <string_view>

namespace mockbn {

// sign(u)·(sqrt(|u| + 1/4) − 1/2): slope 1 at 0, flattening as 1/(2 sqrt|u|).
auto signed_sqrt(const auto& u) { return select(u >= 0, sqrt(u + 0.25) - 0.5, 0.5 - sqrt(0.25 - u)); }

// sign(u)·log(1 + |u|): slope 1 at 0, flattening as 1/|u|.
auto signed_log1p(const auto& u) { return select(u >= 0, log1p(u), -log1p(-u)); }

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

// The seed's sample constants.
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
