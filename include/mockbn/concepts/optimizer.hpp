// mockbn/concepts/optimizer.hpp
//
// The optimizer contracts.
//
// An update rule R (what optim/optimizer.hpp's skeleton runs) has
//  - R::hyperparameters: an aggregate with defaults (learning_rate among them);
//  - R::name: its name, for messages and checkpoints;
//  - R::slots: how many state values it keeps per parameter;
//  - R::validate(h): throws std::invalid_argument naming a bad field;
//  - R::stepper<T>(h, step, slots): the step of one SIMD batch of
//    parameters, called as (i, count, g) with the batch's offset, its lanes
//    in use and its gradient: returns what the parameters lose, and updates
//    the slots at i (optim/optimizer.hpp runs it over the buffer).
//
// An optimizer for a model M is anything with step(m) -> bool that advances
// m's parameters from its gradients: the skeleton's optimizer<R, T> is one
// when T is the model's element type.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mockbn/core/scalar.hpp"
#include "mockbn/core/simd.hpp"

namespace mockbn {

template <class R, class T>
concept update_rule = floating_scalar<T> && requires(const typename R::hyperparameters& h, std::uint64_t step,
                                                     std::array<T*, R::slots> slots, std::size_t count) {
    { R::name } -> std::convertible_to<std::string_view>;
    { R::slots } -> std::convertible_to<std::size_t>;
    R::validate(h);
    { R::template stepper<T>(h, step, slots)(count, count, simd::batch<T>(T(0))) } -> std::same_as<simd::batch<T>>;
};

template <class O, class M>
concept optimizer_for = requires(O& optimizer, M& model) {
    { optimizer.step(model) } -> std::same_as<bool>;
};

}  // namespace mockbn
