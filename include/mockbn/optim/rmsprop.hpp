// mockbn/optim/rmsprop.hpp
//
// RMSProp as the common frameworks define it (PyTorch's, uncentered). Per
// parameter θ with gradient g, squared average s and buffer b (both from 0):
//
//   g ← g + weight_decay · θ
//   s ← alpha · s + (1 − alpha) · g²
//   d ← g / (sqrt(s) + epsilon)            ε outside the root, as PyTorch
//                                           (TensorFlow puts it inside)
//   b ← momentum · b + d; d ← b             (when momentum > 0)
//   θ ← θ − learning_rate · d
//
// Defaults: learning_rate 0.01, alpha 0.99, epsilon 1e-8, momentum 0, weight_decay 0.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mockbn/optim/optimizer.hpp"

namespace mockbn {

struct rmsprop_rule {
    struct hyperparameters {
        double learning_rate = 0.01;
        double alpha = 0.99;
        double epsilon = 1e-8;
        double momentum = 0.0;
        double weight_decay = 0.0;
    };
    static constexpr std::string_view name = "rmsprop";
    static constexpr std::size_t slots = 2;  // squared average, momentum buffer

    static void validate(const hyperparameters& h) {
        detail::require_rate_and_decay("rmsprop", h.learning_rate, h.weight_decay);
        detail::require(h.alpha >= 0 && h.alpha < 1, "rmsprop", "alpha", "must be in [0, 1)");
        detail::require(h.epsilon > 0 && std::isfinite(h.epsilon), "rmsprop", "epsilon", "must be finite and > 0");
        detail::require(h.momentum >= 0 && h.momentum < 1, "rmsprop", "momentum", "must be in [0, 1)");
    }

    template <floating_scalar T>
    static auto stepper(const hyperparameters& h, std::uint64_t, std::array<T*, 2> state) {
        using V = simd::batch<T>;
        const V lr(static_cast<T>(h.learning_rate)), alpha(static_cast<T>(h.alpha)),
            one_minus_alpha(static_cast<T>(1 - h.alpha)), eps(static_cast<T>(h.epsilon)),
            mu(static_cast<T>(h.momentum));
        const bool with_momentum = h.momentum > 0;
        T* square_average = state[0];
        T* buffer = state[1];
        return [=](std::size_t i, auto count, const V& g) {
            const V s = alpha * simd::load(square_average + i, count) + one_minus_alpha * g * g;
            simd::store(square_average + i, s, count);
            V d = g / (xsimd::sqrt(s) + eps);
            if (with_momentum) {
                d = mu * simd::load(buffer + i, count) + d;
                simd::store(buffer + i, d, count);
            }
            return V(lr * d);
        };
    }
};

// rmsprop: its state of the model's scalar, bound at the first step; basic_rmsprop<T>: of T, spelled.
template <floating_scalar T = float>
using basic_rmsprop = optimizer<rmsprop_rule, T>;
using rmsprop = optimizer<rmsprop_rule>;

}  // namespace mockbn
