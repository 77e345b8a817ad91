#include "epoch_recorder.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace study {

using namespace mockbn;

stage_record epoch_recorder::measure(std::size_t epoch, std::size_t layer, const char* stage,
                                     matrix_view<const float> values) const {
    const std::span<const float> all(values.data, values.size());
    stage_record r;
    r.epoch = epoch;
    r.layer = layer;
    r.stage = stage;
    r.description = analysis::describe(all);
    r.percentiles = analysis::percentiles(all, std::span<const double>(analysis::band_percentiles));
    r.histogram = analysis::make_histogram(all, histogram_low, histogram_high, histogram_bins);
    r.modes = analysis::main_modes(r.histogram);
    r.features = analysis::describe_columns(values, histogram_low, histogram_high, histogram_bins);
    if (epoch == o_.epochs)  // per class at the last epoch only (records.hpp says why)
        r.classes = analysis::histograms_by_label(values, std::span<const std::uint8_t>(data_.probe.labels),
                                                  data_.probe.classes, histogram_low, histogram_high, histogram_bins);
    return r;
}

parameter_record epoch_recorder::summarize(std::size_t epoch, std::size_t layer, std::string_view name,
                                           std::span<const float> values) {
    const auto d = analysis::describe(values);
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    return {epoch, layer, std::string(name), d.mean, d.deviation, *low, *high};
}

std::string epoch_recorder::progress_line(const epoch_report& report, double test_accuracy) const {
    char line[256];
    std::snprintf(
        line, sizeof line, "%-12s seed %llu  epoch %zu/%zu  train loss %.4f  test accuracy %.4f  (%.0f samples/s)",
        job_.variant.c_str(), static_cast<unsigned long long>(job_.seed), report.epoch, o_.epochs, report.train_loss,
        test_accuracy, static_cast<double>(data_.train.count) / std::max(report.seconds, 1e-9));
    return line;
}

}  // namespace study
