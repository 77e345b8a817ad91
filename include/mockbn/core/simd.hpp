// mockbn/core/simd.hpp
//
// The SIMD vocabulary of the fused kernels: the batch type for an element
// type, loads and stores of a partial batch at the end of a row, and a
// fused multiply-add that is one on every instruction set.
//
// Contract: a partial load fills the lanes past `count` with zero; a partial
// store writes exactly `count` lanes. Every element of a fused pass, the tail
// included, goes through the same batch code, so one element's result does
// not depend on where it sits in a row.
#pragma once

#include <algorithm>
#include <cstddef>
#include <type_traits>

#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#endif

#include "mockbn/core/scalar.hpp"
#include "mockbn/core/xsimd.hpp"

namespace mockbn::simd {

template <floating_scalar T>
using batch = xsimd::batch<T>;

template <floating_scalar T>
using batch_mask = xsimd::batch_bool<T>;

template <floating_scalar T>
inline constexpr std::size_t lanes = batch<T>::size;

// AVX-512 loads and stores a partial batch with a lane mask, AVX2 with a mask
// vector (a masked-out lane is never read or written, so never faults);
// elsewhere the partial batch goes through a small aligned buffer, which
// inside a product's loop over the depth cost more than the product (a
// 10-wide product ran at a fifth of OpenBLAS's speed on a Zen 3 core).
#if defined(__AVX512F__)
template <floating_scalar T>
inline constexpr bool masked_moves = lanes<T> * sizeof(T) == 64;
#else
template <floating_scalar T>
inline constexpr bool masked_moves = false;
#endif
#if defined(__AVX2__)
template <floating_scalar T>
inline constexpr bool vector_masked_moves = lanes<T> * sizeof(T) == 32;

#else
template <floating_scalar T>
inline constexpr bool vector_masked_moves = false;
#endif

// True in the first `count` lanes.
template <floating_scalar T>
batch_mask<T> first_lanes(std::size_t count) noexcept {
    alignas(64) T index[lanes<T>];
    for (std::size_t lane = 0; lane < lanes<T>; ++lane) index[lane] = static_cast<T>(lane);
    return batch<T>::load_aligned(index) < batch<T>(static_cast<T>(count));
}

template <floating_scalar T>
batch<T> load(const T* source, std::size_t count) noexcept {
    if (count == lanes<T>) return batch<T>::load_unaligned(source);
#if defined(__AVX512F__)
    if constexpr (masked_moves<T>) {
        const unsigned mask = (1u << count) - 1u;
        if constexpr (std::is_same_v<T, float>) return _mm512_maskz_loadu_ps(static_cast<__mmask16>(mask), source);
        else return _mm512_maskz_loadu_pd(static_cast<__mmask8>(mask), source);
    }
#endif
#if defined(__AVX2__)
    if constexpr (vector_masked_moves<T>) {
        const batch_mask<T> mask = first_lanes<T>(count);
        if constexpr (std::is_same_v<T, float>) return _mm256_maskload_ps(source, _mm256_castps_si256(mask));
        else return _mm256_maskload_pd(source, _mm256_castpd_si256(mask));
    }
#endif
    alignas(64) T padded[lanes<T>] = {};
    std::copy_n(source, count, padded);
    return batch<T>::load_aligned(padded);
}

template <floating_scalar T>
void store(T* target, const batch<T>& value, std::size_t count) noexcept {
    if (count == lanes<T>) {
        value.store_unaligned(target);
        return;
    }
#if defined(__AVX512F__)
    if constexpr (masked_moves<T>) {
        const unsigned mask = (1u << count) - 1u;
        if constexpr (std::is_same_v<T, float>) _mm512_mask_storeu_ps(target, static_cast<__mmask16>(mask), value);
        else _mm512_mask_storeu_pd(target, static_cast<__mmask8>(mask), value);
        return;
    }
#endif
#if defined(__AVX2__)
    if constexpr (vector_masked_moves<T>) {
        const batch_mask<T> mask = first_lanes<T>(count);
        if constexpr (std::is_same_v<T, float>) _mm256_maskstore_ps(target, _mm256_castps_si256(mask), value);
        else _mm256_maskstore_pd(target, _mm256_castpd_si256(mask), value);
        return;
    }
#endif
    alignas(64) T padded[lanes<T>];
    value.store_aligned(padded);
    std::copy_n(padded, count, target);
}

// a·b + c in one rounding. xsimd 10 has no AVX-512 kernel for it and computes
// a·b + c in two (compilers fuse those only when allowed to contract, and
// mockbn builds with -ffp-contract=off); with AVX2 and FMA, xsimd's is fused.
template <floating_scalar T>
batch<T> fma(const batch<T>& a, const batch<T>& b, const batch<T>& c) noexcept {
#if defined(__AVX512F__)
    if constexpr (masked_moves<T>) {
        if constexpr (std::is_same_v<T, float>) return _mm512_fmadd_ps(a, b, c);
        else return _mm512_fmadd_pd(a, b, c);
    }
#endif
    return xsimd::fma(a, b, c);
}

}  // namespace mockbn::simd
