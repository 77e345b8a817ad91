#include "ledger.hpp"

#include <algorithm>
#include <cmath>

#include <mockbn/analysis/display.hpp>
#include <mockbn/research/original_ledger.hpp>

#include "probes.hpp"
#include "report_text.hpp"
#include "variants.hpp"

namespace study {

namespace research = mockbn::research;

const std::vector<claim>& ledger_claims() {
    static const std::vector<claim> claims = research::original_ledger();
    return claims;
}

research::control_bank& shared_controls() {
    static research::control_bank controls;
    return controls;
}

namespace {

// Every epoch's stage "after" of one run at a layer, pooled: the histograms summed (their modes found again),
// the extremes of the percentiles kept (the others are not the pooled values' and are left NaN), the count and
// the share below zero over every value; the features, image sums and clusters the last epoch's.
research::stage_record pooled_stage(const run_result& r, std::size_t layer, const research::stage_record& last) {
    research::stage_record pooled = last;
    pooled.histogram.counts.assign(last.histogram.bins(), 0.0);
    pooled.histogram.below = pooled.histogram.above = pooled.histogram.not_finite = 0;
    pooled.description.count = 0;
    double below_zero = 0;
    for (auto& p : pooled.percentiles) p = NAN;
    pooled.percentiles.front() = INFINITY;
    pooled.percentiles.back() = -INFINITY;
    for (const auto& s : r.stages) {
        if (s.layer != layer || s.stage != "after") continue;
        for (std::size_t i = 0; i < s.histogram.bins(); ++i) pooled.histogram.counts[i] += s.histogram.counts[i];
        pooled.histogram.below += s.histogram.below;
        pooled.histogram.above += s.histogram.above;
        pooled.histogram.not_finite += s.histogram.not_finite;
        pooled.description.count += s.description.count;
        below_zero += s.description.fraction_below_zero * static_cast<double>(s.description.count);
        pooled.percentiles.front() = std::fmin(pooled.percentiles.front(), s.percentiles.front());
        pooled.percentiles.back() = std::fmax(pooled.percentiles.back(), s.percentiles.back());
    }
    pooled.description.fraction_below_zero = below_zero / static_cast<double>(pooled.description.count);
    pooled.modes = mockbn::analysis::main_modes(pooled.histogram);
    return pooled;
}

// The runs as the verdicts read them: their epochs, and at the verdict layer one stage "after", filed under the
// last epoch: the probe of the moment the options ask for, seen through their display; the runs of --ledger-bn
// named bn (the claims' batch normalization), and bn's own left out when another stands for it.
std::vector<run_result> as_read(const options& o, const std::vector<run_result>& runs) {
    using research::probe_moment;
    std::vector<run_result> read;
    const std::size_t layer = verdict_layer(o);
    for (const auto& r : runs) {
        if (r.variant == "bn" && o.ledger_bn != "bn") continue;
        run_result v;
        static_cast<research::divergence_record&>(v) = r;
        v.variant = r.variant == o.ledger_bn ? "bn" : r.variant;
        v.seed = r.seed;
        v.epochs = r.epochs;
        const std::size_t at = o.probe_moment == probe_moment::early   ? 0
                               : o.probe_moment == probe_moment::first ? 1
                                                                       : o.epochs;
        if (const auto* s = find_stage(r, layer, at, "after")) {
            auto stage = o.probe_moment == probe_moment::pooled ? pooled_stage(r, layer, *s) : *s;
            if (o.display == research::histogram_display::tensorboard) {
                stage.histogram = mockbn::analysis::tensorboard_view(stage.histogram, stage.percentiles.front(),
                                                                     stage.percentiles.back());
                stage.modes = mockbn::analysis::main_modes(stage.histogram);
            }
            stage.epoch = o.epochs;
            v.stages.push_back(std::move(stage));
        }
        read.push_back(std::move(v));
    }
    return read;
}

}  // namespace

judged_ledger judge_ledger(const options& o, const std::vector<run_result>& runs, research::control_bank& controls) {
    research::interval_memo memo;
    const bool as_recorded = o.probe_moment == research::probe_moment::last &&
                             o.display == research::histogram_display::uniform && o.ledger_bn == "bn";
    const auto read = as_recorded ? runs : as_read(o, runs);
    const research::evidence e{
        read, verdict_layer(o), o.epochs, variants().with_role(mockbn::variant_role::fixed_shape), controls, memo};
    judged_ledger l;
    l.findings = research::judge(ledger_claims(), e);
    for (const auto& c : ledger_claims()) l.sensitivity.push_back(research::sensitivity(c, e));
    return l;
}

std::vector<detection_point> detection_curve(const options& o, research::control_bank& controls) {
    if (std::find(o.variants.begin(), o.variants.end(), o.ledger_bn) == o.variants.end()) return {};
    const research::thresholds t;
    research::layer_model m;
    m.images = o.probe_images;
    m.width = o.width;
    std::vector<double> separations;
    for (int step = 0; step <= 14; ++step) separations.push_back(0.5 * step);
    const auto strict = controls.detection_curve(
        m, separations, research::original::rule_key("1 strict", t),
        [&](const research::stage_record& s) { return research::original::higher_peak_below(s, t); });
    const auto weak = controls.detection_curve(
        m, separations, research::original::rule_key("1 weak", t),
        [&](const research::stage_record& s) { return research::original::peaks_across_zero(s, t); });
    std::vector<detection_point> curve;
    for (std::size_t i = 0; i < separations.size(); ++i)
        curve.push_back({separations[i], strict[i].second, weak[i].second});
    return curve;
}

std::string conditions_text(const options& o) {
    std::string placement;
    for (const auto h : o.placement) (placement += placement.empty() ? "" : ",") += std::to_string(h);
    return std::string(mockbn::research::name_of(o.dataset)) + ", " + std::to_string(o.depth) + " hidden layers of " +
           std::to_string(o.width) + ", the transformation on " + placement + " with " +
           (o.shared ? "one parameter per layer" : "one parameter per feature") + ", " + training_text(o) + ", batch " +
           std::to_string(o.batch) + ", " + std::to_string(o.epochs) + " epochs, " + std::to_string(o.seeds.size()) +
           " seeds";
}

std::string instrument_text(const options& o) {
    const research::thresholds t;
    using research::probe_moment;
    const std::string moment = o.probe_moment == probe_moment::last    ? "the last epoch's probe"
                               : o.probe_moment == probe_moment::first ? "the first epoch's probe"
                               : o.probe_moment == probe_moment::early
                                   ? "the probe after " + std::to_string(o.probe_early) + " steps"
                                   : "every epoch's probe pooled";
    const std::string mode = o.probe_mode == research::probe_mode::inference
                                 ? "in inference mode"
                                 : "in training batches of " + std::to_string(o.batch) + " (batch statistics)";
    const std::string display = o.display == research::histogram_display::uniform
                                    ? "0.1-wide bins"
                                    : "TensorBoard's display (30 bins over the values' range, drawn as a curve)";
    return moment + " of hidden layer " + std::to_string(verdict_layer(o)) + " after its transformation on the first " +
           std::to_string(o.probe_images) + " " + probe_images_text(o) + " " + mode + ", " + display +
           ", main modes smoothed over " + number(t.smoothing) + " bins" +
           (o.ledger_bn == "bn" ? "" : "; batch normalization read as " + o.ledger_bn);
}

nlohmann::json ledger_json(const judged_ledger& l) {
    using nlohmann::json;
    json rows = json::array();
    for (std::size_t k = 0; k < l.findings.size(); ++k) {
        const auto& f = l.findings[k];
        json effects = json::array();
        for (const auto& e : f.effects)
            effects.push_back({{"name", e.name},
                               {"estimate", e.value.estimate},
                               {"low", e.value.low},
                               {"high", e.value.high},
                               {"n", e.n}});
        rows.push_back({{"claim", f.id},
                        {"strict", {{"verdict", research::verdict_name(f.strict.verdict)}, {"why", f.strict.why}}},
                        {"weak", {{"verdict", research::verdict_name(f.weak.verdict)}, {"why", f.weak.why}}},
                        {"effects", effects},
                        {"evidence", f.evidence},
                        {"difference_spread", f.difference_spread},
                        {"seeds_needed", f.seeds_needed},
                        {"sensitivity",
                         {{"strict_reproduced", l.sensitivity[k].strict},
                          {"weak_reproduced", l.sensitivity[k].weak},
                          {"settings", l.sensitivity[k].settings}}}});
    }
    return rows;
}

}  // namespace study
