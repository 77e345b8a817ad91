#include "ledger.hpp"

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

judged_ledger judge_ledger(const options& o, const std::vector<run_result>& runs, research::control_bank& controls) {
    research::interval_memo memo;
    const research::evidence e{
        runs, verdict_layer(o), o.epochs, variants().with_role(mockbn::variant_role::fixed_shape), controls, memo};
    judged_ledger l;
    l.findings = research::judge(ledger_claims(), e);
    for (const auto& c : ledger_claims()) l.sensitivity.push_back(research::sensitivity(c, e));
    return l;
}

std::vector<detection_point> detection_curve(std::size_t images, std::size_t width, research::control_bank& controls) {
    const research::thresholds t;
    research::layer_model m;
    m.images = images;
    m.width = width;
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
    for (const auto h : o.placement) placement += (placement.empty() ? "" : ",") + std::to_string(h);
    return std::string(mockbn::research::name_of(o.dataset)) + ", " + std::to_string(o.depth) + " hidden layers of " +
           std::to_string(o.width) + ", the transformation on " + placement + " with " +
           (o.shared ? "one parameter per layer" : "one parameter per feature") + ", " + training_text(o) + ", batch " +
           std::to_string(o.batch) + ", " + std::to_string(o.epochs) + " epochs, " + std::to_string(o.seeds.size()) +
           " seeds";
}

std::string instrument_text(const options& o) {
    const research::thresholds t;
    return "the last epoch's probe of hidden layer " + std::to_string(verdict_layer(o)) +
           " after its transformation on the first " + std::to_string(o.probe_images) +
           " test images in inference mode, 0.1-wide bins, main modes smoothed over " + number(t.smoothing) + " bins";
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
