// mockbn/research/measure.hpp
//
// One stage of one probed layer measured from its values (rows: probe
// images, columns: features), as a stage record (records.hpp) holds it.
//
// Contract: measure_pooled(values, epoch, layer, stage) fills the pooled
// fields of the record from `values`: the description, the percentiles at
// analysis::band_percentiles, the histogram on the fixed bins and its main
// modes. measure_stage(values, epoch, layer, stage, labels, classes) adds
// each feature's description and modes. With `labels` (the
// run's last epoch: records.hpp says why only there) it adds the histogram
// per class, each image's power sums and each feature's two-cluster fit
// (analysis/clusters.hpp); without, those stay empty.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "mockbn/analysis/by_label.hpp"
#include "mockbn/analysis/clusters.hpp"
#include "mockbn/analysis/columns.hpp"
#include "mockbn/analysis/histogram.hpp"
#include "mockbn/analysis/modes.hpp"
#include "mockbn/analysis/statistics.hpp"
#include "mockbn/core/matrix.hpp"
#include "mockbn/research/records.hpp"

namespace mockbn::research {

namespace detail {

// Per row: the sums of its values' first four powers.
template <class T>
std::vector<double> row_power_sums(matrix_view<const T> values) {
    std::vector<double> sums;
    sums.reserve(4 * values.rows);
    for (std::size_t r = 0; r < values.rows; ++r) {
        double s[4] = {0, 0, 0, 0};
        for (std::size_t c = 0; c < values.cols; ++c) {
            const double x = static_cast<double>(values.row(r)[c]), x2 = x * x;
            s[0] += x;
            s[1] += x2;
            s[2] += x2 * x;
            s[3] += x2 * x2;
        }
        sums.insert(sums.end(), s, s + 4);
    }
    return sums;
}

template <class T>
std::vector<analysis::two_clusters> column_clusters(matrix_view<const T> values) {
    std::vector<analysis::two_clusters> fits;
    std::vector<T> column(values.rows);
    for (std::size_t c = 0; c < values.cols; ++c) {
        for (std::size_t r = 0; r < values.rows; ++r) column[r] = values.row(r)[c];
        fits.push_back(analysis::fit_two_clusters(std::span<const T>(column)));
    }
    return fits;
}

}  // namespace detail

template <class T>
stage_record measure_pooled(matrix_view<const T> values, std::size_t epoch, std::size_t layer, std::string stage) {
    const std::span<const T> all(values.data, values.size());
    stage_record r;
    r.epoch = epoch;
    r.layer = layer;
    r.stage = std::move(stage);
    r.description = analysis::describe(all);
    r.percentiles = analysis::percentiles(all, std::span<const double>(analysis::band_percentiles));
    r.histogram = analysis::make_histogram(all, histogram_low, histogram_high, histogram_bins);
    r.modes = analysis::main_modes(r.histogram);
    return r;
}

template <class T>
stage_record measure_stage(matrix_view<const T> values, std::size_t epoch, std::size_t layer, std::string stage,
                           std::span<const std::uint8_t> labels, std::size_t classes) {
    stage_record r = measure_pooled(values, epoch, layer, std::move(stage));
    r.features = analysis::describe_columns(values, histogram_low, histogram_high, histogram_bins);
    if (!labels.empty()) {
        r.classes =
            analysis::histograms_by_label(values, labels, classes, histogram_low, histogram_high, histogram_bins);
        r.image_sums = detail::row_power_sums(values);
        r.clusters = detail::column_clusters(values);
    }
    return r;
}

}  // namespace mockbn::research
