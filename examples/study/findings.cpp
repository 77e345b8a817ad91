// The seed's four findings (docs/study.md, "The verdicts"), each judged from the
// measured data by a rule stated on the report page.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <mockbn/transforms/registry.hpp>

#include "peaks.hpp"
#include "probes.hpp"
#include "report.hpp"

namespace study {

namespace {

using mockbn::analysis::mode;

std::string f3(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4f", v);
    return text;
}

const variant_summary* find(const std::vector<variant_summary>& summary, const std::string& v) {
    for (const auto& s : summary)
        if (s.variant == v && s.runs > s.diverged) return &s;
    return nullptr;
}

// Accuracy differences within this are noise: twice the standard error of the difference, at least 0.001.
double noise(const variant_summary& a, const variant_summary& b) {
    const double na = static_cast<double>(a.runs - a.diverged), nb = static_cast<double>(b.runs - b.diverged);
    return std::max(0.001, 2 * std::sqrt(a.accuracy_std * a.accuracy_std / na + b.accuracy_std * b.accuracy_std / nb));
}

std::string describe_modes(const std::vector<mode>& modes) {
    if (modes.empty()) return "no mode";
    std::string text;
    for (const auto& m : modes) {
        char part[64];
        std::snprintf(part, sizeof part, "%s%.2f (height %.3f)", text.empty() ? "" : " and ", m.location, m.height);
        text += part;
    }
    return text;
}

// The variants the registry lists as fixed shapes.
std::vector<std::string> fixed_shapes() {
    std::vector<std::string> names;
    mockbn::for_each_variant([&]<class V>() {
        if (V::role == mockbn::variant_role::fixed_shape) names.emplace_back(V::name);
    });
    return names;
}

std::string list(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
    return text;
}

finding not_measured(finding f, const std::string& missing) {
    f.evidence = "not measured: this run did not include " + missing + ".";
    f.verdict = "inconclusive";
    f.measured = false;
    return f;
}

// 1. BN makes the probe layer's pre-ReLU input bimodal, with the higher peak on the negative side.
finding bn_bimodal(const options& o, const std::vector<run_result>& runs) {
    finding f{
        "1. Batch normalization makes the pre-ReLU input of layer 4 bimodal: a higher peak on the negative "
        "side, a lower one on the positive side.",
        "For each bn run, the two main modes of the smoothed final histogram at the probe layer (after the "
        "transformation) are examined. Reproduced if in at least two thirds of the runs they lie on opposite "
        "sides of zero with the negative one higher; not reproduced if in at most one third; inconclusive "
        "otherwise.",
        "", ""};
    std::size_t agree = 0, total = 0;
    std::string per_run;
    for (const auto& r : runs) {
        if (r.variant != "bn" || r.diverged) continue;
        if (const auto* s = find_stage(r, verdict_layer(o), o.epochs, "after")) {
            ++total;
            agree += two_peaks(s->modes) == -1;
            per_run += " seed " + std::to_string(r.seed) + ": " + describe_modes(s->modes) + ", bimodality " +
                       f3(s->description.bimodality) + ";";
        }
    }
    if (total == 0) return not_measured(f, "a bn run that finished");
    f.evidence = std::to_string(agree) + " of " + std::to_string(total) + " bn runs show it at hidden layer " +
                 std::to_string(verdict_layer(o)) + "." + per_run;
    f.verdict = 3 * agree >= 2 * total ? "reproduced" : 3 * agree <= total ? "not reproduced" : "inconclusive";
    return f;
}

// 2. Fixed transformations give two peaks, the positive one larger, and about the plain accuracy.
finding fixed_shapes_positive(const std::vector<variant_summary>& summary) {
    finding f{
        "2. Fixed transformations give two peaks too, but the positive one is the larger, and test accuracy is "
        "about that of the plain network.",
        "For each fixed shaping transformation run (" + list(fixed_shapes()) +
            "): the shape "
            "holds if the seed-averaged final histogram after the transformation has its two main modes on "
            "opposite sides of zero with the positive one higher; the accuracy holds if its final accuracy is "
            "within the noise (twice the standard error of the difference, at least 0.001) of plain's, or below "
            "it. Reproduced if both hold for most of them; not reproduced if for none; inconclusive otherwise.",
        "", ""};
    const auto* plain = find(summary, "plain");
    std::size_t both = 0, measured = 0;
    std::string evidence;
    for (const auto& v : fixed_shapes()) {
        const auto* s = find(summary, v);
        if (!s || !plain) continue;
        ++measured;
        const bool shape = two_peaks(s->modes) == +1;
        const bool accuracy = s->accuracy_mean <= plain->accuracy_mean + noise(*s, *plain);
        both += shape && accuracy;
        evidence += " " + v + ": modes " + describe_modes(s->modes) + ", accuracy " + f3(s->accuracy_mean) +
                    " (plain " + f3(plain->accuracy_mean) + ")" + (shape ? "" : ", shape differs") +
                    (accuracy ? "" : ", accuracy above plain") + ";";
    }
    if (measured == 0) return not_measured(f, "plain and a fixed shaping transformation");
    f.evidence = std::to_string(both) + " of " + std::to_string(measured) + " fixed transformations match." + evidence;
    f.verdict = 2 * both > measured ? "reproduced" : both == 0 ? "not reproduced" : "inconclusive";
    return f;
}

// 3. log_shift improves on plain but stays below BN.
finding log_shift_between(const std::vector<variant_summary>& summary) {
    finding f{"3. The learnable log-shift improves on the plain network but stays below batch normalization.",
              "Final test accuracies, mean over seeds, compared with a noise margin of twice the standard error of "
              "each difference (at least 0.001). Reproduced if plain + margin < log_shift < bn − margin; not "
              "reproduced if log_shift is below plain or above bn by more than the margin; inconclusive otherwise.",
              "", ""};
    const auto *plain = find(summary, "plain"), *log = find(summary, "log_shift"), *bn = find(summary, "bn");
    if (!plain || !log || !bn) return not_measured(f, "plain, log_shift and bn");
    const double below = noise(*log, *plain), above = noise(*log, *bn);
    f.evidence = "accuracy plain " + f3(plain->accuracy_mean) + " ± " + f3(plain->accuracy_std) + ", log_shift " +
                 f3(log->accuracy_mean) + " ± " + f3(log->accuracy_std) + ", bn " + f3(bn->accuracy_mean) + " ± " +
                 f3(bn->accuracy_std) + "; margins " + f3(below) + " and " + f3(above) + ".";
    const bool better = log->accuracy_mean > plain->accuracy_mean + below;
    const bool lower = log->accuracy_mean < bn->accuracy_mean - above;
    const bool contradicted =
        log->accuracy_mean < plain->accuracy_mean - below || log->accuracy_mean > bn->accuracy_mean + above;
    f.verdict = better && lower ? "reproduced" : contradicted ? "not reproduced" : "inconclusive";
    return f;
}

// 4. sqrt_shift almost as good as BN (above 0.98), yet its output spans about ±100.
finding sqrt_shift_wide(const std::vector<variant_summary>& summary) {
    finding f{
        "4. The learnable sqrt-shift performs almost as well as batch normalization (test accuracy above 0.98), "
        "although its output at layer 4 spans a range of about ±100, nothing like batch normalization's.",
        "Accuracy holds if sqrt_shift's final accuracy is above 0.98 and within 0.005 of bn's (or above it). "
        "Range holds if the largest absolute 0th/100th percentile after the transformation at the probe layer "
        "is at least 10 times bn's. Reproduced if both hold; not reproduced if the accuracy is below 0.98 by "
        "more than the noise or the range is under 3 times bn's; inconclusive otherwise.",
        "", ""};
    const auto *sq = find(summary, "sqrt_shift"), *bn = find(summary, "bn");
    if (!sq || !bn) return not_measured(f, "sqrt_shift and bn");
    const double sq_range = std::max(std::fabs(sq->low), std::fabs(sq->high));
    const double bn_range = std::max(std::fabs(bn->low), std::fabs(bn->high));
    const double ratio = sq_range / bn_range;
    const bool accuracy = sq->accuracy_mean > 0.98 && sq->accuracy_mean >= bn->accuracy_mean - 0.005;
    const bool range = ratio >= 10;
    f.evidence = "accuracy sqrt_shift " + f3(sq->accuracy_mean) + ", bn " + f3(bn->accuracy_mean) +
                 "; range after the transformation: sqrt_shift " + f3(sq->low) + " to " + f3(sq->high) + ", bn " +
                 f3(bn->low) + " to " + f3(bn->high) + " (ratio " + f3(ratio) + ").";
    const bool contradicted = sq->accuracy_mean < 0.98 - noise(*sq, *bn) || ratio < 3;
    f.verdict = accuracy && range ? "reproduced" : contradicted ? "not reproduced" : "inconclusive";
    return f;
}

}  // namespace

std::vector<finding> judge(const options& o, const std::vector<run_result>& runs,
                           const std::vector<variant_summary>& summary) {
    return {bn_bimodal(o, runs), fixed_shapes_positive(summary), log_shift_between(summary), sqrt_shift_wide(summary)};
}

}  // namespace study
