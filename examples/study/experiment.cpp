#include "experiment.hpp"

#include "interrupt.hpp"

#include <algorithm>
#include <cstdio>
#include <span>
#include <sstream>

namespace study {

namespace {

using namespace mockbn;

stage_record measure(std::size_t epoch, const char* stage, matrix_view<const float> values) {
    const std::span<const float> all(values.data, values.size());
    stage_record r{epoch, stage, analysis::describe(all),
                   analysis::percentiles(all, std::span<const double>(analysis::band_percentiles)),
                   analysis::make_histogram(all, histogram_low, histogram_high, histogram_bins), {}};
    r.modes = analysis::main_modes(r.histogram);
    return r;
}

template <class Model>
void record_parameters(const Model& model, const options& o, std::size_t epoch, run_result& out) {
    using policy = typename Model::policy;
    if constexpr (parameter_count<policy> > 0) {
        for (std::size_t h : o.placement) {
            const auto all = model.transform_parameters(h);
            const auto names = model.transformation(h).parameter_names();
            const std::size_t per = all.size() / names.size();
            for (std::size_t k = 0; k < names.size(); ++k) {
                const auto block = all.subspan(k * per, per);
                const auto d = analysis::describe(block);
                const auto [low, high] = std::minmax_element(block.begin(), block.end());
                out.parameters.push_back({epoch, h, std::string(names[k]), d.mean, d.deviation, *low, *high});
            }
        }
    }
}

// ---- what a run has recorded, as checkpoint sections -------------------------------

struct parameter_numbers {
    std::size_t epoch, layer;
    double mean, deviation, min, max;
};
struct histogram_numbers {
    double low, high, below, above, not_finite;
};
struct run_flags {
    std::uint64_t diverged, diverged_at, epochs_done, rollbacks;
    double learning_rate;  // lowered by rollbacks
};

void put_result(io::checkpoint& c, const run_result& r, double learning_rate) {
    c.put_value("run.flags", run_flags{r.diverged, r.diverged_at, r.epochs.size(), r.rollbacks, learning_rate});
    c.put_text("run.divergence", r.divergence);
    c.put_text("run.kernels", r.kernels);
    c.put_values<epoch_record>("run.epochs", r.epochs);
    c.put_value<std::uint64_t>("run.stages", r.stages.size());
    for (std::size_t i = 0; i < r.stages.size(); ++i) {
        const auto& s = r.stages[i];
        const std::string key = "run.stage" + std::to_string(i);
        c.put_value<std::uint64_t>(key + ".epoch", s.epoch);
        c.put_text(key + ".name", s.stage);
        c.put_value(key + ".description", s.description);
        c.put_values<double>(key + ".percentiles", s.percentiles);
        c.put_value(key + ".histogram", histogram_numbers{s.histogram.low, s.histogram.high, s.histogram.below,
                                                          s.histogram.above, s.histogram.not_finite});
        c.put_values<double>(key + ".counts", s.histogram.counts);
        c.put_values<analysis::mode>(key + ".modes", s.modes);
    }
    std::vector<parameter_numbers> numbers;
    std::string names;
    for (const auto& p : r.parameters) {
        numbers.push_back({p.epoch, p.layer, p.mean, p.deviation, p.min, p.max});
        names += p.name + '\n';
    }
    c.put_values<parameter_numbers>("run.parameters", numbers);
    c.put_text("run.parameter_names", names);
}

template <class T>
std::vector<T> values_of(const io::checkpoint& c, const std::string& name) {
    std::vector<T> v(c.get(name).size() / sizeof(T));
    c.get_values<T>(name, v);
    return v;
}

// Refuses records that no run of at most `epochs` epochs leaves: a checkpoint
// whose checksum holds but whose content was put together by hand.
void check_records(const io::checkpoint& c, const run_result& r, std::uint64_t epochs_done, std::size_t epochs) {
    bool consistent = epochs_done == r.epochs.size() && r.epochs.size() <= epochs && r.stages.size() == 2 * r.epochs.size();
    for (std::size_t i = 0; consistent && i < r.epochs.size(); ++i) consistent = r.epochs[i].epoch == i + 1;
    if (!consistent)
        throw io::checkpoint_error(c.path() + ": its records do not make a run of at most " +
                                   std::to_string(epochs) + " epochs (" + std::to_string(r.epochs.size()) +
                                   " epoch records, " + std::to_string(epochs_done) + " epochs done)");
}

// Reads back what put_result wrote, replacing what `r` held; returns the learning rate.
double get_result(const io::checkpoint& c, run_result& r, std::size_t epochs) {
    const auto flags = c.get_value<run_flags>("run.flags");
    r.diverged = flags.diverged != 0;
    r.diverged_at = flags.diverged_at;
    r.rollbacks = flags.rollbacks;
    r.divergence = c.get_text("run.divergence");
    r.kernels = c.get_text("run.kernels");
    r.stages.clear();
    r.parameters.clear();
    r.epochs = values_of<epoch_record>(c, "run.epochs");
    const auto stages = c.get_value<std::uint64_t>("run.stages");
    for (std::size_t i = 0; i < stages; ++i) {
        const std::string key = "run.stage" + std::to_string(i);
        stage_record s;
        s.epoch = c.get_value<std::uint64_t>(key + ".epoch");
        s.stage = c.get_text(key + ".name");
        s.description = c.get_value<analysis::description>(key + ".description");
        s.percentiles = values_of<double>(c, key + ".percentiles");
        const auto h = c.get_value<histogram_numbers>(key + ".histogram");
        s.histogram = {h.low, h.high, values_of<double>(c, key + ".counts"), h.below, h.above, h.not_finite};
        s.modes = values_of<analysis::mode>(c, key + ".modes");
        r.stages.push_back(std::move(s));
    }
    const auto numbers = values_of<parameter_numbers>(c, "run.parameters");
    std::istringstream names(c.get_text("run.parameter_names"));
    for (const auto& n : numbers) {
        std::string name;
        std::getline(names, name);
        r.parameters.push_back({n.epoch, n.layer, name, n.mean, n.deviation, n.min, n.max});
    }
    check_records(c, r, flags.epochs_done, epochs);
    return flags.learning_rate;
}

template <class P, class G>
run_result train(const options& o, const study_data& data, const std::string& variant, std::uint64_t seed,
                 const std::filesystem::path& checkpoint, const environment& where,
                 const std::function<void(const std::string&)>& progress) {
    mlp_shape shape{data.train.features(), o.width, o.depth, data.train.classes, o.placement};
    basic_mlp<float, P, G> model(shape, seed);
    run_result out;
    out.variant = variant;
    out.seed = seed;
    const std::string signature = run_identity(o, variant, seed, where);

    // The state after each epoch: written atomically, so an interruption at any moment leaves the last one whole.
    auto save = [&](const auto& optimizer) {
        io::checkpoint c;
        io::save_state(c, model);
        io::save_state(c, optimizer, "optimizer");
        put_result(c, out, optimizer.settings().learning_rate);
        c.save(checkpoint, signature);
        checkpoint_saved(out.epochs.size());
    };
    std::function<void()> save_now;
    std::function<bool()> roll_back;  // to the last checkpoint, with a tenth of the rate; false once out of tries

    auto after_epoch = [&](const epoch_report& report) {
        if (report.diverged) {
            const auto& d = *report.diverged;
            const std::string what = "epoch " + std::to_string(d.epoch) + ", step " + std::to_string(d.step) + ": the " +
                                     d.what + " went non-finite (" + d.where + ")";
            progress(variant + " seed " + std::to_string(seed) + ": " + what);
            out.divergence += (out.divergence.empty() ? "" : "; ") + what;
            if (o.on_divergence == "rollback" && roll_back()) return true;
            out.diverged = true;
            out.diverged_at = d.epoch;
            save_now();
            return false;
        }
        const evaluation test = evaluate(model, data.test);
        out.epochs.push_back({report.epoch, report.train_loss, test.loss, test.accuracy, report.seconds});
        model.predict(data.probe.all_images());
        out.stages.push_back(measure(report.epoch, "before", model.pre_transform(o.probe_layer)));
        out.stages.push_back(measure(report.epoch, "after", model.pre_relu(o.probe_layer)));
        record_parameters(model, o, report.epoch, out);
        char line[256];
        std::snprintf(line, sizeof line, "%-12s seed %llu  epoch %zu/%zu  train loss %.4f  test accuracy %.4f  (%.0f samples/s)",
                      variant.c_str(), static_cast<unsigned long long>(seed), report.epoch, o.epochs, report.train_loss,
                      test.accuracy, static_cast<double>(data.train.count) / std::max(report.seconds, 1e-9));
        progress(line);
        save_now();
        return true;
    };

    auto run_optimizer = [&](auto optimizer) {
        std::size_t first_epoch = 1;
        auto restore = [&] {
            const auto c = load_run_checkpoint(checkpoint, signature, o.allow_kernel_change);
            io::load_state(c, model);
            io::load_state(c, optimizer, "optimizer");
            optimizer.settings().learning_rate = get_result(c, out, o.epochs);
        };
        if (o.resume && std::filesystem::exists(checkpoint)) {
            restore();
            if (out.diverged) return;
            first_epoch = out.epochs.size() + 1;
        }
        if (first_epoch <= o.epochs) note_kernel(out.kernels, where.blas_kernel, first_epoch);
        save_now = [&] { save(optimizer); };
        roll_back = [&] {
            if (out.rollbacks >= 3) return false;
            const std::string so_far = out.divergence;
            const std::size_t rollbacks = out.rollbacks + 1;
            restore();
            out.divergence = so_far + " → rolled back, learning rate " +
                             std::to_string(optimizer.settings().learning_rate / 10);
            out.rollbacks = rollbacks;
            optimizer.settings().learning_rate /= 10;
            save_now();
            return true;
        };
        if (first_epoch == 1) save_now();  // the starting point a rollback in epoch 1 returns to
        fit(model, optimizer, data.train,
            {.batch = o.batch, .epochs = o.epochs, .shuffle_seed = seed, .first_epoch = first_epoch, .stop = &stop_flag()},
            after_epoch);
    };
    if (o.optimizer == "sgd") run_optimizer(sgd{{.learning_rate = o.learning_rate, .momentum = o.momentum}});
    else if (o.optimizer == "rmsprop") run_optimizer(rmsprop{{.learning_rate = o.learning_rate}});
    else run_optimizer(adam{{.learning_rate = o.learning_rate}});
    return out;
}

template <class P>
run_result train_with(const options& o, const study_data& data, const std::string& variant, std::uint64_t seed,
                      const std::filesystem::path& checkpoint, const environment& where,
                      const std::function<void(const std::string&)>& progress) {
    return o.shared ? train<P, shared>(o, data, variant, seed, checkpoint, where, progress)
                    : train<P, per_feature>(o, data, variant, seed, checkpoint, where, progress);
}

}  // namespace

run_result run(const options& o, const study_data& data, const std::string& variant, std::uint64_t seed,
               const std::filesystem::path& checkpoint, const environment& where,
               const std::function<void(const std::string&)>& progress) {
    return with_variant(variant, [&]<class V>() {
        return train_with<typename V::policy>(o, data, variant, seed, checkpoint, where, progress);
    });
}

}  // namespace study
