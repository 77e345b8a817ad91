// mockbn/core/column_statistics.hpp
//
// Per-column sums and moments of a row-major batch x features block, and the
// moments' gradient: the kernels behind a dense layer's bias gradient, batch
// statistics and the graph's reductions.
//
// Contract: the summation order is fixed (row by row), so results repeat bit
// for bit; the variance is the biased one (divided by rows), computed in two
// passes, mean first. Over zero rows the sums are 0 and the moments NaN.
#pragma once

#include <cstddef>

#include "mockbn/core/scalar.hpp"

namespace mockbn::kernels {

// out[c] = Σ_r x[r, c], row by row.
template <floating_scalar T>
void column_sums(const T* x, std::size_t rows, std::size_t cols, T* out) {
    for (std::size_t c = 0; c < cols; ++c) out[c] = T(0);
    for (std::size_t r = 0; r < rows; ++r) {
        const T* row = x + r * cols;
        for (std::size_t c = 0; c < cols; ++c) out[c] += row[c];
    }
}

// Per column: the mean, then the biased variance Σ (x - mean)² / rows (two passes).
template <floating_scalar T>
void column_moments(const T* x, std::size_t rows, std::size_t cols, T* mean, T* variance) {
    column_sums(x, rows, cols, mean);
    const T count = static_cast<T>(rows);
    for (std::size_t c = 0; c < cols; ++c) mean[c] /= count;
    for (std::size_t c = 0; c < cols; ++c) variance[c] = T(0);
    for (std::size_t r = 0; r < rows; ++r) {
        const T* row = x + r * cols;
        for (std::size_t c = 0; c < cols; ++c) {
            const T deviation = row[c] - mean[c];
            variance[c] += deviation * deviation;
        }
    }
    for (std::size_t c = 0; c < cols; ++c) variance[c] /= count;
}

// The paths through column_moments: d x += d mean / rows + d variance · 2 (x − mean) / rows.
template <floating_scalar T>
void add_column_moments_gradient(const T* x, std::size_t rows, std::size_t cols, const T* mean, const T* d_mean,
                                 const T* d_variance, T* d_x) {
    const T n = static_cast<T>(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        const T* row = x + r * cols;
        T* d_row = d_x + r * cols;
        for (std::size_t c = 0; c < cols; ++c)
            d_row[c] += d_mean[c] / n + d_variance[c] * T(2) * (row[c] - mean[c]) / n;
    }
}

}  // namespace mockbn::kernels
