// mockbn/analysis/columns.hpp
//
// Per-column statistics of a row-major matrix (rows: examples, columns:
// features): each column's own moments, Sarle's coefficient and main modes.
// Pooling the columns into one distribution can hide a shape every column
// has, or make up one that none has; these describe each column alone.
//
// Contract: describe_columns(values, low, high, bins) returns one
// column_description per column, in column order: describe() of that
// column's values (statistics.hpp) and main_modes() of its histogram on the
// given bins (modes.hpp, with its default smoothing, count and prominence),
// exactly as if the column had been copied out and passed to them.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "mockbn/analysis/histogram.hpp"
#include "mockbn/analysis/modes.hpp"
#include "mockbn/analysis/statistics.hpp"
#include "mockbn/core/matrix.hpp"

namespace mockbn::analysis {

struct column_description {
    analysis::description description;
    std::vector<mode> modes;  // up to two, highest first
};

template <class T>
std::vector<column_description> describe_columns(matrix_view<const T> values, double low, double high,
                                                 std::size_t bins) {
    std::vector<column_description> columns;
    columns.reserve(values.cols);
    std::vector<T> column(values.rows);
    for (std::size_t c = 0; c < values.cols; ++c) {
        for (std::size_t r = 0; r < values.rows; ++r) column[r] = values.row(r)[c];
        const std::span<const T> all(column);
        columns.push_back({describe(all), main_modes(make_histogram(all, low, high, bins))});
    }
    return columns;
}

}  // namespace mockbn::analysis
