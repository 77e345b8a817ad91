// mockbn/optim/optimizer.hpp
//
// The skeleton every optimizer shares: optimizer<Rule, Scalar, Schedule>
// holds the rule's hyper-parameters (a plain aggregate), a learning-rate
// schedule (optim/schedule.hpp), parameter groups, and the per-parameter
// state (the rule's slots, one value per parameter, and a step counter), and
// applies the rule in one fused pass over the parameter buffer.
//
// Scalar is the state's element type: float or double, or model_scalar (the
// default, what adam, sgd and rmsprop are): the model's, bound at the first
// step (or by loading a state), so that one spelling serves float and double
// models. Either way the state is of the model's scalar and the pass runs
// on it, through no virtual call; a float model gets the same bits from
// either. An optimizer of a spelled scalar stepping a model of another is a
// compile-time error (one static_assert).
//
// Contract:
//  - step(parameters, gradients) advances the step counter once, then runs
//    the rule's step over the whole buffer at the learning rate
//    settings().learning_rate × schedule().multiplier(step), and says whether
//    every gradient was finite (checked within the same pass). Anything that
//    depends on the step alone (Adam's bias correction) is computed once per
//    step and group, never per tensor: the network's parameters are one buffer.
//  - Parameter groups (set_groups) give parts of the buffer their own rate:
//    rate_scale × the rate above (the transformations' parameters at ten
//    times the weights' rate, say). The pass still visits each parameter
//    once, one run of the rule per stretch of the buffer; a parameter outside
//    every group has rate_scale 1. A rule's step must be proportional to its
//    learning_rate (sgd, rmsprop and adam are), so that a group's rate means
//    what it says. Groups of rate_scale 1 give the same bits as no groups.
//  - step(model) is step(model.parameters(), model.gradients()).
//  - The state is allocated at the first step, sized to the buffer, and
//    bound to it: a buffer of another size, or (model_scalar) of another
//    scalar, is an error (one optimizer per network). Nothing is allocated
//    after the first step.
//  - Hyper-parameters are checked at construction; a bad one throws
//    std::invalid_argument naming the field.
//
//  - open_step(parameters, gradients) runs the same step part by part, inside
//    a backward pass (step_in_pass, below; network_core::backward_and_step).
//
// A Rule provides: `hyperparameters` (aggregate with defaults), `name`,
// `slots` (state values per parameter), validate(h), and stepper(h, step,
// state slots): the step of one SIMD batch, (i, count, g) → what θ loses,
// updating the slots at i (the skeleton adds weight decay to g first).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "mockbn/concepts/optimizer.hpp"
#include "mockbn/core/scalar.hpp"
#include "mockbn/core/simd.hpp"
#include "mockbn/core/xsimd.hpp"
#include "mockbn/optim/schedule.hpp"

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

// One batch of the update every rule shares: with the gradient g (its lanes
// past `count` zero), finite gathers whether g is finite (false for NaN too),
// weight decay is added (g + weight_decay · θ), then θ ← θ − step(i, count, g),
// where the rule's step also updates its state.
template <floating_scalar T, class Step, class Count>
void update_batch(T* theta, std::size_t i, Count count, simd::batch<T> g, const simd::batch<T>& decay, bool with_decay,
                  const Step& step, simd::batch_mask<T>& finite) {
    using V = simd::batch<T>;
    const V p = simd::load(theta + i, count);
    finite = finite & (xsimd::abs(g) < V(std::numeric_limits<T>::infinity()));
    if (with_decay) g = g + decay * p;
    simd::store(theta + i, V(p - step(i, count, g)), count);
}

// The pass over n parameters, batch by batch. Full batches pass `count` as a
// constant, so that only the last batch loads and stores through a lane mask.
// `step` is taken by value, and rules capture their constants by value: a SIMD
// store may alias any float in memory, so whatever the pass reads through a
// reference is loaded again after every store (Adam's pass took 1.7 times as
// long). Returns whether every gradient was finite, from a lane mask gathered
// in the same pass.
template <floating_scalar T, class Step>
bool update_pass(std::size_t n, T* theta, const T* gradient, double weight_decay, Step step) {
    constexpr std::size_t L = simd::lanes<T>;
    const simd::batch<T> decay(static_cast<T>(weight_decay));
    const bool with_decay = weight_decay > 0;
    simd::batch_mask<T> finite(true);
    std::size_t i = 0;
    for (; i + L <= n; i += L) {
        const std::integral_constant<std::size_t, L> full;
        update_batch(theta, i, full, simd::load(gradient + i, full), decay, with_decay, step, finite);
    }
    if (i < n) update_batch(theta, i, n - i, simd::load(gradient + i, n - i), decay, with_decay, step, finite);
    return xsimd::all(finite);
}

// A small_gemm epilogue for a product that gives the gradient of a row-major
// block of parameters (a dense layer's dW = xᵀ·dy): each finished batch,
// still in registers, updates its parameters (theta, rows of `stride`) as
// update_pass would, and is stored unchanged. Inactive, it does nothing.
template <floating_scalar T, class Step>
struct update_epilogue {
    T* theta = nullptr;
    std::size_t stride = 0;
    Step step;
    double weight_decay = 0;
    simd::batch_mask<T>* finite = nullptr;  // null: inactive

    struct columns {};
    template <floating_scalar>
    simd::batch<T> start(std::size_t, std::size_t) const noexcept {
        return simd::batch<T>(T(0));
    }
    template <floating_scalar>
    columns at(std::size_t, std::size_t) const noexcept {
        return {};
    }
    template <floating_scalar>
    void finish_rows(const columns&, std::size_t first_row, std::size_t rows, std::size_t col, std::size_t count,
                     const simd::batch<T>* values) const {
        if (!finite) return;
        // In locals: a store to θ may alias any float the epilogue holds, which would be loaded again after it.
        const Step local_step = step;
        T* const local_theta = theta;
        const std::size_t local_stride = stride;
        const bool with_decay = weight_decay > 0;
        const simd::batch<T> decay(static_cast<T>(weight_decay)), zero(T(0));
        simd::batch_mask<T> all_finite(true);
        for (std::size_t r = 0; r < rows; ++r) {
            const simd::batch<T> g =
                count == simd::lanes<T> ? values[r] : xsimd::select(simd::first_lanes<T>(count), values[r], zero);
            update_batch(local_theta, (first_row + r) * local_stride + col, count, g, decay, with_decay, local_step,
                         all_finite);
        }
        *finite = *finite & all_finite;
    }
};

}  // namespace detail

// The state's scalar when it is not spelled: the model's, bound at the first step.
struct model_scalar {};

template <class S>
concept optimizer_scalar = floating_scalar<S> || std::same_as<S, model_scalar>;

// Rule runs on the state's scalar: on both float and double when that is the model's.
template <class Rule, class Scalar>
concept update_rule_on_any_scalar =
    std::same_as<Scalar, model_scalar> && update_rule<Rule, float> && update_rule<Rule, double>;
template <class Rule, class Scalar>
concept update_rule_on = update_rule<Rule, Scalar> || update_rule_on_any_scalar<Rule, Scalar>;

namespace detail {

// The rule's slots for a buffer of T.
template <class Rule, floating_scalar T>
using rule_slots = std::array<std::vector<T, xsimd::aligned_allocator<T, 64>>, Rule::slots>;

// What holds them: always of T, or, for model_scalar, nothing until a step
// or a load binds a scalar (one index test per step finds them).
template <class Rule, class Scalar>
struct slot_store {
    using type = std::variant<rule_slots<Rule, Scalar>>;
};
template <class Rule>
struct slot_store<Rule, model_scalar> {
    using type = std::variant<std::monostate, rule_slots<Rule, float>, rule_slots<Rule, double>>;
};

template <floating_scalar T>
constexpr const char* scalar_name = std::is_same_v<T, float> ? "float" : "double";

}  // namespace detail

// A part of the parameter buffer, [offset, offset + count), learning at
// rate_scale times the optimizer's rate.
struct parameter_group {
    std::size_t offset = 0, count = 0;
    double rate_scale = 1;

    // The group of `part`, a span inside `buffer` (a network's parameters_of_entry(k) in its parameters()).
    template <class T, class U>
        requires std::same_as<std::remove_const_t<T>, std::remove_const_t<U>>
    static parameter_group of(std::span<T> buffer, std::span<U> part, double rate_scale) {
        if (part.data() < buffer.data() || part.data() + part.size() > buffer.data() + buffer.size())
            throw std::invalid_argument("mockbn::parameter_group: the part is not inside the buffer");
        return {static_cast<std::size_t>(part.data() - buffer.data()), part.size(), rate_scale};
    }
};

template <class Rule, optimizer_scalar Scalar = model_scalar, learning_rate_schedule Schedule = constant_rate>
    requires update_rule_on<Rule, Scalar>
class optimizer {
    template <class T>
    static constexpr bool steps_scalar = std::same_as<Scalar, T> || std::same_as<Scalar, model_scalar>;

public:
    using hyperparameters = typename Rule::hyperparameters;
    using rule = Rule;
    using value_type = Scalar;  // float, double, or model_scalar
    using schedule_type = Schedule;

    optimizer() : optimizer(hyperparameters{}) {}
    explicit optimizer(const hyperparameters& settings, Schedule schedule = {})
        : settings_(settings), schedule_(std::move(schedule)) {
        Rule::validate(settings_);
        schedule_.validate();
    }

    // Returns false when a gradient was not finite (the update is applied all the same).
    bool step(std::span<float> parameters, std::span<const float> gradients) {
        return checked_step(parameters, gradients);
    }
    bool step(std::span<double> parameters, std::span<const double> gradients) {
        return checked_step(parameters, gradients);
    }

    template <class Model>
        requires requires(Model& m) {
            typename Model::value_type;
            m.parameters();
            m.gradients();
        }
    bool step(Model& model) {
        using T = typename Model::value_type;
        return checked_step(std::span<T>(model.parameters()), std::span<const T>(model.gradients()));
    }

    // Read freely; change between steps (a rate of one's own) through settings().
    const hyperparameters& settings() const noexcept { return settings_; }
    hyperparameters& settings() noexcept { return settings_; }
    const Schedule& schedule() const noexcept { return schedule_; }

    // The learning rate the next step will use, before any group's scale.
    double current_rate() const { return settings_.learning_rate * schedule_.multiplier(steps_ + 1); }

    // Replaces the groups. They must not overlap, and each rate_scale must be
    // finite and >= 0; that they lie inside the buffer is checked at the next step.
    void set_groups(std::vector<parameter_group> groups) {
        std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.offset < b.offset; });
        for (std::size_t i = 0; i < groups.size(); ++i) {
            if (!(std::isfinite(groups[i].rate_scale) && groups[i].rate_scale >= 0))
                throw std::invalid_argument("mockbn::" + std::string(Rule::name) + ": group at offset " +
                                            std::to_string(groups[i].offset) + ": rate_scale must be finite and >= 0");
            if (i > 0 && groups[i - 1].offset + groups[i - 1].count > groups[i].offset)
                throw std::invalid_argument("mockbn::" + std::string(Rule::name) + ": the groups at offsets " +
                                            std::to_string(groups[i - 1].offset) + " and " +
                                            std::to_string(groups[i].offset) + " overlap");
        }
        groups_ = std::move(groups);
        stretches_.clear();  // laid out again at the next step
    }
    const std::vector<parameter_group>& groups() const noexcept { return groups_; }

    std::uint64_t steps() const noexcept { return steps_; }

    // The rule's slot `slot`, one value per parameter (empty before the first step).
    template <class T = Scalar>
        requires floating_scalar<T> std::span<const T> state(std::size_t slot)
    const {
        static_assert(steps_scalar<T>, "mockbn::optimizer::state<T>: T is not the scalar of this optimizer's state");
        if (unbound()) return {};
        return held<T>().at(slot);
    }

    // The persistence hook (concepts/state.hpp): the rule's name (a state
    // loads only into the same rule), the step counter, and every slot; the
    // hyper-parameters, schedule and groups are the caller's.
    template <class Self, class Fields>
    static void state_fields(Self& self, Fields& fields) {
        fields.tag("rule", Rule::name);
        if constexpr (!std::is_const_v<Self>) self.stretches_.clear();  // a load may change the size
        fields.value("steps", self.steps_);
        fields.value("size", self.size_);
        if constexpr (!std::is_const_v<Self>) self.hold_saved_scalar(fields);
        std::visit(
            [&]<class Held>(Held& slots) {
                if constexpr (std::is_same_v<std::remove_const_t<Held>, std::monostate>) {
                    detail::rule_slots<Rule, float> none;  // nothing bound: empty slots, as a fresh optimizer's
                    for (std::size_t k = 0; k < Rule::slots; ++k) fields.values(slot_name(k), none[k], 0);
                } else {
                    for (std::size_t k = 0; k < Rule::slots; ++k) fields.values(slot_name(k), slots[k], self.size_);
                }
            },
            self.slots_);
    }

    // Forgets the state: the next step is a first step.
    void reset() {
        steps_ = 0;
        size_ = 0;
        stretches_.clear();
        slots_.template emplace<0>();
    }

    // ---- one step inside a backward pass (network_core::backward_and_step) ----------------
    //
    // open_step advances the counter and binds the state as step() does; then
    // every part of the buffer is updated once, by update(offset, count) or on
    // its gradient's tiles through tile_update (a small_gemm epilogue), and
    // close() says whether every gradient was finite. Each parameter's update
    // reads only its own values, so the parts give step()'s numbers, bit for bit.
    template <floating_scalar T>
    class step_in_pass {
    public:
        step_in_pass(optimizer& owner, std::span<T> parameters, std::span<const T> gradients)
            : owner_(owner),
              parameters_(parameters),
              gradients_(gradients),
              slots_(owner.template bind<T>(parameters.size(), gradients.size())),
              rate_((++owner.steps_, owner.settings_.learning_rate * owner.schedule_.multiplier(owner.steps_))) {}

        // Parameters [offset, offset + count), stretch by stretch.
        void update(std::size_t offset, std::size_t count) {
            for (const parameter_group& stretch : owner_.stretches_) {
                const std::size_t from = std::max(offset, stretch.offset);
                const std::size_t to = std::min(offset + count, stretch.offset + stretch.count);
                if (from < to)
                    finite_ = detail::update_pass(to - from, parameters_.data() + from, gradients_.data() + from,
                                                  owner_.settings_.weight_decay, stepper(stretch, from)) &&
                              finite_;
            }
        }

        // The block of `count` parameters at offset, in rows of `stride`, updated on its gradient's
        // tiles; inactive (update it with update()) when the block is not inside one stretch.
        auto tile_update(std::size_t offset, std::size_t count, std::size_t stride) {
            using epilogue = detail::update_epilogue<T, decltype(stepper(owner_.stretches_.front(), 0))>;
            for (const parameter_group& stretch : owner_.stretches_)
                if (offset >= stretch.offset && offset + count <= stretch.offset + stretch.count)
                    return epilogue{parameters_.data() + offset, stride, stepper(stretch, offset),
                                    owner_.settings_.weight_decay, &tile_finite_};
            return epilogue{nullptr, 0, stepper(owner_.stretches_.front(), 0), 0, nullptr};
        }

        bool close() const { return finite_ && xsimd::all(tile_finite_); }

    private:
        // The rule's step for the parameters from `from` on, inside `stretch`.
        auto stepper(const parameter_group& stretch, std::size_t from) const {
            hyperparameters h = owner_.settings_;
            h.learning_rate = rate_ * stretch.rate_scale;
            std::array<T*, Rule::slots> state{};
            for (std::size_t k = 0; k < Rule::slots; ++k) state[k] = slots_[k].data() + from;
            return Rule::template stepper<T>(h, owner_.steps_, state);
        }

        optimizer& owner_;
        std::span<T> parameters_;
        std::span<const T> gradients_;
        detail::rule_slots<Rule, T>& slots_;
        double rate_;
        bool finite_ = true;
        simd::batch_mask<T> tile_finite_ = simd::batch_mask<T>(true);
    };

    template <floating_scalar T>
    step_in_pass<T> open_step(std::span<T> parameters, std::span<const T> gradients) {
        static_assert(steps_scalar<T>,
                      "mockbn::optimizer: this optimizer's state is of another scalar than the parameters "
                      "(basic_adam<float> for a basic_stack<double, ...>, say): leave its scalar out (adam, sgd "
                      "and rmsprop take the model's at their first step) or spell the model's (basic_adam<double>)");
        return step_in_pass<T>(*this, parameters, gradients);
    }

private:
    // The pass when T is the state's scalar, and else one error (open_step's): nothing else is instantiated.
    template <floating_scalar T>
    bool checked_step(std::span<T> parameters, std::span<const T> gradients) {
        auto pass = open_step(parameters, gradients);
        if constexpr (steps_scalar<T>) pass.update(0, parameters.size());
        return pass.close();
    }

    // Sizes the state at the first step (or after a load) and checks the buffer against it: its size and scalar.
    template <floating_scalar T>
    detail::rule_slots<Rule, T>& bind(std::size_t parameters, std::size_t gradients) {
        if (parameters != gradients)
            throw std::invalid_argument("mockbn::" + std::string(Rule::name) + ": " + std::to_string(parameters) +
                                        " parameters but " + std::to_string(gradients) + " gradients");
        if (steps_ == 0 && size_ == 0) {
            size_ = parameters;
            for (auto& slot : slots_.template emplace<detail::rule_slots<Rule, T>>()) slot.assign(size_, T(0));
        } else if (parameters != size_) {
            throw std::invalid_argument("mockbn::" + std::string(Rule::name) + ": the state was made for " +
                                        std::to_string(size_) + " parameters, not " + std::to_string(parameters) +
                                        ": use one optimizer per network");
        } else if (unbound()) {  // a loaded state of a rule without slots
            slots_.template emplace<detail::rule_slots<Rule, T>>();
        }
        if (stretches_.empty()) lay_out_stretches();
        return held<T>();
    }

    // Whether no scalar is bound yet (model_scalar only: a spelled scalar always is).
    bool unbound() const noexcept {
        if constexpr (std::same_as<Scalar, model_scalar>) return std::holds_alternative<std::monostate>(slots_);
        else return false;
    }

    // The slots of T; a state of the model's scalar bound to the other one is an error.
    template <floating_scalar T>
    const detail::rule_slots<Rule, T>& held() const {
        using other = std::conditional_t<std::is_same_v<T, float>, double, float>;
        const auto* slots = std::get_if<detail::rule_slots<Rule, T>>(&slots_);
        if (!slots)
            throw std::invalid_argument("mockbn::" + std::string(Rule::name) + ": the state was made for " +
                                        detail::scalar_name<other> + " parameters, not " + detail::scalar_name<T> +
                                        ": use one optimizer per network");
        return *slots;
    }
    template <floating_scalar T>
    detail::rule_slots<Rule, T>& held() {
        return const_cast<detail::rule_slots<Rule, T>&>(std::as_const(*this).template held<T>());
    }

    // On load, before the slots: a state of the model's scalar takes the
    // scalar of the saved slots (their bytes per value), or none when they
    // are empty; a spelled scalar keeps its own (the slots' sizes are checked as they load).
    template <class Fields>
    void hold_saved_scalar(Fields& fields) {
        if constexpr (std::same_as<Scalar, model_scalar>) {
            if (size_ == 0 || Rule::slots == 0) slots_.template emplace<std::monostate>();
            else if (fields.stored_bytes(slot_name(0)) == size_ * sizeof(double))
                slots_.template emplace<detail::rule_slots<Rule, double>>();
            else slots_.template emplace<detail::rule_slots<Rule, float>>();
        }
    }

    static std::string slot_name(std::size_t k) { return "slot" + std::to_string(k); }

    // The buffer cut at the groups' edges, each stretch with its rate_scale (1 between groups).
    void lay_out_stretches() {
        std::size_t next = 0;
        for (const parameter_group& g : groups_) {
            if (g.offset + g.count > size_)
                throw std::invalid_argument("mockbn::" + std::string(Rule::name) + ": the group at offset " +
                                            std::to_string(g.offset) + " (" + std::to_string(g.count) +
                                            " parameters) ends past the buffer of " + std::to_string(size_));
            if (g.offset > next) stretches_.push_back({next, g.offset - next, 1});
            if (g.count > 0) stretches_.push_back(g);
            next = g.offset + g.count;
        }
        if (next < size_ || stretches_.empty()) stretches_.push_back({next, size_ - next, 1});
    }

    hyperparameters settings_;
    Schedule schedule_;
    std::vector<parameter_group> groups_;
    std::vector<parameter_group> stretches_;  // the whole buffer, in order
    std::uint64_t steps_ = 0;
    std::uint64_t size_ = 0;
    typename detail::slot_store<Rule, Scalar>::type slots_;
};

}  // namespace mockbn
