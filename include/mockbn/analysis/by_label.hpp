// mockbn/analysis/by_label.hpp
//
// A matrix's values split by the label of their row: one histogram per
// class, which together decompose the histogram of all the values (is a
// peak one class's?), and each feature's mean and spread per class (is a
// feature selective for some classes?).
//
// Contract: histograms_by_label(values, labels, classes, low, high, bins)
// returns `classes` histograms on the same bins (histogram.hpp); histogram k
// counts every value of the rows labelled k, and a class without a row has
// an empty one. Bin by bin, and in below, above and not_finite, they add up
// to make_histogram of all the values. It needs one label per row, each
// below `classes`, and throws std::invalid_argument otherwise.
// column_moments_by_label(values, labels, classes) needs the same and gives
// per class its rows, and each column's mean and population spread over
// them (zeros for a class without a row), class-major.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "mockbn/analysis/histogram.hpp"
#include "mockbn/core/matrix.hpp"

namespace mockbn::analysis {

namespace detail {

// Row r's label as a class, refused (naming the caller) when it is not below `classes`.
template <class Label>
std::size_t class_of(const char* caller, std::span<const Label> labels, std::size_t r, std::size_t classes) {
    const auto label = static_cast<std::size_t>(labels[r]);
    if (label >= classes)
        throw std::invalid_argument(std::string("mockbn::analysis::") + caller + ": row " + std::to_string(r) +
                                    " has label " + std::to_string(label) + ", not below " + std::to_string(classes));
    return label;
}

inline void check_label_count(const char* caller, std::size_t labels, std::size_t rows) {
    if (labels != rows)
        throw std::invalid_argument(std::string("mockbn::analysis::") + caller + ": " + std::to_string(labels) +
                                    " labels for " + std::to_string(rows) + " rows");
}

}  // namespace detail

template <class T, class Label>
std::vector<histogram> histograms_by_label(matrix_view<const T> values, std::span<const Label> labels,
                                           std::size_t classes, double low, double high, std::size_t bins) {
    detail::check_label_count("histograms_by_label", labels.size(), values.rows);
    const histogram empty = make_histogram(std::span<const T>(), low, high, bins);
    std::vector<histogram> by_label(classes, empty);
    for (std::size_t r = 0; r < values.rows; ++r) {
        const std::size_t label = detail::class_of("histograms_by_label", labels, r, classes);
        count_values(by_label[label], std::span<const T>(values.row(r), values.cols));
    }
    return by_label;
}

struct label_columns {
    std::size_t classes = 0, features = 0;
    std::vector<double> counts;             // rows per class
    std::vector<double> means, deviations;  // classes × features, class-major
};

template <class T, class Label>
label_columns column_moments_by_label(matrix_view<const T> values, std::span<const Label> labels, std::size_t classes) {
    detail::check_label_count("column_moments_by_label", labels.size(), values.rows);
    const std::size_t features = values.cols;
    label_columns m{classes, features, std::vector<double>(classes, 0.0), std::vector<double>(classes * features, 0.0),
                    std::vector<double>(classes * features, 0.0)};
    for (std::size_t r = 0; r < values.rows; ++r) {
        const std::size_t c = detail::class_of("column_moments_by_label", labels, r, classes);
        m.counts[c] += 1;
        for (std::size_t j = 0; j < features; ++j) m.means[c * features + j] += values.row(r)[j];
    }
    for (std::size_t k = 0; k < m.means.size(); ++k)
        if (m.counts[k / features] > 0) m.means[k] /= m.counts[k / features];
    for (std::size_t r = 0; r < values.rows; ++r) {  // the spreads about the means, in a second pass
        const std::size_t c = static_cast<std::size_t>(labels[r]);
        for (std::size_t j = 0; j < features; ++j) {
            const double d = values.row(r)[j] - m.means[c * features + j];
            m.deviations[c * features + j] += d * d;
        }
    }
    for (std::size_t k = 0; k < m.deviations.size(); ++k)
        if (m.counts[k / features] > 0) m.deviations[k] = std::sqrt(m.deviations[k] / m.counts[k / features]);
    return m;
}

}  // namespace mockbn::analysis
