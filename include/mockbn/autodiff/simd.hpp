// mockbn/autodiff/simd.hpp
//
// The SIMD vocabulary of the fused kernels: the batch type for an element
// type, and loads and stores of a partial batch at the end of a row.
//
// Contract: a partial load fills the lanes past `count` with zero; a partial
// store writes exactly `count` lanes. Every element of a fused pass, the tail
// included, goes through the same batch code, so one element's result does
// not depend on where it sits in a row.
#pragma once

#include <algorithm>
#include <cstddef>

#include <xsimd/xsimd.hpp>

#include "mockbn/concepts/scalar.hpp"

namespace mockbn::simd {

template <floating_scalar T>
using batch = xsimd::batch<T>;

template <floating_scalar T>
using batch_mask = xsimd::batch_bool<T>;

template <floating_scalar T>
inline constexpr std::size_t lanes = batch<T>::size;

template <floating_scalar T>
batch<T> load(const T* source, std::size_t count) noexcept {
    if (count == lanes<T>) return batch<T>::load_unaligned(source);
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
    alignas(64) T padded[lanes<T>];
    value.store_aligned(padded);
    std::copy_n(padded, count, target);
}

// True in the first `count` lanes.
template <floating_scalar T>
batch_mask<T> first_lanes(std::size_t count) noexcept {
    alignas(64) T index[lanes<T>];
    for (std::size_t lane = 0; lane < lanes<T>; ++lane) index[lane] = static_cast<T>(lane);
    return batch<T>::load_aligned(index) < batch<T>(static_cast<T>(count));
}

}  // namespace mockbn::simd
