#include "tidy.hpp"

#include "report_text.hpp"

namespace study {

void write_metrics_rows(std::ostream& out, const run_result& r, const std::string& lead) {
    for (const auto& e : r.epochs)
        out << lead << r.variant << ',' << r.seed << ',' << e.epoch << ',' << number(e.train_loss) << ','
            << number(e.test_loss) << ',' << number(e.test_accuracy) << ',' << number(e.seconds) << '\n';
}

void write_probe_rows(std::ostream& out, const run_result& r, const std::string& lead) {
    for (const auto& s : r.stages) {
        const std::string key =
            lead + r.variant + ',' + std::to_string(r.seed) + ',' + std::to_string(s.epoch) + ',' + s.stage + ',';
        auto row = [&](const char* quantity, const std::string& at, double value) {
            out << key << quantity << ',' << at << ',' << number(value) << '\n';
        };
        row("count", "", static_cast<double>(s.description.count));
        row("mean", "", s.description.mean);
        row("std", "", s.description.deviation);
        row("skewness", "", s.description.skewness);
        row("excess_kurtosis", "", s.description.excess_kurtosis);
        row("fraction_below_zero", "", s.description.fraction_below_zero);
        row("bimodality", "", s.description.bimodality);
        for (std::size_t i = 0; i < s.percentiles.size(); ++i)
            row("percentile", number(mockbn::analysis::band_percentiles[i]), s.percentiles[i]);
        for (std::size_t i = 0; i < s.modes.size(); ++i) {
            row("mode_location", std::to_string(i + 1), s.modes[i].location);
            row("mode_height", std::to_string(i + 1), s.modes[i].height);
        }
        row("below_histogram", number(histogram_low), s.histogram.below);
        row("above_histogram", number(histogram_high), s.histogram.above);
        row("not_finite", "", s.histogram.not_finite);
        for (std::size_t i = 0; i < s.histogram.bins(); ++i)
            row("histogram", number(s.histogram.center(i)), s.histogram.counts[i]);
    }
}

void write_params_rows(std::ostream& out, const run_result& r, const std::string& lead) {
    for (const auto& p : r.parameters)
        out << lead << r.variant << ',' << r.seed << ',' << p.epoch << ',' << p.layer << ',' << p.name << ','
            << number(p.mean) << ',' << number(p.deviation) << ',' << number(p.min) << ',' << number(p.max) << '\n';
}

}  // namespace study
