// mockbn/research/recorder.hpp
//
// What a research run records after each whole epoch, for any network the
// library builds: the training loss and time fit reports, the test loss and
// accuracy, each probed hidden layer's values before and after its
// transformation (statistics, percentiles, histogram, main modes; each
// feature's own statistics and modes; at the last epoch, a histogram per
// class of the probe images), and each learnable parameter's spread across
// the features of each transformed layer.
//
// Contract: record() evaluates the network in inference mode (it changes no
// parameter and no batch statistic) on the test set, runs it on the probe
// images, and appends to `out` one epoch_record, two stage_records per
// probed layer (in the plan's order, "before" then "after") and a
// parameter_record per parameter name of each transformed hidden layer, in
// layer order. A probed layer the network does not have throws
// std::out_of_range naming it. The network's last forward pass is then the
// probe images' (research::before and after read it).
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
#include "mockbn/analysis/columns.hpp"
#include "mockbn/analysis/histogram.hpp"
#include "mockbn/analysis/modes.hpp"
#include "mockbn/analysis/statistics.hpp"
#include "mockbn/data/dataset.hpp"
#include "mockbn/research/hidden_layers.hpp"
#include "mockbn/research/records.hpp"
#include "mockbn/train/fit.hpp"

namespace mockbn::research {

struct probe_plan {
    std::vector<std::size_t> layers;  // the hidden layers probed, from 1, in order
    std::size_t last_epoch = 0;       // the run's last: its stage records hold a histogram per class
};

// One stage of one layer: pooled, per feature, and (when `labels` is not empty) per class.
template <class T>
stage_record measure_stage(matrix_view<const T> values, std::size_t epoch, std::size_t layer, std::string stage,
                           std::span<const std::uint8_t> labels, std::size_t classes) {
    const std::span<const T> all(values.data, values.size());
    stage_record r;
    r.epoch = epoch;
    r.layer = layer;
    r.stage = std::move(stage);
    r.description = analysis::describe(all);
    r.percentiles = analysis::percentiles(all, std::span<const double>(analysis::band_percentiles));
    r.histogram = analysis::make_histogram(all, histogram_low, histogram_high, histogram_bins);
    r.modes = analysis::main_modes(r.histogram);
    r.features = analysis::describe_columns(values, histogram_low, histogram_high, histogram_bins);
    if (!labels.empty())
        r.classes =
            analysis::histograms_by_label(values, labels, classes, histogram_low, histogram_high, histogram_bins);
    return r;
}

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
    epoch_recorder(const data::dataset& test, const data::dataset& probe, probe_plan plan)
        : test_(test), probe_(probe), plan_(std::move(plan)) {}

    const probe_plan& plan() const noexcept { return plan_; }

    template <class Network>
    void record(Network& network, const epoch_report& report, run_records& out) const {
        const evaluation test = evaluate(network, test_);
        out.epochs.push_back({report.epoch, report.train_loss, test.loss, test.accuracy, report.seconds});
        const auto hidden = hidden_layers_of(network);
        network.predict(probe_.all_images());
        const bool last = report.epoch == plan_.last_epoch;  // per class at the last epoch only (records.hpp says why)
        const std::span<const std::uint8_t> labels = last ? std::span(probe_.labels) : std::span<const std::uint8_t>();
        for (const std::size_t h : plan_.layers) {
            const hidden_layer& layer = layer_of(hidden, h);
            out.stages.push_back(
                measure_stage(before(network, layer), report.epoch, h, "before", labels, probe_.classes));
            out.stages.push_back(
                measure_stage(after(network, layer), report.epoch, h, "after", labels, probe_.classes));
        }
        for (std::size_t h = 1; h <= hidden.size(); ++h)
            record_parameters(network, hidden[h - 1], report.epoch, h, out);
    }

private:
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

    const data::dataset& test_;
    const data::dataset& probe_;
    probe_plan plan_;
};

}  // namespace mockbn::research
