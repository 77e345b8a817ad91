// mockbn/research/effects.hpp
//
// The effect sizes the ledger reports (original_ledger.hpp), each with its
// interval, computed from stored records alone.
//
// Contract:
//  - pair_by_seed(runs, a, b, metric): the metric of variant a's and b's
//    runs that finished (did not diverge), for each seed both have, in the
//    order of a's runs: variants of one seed share their initial dense
//    weights and data order, so differences are taken within a seed.
//  - final_accuracy, mean_train_loss: a run's last test accuracy, and its
//    training loss averaged over its epochs (how fast it converged).
//  - sarle_from_sums(sums, images, per_image): Sarle's coefficient of the
//    values whose per-image power sums are given, for the images listed
//    (statistics.hpp's definition, n the number of values).
//  - bimodality_interval(stages, level, resamples, seed): the mean over
//    runs of Sarle's coefficient, with a two-level percentile bootstrap
//    interval: runs drawn with replacement, then each drawn run's probe
//    images drawn with replacement from its image sums.
//  - separation_interval(stages, level, resamples, seed): the mean over
//    runs of the median feature's cluster separation (clusters.hpp), with
//    the same two-level bootstrap over runs and features.
//  - Stages without image sums or clusters (an earlier epoch's) enter
//    neither interval; with none, the interval is all NaN. Both intervals
//    are the same for the same records and seed on every machine.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "mockbn/analysis/inference.hpp"
#include "mockbn/analysis/statistics.hpp"
#include "mockbn/core/random.hpp"
#include "mockbn/research/records.hpp"
#include "mockbn/research/run_result.hpp"

namespace mockbn::research {

struct paired_values {
    std::vector<std::uint64_t> seeds;
    std::vector<double> a, b;
};

inline double final_accuracy(const run_result& r) { return r.epochs.back().test_accuracy; }

inline double mean_train_loss(const run_result& r) {
    double sum = 0;
    for (const auto& e : r.epochs) sum += e.train_loss;
    return sum / static_cast<double>(r.epochs.size());
}

template <class Metric>
paired_values pair_by_seed(const std::vector<run_result>& runs, std::string_view a, std::string_view b,
                           Metric&& metric) {
    paired_values out;
    for (const auto& ra : runs) {
        if (ra.variant != a || ra.diverged || ra.epochs.empty()) continue;
        for (const auto& rb : runs)
            if (rb.variant == b && rb.seed == ra.seed && !rb.diverged && !rb.epochs.empty()) {
                out.seeds.push_back(ra.seed);
                out.a.push_back(metric(ra));
                out.b.push_back(metric(rb));
                break;
            }
    }
    return out;
}

inline double sarle_from_sums(std::span<const double> sums, std::span<const std::size_t> images, double per_image) {
    double s[4] = {0, 0, 0, 0};
    for (const std::size_t i : images)
        for (int k = 0; k < 4; ++k) s[k] += sums[4 * i + k];
    const double n = per_image * static_cast<double>(images.size());
    const double m = s[0] / n, e2 = s[1] / n, e3 = s[2] / n, e4 = s[3] / n;
    const double m2 = e2 - m * m, m3 = e3 - 3 * m * e2 + 2 * m * m * m,
                 m4 = e4 - 4 * m * e3 + 6 * m * m * e2 - 3 * m * m * m * m;
    const double g = m3 / std::pow(m2, 1.5), k = m4 / (m2 * m2) - 3;
    return (g * g + 1) / (k + 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3)));
}

namespace detail {

// A two-level percentile bootstrap: units (runs) with replacement, then each drawn unit's items with
// replacement; value(unit, items) is one unit's statistic on the items drawn, items(unit) how many it has.
template <class Items, class Value>
analysis::interval two_level_bootstrap(std::size_t units, Items&& items, Value&& value, double level,
                                       std::size_t resamples, std::uint64_t seed) {
    analysis::interval r;
    if (units == 0) return r;
    std::vector<std::size_t> picked;
    double estimate = 0;
    for (std::size_t u = 0; u < units; ++u) {
        picked.resize(items(u));
        for (std::size_t i = 0; i < picked.size(); ++i) picked[i] = i;
        estimate += value(u, std::span<const std::size_t>(picked));
    }
    r.estimate = estimate / static_cast<double>(units);
    random::generator g(seed);
    std::vector<double> replicates;
    for (std::size_t k = 0; k < resamples; ++k) {
        double sum = 0;
        for (std::size_t j = 0; j < units; ++j) {
            const std::size_t u = static_cast<std::size_t>(g.below(units));
            picked.resize(items(u));
            for (auto& i : picked) i = static_cast<std::size_t>(g.below(picked.size()));
            sum += value(u, std::span<const std::size_t>(picked));
        }
        if (std::isfinite(sum)) replicates.push_back(sum / static_cast<double>(units));
    }
    const double tails[] = {50 * (1 - level), 50 * (1 + level)};
    const auto bounds = analysis::percentiles(std::span<const double>(replicates), std::span<const double>(tails));
    r.low = bounds[0];
    r.high = bounds[1];
    return r;
}

// The median (the mean of the two middle values of an even count), as analysis::percentiles gives the 50th.
inline double median_of(std::vector<double>& v) {
    const std::size_t n = v.size(), middle = n / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(middle), v.end());
    if (n % 2 == 1) return v[middle];
    const double upper = v[middle];
    return (*std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(middle)) + upper) / 2;
}

}  // namespace detail

inline analysis::interval bimodality_interval(const std::vector<const stage_record*>& stages, double level,
                                              std::size_t resamples, std::uint64_t seed) {
    std::vector<const stage_record*> usable;
    for (const auto* s : stages)
        if (!s->image_sums.empty() && !s->features.empty()) usable.push_back(s);
    return detail::two_level_bootstrap(
        usable.size(), [&](std::size_t u) { return usable[u]->image_sums.size() / 4; },
        [&](std::size_t u, std::span<const std::size_t> images) {
            return sarle_from_sums(usable[u]->image_sums, images, static_cast<double>(usable[u]->features.size()));
        },
        level, resamples, seed);
}

inline analysis::interval separation_interval(const std::vector<const stage_record*>& stages, double level,
                                              std::size_t resamples, std::uint64_t seed) {
    std::vector<std::vector<double>> separations;
    for (const auto* s : stages) {
        std::vector<double> finite;
        for (const auto& c : s->clusters)
            if (std::isfinite(c.separation())) finite.push_back(c.separation());
        if (!finite.empty()) separations.push_back(std::move(finite));
    }
    std::vector<double> drawn;
    return detail::two_level_bootstrap(
        separations.size(), [&](std::size_t u) { return separations[u].size(); },
        [&](std::size_t u, std::span<const std::size_t> features) {
            drawn.clear();
            for (const std::size_t f : features) drawn.push_back(separations[u][f]);
            return detail::median_of(drawn);
        },
        level, resamples, seed);
}

}  // namespace mockbn::research
