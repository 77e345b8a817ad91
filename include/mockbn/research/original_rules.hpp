// mockbn/research/original_rules.hpp
//
// The rules that judge each claim of the original study (S. Bai, "Senior
// thesis III", Carnegie Mellon University, 2016) on one configuration's
// stored runs: what original_ledger.hpp's operationalizations say in words,
// in code. Variants are named as the catalog names them: plain, bn,
// log_shift, sqrt_shift, and the fixed shapes the evidence lists.
//
// Contract: each rule reads only the evidence and the thresholds; shape
// rules read every finished run's stage after the transformation at the
// evidence's layer and epoch, accuracy and loss rules pair runs by seed
// (effects.hpp). A rule whose runs are missing says which are.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "mockbn/analysis/inference.hpp"
#include "mockbn/research/controls.hpp"
#include "mockbn/research/effects.hpp"
#include "mockbn/research/ledger.hpp"
#include "mockbn/research/shapes.hpp"
#include "mockbn/research/stages.hpp"
#include "mockbn/research/summary.hpp"
#include "mockbn/research/thresholds.hpp"
#include "mockbn/research/verdict_rules.hpp"

namespace mockbn::research::original {

// Bootstrap resamples and their seed: fixed, so a stored folder re-judged gives the same intervals.
inline constexpr std::size_t resamples = 400;
inline constexpr std::uint64_t bootstrap_seed = 2016;

// The finished runs' stages after the transformation at the evidence's layer and epoch, with their seeds.
inline std::vector<const stage_record*> final_stages(const evidence& e, const std::string& variant) {
    std::vector<const stage_record*> out;
    for (const auto& r : e.runs)
        if (r.variant == variant && !r.diverged)
            if (const auto* s = find_stage(r, e.layer, e.epoch, "after")) out.push_back(s);
    return out;
}

// The shape a claim's positive control draws: batch normalization's (a small "on" share), mirrored for the
// fixed shapes', or the log-shift's (on shares near a half).
struct control_shape {
    double on_low = 0.1, on_high = 0.3;
    bool mirrored = false;
};

// The model of a layer a shape rule must see, of that shape, at the sample size of `s`, as far apart as the
// smallest shape of interest.
inline layer_model control_model(const stage_record& s, const thresholds& t, const control_shape& shape) {
    layer_model m;
    m.width = std::max<std::size_t>(1, s.features.size());
    m.images = static_cast<std::size_t>(s.description.count) / m.width;
    m.separation = t.shape_separation;
    m.on_low = shape.on_low;
    m.on_high = shape.on_high;
    m.mirrored = shape.mirrored;
    return m;
}

// Claim 1's rule on one run's stage: strictly, two peaks across zero with the one below higher; weakly, two
// peaks across zero.
inline bool higher_peak_below(const stage_record& s, const thresholds& t) { return peak_sides(s, t) == -1; }
inline bool peaks_across_zero(const stage_record& s, const thresholds& t) { return peak_sides(s, t) != 0; }

inline std::string modes_text(const std::vector<analysis::mode>& modes) {
    if (modes.empty()) return "no mode";
    std::string text;
    for (const auto& m : modes)
        text += (text.empty() ? "" : " and ") + number(m.location) + " (" + number(m.height) + ")";
    return text;
}

// One variant's shape claim under a rule for each reading: fired counts, the control, the verdicts.
struct shape_reading {
    judgement strict, weak;
    std::string evidence;
};

// The name a shape rule's detection rate is kept under: the claim's, and every threshold a shape rule reads.
inline std::string rule_key(const std::string& claim, const thresholds& t) {
    return claim + " " + number(t.smoothing) + " " + number(t.prominence) + " " + number(t.similar_range) + " " +
           number(t.slightly_larger);
}

// A variant's shape under a claim's two rules: how many runs each fires on, the effects, the positive control.
template <class Strict, class Weak>
shape_reading judge_shape(const evidence& e, const std::string& variant, const thresholds& t,
                          const control_shape& shape, const std::string& claim, Strict&& strict, Weak&& weak,
                          finding& f) {
    const auto stages = final_stages(e, variant);
    if (stages.empty()) {
        const judgement none{verdict::not_measured, "no finished " + variant + " run"};
        return {none, none, ""};
    }
    std::size_t fired_strict = 0, fired_weak = 0;
    std::string evidence = variant + ":";
    for (const auto* s : stages) {
        fired_strict += strict(*s);
        fired_weak += weak(*s);
        evidence.append(" ").append(modes_text(modes_of(*s, t))).append(";");
    }
    const std::string level = number(t.level);
    const auto separation = e.remembered(variant + " separation " + level, [&] {
        return separation_interval(stages, t.level, resamples, bootstrap_seed);
    });
    const auto bimodality = e.remembered(variant + " bimodality " + level, [&] {
        return bimodality_interval(stages, t.level, resamples, bootstrap_seed);
    });
    f.effects.push_back(
        {variant + ": separation of each feature's clusters (median feature, spreads)", separation, stages.size()});
    f.effects.push_back({variant + ": Sarle's bimodality coefficient (pooled)", bimodality, stages.size()});
    const auto model = control_model(*stages.front(), t, shape);
    const double control_strict = e.controls.detection_rate(model, rule_key(claim + " strict", t), strict);
    const double control_weak = e.controls.detection_rate(model, rule_key(claim + " weak", t), weak);
    return {shape_verdict(fired_strict, stages.size(), control_strict, separation, t),
            shape_verdict(fired_weak, stages.size(), control_weak, separation, t), evidence};
}

// Claim 1: batch normalization's layer-4 input has a higher peak below zero and a lower one above.
inline finding bn_two_peaks(const evidence& e, const thresholds& t) {
    finding f;
    auto r = judge_shape(
        e, "bn", t, {0.1, 0.3, false}, "1", [&](const stage_record& s) { return higher_peak_below(s, t); },
        [&](const stage_record& s) { return peaks_across_zero(s, t); }, f);
    f.strict = r.strict;
    f.weak = r.weak;
    f.evidence = r.evidence;
    return f;
}

// The mass above zero of a variant's final stages: mean over runs, t interval.
inline effect mass_above_zero(const std::string& variant, const std::vector<const stage_record*>& stages,
                              double level) {
    std::vector<double> above;
    for (const auto* s : stages) above.push_back(1 - s->description.fraction_below_zero);
    return {variant + ": share of values above zero", analysis::mean_interval(above, level), above.size()};
}

// Claim 2a: the fixed shapes give two peaks too, the positive one larger.
inline finding fixed_two_peaks(const evidence& e, const thresholds& t) {
    finding f;
    std::vector<verdict> strict, weak;
    std::string why_strict, why_weak;
    for (const auto& v : e.fixed_shapes) {
        const auto stages = final_stages(e, v);
        if (stages.empty()) continue;
        auto r = judge_shape(
            e, v, t, {0.1, 0.3, true}, "2a", [&](const stage_record& s) { return peak_sides(s, t) == +1; },
            [&](const stage_record& s) { return peaks_across_zero(s, t); }, f);
        f.effects.push_back(mass_above_zero(v, stages, t.level));
        strict.push_back(r.strict.verdict);
        weak.push_back(r.weak.verdict);
        why_strict += (why_strict.empty() ? "" : "; ") + v + " " + std::string(verdict_name(r.strict.verdict)) + " (" +
                      r.strict.why + ")";
        why_weak += (why_weak.empty() ? "" : "; ") + v + " " + std::string(verdict_name(r.weak.verdict)) + " (" +
                    r.weak.why + ")";
        f.evidence += r.evidence + " ";
    }
    if (strict.empty()) {
        f.strict = f.weak = {verdict::not_measured, "no finished run of a fixed shaping transformation"};
        return f;
    }
    f.strict = {combine(strict), why_strict};
    f.weak = {combine(weak), why_weak};
    return f;
}

// Paired differences a − b of a metric, with the effect they make and the seeds a paired test of `margin` needs.
template <class Metric>
std::vector<double> differences(const evidence& e, const std::string& a, const std::string& b, Metric&& metric,
                                const std::string& what, double margin, const thresholds& t, finding& f) {
    const auto p = pair_by_seed(e.runs, a, b, metric);
    std::vector<double> d;
    for (std::size_t i = 0; i < p.a.size(); ++i) d.push_back(p.a[i] - p.b[i]);
    f.effects.push_back(
        {what + ", " + a + " − " + b + " (paired by seed)", analysis::mean_interval(d, t.level), d.size()});
    if (d.size() >= 2) {  // the widest spread of the claim's comparisons decides its seeds
        f.difference_spread = std::fmax(std::isnan(f.difference_spread) ? 0.0 : f.difference_spread, spread_of(d));
        f.seeds_needed =
            std::max(f.seeds_needed, analysis::pairs_for_power(f.difference_spread, margin, 1 - t.level, t.power));
    }
    return d;
}

}  // namespace mockbn::research::original
