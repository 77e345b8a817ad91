// mockbn/optim/schedule.hpp
//
// Learning-rate schedules, as compile-time policies of the optimizer
// skeleton (optim/optimizer.hpp), in the manner of ensmallen's decay
// policies. A schedule gives the multiplier of the learning rate at step t
// (counted from 1, as the optimizer counts its steps):
//
//   constant_rate   1
//   step_decay      factor^floor((t − 1) / every): ×factor after every `every` steps
//   cosine_decay    floor + (1 − floor)·(1 + cos(π·min(t − 1, steps)/steps))/2:
//                   from 1 at the first step to `floor` after `steps` steps, then flat
//   schedule_choice<S...>  one of S..., chosen at run time (a study option)
//
// Contract: multiplier(t) depends on t and the schedule's own settings
// alone, so a run restored with its step counter continues on the same
// rates; validate() throws std::invalid_argument naming a bad setting.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <numbers>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

namespace mockbn {

struct constant_rate {
    static constexpr std::string_view name = "constant";
    double multiplier(std::uint64_t) const noexcept { return 1; }
    void validate() const {}
};

struct step_decay {
    static constexpr std::string_view name = "step";
    std::uint64_t every = 1000;  // steps between two decays
    double factor = 0.1;

    double multiplier(std::uint64_t step) const noexcept {
        return std::pow(factor, static_cast<double>((step - 1) / every));
    }
    void validate() const {
        if (every == 0) throw std::invalid_argument("mockbn::step_decay: every must be at least 1 step");
        if (!(factor > 0 && factor <= 1)) throw std::invalid_argument("mockbn::step_decay: factor must be in (0, 1]");
    }
};

struct cosine_decay {
    static constexpr std::string_view name = "cosine";
    std::uint64_t steps = 1000;  // steps from the full rate down to floor
    double floor = 0;            // the multiplier at the end, as a fraction of the full rate

    double multiplier(std::uint64_t step) const noexcept {
        const double done = static_cast<double>(std::min(step - 1, steps)) / static_cast<double>(steps);
        return floor + (1 - floor) * (1 + std::cos(std::numbers::pi * done)) / 2;
    }
    void validate() const {
        if (steps == 0) throw std::invalid_argument("mockbn::cosine_decay: steps must be at least 1");
        if (!(floor >= 0 && floor <= 1)) throw std::invalid_argument("mockbn::cosine_decay: floor must be in [0, 1]");
    }
};

template <class S>
concept learning_rate_schedule = std::copyable<S> && requires(const S& s, std::uint64_t step) {
    { s.multiplier(step) } -> std::convertible_to<double>;
    s.validate();
};

// One schedule of S..., chosen at run time: one std::visit per step.
template <learning_rate_schedule... S>
struct schedule_choice {
    std::variant<S...> chosen;

    double multiplier(std::uint64_t step) const {
        return std::visit([&](const auto& s) { return static_cast<double>(s.multiplier(step)); }, chosen);
    }
    void validate() const {
        std::visit([](const auto& s) { s.validate(); }, chosen);
    }
};

}  // namespace mockbn
