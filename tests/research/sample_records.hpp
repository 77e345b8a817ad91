// Records with every field set, each number different, an infinity and a NaN
// among them: what the persistence tests write and read back.
#pragma once

#include <cmath>
#include <cstddef>
#include <iterator>
#include <limits>

#include <mockbn/analysis.hpp>
#include <mockbn/research/records.hpp>

namespace mockbn::testing {

inline double next_number() {
    static double n = 0;
    n += 1;
    return n == 7 ? std::numeric_limits<double>::infinity() : n == 11 ? std::nan("") : n / 8;
}

inline analysis::histogram sample_histogram() {
    analysis::histogram h{next_number(), next_number(), {}, next_number(), next_number(), next_number()};
    for (std::size_t i = 0; i < research::histogram_bins; ++i) h.counts.push_back(next_number());
    return h;
}

inline analysis::description sample_description(std::size_t count) {
    return {count, next_number(), next_number(), next_number(), next_number(), next_number(), next_number()};
}

// Every field set; `features` feature records (the k-th with k % 3 modes), `classes` class histograms; with
// classes (the last epoch's record), each image's four power sums (three images) and each feature's clusters.
inline research::stage_record sample_stage(std::size_t epoch, std::size_t layer, const char* stage, std::size_t modes,
                                           std::size_t features, std::size_t classes) {
    research::stage_record s;
    s.epoch = epoch;
    s.layer = layer;
    s.stage = stage;
    s.description = sample_description(epoch + 100);
    for (std::size_t i = 0; i < std::size(analysis::band_percentiles); ++i) s.percentiles.push_back(next_number());
    s.histogram = sample_histogram();
    for (std::size_t i = 0; i < modes; ++i) s.modes.push_back({next_number(), next_number()});
    for (std::size_t k = 0; k < features; ++k) {
        auto& f = s.features.emplace_back(analysis::column_description{sample_description(k + 7), {}});
        for (std::size_t i = 0; i < k % 3; ++i) f.modes.push_back({next_number(), next_number()});
    }
    for (std::size_t c = 0; c < classes; ++c) s.classes.push_back(sample_histogram());
    if (classes == 0) return s;
    for (std::size_t i = 0; i < 3 * 4; ++i) s.image_sums.push_back(next_number());
    for (std::size_t k = 0; k < features; ++k)
        s.clusters.push_back({next_number(), next_number(), next_number(), next_number()});
    return s;
}

}  // namespace mockbn::testing
