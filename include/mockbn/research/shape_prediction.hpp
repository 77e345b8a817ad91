// mockbn/research/shape_prediction.hpp
//
// What a fixed transformation's output should look like, predicted from
// its input alone: each feature's input taken as a normal law with the mean
// and spread the probe recorded before the transformation (the stage
// "before", per feature), pushed through the transformation's function. A
// nearly linear stretch of the function keeps each feature one-peaked; the
// pooled output has two peaks only when the features' laws reach the
// function's bends (at ±2 for mystery, near 0 for the signed roots and
// logarithms) or when the features' means split.
//
// Contract: pushed_histogram<Policy>(features, low, high, bins) gives the
// pooled histogram, in expected counts (each feature's count), of
// Policy's function of x for x normal with each feature's mean and deviation (a
// feature of zero deviation is its mean); Policy must be a fixed
// transformation (no parameters: apply(x) of x alone). The normal law is cut at
// ±8 deviations and integrated over 8,000 cells, each cell's mass placed at
// the image of its middle.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <span>
#include <vector>

#include "mockbn/analysis/columns.hpp"
#include "mockbn/analysis/histogram.hpp"
#include "mockbn/core/dual.hpp"
#include "mockbn/research/class_mixture.hpp"

namespace mockbn::research {

// A transformation of no parameters: its function of one value alone.
template <class Policy>
concept fixed_function = requires(ad::dual<double> x) {
    { Policy::apply(x).value } -> std::convertible_to<double>;
};

namespace detail {

template <class Policy>
double image_of(double x) {
    return Policy::apply(ad::dual<double>{x}).value;
}

inline void add_mass(analysis::histogram& h, double y, double mass) {
    if (!std::isfinite(y)) h.not_finite += mass;
    else if (y < h.low) h.below += mass;
    else if (y >= h.high) h.above += mass;
    else h.counts[std::min(h.bins() - 1, static_cast<std::size_t>((y - h.low) / h.width()))] += mass;
}

}  // namespace detail

template <class Policy>
    requires fixed_function<Policy> analysis::histogram pushed_histogram(
        std::span<const analysis::column_description> features, double low, double high, std::size_t bins) {
        constexpr std::size_t cells = 8000;
        constexpr double reach = 8;
        analysis::histogram h{low, high, std::vector<double>(bins, 0.0)};
        std::vector<double> edges(cells + 1);  // the standard normal's mass below each cell edge
        for (std::size_t i = 0; i <= cells; ++i)
            edges[i] = detail::normal_cdf(-reach + 2 * reach * static_cast<double>(i) / cells);
        for (const auto& f : features) {
            const double count = f.description.count, mu = f.description.mean, sd = f.description.deviation;
            if (!(sd > 0)) {
                detail::add_mass(h, detail::image_of<Policy>(mu), count);
                continue;
            }
            const double cut = edges[0] + (1 - edges[cells]);  // beyond ±8 deviations: placed at the edges
            detail::add_mass(h, detail::image_of<Policy>(mu - reach * sd), count * cut / 2);
            detail::add_mass(h, detail::image_of<Policy>(mu + reach * sd), count * cut / 2);
            for (std::size_t i = 0; i < cells; ++i) {
                const double z = -reach + 2 * reach * (static_cast<double>(i) + 0.5) / cells;
                detail::add_mass(h, detail::image_of<Policy>(mu + z * sd), count * (edges[i + 1] - edges[i]));
            }
        }
        return h;
    }

}  // namespace mockbn::research
