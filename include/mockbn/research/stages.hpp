// mockbn/research/stages.hpp
//
// Look-ups of a run's stage records (records.hpp), and what the features of
// one stage say about two peaks.
//
// Contract:
//  - find_stage(r, layer, epoch, stage): r's record of that hidden layer,
//    epoch and stage ("before" or "after"), or nullptr.
//  - features_bimodal(s): the fraction of s's features whose own main modes
//    make two peaks (peaks.hpp, bimodal); NaN for a record without
//    features. The overload on a run is NaN when the record is absent.
//  - chance_bimodal(s, draws): the same fraction for normal samples of each
//    feature's own count, mean and deviation, `draws` per feature, on the
//    same bins and mode finder: how many features sampling noise alone makes
//    two-peaked (a wide feature of a thousand values often is). The draws
//    come from fixed seeds, so the same record gives the same number; NaN
//    for a record without features.
//  - feature_bimodality(s, ps): the percentiles ps (analysis::percentiles)
//    of s's per-feature Sarle coefficients, of those that are finite (a
//    constant feature has none); NaN for each when none is.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "mockbn/analysis/histogram.hpp"
#include "mockbn/analysis/modes.hpp"
#include "mockbn/analysis/statistics.hpp"
#include "mockbn/core/random.hpp"
#include "mockbn/research/peaks.hpp"
#include "mockbn/research/records.hpp"

namespace mockbn::research {

inline const stage_record* find_stage(const run_records& r, std::size_t layer, std::size_t epoch,
                                      std::string_view stage) {
    for (const auto& s : r.stages)
        if (s.layer == layer && s.epoch == epoch && s.stage == stage) return &s;
    return nullptr;
}

inline double features_bimodal(const stage_record& s) {
    if (s.features.empty()) return NAN;
    const auto count = std::count_if(s.features.begin(), s.features.end(),
                                     [](const analysis::column_description& f) { return bimodal(f.modes); });
    return static_cast<double>(count) / static_cast<double>(s.features.size());
}

inline double features_bimodal(const run_records& r, std::size_t layer, std::size_t epoch, std::string_view stage) {
    const auto* s = find_stage(r, layer, epoch, stage);
    return s ? features_bimodal(*s) : NAN;
}

inline double chance_bimodal(const stage_record& s, std::size_t draws) {
    if (s.features.empty() || draws == 0) return NAN;
    std::size_t hits = 0;
    for (std::size_t i = 0; i < s.features.size(); ++i) {
        const auto& d = s.features[i].description;
        random::generator g(i + 1);  // per feature: the same sample for the same description
        std::vector<double> sample(d.count);
        for (std::size_t k = 0; k < draws; ++k) {
            for (double& x : sample) x = d.mean + d.deviation * g.normal();
            const std::span<const double> all(sample);
            hits += bimodal(
                analysis::main_modes(analysis::make_histogram(all, histogram_low, histogram_high, histogram_bins)));
        }
    }
    return static_cast<double>(hits) / static_cast<double>(s.features.size() * draws);
}

inline std::vector<double> feature_bimodality(const stage_record& s, std::span<const double> ps) {
    std::vector<double> finite;
    for (const auto& f : s.features)
        if (std::isfinite(f.description.bimodality)) finite.push_back(f.description.bimodality);
    return analysis::percentiles(std::span<const double>(finite), ps);
}

}  // namespace mockbn::research
