// mockbn/research/original_claims.hpp
//
// The four claims of the original study (S. Bai, "Senior thesis III",
// 2016), as data (claims.hpp): what it said of batch normalization and its
// mocks at layer 4 of its network, and the rule that judges each from the
// records of one configuration's runs. Variants are named as the registry
// names them: plain, bn, log_shift, sqrt_shift, and the fixed shapes the
// results list.
//
// Contract: original_claims() returns claims 1 to 4 in order; their words
// and rules are those docs/study.md states ("The verdicts").
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "mockbn/research/claims.hpp"
#include "mockbn/research/peaks.hpp"
#include "mockbn/research/stages.hpp"
#include "mockbn/research/summary.hpp"

namespace mockbn::research {

namespace detail {

inline std::string f4(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4f", v);
    return text;
}

// Variant v's summary, if one of its runs finished.
inline const variant_summary* finished(const std::vector<variant_summary>& summary, const std::string& v) {
    for (const auto& s : summary)
        if (s.variant == v && s.runs > s.diverged) return &s;
    return nullptr;
}

// Accuracy differences within this are noise: twice the standard error of the difference, at least 0.001.
inline double noise(const variant_summary& a, const variant_summary& b) {
    const double na = static_cast<double>(a.runs - a.diverged), nb = static_cast<double>(b.runs - b.diverged);
    return std::max(0.001, 2 * std::sqrt(a.accuracy_std * a.accuracy_std / na + b.accuracy_std * b.accuracy_std / nb));
}

inline std::string describe_modes(const std::vector<analysis::mode>& modes) {
    if (modes.empty()) return "no mode";
    std::string text;
    for (const auto& m : modes) {
        char part[64];
        std::snprintf(part, sizeof part, "%s%.2f (height %.3f)", text.empty() ? "" : " and ", m.location, m.height);
        text += part;
    }
    return text;
}

inline void not_measured(finding& f, const std::string& missing) {
    f.evidence = "not measured: this run did not include " + missing + ".";
    f.verdict = verdict::inconclusive;
    f.measured = false;
}

// Reproduced at two thirds or more, not reproduced at one third or less.
inline verdict by_thirds(std::size_t agree, std::size_t total) {
    return 3 * agree >= 2 * total ? verdict::reproduced
           : 3 * agree <= total   ? verdict::not_reproduced
                                  : verdict::inconclusive;
}

// 1. BN makes the probe layer's pre-ReLU input bimodal, with the higher peak on the negative side.
inline void bn_bimodal(const study_results& results, finding& f) {
    std::size_t agree = 0, total = 0;
    std::string per_run;
    for (const auto& r : results.runs) {
        if (r.variant != "bn" || r.diverged) continue;
        if (const auto* s = find_stage(r, results.layer, results.epoch, "after")) {
            ++total;
            agree += two_peaks(s->modes) == -1;
            per_run += " seed " + std::to_string(r.seed) + ": " + describe_modes(s->modes) + ", bimodality " +
                       f4(s->description.bimodality) + ";";
        }
    }
    if (total == 0) return not_measured(f, "a bn run that finished");
    f.evidence = std::to_string(agree) + " of " + std::to_string(total) + " bn runs show it at hidden layer " +
                 std::to_string(results.layer) + "." + per_run;
    f.verdict = by_thirds(agree, total);
}

// 2. Fixed transformations give two peaks, the positive one larger, and about the plain accuracy.
inline void fixed_shapes_positive(const study_results& results, finding& f) {
    const auto* plain = finished(results.summary, "plain");
    std::size_t both = 0, measured = 0;
    std::string evidence;
    for (const auto& v : results.fixed_shapes) {
        const auto* s = finished(results.summary, v);
        if (!s || !plain) continue;
        ++measured;
        const bool shape = two_peaks(s->modes) == +1;
        const bool accuracy = s->accuracy_mean <= plain->accuracy_mean + noise(*s, *plain);
        both += shape && accuracy;
        evidence += " " + v + ": modes " + describe_modes(s->modes) + ", accuracy " + f4(s->accuracy_mean) +
                    " (plain " + f4(plain->accuracy_mean) + ")" + (shape ? "" : ", shape differs") +
                    (accuracy ? "" : ", accuracy above plain") + ";";
    }
    if (measured == 0) return not_measured(f, "plain and a fixed shaping transformation");
    f.evidence = std::to_string(both) + " of " + std::to_string(measured) + " fixed transformations match." + evidence;
    f.verdict = 2 * both > measured ? verdict::reproduced : both == 0 ? verdict::not_reproduced : verdict::inconclusive;
}

// 3. log_shift improves on plain but stays below BN.
inline void log_shift_between(const study_results& results, finding& f) {
    const auto *plain = finished(results.summary, "plain"), *log = finished(results.summary, "log_shift"),
               *bn = finished(results.summary, "bn");
    if (!plain || !log || !bn) return not_measured(f, "plain, log_shift and bn");
    const double below = noise(*log, *plain), above = noise(*log, *bn);
    f.evidence = "accuracy plain " + f4(plain->accuracy_mean) + " ± " + f4(plain->accuracy_std) + ", log_shift " +
                 f4(log->accuracy_mean) + " ± " + f4(log->accuracy_std) + ", bn " + f4(bn->accuracy_mean) + " ± " +
                 f4(bn->accuracy_std) + "; margins " + f4(below) + " and " + f4(above) + ".";
    const bool better = log->accuracy_mean > plain->accuracy_mean + below;
    const bool lower = log->accuracy_mean < bn->accuracy_mean - above;
    const bool contradicted =
        log->accuracy_mean < plain->accuracy_mean - below || log->accuracy_mean > bn->accuracy_mean + above;
    f.verdict = better && lower ? verdict::reproduced : contradicted ? verdict::not_reproduced : verdict::inconclusive;
}

// 4. sqrt_shift almost as good as BN (above 0.98), yet its output spans about ±100.
inline void sqrt_shift_wide(const study_results& results, finding& f) {
    const auto *sq = finished(results.summary, "sqrt_shift"), *bn = finished(results.summary, "bn");
    if (!sq || !bn) return not_measured(f, "sqrt_shift and bn");
    const double sq_range = std::max(std::fabs(sq->low), std::fabs(sq->high));
    const double bn_range = std::max(std::fabs(bn->low), std::fabs(bn->high));
    const double ratio = sq_range / bn_range;
    const bool accuracy = sq->accuracy_mean > 0.98 && sq->accuracy_mean >= bn->accuracy_mean - 0.005;
    const bool range = ratio >= 10;
    f.evidence = "accuracy sqrt_shift " + f4(sq->accuracy_mean) + ", bn " + f4(bn->accuracy_mean) +
                 "; range after the transformation: sqrt_shift " + f4(sq->low) + " to " + f4(sq->high) + ", bn " +
                 f4(bn->low) + " to " + f4(bn->high) + " (ratio " + f4(ratio) + ").";
    const bool contradicted = sq->accuracy_mean < 0.98 - noise(*sq, *bn) || ratio < 3;
    f.verdict = accuracy && range ? verdict::reproduced
                : contradicted    ? verdict::not_reproduced
                                  : verdict::inconclusive;
}

}  // namespace detail

inline std::vector<claim> original_claims() {
    return {
        {"1. Batch normalization makes the pre-ReLU input of layer 4 bimodal: a higher peak on the negative "
         "side, a lower one on the positive side.",
         "each bn run's final stage record after the transformation at the probed layer",
         "For each bn run, the two main modes of the smoothed final histogram at the probe layer (after the "
         "transformation) are examined. Reproduced if in at least two thirds of the runs they lie on opposite "
         "sides of zero with the negative one higher; not reproduced if in at most one third; inconclusive "
         "otherwise.",
         detail::bn_bimodal},
        {"2. Fixed transformations give two peaks too, but the positive one is the larger, and test accuracy is "
         "about that of the plain network.",
         "the summaries of plain and of each fixed shaping transformation",
         "For each fixed shaping transformation run ({fixed shapes}): the shape holds if the seed-averaged final "
         "histogram after the transformation has its two main modes on opposite sides of zero with the positive "
         "one higher; the accuracy holds if its final accuracy is within the noise (twice the standard error of "
         "the difference, at least 0.001) of plain's, or below it. Reproduced if both hold for most of them; not "
         "reproduced if for none; inconclusive otherwise.",
         detail::fixed_shapes_positive},
        {"3. The learnable log-shift improves on the plain network but stays below batch normalization.",
         "the summaries of plain, log_shift and bn",
         "Final test accuracies, mean over seeds, compared with a noise margin of twice the standard error of "
         "each difference (at least 0.001). Reproduced if plain + margin < log_shift < bn − margin; not "
         "reproduced if log_shift is below plain or above bn by more than the margin; inconclusive otherwise.",
         detail::log_shift_between},
        {"4. The learnable sqrt-shift performs almost as well as batch normalization (test accuracy above 0.98), "
         "although its output at layer 4 spans a range of about ±100, nothing like batch normalization's.",
         "the summaries of sqrt_shift and bn",
         "Accuracy holds if sqrt_shift's final accuracy is above 0.98 and within 0.005 of bn's (or above it). "
         "Range holds if the largest absolute 0th/100th percentile after the transformation at the probe layer "
         "is at least 10 times bn's. Reproduced if both hold; not reproduced if the accuracy is below 0.98 by "
         "more than the noise or the range is under 3 times bn's; inconclusive otherwise.",
         detail::sqrt_shift_wide},
    };
}

}  // namespace mockbn::research
