// mockbn/core/blas.hpp
//
// General matrix multiply through the BLAS that xtensor-blas links (OpenBLAS
// by default), on row-major arrays the caller has already allocated.
//
// Contract: C = alpha · op(A) · op(B) + beta · C, where op transposes when
// its flag is set. Transposes are passed to BLAS as flags, never
// materialized; nothing is allocated. Dimensions past the BLAS index range
// throw std::length_error.
#pragma once

#include <cstddef>
#include <limits>
#include <stdexcept>

#include "mockbn/core/xsimd.hpp"  // first: xtensor includes xsimd

// xtensor-blas declares the CBLAS interface itself (including OpenBLAS's
// cblas.h as well would conflict); cxxblas::gemm forwards to cblas_?gemm.
#include <xtensor-blas/xblas.hpp>

#include "mockbn/core/scalar.hpp"

namespace mockbn::blas {

struct matrix_operand {
    std::size_t rows;  // of the stored matrix, before any transpose
    std::size_t cols;
    bool transposed;
};

template <floating_scalar T>
void gemm(const T* a, matrix_operand shape_a, const T* b, matrix_operand shape_b, T* c, T alpha, T beta) {
    const std::size_t m = shape_a.transposed ? shape_a.cols : shape_a.rows;
    const std::size_t k = shape_a.transposed ? shape_a.rows : shape_a.cols;
    const std::size_t n = shape_b.transposed ? shape_b.rows : shape_b.cols;
    constexpr std::size_t limit = static_cast<std::size_t>(std::numeric_limits<int>::max());
    if (m > limit || n > limit || k > limit || shape_a.cols > limit || shape_b.cols > limit)
        throw std::length_error("mockbn::blas::gemm: a dimension exceeds the BLAS index range");
    if (m == 0 || n == 0) return;
    cxxblas::gemm(cxxblas::RowMajor, shape_a.transposed ? cxxblas::Trans : cxxblas::NoTrans,
                  shape_b.transposed ? cxxblas::Trans : cxxblas::NoTrans, static_cast<int>(m), static_cast<int>(n),
                  static_cast<int>(k), alpha, a, static_cast<int>(std::max<std::size_t>(shape_a.cols, 1)), b,
                  static_cast<int>(std::max<std::size_t>(shape_b.cols, 1)), beta, c, static_cast<int>(n));
}

}  // namespace mockbn::blas
