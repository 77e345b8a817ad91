// mockbn/research/summary.hpp
//
// Each variant of one configuration summarized over its seeds at the last
// epoch: what the claims of the original study are judged on.
//
// Contract of summarize(variants, runs, layer, epochs): one variant_summary
// per name of `variants`, in that order. A diverged run is counted and
// enters no average. Accuracies are the last epoch's, on the validation set
// and on the test set; epochs_to_97 reads the validation curve (the test
// curve in runs recorded without a validation set); the probe numbers are
// those of hidden layer `layer` after its transformation at epoch `epochs`;
// the modes are those of the seed-summed histogram. A mean over nothing is
// NaN; the spread of fewer than two values is 0.
#pragma once

#include <cmath>
#include <cstddef>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "mockbn/analysis/histogram.hpp"
#include "mockbn/analysis/modes.hpp"
#include "mockbn/research/run_result.hpp"
#include "mockbn/research/stages.hpp"

namespace mockbn::research {

struct variant_summary {
    std::string variant;
    std::size_t runs = 0, diverged = 0;
    double accuracy_mean = 0, accuracy_std = 0;      // the final test accuracy
    double validation_mean = 0, validation_std = 0;  // the final validation accuracy (NaN without a validation set)
    long epochs_to_97 = -1;                          // first epoch whose mean validation accuracy reaches 0.97, or −1
    double bimodality = 0;                           // Sarle's coefficient after the transformation, mean over seeds
    std::vector<analysis::mode> modes;               // of the seed-summed final histogram
    double features_bimodal = 0;                     // mean fraction of features with two peaks of their own (after)
    double low = 0, high = 0;                        // mean 0th and 100th percentiles
    double seconds_per_epoch = 0;
};

inline double mean_of(const std::vector<double>& v) {
    return v.empty() ? NAN : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// Sample standard deviation (n − 1); 0 for a single value.
inline double spread_of(const std::vector<double>& v) {
    if (v.size() < 2) return 0;
    const double m = mean_of(v);
    double s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return std::sqrt(s / static_cast<double>(v.size() - 1));
}

inline std::vector<const run_result*> runs_of(const std::vector<run_result>& runs, std::string_view variant) {
    std::vector<const run_result*> out;
    for (const auto& r : runs)
        if (r.variant == variant) out.push_back(&r);
    return out;
}

// The seed-summed histogram of a layer's stage at an epoch.
inline analysis::histogram summed_histogram(const std::vector<const run_result*>& runs, std::size_t layer,
                                            std::size_t epoch, std::string_view stage) {
    analysis::histogram sum{histogram_low, histogram_high, std::vector<double>(histogram_bins, 0.0)};
    for (const auto* r : runs)
        if (const auto* s = find_stage(*r, layer, epoch, stage)) {
            for (std::size_t i = 0; i < histogram_bins; ++i) sum.counts[i] += s->histogram.counts[i];
            sum.below += s->histogram.below;
            sum.above += s->histogram.above;
            sum.not_finite += s->histogram.not_finite;
        }
    return sum;
}

// The accuracy a run selects on at an epoch: the validation set's, or, in a run recorded without one, the
// test set's.
inline double selection_accuracy(const epoch_record& e) {
    return std::isnan(e.validation_accuracy) ? e.test_accuracy : e.validation_accuracy;
}

namespace detail {

// The first epoch whose mean selection accuracy over the healthy runs reaches 0.97, or −1.
inline long epochs_to_97(const std::vector<const run_result*>& healthy, std::size_t epochs) {
    for (std::size_t epoch = 1; epoch <= epochs; ++epoch) {
        std::vector<double> at;
        for (const auto* r : healthy)
            for (const auto& e : r->epochs)
                if (e.epoch == epoch) at.push_back(selection_accuracy(e));
        if (!at.empty() && mean_of(at) >= 0.97) return static_cast<long>(epoch);
    }
    return -1;
}

}  // namespace detail

inline variant_summary summarize_variant(const std::string& variant, const std::vector<run_result>& runs,
                                         std::size_t layer, std::size_t epochs) {
    variant_summary s;
    s.variant = variant;
    std::vector<const run_result*> healthy;
    std::vector<double> accuracy, validation, bimodality, features, low, high, seconds;
    for (const auto* r : runs_of(runs, variant)) {
        ++s.runs;
        s.diverged += r->diverged;
        if (r->diverged) continue;  // a diverged run never enters an average
        healthy.push_back(r);
        accuracy.push_back(r->epochs.back().test_accuracy);
        validation.push_back(r->epochs.back().validation_accuracy);
        for (const auto& e : r->epochs) seconds.push_back(e.seconds);
        if (const auto* st = find_stage(*r, layer, epochs, "after")) {
            bimodality.push_back(st->description.bimodality);
            features.push_back(features_bimodal(*st));
            low.push_back(st->percentiles.front());
            high.push_back(st->percentiles.back());
        }
    }
    s.accuracy_mean = mean_of(accuracy);
    s.accuracy_std = spread_of(accuracy);
    s.validation_mean = mean_of(validation);
    s.validation_std = spread_of(validation);
    s.epochs_to_97 = detail::epochs_to_97(healthy, epochs);
    s.bimodality = mean_of(bimodality);
    s.features_bimodal = mean_of(features);
    s.modes = analysis::main_modes(summed_histogram(healthy, layer, epochs, "after"));
    s.low = mean_of(low);
    s.high = mean_of(high);
    s.seconds_per_epoch = mean_of(seconds);
    return s;
}

inline std::vector<variant_summary> summarize(const std::vector<std::string>& variants,
                                              const std::vector<run_result>& runs, std::size_t layer,
                                              std::size_t epochs) {
    std::vector<variant_summary> out;
    for (const auto& v : variants) out.push_back(summarize_variant(v, runs, layer, epochs));
    return out;
}

}  // namespace mockbn::research
