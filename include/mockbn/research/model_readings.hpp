// mockbn/research/model_readings.hpp
//
// The three models of a probed layer's shape and scale, read off one run's
// records and set beside what the run measured:
//  - class_reading(r, layer, epoch, t): the class-selective-feature model
//    (class_mixture.hpp) at a probed layer after its transformation: the
//    share of features whose classes lie far enough apart for two peaks, the
//    median feature's separation over its critical separation, the peak
//    sides (peaks.hpp) of the pooled histogram the model predicts and of the
//    one measured, and the total variation between the two;
//  - shape_reading<Policy>(r, layer, epoch, t): a fixed transformation's
//    output predicted from its input's per-feature laws
//    (shape_prediction.hpp), its peak sides and the measured ones, and the
//    total variation;
//  - law_reading<Policy>(r, layer, kappa): per recorded epoch from 0, the
//    conservation law's two terms (conservation.hpp) averaged over the
//    layer's units or groups: the output-scale term (a, a², or γ² + β²) and
//    the weight term (κ‖w_j‖²/2, or κ‖w_j‖²), and their difference.
// Contract: each returns nothing (std::nullopt) when the run lacks the
// records it reads (a checkpoint written before they were kept, a layer or
// epoch not probed), and reads nothing else; the peak sides use the
// thresholds' smoothing and prominence, as the claims' rules do.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "mockbn/analysis/histogram.hpp"
#include "mockbn/analysis/modes.hpp"
#include "mockbn/research/class_mixture.hpp"
#include "mockbn/research/conservation.hpp"
#include "mockbn/research/peaks.hpp"
#include "mockbn/research/records.hpp"
#include "mockbn/research/shape_prediction.hpp"
#include "mockbn/research/stages.hpp"
#include "mockbn/research/thresholds.hpp"

namespace mockbn::research {

// A model's pooled histogram beside the measured one.
struct predicted_shape {
    int predicted_sides = 0, measured_sides = 0;  // two_peaks of each histogram's main modes
    double variation = 0;                         // total variation between the two, each as shares of its total
};

struct class_model_reading {
    double share_crossing = 0;   // features whose separation exceeds their critical separation
    double median_crossing = 0;  // the median feature's separation over its critical separation
    predicted_shape shape;
};

struct law_point {
    std::size_t epoch = 0;
    double scale_term = 0, weight_term = 0;  // averaged over the layer's units (or its one group)
    double law() const { return scale_term - weight_term; }
};

namespace detail {

inline double total_variation(const analysis::histogram& a, const analysis::histogram& b) {
    const double ta = a.total(), tb = b.total();
    double d = std::abs(a.below / ta - b.below / tb) + std::abs(a.above / ta - b.above / tb) +
               std::abs(a.not_finite / ta - b.not_finite / tb);
    for (std::size_t i = 0; i < a.bins(); ++i) d += std::abs(a.counts[i] / ta - b.counts[i] / tb);
    return d / 2;
}

inline predicted_shape compare(const analysis::histogram& predicted, const stage_record& measured,
                               const thresholds& t) {
    const auto modes = [&](const analysis::histogram& h) {
        return analysis::main_modes(h, t.smoothing, 2, t.prominence);
    };
    return {two_peaks(modes(predicted)), two_peaks(modes(measured.histogram)),
            total_variation(predicted, measured.histogram)};
}

inline double median(std::vector<double> values) {
    if (values.empty()) return std::nan("");
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

}  // namespace detail

inline std::optional<class_model_reading> class_reading(const run_records& r, std::size_t layer, std::size_t epoch,
                                                        const thresholds& t) {
    const auto* measured = find_stage(r, layer, epoch, "after");
    const auto found = std::find_if(r.class_features.begin(), r.class_features.end(),
                                    [&](const auto& c) { return c.layer == layer && c.epoch == epoch; });
    if (!measured || found == r.class_features.end()) return std::nullopt;
    const auto crossing = crossings(found->columns);
    class_model_reading out;
    out.share_crossing =
        static_cast<double>(std::count_if(crossing.begin(), crossing.end(), [](double c) { return c > 1; })) /
        static_cast<double>(std::max<std::size_t>(1, crossing.size()));
    out.median_crossing = detail::median(crossing);
    const auto& h = measured->histogram;
    out.shape = detail::compare(mixture_histogram(found->columns, h.low, h.high, h.bins()), *measured, t);
    return out;
}

template <class Policy>
    requires fixed_function<Policy> std::optional<predicted_shape> shape_reading(const run_records& r,
                                                                                 std::size_t layer, std::size_t epoch,
                                                                                 const thresholds& t) {
        const auto* input = find_stage(r, layer, epoch, "before");
        const auto* measured = find_stage(r, layer, epoch, "after");
        if (!input || !measured || input->features.empty()) return std::nullopt;
        const auto& h = measured->histogram;
        return detail::compare(pushed_histogram<Policy>(input->features, h.low, h.high, h.bins()), *measured, t);
    }

// The law's terms from each epoch's unit record of hidden layer `layer` (from 1): its parameters as stored
// (each name's block in turn: one value per unit, or one for the layer when shared) and its outgoing norms.
template <class Policy>
    requires scales_its_output<Policy> std::vector<law_point> law_reading(const run_records& r, std::size_t layer,
                                                                          double kappa) {
        using scale = output_scale<Policy>;
        std::vector<law_point> points;
        std::vector<std::string> names;
        for (const auto& p : Policy::params) names.emplace_back(p.name);
        for (const auto& u : r.units) {
            if (u.layer != layer || u.parameters.empty() || u.outgoing.empty()) continue;
            const std::size_t block = u.parameters.size() / names.size();
            law_point point{u.epoch};
            for (std::size_t p = 0; p < names.size(); ++p)
                if (std::find(scale::parameters.begin(), scale::parameters.end(), names[p]) != scale::parameters.end())
                    for (std::size_t g = 0; g < block; ++g) {
                        const double theta = u.parameters[p * block + g];
                        point.scale_term += (scale::kind == scaling::linear ? theta * theta : theta) / block;
                    }
            double norms = 0;
            for (const double n : u.outgoing) norms += n;
            // Per unit: the mean of ‖w_j‖²; shared: the layer's one scale against the sum over its units.
            const double weight = block == 1 ? norms : norms / static_cast<double>(u.outgoing.size());
            point.weight_term = (scale::kind == scaling::linear ? kappa : kappa / 2) * weight;
            points.push_back(point);
        }
        return points;
    }

}  // namespace mockbn::research
