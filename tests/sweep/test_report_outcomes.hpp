// Sweep outcomes made by hand for the report's tests: a grid of
// configurations on chosen axes (every other axis option at its default),
// and runs whose numbers decide each of the original study's findings as asked.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <mockbn/analysis.hpp>

#include "outcome.hpp"
#include "records.hpp"
#include "report_verdicts.hpp"

namespace sweep::testing {

// Where the axis `name` stands in axis_names, and so in a configuration's values.
inline std::size_t axis_at(const std::string& name) {
    return static_cast<std::size_t>(std::find(axis_names.begin(), axis_names.end(), name) - axis_names.begin());
}

// A grid on `axes`: one configuration per combination (the first axis
// slowest) with the options `base`, every other axis at its default, no runs.
inline outcome grid(const std::vector<axis>& axes, const study::options& base) {
    const std::map<std::string, std::string> defaults = {{"dataset", "mnist"},     {"batch", "64"},
                                                         {"optimizer", "sgd"},     {"learning_rate", "0.02"},
                                                         {"momentum", "0.9"},      {"weight_decay", "0"},
                                                         {"schedule", "constant"}, {"decay_every", "10"},
                                                         {"decay_factor", "0.1"},  {"init", "he_normal"},
                                                         {"input_scale", "unit"},  {"initial", ""},
                                                         {"activation", "relu"},   {"width", "100"},
                                                         {"depth", "5"},           {"placement", "3 4"},
                                                         {"shared", "off"},        {"transform_lr_scale", "1"},
                                                         {"epochs", "1"},          {"probe_layer", "4"},
                                                         {"probe_split", "test"},  {"probe_mode", "inference"},
                                                         {"probe_moment", "last"}, {"probe_early", "0"},
                                                         {"display", "uniform"},   {"ledger_bn", "bn"},
                                                         {"on_divergence", "stop"}};
    std::vector<std::vector<std::string>> combinations(1);
    for (const auto& name : axis_names) combinations[0].push_back(defaults.at(name));
    for (const auto& a : axes) {
        const std::size_t at = axis_at(a.name);
        std::vector<std::vector<std::string>> longer;
        for (const auto& values : combinations)
            for (const auto& v : a.values) {
                longer.push_back(values);
                longer.back()[at] = v;
            }
        combinations = std::move(longer);
    }
    outcome o{axes, {}, {}, {}};
    for (std::size_t c = 0; c < combinations.size(); ++c) {
        char id[16];
        std::snprintf(id, sizeof id, "%08zx", 0xc0ffee00 + c);
        o.configurations.push_back({base, combinations[c], id, {}});
        o.runs.emplace_back();
    }
    return o;
}

// What a claim should come out as under its strict reading: reproduced, not reproduced, inconclusive.
enum class want { yes, no, unsure };

// The claims a scenario decides: 1 (bn's peaks), 3a (log_shift's accuracy between plain's and bn's) and 4b
// (sqrt_shift's reach against bn's).
struct scenario {
    want bn_bimodal, log_shift, sqrt_shift;
};
inline const std::vector<std::string> scenario_claims = {"1", "3a", "4b"};

// The variants a scenario's configurations run, each for seeds 1 and 2.
inline const std::vector<std::string> scenario_variants = {"plain",      "bn",         "log_shift",
                                                           "sqrt_shift", "sqrt_fixed", "log_fixed"};

// One run of one epoch: its final accuracy, and a probe (after the transformation) of the study's size (1,000
// images by 100 features) whose histogram has peaks of the given heights at -2 and +2, whose 0th and 100th
// percentiles are -reach and +reach, and whose features each fit as two clusters `separation` spreads apart.
inline study::run_result run(const std::string& variant, std::uint64_t seed, double accuracy, double negative,
                             double positive, double reach, double separation = 1) {
    study::stage_record after;
    after.epoch = 1;
    after.layer = study::options{}.probe_layer;  // the layer the verdicts read
    after.stage = "after";
    after.description.count = 1000 * 100;
    after.features.resize(100);
    after.clusters.assign(100, mockbn::analysis::two_clusters{0, separation, 1, 0.2});
    after.histogram = {study::histogram_low, study::histogram_high, std::vector<double>(study::histogram_bins)};
    for (std::size_t i = 0; i < study::histogram_bins; ++i) {
        const double x = after.histogram.center(i);
        after.histogram.counts[i] = std::round(
            1000 * (negative * std::exp(-2 * (x + 2) * (x + 2)) + positive * std::exp(-2 * (x - 2) * (x - 2))));
    }
    after.modes = mockbn::analysis::main_modes(after.histogram);
    for (std::size_t p = 0; p < std::size(mockbn::analysis::band_percentiles); ++p)
        after.percentiles.push_back(-reach + reach * static_cast<double>(p) / 4);
    study::run_result r;
    r.variant = variant;
    r.seed = seed;
    r.kernels = "Haswell from epoch 1";
    // The validation accuracy ranks the variants the other way round from the test accuracy: what selects must
    // read it.
    r.epochs = {{1, 0.3, 0.3, 1 - accuracy, 0.3, accuracy, 1.5}};
    r.stages = {after};
    return r;
}

// Variant v's run for `seed` in scenario s: bn's peaks and clusters decide claim 1; log_shift's accuracy against
// plain's and bn's claim 3a (seed 2 is 0.01 more accurate for every variant: the runs pair by seed); sqrt_shift's
// reach against bn's claim 4b. The fixed shapes have two peaks, the positive one higher.
inline study::run_result scenario_run(const scenario& s, const std::string& v, std::uint64_t seed) {
    const double shared = seed == 2 ? 0.01 : 0;
    if (v == "bn") {
        const bool negative_higher = s.bn_bimodal == want::yes || (s.bn_bimodal == want::unsure && seed == 1);
        return run(v, seed, 0.95 + shared, negative_higher ? 2 : 1, negative_higher ? 1 : 2, 2,
                   s.bn_bimodal == want::yes ? 6 : 1);
    }
    if (v == "log_shift") {
        const double unsure = seed == 1 ? 0.0045 : -0.0025;
        return run(v, seed,
                   shared + (s.log_shift == want::yes  ? 0.93
                             : s.log_shift == want::no ? 0.85
                                                       : 0.9 + unsure),
                   1, 1, 3);
    }
    if (v == "sqrt_shift")
        return run(v, seed, 0.985 + shared, 1, 1,
                   s.sqrt_shift == want::yes  ? 50
                   : s.sqrt_shift == want::no ? 4
                   : seed == 1                ? 40
                                              : 10);
    if (v == "sqrt_fixed" || v == "log_fixed") return run(v, seed, 0.90 + shared, 1, 2, 3, 6);
    return run(v, seed, 0.90 + shared, 1, 1, 3);  // plain
}

// The runs of scenario_variants, seeds 1 and 2, for which the study's judge gives the verdicts wanted.
inline std::vector<study::run_result> runs_for(const scenario& s) {
    std::vector<study::run_result> runs;
    for (const auto& v : scenario_variants)
        for (std::uint64_t seed : {1, 2}) runs.push_back(scenario_run(s, v, seed));
    return runs;
}

// The page's cell of claim `id` for configuration c (from its opening to its end), or "" when there is none.
inline std::string map_cell(const std::string& html, const std::string& id, std::size_t c) {
    const auto at = html.find("<td id=\"claim" + id + "-c" + std::to_string(c) + "\"");
    return at == std::string::npos ? "" : html.substr(at, html.find("</td>", at) - at);
}

// How a cell shows a reading's verdict.
inline std::string verdict_span(verdict v) {
    std::string name(verdict_name(v));
    std::replace(name.begin(), name.end(), ' ', '-');
    return "<span class=\"v-" + name + "\">" + std::string(verdict_name(v)) + "</span>";
}

// Where claim `id` stands in the ledger.
inline std::size_t claim_at(const std::string& id) {
    const auto& claims = study::ledger_claims();
    return static_cast<std::size_t>(
        std::find_if(claims.begin(), claims.end(), [&](const auto& c) { return c.id == id; }) - claims.begin());
}

inline std::string text_of(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace sweep::testing
