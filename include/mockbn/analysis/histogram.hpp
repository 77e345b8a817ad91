// mockbn/analysis/histogram.hpp
//
// histogram: counts of values in fixed, equal bins over [low, high).
//
// Contract: bins are [low + i·w, low + (i + 1)·w) with w = (high − low) / bins;
// a value below low or at or above high is counted in `below` or `above`,
// never dropped silently; NaN is counted in `not_finite` with ±∞. The bins
// are fixed by the caller, so histograms of different runs compare bin by bin.
// count_values adds more values to a histogram, as make_histogram counts its
// own: a histogram built in parts equals the one made of all the values.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <vector>

namespace mockbn::analysis {

struct histogram {
    double low = 0, high = 0;
    std::vector<double> counts;
    double below = 0, above = 0, not_finite = 0;

    std::size_t bins() const noexcept { return counts.size(); }
    double width() const noexcept { return (high - low) / static_cast<double>(counts.size()); }
    double center(std::size_t i) const noexcept { return low + (static_cast<double>(i) + 0.5) * width(); }
    double total() const noexcept {
        double n = below + above + not_finite;
        for (double c : counts) n += c;
        return n;
    }
};

template <class T>
void count_values(histogram& h, std::span<const T> values) {
    const std::size_t bins = h.bins();
    const double scale = static_cast<double>(bins) / (h.high - h.low);
    for (T v : values) {
        const double x = static_cast<double>(v);
        if (!std::isfinite(x)) ++h.not_finite;
        else if (x < h.low) ++h.below;
        else if (x >= h.high) ++h.above;
        else h.counts[std::min(bins - 1, static_cast<std::size_t>((x - h.low) * scale))] += 1;
    }
}

template <class T>
histogram make_histogram(std::span<const T> values, double low, double high, std::size_t bins) {
    if (!(high > low) || bins == 0)
        throw std::invalid_argument("mockbn::analysis::make_histogram: need low < high and at least one bin");
    histogram h{low, high, std::vector<double>(bins, 0.0)};
    count_values(h, values);
    return h;
}

}  // namespace mockbn::analysis
