#include "ledger_grid.hpp"

#include <algorithm>
#include <cmath>

#include <mockbn/analysis/inference.hpp>
#include <mockbn/research/original_ledger.hpp>

#include "ledger_models.hpp"
#include "ledger_page.hpp"
#include "report_layout.hpp"

namespace sweep {

namespace research = mockbn::research;
using study::block;

namespace {

std::string short_number(double v) { return research::number(v); }

// How many configurations give verdict v under a reading.
std::size_t count_of(const std::vector<judged_configuration>& judged, std::size_t k, bool strict, verdict v) {
    return static_cast<std::size_t>(std::count_if(judged.begin(), judged.end(), [&](const auto& c) {
        const auto& f = c.ledger.findings[k];
        return (strict ? f.strict : f.weak).verdict == v;
    }));
}

std::string counts_text(const std::vector<judged_configuration>& judged, std::size_t k, bool strict) {
    std::string text;
    for (const auto v : all_verdicts)
        if (const auto n = count_of(judged, k, strict, v); n > 0)
            text += (text.empty() ? "" : ", ") + std::string(verdict_name(v)) + " in " + std::to_string(n);
    return text;
}

// The seeds a claim's paired comparisons need at the median configuration's spread, and at the extremes: a
// root mean square would be set by the few configurations where a run collapsed to chance.
std::string power_text(const std::vector<judged_configuration>& judged, std::size_t k) {
    std::vector<double> spreads;
    for (const auto& c : judged)
        if (const double s = c.ledger.findings[k].difference_spread; std::isfinite(s)) spreads.push_back(s);
    if (spreads.empty()) return "";
    std::sort(spreads.begin(), spreads.end());
    const auto& names = study::ledger_claims()[k].reads_thresholds;
    const research::thresholds t;
    const double margin =
        std::find(names.begin(), names.end(), "loss_margin") != names.end() ? t.loss_margin : t.accuracy_margin;
    const auto seeds = [&](double spread) {
        return std::to_string(mockbn::analysis::pairs_for_power(spread, margin, 1 - t.level, t.power));
    };
    const double median = spreads[spreads.size() / 2];
    return "Power: in the median configuration the paired differences spread by " + short_number(median) +
           ", and a paired test at 5 % detects the smallest effect of interest (" + short_number(margin) +
           ") with 80 % power at " + seeds(median) + " seeds; across the " + std::to_string(spreads.size()) +
           " configurations, from " + seeds(spreads.front()) + " (spread " + short_number(spreads.front()) + ") to " +
           seeds(spreads.back()) + " (spread " + short_number(spreads.back()) + ").";
}

std::string effect_text(const research::finding& f, std::size_t k) {
    if (f.effects.size() <= k) return "-";
    const auto& e = f.effects[k];
    return short_number(e.value.estimate) + " [" + short_number(e.value.low) + ", " + short_number(e.value.high) + "]";
}

std::string share_text(const research::sensitivity_share& s) {
    return s.settings > 1 ? short_number(100 * s.strict) + " % / " + short_number(100 * s.weak) + " %" : "-";
}

// The conditions a reading reproduces under: for each option the grid varies (at most most_listed values), how
// many configurations of each value it reproduces in, where that differs between values; "" where it reproduces
// nowhere, or alike under every value.
constexpr std::size_t most_listed = 8;
std::string where_text(const outcome& o, const std::vector<judged_configuration>& judged, std::size_t k, bool strict) {
    const auto reproduced = [&](std::size_t c) {
        const auto& f = judged[c].ledger.findings[k];
        return (strict ? f.strict : f.weak).verdict == verdict::reproduced;
    };
    if (count_of(judged, k, strict, verdict::reproduced) == 0) return "";
    std::string text;
    for (const auto& axis : o.axes) {
        if (axis.values.size() > most_listed) continue;
        std::vector<std::size_t> hits(axis.values.size()), totals(axis.values.size());
        for (std::size_t c = 0; c < judged.size(); ++c) {
            const auto at = static_cast<std::size_t>(
                std::find(axis.values.begin(), axis.values.end(), axis_value(o, c, axis.name)) - axis.values.begin());
            if (at == axis.values.size()) continue;
            ++totals[at];
            hits[at] += reproduced(c);
        }
        bool differs = false;  // as shares: hits[v] / totals[v] alike for every value says nothing
        for (std::size_t v = 1; v < hits.size(); ++v) differs |= hits[v] * totals[0] != hits[0] * totals[v];
        if (!differs) continue;
        std::string values;
        for (std::size_t v = 0; v < hits.size(); ++v)
            values += (values.empty() ? "" : ", ") + axis.values[v] + " in " + std::to_string(hits[v]) + " of " +
                      std::to_string(totals[v]);
        text += (text.empty() ? "" : "; ") + axis.name + " " + values;
    }
    if (text.empty()) return "";
    return std::string("Where the ") + (strict ? "strict" : "weak") + " reading reproduces, by the options the grid " +
           "varies: " + text + ".";
}

std::vector<block> claim_across(const outcome& o, const std::vector<judged_configuration>& judged, std::size_t k) {
    auto out = study::claim_blocks(study::ledger_claims()[k]);
    out.push_back(study::paragraph("Strict: " + counts_text(judged, k, true) +
                                   ". Weak: " + counts_text(judged, k, false) + " (of " +
                                   std::to_string(judged.size()) + " configurations)."));
    for (const bool strict : {true, false})
        if (const auto where = where_text(o, judged, k, strict); !where.empty()) out.push_back(study::paragraph(where));
    if (const auto power = power_text(judged, k); !power.empty()) out.push_back(study::paragraph(power));
    if (judged.size() > most_tabled) return out;
    // The claim's first two effects, named as the first configuration's finding names them.
    const auto& first = judged.front().ledger.findings[k];
    const std::size_t shown = std::max<std::size_t>(1, std::min<std::size_t>(2, first.effects.size()));
    std::vector<std::string> header = {"configuration", "strict", "weak"};
    for (std::size_t e = 0; e < shown; ++e)
        header.push_back(first.effects.size() > e ? first.effects[e].name : "effect");
    header.push_back("reproduced over the thresholds (strict / weak)");
    std::vector<std::vector<std::string>> rows = {header};
    for (std::size_t c = 0; c < judged.size(); ++c) {
        const auto& f = judged[c].ledger.findings[k];
        std::vector<std::string> row = {configuration_label(o, c), std::string(verdict_name(f.strict.verdict)),
                                        std::string(verdict_name(f.weak.verdict))};
        for (std::size_t e = 0; e < shown; ++e) row.push_back(effect_text(f, e));
        row.push_back(share_text(judged[c].ledger.sensitivity[k]));
        rows.push_back(std::move(row));
    }
    out.push_back(study::table(std::move(rows)));
    return out;
}

// What growth added (mockbn sweep --grow), or "" for a sweep that did not grow.
std::string growth_text(const outcome& o) {
    std::size_t configurations = 0, jobs = 0, most = 0;
    for (const auto& c : o.configurations) {
        if (c.grown.empty()) continue;
        ++configurations;
        jobs += c.grown.size();
        for (const auto& j : c.grown) most = std::max<std::size_t>(most, j.seed);
    }
    if (jobs == 0) return "";
    std::string claims;
    for (const auto& id : o.grown_for) claims += (claims.empty() ? "" : ", ") + id;
    return "Seeds grown after the grid (mockbn sweep --grow) for claim" +
           std::string(o.grown_for.size() == 1 ? " " : "s ") + claims + ": in " + std::to_string(configurations) +
           " configurations the variants these claims pair ran " + std::to_string(jobs) + " more jobs, up to seed " +
           std::to_string(most) +
           ", as many as each of these claims' power calculation asked for there (capped; none where its premise "
           "was excluded); the other claims keep the grid's seeds. Every verdict reads all of a configuration's "
           "runs.";
}

// The runs that diverged and were stopped (they enter no verdict), per configuration and variant; "" for none.
std::string diverged_text(const outcome& o) {
    constexpr std::size_t most_named = 24;
    std::string text;
    std::size_t named = 0, total = 0;
    for (std::size_t c = 0; c < o.configurations.size(); ++c)
        for (const auto& v : o.configurations[c].options.variants) {
            std::size_t diverged = 0, runs = 0, first = 0, last = 0;  // the epochs they diverged in
            for (const auto& r : o.runs[c]) {
                if (r.variant != v) continue;
                ++runs;
                if (!r.diverged) continue;
                first = diverged == 0 ? r.diverged_at : std::min(first, r.diverged_at);
                last = std::max(last, r.diverged_at);
                ++diverged;
            }
            if (diverged == 0) continue;
            total += diverged;
            const std::string epochs = first == last ? "epoch " + std::to_string(first)
                                                     : "epochs " + std::to_string(first) + "-" + std::to_string(last);
            if (named++ < most_named)
                text += (text.empty() ? "" : "; ") + configuration_label(o, c) + ": " + v + " " +
                        std::to_string(diverged) + " of " + std::to_string(runs) + " (in " + epochs + ")";
        }
    if (total == 0) return "";
    return "Runs that diverged and were stopped (they enter no verdict): " + std::to_string(total) + " in all" +
           (text.empty() ? "" : "; " + text) + (named > most_named ? "; and more (jobs.csv names every one)" : "") +
           ".";
}

}  // namespace

std::string configuration_label(const outcome& o, std::size_t c) {
    std::string text;
    for (const auto& axis : o.axes) text += (text.empty() ? "" : ", ") + axis.name + " " + axis_value(o, c, axis.name);
    return text.empty() ? "the one configuration" : text;
}

std::vector<block> grid_ledger_blocks(const outcome& o, const std::vector<judged_configuration>& judged,
                                      const std::vector<study::detection_point>& curve, const drawn_figures& drawn) {
    const auto& options = o.configurations.front().options;
    std::vector<block> out = {
        study::heading("The reproduction ledger across the grid"),
        study::paragraph(
            "Every testable sentence of the original study (S. Bai, \"Senior thesis III\", Carnegie Mellon "
            "University, 2016), judged in each configuration under a strict and a weak reading declared before any "
            "run, by the study's own code on that configuration's runs. Measured with: " +
            study::instrument_text(options) +
            ". \"Not reproduced\" is said only where the evidence excludes the smallest effect of interest the "
            "ledger declares; \"not testable here\" where a premise fails, which is no evidence either way.")};
    std::string axes;
    for (const auto& axis : o.axes) {
        std::string values;
        for (const auto& v : axis.values) values += (values.empty() ? "" : ", ") + v;
        axes += (axes.empty() ? "" : "; ") + axis.name + " " + values;
    }
    out.push_back(study::paragraph("The grid: " + std::to_string(o.configurations.size()) + " configurations (" +
                                   (axes.empty() ? "no option varies" : axes) +
                                   "), each otherwise as the first: " + study::conditions_text(options) + "."));
    if (const auto grown = growth_text(o); !grown.empty()) out.push_back(study::paragraph(grown));
    if (const auto diverged = diverged_text(o); !diverged.empty()) out.push_back(study::paragraph(diverged));
    if (drawn.verdicts)
        out.push_back(study::figure("figures/verdicts.png",
                                    "Each claim's verdicts across the grid: in each cell, the strict reading's on the "
                                    "left, the weak one's on the right"));
    if (drawn.sensitivity)
        out.push_back(study::figure("figures/sensitivity.png",
                                    "The share of each claim's threshold settings under which it reproduces, per "
                                    "configuration (strict and weak readings)"));
    for (const std::size_t k : mapped_claims())
        for (auto& b : claim_across(o, judged, k)) out.push_back(std::move(b));
    for (std::size_t k = 0; k < study::ledger_claims().size(); ++k)
        if (study::ledger_claims()[k].strict.empty())
            for (auto& b : study::claim_blocks(study::ledger_claims()[k])) out.push_back(std::move(b));
    for (auto& b : study::setup_blocks()) out.push_back(std::move(b));
    for (auto& b : study::detection_blocks(curve, options.probe_images, options.width,
                                           drawn.detection ? "figures/fig10_detection.png" : ""))
        out.push_back(std::move(b));
    for (auto& b : model_blocks(o)) out.push_back(std::move(b));
    return out;
}

}  // namespace sweep
