#include "experiment.hpp"

#include <algorithm>
#include <cstdio>
#include <span>

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
    if constexpr (detail::parameter_count<policy>() > 0) {
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

template <class P, class G>
run_result train(const options& o, const study_data& data, const std::string& variant, std::uint64_t seed,
                 const std::function<void(const std::string&)>& progress) {
    mlp_shape shape{data.train.features(), o.width, o.depth, data.train.classes, o.placement};
    basic_mlp<float, P, G> model(shape, seed);
    run_result out{variant, seed, false, 0, {}, {}, {}};

    auto after_epoch = [&](const epoch_report& report) {
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
        if (!std::isfinite(report.train_loss)) {
            out.diverged = true;
            out.diverged_at = report.epoch;
            return false;
        }
        return true;
    };

    auto run_optimizer = [&](auto optimizer) {
        fit(model, optimizer, data.train, {.batch = o.batch, .epochs = o.epochs, .shuffle_seed = seed}, after_epoch);
    };
    if (o.optimizer == "sgd") run_optimizer(sgd{{.learning_rate = o.learning_rate, .momentum = o.momentum}});
    else if (o.optimizer == "rmsprop") run_optimizer(rmsprop{{.learning_rate = o.learning_rate}});
    else run_optimizer(adam{{.learning_rate = o.learning_rate}});
    return out;
}

template <class P>
run_result train_with(const options& o, const study_data& data, const std::string& variant, std::uint64_t seed,
                      const std::function<void(const std::string&)>& progress) {
    return o.shared ? train<P, shared>(o, data, variant, seed, progress)
                    : train<P, per_feature>(o, data, variant, seed, progress);
}

}  // namespace

run_result run(const options& o, const study_data& data, const std::string& variant, std::uint64_t seed,
               const std::function<void(const std::string&)>& progress) {
    if (variant == "plain") return train_with<identity>(o, data, variant, seed, progress);
    if (variant == "bn") return train_with<batch_norm>(o, data, variant, seed, progress);
    if (variant == "sqrt_fixed") return train_with<sqrt_fixed>(o, data, variant, seed, progress);
    if (variant == "log_fixed") return train_with<log_fixed>(o, data, variant, seed, progress);
    if (variant == "sigmoid_log") return train_with<sigmoid_log>(o, data, variant, seed, progress);
    if (variant == "affine_fixed") return train_with<affine_fixed>(o, data, variant, seed, progress);
    if (variant == "mystery") return train_with<mystery>(o, data, variant, seed, progress);
    if (variant == "log_shift") return train_with<log_shift>(o, data, variant, seed, progress);
    return train_with<sqrt_shift>(o, data, variant, seed, progress);
}

}  // namespace study
