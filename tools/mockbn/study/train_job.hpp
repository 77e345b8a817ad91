// The training of one job, as a template over the variant: the definition of
// trainer_in_shard (training_shards.hpp), included only by the generated
// units that instantiate it (training_shard.cpp.in) and by a program of its
// own that adds a variant (add_variant).
#pragma once

#include <cstddef>
#include <string_view>

#include <mockbn/research/run.hpp>
#include <mockbn/train/range_test.hpp>

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

// One job of variant V (a study_variant of the registry's kind): its network and optimizer built, trained.
template <class V>
run_result train_variant(const job_start& start) {
    run_result fresh;
    fresh.variant = start.j.variant;
    fresh.seed = start.j.seed;
    return with_model<V>(start.o, start.data.train, start.j.seed,
                         [&](auto& model, auto& optimizer) { return train(model, optimizer, start, fresh); });
}

// The learning-rate range test of variant V from a job's start (mockbn/train/range_test.hpp).
template <class V>
mockbn::range_test_result range_test_variant(const range_start& start) {
    return with_model<V>(start.o, start.data.train, start.seed, [&](auto& model, auto& optimizer) {
        return mockbn::lr_range_test(model, optimizer, start.data.train, start.range);
    });
}

template <class V>
constexpr trainer trainer_of() {
    return {&train_variant<V>, &range_test_variant<V>};
}

// Variant V joins `catalog`, trained by the instantiation this unit compiles: how a program of its own adds a
// transformation of its own to the study (its policy, its role in the claims, its help line).
template <class V>
void add_variant(variant_catalog& catalog) {
    catalog.add(mockbn::research::entry_of<V>(trainer_of<V>()));
}

template <std::size_t Shard>
trainer trainer_in_shard(std::string_view name) {
    trainer found;
    mockbn::for_each_variant<mockbn::study_variants_shard<Shard, training_shards>>([&]<class V>() {
        if (V::name == name) found = trainer_of<V>();
    });
    return found;
}

}  // namespace study
