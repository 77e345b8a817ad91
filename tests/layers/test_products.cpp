// The dense layer's products (core/small_gemm.hpp).
//
// The kernels round differently from a BLAS, so they are held to the bound
// of their arithmetic rather than to another library's bits: each output is
// one fused multiply-add chain of depth k from its start s, so against the
// exact value |ĉ − c| ≤ γ(k + 1) · (|s| + Σ_p |a_ip|·|b_pj|), with
// γ(n) = n·u / (1 − n·u) and u the unit roundoff; against the BLAS path (the
// unfused reference, MOCKBN_GEMM_BLAS), which obeys the same bound, twice
// that. The column sums and the transpose are exact.
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/core/blas.hpp"
#include "mockbn/core/column_statistics.hpp"
#include "mockbn/core/small_gemm.hpp"
#include "support.hpp"

using namespace mockbn;

namespace {

template <class T>
double gamma(std::size_t n) {
    const double u = std::numeric_limits<T>::epsilon() / 2;
    return static_cast<double>(n) * u / (1 - static_cast<double>(n) * u);
}

enum class form { nn, tn, nt };

// The shapes: every tile height and its remainder, columns below, at and past a
// batch and a tile, depth 0 and 1, and the original study's network's own.
struct shape {
    std::size_t m, n, k;
};
constexpr shape shapes[] = {{1, 1, 1},    {3, 5, 0},      {7, 16, 1},    {9, 17, 3},     {13, 33, 8},  {6, 64, 5},
                            {25, 65, 31}, {64, 100, 100}, {64, 10, 100}, {32, 100, 784}, {17, 113, 40}};

// C = op(A)·op(B) (+ bias in every row) by the kernels, the BLAS, and exactly (long double), with the bound of each
// entry.
template <class T>
void check_product(form f, shape s, bool with_bias) {
    const auto [m, n, k] = s;
    const auto a = testing::uniform_values<T>(m * k, 1 + m), b = testing::uniform_values<T>(k * n, 2 + n),
               bias = testing::uniform_values<T>(n, 3 + k);
    std::vector<T> mine(m * n), reference(m * n), packed(k * n);
    // Stored as the dense layer stores them: A (m x k) or, for tn, its k x m transpose; B (k x n) or, for nt, n x k.
    auto a_at = [&](std::size_t i, std::size_t p) { return f == form::tn ? a[p * m + i] : a[i * k + p]; };
    auto b_at = [&](std::size_t p, std::size_t j) { return f == form::nt ? b[j * k + p] : b[p * n + j]; };
    using A = small_gemm::strided_matrix<T>;
    const A left = f == form::tn ? A::transposed(a.data(), k, m) : A::row_major(a.data(), m, k);
    const T* right = b.data();
    if (f == form::nt) {
        small_gemm::transpose(b.data(), n, k, packed.data());
        right = packed.data();
    }
    if (with_bias)
        small_gemm::multiply(left, right, n, mine.data(),
                             small_gemm::bias_then{bias.data(), small_gemm::no_epilogue{}});
    else small_gemm::multiply(left, right, n, mine.data());
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) reference[i * n + j] = with_bias ? bias[j] : T(0);
    blas::gemm(a.data(), {f == form::tn ? k : m, f == form::tn ? m : k, f == form::tn}, b.data(),
               {f == form::nt ? n : k, f == form::nt ? k : n, f == form::nt}, reference.data(), T(1), T(1));
    double worst = 0;
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            const long double start = with_bias ? bias[j] : T(0);
            long double exact = start, magnitude = std::fabs(start);
            for (std::size_t p = 0; p < k; ++p) {
                exact += static_cast<long double>(a_at(i, p)) * b_at(p, j);
                magnitude += std::fabs(static_cast<long double>(a_at(i, p)) * b_at(p, j));
            }
            const double bound = gamma<T>(k + 1) * static_cast<double>(magnitude);
            const double error = std::fabs(static_cast<double>(mine[i * n + j] - exact));
            const double apart = std::fabs(static_cast<double>(mine[i * n + j]) - reference[i * n + j]);
            if (error > bound || apart > 2 * bound) {
                INFO("C(" << i << ", " << j << "): " << mine[i * n + j] << ", exactly " << static_cast<double>(exact)
                          << ", BLAS " << reference[i * n + j] << ", bound " << bound);
                CHECK(error <= bound);
                CHECK(apart <= 2 * bound);
                return;
            }
            worst = std::max(worst, bound > 0 ? error / bound : 0.0);
        }
    CHECK(worst <= 1.0);
}

}  // namespace

TEST_CASE("small_gemm: x·W with the bias, xᵀ·dy and dy·Wᵀ within the rounding bound, against exact and BLAS") {
    for (const shape s : shapes) {
        CAPTURE(s.m);
        CAPTURE(s.n);
        CAPTURE(s.k);
        for (const bool with_bias : {false, true}) {
            check_product<float>(form::nn, s, with_bias);
            check_product<double>(form::nn, s, with_bias);
        }
        check_product<float>(form::tn, s, false);
        check_product<double>(form::tn, s, false);
        check_product<float>(form::nt, s, false);
        check_product<double>(form::nt, s, false);
    }
}

TEST_CASE("small_gemm: the column sums from the product's own loads equal kernels::column_sums bit for bit") {
    for (const shape s : shapes) {
        const auto x = testing::uniform_values<float>(s.k * s.m, 21 + s.m),
                   dy = testing::uniform_values<float>(s.k * s.n, 22 + s.n);
        std::vector<float> product(s.m * s.n, -1.0f), sums(s.n, -1.0f), expected_sums(s.n), expected_product(s.m * s.n);
        small_gemm::multiply_with_column_sums(small_gemm::strided_matrix<float>::transposed(x.data(), s.k, s.m),
                                              dy.data(), s.n, product.data(), sums.data());
        small_gemm::multiply(small_gemm::strided_matrix<float>::transposed(x.data(), s.k, s.m), dy.data(), s.n,
                             expected_product.data());
        kernels::column_sums(dy.data(), s.k, s.n, expected_sums.data());
        CAPTURE(s.m);
        CAPTURE(s.n);
        CAPTURE(s.k);
        CHECK(sums == expected_sums);
        CHECK(product == expected_product);  // the row of ones changes nothing else
    }
}

TEST_CASE("small_gemm: transpose packs exactly, at and off the 8 x 8 blocks") {
    for (const shape s : shapes) {
        const auto source = testing::uniform_values<float>(s.m * s.n, 31);
        std::vector<float> target(s.m * s.n, -2.0f);
        small_gemm::transpose(source.data(), s.m, s.n, target.data());
        std::size_t wrong = 0;
        for (std::size_t i = 0; i < s.m; ++i)
            for (std::size_t j = 0; j < s.n; ++j) wrong += target[j * s.m + i] != source[i * s.n + j];
        CHECK(wrong == 0);
    }
}
