#include "experiment.hpp"

#include "divergence_policy.hpp"
#include "epoch_recorder.hpp"
#include "interrupt.hpp"
#include "model.hpp"
#include "run_store.hpp"

namespace study {

namespace {

// The parts one job's training goes through, built once per job.
struct run_parts {
    const run_store& store;
    const epoch_recorder& recorder;
    const divergence_policy& policy;
};

// fit's answer to a diverged epoch: true once the state is rolled back (the
// epoch runs again), false when the run stops. Either way the state is saved.
template <class Model, class Optimizer>
bool after_divergence(const mockbn::divergence& d, Model& model, Optimizer& optimizer, const run_parts& parts,
                      run_result& out) {
    parts.recorder.announce(describe(d));
    const bool roll_back = parts.policy.decide(d, out);
    if (roll_back) {
        run_result restored = out;  // restore() keeps its variant and seed, and replaces the rest
        parts.store.restore(model, optimizer, restored);
        auto& rate = optimizer.settings().learning_rate;
        rate = parts.policy.rolled_back(out, restored, rate);
        out = std::move(restored);
    }
    parts.store.save(model, optimizer, out);
    return roll_back;
}

// The job from its start (or, with o.resume, from its checkpoint) to its last
// epoch, a stop signal, or a divergence the policy stops it at.
template <class Model, class Optimizer>
run_result train(Model& model, Optimizer& optimizer, const options& o, const study_data& data, const run_parts& parts,
                 const environment& where, run_result out) {
    std::size_t first_epoch = 1;
    if (o.resume && parts.store.exists()) {
        parts.store.restore(model, optimizer, out);
        if (out.diverged) return out;
        first_epoch = out.epochs.size() + 1;
    }
    if (first_epoch <= o.epochs) note_kernel(out.kernels, where.blas_kernel, first_epoch);
    if (first_epoch == 1)
        parts.store.save(model, optimizer, out);  // the starting point a rollback in epoch 1 returns to
    const mockbn::fit_options schedule{.batch = o.batch,
                                       .epochs = o.epochs,
                                       .shuffle_seed = out.seed,
                                       .first_epoch = first_epoch,
                                       .stop = &stop_flag()};
    mockbn::fit(model, optimizer, data.train, schedule, [&](const mockbn::epoch_report& report) {
        if (report.diverged) return after_divergence(*report.diverged, model, optimizer, parts, out);
        parts.recorder.record(model, report, out);
        parts.store.save(model, optimizer, out);
        return true;
    });
    return out;
}

}  // namespace

run_result run_job(const options& o, const study_data& data, const job& j, const std::filesystem::path& checkpoint,
                   const environment& where, const progress_sink& progress) {
    run_result fresh;
    fresh.variant = j.variant;
    fresh.seed = j.seed;
    const run_store store(checkpoint, run_identity(o, j.variant, j.seed, where), o);
    const epoch_recorder recorder(o, data, j, progress);
    const divergence_policy policy(o.on_divergence);
    return with_model(o, data.train, j.variant, j.seed, [&](auto& model, auto& optimizer) {
        return train(model, optimizer, o, data, {store, recorder, policy}, where, fresh);
    });
}

}  // namespace study
