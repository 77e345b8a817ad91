// mockbn/core/small_gemm.hpp
//
// Register-blocked matrix products for the small shapes of a training step
// (a batch of 32 to 256 rows against layers of a few hundred features), where
// a general BLAS spends much of its time packing and dispatching. Each output
// tile is accumulated in SIMD registers over the whole depth and handed to an
// epilogue before it is stored, so the bias and the elementwise layers after
// a dense layer are applied while the tile is still in registers
// (layers/fusion.hpp).
//
// Contract:
//  - multiply(a, b, c, epilogue): C (rows x cols, row-major, stride cols) =
//    epilogue(A·B), where A is a strided operand (row-major, or the transpose
//    of a row-major matrix, read in place) and B is row-major. The epilogue
//    gives each accumulator its start (the bias, or 0) and sees every output
//    batch before its store, each column's rows in order. apply(epilogue, c)
//    runs an epilogue over a product computed elsewhere (the BLAS path).
//    Nothing is allocated.
//  - multiply_with_column_sums(a, b, c, sums, epilogue): C = epilogue(A·B),
//    and sums[j] = Σ_p B[p, j] from the same loads of B: a dense layer's
//    weight and bias gradients in one pass.
//  - transpose(source, rows, cols, target): the packing behind C = A·Bᵀ.
//  - Order: every output element is one fused multiply-add chain over the
//    depth, in order, from its start; the column sums are plain sums in row
//    order, equal bit for bit to kernels::column_sums. Results repeat bit for
//    bit, and they differ from another BLAS's only by rounding, within the
//    bound of a dot product of that depth (tests/layers/test_products.cpp checks it).
#pragma once

#include <algorithm>
#include <cstddef>
#include <type_traits>

#include "mockbn/core/column_statistics.hpp"
#include "mockbn/core/indices.hpp"
#include "mockbn/core/scalar.hpp"
#include "mockbn/core/simd.hpp"

namespace mockbn::small_gemm {

// A (rows x depth): element (i, p) at data[i · row_stride + p · depth_stride].
template <floating_scalar T>
struct strided_matrix {
    const T* data;
    std::size_t rows, depth;
    std::size_t row_stride, depth_stride;

    // A row-major matrix, or the transpose of one (rows x depth when transposed, depth x rows stored).
    static strided_matrix row_major(const T* data, std::size_t rows, std::size_t depth) {
        return {data, rows, depth, depth, 1};
    }
    static strided_matrix transposed(const T* stored, std::size_t stored_rows, std::size_t stored_cols) {
        return {stored, stored_cols, stored_rows, 1, stored_cols};
    }
};

// What an output tile starts from, and what happens to each of its batches
// before the store. An epilogue E provides, for a batch of `count` columns
// from `col`: start(col, count), the accumulator's start; E::columns<T>
// at(col, count), what finishing needs of those columns (computed once per
// tile, after the products, so that it holds no register while they run);
// and finish(columns, row, col, count, value), the batch to store, or instead
// finish_rows(columns, first_row, rows, col, count, values), which turns the
// batches of rows first_row, first_row + 1, ... (at most 8, in order) at
// those columns into the batches to store, in place: for an epilogue that
// sums across rows (a transformation's per-feature gradients), in registers.
// no_epilogue: from 0, stored as computed.
struct no_epilogue {
    struct columns {};
    template <floating_scalar T>
    simd::batch<T> start(std::size_t, std::size_t) const noexcept {
        return simd::batch<T>(T(0));
    }
    template <floating_scalar T>
    columns at(std::size_t, std::size_t) const noexcept {
        return {};
    }
    template <floating_scalar T>
    simd::batch<T> finish(const columns&, std::size_t, std::size_t, std::size_t,
                          const simd::batch<T>& value) const noexcept {
        return value;
    }
};

// What gives the epilogue for a block of parameters' gradients (a dense layer's dW; see
// layers/network.hpp's backward_and_step): here, none.
struct no_block_epilogue {
    no_epilogue for_block(std::size_t, std::size_t) const noexcept { return {}; }
};

// An epilogue that finishes a column batch's rows together.
template <class E, class T>
concept finishes_rows = requires(const E& e, const typename E::columns& c, simd::batch<T>* values) {
    e.template finish_rows<T>(c, 0, 0, 0, 0, values);
};

// bias_then: from the bias of each column, then Then.
template <floating_scalar T, class Then>
struct bias_then {
    const T* bias;
    Then then;

    using columns = typename Then::columns;
    template <floating_scalar>
    simd::batch<T> start(std::size_t col, std::size_t count) const noexcept {
        return simd::load(bias + col, count);
    }
    template <floating_scalar>
    columns at(std::size_t col, std::size_t count) const noexcept {
        return then.template at<T>(col, count);
    }
    template <floating_scalar>
    simd::batch<T> finish(const columns& c, std::size_t row, std::size_t col, std::size_t count,
                          const simd::batch<T>& value) const requires(!finishes_rows<Then, T>) {
        return then.template finish<T>(c, row, col, count, value);
    }
    template <floating_scalar>
    void finish_rows(const columns& c, std::size_t first_row, std::size_t rows, std::size_t col, std::size_t count,
                     simd::batch<T>* values) const requires finishes_rows<Then, T> {
        then.template finish_rows<T>(c, first_row, rows, col, count, values);
    }
};
template <floating_scalar T, class Then>
bias_then(const T*, Then) -> bias_then<T, Then>;

// The most rows an epilogue's finish is given at once.
inline constexpr std::size_t finished_rows = 8;

// An epilogue's finish over a whole matrix, in place: the same work after a product computed elsewhere.
template <class Epilogue, floating_scalar T>
void apply(const Epilogue& epilogue, T* c, std::size_t rows, std::size_t cols) {
    if constexpr (!std::is_same_v<Epilogue, no_epilogue>) {
        constexpr std::size_t L = simd::lanes<T>;
        for (std::size_t col = 0; col < cols; col += L) {
            const std::size_t count = std::min(L, cols - col);
            const auto context = epilogue.template at<T>(col, count);
            if constexpr (finishes_rows<Epilogue, T>) {
                for (std::size_t first = 0; first < rows; first += finished_rows) {
                    const std::size_t n = std::min(finished_rows, rows - first);
                    simd::batch<T> values[finished_rows];
                    for (std::size_t r = 0; r < n; ++r) values[r] = simd::load(c + (first + r) * cols + col, count);
                    epilogue.template finish_rows<T>(context, first, n, col, count, values);
                    for (std::size_t r = 0; r < n; ++r) simd::store(c + (first + r) * cols + col, values[r], count);
                }
            } else {
                for (std::size_t row = 0; row < rows; ++row) {
                    T* at = c + row * cols + col;
                    simd::store(at, epilogue.template finish<T>(context, row, col, count, simd::load(at, count)),
                                count);
                }
            }
        }
    }
}

namespace detail {

// An epilogue whose finish returns the batch it is given: the tile is stored from its registers.
template <class Epilogue>
inline constexpr bool finishes_as_computed = std::is_same_v<Epilogue, no_epilogue>;
template <floating_scalar T>
inline constexpr bool finishes_as_computed<bias_then<T, no_epilogue>> = true;

// Batches of columns per tile, and rows: as many rows as keep the
// accumulators, the loaded row of B and one broadcast of A within the
// registers (32 with AVX-512, else 16), at most 8. With 16 registers a tile
// is 2 batches wide (6 rows): 4 wide would leave it 2 rows, and B's loads,
// one per 2 multiply-adds, would bound it (on a Zen 3 core, the products of
// a step ran at half OpenBLAS's speed).
template <floating_scalar T>
inline constexpr std::size_t registers = simd::lanes<T> * sizeof(T) == 64 ? 32 : 16;
template <floating_scalar T>
inline constexpr std::size_t max_vectors = registers<T> == 32 ? 4 : 2;
template <floating_scalar T>
constexpr std::size_t tile_rows(std::size_t vectors) {
    return std::min<std::size_t>((registers<T> - vectors - 2) / vectors, 8);
}

// One tile: Rows rows of A (row r at a_rows[r]; with Ones, row 0 is a row of
// ones, whose results are column sums and skip the epilogue) by Vectors
// batches of columns from `col` (the last holding `last` lanes), accumulated
// over the whole depth, finished, and stored at targets[r] for the first
// `rows` rows. The rows past them (the end of A) repeat a row of A and are
// neither finished nor stored: one tile shape serves every remainder, which
// keeps the instantiations per epilogue to one per column width. Never inlined: GCC inlined
// some tiles with a transformation's formula into their caller and ran them slower there
// (log_fixed's layer took 8.5 µs a step instead of 3.9).
template <floating_scalar T, std::size_t Rows, std::size_t Vectors, bool Ones, class Epilogue>
[[gnu::noinline]] void tile(const T* const* a_rows, std::size_t depth_stride, const T* b, std::size_t b_stride,
                            std::size_t depth, std::size_t rows, std::size_t first_row, std::size_t col,
                            std::size_t last, T* const* targets, const Epilogue& epilogue) {
    using V = simd::batch<T>;
    constexpr std::size_t L = simd::lanes<T>;
    auto count = [&](std::size_t v) { return v + 1 == Vectors ? last : L; };
    V acc[Rows][Vectors];
#pragma GCC unroll 8
    for (std::size_t v = 0; v < Vectors; ++v) {
        const V start = epilogue.template start<T>(col + v * L, count(v));
#pragma GCC unroll 16
        for (std::size_t r = 0; r < Rows; ++r) acc[r][v] = Ones && r == 0 ? V(T(0)) : start;
    }
    for (std::size_t p = 0; p < depth; ++p) {
        const T* b_row = b + p * b_stride;
        V b_values[Vectors];
#pragma GCC unroll 8
        for (std::size_t v = 0; v < Vectors; ++v)
            b_values[v] = v + 1 == Vectors ? simd::load(b_row + v * L, last) : V::load_unaligned(b_row + v * L);
#pragma GCC unroll 16
        for (std::size_t r = 0; r < Rows; ++r) {
            if (Ones && r == 0) {
#pragma GCC unroll 8
                for (std::size_t v = 0; v < Vectors; ++v) acc[0][v] += b_values[v];
            } else {
                const V a(a_rows[r][p * depth_stride]);
#pragma GCC unroll 8
                for (std::size_t v = 0; v < Vectors; ++v) acc[r][v] = simd::fma(a, b_values[v], acc[r][v]);
            }
        }
    }
    if constexpr (finishes_as_computed<Epilogue>) {
#pragma GCC unroll 16
        for (std::size_t r = 0; r < Rows; ++r) {
            if (r >= rows) break;
#pragma GCC unroll 8
            for (std::size_t v = 0; v < Vectors; ++v) simd::store(targets[r] + v * L, acc[r][v], count(v));
        }
    } else if constexpr (finishes_rows<Epilogue, T>) {
        // Through memory, one column batch of the tile at a time, in a loop that is not unrolled
        // (see below). The row of ones, if any, is column sums: not finished.
        static_assert(Rows <= finished_rows);
        V finished[Vectors][Rows];
#pragma GCC unroll 16
        for (std::size_t r = 0; r < Rows; ++r)
#pragma GCC unroll 8
            for (std::size_t v = 0; v < Vectors; ++v) finished[v][r] = acc[r][v];
        constexpr std::size_t skip = Ones ? 1 : 0;
#pragma GCC unroll 1
        for (std::size_t v = 0; v < Vectors; ++v) {
            const auto context = epilogue.template at<T>(col + v * L, count(v));
            epilogue.template finish_rows<T>(context, first_row, rows - skip, col + v * L, count(v),
                                             finished[v] + skip);
#pragma GCC unroll 1
            for (std::size_t r = 0; r < rows; ++r) simd::store(targets[r] + v * L, finished[v][r], count(v));
        }
    } else {
        // Through memory, in a loop that is not unrolled: an epilogue's formula is compiled once
        // per tile, not once per batch of it (Rows x Vectors copies of a transformation's formula
        // made the study's program take three times as long to compile).
        V finished[Rows][Vectors];
#pragma GCC unroll 16
        for (std::size_t r = 0; r < Rows; ++r)
#pragma GCC unroll 8
            for (std::size_t v = 0; v < Vectors; ++v) finished[r][v] = acc[r][v];
        using columns = decltype(epilogue.template at<T>(0, 0));
        columns context[Vectors];
#pragma GCC unroll 1
        for (std::size_t v = 0; v < Vectors; ++v) context[v] = epilogue.template at<T>(col + v * L, count(v));
#pragma GCC unroll 1
        for (std::size_t r = 0; r < rows; ++r) {
            const bool sums = Ones && r == 0;
            const std::size_t row = first_row + r - (Ones ? 1 : 0);
#pragma GCC unroll 1
            for (std::size_t v = 0; v < Vectors; ++v) {
                const V value =
                    sums ? finished[r][v]
                         : epilogue.template finish<T>(context[v], row, col + v * L, count(v), finished[r][v]);
                simd::store(targets[r] + v * L, value, count(v));
            }
        }
    }
}

// The tiles of one block of Vectors column batches from `col`, down A's rows
// (at least one). With Sums, the first tile starts with the row of ones.
template <floating_scalar T, std::size_t Vectors, bool Sums, class Epilogue>
void column_block(const strided_matrix<T>& a, const T* b, std::size_t b_stride, T* c, std::size_t c_stride, T* sums,
                  std::size_t col, std::size_t last, const Epilogue& epilogue) {
    constexpr std::size_t R = tile_rows<T>(Vectors);
    for (std::size_t row = 0; row < a.rows;) {
        const bool ones = Sums && row == 0;
        const T* a_rows[R];
        T* targets[R];
        std::size_t rows = 0;
        for (std::size_t r = 0; r < R; ++r) {
            if (ones && r == 0) {
                a_rows[0] = nullptr;
                targets[rows++] = sums + col;
                continue;
            }
            const std::size_t i = std::min(row + r - (ones ? 1 : 0), a.rows - 1);
            a_rows[r] = a.data + i * a.row_stride;
            targets[r] = c + i * c_stride + col;
            if (row + r - (ones ? 1 : 0) < a.rows) ++rows;
        }
        if (ones)  // only with Sums: without, this instantiates the same tile as below, not a dead one
            tile<T, R, Vectors, Sums>(a_rows, a.depth_stride, b + col, b_stride, a.depth, rows, row, col, last, targets,
                                      epilogue);
        else
            tile<T, R, Vectors, false>(a_rows, a.depth_stride, b + col, b_stride, a.depth, rows, row, col, last,
                                       targets, epilogue);
        row += rows - (ones ? 1 : 0);
    }
}

// Every column block of C = A·B (B: a.depth x cols, row-major with stride b_stride).
template <floating_scalar T, bool Sums, class Epilogue>
void multiply(const strided_matrix<T>& a, const T* b, std::size_t b_stride, std::size_t cols, T* c, T* sums,
              const Epilogue& epilogue) {
    constexpr std::size_t L = simd::lanes<T>;
    const std::size_t vectors = (cols + L - 1) / L;
    const std::size_t last = cols - (vectors - 1) * L;
    for (std::size_t v = 0; v < vectors; v += max_vectors<T>) {
        const std::size_t block = std::min(max_vectors<T>, vectors - v);
        const std::size_t block_last = v + block == vectors ? last : L;
        for_each_index<max_vectors<T>>([&](auto k) {
            if (k + 1 == block)
                column_block<T, decltype(k)::value + 1, Sums>(a, b, b_stride, c, cols, sums, v * L, block_last,
                                                              epilogue);
        });
    }
}

}  // namespace detail

// C (a.rows x cols) = epilogue(A·B), B (a.depth x cols) row-major.
template <floating_scalar T, class Epilogue = no_epilogue>
void multiply(const strided_matrix<T>& a, const T* b, std::size_t cols, T* c, const Epilogue& epilogue = {}) {
    if (cols > 0 && a.rows > 0) detail::multiply<T, false>(a, b, cols, cols, c, static_cast<T*>(nullptr), epilogue);
}

// C = epilogue(A·B), and sums[j] = Σ_p B[p, j] (the sums of B's columns, not finished) from the same loads.
template <floating_scalar T, class Epilogue = no_epilogue>
void multiply_with_column_sums(const strided_matrix<T>& a, const T* b, std::size_t cols, T* c, T* sums,
                               const Epilogue& epilogue = {}) {
    if (cols == 0) return;
    if (a.rows == 0) kernels::column_sums(b, a.depth, cols, sums);  // no row of A to share the pass with
    else detail::multiply<T, true>(a, b, cols, cols, c, sums, epilogue);
}

namespace detail {

// The 8 x 8 block at (i, j) of source, transposed into target, in registers.
inline void transpose_block(const float* source, std::size_t cols, float* target, std::size_t rows) {
#if defined(__AVX__)
    __m256 r[8], t[8];
    for (int k = 0; k < 8; ++k) r[k] = _mm256_loadu_ps(source + k * cols);
    for (int k = 0; k < 8; k += 2) {
        t[k] = _mm256_unpacklo_ps(r[k], r[k + 1]);
        t[k + 1] = _mm256_unpackhi_ps(r[k], r[k + 1]);
    }
    for (int k = 0; k < 8; k += 4) {
        r[k] = _mm256_shuffle_ps(t[k], t[k + 2], 0x44);
        r[k + 1] = _mm256_shuffle_ps(t[k], t[k + 2], 0xEE);
        r[k + 2] = _mm256_shuffle_ps(t[k + 1], t[k + 3], 0x44);
        r[k + 3] = _mm256_shuffle_ps(t[k + 1], t[k + 3], 0xEE);
    }
    for (int k = 0; k < 4; ++k) {
        _mm256_storeu_ps(target + k * rows, _mm256_permute2f128_ps(r[k], r[k + 4], 0x20));
        _mm256_storeu_ps(target + (k + 4) * rows, _mm256_permute2f128_ps(r[k], r[k + 4], 0x31));
    }
#else
    for (std::size_t i = 0; i < 8; ++i)
        for (std::size_t j = 0; j < 8; ++j) target[j * rows + i] = source[i * cols + j];
#endif
}

}  // namespace detail

// target (cols x rows) = the transpose of source (rows x cols), both row-major:
// the packing behind C = A·Bᵀ. Floats go through 8 x 8 blocks in registers.
template <floating_scalar T>
void transpose(const T* source, std::size_t rows, std::size_t cols, T* target) {
    constexpr std::size_t block = 8;
    std::size_t i0 = 0;
    if constexpr (std::is_same_v<T, float>) {
        for (; i0 + block <= rows; i0 += block) {
            std::size_t j0 = 0;
            for (; j0 + block <= cols; j0 += block)
                detail::transpose_block(source + i0 * cols + j0, cols, target + j0 * rows + i0, rows);
            for (std::size_t i = i0; i < i0 + block; ++i)
                for (std::size_t j = j0; j < cols; ++j) target[j * rows + i] = source[i * cols + j];
        }
    }
    for (; i0 < rows; i0 += block)
        for (std::size_t j0 = 0; j0 < cols; j0 += block)
            for (std::size_t i = i0; i < std::min(rows, i0 + block); ++i)
                for (std::size_t j = j0; j < std::min(cols, j0 + block); ++j)
                    target[j * rows + i] = source[i * cols + j];
}

}  // namespace mockbn::small_gemm
