// mockbn/analysis/display.hpp
//
// A histogram as TensorBoard displayed it, the tool the original study drew
// its histograms with: the values re-binned into 30 equal bins spanning
// their range, drawn as a curve through the bins' centres.
//
// Contract: tensorboard_view(h, low, high) returns a histogram on h's own
// bins whose counts follow that curve: h's counts (spread evenly across each
// of its bins; `below` and `above` counted in the first and the last of the
// 30) are summed into 30 equal bins over [low, high] (the values' minimum and
// maximum), and each of h's bins whose centre lies between the first and the
// last centre gets the density interpolated linearly between the two nearest,
// times its width; every other bin gets 0. With high ≤ low, or a non-finite bound, h is returned
// as it is.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

#include "mockbn/analysis/histogram.hpp"

namespace mockbn::analysis {

inline constexpr std::size_t tensorboard_bins = 30;

inline histogram tensorboard_view(const histogram& h, double low, double high) {
    if (!(high > low) || !std::isfinite(low) || !std::isfinite(high)) return h;
    const double coarse = (high - low) / tensorboard_bins;
    std::array<double, tensorboard_bins> mass{};
    mass.front() += h.below;
    mass.back() += h.above;
    for (std::size_t i = 0; i < h.bins(); ++i) {
        const double from = h.low + static_cast<double>(i) * h.width(), to = from + h.width();
        for (std::size_t k = 0; k < tensorboard_bins; ++k) {
            const double a = std::max(from, low + static_cast<double>(k) * coarse);
            const double b = std::min(to, low + static_cast<double>(k + 1) * coarse);
            if (b > a) mass[k] += h.counts[i] * (b - a) / h.width();
        }
    }
    histogram view{h.low, h.high, std::vector<double>(h.bins(), 0.0)};
    const double first = low + coarse / 2, last = high - coarse / 2;
    for (std::size_t i = 0; i < h.bins(); ++i) {
        const double x = h.center(i);
        if (x < first || x > last) continue;
        const double position = (x - first) / coarse;
        const auto k = std::min(static_cast<std::size_t>(position), tensorboard_bins - 2);
        const double t = position - static_cast<double>(k);
        view.counts[i] = ((1 - t) * mass[k] + t * mass[k + 1]) / coarse * h.width();
    }
    return view;
}

}  // namespace mockbn::analysis
