// mockbn/core/blas.hpp
//
// General matrix multiply through the CBLAS interface of the BLAS that
// xtensor-blas links (OpenBLAS by default), on row-major arrays the caller
// has already allocated.
//
// Contract: C = alpha · op(A) · op(B) + beta · C, where op transposes when
// its flag is set. Transposes are passed to BLAS as flags, never
// materialized; nothing is allocated. Dimensions past the BLAS index range
// throw std::length_error.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <limits>
#include <stdexcept>

// xtensor-blas's own declaration of the CBLAS interface, alone: the same
// header guard as xtensor-blas's, so a program may include both (OpenBLAS's
// cblas.h would conflict with it), without the parse of xtensor-blas itself.
#include <xflens/cxxblas/drivers/cblas.h>

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
    const auto op_a = shape_a.transposed ? CblasTrans : CblasNoTrans;
    const auto op_b = shape_b.transposed ? CblasTrans : CblasNoTrans;
    const auto lda = static_cast<int>(std::max<std::size_t>(shape_a.cols, 1));
    const auto ldb = static_cast<int>(std::max<std::size_t>(shape_b.cols, 1));
    const int mi = static_cast<int>(m), ni = static_cast<int>(n), ki = static_cast<int>(k);
    if constexpr (std::same_as<T, float>)
        cblas_sgemm(CblasRowMajor, op_a, op_b, mi, ni, ki, alpha, a, lda, b, ldb, beta, c, ni);
    else cblas_dgemm(CblasRowMajor, op_a, op_b, mi, ni, ki, alpha, a, lda, b, ldb, beta, c, ni);
}

}  // namespace mockbn::blas
