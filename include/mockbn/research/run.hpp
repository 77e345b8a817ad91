// mockbn/research/run.hpp
//
// A resumable research run: a network and its optimizer trained by fit from
// their start, or from the last checkpoint of a run that was interrupted, to
// the last epoch, a stop request, or a divergence its policy stops it at;
// recorded after every epoch and checkpointed after every epoch.
//
// The caller provides the parts that own their state:
//  - a store (run_store_for): exists(), save(model, optimizer, result) and
//    restore(model, optimizer, result), the whole state at once;
//  - a recorder (run_recorder_for): record(model, report, result) after each
//    whole epoch, and announce(text), a line about the run (a divergence);
//    a recorder may also have record_step(model, epoch, step, result),
//    called after every step (to probe within an epoch), and
//    record_start(model, result), called once before a fresh run's first
//    step;
//  - the divergence policy (divergence.hpp), and the run's result, whose
//    divergence record owns the learning rate.
//
// Contract of train_run(model, optimizer, train, plan, parts, out):
//  - With plan.resume and a checkpoint in the store, the state is restored
//    (a run that diverged and stopped is returned as it is) and training
//    continues after the last recorded epoch; otherwise the run starts at
//    plan.learning_rate and its starting point is saved (where a rollback
//    in epoch 1 returns to).
//  - plan.on_start(first_epoch) is called once before training, when an
//    epoch is left to train.
//  - After each whole epoch, in this order: a divergence goes to the policy
//    (a rollback restores the last state and lowers the rate: fit runs the
//    epoch again) and the state is saved; otherwise the recorder records
//    the epoch, then the store saves. The data are shuffled from the run's
//    seed, so an interrupted run continued gives the numbers of one that
//    never stopped.
#pragma once

#include <atomic>
#include <concepts>
#include <cstddef>
#include <functional>
#include <string>
#include <utility>

#include "mockbn/data/dataset.hpp"
#include "mockbn/research/divergence.hpp"
#include "mockbn/research/run_result.hpp"
#include "mockbn/train/fit.hpp"

namespace mockbn::research {

template <class S, class Model, class Optimizer>
concept run_store_for = requires(const S& store, Model& model, Optimizer& optimizer, run_result& out) {
    { store.exists() } -> std::convertible_to<bool>;
    store.save(model, optimizer, out);
    store.restore(model, optimizer, out);
};

template <class R, class Model>
concept run_recorder_for = requires(const R& recorder, Model& model, const epoch_report& report, run_result& out) {
    recorder.record(model, report, out);
    recorder.announce(std::string());
};

struct run_plan {
    std::size_t batch = 64;
    std::size_t epochs = 1;
    double learning_rate = 0;                 // where a fresh run starts; the divergence record owns it from there
    bool resume = false;                      // continue from the store's checkpoint when there is one
    const std::atomic<bool>* stop = nullptr;  // read before every step
    std::function<void(std::size_t first_epoch)> on_start;  // optional
};

template <class Store, class Recorder>
struct run_parts {
    const Store& store;
    const Recorder& recorder;
    const divergence_policy& policy;
};

namespace detail {

// fit's answer to a diverged epoch: true once the state is rolled back (the
// epoch runs again), false when the run stops. Either way the state is saved.
template <class Model, class Optimizer, class Store, class Recorder>
bool after_divergence(const divergence& d, Model& model, Optimizer& optimizer, const run_parts<Store, Recorder>& parts,
                      run_result& out) {
    parts.recorder.announce(describe(d));
    const bool roll_back = parts.policy.decide(d, out);
    if (roll_back) {
        run_result restored = out;  // restore() keeps its variant and seed, and replaces the rest
        parts.store.restore(model, optimizer, restored);
        parts.policy.rolled_back(out, restored);
        follow_rate(restored, optimizer);
        out = std::move(restored);
    }
    parts.store.save(model, optimizer, out);
    return roll_back;
}

}  // namespace detail

template <class Model, class Optimizer, class Store, class Recorder>
    requires run_store_for<Store, Model, Optimizer> && run_recorder_for<Recorder, Model>
void train_run(Model& model, Optimizer& optimizer, const data::dataset& train, const run_plan& plan,
               const run_parts<Store, Recorder>& parts, run_result& out) {
    std::size_t first_epoch = 1;
    if (plan.resume && parts.store.exists()) {
        parts.store.restore(model, optimizer, out);
        if (out.diverged) return;
        first_epoch = out.epochs.size() + 1;
    } else {
        out.learning_rate = plan.learning_rate;
        follow_rate(out, optimizer);
    }
    if (first_epoch <= plan.epochs && plan.on_start) plan.on_start(first_epoch);
    if (first_epoch == 1) {
        if constexpr (requires { parts.recorder.record_start(model, out); }) parts.recorder.record_start(model, out);
        parts.store.save(model, optimizer, out);
    }
    const fit_options schedule{.batch = plan.batch,
                               .epochs = plan.epochs,
                               .shuffle_seed = out.seed,
                               .first_epoch = first_epoch,
                               .stop = plan.stop};
    const auto after_step = [&](std::size_t epoch, std::size_t step) {
        if constexpr (requires { parts.recorder.record_step(model, epoch, step, out); })
            parts.recorder.record_step(model, epoch, step, out);
    };
    fit(
        model, optimizer, train, schedule,
        [&](const epoch_report& report) {
            if (report.diverged) return detail::after_divergence(*report.diverged, model, optimizer, parts, out);
            parts.recorder.record(model, report, out);
            parts.store.save(model, optimizer, out);
            return true;
        },
        after_step);
}

}  // namespace mockbn::research
