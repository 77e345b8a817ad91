#include "report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <numeric>
#include <span>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include <mockbn/mockbn.hpp>

#include "folder.hpp"
#include "gnuplot.hpp"
#include "interrupt.hpp"
#include "probes.hpp"
#include "report_probes.hpp"
#include "report_text.hpp"
#include "tidy.hpp"

namespace study {

namespace fs = std::filesystem;
using mockbn::analysis::mode;
using mockbn::research::mean_of;
using mockbn::research::runs_of;
using mockbn::research::spread_of;
using mockbn::research::summed_histogram;

namespace {

// ---- the tidy data files ----------------------------------------------------------

void write_tidy(const fs::path& out, const std::vector<run_result>& runs) {
    for (const auto& table : tidy_tables) {
        results_file f(out / table.file);
        f << table.columns << '\n';
        for (const auto& r : runs) table.write_rows(f, r, "");
        f.commit();
    }
}

// ---- what the figures are drawn from: one small file per variant -----------------

// Per epoch: accuracy and losses (mean and spread over seeds), and the mean percentiles after the transformation.
void write_curves(const fs::path& dir, const std::string& v, const std::vector<const run_result*>& mine,
                  std::size_t epochs, std::size_t layer) {
    results_file curves(dir / ("curves_" + v + ".csv"));
    curves << "epoch,accuracy_mean,accuracy_std,train_loss_mean,train_loss_std,test_loss_mean,test_loss_std\n";
    results_file bands(dir / ("bands_" + v + ".csv"));
    bands << "epoch";
    for (double p : mockbn::analysis::band_percentiles) bands << ",p" << number(p);
    bands << '\n';
    for (std::size_t epoch = 1; epoch <= epochs; ++epoch) {
        std::vector<double> accuracy, train, test;
        std::vector<std::vector<double>> percentile(std::size(mockbn::analysis::band_percentiles));
        for (const auto* r : mine) {
            for (const auto& e : r->epochs)
                if (e.epoch == epoch) {
                    accuracy.push_back(e.test_accuracy);
                    train.push_back(e.train_loss);
                    test.push_back(e.test_loss);
                }
            if (const auto* s = find_stage(*r, layer, epoch, "after"))
                for (std::size_t i = 0; i < s->percentiles.size(); ++i) percentile[i].push_back(s->percentiles[i]);
        }
        if (accuracy.empty()) continue;
        curves << epoch << ',' << number(mean_of(accuracy)) << ',' << number(spread_of(accuracy)) << ','
               << number(mean_of(train)) << ',' << number(spread_of(train)) << ',' << number(mean_of(test)) << ','
               << number(spread_of(test)) << '\n';
        bands << epoch;
        for (const auto& values : percentile) bands << ',' << number(mean_of(values));
        bands << '\n';
    }
    curves.commit();
    bands.commit();
}

// The densities of the seed-averaged final histograms, before and after the transformation.
void write_histograms(const fs::path& dir, const std::string& v, const std::vector<const run_result*>& mine,
                      std::size_t epochs, std::size_t layer) {
    results_file histograms(dir / ("histogram_" + v + ".csv"));
    histograms << "center,before,after\n";
    const auto before = summed_histogram(mine, layer, epochs, "before");
    const auto after = summed_histogram(mine, layer, epochs, "after");
    const auto density = [](const mockbn::analysis::histogram& h, std::size_t i) {
        return h.total() > 0 ? h.counts[i] / (h.total() * h.width()) : 0.0;
    };
    for (std::size_t i = 0; i < histogram_bins; ++i)
        histograms << number(before.center(i)) << ',' << number(density(before, i)) << ',' << number(density(after, i))
                   << '\n';
    histograms.commit();
}

// Learned parameters: epoch, then mean and spread across features (seed-averaged) per layer and parameter;
// no file for a variant without any.
void write_parameters(const fs::path& dir, const std::string& v, const std::vector<const run_result*>& mine,
                      std::size_t epochs) {
    std::vector<std::pair<std::size_t, std::string>> columns;
    for (const auto* r : mine)
        for (const auto& p : r->parameters)
            if (std::find(columns.begin(), columns.end(), std::pair{p.layer, p.name}) == columns.end())
                columns.emplace_back(p.layer, p.name);
    if (columns.empty()) return;
    results_file params(dir / ("params_" + v + ".csv"));
    params << "epoch";
    for (const auto& [layer, name] : columns) params << ",layer " << layer << ' ' << name << ",spread";
    params << '\n';
    for (std::size_t epoch = 1; epoch <= epochs; ++epoch) {
        params << epoch;
        for (const auto& [layer, name] : columns) {
            std::vector<double> means, spreads;
            for (const auto* r : mine)
                for (const auto& p : r->parameters)
                    if (p.epoch == epoch && p.layer == layer && p.name == name) {
                        means.push_back(p.mean);
                        spreads.push_back(p.deviation);
                    }
            params << ',' << number(mean_of(means)) << ',' << number(mean_of(spreads));
        }
        params << '\n';
    }
    params.commit();
}

void write_figure_data(const fs::path& dir, const options& o, const std::vector<run_result>& runs) {
    fs::create_directories(dir);
    for (const auto& v : o.variants) {
        const auto mine = runs_of(runs, v);
        write_curves(dir, v, mine, o.epochs, verdict_layer(o));
        write_histograms(dir, v, mine, o.epochs, verdict_layer(o));
        write_parameters(dir, v, mine, o.epochs);
    }
}

// The transformations' shapes on [−6, 6], from the library's own formulas.
template <class P, class... Parameters>
double shape_at(double x, Parameters... p) {
    using d = mockbn::ad::dual<double, 0>;
    return P::apply(d{x, {}}, d{static_cast<double>(p), {}}...).value;
}

// f.operator()<V>() for each fixed variant of the registry (a fixed shape or a fixed affine map), in its order.
template <class F>
void for_each_fixed_variant(F&& f) {
    mockbn::for_each_variant([&]<class V>() {
        if constexpr (V::role == mockbn::variant_role::fixed_shape || V::role == mockbn::variant_role::fixed_affine)
            f.template operator()<V>();
    });
}

// The fixed variants' shapes, then the learnable ones' at ten parameter settings.
constexpr int learnable_shape_columns = 10;

void write_shapes(const fs::path& dir) {
    using namespace mockbn;
    results_file f(dir / "shapes.csv");
    f << "x,";
    for_each_fixed_variant([&]<class V>() { f << V::name << ','; });
    f << "log_shift a=1 b=0 c=0,log_shift a=2 b=0 c=0,log_shift a=1 b=1 c=0,log_shift a=1 b=0 c=1,"
         "log_shift a=1 b=0 c=-1 (masked),log_shift c=-1 without the mask,"
         "sqrt_shift a=0 b=0,sqrt_shift a=1 b=0,sqrt_shift a=0 b=1,sqrt_shift a=-1 b=-1\n";
    for (int i = -240; i <= 240; ++i) {
        const double x = i / 40.0;
        f << number(x) << ',';
        for_each_fixed_variant([&]<class V>() { f << number(shape_at<typename V::policy>(x)) << ','; });
        f << number(shape_at<log_shift>(x, 1, 0, 0)) << ',' << number(shape_at<log_shift>(x, 2, 0, 0)) << ','
          << number(shape_at<log_shift>(x, 1, 1, 0)) << ',' << number(shape_at<log_shift>(x, 1, 0, 1)) << ','
          << number(shape_at<log_shift>(x, 1, 0, -1)) << ',' << number(shape_at<log_shift_unmasked>(x, 1, 0, -1)) << ','
          << number(shape_at<sqrt_shift>(x, 0, 0)) << ',' << number(shape_at<sqrt_shift>(x, 1, 0)) << ','
          << number(shape_at<sqrt_shift>(x, 0, 1)) << ',' << number(shape_at<sqrt_shift>(x, -1, -1)) << '\n';
    }
    f.commit();
}

// ---- gnuplot ---------------------------------------------------------------------------

std::string variant_list(const options& o) {
    std::string list;
    for (const auto& v : o.variants) list += (list.empty() ? "" : " ") + v;
    return list;
}

bool has_parameters(const std::string& variant) {
    return mockbn::with_variant(variant, []<class V>() { return mockbn::parameter_count<typename V::policy> != 0; });
}

void write_shapes_script(const fs::path& dir) {
    int fixed = 0;
    for_each_fixed_variant([&]<class V>() { ++fixed; });
    // Column 1 is x; the fixed variants come next, then the learnable settings.
    const auto columns = [](int first, int count) {
        return std::to_string(first) + ":" + std::to_string(first + count - 1);
    };
    std::string body =
        "  set multiplot layout 1,2 title 'The transformations on [-6, 6]'\n"
        "  set xrange [-6:6]; set key left top font ',8'\n"
        "  set title 'fixed'\n";
    body += "  plot for [c=" + columns(2, fixed) + "] 'data/shapes.csv' using 1:c with lines lw 2\n";
    body += "  set title 'learnable, at several parameter settings'\n  set yrange [-6:6]\n";
    body += "  plot for [c=" + columns(2 + fixed, learnable_shape_columns) +
            "] 'data/shapes.csv' using 1:c with lines lw 2\n";
    body += "  unset yrange\n";
    write_script(dir, "fig1_shapes", "1200,520", body);
}

// `variants` is the gnuplot line that lists them.
void write_accuracy_script(const fs::path& dir, const std::string& variants, double top_accuracy) {
    // The zoomed panel shows the 0.05 below the best final accuracy.
    const double zoom_floor = std::isfinite(top_accuracy) ? std::floor((top_accuracy - 0.05) * 100) / 100 : 0.9;
    write_script(
        dir, "fig2_accuracy", "1300,600",
        "  " + variants +
            "  set multiplot layout 1,2 title 'Test accuracy (mean over seeds, band: ±1 standard deviation)'\n"
            "  set xlabel 'epoch'; set ylabel 'test accuracy'; set key right bottom font ',8'\n"
            "  do for [zoom=0:1] {\n"
            "    if (zoom == 1) { set title 'the top of the scale'; set yrange [" +
            number(zoom_floor) + ":" + number(std::min(1.0, zoom_floor + 0.06)) +
            "] } else { set title 'all variants'; set yrange [0:1] }\n"
            "    plot for [i=1:words(variants)] 'data/curves_'.word(variants,i).'.csv' using 1:($2-$3):($2+$3) with "
            "filledcurves fs transparent solid 0.15 lc i notitle, \\\n"
            "         for [i=1:words(variants)] 'data/curves_'.word(variants,i).'.csv' using 1:2 with linespoints "
            "lw 2 lc i title word(variants,i)\n"
            "  }\n"
            "  unset yrange\n");
}

void write_loss_script(const fs::path& dir, const std::string& variants) {
    write_script(
        dir, "fig3_train_loss", "1100,650",
        "  " + variants +
            "  set title 'Training loss (mean over seeds, band: ±1 standard deviation)'\n"
            "  set xlabel 'epoch'; set ylabel 'training loss'; set logscale y; set key right top\n"
            "  plot for [i=1:words(variants)] 'data/curves_'.word(variants,i).'.csv' using 1:($4-$5):($4+$5) with "
            "filledcurves fs transparent solid 0.15 lc i notitle, \\\n"
            "       for [i=1:words(variants)] 'data/curves_'.word(variants,i).'.csv' using 1:4 with linespoints "
            "lw 2 lc i title word(variants,i)\n"
            "  unset logscale y\n");
}

// The per-variant panels of the probe layer: its final histograms and its percentile bands.
void write_probe_scripts(const fs::path& dir, const std::string& variants, std::size_t n) {
    const std::size_t columns = n <= 3 ? n : 3, rows = (n + columns - 1) / columns;
    const std::string grid = std::to_string(rows) + "," + std::to_string(columns);
    const std::string panel_size = std::to_string(420 * columns) + "," + std::to_string(320 * rows);
    write_script(
        dir, "fig4_histograms", panel_size,
        "  " + variants + "  set multiplot layout " + grid +
            " title 'Probe layer at the end of training: before and after the transformation (density, all seeds)'\n"
            "  set xrange [-8:8]; set key top right font ',8'\n"
            "  do for [v in variants] {\n"
            "    set title v\n"
            "    plot 'data/histogram_'.v.'.csv' using 1:2 with lines lw 2 title 'before', '' using 1:3 with "
            "lines lw 2 title 'after (pre-ReLU)'\n"
            "  }\n");
    write_script(dir, "fig5_bands", panel_size,
                 "  " + variants + "  set multiplot layout " + grid +
                     " title 'Probe layer after the transformation: percentiles 0, 7, 16, 31, 50, 69, 84, 93, 100 over "
                     "the epochs'\n"
                     "  set xlabel 'epoch'; unset key\n"
                     "  do for [v in variants] {\n"
                     "    set title v\n"
                     "    plot 'data/bands_'.v.'.csv' using 1:2:10 with filledcurves fs transparent solid 0.15 lc rgb "
                     "'#1f77b4', '' using 1:3:9 with filledcurves fs transparent solid 0.2 lc rgb '#1f77b4', '' using "
                     "1:4:8 with filledcurves fs transparent solid 0.3 lc rgb '#1f77b4', '' using 1:5:7 with "
                     "filledcurves fs transparent solid 0.4 lc rgb '#1f77b4', '' using 1:6 with lines lw 2 lc rgb "
                     "'#08306b'\n"
                     "  }\n");
}

// The learned parameters of the variants that have some; false (and no script) when none has.
bool write_parameters_script(const fs::path& dir, const options& o) {
    std::string learnable;  // the variants run whose transformation has parameters
    for (const auto& v : o.variants)
        if (has_parameters(v)) learnable += (learnable.empty() ? "" : " ") + v;
    if (learnable.empty()) return false;
    const std::size_t k = static_cast<std::size_t>(std::count(learnable.begin(), learnable.end(), ' ')) + 1;
    write_script(dir, "fig6_parameters", std::to_string(450 * k) + ",420",
                 "  learnable = '" + learnable + "'\n  set multiplot layout 1," + std::to_string(k) +
                     " title 'Learned parameters over the epochs (mean across features; seed-averaged)'\n"
                     "  set xlabel 'epoch'; set key outside bottom center horizontal font ',8'\n"
                     "  do for [v in learnable] {\n"
                     "    set title v\n"
                     "    file = 'data/params_'.v.'.csv'\n"
                     "    stats file nooutput\n"
                     "    plot for [c=2:STATS_columns:2] file using 1:c with linespoints lw 2 title columnhead(c)\n"
                     "  }\n");
    return true;
}

// Writes the figures' gnuplot scripts and returns their names, in order.
std::vector<std::string> write_scripts(const fs::path& dir, const options& o, double top_accuracy) {
    const std::string variants = "variants = '" + variant_list(o) + "'\n";
    write_shapes_script(dir);
    write_accuracy_script(dir, variants, top_accuracy);
    write_loss_script(dir, variants);
    write_probe_scripts(dir, variants, o.variants.size());
    std::vector<std::string> names = {"fig1_shapes", "fig2_accuracy", "fig3_train_loss", "fig4_histograms",
                                      "fig5_bands"};
    if (write_parameters_script(dir, o)) names.push_back("fig6_parameters");
    return names;
}

// ---- the report page ---------------------------------------------------------------------

std::string modes_text(const std::vector<mode>& modes) {
    if (modes.empty()) return "none";
    std::string text;
    for (const auto& m : modes)
        text += (text.empty() ? "" : "; ") + fixed(m.location, 2) + " (height " + fixed(m.height, 3) + ")";
    return text;
}

// "initialization he_normal; optimizer sgd, learning rate 0.02, momentum 0.9": how the runs started and learned.
std::string training_text(const options& o) {
    std::string text =
        "initialization " + o.init + "; optimizer " + o.optimizer + ", learning rate " + number(o.learning_rate);
    if (o.optimizer == "sgd") text += ", momentum " + number(o.momentum);
    if (o.schedule == "step")
        text += ", times " + number(o.decay_factor) + " every " + std::to_string(o.decay_every) + " epochs";
    if (o.schedule == "cosine") text += " on a cosine schedule to 0";
    if (o.weight_decay > 0) text += ", weight decay " + number(o.weight_decay);
    if (o.transform_lr_scale != 1)
        text += ", the transformations' parameters at " + number(o.transform_lr_scale) + " times the rate";
    return text;
}

// The page's head and its first paragraph: the network, the training and where it ran.
void write_html_head(results_file& f, const options& o, const provenance& where) {
    f << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>mockbn study: " << o.dataset
      << "</title>\n<style>" << page_style << "</style></head><body>\n";
    f << "<h1>Batch normalization and its mocks: " << (o.dataset == "mnist" ? "MNIST" : "Fashion-MNIST") << "</h1>\n";
    f << "<p>Network: " << o.depth << " hidden dense layers of width " << o.width << " with "
      << (o.activation == "selu" ? "SELU" : "ReLU") << ", the transformation on hidden layer(s)";
    for (auto h : o.placement) f << ' ' << h;
    f << (o.shared ? " (one shared scalar per parameter and layer)" : " (parameters per feature)") << "; "
      << training_text(o) << ", batch " << o.batch << ", " << o.epochs << " epochs, " << o.seeds.size()
      << " seed(s); probe: "
      << (o.probe_layer == every_hidden_layer
              ? "every hidden layer (the verdicts, the summary and figures 4 and 5 read layer " +
                    std::to_string(verdict_layer(o)) + ", the deepest transformed one)"
              : "hidden layer " + std::to_string(o.probe_layer))
      << " on " << o.probe_images << " test images" << data_subset_text(o) << ". Wall time "
      << fixed(where.wall_seconds, 1) << " s; BLAS: " << html_escape(where.blas) << ".</p>\n";
}

bool is_control(const std::string& variant) {
    return mockbn::with_variant(variant, []<class V>() { return V::role == mockbn::variant_role::control; });
}

std::string control_mark(const std::string& variant) { return is_control(variant) ? " (control)" : ""; }

void write_html_summary(results_file& f, const std::vector<variant_summary>& summary) {
    f << "<h2>Summary</h2>\n<table><tr><th>variant</th><th>final test accuracy</th><th>epochs to 97 %</th>"
         "<th>bimodality (after)</th><th>main modes (after)</th><th>features with two peaks (after)</th>"
         "<th>range (after)</th><th>s / epoch</th><th>runs</th></tr>\n";
    for (const auto& s : summary)
        f << "<tr><td>" << s.variant << control_mark(s.variant) << "</td><td>" << accuracy_text(s) << "</td><td>"
          << (s.epochs_to_97 < 0 ? std::string("not reached") : std::to_string(s.epochs_to_97)) << "</td><td>"
          << fixed(s.bimodality, 3) << "</td><td>" << modes_text(s.modes) << "</td><td>"
          << fixed(100 * s.features_bimodal, 0) << " %</td><td>" << fixed(s.low, 1) << " to " << fixed(s.high, 1)
          << "</td><td>" << fixed(s.seconds_per_epoch, 2) << "</td><td>" << s.runs
          << (s.diverged ? " (" + std::to_string(s.diverged) + " diverged)" : "") << "</td></tr>\n";
    f << "</table>\n<p>Bimodality is Sarle's coefficient (5/9 is a uniform distribution's; above it suggests two "
         "modes). "
         "Modes are found on the seed-averaged, smoothed histogram at the end of training. Features with two peaks: "
         "the share of the layer's features whose own two main modes lie on opposite sides of zero (the rule of "
         "findings 1 and 2), mean over seeds. Range is the mean 0th to 100th percentile.</p>\n";
    if (std::any_of(summary.begin(), summary.end(), [](const variant_summary& s) { return is_control(s.variant); }))
        f << "<p>A control is a baseline beside the seed's variants (docs/transformations.md): it is in this table "
             "and the figures, and in none of the findings' rules.</p>\n";
}

// The runs that went non-finite, if any.
void write_html_divergences(results_file& f, const options& o, const std::vector<run_result>& runs) {
    if (std::none_of(runs.begin(), runs.end(), [](const run_result& r) { return !r.divergence.empty(); })) return;
    f << "<h2>Divergences</h2>\n<p>Runs whose loss or gradient went non-finite (policy: " << o.on_divergence
      << "). A run stopped this way is left out of every average above.</p>\n<ul>\n";
    for (const auto& r : runs)
        if (!r.divergence.empty())
            f << "<li>" << r.variant << ", seed " << r.seed << ": " << html_escape(r.divergence)
              << (r.diverged ? " (stopped)" : " (recovered)") << "</li>\n";
    f << "</ul>\n";
}

// Each run's BLAS kernels, when a run was continued under another.
void write_html_kernels(results_file& f, const std::vector<run_result>& runs) {
    const auto changed = [](const run_result& r) { return r.kernels.find(", ") != std::string::npos; };
    if (std::none_of(runs.begin(), runs.end(), changed)) return;
    f << "<h2>BLAS kernels</h2>\n<p>Some runs were continued under another BLAS kernel (--allow-kernel-change), "
         "which changes the last bits of their numbers from that epoch on:</p>\n<ul>\n";
    for (const auto& r : runs)
        f << "<li>" << r.variant << ", seed " << r.seed << ": " << html_escape(r.kernels) << "</li>\n";
    f << "</ul>\n";
}

void write_html_findings(results_file& f, const std::vector<finding>& findings) {
    f << "<h2>The seed's findings</h2>\n";
    for (const auto& fd : findings) {
        using enum mockbn::research::verdict;
        const std::string css = fd.verdict == reproduced       ? "reproduced"
                                : fd.verdict == not_reproduced ? "not"
                                                               : "inconclusive";
        f << "<h3>" << html_escape(fd.claim) << "</h3>\n<p>Verdict: <span class=\"" << css << "\">"
          << mockbn::research::verdict_name(fd.verdict) << "</span></p>\n<p>Evidence: " << html_escape(fd.evidence)
          << "</p>\n<p><i>Rule:</i> " << html_escape(fd.rule) << "</p>\n";
    }
}

// The figures whose scripts were written, with a note when gnuplot failed on some.
void write_html_figures(results_file& f, const fs::path& out, bool figures) {
    f << "<h2>Figures</h2>\n";
    if (!figures)
        f << "<p><b>gnuplot could not draw every figure this time</b> (the study's messages say why); a figure that "
             "failed keeps its previous version, if it had one. The data and scripts are in "
             "<code>figures/</code>.</p>\n";
    const std::pair<const char*, const char*> figure_list[] = {
        {"fig1_shapes",
         "1. The transformations: the fixed ones, and the learnable ones at several parameter settings, "
         "including a negative c for the log-shift with and without the exponential mask."},
        {"fig2_accuracy", "2. Test accuracy against epoch, mean over seeds with a ±1 standard deviation band."},
        {"fig3_train_loss", "3. Training loss against epoch, likewise."},
        {"fig4_histograms", "4. The probe layer before and after the transformation at the end of training."},
        {"fig5_bands", "5. Percentile bands of the probe layer (after the transformation) over the epochs."},
        {"fig6_parameters", "6. Learned parameters over the epochs."},
        {"fig7_features",
         "7. Each feature's own bimodality coefficient at the end of training, against the pooled one: pooling the "
         "features can hide two peaks that each has, or make up two that none has."},
        {"fig8_classes",
         "8. The probe layer after the transformation at the end of training, split by the image's class (stacked; "
         "the top is figure 4's curve): is a peak one class's?"},
        {"fig9_depth", "9. Depth: the pooled coefficient and the features with two peaks at each hidden layer."}};
    for (const auto& [name, caption] : figure_list) {
        if (!fs::exists(out / "figures" / (std::string(name) + ".gp"))) continue;
        f << "<figure><a href=\"figures/" << name << ".svg\"><img src=\"figures/" << name << ".png\" alt=\"" << name
          << "\"></a><figcaption>" << caption << " (<a href=\"figures/" << name
          << ".gp\">script</a>)</figcaption></figure>\n";
    }
}

void write_html(const fs::path& out, const options& o, const std::vector<run_result>& runs,
                const std::vector<variant_summary>& summary, const std::vector<finding>& findings,
                const provenance& where, bool figures) {
    results_file f(out / "report.html");
    write_html_head(f, o, where);
    write_html_summary(f, summary);
    write_html_divergences(f, o, runs);
    write_html_kernels(f, runs);
    write_html_findings(f, findings);
    write_probe_table(f, o, runs);
    write_html_figures(f, out, figures);
    f << "<h2>Data</h2>\n<p><a href=\"metrics.csv\">metrics.csv</a> (per variant, seed and epoch), "
         "<a href=\"probe.csv\">probe.csv</a> (probe statistics and histograms, one row per observation), "
         "<a href=\"features.csv\">features.csv</a> (each feature's own statistics at the last epoch), "
         "<a href=\"classes.csv\">classes.csv</a> (the histograms per class at the last epoch), "
         "<a href=\"params.csv\">params.csv</a> (learned parameters), <a href=\"summary.json\">summary.json</a>; the "
         "figures are drawn from <code>figures/data/</code> by the scripts beside them.</p>\n</body></html>\n";
    f.commit();
}

void write_json(const fs::path& out, const options& o, const std::vector<run_result>& runs,
                const std::vector<variant_summary>& summary, const std::vector<finding>& findings,
                const provenance& where) {
    using nlohmann::json;
    json j;
    // The options as options.json holds them, less where the data was and how many threads ran: neither
    // changes a number.
    j["options"] = json::parse(to_json(o));
    j["options"].erase("data_dir");
    j["options"].erase("threads");
    j["wall_seconds"] = where.wall_seconds;
    j["blas"] = where.blas;
    j["variants"] = summary_json(summary);
    j["divergences"] = json::array();
    for (const auto& r : runs)
        if (!r.divergence.empty())
            j["divergences"].push_back({{"variant", r.variant},
                                        {"seed", r.seed},
                                        {"stopped", r.diverged},
                                        {"epoch", r.diverged_at},
                                        {"rollbacks", r.rollbacks},
                                        {"what", r.divergence}});
    j["kernels"] = json::array();
    for (const auto& r : runs)
        j["kernels"].push_back({{"variant", r.variant}, {"seed", r.seed}, {"kernels", r.kernels}});
    j["findings"] = findings_json(findings);
    results_file f(out / "summary.json");
    f << j.dump(2) << '\n';
    f.commit();
}

}  // namespace

nlohmann::json summary_json(const std::vector<variant_summary>& summary) {
    using nlohmann::json;
    json rows = json::array();
    for (const auto& s : summary) {
        json modes = json::array();
        for (const auto& m : s.modes) modes.push_back({{"location", m.location}, {"height", m.height}});
        rows.push_back({{"variant", s.variant},
                        {"runs", s.runs},
                        {"diverged", s.diverged},
                        {"final_test_accuracy_mean", s.accuracy_mean},
                        {"final_test_accuracy_std", s.accuracy_std},
                        {"epochs_to_97", s.epochs_to_97 < 0 ? json(nullptr) : json(s.epochs_to_97)},
                        {"bimodality_after", s.bimodality},
                        {"modes_after", modes},
                        {"features_bimodal_after", s.features_bimodal},
                        {"range_after", {s.low, s.high}},
                        {"seconds_per_epoch", s.seconds_per_epoch}});
    }
    return rows;
}

nlohmann::json findings_json(const std::vector<finding>& findings) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& f : findings)
        rows.push_back({{"claim", f.claim},
                        {"rule", f.rule},
                        {"evidence", f.evidence},
                        {"verdict", mockbn::research::verdict_name(f.verdict)}});
    return rows;
}

written_report write_report(const options& o, const std::vector<run_result>& runs, const provenance& where) {
    const fs::path out = o.out;
    const fs::path figures = out / "figures";
    fs::create_directories(figures / "data");
    write_tidy(out, runs);
    write_figure_data(figures / "data", o, runs);
    write_shapes(figures / "data");
    const auto summary = summarize(o, runs);
    double top = -INFINITY;
    for (const auto& v : summary) top = std::fmax(top, v.accuracy_mean);
    auto scripts = write_scripts(figures, o, top);
    for (auto& name : write_probe_figures(figures, o, runs)) scripts.push_back(std::move(name));
    const auto findings = judge(o, runs, summary);
    write_json(out, o, runs, summary, findings, where);
    const bool drawn = draw(figures, scripts, "mockbn study");
    if (stop_flag()) return {summary, findings, false};  // the previous report.html stays
    write_html(out, o, runs, summary, findings, where, drawn);
    return {summary, findings, drawn};
}

}  // namespace study
