// mockbn/optim/adam.hpp
//
// Adam as the common frameworks define it (PyTorch's, with L2 weight decay
// added to the gradient). At step t (counted from 1, advanced once per step
// for the whole parameter buffer), per parameter θ with gradient g and
// moments m, v (from 0):
//
//   g ← g + weight_decay · θ
//   m ← beta1 · m + (1 − beta1) · g
//   v ← beta2 · v + (1 − beta2) · g²
//   θ ← θ − (learning_rate / (1 − beta1^t)) · m / (sqrt(v) / sqrt(1 − beta2^t) + epsilon)
//
// ε is added after the bias-corrected root, as PyTorch and Keras do.
// Defaults: learning_rate 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-8, weight_decay 0.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mockbn/optim/optimizer.hpp"

namespace mockbn {

struct adam_rule {
    struct hyperparameters {
        double learning_rate = 1e-3;
        double beta1 = 0.9;
        double beta2 = 0.999;
        double epsilon = 1e-8;
        double weight_decay = 0.0;
    };
    static constexpr std::string_view name = "adam";
    static constexpr std::size_t slots = 2;  // first and second moments

    static void validate(const hyperparameters& h) {
        detail::require_rate_and_decay("adam", h.learning_rate, h.weight_decay);
        detail::require(h.beta1 >= 0 && h.beta1 < 1, "adam", "beta1", "must be in [0, 1)");
        detail::require(h.beta2 >= 0 && h.beta2 < 1, "adam", "beta2", "must be in [0, 1)");
        detail::require(h.epsilon > 0 && std::isfinite(h.epsilon), "adam", "epsilon", "must be finite and > 0");
    }

    template <floating_scalar T>
    static auto stepper(const hyperparameters& h, std::uint64_t step, std::array<T*, 2> state) {
        using V = simd::batch<T>;
        // Once per step: the bias corrections.
        const double correction1 = 1 - std::pow(h.beta1, static_cast<double>(step));
        const double correction2 = 1 - std::pow(h.beta2, static_cast<double>(step));
        const V step_size(static_cast<T>(h.learning_rate / correction1));
        // 1 / sqrt(1 − beta2^t), multiplied in the pass: a second division per batch would cost 15 %
        // of the pass (the root and the division left bound it); the step moves by an ulp at most.
        const V inverse_root_correction2(static_cast<T>(1 / std::sqrt(correction2)));
        const V b1(static_cast<T>(h.beta1)), one_minus_b1(static_cast<T>(1 - h.beta1)), b2(static_cast<T>(h.beta2)),
            one_minus_b2(static_cast<T>(1 - h.beta2)), eps(static_cast<T>(h.epsilon));
        T* first = state[0];
        T* second = state[1];
        return [=](std::size_t i, auto count, const V& g) {
            const V m = b1 * simd::load(first + i, count) + one_minus_b1 * g;
            const V v = b2 * simd::load(second + i, count) + one_minus_b2 * g * g;
            simd::store(first + i, m, count);
            simd::store(second + i, v, count);
            return V(step_size * m / (xsimd::sqrt(v) * inverse_root_correction2 + eps));
        };
    }
};

// adam: its state of the model's scalar, bound at the first step; basic_adam<T>: of T, spelled.
template <floating_scalar T = float>
using basic_adam = optimizer<adam_rule, T>;
using adam = optimizer<adam_rule>;

}  // namespace mockbn
