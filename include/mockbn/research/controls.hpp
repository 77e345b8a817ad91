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

namespace detail {

// Two independent standard normals by Marsaglia's polar method: one logarithm and no trigonometry for the pair,
// where a layer of a million values spends most of its drawing time.
inline std::pair<double, double> normal_pair(random::generator& g) {
    for (;;) {
        const double u = 2 * g.uniform() - 1, v = 2 * g.uniform() - 1, s = u * u + v * v;
        if (s == 0 || s >= 1) continue;
        const double factor = std::sqrt(-2 * std::log(s) / s);
        return {u * factor, v * factor};
    }
}

}  // namespace detail

inline stage_record synthetic_stage(const layer_model& m, std::uint64_t seed, bool last = false) {
    random::generator g(seed);
    std::vector<double> on(m.width), values(m.images * m.width);
    std::vector<double> mean(m.width, 0.0), factor(m.width, 0.0);  // each feature's: summed first, then divided
    for (double& share : on) share = g.uniform(m.on_low, m.on_high);
    for (std::size_t k = 0; k < values.size(); k += 2) {  // row by row: an image's features lie side by side
        const auto [first, second] = detail::normal_pair(g);
        values[k] = first;
        if (k + 1 < values.size()) values[k + 1] = second;
    }
    const auto each = [&](auto&& f) {  // f(value, its feature), image by image
        for (std::size_t i = 0; i < m.images; ++i)
            for (std::size_t j = 0; j < m.width; ++j) f(values[i * m.width + j], j);
    };
    each([&](double& x, std::size_t j) {
        if (g.uniform() < on[j]) x += m.separation;
        mean[j] += x;
    });
    const double n = static_cast<double>(m.images);
    for (double& mu : mean) mu /= n;
    each([&](double x, std::size_t j) { factor[j] += (x - mean[j]) * (x - mean[j]); });
    for (double& f : factor) f = (m.mirrored ? -m.scale : m.scale) / std::sqrt(f / n);  // scale / deviation
    each([&](double& x, std::size_t j) { x = (x - mean[j]) * factor[j]; });
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
