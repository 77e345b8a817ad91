// mockbn/optim/sgd.hpp
//
// Stochastic gradient descent with optional momentum, Nesterov momentum and
// weight decay, as the common frameworks define it (PyTorch's SGD without
// dampening). Per parameter θ with gradient g and velocity v (starting at 0):
//
//   g ← g + weight_decay · θ
//   v ← momentum · v + g                      (when momentum > 0)
//   d ← g + momentum · v  (nesterov)  or  v  (otherwise); d = g without momentum
//   θ ← θ − learning_rate · d
//
// Defaults: learning_rate 0.01, momentum 0, nesterov off, weight_decay 0.
// Nesterov needs a positive momentum.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mockbn/optim/optimizer.hpp"

namespace mockbn {

struct sgd_rule {
    struct hyperparameters {
        double learning_rate = 0.01;
        double momentum = 0.0;
        bool nesterov = false;
        double weight_decay = 0.0;
    };
    static constexpr std::string_view name = "sgd";
    static constexpr std::size_t slots = 1;  // velocity

    static void validate(const hyperparameters& h) {
        detail::require_rate_and_decay("sgd", h.learning_rate, h.weight_decay);
        detail::require(h.momentum >= 0 && h.momentum < 1, "sgd", "momentum", "must be in [0, 1)");
        detail::require(!h.nesterov || h.momentum > 0, "sgd", "nesterov", "needs a momentum > 0");
    }

    template <floating_scalar T>
    static auto stepper(const hyperparameters& h, std::uint64_t, std::array<T*, 1> state) {
        using V = simd::batch<T>;
        const V lr(static_cast<T>(h.learning_rate)), mu(static_cast<T>(h.momentum));
        const bool with_momentum = h.momentum > 0;
        T* velocity = state[0];
        return [=](std::size_t i, auto count, const V& g) {
            if (!with_momentum) return V(lr * g);
            const V v = mu * simd::load(velocity + i, count) + g;
            simd::store(velocity + i, v, count);
            return V(lr * (h.nesterov ? V(g + mu * v) : v));
        };
    }
};

// sgd: its state of the model's scalar, bound at the first step; basic_sgd<T>: of T, spelled.
template <floating_scalar T = float>
using basic_sgd = optimizer<sgd_rule, T>;
using sgd = optimizer<sgd_rule>;

}  // namespace mockbn
