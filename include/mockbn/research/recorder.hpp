// mockbn/research/recorder.hpp
//
// What a research run records after each whole epoch, for any network the
// library builds: the training loss and time fit reports, the validation
// loss and accuracy, the test loss and accuracy at the last epoch, each probed hidden layer's values before and after
// its transformation (statistics, percentiles, histogram, main modes; each feature's own statistics and modes; at the
// last epoch and any other the plan details, a histogram per class of the probe images, each image's power sums and
// each feature's two clusters, measure.hpp), each probed layer's features by class after its transformation, each
// learnable parameter's spread across the features of each transformed layer, and each hidden unit's weight norms and
// parameters (records.hpp).
//
// The probe plan says what is recorded, on which images, in which mode and
// when: whether the test set is evaluated at every epoch (by default only at
// the last: the validation set is what a run's curves and every selection
// read); the hidden layers probed; the probe images (the dataset the caller
// gives: test images, training images, any subset); the mode of the probe
// pass (inference: the running estimates, all images at once; or training
// batches: the images in batches of `batch` rows, each normalized by its
// own batch statistics, as a ReLU sees its input while the network trains);
// the epochs probed (every epoch, or those listed); the epochs recorded
// in detail (the last, and those listed); and a step of the first epoch
// after which the layers are probed too, recorded as epoch 0.
//
// Contract: record() evaluates the network in inference mode on the
// validation set (when it has examples) and, at the plan's last epoch or at
// every epoch when the plan says so, on the test set (a run stopped before
// its last epoch has no test evaluation: evaluate it then); it appends to `out` one epoch_record, a parameter_record
// per parameter name of each transformed hidden layer and a unit_record per hidden layer, in layer order; at a probed
// epoch, it runs the probe pass and appends two stage_records per probed layer (in the plan's order, "before" then
// "after") and a class_feature_record per probed layer. record_start() appends the unit_records of the untrained
// network, as epoch 0. It changes no parameter and no running estimate: a training-batch pass restores the network's
// state (io::save_state) after it, and leaves out the images past its last whole batch. The constructor refuses a plan
// whose epochs are not ascending, or a training-batch plan without one whole batch of at least 2 rows
// (std::invalid_argument); record() refuses a probed layer the network does not have (std::out_of_range, naming it)
// before it records anything. record_step() appends the probe's stage_records, under epoch 0, after the plan's early
// step of epoch 1, and nothing after any other step. The network's last forward pass is then the probe pass's (with
// training batches, its last batch's): research::before and after read it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "mockbn/analysis/by_label.hpp"
#include "mockbn/analysis/statistics.hpp"
#include "mockbn/core/mode.hpp"
#include "mockbn/data/dataset.hpp"
#include "mockbn/io/state.hpp"
#include "mockbn/research/choices.hpp"
#include "mockbn/research/conservation.hpp"
#include "mockbn/research/hidden_layers.hpp"
#include "mockbn/research/measure.hpp"
#include "mockbn/research/records.hpp"
#include "mockbn/train/fit.hpp"

namespace mockbn::research {

struct probe_plan {
    std::vector<std::size_t> layers = {};  // the hidden layers probed, from 1, in order
    std::size_t last_epoch = 0;  // the run's last: its stage records hold a histogram per class, image sums, clusters
    probe_mode mode = probe_mode::inference;  // how the probe images are passed
    std::size_t batch = 64;                   // rows per pass in training_batches mode
    std::vector<std::size_t> epochs = {};     // the epochs probed, ascending; empty: every epoch
    std::vector<std::size_t> detailed = {};   // epochs besides the last recorded as the last is, ascending
    std::size_t early_step = 0;     // a step of the first epoch after which the layers are probed too (0: none)
    bool test_every_epoch = false;  // evaluate the test set at every epoch, not only the last

    bool probes(std::size_t epoch) const {
        return epochs.empty() || std::binary_search(epochs.begin(), epochs.end(), epoch);
    }
    bool details(std::size_t epoch) const {
        return epoch == last_epoch || std::binary_search(detailed.begin(), detailed.end(), epoch);
    }
};

// One parameter's spread across the features of one layer.
template <class T>
parameter_record summarize_parameter(std::size_t epoch, std::size_t layer, std::string name,
                                     std::span<const T> values) {
    const auto d = analysis::describe(values);
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    return {epoch, layer, std::move(name), d.mean, d.deviation, static_cast<double>(*low), static_cast<double>(*high)};
}

class epoch_recorder {
public:
    epoch_recorder(const data::dataset& validation, const data::dataset& test, const data::dataset& probe,
                   probe_plan plan)
        : validation_(validation), test_(test), probe_(probe), plan_(std::move(plan)) {
        if (!std::is_sorted(plan_.epochs.begin(), plan_.epochs.end()))
            throw std::invalid_argument("mockbn::research::epoch_recorder: the probe plan's epochs must be ascending");
        if (plan_.mode == probe_mode::training_batches && (plan_.batch < 2 || probe_.count < plan_.batch))
            throw std::invalid_argument(
                "mockbn::research::epoch_recorder: a training-batch probe needs a batch of at least 2 rows and at "
                "least one batch of probe images; the plan's batch is " +
                std::to_string(plan_.batch) +
                ", the probe "
                "set has " +
                std::to_string(probe_.count) + " images");
    }

    const probe_plan& plan() const noexcept { return plan_; }

    template <class Network>
    void record(Network& network, const epoch_report& report, run_records& out) const {
        const auto hidden = hidden_layers_of(network);
        for (const std::size_t h : plan_.layers) layer_of(hidden, h);  // a missing layer is refused before anything
        epoch_record e;
        e.epoch = report.epoch;
        e.train_loss = report.train_loss;
        e.seconds = report.seconds;
        if (validation_.count > 0) {
            const evaluation v = evaluate(network, validation_);
            e.validation_loss = v.loss;
            e.validation_accuracy = v.accuracy;
        }
        if (plan_.test_every_epoch || report.epoch == plan_.last_epoch) {
            const evaluation t = evaluate(network, test_);
            e.test_loss = t.loss;
            e.test_accuracy = t.accuracy;
        }
        out.epochs.push_back(e);
        if (plan_.probes(report.epoch)) probe(network, hidden, report.epoch, out);
        for (std::size_t h = 1; h <= hidden.size(); ++h)
            record_parameters(network, hidden[h - 1], report.epoch, h, out);
        record_units(network, report.epoch, out);
    }

    // Before the first step: each hidden unit's norms and parameters, as epoch 0.
    template <class Network>
    void record_start(const Network& network, run_records& out) const {
        record_units(network, 0, out);
    }

    // After step `step` of epoch `epoch`: at the plan's early step of the first epoch, the probe, as epoch 0.
    template <class Network>
    void record_step(Network& network, std::size_t epoch, std::size_t step, run_records& out) const {
        if (epoch != 1 || step != plan_.early_step) return;
        const auto hidden = hidden_layers_of(network);
        for (const std::size_t h : plan_.layers) layer_of(hidden, h);
        probe(network, hidden, 0, out);
    }

private:
    template <class Network>
    void probe(Network& network, const std::vector<hidden_layer>& hidden, std::size_t epoch, run_records& out) const {
        if (plan_.mode == probe_mode::inference) probe_at_once(network, hidden, epoch, out);
        else probe_in_batches(network, hidden, epoch, out);
    }

    // The probe images' labels at the last epoch and the detailed ones (records.hpp says why only there), none
    // at the others.
    std::span<const std::uint8_t> labels_at(std::size_t epoch, std::size_t rows) const {
        if (!plan_.details(epoch)) return {};
        return std::span<const std::uint8_t>(probe_.labels).first(rows);
    }

    template <class Network>
    void probe_at_once(Network& network, const std::vector<hidden_layer>& hidden, std::size_t epoch,
                       run_records& out) const {
        network.predict(probe_.all_images());
        const auto labels = labels_at(epoch, probe_.count);
        for (const std::size_t h : plan_.layers) {
            const hidden_layer& layer = layer_of(hidden, h);
            out.stages.push_back(measure_stage(before(network, layer), epoch, h, "before", labels, probe_.classes));
            out.stages.push_back(measure_stage(after(network, layer), epoch, h, "after", labels, probe_.classes));
            record_classes(after(network, layer), epoch, h, out);
        }
    }

    // Each batch's values of every probed layer, before and after, gathered in image order, then measured.
    template <class Network>
    void probe_in_batches(Network& network, const std::vector<hidden_layer>& hidden, std::size_t epoch,
                          run_records& out) const {
        using T = typename Network::value_type;
        const std::size_t batches = probe_.count / plan_.batch, rows = batches * plan_.batch;  // ≥ 1: checked
        std::vector<std::vector<T>> gathered(2 * plan_.layers.size());
        io::checkpoint state;  // the running estimates a training pass moves, restored below
        io::save_state(state, network);
        const auto images = probe_.all_images();
        for (std::size_t b = 0; b < batches; ++b) {
            const std::size_t first = b * plan_.batch;
            network.forward(matrix_view<const float>{images.data + first * images.cols, plan_.batch, images.cols},
                            std::span<const std::uint8_t>(probe_.labels).subspan(first, plan_.batch), training);
            for (std::size_t k = 0; k < plan_.layers.size(); ++k) {
                const hidden_layer& layer = layer_of(hidden, plan_.layers[k]);
                for (const auto& [values, into] : {std::pair{before(network, layer), &gathered[2 * k]},
                                                   std::pair{after(network, layer), &gathered[2 * k + 1]}})
                    into->insert(into->end(), values.data, values.data + values.size());
            }
        }
        io::load_state(state, network);
        const auto labels = labels_at(epoch, rows);
        for (std::size_t k = 0; k < plan_.layers.size(); ++k) {
            const std::size_t h = plan_.layers[k], width = gathered[2 * k].size() / rows;
            out.stages.push_back(measure_stage(matrix_view<const T>{gathered[2 * k].data(), rows, width}, epoch, h,
                                               "before", labels, probe_.classes));
            const matrix_view<const T> after_values{gathered[2 * k + 1].data(), rows, width};
            out.stages.push_back(measure_stage(after_values, epoch, h, "after", labels, probe_.classes));
            record_classes(after_values, epoch, h, out);
        }
    }

    static const hidden_layer& layer_of(const std::vector<hidden_layer>& hidden, std::size_t h) {
        if (h == 0 || h > hidden.size())
            throw std::out_of_range("mockbn::research::epoch_recorder: the network has no hidden layer " +
                                    std::to_string(h) + " (it has " + std::to_string(hidden.size()) + ")");
        return hidden[h - 1];
    }

    template <class Network>
    static void record_parameters(const Network& network, const hidden_layer& layer, std::size_t epoch, std::size_t h,
                                  run_records& out) {
        const auto names = parameter_names(network, layer);
        if (names.empty()) return;
        const auto all = network.parameters_of_entry(layer.transformation);
        const std::size_t per = all.size() / names.size();
        for (std::size_t k = 0; k < names.size(); ++k)
            out.parameters.push_back(summarize_parameter(epoch, h, names[k], all.subspan(k * per, per)));
    }

    template <class T>
    void record_classes(matrix_view<const T> values, std::size_t epoch, std::size_t h, run_records& out) const {
        const auto labels = std::span<const std::uint8_t>(probe_.labels).first(values.rows);
        out.class_features.push_back({epoch, h, analysis::column_moments_by_label(values, labels, probe_.classes)});
    }

    template <class Network>
    static void record_units(const Network& network, std::size_t epoch, run_records& out) {
        const auto hidden = hidden_layers_of(network);
        for (std::size_t h = 1; h <= hidden.size(); ++h) {
            unit_record u{epoch, h, incoming_norms(network, h), outgoing_norms(network, h), {}};
            if (hidden[h - 1].transformation != 0) {
                const auto values = network.parameters_of_entry(hidden[h - 1].transformation);
                u.parameters.assign(values.begin(), values.end());
            }
            out.units.push_back(std::move(u));
        }
    }

    const data::dataset& validation_;
    const data::dataset& test_;
    const data::dataset& probe_;
    probe_plan plan_;
};

}  // namespace mockbn::research
