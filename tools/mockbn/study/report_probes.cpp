#include "report_probes.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <utility>

#include <mockbn/analysis.hpp>

#include "folder.hpp"
#include "gnuplot.hpp"
#include "probes.hpp"
#include "report_text.hpp"

namespace study {

namespace fs = std::filesystem;
using mockbn::analysis::histogram;

namespace {

// Figure 7's bins: Sarle's coefficient of a sample lies between 0 and 1.
constexpr std::size_t coefficient_bins = 40;

// Figure 8's colours, one per class (gnuplot's own cycle repeats after eight).
constexpr const char* class_colours = "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf";

double mean_of(const std::vector<double>& values) {
    return mockbn::analysis::describe(std::span<const double>(values)).mean;
}

// One variant's probe of a layer's stage at an epoch, over its runs.
struct layer_probe {
    std::size_t runs = 0, pooled_two_peaks = 0;  // runs, and those whose pooled histogram has two peaks
    double pooled_bimodality = NAN;              // the pooled coefficient, mean over runs
    double features_bimodal = NAN;               // the share of features with two peaks, mean over runs
    double median_feature_bimodality = NAN;      // the features' median coefficient, mean over runs
};

layer_probe probe_of(const std::vector<const run_result*>& runs, std::size_t layer, std::size_t epoch,
                     const std::string& stage) {
    static constexpr double median[] = {50};
    layer_probe p;
    std::vector<double> pooled, features, medians;
    for (const auto* r : runs)
        if (const auto* s = find_stage(*r, layer, epoch, stage)) {
            ++p.runs;
            p.pooled_two_peaks += bimodal(s->modes);
            pooled.push_back(s->description.bimodality);
            features.push_back(features_bimodal(*s));
            medians.push_back(feature_bimodality(*s, median).front());
        }
    p.pooled_bimodality = mean_of(pooled);
    p.features_bimodal = mean_of(features);
    p.median_feature_bimodality = mean_of(medians);
    return p;
}

// Normal samples per feature behind the chance column: four give the share to about ±2 % for 100 features.
constexpr std::size_t chance_draws = 4;

// The share of features that sampling noise alone makes two-peaked (chance_bimodal), mean over runs.
double chance_of(const std::vector<const run_result*>& runs, std::size_t layer, std::size_t epoch,
                 const std::string& stage) {
    std::vector<double> chance;
    for (const auto* r : runs)
        if (const auto* s = find_stage(*r, layer, epoch, stage)) chance.push_back(chance_bimodal(*s, chance_draws));
    return mean_of(chance);
}

// "R,C" and the size in pixels of a multiplot with one panel per variant, as figure 4's.
std::pair<std::string, std::string> panels(std::size_t n) {
    const std::size_t columns = n <= 3 ? n : 3, rows = (n + columns - 1) / columns;
    return {std::to_string(rows) + "," + std::to_string(columns),
            std::to_string(420 * columns) + "," + std::to_string(320 * rows)};
}

// ---- figure 7: each feature's coefficient against the pooled one --------------------

// Every run's per-feature coefficients of a layer's stage at an epoch, binned.
histogram feature_coefficients(const std::vector<const run_result*>& runs, std::size_t layer, std::size_t epoch,
                               const std::string& stage) {
    std::vector<double> coefficients;
    for (const auto* r : runs)
        if (const auto* s = find_stage(*r, layer, epoch, stage))
            for (const auto& f : s->features) coefficients.push_back(f.description.bimodality);
    return mockbn::analysis::make_histogram(std::span<const double>(coefficients), 0, 1, coefficient_bins);
}

void write_coefficients_data(const fs::path& dir, const std::string& v, const std::vector<const run_result*>& mine,
                             std::size_t layer, std::size_t epoch) {
    const histogram before = feature_coefficients(mine, layer, epoch, "before");
    const histogram after = feature_coefficients(mine, layer, epoch, "after");
    const auto share = [](const histogram& h, std::size_t i) {
        const double finite = h.total() - h.not_finite;
        return finite > 0 ? h.counts[i] / finite : 0.0;
    };
    results_file f(dir / ("features_" + v + ".csv"));
    f << "bimodality,before,after\n";
    for (std::size_t i = 0; i < coefficient_bins; ++i)
        f << number(before.center(i)) << ',' << number(share(before, i)) << ',' << number(share(after, i)) << '\n';
    f.commit();
}

// A vertical line at x across the panel; nothing for a value that is not finite.
std::string line_at(double x, const std::string& style) {
    if (!std::isfinite(x)) return "";
    return "  set arrow from " + number(x) + ", graph 0 to " + number(x) + ", graph 1 nohead front " + style + "\n";
}

std::string coefficients_panel(const std::string& v, const layer_probe& before, const layer_probe& after,
                               double chance) {
    const std::string numbers = "after: " + fixed(100 * after.features_bimodal, 0) + " % two-peaked (" +
                                fixed(100 * chance, 0) + " % by chance); pooled " +
                                std::to_string(after.pooled_two_peaks) + "/" + std::to_string(after.runs);
    return "  unset arrow\n  set title " + gnuplot_quoted(v) + ".\"\\n\"." + gnuplot_quoted(numbers) + " font ',9'\n" +
           line_at(5.0 / 9, "dt 3 lc rgb '#777777'") + line_at(before.pooled_bimodality, "dt 2 lw 2 lc 1") +
           line_at(after.pooled_bimodality, "dt 2 lw 2 lc 2") + "  plot " +
           gnuplot_quoted("data/features_" + v + ".csv") +
           " using 1:3 with boxes lc 2 title 'each feature, after', '' using 1:2 with histeps lw 2 lc 1 title 'each "
           "feature, before', NaN with lines dt 2 lw 2 lc 1 title 'pooled, before', NaN with lines dt 2 lw 2 lc 2 "
           "title 'pooled, after', NaN with lines dt 3 lc rgb '#777777' title '5/9 (uniform)'\n";
}

void write_coefficients_figure(const fs::path& figures, const options& o, const std::vector<run_result>& runs) {
    const std::size_t layer = verdict_layer(o);
    const auto [grid, size] = panels(o.variants.size());
    const std::string title = "Hidden layer " + std::to_string(layer) +
                              ", end of training: each feature's own coefficient (all seeds) and the pooled one";
    std::string body = "  set multiplot layout " + grid + " title " + gnuplot_quoted(title) +
                       "\n"
                       "  set xrange [0:1]; set yrange [0:*]; set offsets 0, 0, graph 0.45, 0; set boxwidth " +
                       number(1.0 / coefficient_bins) +
                       "; set style fill transparent solid 0.4 noborder\n"
                       "  set xlabel \"Sarle's coefficient\"; set ylabel 'share of features'; set key top right "
                       "font ',8'\n";
    for (const auto& v : o.variants) {
        const auto mine = healthy_runs(runs, v);
        write_coefficients_data(figures / "data", v, mine, layer, o.epochs);
        body += coefficients_panel(v, probe_of(mine, layer, o.epochs, "before"),
                                   probe_of(mine, layer, o.epochs, "after"), chance_of(mine, layer, o.epochs, "after"));
    }
    write_script(figures, "fig7_features", size, body + "  unset arrow; unset offsets\n");
}

// ---- figure 8: the final histogram by class ---------------------------------------

// The number of classes the runs recorded histograms for (0 when none reached its last epoch).
std::size_t classes_recorded(const std::vector<run_result>& runs) {
    std::size_t classes = 0;
    for (const auto& r : runs)
        for (const auto& s : r.stages) classes = std::max(classes, s.classes.size());
    return classes;
}

// Per bin, the densities of classes 0 to k summed (k = 0, 1, ...): stacked, the top is the pooled density.
void write_classes_data(const fs::path& dir, const std::string& v, const std::vector<const run_result*>& mine,
                        std::size_t layer, std::size_t epoch, std::size_t classes) {
    std::vector<histogram> sums(classes, mockbn::analysis::make_histogram(std::span<const double>(), histogram_low,
                                                                          histogram_high, histogram_bins));
    double total = 0;
    for (const auto* r : mine)
        if (const auto* s = find_stage(*r, layer, epoch, "after"); s && s->classes.size() == classes)
            for (std::size_t c = 0; c < classes; ++c) {
                for (std::size_t i = 0; i < histogram_bins; ++i) sums[c].counts[i] += s->classes[c].counts[i];
                total += s->classes[c].total();
            }
    results_file f(dir / ("classes_" + v + ".csv"));
    f << "center";
    for (std::size_t c = 0; c < classes; ++c) f << ',' << c;
    f << '\n';
    const histogram& bins = sums.front();
    for (std::size_t i = 0; i < histogram_bins; ++i) {
        f << number(bins.center(i));
        double stacked = 0;
        for (std::size_t c = 0; c < classes; ++c) {
            stacked += total > 0 ? sums[c].counts[i] / (total * bins.width()) : 0.0;
            f << ',' << number(stacked);
        }
        f << '\n';
    }
    f.commit();
}

void write_classes_figure(const fs::path& figures, const options& o, const std::vector<run_result>& runs,
                          std::size_t classes) {
    const std::size_t layer = verdict_layer(o);
    std::string variants;
    for (const auto& v : o.variants) {
        write_classes_data(figures / "data", v, healthy_runs(runs, v), layer, o.epochs, classes);
        variants += (variants.empty() ? "" : " ") + v;
    }
    const auto [grid, size] = panels(o.variants.size());
    const std::string title = "Hidden layer " + std::to_string(layer) +
                              " after the transformation at the end of training, by the image's class (stacked "
                              "densities, all seeds)";
    write_script(figures, "fig8_classes", size,
                 "  variants = '" + variants + "'\n  colours = '" + class_colours + "'\n  classes = " +
                     std::to_string(classes) + "\n  set multiplot layout " + grid + " title " + gnuplot_quoted(title) +
                     "\n"
                     "  set xrange [-8:8]; set key top right font ',7' maxrows 5; set style fill solid 0.85 noborder\n"
                     "  do for [v in variants] {\n"
                     "    set title v\n"
                     "    plot for [c=0:classes-1] 'data/classes_'.v.'.csv' using 1:(c == 0 ? 0 : column(c + 1)):"
                     "(column(c + 2)) with filledcurves lc rgb word(colours, c % 10 + 1) title sprintf('%d', c)\n"
                     "  }\n");
}

// ---- figure 9: depth ---------------------------------------------------------------

void write_depth_data(const fs::path& dir, const std::string& v, const std::vector<const run_result*>& mine,
                      const options& o) {
    results_file f(dir / ("depth_" + v + ".csv"));
    f << "layer,pooled_before,pooled_after,features_before,features_after\n";
    for (const std::size_t layer : probed_layers(o)) {
        const auto before = probe_of(mine, layer, o.epochs, "before");
        const auto after = probe_of(mine, layer, o.epochs, "after");
        f << layer << ',' << number(before.pooled_bimodality) << ',' << number(after.pooled_bimodality) << ','
          << number(before.features_bimodal) << ',' << number(after.features_bimodal) << '\n';
    }
    f.commit();
}

void write_depth_figure(const fs::path& figures, const options& o, const std::vector<run_result>& runs) {
    std::string variants, placed;
    for (const auto& v : o.variants) {
        write_depth_data(figures / "data", v, healthy_runs(runs, v), o);
        variants += (variants.empty() ? "" : " ") + v;
    }
    for (const auto h : o.placement) (placed += ' ') += std::to_string(h);
    const std::string lines = " with linespoints lw 2 lc i title word(variants,i)";
    write_script(figures, "fig9_depth", "1300,520",
                 "  variants = '" + variants +
                     "'\n  set multiplot layout 1,2 title 'Every hidden layer at the end of "
                     "training, after the transformation (mean over seeds; transformed:" +
                     placed +
                     ")'\n"
                     "  set xlabel 'hidden layer'; set xtics 1; set key top left font ',8'\n"
                     "  set title \"pooled: Sarle's coefficient\"\n"
                     "  plot for [i=1:words(variants)] 'data/depth_'.word(variants,i).'.csv' using 1:3" +
                     lines +
                     ", 5.0/9 with lines dt 3 lc rgb '#777777' title '5/9 (uniform)'\n"
                     "  set title 'per feature: share of features with two peaks'; set yrange [0:1]\n"
                     "  plot for [i=1:words(variants)] 'data/depth_'.word(variants,i).'.csv' using 1:5" +
                     lines +
                     "\n"
                     "  unset yrange\n");
}

// ---- the table -------------------------------------------------------------------------

std::string before_after(double before, double after, bool percent) {
    const auto text = [&](double x) { return percent ? fixed(100 * x, 0) + " %" : fixed(x, 3); };
    return text(before) + " → " + text(after);
}

void write_probe_row(std::ostream& html, const std::string& v, std::size_t layer, bool verdicts,
                     const std::vector<const run_result*>& mine, std::size_t epoch) {
    const auto before = probe_of(mine, layer, epoch, "before"), after = probe_of(mine, layer, epoch, "after");
    html << "<tr><td>" << v << "</td><td>" << layer << (verdicts ? " (verdicts)" : "") << "</td><td>"
         << before_after(before.pooled_bimodality, after.pooled_bimodality, false) << "</td><td>"
         << after.pooled_two_peaks << " of " << after.runs << "</td><td>"
         << before_after(before.median_feature_bimodality, after.median_feature_bimodality, false) << "</td><td>"
         << before_after(before.features_bimodal, after.features_bimodal, true) << "</td><td>"
         << before_after(chance_of(mine, layer, epoch, "before"), chance_of(mine, layer, epoch, "after"), true)
         << "</td></tr>\n";
}

}  // namespace

std::vector<std::string> write_probe_figures(const fs::path& figures, const options& o,
                                             const std::vector<run_result>& runs) {
    std::vector<std::string> names;
    write_coefficients_figure(figures, o, runs);
    names.push_back("fig7_features");
    if (const std::size_t classes = classes_recorded(runs); classes > 0) {
        write_classes_figure(figures, o, runs, classes);
        names.push_back("fig8_classes");
    }
    if (probed_layers(o).size() > 1) {
        write_depth_figure(figures, o, runs);
        names.push_back("fig9_depth");
    }
    return names;
}

void write_probe_table(std::ostream& html, const options& o, const std::vector<run_result>& runs) {
    html << "<h2>The probe at the end of training: pooled and per feature</h2>\n<p>Each feature of a layer is also "
            "described alone (its own coefficient and main modes, on the same bins): pooling the features into one "
            "histogram can hide two peaks that each has, or make up two that none has. Two peaks: the two main "
            "modes on opposite sides of zero, the rule of findings 1 and 2. By chance: the share of features that "
            "normal samples of each feature's own mean and spread, as many values, make two-peaked on the same bins "
            "(a wide feature of a thousand values often is): the per-feature share means something only above it. "
            "Before → after the transformation; means over the seeds that did not diverge. No verdict reads these "
            "columns.</p>\n"
            "<table><tr><th>variant</th><th>hidden layer</th><th>pooled coefficient</th><th>pooled histograms with "
            "two peaks (after)</th><th>features' median coefficient</th><th>features with two peaks</th><th>by "
            "chance</th></tr>\n";
    for (const auto& v : o.variants) {
        const auto mine = healthy_runs(runs, v);
        for (const std::size_t layer : probed_layers(o))
            write_probe_row(html, v, layer, layer == verdict_layer(o) && probed_layers(o).size() > 1, mine, o.epochs);
    }
    html << "</table>\n";
}

}  // namespace study
