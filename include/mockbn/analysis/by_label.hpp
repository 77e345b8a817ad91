// mockbn/analysis/by_label.hpp
//
// A matrix's values split by the label of their row: one histogram per
// class, which together decompose the histogram of all the values (is a
// peak one class's?).
//
// Contract: histograms_by_label(values, labels, classes, low, high, bins)
// returns `classes` histograms on the same bins (histogram.hpp); histogram k
// counts every value of the rows labelled k, and a class without a row has
// an empty one. Bin by bin, and in below, above and not_finite, they add up
// to make_histogram of all the values. It needs one label per row, each
// below `classes`, and throws std::invalid_argument otherwise.
#pragma once

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "mockbn/analysis/histogram.hpp"
#include "mockbn/core/matrix.hpp"

namespace mockbn::analysis {

template <class T, class Label>
std::vector<histogram> histograms_by_label(matrix_view<const T> values, std::span<const Label> labels,
                                           std::size_t classes, double low, double high, std::size_t bins) {
    if (labels.size() != values.rows)
        throw std::invalid_argument("mockbn::analysis::histograms_by_label: " + std::to_string(labels.size()) +
                                    " labels for " + std::to_string(values.rows) + " rows");
    const histogram empty = make_histogram(std::span<const T>(), low, high, bins);
    std::vector<histogram> by_label(classes, empty);
    for (std::size_t r = 0; r < values.rows; ++r) {
        const auto label = static_cast<std::size_t>(labels[r]);
        if (label >= classes)
            throw std::invalid_argument("mockbn::analysis::histograms_by_label: row " + std::to_string(r) +
                                        " has label " + std::to_string(label) + ", not below " +
                                        std::to_string(classes));
        count_values(by_label[label], std::span<const T>(values.row(r), values.cols));
    }
    return by_label;
}

}  // namespace mockbn::analysis
