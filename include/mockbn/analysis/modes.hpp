// mockbn/analysis/modes.hpp
//
// The main modes of a distribution, found on its smoothed histogram.
//
// Contract: main_modes(h, smoothing, count) smooths the histogram's density
// (count / (total · bin width)) with a Gaussian kernel of `smoothing` bins
// (by default, rule_of_thumb_smoothing(h): chosen from the bin width and
// the number of values, not a fixed count of bins),
// finds its local maxima, keeps those whose prominence (height above the
// higher of the two lowest points separating it from higher ground) is at
// least `min_prominence` of the highest peak, and returns up to `count` of
// them, highest first, each with its location (the bin centre; a plateau's
// middle) and height (smoothed density). A flat or empty histogram has no
// modes. A negative smoothing is the rule of thumb's.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "mockbn/analysis/histogram.hpp"

namespace mockbn::analysis {

struct mode {
    double location = 0;
    double height = 0;
};

inline std::vector<double> smoothed_density(const histogram& h, double smoothing) {
    const std::size_t n = h.bins();
    const double total = h.total();
    std::vector<double> density(n, 0.0);
    if (total == 0) return density;
    const auto reach = static_cast<std::ptrdiff_t>(std::ceil(3 * smoothing));
    std::vector<double> kernel;  // the weight at each offset −reach … reach, computed once
    for (std::ptrdiff_t d = -reach; d <= reach; ++d)
        kernel.push_back(smoothing > 0 ? std::exp(-0.5 * (d * d) / (smoothing * smoothing)) : (d == 0));
    for (std::size_t i = 0; i < n; ++i) {
        double value = 0, weights = 0;
        for (std::ptrdiff_t d = -reach; d <= reach; ++d) {
            const std::ptrdiff_t j = static_cast<std::ptrdiff_t>(i) + d;
            if (j < 0 || j >= static_cast<std::ptrdiff_t>(n)) continue;
            const double w = kernel[static_cast<std::size_t>(d + reach)];
            value += w * h.counts[static_cast<std::size_t>(j)];
            weights += w;
        }
        density[i] = value / weights / (total * h.width());
    }
    return density;
}

// Silverman's rule of thumb for a Gaussian kernel's width, 0.9 · min(σ, IQR / 1.34) · n^(−1/5) (Silverman 1986,
// eq. 3.31), in bins of h: σ, the quartiles and n read from the histogram's counts (values outside its range
// left out; the quartiles interpolated within their bins). Fine bins or few values smooth over more bins, coarse
// bins or many values over fewer. 0 for a histogram with fewer than two values or no spread.
inline double rule_of_thumb_smoothing(const histogram& h) {
    double n = 0, sum = 0, squares = 0;
    for (std::size_t i = 0; i < h.bins(); ++i) {
        n += h.counts[i];
        sum += h.counts[i] * h.center(i);
    }
    if (n < 2) return 0;
    const double mean = sum / n;
    for (std::size_t i = 0; i < h.bins(); ++i) squares += h.counts[i] * (h.center(i) - mean) * (h.center(i) - mean);
    const double sigma = std::sqrt(squares / (n - 1));
    const auto quantile = [&](double q) {
        double below = 0;
        for (std::size_t i = 0; i < h.bins(); ++i) {
            if (below + h.counts[i] >= q * n && h.counts[i] > 0)
                return h.low + (static_cast<double>(i) + (q * n - below) / h.counts[i]) * h.width();
            below += h.counts[i];
        }
        return h.high;
    };
    const double iqr = quantile(0.75) - quantile(0.25);
    const double spread = iqr > 0 ? std::min(sigma, iqr / 1.34) : sigma;
    return 0.9 * spread * std::pow(n, -0.2) / h.width();
}

// main_modes' default: the rule of thumb (any negative smoothing asks for it).
inline constexpr double rule_of_thumb = -1;

inline std::vector<mode> main_modes(const histogram& h, double smoothing = rule_of_thumb, std::size_t count = 2,
                                    double min_prominence = 0.05) {
    const auto density = smoothed_density(h, smoothing < 0 ? rule_of_thumb_smoothing(h) : smoothing);
    const std::size_t n = density.size();
    const double highest = n ? *std::max_element(density.begin(), density.end()) : 0.0;
    std::vector<mode> modes;
    if (highest <= 0) return modes;
    for (std::size_t i = 0; i < n; ++i) {
        const double v = density[i];
        // A plateau counts once, at its first bin.
        const bool rises = i == 0 || density[i - 1] < v;
        std::size_t j = i;
        while (j + 1 < n && density[j + 1] == v) ++j;
        const bool falls = j + 1 == n || density[j + 1] < v;
        if (!rises || !falls) continue;
        // Prominence: walk each way to higher ground, keeping the lowest point passed.
        double left_low = v, right_low = v;
        bool left_higher = false, right_higher = false;
        for (std::size_t k = i; k-- > 0;) {
            if (density[k] > v) {
                left_higher = true;
                break;
            }
            left_low = std::min(left_low, density[k]);
        }
        for (std::size_t k = j + 1; k < n; ++k) {
            if (density[k] > v) {
                right_higher = true;
                break;
            }
            right_low = std::min(right_low, density[k]);
        }
        const double base = left_higher && right_higher ? std::max(left_low, right_low)
                            : left_higher               ? left_low
                            : right_higher              ? right_low
                                                        : std::min(left_low, right_low);
        const double prominence = v - base;
        if (prominence >= min_prominence * highest || v == highest)
            modes.push_back({h.center(i) + (h.center(j) - h.center(i)) / 2, v});
    }
    std::sort(modes.begin(), modes.end(), [](const mode& a, const mode& b) { return a.height > b.height; });
    if (modes.size() > count) modes.resize(count);
    return modes;
}

}  // namespace mockbn::analysis
