// mockbn/train/callback.hpp
//
// What fit calls during training: the callback protocol and its dispatch.
//
// Contract: a fit callback is one of
//  - an epoch function, callable with (const epoch_report&): called after
//    each epoch. If it returns bool, false stops the run; after a diverged
//    epoch, true means it has restored a good state (and, say, lowered the
//    learning rate) and the epoch runs again.
//  - a step function, callable with (std::size_t epoch, std::size_t step):
//    called after each step whose update was applied. If it returns bool,
//    false stops the run there: an epoch left unfinished is not reported,
//    one whose last step it was is reported (its callbacks called) first.
//  - a callback object with any of
//      bool epoch_end(model, optimizer, const epoch_report&)   false stops
//      bool step_end(model, optimizer, epoch, step)             false stops
//      void train_end(model, optimizer, fit_end)                once, at the end
//    (epoch_end and step_end may return nothing: they never stop the run)
//    (train/callbacks.hpp has early stopping, the best checkpoint, a budget
//    and a progress line). An object's epoch_end never asks for a diverged
//    epoch to run again: only an epoch function that restored the state can.
// Every callback is called in the order given; one that stops does not
// keep the others from being called for the same epoch or step.
#pragma once

#include <concepts>
#include <cstddef>
#include <type_traits>

namespace mockbn {

struct epoch_report;
enum class fit_end;

template <class C>
concept epoch_function = std::invocable<C&, const epoch_report&>;

template <class C>
concept step_function = std::invocable<C&, std::size_t, std::size_t>;

template <class C, class Model, class Optimizer>
concept callback_object = requires(C& c, Model& model, Optimizer& optimizer, const epoch_report& report) {
    requires requires { c.epoch_end(model, optimizer, report); } || requires {
        c.step_end(model, optimizer, std::size_t{}, std::size_t{});
    } || requires {
        c.train_end(model, optimizer, fit_end{});
    };
};

template <class C, class Model, class Optimizer>
concept fit_callback = epoch_function<C> || step_function<C> || callback_object<C, Model, Optimizer>;

namespace detail {

// What the callbacks said after an epoch: stop, and (after a diverged epoch) whether one restored the state.
struct epoch_answer {
    bool stop = false;
    bool restored = false;
};

template <class Model, class Optimizer, class C>
void epoch_end(C& c, Model& model, Optimizer& optimizer, const epoch_report& report, epoch_answer& answer) {
    if constexpr (epoch_function<C>) {
        if constexpr (std::is_same_v<std::invoke_result_t<C&, const epoch_report&>, bool>) {
            const bool go_on = c(report);
            answer.stop |= !go_on;
            answer.restored |= go_on;
        } else {
            c(report);
        }
    } else if constexpr (requires { c.epoch_end(model, optimizer, report); }) {
        if constexpr (std::is_void_v<decltype(c.epoch_end(model, optimizer, report))>)
            c.epoch_end(model, optimizer, report);
        else answer.stop |= !c.epoch_end(model, optimizer, report);
    }
}

// False when the callback stops the run at this step.
template <class Model, class Optimizer, class C>
bool step_end(C& c, Model& model, Optimizer& optimizer, std::size_t epoch, std::size_t step) {
    if constexpr (step_function<C>) {
        if constexpr (std::is_same_v<std::invoke_result_t<C&, std::size_t, std::size_t>, bool>) return c(epoch, step);
        else c(epoch, step);
    } else if constexpr (requires { c.step_end(model, optimizer, epoch, step); }) {
        if constexpr (std::is_void_v<decltype(c.step_end(model, optimizer, epoch, step))>)
            c.step_end(model, optimizer, epoch, step);
        else return c.step_end(model, optimizer, epoch, step);
    }
    return true;
}

template <class Model, class Optimizer, class C>
void train_end(C& c, Model& model, Optimizer& optimizer, fit_end end) {
    if constexpr (requires { c.train_end(model, optimizer, end); }) c.train_end(model, optimizer, end);
}

}  // namespace detail

}  // namespace mockbn
