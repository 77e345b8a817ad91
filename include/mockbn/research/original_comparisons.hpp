// mockbn/research/original_comparisons.hpp
//
// The rules of the original study's claims that compare variants
// (accuracy, training loss, the range after the transformation) and the
// log-shift's shape claim, which compares with batch normalization: the
// rest of original_rules.hpp.
//
// Contract: as original_rules.hpp's. Differences are paired by seed; a
// claim about batch normalization's advantage first checks that batch
// normalization has one here (its premise), and is "not testable here"
// where it has not.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "mockbn/research/original_rules.hpp"

namespace mockbn::research::original {

// Each fixed shape against `reference` on one metric, each judged by `test`, then combined. The verdict is the
// majority's, so its power is the majority's too: the seeds that decide more than half of the comparisons (the
// median comparison's spread, not the widest one's, which a shape collapsing to chance in some seeds sets).
template <class Metric, class Test>
finding fixed_against(const evidence& e, const std::string& reference, Metric&& metric, const std::string& what,
                      double margin, const thresholds& t, Test&& test) {
    finding f;
    std::vector<verdict> strict, weak;
    std::vector<double> spreads;
    for (const auto& v : e.fixed_shapes) {
        const auto d = differences(e, v, reference, metric, what, margin, t, f);
        if (d.size() < 2) continue;
        spreads.push_back(spread_of(d));
        const auto [s, w] = test(d);
        strict.push_back(s.verdict);
        weak.push_back(w.verdict);
        f.strict.why +=
            (f.strict.why.empty() ? "" : "; ") + v + " " + std::string(verdict_name(s.verdict)) + " (" + s.why + ")";
        f.weak.why +=
            (f.weak.why.empty() ? "" : "; ") + v + " " + std::string(verdict_name(w.verdict)) + " (" + w.why + ")";
    }
    f.strict.verdict = combine(strict);
    f.weak.verdict = combine(weak);
    if (!spreads.empty()) {
        const auto majority = spreads.begin() + static_cast<std::ptrdiff_t>(spreads.size() / 2);
        std::nth_element(spreads.begin(), majority, spreads.end());
        f.difference_spread = *majority;
        f.seeds_needed = analysis::pairs_for_power(*majority, margin, 1 - t.level, t.power);
    }
    if (strict.empty())
        f.strict.why = f.weak.why = "no fixed shaping transformation with two seeds paired with " + reference;
    return f;
}

// Claim 2b: the fixed shapes' accuracy is about plain's. Strictly: equivalent within the margin (two one-sided
// tests); weakly: not better than plain by the margin.
inline finding fixed_accuracy(const evidence& e, const thresholds& t) {
    return fixed_against(
        e, "plain", final_accuracy, "final test accuracy", t.accuracy_margin, t, [&](const std::vector<double>& d) {
            const auto ci = analysis::mean_interval(d, t.level);
            const auto tost = analysis::equivalent(d, t.accuracy_margin, 1 - t.level);
            const std::string why = "difference " + interval_text(ci);
            const verdict strict = tost == analysis::equivalence::equivalent       ? verdict::reproduced
                                   : tost == analysis::equivalence::not_equivalent ? verdict::not_reproduced
                                                                                   : verdict::inconclusive;
            const verdict weak = ci.high < t.accuracy_margin   ? verdict::reproduced
                                 : ci.low >= t.accuracy_margin ? verdict::not_reproduced
                                                               : verdict::inconclusive;
            return std::pair{judgement{strict, why}, judgement{weak, why}};
        });
}

// Claim 2c: training converges more slowly with a fixed shape than with batch normalization.
inline finding fixed_slower(const evidence& e, const thresholds& t) {
    return fixed_against(e, "bn", mean_train_loss, "training loss averaged over the epochs", t.loss_margin, t,
                         [&](const std::vector<double>& d) {
                             return std::pair{direction_verdict(d, t.loss_margin, true, t.level),
                                              direction_verdict(d, t.loss_margin, false, t.level)};
                         });
}

// A premise: one variant beats another, read from their paired differences `d` (each an improvement: positive when
// the first is better). It holds when their interval lies above 0, fails when it lies below `margin` (an advantage
// as large as the smallest of interest excluded), and is undecided otherwise.
inline premise premise_of(const std::vector<double>& d, const std::string& what, double margin, const thresholds& t,
                          std::string& why) {
    const auto ci = analysis::mean_interval(d, t.level);
    why = "premise: " + what + " by " + interval_text(ci) + " over " + std::to_string(d.size()) + " seeds";
    return ci.low > 0 ? premise::holds : ci.high < margin ? premise::fails : premise::undecided;
}

// Claims 3a and 3b: plain < log_shift < bn, on a metric where `sign` times the difference is the improvement.
template <class Metric>
finding log_shift_between(const evidence& e, const thresholds& t, Metric&& metric, double sign, const std::string& what,
                          double margin) {
    finding f;
    const auto up = differences(e, "log_shift", "plain", metric, what, margin, t, f);
    const auto below = differences(e, "bn", "log_shift", metric, what, margin, t, f);
    if (up.size() < 2 || below.size() < 2) {
        f.strict = f.weak = {verdict::not_measured, "fewer than two seeds of plain, log_shift and bn to pair"};
        return f;
    }
    std::string premise_why;
    auto advantage = differences(e, "bn", "plain", metric, what, margin, t, f);  // its seeds count in the power
    for (double& x : advantage) x *= sign;
    f.premise = premise_of(advantage, "bn beats plain", margin, t, premise_why);
    if (f.premise != premise::holds) {
        f.strict = f.weak = {verdict::not_testable, premise_why + ": batch normalization does not beat plain here"};
        return f;
    }
    auto signed_copy = [sign](std::vector<double> d) {
        for (double& x : d) x *= sign;
        return d;
    };
    for (const bool strict : {true, false}) {
        const auto a = direction_verdict(signed_copy(up), margin, strict, t.level);
        const auto b = direction_verdict(signed_copy(below), margin, strict, t.level);
        const verdict v = a.verdict == verdict::reproduced && b.verdict == verdict::reproduced ? verdict::reproduced
                          : a.verdict == verdict::not_reproduced || b.verdict == verdict::not_reproduced
                              ? verdict::not_reproduced
                              : verdict::inconclusive;
        (strict ? f.strict : f.weak) = judgement{v, premise_why + "; over plain: " + a.why + "; below bn: " + b.why};
    }
    return f;
}

inline finding log_shift_accuracy(const evidence& e, const thresholds& t) {
    return log_shift_between(e, t, final_accuracy, +1, "final test accuracy", t.accuracy_margin);
}

inline finding log_shift_loss(const evidence& e, const thresholds& t) {
    return log_shift_between(e, t, mean_train_loss, -1, "training loss averaged over the epochs", t.loss_margin);
}

// The mean over a variant's final stages of their side ratio (shapes.hpp), with its t interval on the logarithm.
inline effect side_ratio_effect(const std::string& variant, const std::vector<const stage_record*>& stages,
                                double level) {
    std::vector<double> logs;
    for (const auto* s : stages) logs.push_back(std::log(side_ratio(*s)));
    auto i = analysis::mean_interval(logs, level);
    for (double* bound : {&i.estimate, &i.low, &i.high}) *bound = std::exp(*bound);
    return {variant + ": larger side's extent over the smaller's (geometric mean)", i, logs.size()};
}

// Claim 3c: after the log-shift, a slightly larger negative peak and a positive one, the two sides' ranges similar,
// unlike batch normalization's.
inline finding log_shift_shape(const evidence& e, const thresholds& t) {
    finding f;
    auto weak = [&](const stage_record& s) { return peak_sides(s, t) == -1 && side_ratio(s) <= t.similar_range; };
    auto strict = [&](const stage_record& s) { return weak(s) && height_ratio(s, t) <= t.slightly_larger; };
    auto r = judge_shape(e, "log_shift", t, {0.4, 0.5, false}, "3c", strict, weak, f);
    const auto stages = final_stages(e, "log_shift");
    if (stages.empty()) {
        f.strict = r.strict;
        f.weak = r.weak;
        return f;
    }
    f.effects.push_back(side_ratio_effect("log_shift", stages, t.level));
    f.evidence = r.evidence;
    f.weak = r.weak;
    f.strict = r.strict;
    // Strictly, batch normalization's sides must differ: "which marks a difference from BN".
    const auto bn = final_stages(e, "bn");
    if (bn.empty()) {
        if (f.strict.verdict == verdict::reproduced)
            f.strict = {verdict::inconclusive, r.strict.why + "; no bn run to differ from"};
        return f;
    }
    const auto bn_sides = side_ratio_effect("bn", bn, t.level);
    f.effects.push_back(bn_sides);
    f.strict.why += "; bn's sides " + interval_text(bn_sides.value);
    if (f.strict.verdict == verdict::reproduced && !(bn_sides.value.estimate > t.similar_range))
        f.strict.verdict = verdict::inconclusive;
    return f;
}

// The largest absolute value of a stage's 0th and 100th percentiles: how far its values reach.
inline double reach(const stage_record& s) {
    return std::fmax(std::fabs(s.percentiles.front()), std::fabs(s.percentiles.back()));
}

// Claim 4a: the sqrt-shift almost as good as batch normalization, above 0.98. Strictly: above the bar and not
// worse than bn by the margin (its interval above −margin); weakly: without the bar, the mean above −margin.
inline finding sqrt_shift_accuracy(const evidence& e, const thresholds& t) {
    finding f;
    const auto d = differences(e, "sqrt_shift", "bn", final_accuracy, "final test accuracy", t.accuracy_margin, t, f);
    if (d.size() < 2) {
        f.strict = f.weak = {verdict::not_measured, "fewer than two seeds of sqrt_shift and bn to pair"};
        return f;
    }
    const auto p = pair_by_seed(e.runs, "sqrt_shift", "bn", final_accuracy);
    const auto sq = analysis::mean_interval(p.a, t.level), bn = analysis::mean_interval(p.b, t.level);
    const auto gap = f.effects.back().value;
    f.effects.push_back({"final test accuracy, sqrt_shift", sq, p.a.size()});
    const double m = t.accuracy_margin;
    const std::string why = "gap to bn " + interval_text(gap) + " against −" + number(m) + "; sqrt_shift " +
                            interval_text(sq) + ", bn " + interval_text(bn) + " against " + number(t.accuracy_bar);
    const bool inferior = gap.high < -m;
    f.weak = {gap.estimate > -m ? verdict::reproduced
              : inferior        ? verdict::not_reproduced
                                : verdict::inconclusive,
              why};
    f.premise = bn.estimate >= t.accuracy_bar ? premise::holds
                : bn.high < t.accuracy_bar    ? premise::fails
                                              : premise::undecided;
    if (bn.estimate < t.accuracy_bar)
        f.strict = {verdict::not_testable, why + ": bn itself stays below " + number(t.accuracy_bar) + " here"};
    else if (gap.low > -m && sq.estimate > t.accuracy_bar) f.strict = {verdict::reproduced, why};
    else f.strict = {inferior || sq.high < t.accuracy_bar ? verdict::not_reproduced : verdict::inconclusive, why};
    return f;
}

// Claim 4b: the sqrt-shift's output reaches far wider than batch normalization's (about ±100).
inline finding sqrt_shift_range(const evidence& e, const thresholds& t) {
    finding f;
    std::vector<double> logs;
    for (const auto& r : e.runs) {
        if (r.variant != "sqrt_shift" || r.diverged) continue;
        for (const auto& b : e.runs)
            if (b.variant == "bn" && b.seed == r.seed && !b.diverged) {
                const auto *s = find_stage(r, e.layer, e.epoch, "after"), *n = find_stage(b, e.layer, e.epoch, "after");
                if (s && n) logs.push_back(std::log10(reach(*s) / reach(*n)));
            }
    }
    if (logs.size() < 2) {
        f.strict = f.weak = {verdict::not_measured, "fewer than two seeds of sqrt_shift and bn to pair"};
        return f;
    }
    auto ci = analysis::mean_interval(logs, t.level);
    for (double* bound : {&ci.estimate, &ci.low, &ci.high}) *bound = std::pow(10.0, *bound);
    f.effects.push_back(
        {"reach after the transformation, sqrt_shift over bn (geometric mean, paired by seed)", ci, logs.size()});
    for (const bool strict : {true, false}) {
        const double bar = strict ? t.range_ratio : t.weak_range_ratio;
        const std::string why = "ratio " + interval_text(ci) + " against " + number(bar);
        (strict ? f.strict : f.weak) = judgement{ci.low >= bar   ? verdict::reproduced
                                                 : ci.high < bar ? verdict::not_reproduced
                                                                 : verdict::inconclusive,
                                                 why};
    }
    return f;
}

}  // namespace mockbn::research::original
