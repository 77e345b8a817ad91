// mockbn/core/row_statistics.hpp
//
// Per-row moments of a row-major batch x features block, and their gradient:
// the kernels behind row statistics (each example normalized over its own
// features, as layer and RMS normalization do).
//
// Contract: the summation order is fixed (along each row, left to right), so
// results repeat bit for bit; the variance is the biased one (divided by
// cols), computed in two passes, mean first. Over zero columns the moments
// are NaN.
#pragma once

#include <cstddef>

#include "mockbn/core/scalar.hpp"

namespace mockbn::kernels {

// Per row: the mean, then the biased variance Σ (x - mean)² / cols (two passes).
template <floating_scalar T>
void row_moments(const T* x, std::size_t rows, std::size_t cols, T* mean, T* variance) {
    const T count = static_cast<T>(cols);
    for (std::size_t r = 0; r < rows; ++r) {
        const T* row = x + r * cols;
        T sum = T(0);
        for (std::size_t c = 0; c < cols; ++c) sum += row[c];
        mean[r] = sum / count;
        T squares = T(0);
        for (std::size_t c = 0; c < cols; ++c) {
            const T deviation = row[c] - mean[r];
            squares += deviation * deviation;
        }
        variance[r] = squares / count;
    }
}

// The paths through row_moments: d x += d mean / cols + d variance · 2 (x − mean) / cols.
template <floating_scalar T>
void add_row_moments_gradient(const T* x, std::size_t rows, std::size_t cols, const T* mean, const T* d_mean,
                              const T* d_variance, T* d_x) {
    const T n = static_cast<T>(cols);
    for (std::size_t r = 0; r < rows; ++r) {
        const T* row = x + r * cols;
        T* d_row = d_x + r * cols;
        for (std::size_t c = 0; c < cols; ++c)
            d_row[c] += d_mean[r] / n + d_variance[r] * T(2) * (row[c] - mean[r]) / n;
    }
}

}  // namespace mockbn::kernels
