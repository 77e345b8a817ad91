// mockbn/layers/init.hpp
//
// Initialization schemes for dense layers, drawn from a seeded
// mockbn::random::generator, so the same seed gives the same weights on every
// machine. fan_in is the layer's input width, fan_out its output width.
//
//   he_normal       W ~ N(0, 2 / fan_in)                      (the default: suits ReLU)
//   he_uniform      W ~ U(±sqrt(6 / fan_in))
//   glorot_normal   W ~ N(0, 2 / (fan_in + fan_out))
//   glorot_uniform  W ~ U(±sqrt(6 / (fan_in + fan_out)))      (TensorFlow's Dense)
//   lecun_normal    W ~ N(0, 1 / fan_in)                      (suits SELU)
//   torch_default   W, b ~ U(±1 / sqrt(fan_in))               (PyTorch's nn.Linear)
//   tf_tutorial     W ~ N(0, 0.1²) truncated at ±0.2, b = 0.1 (TensorFlow's 2016 tutorials)
//
// Contract: Scheme::fill(weights, biases, fan_in, fan_out, generator) writes
// all fan_in · fan_out weights in order, then every bias: zero, except for
// a scheme that draws them (torch_default) or sets them (tf_tutorial). The
// normal schemes are untruncated but tf_tutorial's.
// initialization_schemes lists them all; with_initialization(name, f) calls
// f.template operator()<Scheme>() for the scheme of that name (a choice made
// at run time) and throws std::invalid_argument for an unknown name;
// initializer_named<T>(name) gives that scheme's fill as a plain value (what
// a layer shaped at run time holds: it is called once, at initialization).
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "mockbn/core/random.hpp"
#include "mockbn/core/scalar.hpp"

namespace mockbn {

namespace detail {

template <floating_scalar T>
void fill_normal(std::span<T> values, double deviation, random::generator& g) {
    for (T& v : values) v = static_cast<T>(deviation * g.normal());
}

template <floating_scalar T>
void fill_uniform(std::span<T> values, double limit, random::generator& g) {
    for (T& v : values) v = static_cast<T>(g.uniform(-limit, limit));
}

}  // namespace detail

struct he_normal {
    static constexpr std::string_view name = "he_normal";
    template <floating_scalar T>
    static void fill(std::span<T> weights, std::span<T> biases, std::size_t fan_in, std::size_t, random::generator& g) {
        detail::fill_normal(weights, std::sqrt(2.0 / fan_in), g);
        std::fill(biases.begin(), biases.end(), T(0));
    }
};

struct he_uniform {
    static constexpr std::string_view name = "he_uniform";
    template <floating_scalar T>
    static void fill(std::span<T> weights, std::span<T> biases, std::size_t fan_in, std::size_t, random::generator& g) {
        detail::fill_uniform(weights, std::sqrt(6.0 / fan_in), g);
        std::fill(biases.begin(), biases.end(), T(0));
    }
};

struct glorot_normal {
    static constexpr std::string_view name = "glorot_normal";
    template <floating_scalar T>
    static void fill(std::span<T> weights, std::span<T> biases, std::size_t fan_in, std::size_t fan_out,
                     random::generator& g) {
        detail::fill_normal(weights, std::sqrt(2.0 / (fan_in + fan_out)), g);
        std::fill(biases.begin(), biases.end(), T(0));
    }
};

struct glorot_uniform {
    static constexpr std::string_view name = "glorot_uniform";
    template <floating_scalar T>
    static void fill(std::span<T> weights, std::span<T> biases, std::size_t fan_in, std::size_t fan_out,
                     random::generator& g) {
        detail::fill_uniform(weights, std::sqrt(6.0 / (fan_in + fan_out)), g);
        std::fill(biases.begin(), biases.end(), T(0));
    }
};

struct lecun_normal {
    static constexpr std::string_view name = "lecun_normal";
    template <floating_scalar T>
    static void fill(std::span<T> weights, std::span<T> biases, std::size_t fan_in, std::size_t, random::generator& g) {
        detail::fill_normal(weights, std::sqrt(1.0 / fan_in), g);
        std::fill(biases.begin(), biases.end(), T(0));
    }
};

// PyTorch's nn.Linear.reset_parameters: Kaiming-uniform with a = sqrt(5) for
// the weights, which is U(±1/sqrt(fan_in)), and the biases from the same range.
struct torch_default {
    static constexpr std::string_view name = "torch_default";
    template <floating_scalar T>
    static void fill(std::span<T> weights, std::span<T> biases, std::size_t fan_in, std::size_t, random::generator& g) {
        const double limit = 1.0 / std::sqrt(fan_in);
        detail::fill_uniform(weights, limit, g);
        detail::fill_uniform(biases, limit, g);
    }
};

// The TensorFlow tutorials' weight_variable and bias_variable (2016): tf.truncated_normal with stddev 0.1, which
// draws again every value more than two deviations from the mean, and every bias 0.1, whatever the layer's size.
struct tf_tutorial {
    static constexpr std::string_view name = "tf_tutorial";
    static constexpr double deviation = 0.1, bias = 0.1;
    template <floating_scalar T>
    static void fill(std::span<T> weights, std::span<T> biases, std::size_t, std::size_t, random::generator& g) {
        for (T& w : weights) {
            double z = g.normal();
            while (std::fabs(z) > 2) z = g.normal();
            w = static_cast<T>(deviation * z);
        }
        std::fill(biases.begin(), biases.end(), static_cast<T>(bias));
    }
};

template <class S>
concept initialization_scheme = requires(std::span<float> f, std::span<double> d, random::generator& g) {
    { S::name } -> std::convertible_to<std::string_view>;
    S::fill(f, f, std::size_t{}, std::size_t{}, g);
    S::fill(d, d, std::size_t{}, std::size_t{}, g);
};

using initialization_schemes =
    std::tuple<he_normal, he_uniform, glorot_normal, glorot_uniform, lecun_normal, torch_default, tf_tutorial>;

// A scheme chosen at run time, for layers of element type T: its name and its fill.
template <floating_scalar T>
struct initializer {
    using fill_function = void (*)(std::span<T>, std::span<T>, std::size_t, std::size_t, random::generator&);
    std::string_view name;
    fill_function fill;

    template <initialization_scheme S>
    static constexpr initializer of() {
        return {S::name, &S::template fill<T>};
    }
};

// The schemes' names, in the order listed.
inline std::vector<std::string> initialization_names() {
    return [&]<class... S>(std::tuple<S...>*) {
        return std::vector<std::string>{std::string(S::name)...};
    }(static_cast<initialization_schemes*>(nullptr));
}

template <class F>
auto with_initialization(std::string_view name, F&& f) {
    using result = decltype(f.template operator()<he_normal>());
    std::optional<std::conditional_t<std::is_void_v<result>, bool, result>> out;
    [&]<class... S>(std::tuple<S...>*) {
        auto visit = [&]<class Scheme>() {
            if (out || Scheme::name != name) return;
            if constexpr (std::is_void_v<result>) f.template operator()<Scheme>(), out.emplace(true);
            else out.emplace(f.template operator()<Scheme>());
        };
        (visit.template operator()<S>(), ...);
    }(static_cast<initialization_schemes*>(nullptr));
    if (!out) throw std::invalid_argument("mockbn: no initialization scheme is called '" + std::string(name) + "'");
    if constexpr (!std::is_void_v<result>) return *out;
}

// The initializer of the scheme of that name; std::invalid_argument for an unknown name.
template <floating_scalar T>
initializer<T> initializer_named(std::string_view name) {
    return with_initialization(name, []<class S>() { return initializer<T>::template of<S>(); });
}

}  // namespace mockbn
