// The study's report.html: the set-up, the summary, the divergences and
// kernels, the reproduction ledger of the original study, the probe
// table and the figures (report_parts.hpp).
#include <algorithm>
#include <string>
#include <vector>

#include "folder.hpp"
#include "probes.hpp"
#include "report_models.hpp"
#include "report_parts.hpp"
#include "report_probes.hpp"
#include "report_text.hpp"
#include "variants.hpp"

namespace study {

namespace fs = std::filesystem;
using mockbn::analysis::mode;

namespace {

std::string modes_text(const std::vector<mode>& modes) {
    if (modes.empty()) return "none";
    std::string text;
    for (const auto& m : modes)
        text += (text.empty() ? "" : "; ") + fixed(m.location, 2) + " (height " + fixed(m.height, 3) + ")";
    return text;
}

// The page's head and its first paragraph: the network, the training and where it ran.
void write_html_head(results_file& f, const options& o, const provenance& where) {
    f << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>mockbn study: "
      << mockbn::research::name_of(o.dataset) << "</title>\n<style>" << page_style << "</style></head><body>\n";
    f << "<h1>Batch normalization and its mocks: "
      << (o.dataset == mockbn::research::dataset::mnist ? "MNIST" : "Fashion-MNIST") << "</h1>\n";
    f << "<p>Network: " << o.depth << " hidden dense layers of width " << o.width << " with "
      << (o.activation == mockbn::research::activation_kind::selu ? "SELU" : "ReLU")
      << ", the transformation on hidden layer(s)";
    for (auto h : o.placement) f << ' ' << h;
    f << (o.shared ? " (one shared scalar per parameter and layer)" : " (parameters per feature)") << "; "
      << training_text(o) << ", batch " << o.batch << ", " << o.epochs << " epochs, " << o.seeds.size()
      << " seed(s); probe: "
      << (o.probe_layer == every_hidden_layer
              ? "every hidden layer (the verdicts, the summary and figures 4 and 5 read layer " +
                    std::to_string(verdict_layer(o)) + ", the deepest transformed one)"
              : "hidden layer " + std::to_string(o.probe_layer))
      << " on " << o.probe_images << " " << probe_images_text(o) << data_subset_text(o) << ". Wall time "
      << fixed(where.wall_seconds, 1) << " s"
      << (where.invocations.size() > 1 ? " over " + std::to_string(where.invocations.size()) + " invocations" : "")
      << "; BLAS: " << html_escape(where.blas) << ".</p>\n";
}

bool is_control(const std::string& variant) { return variants().find(variant)->role == mockbn::variant_role::control; }

std::string control_mark(const std::string& variant) { return is_control(variant) ? " (control)" : ""; }

// `curve`: the set whose accuracy the epochs to 97 % read, "validation" or (without a validation set) "test".
void write_html_summary(results_file& f, const std::vector<variant_summary>& summary, const std::string& curve) {
    f << "<h2>Summary</h2>\n<table><tr><th>variant</th><th>final validation accuracy</th>"
         "<th>final test accuracy</th><th>epochs to 97 % ("
      << curve
      << ")</th>"
         "<th>bimodality (after)</th><th>main modes (after)</th><th>features with two peaks (after)</th>"
         "<th>range (after)</th><th>s / epoch</th><th>runs</th></tr>\n";
    for (const auto& s : summary)
        f << "<tr><td>" << s.variant << control_mark(s.variant) << "</td><td>"
          << accuracy_text(s.validation_mean, s.validation_std) << "</td><td>"
          << accuracy_text(s.accuracy_mean, s.accuracy_std) << "</td><td>"
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
        f << "<p>A control is a baseline beside the original study's variants (docs/transformations.md): it is in this "
             "table "
             "and the figures, and in none of the findings' rules.</p>\n";
}

// The runs that went non-finite, if any.
void write_html_divergences(results_file& f, const options& o, const std::vector<run_result>& runs) {
    if (std::none_of(runs.begin(), runs.end(), [](const run_result& r) { return !r.divergence.empty(); })) return;
    f << "<h2>Divergences</h2>\n<p>Runs whose loss or gradient went non-finite (policy: "
      << mockbn::research::name_of(o.on_divergence)
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
        {"fig9_depth", "9. Depth: the pooled coefficient and the features with two peaks at each hidden layer."},
        {"fig10_detection",
         "10. The positive control of claim 1's rule: how often it fires on synthetic layers of the probe's size "
         "against the separation of their clusters."},
        {"fig11_models",
         "11. Each feature as a mixture of its classes: the median feature's separation over the separation two "
         "peaks need, and the share of features past it, epoch by epoch."},
        {"fig12_conservation",
         "12. The conservation law's two terms: the change of the output-scale term and of the weight term since "
         "the start (equal under gradient flow; plain gradient descent at a small rate keeps them close)."}};
    for (const auto& [name, caption] : figure_list) {
        if (!fs::exists(out / "figures" / (std::string(name) + ".gp"))) continue;
        f << "<figure><a href=\"figures/" << name << ".svg\"><img src=\"figures/" << name << ".png\" alt=\"" << name
          << "\"></a><figcaption>" << caption << " (<a href=\"figures/" << name
          << ".gp\">script</a>)</figcaption></figure>\n";
    }
}

}  // namespace

void write_html(const fs::path& out, const options& o, const std::vector<run_result>& runs,
                const std::vector<variant_summary>& summary, const std::vector<block>& ledger, const provenance& where,
                bool figures) {
    results_file f(out / "report.html");
    write_html_head(f, o, where);
    write_html_summary(f, summary, o.validation > 0 ? "validation" : "test");
    write_html_divergences(f, o, runs);
    write_html_kernels(f, runs);
    f << to_html(ledger);
    write_probe_table(f, o, runs);
    write_model_table(f, o, runs);
    write_html_figures(f, out, figures);
    f << "<h2>Data</h2>\n<p><a href=\"metrics.csv\">metrics.csv</a> (per variant, seed and epoch), "
         "<a href=\"probe.csv\">probe.csv</a> (probe statistics and histograms, one row per observation), "
         "<a href=\"features.csv\">features.csv</a> (each feature's own statistics at the last epoch), "
         "<a href=\"classes.csv\">classes.csv</a> (the histograms per class at the last epoch), "
         "<a href=\"params.csv\">params.csv</a> (learned parameters), <a href=\"models.csv\">models.csv</a> and "
         "<a href=\"conservation.csv\">conservation.csv</a> (the models), <a href=\"summary.json\">summary.json</a>, "
         "<a href=\"ledger.md\">ledger.md</a> (the ledger above, as Markdown); the "
         "figures are drawn from <code>figures/data/</code> by the scripts beside them.</p>\n</body></html>\n";
    f.commit();
}

}  // namespace study
