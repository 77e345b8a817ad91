// mockbn/analysis/statistics.hpp
//
// Summary statistics of a sample: percentiles, moments, the fraction below
// zero and Sarle's bimodality coefficient.
//
// Contract:
//  - percentiles(values, ps) interpolates linearly between order statistics
//    (numpy's default): the p-th percentile sits at rank p/100 · (n − 1).
//    p = 0 and 100 are the minimum and maximum, ±∞ among them. It finds the
//    order statistics it needs in two passes over the values, without
//    sorting or copying them; a NaN among the values makes every percentile
//    NaN.
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

namespace detail {

// The order statistics at `ranks` (each below n) of finite values lying in
// [lowest, highest], after `minus` values of −∞ and before `plus` of +∞. The finite values are counted into
// equal-width buckets (a value's bucket never decreases as the value grows), which names the bucket holding each
// rank; only those buckets' values are gathered, and each rank is selected among its bucket's few: two passes over
// the values, no copy of them, and no selection over them all.
template <class T>
std::vector<double> order_statistics(std::span<const T> values, double lowest, double highest, std::size_t minus,
                                     std::size_t plus, std::span<const std::size_t> ranks) {
    constexpr std::size_t buckets = 4096;
    double scale = static_cast<double>(buckets) / (highest - lowest);
    if (!std::isfinite(scale)) scale = 0;  // one value, or a range too narrow or too wide to divide: one bucket
    const auto bucket = [&](double x) { return std::min(static_cast<std::size_t>((x - lowest) * scale), buckets - 1); };
    std::vector<std::size_t> before(buckets + 1, 0);  // before[b]: finite values in the buckets below b
    for (const T v : values)
        if (std::isfinite(v)) ++before[bucket(v) + 1];
    for (std::size_t b = 0; b < buckets; ++b) before[b + 1] += before[b];
    const std::size_t finite = values.size() - minus - plus;
    std::vector<std::size_t> home(ranks.size());  // each finite rank's bucket
    std::vector<std::ptrdiff_t> slot(buckets, -1);
    std::vector<std::vector<double>> members;
    for (std::size_t i = 0; i < ranks.size(); ++i) {
        if (ranks[i] < minus || ranks[i] >= minus + finite) continue;
        const auto b = static_cast<std::size_t>(std::upper_bound(before.begin(), before.end(), ranks[i] - minus) -
                                                before.begin() - 1);
        home[i] = b;
        if (slot[b] >= 0) continue;
        slot[b] = static_cast<std::ptrdiff_t>(members.size());
        members.emplace_back().reserve(before[b + 1] - before[b]);
    }
    for (const T v : values)
        if (std::isfinite(v))
            if (const auto s = slot[bucket(v)]; s >= 0) members[static_cast<std::size_t>(s)].push_back(v);
    std::vector<double> out(ranks.size());
    for (std::size_t i = 0; i < ranks.size(); ++i) {
        if (ranks[i] < minus || ranks[i] >= minus + finite) {
            out[i] =
                ranks[i] < minus ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
            continue;
        }
        auto& m = members[static_cast<std::size_t>(slot[home[i]])];
        const auto nth = m.begin() + static_cast<std::ptrdiff_t>(ranks[i] - minus - before[home[i]]);
        std::nth_element(m.begin(), nth, m.end());
        out[i] = *nth;
    }
    return out;
}

}  // namespace detail

template <class T>
std::vector<double> percentiles(std::span<const T> values, std::span<const double> ps) {
    std::vector<double> out(ps.size(), std::numeric_limits<double>::quiet_NaN());
    std::size_t minus = 0, plus = 0;
    double lowest = std::numeric_limits<double>::infinity(), highest = -lowest;
    for (const T v : values) {
        if (std::isnan(v)) return out;
        if (std::isinf(v)) {
            ++(v < 0 ? minus : plus);
        } else {
            lowest = std::min(lowest, static_cast<double>(v));
            highest = std::max(highest, static_cast<double>(v));
        }
    }
    if (values.empty()) return out;
    const double last = static_cast<double>(values.size() - 1);
    const auto rank = [&](std::size_t i) { return std::clamp(ps[i], 0.0, 100.0) / 100.0 * last; };
    std::vector<std::size_t> ranks;  // the two order statistics around each percentile's rank
    for (std::size_t i = 0; i < ps.size(); ++i) {
        const auto below = static_cast<std::size_t>(std::floor(rank(i)));
        ranks.insert(ranks.end(), {below, std::min(below + 1, values.size() - 1)});
    }
    const auto at = detail::order_statistics(values, lowest, highest, minus, plus, ranks);
    for (std::size_t i = 0; i < ps.size(); ++i) {
        const double fraction = rank(i) - std::floor(rank(i));  // at an order statistic, it alone (even if infinite)
        out[i] = fraction == 0 ? at[2 * i] : at[2 * i] + fraction * (at[2 * i + 1] - at[2 * i]);
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
