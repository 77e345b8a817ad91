// mockbn/analysis/inference.hpp
//
// What a claim judged from a few runs needs: intervals for a mean and for a
// paired difference, the percentile bootstrap of any statistic, two one-sided
// tests of equivalence, and the number of pairs a paired test needs.
//
// Contract:
//  - normal_quantile(p) and student_t_quantile(p, df) invert the standard
//    normal and Student's t distribution functions for p in (0, 1), df > 0,
//    to within 1e-12 (bisection on the distribution function; the t
//    function through the regularized incomplete beta function). Outside
//    that domain they return NaN.
//  - mean_interval(x, level): the sample mean with Student's t interval at
//    `level` (two-sided); low and high are NaN below two values, and equal
//    the mean when every value is the same. paired_difference(a, b, level)
//    is mean_interval of a[i] − b[i] (the spans must be equally long;
//    std::invalid_argument otherwise).
//  - bootstrap(n, statistic, level, resamples, seed): statistic(indices) on
//    0 … n−1 as the estimate, and the percentile interval of its values on
//    `resamples` resamples of n indices drawn with replacement from the
//    library's generator (core/random.hpp) seeded by `seed`: the same call
//    gives the same interval on every machine. Non-finite values of the
//    statistic are left out of the percentiles; none left gives NaN bounds.
//  - equivalent(x, margin, alpha): two one-sided tests at level alpha of
//    |mean| < margin, decided by whether the (1 − 2·alpha) t interval of the
//    mean lies inside (−margin, margin): equivalent, not_equivalent (the
//    interval lies wholly outside) or undecided.
//  - pairs_for_power(spread, effect, alpha, power): how many pairs a
//    two-sided paired t test at level alpha needs to detect a true mean
//    difference `effect` with probability `power`, when the differences
//    spread by `spread` (their standard deviation): the normal
//    approximation with Guenther's correction, n = (z₁₋α/₂ + z_power)²
//    (spread / effect)² + z₁₋α/₂² / 2, rounded up, at least 2 (it agrees
//    with the exact noncentral-t answer to within one pair from n = 5 on).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <span>
#include <stdexcept>
#include <vector>

#include "mockbn/analysis/statistics.hpp"
#include "mockbn/core/random.hpp"

namespace mockbn::analysis {

struct interval {
    double estimate = std::numeric_limits<double>::quiet_NaN();
    double low = std::numeric_limits<double>::quiet_NaN();
    double high = std::numeric_limits<double>::quiet_NaN();
    bool contains(double v) const { return low <= v && v <= high; }
};

namespace detail {

// The continued fraction of the regularized incomplete beta function (modified Lentz), for x < (a + 1)/(a + b + 2).
inline double beta_fraction(double a, double b, double x) {
    constexpr double tiny = 1e-300;
    double c = 1, d = 1 - (a + b) * x / (a + 1);
    d = 1 / (std::fabs(d) < tiny ? tiny : d);
    double f = d;
    for (int m = 1; m <= 1000; ++m) {
        for (const bool even : {true, false}) {
            const double num = even ? m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
                                    : -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 + num * d;
            d = 1 / (std::fabs(d) < tiny ? tiny : d);
            c = 1 + num / c;
            if (std::fabs(c) < tiny) c = tiny;
            f *= c * d;
            if (!even && std::fabs(c * d - 1) < 1e-16) return f;
        }
    }
    return f;
}

// I_x(a, b).
inline double incomplete_beta(double a, double b, double x) {
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    const double front =
        std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x));
    if (x < (a + 1) / (a + b + 2)) return front * beta_fraction(a, b, x) / a;
    return 1 - front * beta_fraction(b, a, 1 - x) / b;
}

// The x in [low, high] where an increasing cdf reaches p, by bisection to the last bit.
template <class Cdf>
double invert(Cdf cdf, double p, double low, double high) {
    for (int i = 0; i < 200 && high - low > 1e-13 * std::max(1.0, std::fabs(low)); ++i) {
        const double mid = low + (high - low) / 2;
        (cdf(mid) < p ? low : high) = mid;
    }
    return low + (high - low) / 2;
}

}  // namespace detail

inline double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

inline double student_t_cdf(double t, double df) {
    const double tail = 0.5 * detail::incomplete_beta(df / 2, 0.5, df / (df + t * t));
    return t >= 0 ? 1 - tail : tail;
}

inline double normal_quantile(double p) {
    if (!(p > 0 && p < 1)) return std::numeric_limits<double>::quiet_NaN();
    return detail::invert(normal_cdf, p, -40, 40);
}

inline double student_t_quantile(double p, double df) {
    if (!(p > 0 && p < 1) || !(df > 0)) return std::numeric_limits<double>::quiet_NaN();
    // Wide enough for df ≥ 0.1 at p within 1e-12 of 0 or 1.
    return detail::invert([df](double t) { return student_t_cdf(t, df); }, p, -1e15, 1e15);
}

inline interval mean_interval(std::span<const double> x, double level) {
    interval r;
    if (x.empty()) return r;
    const double n = static_cast<double>(x.size());
    r.estimate = std::accumulate(x.begin(), x.end(), 0.0) / n;
    if (x.size() < 2) return r;
    double squares = 0;
    for (double v : x) squares += (v - r.estimate) * (v - r.estimate);
    const double half = student_t_quantile(0.5 + level / 2, n - 1) * std::sqrt(squares / (n - 1) / n);
    r.low = r.estimate - half;
    r.high = r.estimate + half;
    return r;
}

inline interval paired_difference(std::span<const double> a, std::span<const double> b, double level) {
    if (a.size() != b.size())
        throw std::invalid_argument("mockbn::analysis::paired_difference: the two samples differ in length");
    std::vector<double> d(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
    return mean_interval(d, level);
}

template <class Statistic>
interval bootstrap(std::size_t n, Statistic&& statistic, double level, std::size_t resamples, std::uint64_t seed) {
    std::vector<std::size_t> indices(n);
    std::iota(indices.begin(), indices.end(), std::size_t{0});
    interval r;
    r.estimate = statistic(std::span<const std::size_t>(indices));
    if (n == 0) return r;
    random::generator g(seed);
    std::vector<double> values;
    values.reserve(resamples);
    for (std::size_t k = 0; k < resamples; ++k) {
        for (auto& i : indices) i = static_cast<std::size_t>(g.below(n));
        if (const double v = statistic(std::span<const std::size_t>(indices)); std::isfinite(v)) values.push_back(v);
    }
    const double tails[] = {50 * (1 - level), 50 * (1 + level)};
    const auto bounds = percentiles(std::span<const double>(values), std::span<const double>(tails));
    r.low = bounds[0];
    r.high = bounds[1];
    return r;
}

enum class equivalence { equivalent, not_equivalent, undecided };

inline equivalence equivalent(std::span<const double> x, double margin, double alpha) {
    const auto ci = mean_interval(x, 1 - 2 * alpha);
    if (!(std::isfinite(ci.low) && std::isfinite(ci.high))) return equivalence::undecided;
    if (-margin < ci.low && ci.high < margin) return equivalence::equivalent;
    if (ci.high <= -margin || ci.low >= margin) return equivalence::not_equivalent;
    return equivalence::undecided;
}

inline std::size_t pairs_for_power(double spread, double effect, double alpha, double power) {
    const double za = normal_quantile(1 - alpha / 2), zb = normal_quantile(power);
    const double ratio = spread / effect;
    const double n = (za + zb) * (za + zb) * ratio * ratio + za * za / 2;
    if (!std::isfinite(n))
        throw std::invalid_argument("mockbn::analysis::pairs_for_power: needs spread ≥ 0, effect > 0");
    return std::max<std::size_t>(2, static_cast<std::size_t>(std::ceil(n)));
}

}  // namespace mockbn::analysis
