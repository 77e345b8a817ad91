#include "probes.hpp"

#include <algorithm>
#include <cmath>

#include <mockbn/core/random.hpp>

#include "peaks.hpp"

namespace study {

std::vector<std::size_t> probed_layers(const options& o) {
    if (o.probe_layer != every_hidden_layer) return {o.probe_layer};
    std::vector<std::size_t> layers;
    for (std::size_t h = 1; h <= o.depth; ++h) layers.push_back(h);
    return layers;
}

std::size_t verdict_layer(const options& o) {
    if (o.probe_layer != every_hidden_layer) return o.probe_layer;
    return *std::max_element(o.placement.begin(), o.placement.end());
}

const stage_record* find_stage(const run_result& r, std::size_t layer, std::size_t epoch, const std::string& stage) {
    for (const auto& s : r.stages)
        if (s.layer == layer && s.epoch == epoch && s.stage == stage) return &s;
    return nullptr;
}

double features_bimodal(const stage_record& s) {
    if (s.features.empty()) return NAN;
    const auto count = std::count_if(s.features.begin(), s.features.end(),
                                     [](const mockbn::analysis::column_description& f) { return bimodal(f.modes); });
    return static_cast<double>(count) / static_cast<double>(s.features.size());
}

double features_bimodal(const run_result& r, std::size_t layer, std::size_t epoch, const std::string& stage) {
    const auto* s = find_stage(r, layer, epoch, stage);
    return s ? features_bimodal(*s) : NAN;
}

double chance_bimodal(const stage_record& s, std::size_t draws) {
    if (s.features.empty() || draws == 0) return NAN;
    std::size_t hits = 0;
    for (std::size_t i = 0; i < s.features.size(); ++i) {
        const auto& d = s.features[i].description;
        mockbn::random::generator g(i + 1);  // per feature: the same sample for the same description
        std::vector<double> sample(d.count);
        for (std::size_t k = 0; k < draws; ++k) {
            for (double& x : sample) x = d.mean + d.deviation * g.normal();
            const std::span<const double> all(sample);
            hits += bimodal(mockbn::analysis::main_modes(
                mockbn::analysis::make_histogram(all, histogram_low, histogram_high, histogram_bins)));
        }
    }
    return static_cast<double>(hits) / static_cast<double>(s.features.size() * draws);
}

std::vector<double> feature_bimodality(const stage_record& s, std::span<const double> ps) {
    std::vector<double> finite;
    for (const auto& f : s.features)
        if (std::isfinite(f.description.bimodality)) finite.push_back(f.description.bimodality);
    return mockbn::analysis::percentiles(std::span<const double>(finite), ps);
}

}  // namespace study
