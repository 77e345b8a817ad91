// mockbn/research/class_mixture.hpp
//
// The class-selective-feature model of a probed layer: each feature's values,
// split by the probe image's label, taken as a mixture of one normal law per
// class with that class's mean and spread (analysis::label_columns). A
// feature that fires for a few classes and not for the rest is a mixture of
// an "off" group and an "on" group; standardized, as batch normalization
// leaves it, it has two peaks once the groups are far enough apart.
//
// Contract, for a label_columns m with at least one class holding rows:
//  - mixture_histogram(m, low, high, bins): the pooled histogram the model
//    predicts over every feature, on the given bins, in expected counts (the
//    rows of each class times the features; a class's law of zero spread
//    puts all its mass in one bin; mass beyond 8 spreads inside the bins'
//    range, under 1e-15 of a law's, is left out);
//  - split_classes(m, j): feature j's classes cut in two at the gap of their
//    sorted means that maximizes the between-group variance (Otsu's rule);
//    the groups' separation in pooled within-group spreads (within-group
//    variance includes the spread of its classes' means) and the upper
//    group's share of the rows; a feature whose classes all share one mean
//    has separation 0;
//  - critical_separation(share): the separation of two normal laws of equal
//    spread beyond which their mixture, the second weighted `share`, has two
//    modes: 2 at a share of 1/2, more as the share moves away from it;
//    share must lie in (0, 1) (std::invalid_argument otherwise);
//  - crossings(m): per feature, its separation over the critical separation
//    of its share: above 1 the model predicts two peaks.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "mockbn/analysis/by_label.hpp"
#include "mockbn/analysis/histogram.hpp"

namespace mockbn::research {

namespace detail {

inline double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// How far from an even share a mixture of two normal laws of equal spread, `d` spreads apart, can be and still
// have two modes: it has two exactly when |log((1 − share)/share)| is below this (Robertson and Fryer 1969, in
// the form Schilling, Watkins and Watkins 2002 give); 0 at d = 2, increasing beyond.
inline double two_mode_reach(double d) {
    if (d <= 2) return 0;
    const double r = std::sqrt(d * d - 4);
    return 2 * std::log((d - r) / 2) + d * r / 2;
}

}  // namespace detail

inline double critical_separation(double share) {
    if (!(share > 0 && share < 1))
        throw std::invalid_argument("mockbn::research::critical_separation: the share " + std::to_string(share) +
                                    " is not inside (0, 1)");
    const double imbalance = std::abs(std::log((1 - share) / share));
    double low = 2, high = 3;
    while (detail::two_mode_reach(high) <= imbalance) high *= 2;
    for (int i = 0; i < 100 && high - low > 1e-12 * high; ++i) {
        const double middle = 0.5 * (low + high);
        (detail::two_mode_reach(middle) <= imbalance ? low : high) = middle;
    }
    return high;
}

struct class_split {
    double separation = 0;  // the groups' means apart, in pooled within-group spreads
    double share = 0;       // the upper group's share of the rows
};

inline class_split split_classes(const analysis::label_columns& m, std::size_t feature) {
    std::vector<std::size_t> order;
    for (std::size_t c = 0; c < m.classes; ++c)
        if (m.counts[c] > 0) order.push_back(c);
    const auto mean = [&](std::size_t c) { return m.means[c * m.features + feature]; };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return mean(a) < mean(b); });
    const auto group = [&](std::size_t first, std::size_t last) {  // rows, mean, variance of order[first, last)
        double rows = 0, sum = 0, squares = 0;
        for (std::size_t k = first; k < last; ++k) {
            const std::size_t c = order[k];
            const double sd = m.deviations[c * m.features + feature];
            rows += m.counts[c];
            sum += m.counts[c] * mean(c);
            squares += m.counts[c] * (sd * sd + mean(c) * mean(c));
        }
        const double mu = sum / rows;
        return std::array<double, 3>{rows, mu, std::max(0.0, squares / rows - mu * mu)};
    };
    class_split best;
    double best_between = 0;
    for (std::size_t cut = 1; cut < order.size(); ++cut) {
        const auto lower = group(0, cut), upper = group(cut, order.size());
        const double total = lower[0] + upper[0], gap = upper[1] - lower[1];
        const double between = lower[0] * upper[0] / (total * total) * gap * gap;
        if (!(between > best_between)) continue;
        best_between = between;
        const double within = (lower[0] * lower[2] + upper[0] * upper[2]) / total;
        best.separation = within > 0 ? gap / std::sqrt(within) : std::numeric_limits<double>::infinity();
        best.share = upper[0] / total;
    }
    return best;
}

inline std::vector<double> crossings(const analysis::label_columns& m) {
    std::vector<double> out(m.features);
    for (std::size_t j = 0; j < m.features; ++j) {
        const class_split s = split_classes(m, j);
        out[j] = s.separation == 0 ? 0 : s.separation / critical_separation(s.share);
    }
    return out;
}

inline analysis::histogram mixture_histogram(const analysis::label_columns& m, double low, double high,
                                             std::size_t bins) {
    analysis::histogram h{low, high, std::vector<double>(bins, 0.0)};
    const double width = (high - low) / static_cast<double>(bins);
    const auto edge = [&](std::size_t b) { return low + static_cast<double>(b) * width; };
    for (std::size_t c = 0; c < m.classes; ++c) {
        const double rows = m.counts[c];
        if (rows == 0) continue;
        for (std::size_t j = 0; j < m.features; ++j) {
            const double mu = m.means[c * m.features + j], sd = m.deviations[c * m.features + j];
            if (!(sd > 0)) {
                if (mu < low) h.below += rows;
                else if (mu >= high) h.above += rows;
                else h.counts[std::min(bins - 1, static_cast<std::size_t>((mu - low) / width))] += rows;
                continue;
            }
            const auto cdf = [&](double x) { return detail::normal_cdf((x - mu) / sd); };
            h.below += rows * cdf(low);
            h.above += rows * (1 - cdf(high));
            // Only the bins within 8 spreads of the mean hold more than 1e-15 of the law's mass.
            const double from = std::clamp(std::floor((mu - 8 * sd - low) / width), 0.0, static_cast<double>(bins));
            const double to = std::clamp(std::ceil((mu + 8 * sd - low) / width), 0.0, static_cast<double>(bins));
            double below = cdf(edge(static_cast<std::size_t>(from)));
            for (auto b = static_cast<std::size_t>(from); b < static_cast<std::size_t>(to); ++b) {
                const double next = cdf(edge(b + 1));
                h.counts[b] += rows * (next - below);
                below = next;
            }
        }
    }
    return h;
}

}  // namespace mockbn::research
