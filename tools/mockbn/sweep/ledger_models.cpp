#include "ledger_models.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "probes.hpp"
#include "report_models.hpp"
#include "report_text.hpp"

namespace sweep {

namespace {

// Three digits: what the page compares (the tables' CSV sources hold every digit).
std::string number(double v) { return study::fixed(v, 3); }

double median_of(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n == 0 ? NAN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// "0.14 [0.00, 0.90]": the median and the range.
std::string spread_text(const std::vector<double>& v) {
    const auto [low, high] = std::minmax_element(v.begin(), v.end());
    return number(median_of(v)) + " [" + number(*low) + ", " + number(*high) + "]";
}

std::string percent(std::size_t part, std::size_t whole) {
    return std::to_string((100 * part + whole / 2) / std::max<std::size_t>(whole, 1)) + " %";
}

double correlation(const std::vector<double>& x, const std::vector<double>& y) {
    const double n = static_cast<double>(x.size());
    double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) mx += x[i] / n, my += y[i] / n;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / std::sqrt(sxx * syy);
}

// "−1 12, 0 30, +1 4": how many runs give each peak side.
std::string sides_text(const std::map<int, std::size_t>& counts) {
    std::string text;
    for (const auto& [side, n] : counts)
        text += (text.empty() ? "" : ", ") +
                std::string(side > 0   ? "+1"
                            : side < 0 ? "−1"
                                       : "0") +
                ": " + std::to_string(n);
    return text;
}

// Every finished run of the grid with its configuration's options.
template <class Visit>
void each_run(const outcome& o, Visit&& visit) {
    for (std::size_t c = 0; c < o.configurations.size(); ++c)
        for (const auto& r : o.runs[c])
            if (!r.diverged) visit(o.configurations[c].options, r);
}

std::vector<study::block> class_blocks(const outcome& o) {
    struct readings {
        std::vector<double> share, median, bimodality, variation;
        std::size_t predicted_two = 0, measured_two = 0, agree = 0;
    };
    std::map<std::string, readings> by_variant;
    each_run(o, [&](const study::options& options, const study::run_result& r) {
        if (r.variant != options.ledger_bn) return;
        const std::size_t layer = study::verdict_layer(options);
        const auto reading = mockbn::research::class_reading(r, layer, options.epochs, {});
        if (!reading) return;
        auto& into = by_variant[r.variant];
        into.share.push_back(reading->share_crossing);
        into.median.push_back(reading->median_crossing);
        into.variation.push_back(reading->shape.variation);
        into.bimodality.push_back(find_stage(r, layer, options.epochs, "after")->description.bimodality);
        into.predicted_two += reading->shape.predicted_sides != 0;
        into.measured_two += reading->shape.measured_sides != 0;
        into.agree += reading->shape.predicted_sides == reading->shape.measured_sides;
    });
    if (by_variant.empty()) return {};
    std::vector<std::vector<std::string>> rows = {
        {"variant", "runs", "features past their critical separation (median run [range])",
         "the median feature's separation over its critical one", "predicted two peaks across zero",
         "measured two peaks across zero", "peak sides agree", "total variation (median)",
         "correlation of the share past it with Sarle's coefficient"}};
    for (const auto& [v, x] : by_variant) {
        const std::size_t n = x.share.size();
        rows.push_back({v, std::to_string(n), spread_text(x.share), spread_text(x.median), percent(x.predicted_two, n),
                        percent(x.measured_two, n), percent(x.agree, n), number(median_of(x.variation)),
                        number(correlation(x.share, x.bimodality))});
    }
    return {study::subheading("Batch normalization's layer as a mixture of its classes"),
            study::paragraph(
                "Each feature of the probed layer after batch normalization, taken as a mixture of one normal law per "
                "class of the probe images, its classes cut in two where their means are best separated: a feature is "
                "past its critical separation when its two groups lie far enough apart for two peaks at their shares "
                "(Robertson and Fryer 1969). The pooled histogram the mixtures predict is set beside the measured "
                "one. Every finished run at its last epoch, at the verdict layer."),
            study::table(std::move(rows))};
}

std::vector<study::block> fixed_blocks(const outcome& o) {
    struct readings {
        std::map<int, std::size_t> predicted, measured;
        std::size_t agree = 0;
        std::vector<double> variation;
    };
    std::map<std::string, readings> by_variant;
    each_run(o, [&](const study::options& options, const study::run_result& r) {
        const auto shape = study::fixed_reading(r.variant, r, study::verdict_layer(options), options.epochs);
        if (!shape) return;
        auto& into = by_variant[r.variant];
        ++into.predicted[shape->predicted_sides];
        ++into.measured[shape->measured_sides];
        into.agree += shape->predicted_sides == shape->measured_sides;
        into.variation.push_back(shape->variation);
    });
    if (by_variant.empty()) return {};
    std::vector<std::vector<std::string>> rows = {{"variant", "runs", "peak sides agree", "predicted (runs per side)",
                                                   "measured (runs per side)", "total variation (median)"}};
    for (const auto& [v, x] : by_variant)
        rows.push_back({v, std::to_string(x.variation.size()), percent(x.agree, x.variation.size()),
                        sides_text(x.predicted), sides_text(x.measured), number(median_of(x.variation))});
    return {study::subheading("The fixed shapes' outputs predicted from their inputs"),
            study::paragraph("Each feature's input to a fixed transformation as a normal law of its recorded mean and "
                             "spread, pushed through the function; the pooled histogram's peak sides predicted (−1: "
                             "the higher peak below zero, +1: above, 0: not two peaks across zero) against the "
                             "measured ones. Every finished run at its last epoch, at the verdict layer."),
            study::table(std::move(rows))};
}

std::vector<study::block> law_blocks(const outcome& o) {
    struct readings {
        std::vector<double> drift, scale, weight, end;
    };
    std::map<std::tuple<std::string, std::string, double>, readings> by_group;
    each_run(o, [&](const study::options& options, const study::run_result& r) {
        const auto law = study::law_of(r.variant, r, study::law_layer(options), options.transform_lr_scale);
        if (!law || law->size() < 2) return;
        std::string rule(mockbn::research::name_of(options.optimizer));
        if (options.optimizer == mockbn::research::optimizer_rule::sgd)
            rule += options.momentum > 0 ? " with momentum" : " without momentum";
        auto& into = by_group[{r.variant, rule, options.transform_lr_scale}];
        const double scale = law->back().scale_term - law->front().scale_term,
                     weight = law->back().weight_term - law->front().weight_term;
        into.drift.push_back(std::abs(scale - weight) / std::abs(weight));
        into.scale.push_back(scale);
        into.weight.push_back(weight);
        into.end.push_back(law->back().scale_term);
    });
    if (by_group.empty()) return {};
    std::vector<std::vector<std::string>> rows = {
        {"variant", "optimizer", "κ", "runs", "the law's change over the weight term's (median)",
         "output-scale term's change (median)", "weight term's change (median)", "output-scale term at the end"}};
    for (const auto& [key, x] : by_group) {
        const auto& [v, rule, kappa] = key;
        rows.push_back({v, rule, study::number(kappa), std::to_string(x.drift.size()), number(median_of(x.drift)),
                        number(median_of(x.scale)), number(median_of(x.weight)), spread_text(x.end)});
    }
    return {study::subheading("How far the conservation law held"),
            study::paragraph(
                "Per transformed unit, the output-scale term (a for sqrt_shift, a² for log_shift, γ² + β² for batch "
                "normalization) and the weight term (κ‖w‖²/2 or κ‖w‖², w the unit's outgoing weights), means over "
                "units, from the start to the last epoch. Under gradient flow the two move together (the law's "
                "change is 0); a step of size η adds η²‖g‖² terms, momentum a drift of the order of the rate, and "
                "Adam breaks the law. A change of the law near the weight term's means the weights grew by the "
                "steps' second-order terms alone, which move no output scale."),
            study::table(std::move(rows))};
}

}  // namespace

std::vector<study::block> model_blocks(const outcome& o) {
    std::vector<study::block> out;
    std::string missing;  // the parts no run has the records of
    const std::pair<std::vector<study::block>, const char*> parts[] = {
        {class_blocks(o), "the class mixture (each feature's per-class means and spreads)"},
        {fixed_blocks(o), "the fixed shapes (a fixed shape's run)"},
        {law_blocks(o), "the conservation law (each unit's weight norms per epoch, a learnable transformation's run)"}};
    for (const auto& [blocks, needs] : parts) {
        if (blocks.empty()) missing += (missing.empty() ? "" : "; ") + std::string(needs);
        out.insert(out.end(), blocks.begin(), blocks.end());
    }
    if (out.empty()) return out;
    std::string intro =
        "Three models of where each claim should appear (docs/study.md, \"The models\"), read off every finished run "
        "of the grid; none enters a verdict.";
    if (!missing.empty())
        intro +=
            " No run here holds what these need (runs of builds before they were recorded hold none): " + missing + ".";
    out.insert(out.begin(), {study::heading("The models against the runs"), study::paragraph(intro)});
    return out;
}

}  // namespace sweep
