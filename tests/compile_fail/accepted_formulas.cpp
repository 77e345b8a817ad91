// Must compile: the checks of transform<P> (concepts/transformation.hpp)
// reject no formula that the dual numbers take. These formulas use every
// function and operator of core/dual.hpp, unqualified and qualified, with
// constants of several types.
#include <cmath>
#include <mockbn/mockbn.hpp>

using mockbn::transformation;
using mockbn::transformation_defect;
using mockbn::transformation_defect_of;

struct every_function {
    static constexpr mockbn::parameter params[] = {{"a", 1.0}, {"b", 0.0}};
    static auto apply(const auto& x, const auto& a, const auto& b) {
        const auto u = x - b;
        const auto smooth = exp(a) * tanh(u) + expm1(u) / 2.0 - log1p(abs(u)) + log(1.0 + u * u) * sqrt(2 + u * u);
        const auto shaped = logistic(u) + signed_sqrt(u) + signed_log1p(u) + relu(u) + sign(u) * 0.5f;
        const auto picked = select(u > 0, max(u, a), min(u, 1)) + select(u <= a, -u, 2.0 * u);
        const auto compared = select(u < a, u, x) + select(u >= b, a, b) + select(u == a, u, b) + select(u != b, a, u);
        return mockbn::ad::exp(smooth) + shaped / picked - compared + mockbn::ad::select(x >= 1, x, 1.0);
    }
};
static_assert(transformation_defect_of<every_function> == transformation_defect::none);
static_assert(transformation<every_function>);

// std's functions brought in by a using-declaration: the library's still win.
struct using_std {
    static auto apply(const auto& x) {
        using std::exp;
        return exp(x);
    }
};
static_assert(transformation<using_std>);

// With batch statistics, and apply variadic.
struct scaled_normalization {
    static constexpr mockbn::batch_statistics statistics{.momentum = 0.2};
    static constexpr mockbn::parameter params[] = {{"gamma", 1.0}};
    static auto apply(const auto& x, const auto& mean, const auto& variance, const auto&... gamma) {
        return ((gamma * (x - mean)) * ...) / sqrt(variance + 1e-5);
    }
};
static_assert(transformation<scaled_normalization>);

int main() {}
