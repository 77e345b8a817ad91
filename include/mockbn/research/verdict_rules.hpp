// mockbn/research/verdict_rules.hpp
//
// The three kinds of test the ledger's rules are built from (ledger.hpp,
// original_ledger.hpp): a shape seen in a share of runs, a paired
// difference in the claimed direction, and a ratio against a bar; each
// gives a judgement with the numbers that decided it.
//
// Contract:
//  - shape_verdict(fired, runs, control, separation, t): reproduced when
//    the rule fired in at least t.share of the runs; not reproduced only
//    when it fired in at most 1 − t.share, its positive control detected the
//    smallest shape of interest in at least t.detection_needed of the
//    synthetic layers, and the features' separation interval lies wholly
//    below t.shape_separation; inconclusive otherwise; not measured without
//    runs.
//  - direction_verdict(d, margin, strict, level): for a claimed positive
//    difference d (paired, per seed): reproduced when the interval at
//    `level` lies above 0 (strict) or the mean is above 0 (weak); otherwise
//    not reproduced when the interval lies wholly below `margin` (the data
//    exclude an effect as large as the smallest of interest); inconclusive
//    otherwise; not measured with fewer than two pairs.
//  - combine(verdicts): the verdict most of them share when more than half
//    do, inconclusive otherwise, not measured when every one is.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

#include "mockbn/analysis/inference.hpp"
#include "mockbn/research/ledger.hpp"
#include "mockbn/research/thresholds.hpp"

namespace mockbn::research {

// A number for a verdict's reasons: 4 significant digits.
inline std::string number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", v);
    return text;
}

inline std::string interval_text(const analysis::interval& i) {
    return number(i.estimate) + " [" + number(i.low) + ", " + number(i.high) + "]";
}

inline judgement shape_verdict(std::size_t fired, std::size_t runs, double control,
                               const analysis::interval& separation, const thresholds& t) {
    if (runs == 0) return {verdict::not_measured, "no run to read"};
    const double share = static_cast<double>(fired) / static_cast<double>(runs);
    std::string why = std::to_string(fired) + " of " + std::to_string(runs) + " runs; the control detects a layer " +
                      number(t.shape_separation) + " spreads apart in " + number(100 * control) +
                      " % of draws; the features' separation " + interval_text(separation);
    if (share >= t.share) return {verdict::reproduced, why};
    if (share <= 1 - t.share && control >= t.detection_needed && separation.high < t.shape_separation)
        return {verdict::not_reproduced, why};
    return {verdict::inconclusive, why};
}

inline judgement direction_verdict(const std::vector<double>& d, double margin, bool strict, double level) {
    if (d.size() < 2) return {verdict::not_measured, "fewer than two seeds to pair"};
    const auto ci = analysis::mean_interval(d, level);
    const std::string why = "difference " + interval_text(ci) + " over " + std::to_string(d.size()) +
                            " seeds, smallest effect of interest " + number(margin);
    if (strict ? ci.low > 0 : ci.estimate > 0) return {verdict::reproduced, why};
    if (ci.high < margin) return {verdict::not_reproduced, why};
    return {verdict::inconclusive, why};
}

inline verdict combine(const std::vector<verdict>& verdicts) {
    std::size_t counts[std::size(all_verdicts)] = {};
    for (const verdict v : verdicts) ++counts[static_cast<std::size_t>(v)];
    if (counts[static_cast<std::size_t>(verdict::not_measured)] == verdicts.size()) return verdict::not_measured;
    for (const verdict v : all_verdicts)
        if (2 * counts[static_cast<std::size_t>(v)] > verdicts.size()) return v;
    return verdict::inconclusive;
}

}  // namespace mockbn::research
