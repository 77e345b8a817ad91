// mockbn/layers/init.hpp
//
// Weight initialization schemes for dense layers, drawn from a seeded
// mockbn::random::generator, so the same seed gives the same weights on every
// machine.
//
//   he_normal       N(0, 2 / fan_in)                     (the default: suits ReLU)
//   he_uniform      U(−sqrt(6 / fan_in), +sqrt(6 / fan_in))
//   glorot_normal   N(0, 2 / (fan_in + fan_out))
//   glorot_uniform  U(−sqrt(6 / (fan_in + fan_out)), +…)
//
// Contract: Scheme::fill(weights, fan_in, fan_out, generator) writes all
// fan_in · fan_out weights in order; biases start at zero (the layer's job).
#pragma once

#include <cmath>
#include <concepts>
#include <cstddef>
#include <span>
#include <string_view>

#include "mockbn/core/random.hpp"
#include "mockbn/core/scalar.hpp"

namespace mockbn {

struct he_normal {
    static constexpr std::string_view name = "he_normal";
    template <floating_scalar T>
    static void fill(std::span<T> w, std::size_t fan_in, std::size_t, random::generator& g) {
        const double deviation = std::sqrt(2.0 / static_cast<double>(fan_in));
        for (T& v : w) v = static_cast<T>(deviation * g.normal());
    }
};

struct he_uniform {
    static constexpr std::string_view name = "he_uniform";
    template <floating_scalar T>
    static void fill(std::span<T> w, std::size_t fan_in, std::size_t, random::generator& g) {
        const double limit = std::sqrt(6.0 / static_cast<double>(fan_in));
        for (T& v : w) v = static_cast<T>(g.uniform(-limit, limit));
    }
};

struct glorot_normal {
    static constexpr std::string_view name = "glorot_normal";
    template <floating_scalar T>
    static void fill(std::span<T> w, std::size_t fan_in, std::size_t fan_out, random::generator& g) {
        const double deviation = std::sqrt(2.0 / static_cast<double>(fan_in + fan_out));
        for (T& v : w) v = static_cast<T>(deviation * g.normal());
    }
};

struct glorot_uniform {
    static constexpr std::string_view name = "glorot_uniform";
    template <floating_scalar T>
    static void fill(std::span<T> w, std::size_t fan_in, std::size_t fan_out, random::generator& g) {
        const double limit = std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
        for (T& v : w) v = static_cast<T>(g.uniform(-limit, limit));
    }
};

template <class S>
concept initialization_scheme = requires(std::span<float> f, std::span<double> d, random::generator& g) {
    { S::name } -> std::convertible_to<std::string_view>;
    S::fill(f, std::size_t{}, std::size_t{}, g);
    S::fill(d, std::size_t{}, std::size_t{}, g);
};

}  // namespace mockbn
