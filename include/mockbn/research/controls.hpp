// mockbn/research/controls.hpp
//
// Positive controls for the ledger's shape rules: probed layers of known
// shape, drawn at a run's sample size and measured on its bins exactly as a
// probe is (measure.hpp), so that how often a rule fires can be read against
// how pronounced the shape is. A rule's silence on a trained network means
// something only where it fires on a synthetic layer as pronounced as the
// smallest shape of interest.
//
// The model (layer_model): each of `width` features mixes an "off" cluster
// and an "on" cluster `separation` spreads above it; feature j's share of
// "on" images is drawn uniformly from [on_low, on_high]. Each feature is
// then standardized over the images (mean 0, deviation 1), as batch
// normalization leaves a feature whose running estimates match its images,
// multiplied by `scale` and, when `mirrored`, negated. With a small "on"
// share this is the original study's batch-normalized shape (a higher peak
// below zero, a lower one above) once the clusters lie about 4 spreads
// apart; mirrored, the fixed transformations' (the higher peak above).
//
// Contract:
//  - synthetic_stage(m, seed, last): the stage record ("after", epoch 0,
//    layer 0) of a layer drawn from m with the library's generator: the
//    same (m, seed) gives the same record on every machine. With `last`, it
//    holds what a run's last epoch records (measure_stage with labels: every
//    image of class 0, its image sums, each feature's clusters); without,
//    only the pooled measures the shape rules read (measure_pooled), as the
//    bank draws it.
//  - control_bank(count) draws, once per model, the layers of seeds 1 …
//    count and keeps them; detection_rate(m, rule, fires) is the share of
//    those on which fires(record) is true, kept under `rule` (which must
//    name the rule and every threshold it reads: the same name, the same
//    rule) so that judging many configurations computes it once, and
//    detection_curve(m, separations, rule, fires) that share at each
//    separation (m's own separation set aside).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "mockbn/core/matrix.hpp"
#include "mockbn/core/random.hpp"
#include "mockbn/research/measure.hpp"
#include "mockbn/research/records.hpp"

namespace mockbn::research {

struct layer_model {
    std::size_t images = 1000, width = 100;
    double separation = 4;               // of the "on" cluster above the "off" one, in their common spread
    double on_low = 0.1, on_high = 0.3;  // each feature's share of "on" images: uniform in [on_low, on_high]
    double scale = 1;                    // every standardized value times this
    bool mirrored = false;               // every value negated: the larger cluster above zero

    auto key() const { return std::tuple(images, width, separation, on_low, on_high, scale, mirrored); }
};

inline stage_record synthetic_stage(const layer_model& m, std::uint64_t seed, bool last = false) {
    random::generator g(seed);
    std::vector<double> on(m.width), sum(m.width, 0.0), squares(m.width, 0.0), values(m.images * m.width);
    for (double& share : on) share = g.uniform(m.on_low, m.on_high);
    for (std::size_t i = 0; i < m.images; ++i)  // row by row: an image's features lie side by side
        for (std::size_t j = 0; j < m.width; ++j) {
            const double x = g.normal() + (g.uniform() < on[j] ? m.separation : 0.0);
            values[i * m.width + j] = x;
            sum[j] += x;
        }
    const double n = static_cast<double>(m.images);
    for (std::size_t i = 0; i < m.images; ++i)
        for (std::size_t j = 0; j < m.width; ++j) {
            const double d = values[i * m.width + j] - sum[j] / n;
            squares[j] += d * d;
        }
    for (std::size_t i = 0; i < m.images; ++i)
        for (std::size_t j = 0; j < m.width; ++j) {
            const double factor = (m.mirrored ? -m.scale : m.scale) / std::sqrt(squares[j] / n);
            values[i * m.width + j] = (values[i * m.width + j] - sum[j] / n) * factor;
        }
    const matrix_view<const double> layer{values.data(), m.images, m.width};
    if (!last) return measure_pooled(layer, 0, 0, "after");
    const std::vector<std::uint8_t> labels(m.images, 0);
    return measure_stage(layer, 0, 0, "after", labels, 1);
}

class control_bank {
public:
    explicit control_bank(std::size_t count = 20) : count_(count) {}

    std::size_t count() const noexcept { return count_; }

    const std::vector<stage_record>& layers(const layer_model& m) {
        auto [at, fresh] = drawn_.try_emplace(m.key());
        if (fresh)
            for (std::size_t seed = 1; seed <= count_; ++seed) at->second.push_back(synthetic_stage(m, seed));
        return at->second;
    }

    template <class Rule>
    double detection_rate(const layer_model& m, const std::string& rule, Rule&& fires) {
        auto [at, fresh] = rates_.try_emplace({m.key(), rule});
        if (!fresh) return at->second;
        const auto& drawn = layers(m);
        std::size_t hits = 0;
        for (const auto& s : drawn) hits += fires(s) ? 1 : 0;
        return at->second = static_cast<double>(hits) / static_cast<double>(drawn.size());
    }

    template <class Rule>
    std::vector<std::pair<double, double>> detection_curve(layer_model m, const std::vector<double>& separations,
                                                           const std::string& rule, Rule&& fires) {
        std::vector<std::pair<double, double>> curve;
        for (const double d : separations) {
            m.separation = d;
            curve.emplace_back(d, detection_rate(m, rule, fires));
        }
        return curve;
    }

private:
    using model_key = decltype(layer_model{}.key());
    std::size_t count_;
    std::map<model_key, std::vector<stage_record>> drawn_;
    std::map<std::pair<model_key, std::string>, double> rates_;
};

}  // namespace mockbn::research
