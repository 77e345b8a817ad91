// The training of one job, as a template over the variant: the definition of
// train_in_shard (training_shards.hpp), included only by the generated units
// that instantiate it (training_shard.cpp.in).
#pragma once

#include <cstddef>
#include <optional>

#include <mockbn/research/run.hpp>

#include "epoch_recorder.hpp"
#include "interrupt.hpp"
#include "model.hpp"
#include "run_store.hpp"
#include "training_shards.hpp"

namespace study {

// The job from its start (or, with o.resume, from its checkpoint) to its last
// epoch, a stop signal, or a divergence the policy stops it at
// (research::train_run), its kernel noted where training starts.
template <class Model, class Optimizer>
run_result train(Model& model, Optimizer& optimizer, const job_start& start, run_result out) {
    const options& o = start.o;
    const mockbn::research::run_plan plan{
        .batch = o.batch,
        .epochs = o.epochs,
        .learning_rate = o.learning_rate,
        .resume = o.resume,
        .stop = &stop_flag(),
        .on_start = [&](std::size_t first) { note_kernel(out.kernels, start.where.blas_kernel, first); }};
    mockbn::research::train_run(model, optimizer, start.data.train, plan, start.parts, out);
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
