// The gnuplot scripts of the study's figures 1 to 6 (report_parts.hpp).
#include <string>
#include <vector>

#include "gnuplot.hpp"
#include "report_parts.hpp"
#include "report_text.hpp"
#include "variants.hpp"

namespace study {

namespace fs = std::filesystem;

namespace {

std::string variant_list(const options& o) {
    std::string list;
    for (const auto& v : o.variants) list += (list.empty() ? "" : " ") + v;
    return list;
}

bool has_parameters(const std::string& variant) { return variants().find(variant)->learnable; }

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

// `variants` is the gnuplot line that lists them; the curve is the validation set's, or the test set's in runs
// recorded without one (curves_*.csv: columns 6 and 7, or 10 and 11).
void write_accuracy_script(const fs::path& dir, const std::string& variants, double top_accuracy, bool validated) {
    const std::string set = validated ? "validation" : "test", mean = validated ? "6" : "10",
                      spread = validated ? "7" : "11";
    // The zoomed panel shows the 0.05 below the best final accuracy.
    const double zoom_floor = std::isfinite(top_accuracy) ? std::floor((top_accuracy - 0.05) * 100) / 100 : 0.9;
    write_script(dir, "fig2_accuracy", "1300,600",
                 "  " + variants + "  set multiplot layout 1,2 title '" + (validated ? "Validation" : "Test") +
                     " accuracy (mean over seeds, band: ±1 standard deviation)'\n"
                     "  set xlabel 'epoch'; set ylabel '" +
                     set +
                     " accuracy'; set key right bottom font ',8'\n"
                     "  do for [zoom=0:1] {\n"
                     "    if (zoom == 1) { set title 'the top of the scale'; set yrange [" +
                     number(zoom_floor) + ":" + number(std::min(1.0, zoom_floor + 0.06)) +
                     "] } else { set title 'all variants'; set yrange [0:1] }\n"
                     "    plot for [i=1:words(variants)] 'data/curves_'.word(variants,i).'.csv' using 1:($" +
                     mean + "-$" + spread + "):($" + mean + "+$" + spread +
                     ") with filledcurves fs transparent solid 0.15 lc i notitle, \\\n"
                     "         for [i=1:words(variants)] 'data/curves_'.word(variants,i).'.csv' using 1:" +
                     mean +
                     " with linespoints "
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
            "  plot for [i=1:words(variants)] 'data/curves_'.word(variants,i).'.csv' using 1:($2-$3):($2+$3) with "
            "filledcurves fs transparent solid 0.15 lc i notitle, \\\n"
            "       for [i=1:words(variants)] 'data/curves_'.word(variants,i).'.csv' using 1:2 with linespoints "
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

}  // namespace

std::vector<std::string> write_scripts(const fs::path& dir, const options& o, double top_accuracy) {
    const std::string variants = "variants = '" + variant_list(o) + "'\n";
    write_shapes_script(dir);
    write_accuracy_script(dir, variants, top_accuracy, o.validation > 0);
    write_loss_script(dir, variants);
    write_probe_scripts(dir, variants, o.variants.size());
    std::vector<std::string> names = {"fig1_shapes", "fig2_accuracy", "fig3_train_loss", "fig4_histograms",
                                      "fig5_bands"};
    if (write_parameters_script(dir, o)) names.push_back("fig6_parameters");
    return names;
}

}  // namespace study
