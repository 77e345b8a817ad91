// Helpers shared by the tests: deterministic inputs.
#pragma once

#include <cstddef>
#include <cstdint>

#include <xtensor/xtensor.hpp>

namespace mockbn::testing {

// Uniform values in [low, high), the same on every machine for a given seed.
inline double uniform(std::uint64_t& state, double low, double high) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double unit = static_cast<double>(state >> 11) * 0x1.0p-53;
    return low + (high - low) * unit;
}

template <class T = double>
xt::xtensor<T, 2> uniform_matrix(std::size_t rows, std::size_t cols, std::uint64_t seed, double low = -1.0,
                                  double high = 1.0) {
    auto m = xt::xtensor<T, 2>::from_shape({rows, cols});
    for (auto& v : m) v = static_cast<T>(uniform(seed, low, high));
    return m;
}

template <class T = double>
xt::xtensor<T, 1> uniform_vector(std::size_t size, std::uint64_t seed, double low = -1.0, double high = 1.0) {
    auto v = xt::xtensor<T, 1>::from_shape({size});
    for (auto& e : v) e = static_cast<T>(uniform(seed, low, high));
    return v;
}

}  // namespace mockbn::testing
