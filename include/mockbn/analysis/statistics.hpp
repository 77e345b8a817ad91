// mockbn/analysis/statistics.hpp
//
// Summary statistics of a sample: percentiles, moments, the fraction below
// zero and Sarle's bimodality coefficient.
//
// Contract:
//  - percentiles(values, ps) interpolates linearly between order statistics
//    (numpy's default): the p-th percentile sits at rank p/100 · (n − 1).
//    p = 0 and 100 are the minimum and maximum. It selects the order
//    statistics it needs from a copy rather than sorting it; a NaN among the
//    values makes every percentile NaN.
//  - describe(values): the mean, the standard deviation (divided by n), the
//    sample skewness g = m3 / m2^1.5 and excess kurtosis k = m4 / m2² − 3
//    (central moments m_k divided by n), the fraction of values below zero,
//    and Sarle's coefficient b = (g² + 1) / (k + 3 (n − 1)² / ((n − 2)(n − 3))).
//    b is 1/3 for a normal distribution, 5/9 for a uniform one, and larger
//    for bimodal ones; it needs n ≥ 4 (NaN otherwise).
//  - Non-finite values make the results NaN; nothing throws for them.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

namespace mockbn::analysis {

// The percentiles TensorBoard draws as bands.
inline constexpr double band_percentiles[] = {0, 7, 16, 31, 50, 69, 84, 93, 100};

template <class T>
std::vector<double> percentiles(std::span<const T> values, std::span<const double> ps) {
    std::vector<double> sorted(values.begin(), values.end());
    std::vector<double> out(ps.size(), std::numeric_limits<double>::quiet_NaN());
    if (sorted.empty() || std::any_of(sorted.begin(), sorted.end(), [](double v) { return std::isnan(v); })) return out;
    // Each percentile needs two order statistics: select them, in ascending order of rank, each search within
    // what lies above the last one placed, instead of sorting every value.
    std::vector<std::size_t> order(ps.size());
    for (std::size_t i = 0; i < ps.size(); ++i) order[i] = i;
    const auto clamped = [&](std::size_t i) { return std::clamp(ps[i], 0.0, 100.0); };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {  // no buffer, unlike a stable sort
        return clamped(a) < clamped(b) || (clamped(a) == clamped(b) && a < b);
    });
    const double last = static_cast<double>(sorted.size() - 1);
    std::size_t placed = 0;  // every position below it holds its order statistic
    const auto place = [&](std::size_t k) {
        if (k < placed) return;
        std::nth_element(sorted.begin() + static_cast<std::ptrdiff_t>(placed),
                         sorted.begin() + static_cast<std::ptrdiff_t>(k), sorted.end());
        placed = k + 1;
    };
    for (const std::size_t i : order) {
        const double rank = clamped(i) / 100.0 * last;
        const auto below = static_cast<std::size_t>(std::floor(rank));
        const std::size_t above = std::min(below + 1, sorted.size() - 1);
        place(below);
        place(above);
        const double fraction = rank - static_cast<double>(below);
        out[i] = sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
    return out;
}

struct description {
    std::size_t count = 0;
    double mean = 0, deviation = 0, skewness = 0, excess_kurtosis = 0;
    double fraction_below_zero = 0;
    double bimodality = 0;  // Sarle's coefficient
};

template <class T>
description describe(std::span<const T> values) {
    description d;
    d.count = values.size();
    const double n = static_cast<double>(d.count);
    if (d.count == 0) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        return {0, nan, nan, nan, nan, nan, nan};
    }
    double sum = 0, below = 0;
    for (T v : values) {
        sum += static_cast<double>(v);
        below += static_cast<double>(v) < 0;
    }
    d.mean = sum / n;
    d.fraction_below_zero = below / n;
    double m2 = 0, m3 = 0, m4 = 0;
    for (T v : values) {
        const double e = static_cast<double>(v) - d.mean, e2 = e * e;
        m2 += e2;
        m3 += e2 * e;
        m4 += e2 * e2;
    }
    m2 /= n, m3 /= n, m4 /= n;
    d.deviation = std::sqrt(m2);
    d.skewness = m3 / std::pow(m2, 1.5);
    d.excess_kurtosis = m4 / (m2 * m2) - 3;
    d.bimodality =
        d.count < 4 ? std::numeric_limits<double>::quiet_NaN()
                    : (d.skewness * d.skewness + 1) / (d.excess_kurtosis + 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3)));
    return d;
}

}  // namespace mockbn::analysis
