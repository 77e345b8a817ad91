// The training of one job, as a template over the variant: the definition of
// train_in_shard (training_shards.hpp), included only by the generated units
// that instantiate it (training_shard.cpp.in).
#pragma once

#include <cstddef>
#include <optional>

#include <mockbn/research/divergence.hpp>

#include "epoch_recorder.hpp"
#include "interrupt.hpp"
#include "model.hpp"
#include "run_store.hpp"
#include "training_shards.hpp"

namespace study {

// fit's answer to a diverged epoch: true once the state is rolled back (the
// epoch runs again), false when the run stops. Either way the state is saved.
template <class Model, class Optimizer>
bool after_divergence(const mockbn::divergence& d, Model& model, Optimizer& optimizer, const run_parts& parts,
                      run_result& out) {
    parts.recorder.announce(mockbn::research::describe(d));
    const bool roll_back = parts.policy.decide(d, out);
    if (roll_back) {
        run_result restored = out;  // restore() keeps its variant and seed, and replaces the rest
        parts.store.restore(model, optimizer, restored);
        parts.policy.rolled_back(out, restored);
        mockbn::research::follow_rate(restored, optimizer);
        out = std::move(restored);
    }
    parts.store.save(model, optimizer, out);
    return roll_back;
}

// The job from its start (or, with o.resume, from its checkpoint) to its last
// epoch, a stop signal, or a divergence the policy stops it at.
template <class Model, class Optimizer>
run_result train(Model& model, Optimizer& optimizer, const job_start& start, run_result out) {
    const options& o = start.o;
    const run_parts& parts = start.parts;
    std::size_t first_epoch = 1;
    if (o.resume && parts.store.exists()) {
        parts.store.restore(model, optimizer, out);
        if (out.diverged) return out;
        first_epoch = out.epochs.size() + 1;
    } else {
        out.learning_rate = o.learning_rate;
        mockbn::research::follow_rate(out, optimizer);
    }
    if (first_epoch <= o.epochs) note_kernel(out.kernels, start.where.blas_kernel, first_epoch);
    if (first_epoch == 1)
        parts.store.save(model, optimizer, out);  // the starting point a rollback in epoch 1 returns to
    const mockbn::fit_options schedule{.batch = o.batch,
                                       .epochs = o.epochs,
                                       .shuffle_seed = out.seed,
                                       .first_epoch = first_epoch,
                                       .stop = &stop_flag()};
    mockbn::fit(model, optimizer, start.data.train, schedule, [&](const mockbn::epoch_report& report) {
        if (report.diverged) return after_divergence(*report.diverged, model, optimizer, parts, out);
        parts.recorder.record(model, report, out);
        parts.store.save(model, optimizer, out);
        return true;
    });
    return out;
}

template <std::size_t Shard>
std::optional<run_result> train_in_shard(const job_start& start) {
    std::optional<run_result> result;
    mockbn::for_each_variant<mockbn::study_variants_shard<Shard, training_shards>>([&]<class V>() {
        if (result || V::name != start.j.variant) return;
        run_result fresh;
        fresh.variant = start.j.variant;
        fresh.seed = start.j.seed;
        result = with_model<V>(start.o, start.data.train, start.j.seed,
                               [&](auto& model, auto& optimizer) { return train(model, optimizer, start, fresh); });
    });
    return result;
}

}  // namespace study
