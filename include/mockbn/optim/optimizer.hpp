// mockbn/optim/optimizer.hpp
//
// The skeleton every optimizer shares: optimizer<Rule, T> holds the rule's
// hyper-parameters (a plain aggregate) and the per-parameter state (the
// rule's slots, one value per parameter, and a step counter), and applies
// the rule in one fused pass over the parameter buffer.
//
// Contract:
//  - step(parameters, gradients) advances the step counter once, then calls
//    Rule::update once over the whole buffer, and says whether every gradient
//    was finite (checked within the same pass). Anything that depends on the
//    step alone (Adam's bias correction) is computed once per step, never
//    per tensor: the network's parameters are one buffer.
//  - step(model) is step(model.parameters(), model.gradients()).
//  - The state is allocated at the first step, sized to the buffer, and
//    bound to it: a buffer of another size is an error (one optimizer per
//    network). Nothing is allocated after the first step.
//  - Hyper-parameters are checked at construction; a bad one throws
//    std::invalid_argument naming the field.
//
// A Rule provides: `hyperparameters` (aggregate with defaults), `name`,
// `slots` (state values per parameter), validate(h), and
// update(h, step, parameters, gradients, state slots, count).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <xsimd/xsimd.hpp>

#include "mockbn/concepts/optimizer.hpp"
#include "mockbn/core/scalar.hpp"
#include "mockbn/core/simd.hpp"

namespace mockbn {

namespace detail {

inline void require(bool holds, const char* optimizer, const char* field, const char* what) {
    if (!holds)
        throw std::invalid_argument(std::string("mockbn::") + optimizer + ": hyper-parameter " + field + " " + what);
}

// The checks every rule shares.
inline void require_rate_and_decay(const char* optimizer, double learning_rate, double weight_decay) {
    require(std::isfinite(learning_rate) && learning_rate >= 0, optimizer, "learning_rate", "must be finite and >= 0");
    require(std::isfinite(weight_decay) && weight_decay >= 0, optimizer, "weight_decay", "must be finite and >= 0");
}

// The one pass every rule shares: per SIMD batch of parameters θ, the
// gradient g with weight decay added (g + weight_decay · θ), then
// θ ← θ − step(offset, count, g), where the rule's step also updates its state.
// Returns whether every gradient was finite: Σ g·0 is NaN exactly when one
// is not, which costs one multiply-add per batch instead of a second pass.
template <floating_scalar T, class Step>
bool update_pass(std::size_t n, T* theta, const T* gradient, double weight_decay, Step&& step) {
    using V = simd::batch<T>;
    constexpr std::size_t L = simd::lanes<T>;
    const V decay(static_cast<T>(weight_decay)), zero(T(0));
    const bool with_decay = weight_decay > 0;
    V poison(T(0));
    for (std::size_t i = 0; i < n; i += L) {
        const std::size_t count = std::min(L, n - i);
        const V p = simd::load(theta + i, count);
        V g = simd::load(gradient + i, count);
        poison = xsimd::fma(g, zero, poison);
        if (with_decay) g = g + decay * p;
        simd::store(theta + i, V(p - step(i, count, g)), count);
    }
    return !std::isnan(xsimd::hadd(poison));
}

}  // namespace detail

template <class Rule, floating_scalar T = float>
    requires update_rule<Rule, T>
class optimizer {
public:
    using hyperparameters = typename Rule::hyperparameters;
    using value_type = T;

    optimizer() : optimizer(hyperparameters{}) {}
    explicit optimizer(const hyperparameters& settings) : settings_(settings) { Rule::validate(settings_); }

    // Returns false when a gradient was not finite (the update is applied all the same).
    bool step(std::span<T> parameters, std::span<const T> gradients) {
        if (parameters.size() != gradients.size())
            throw std::invalid_argument("mockbn::" + std::string(Rule::name) + ": " +
                                        std::to_string(parameters.size()) + " parameters but " +
                                        std::to_string(gradients.size()) + " gradients");
        if (steps_ == 0 && size_ == 0) {
            size_ = parameters.size();
            for (auto& slot : slots_) slot.assign(size_, T(0));
        } else if (parameters.size() != size_) {
            throw std::invalid_argument("mockbn::" + std::string(Rule::name) + ": the state was made for " +
                                        std::to_string(size_) + " parameters, not " +
                                        std::to_string(parameters.size()) + ": use one optimizer per network");
        }
        ++steps_;
        std::array<T*, Rule::slots> state{};
        for (std::size_t k = 0; k < Rule::slots; ++k) state[k] = slots_[k].data();
        return Rule::update(settings_, steps_, parameters.data(), gradients.data(), state, size_);
    }

    template <class Model>
        requires requires(Model& m) {
            { m.parameters() } -> std::convertible_to<std::span<T>>;
            { m.gradients() } -> std::convertible_to<std::span<const T>>;
        }
    bool step(Model& model) { return step(model.parameters(), model.gradients()); }

    // Read freely; change between steps (a learning-rate schedule) through settings().
    const hyperparameters& settings() const noexcept { return settings_; }
    hyperparameters& settings() noexcept { return settings_; }

    std::uint64_t steps() const noexcept { return steps_; }
    std::span<const T> state(std::size_t slot) const { return slots_.at(slot); }

    // The persistence hook (concepts/state.hpp): the rule's name (a state
    // loads only into the same rule), the step counter, and every slot; the
    // hyper-parameters are the caller's (a schedule may have changed them).
    template <class Self, class Fields>
    static void state_fields(Self& self, Fields& fields) {
        fields.tag("rule", Rule::name);
        fields.value("steps", self.steps_);
        fields.value("size", self.size_);
        for (std::size_t k = 0; k < Rule::slots; ++k)
            fields.values("slot" + std::to_string(k), self.slots_[k], self.size_);
    }

    // Forgets the state: the next step is a first step.
    void reset() {
        steps_ = 0;
        size_ = 0;
        for (auto& slot : slots_) slot.clear();
    }

private:
    hyperparameters settings_;
    std::uint64_t steps_ = 0;
    std::uint64_t size_ = 0;
    std::array<std::vector<T, xsimd::aligned_allocator<T, 64>>, Rule::slots> slots_;
};

}  // namespace mockbn
