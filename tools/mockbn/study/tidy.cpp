#include "tidy.hpp"

#include "probes.hpp"
#include "report_text.hpp"

namespace study {

void write_metrics_rows(std::ostream& out, const run_result& r, const std::string& lead) {
    for (const auto& e : r.epochs)
        out << lead << r.variant << ',' << r.seed << ',' << e.epoch << ',' << number(e.train_loss) << ','
            << number(e.validation_loss) << ',' << number(e.validation_accuracy) << ',' << number(e.test_loss) << ','
            << number(e.test_accuracy) << ',' << number(e.seconds) << '\n';
}

namespace {

// "<lead>variant,seed,epoch,layer,stage,": what every row of a stage record starts with.
std::string stage_key(const run_result& r, const stage_record& s, const std::string& lead) {
    return lead + r.variant + ',' + std::to_string(r.seed) + ',' + std::to_string(s.epoch) + ',' +
           std::to_string(s.layer) + ',' + s.stage + ',';
}

// The histogram's rows after `key`: below, above and not finite, then its bins (only those holding a value
// when `every_bin` is false).
void write_histogram_rows(std::ostream& out, const std::string& key, const mockbn::analysis::histogram& h,
                          bool every_bin) {
    auto row = [&](const char* quantity, const std::string& at, double value) {
        out << key << quantity << ',' << at << ',' << number(value) << '\n';
    };
    row("below_histogram", number(h.low), h.below);
    row("above_histogram", number(h.high), h.above);
    row("not_finite", "", h.not_finite);
    for (std::size_t i = 0; i < h.bins(); ++i)
        if (every_bin || h.counts[i] != 0) row("histogram", number(h.center(i)), h.counts[i]);
}

std::size_t last_epoch(const run_result& r) { return r.epochs.empty() ? 0 : r.epochs.back().epoch; }

}  // namespace

void write_probe_rows(std::ostream& out, const run_result& r, const std::string& lead) {
    const auto& ps = mockbn::analysis::band_percentiles;
    for (const auto& s : r.stages) {
        const std::string key = stage_key(r, s, lead);
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
        row("features_bimodal", "", features_bimodal(s));
        const auto feature_percentiles = feature_bimodality(s, std::span<const double>(ps));
        for (std::size_t i = 0; i < feature_percentiles.size(); ++i)
            row("feature_bimodality", number(ps[i]), feature_percentiles[i]);
        write_histogram_rows(out, key, s.histogram, true);
    }
}

void write_features_rows(std::ostream& out, const run_result& r, const std::string& lead) {
    for (const auto& s : r.stages) {
        if (s.epoch != last_epoch(r)) continue;
        const std::string key = stage_key(r, s, lead);
        for (std::size_t i = 0; i < s.features.size(); ++i) {
            const auto& [d, modes] = s.features[i];
            out << key << i + 1 << ',' << number(d.mean) << ',' << number(d.deviation) << ',' << number(d.skewness)
                << ',' << number(d.excess_kurtosis) << ',' << number(d.fraction_below_zero) << ','
                << number(d.bimodality);
            for (std::size_t m = 0; m < 2; ++m)
                out << ',' << (m < modes.size() ? number(modes[m].location) + ',' + number(modes[m].height) : ",");
            out << ',' << (bimodal(modes) ? "true" : "false") << '\n';
        }
    }
}

void write_classes_rows(std::ostream& out, const run_result& r, const std::string& lead) {
    for (const auto& s : r.stages)
        for (std::size_t label = 0; label < s.classes.size(); ++label)
            write_histogram_rows(out, stage_key(r, s, lead) + std::to_string(label) + ',', s.classes[label], false);
}

void write_params_rows(std::ostream& out, const run_result& r, const std::string& lead) {
    for (const auto& p : r.parameters)
        out << lead << r.variant << ',' << r.seed << ',' << p.epoch << ',' << p.layer << ',' << p.name << ','
            << number(p.mean) << ',' << number(p.deviation) << ',' << number(p.min) << ',' << number(p.max) << '\n';
}

}  // namespace study
