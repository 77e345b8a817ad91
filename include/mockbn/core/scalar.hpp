// mockbn/core/scalar.hpp
//
// The element types the library computes in.
//
// Contract: every tensor the library builds holds `float` or `double`.
// float is the training type (single-precision BLAS, twice the SIMD lanes);
// double is the checking type (gradcheck and the derivative tests run in it).
#pragma once

#include <concepts>

namespace mockbn {

template <class T>
concept floating_scalar = std::same_as<T, float> || std::same_as<T, double>;

}  // namespace mockbn
