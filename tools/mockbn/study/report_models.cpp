#include "report_models.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <utility>

#include <mockbn/research/model_readings.hpp>
#include <mockbn/transforms/registry.hpp>

#include "folder.hpp"
#include "gnuplot.hpp"
#include "probes.hpp"
#include "report_text.hpp"

namespace study {

namespace fs = std::filesystem;
using namespace mockbn::research;

namespace {

bool in_registry(const std::string& v) {
    const auto names = mockbn::variant_names();
    return std::find(names.begin(), names.end(), v) != names.end();
}

bool has_law(const std::string& v) {
    return in_registry(v) && mockbn::with_variant(v, []<class V>() { return scales_its_output<typename V::policy>; });
}

// The epochs at which a run recorded the verdict layer's features by class, ascending.
std::vector<std::size_t> class_epochs(const run_result& r, std::size_t layer) {
    std::vector<std::size_t> epochs;
    for (const auto& c : r.class_features)
        if (c.layer == layer) epochs.push_back(c.epoch);
    return epochs;
}

// Means over seeds, by epoch.
using by_epoch = std::map<std::size_t, std::pair<double, std::size_t>>;
void add(by_epoch& sums, std::size_t epoch, double value) {
    if (!std::isfinite(value)) return;
    auto& [sum, count] = sums[epoch];
    sum += value;
    ++count;
}
double mean_at(const by_epoch& sums, std::size_t epoch) {
    const auto found = sums.find(epoch);
    return found == sums.end() ? NAN : found->second.first / static_cast<double>(found->second.second);
}

void write_crossing_data(const fs::path& dir, const std::string& v, const std::vector<const run_result*>& mine,
                         std::size_t layer) {
    by_epoch median, share;
    for (const auto* r : mine)
        for (const std::size_t e : class_epochs(*r, layer))
            if (const auto reading = class_reading(*r, layer, e, thresholds{})) {
                add(median, e, reading->median_crossing);
                add(share, e, reading->share_crossing);
            }
    results_file f(dir / ("models_" + v + ".csv"));
    f << "epoch,median_crossing,share_crossing\n";
    for (const auto& [e, unused] : median)
        f << e << ',' << number(mean_at(median, e)) << ',' << number(mean_at(share, e)) << '\n';
    f.commit();
}

void write_law_data(const fs::path& dir, const std::string& v, const std::vector<const run_result*>& mine,
                    std::size_t layer, double kappa) {
    by_epoch scale, weight;
    for (const auto* r : mine)
        if (const auto law = law_of(v, *r, layer, kappa); law && !law->empty())
            for (const auto& p : *law) {
                add(scale, p.epoch, p.scale_term - law->front().scale_term);
                add(weight, p.epoch, p.weight_term - law->front().weight_term);
            }
    results_file f(dir / ("law_" + v + ".csv"));
    f << "epoch,scale_change,weight_change\n";
    for (const auto& [e, unused] : scale)
        f << e << ',' << number(mean_at(scale, e)) << ',' << number(mean_at(weight, e)) << '\n';
    f.commit();
}

std::string words(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : " ") + n;
    return text;
}

}  // namespace

// A fixed shape's output predicted from its input, for a variant whose transformation is one.
std::optional<predicted_shape> fixed_reading(const std::string& v, const run_result& r, std::size_t layer,
                                             std::size_t epoch) {
    if (!in_registry(v)) return std::nullopt;
    return mockbn::with_variant(v, [&]<class V>() -> std::optional<predicted_shape> {
        using P = typename V::policy;
        constexpr bool fixed =
            V::role == mockbn::variant_role::fixed_shape || V::role == mockbn::variant_role::fixed_affine;
        if constexpr (fixed && fixed_function<P>) return shape_reading<P>(r, layer, epoch, thresholds{});
        else return std::nullopt;
    });
}

// The conservation law's terms epoch by epoch, for a variant whose transformation scales its output.
std::optional<std::vector<law_point>> law_of(const std::string& v, const run_result& r, std::size_t layer,
                                             double kappa) {
    if (!in_registry(v)) return std::nullopt;
    return mockbn::with_variant(v, [&]<class V>() -> std::optional<std::vector<law_point>> {
        if constexpr (scales_its_output<typename V::policy>) return law_reading<typename V::policy>(r, layer, kappa);
        else return std::nullopt;
    });
}

// The layer whose law the figure and table show: the verdict layer when transformed, else the deepest placed.
std::size_t law_layer(const options& o) {
    const std::size_t v = verdict_layer(o);
    return std::find(o.placement.begin(), o.placement.end(), v) != o.placement.end() ? v : o.placement.back();
}

void write_model_rows(std::ostream& f, const options& o, const run_result& r, const std::string& prefix,
                      bool every_epoch) {
    if (r.diverged) return;
    const std::size_t layer = verdict_layer(o);
    for (const std::size_t e : class_epochs(r, layer)) {
        if (!every_epoch && e != o.epochs) continue;
        const auto reading = class_reading(r, layer, e, thresholds{});
        if (!reading) continue;
        const auto shape = fixed_reading(r.variant, r, layer, e);
        f << prefix << r.variant << ',' << r.seed << ',' << layer << ',' << e << ',' << number(reading->share_crossing)
          << ',' << number(reading->median_crossing) << ',' << reading->shape.predicted_sides << ','
          << reading->shape.measured_sides << ',' << number(reading->shape.variation) << ','
          << (shape ? std::to_string(shape->predicted_sides) : "") << ',' << (shape ? number(shape->variation) : "")
          << '\n';
    }
}

void write_law_rows(std::ostream& f, const options& o, const run_result& r, const std::string& prefix) {
    if (r.diverged) return;
    for (const std::size_t h : o.placement)
        if (const auto law = law_of(r.variant, r, h, o.transform_lr_scale))
            for (const auto& p : *law)
                f << prefix << r.variant << ',' << r.seed << ',' << h << ',' << p.epoch << ',' << number(p.scale_term)
                  << ',' << number(p.weight_term) << ',' << number(p.law()) << '\n';
}

void write_model_tables(const fs::path& out, const options& o, const std::vector<run_result>& runs) {
    results_file models(out / "models.csv"), laws(out / "conservation.csv");
    models << model_columns << '\n';
    laws << law_columns << '\n';
    for (const auto& v : o.variants)
        for (const auto* r : healthy_runs(runs, v)) {
            write_model_rows(models, o, *r, "", true);
            write_law_rows(laws, o, *r, "");
        }
    models.commit();
    laws.commit();
}

std::vector<std::string> write_model_figures(const fs::path& figures, const options& o,
                                             const std::vector<run_result>& runs) {
    const std::size_t layer = verdict_layer(o);
    for (const auto& v : o.variants) write_crossing_data(figures / "data", v, healthy_runs(runs, v), layer);
    const std::string lines = " with linespoints lw 2 lc i title word(variants,i)";
    write_script(figures, "fig11_models", "1300,520",
                 "  variants = '" + words(o.variants) + "'\n  set multiplot layout 1,2 title 'Hidden layer " +
                     std::to_string(layer) +
                     " after the transformation: each feature as a mixture of its classes (mean over seeds)'\n"
                     "  set xlabel 'epoch'; set key top left font ',8'; set yrange [0:*]\n"
                     "  set title \"the median feature's separation over the separation two peaks need\"\n"
                     "  plot for [i=1:words(variants)] 'data/models_'.word(variants,i).'.csv' using 1:2" +
                     lines +
                     ", 1 with lines dt 3 lc rgb '#777777' title 'two peaks'\n"
                     "  set title 'share of features past it'; set yrange [0:1]\n"
                     "  plot for [i=1:words(variants)] 'data/models_'.word(variants,i).'.csv' using 1:3" +
                     lines + "\n  unset yrange\n");
    std::vector<std::string> names{"fig11_models"};
    std::vector<std::string> lawful;
    for (const auto& v : o.variants)
        if (has_law(v)) lawful.push_back(v);
    if (lawful.empty()) return names;
    const std::size_t h = law_layer(o);
    for (const auto& v : lawful) write_law_data(figures / "data", v, healthy_runs(runs, v), h, o.transform_lr_scale);
    const std::string grid = "1," + std::to_string(lawful.size());
    write_script(figures, "fig12_conservation", std::to_string(420 * lawful.size()) + ",420",
                 "  variants = '" + words(lawful) + "'\n  set multiplot layout " + grid + " title 'Hidden layer " +
                     std::to_string(h) + ": the two terms of the conservation law, equal changes where it holds (κ = " +
                     number(o.transform_lr_scale) +
                     "; change since the start, mean over units and seeds)'\n"
                     "  set xlabel 'epoch'; set key top left font ',8'\n"
                     "  do for [v in variants] {\n"
                     "    set title v\n"
                     "    plot 'data/law_'.v.'.csv' using 1:2 with linespoints lw 2 title 'output-scale term', "
                     "'' using 1:3 with linespoints lw 2 dt 2 title 'weight term'\n"
                     "  }\n");
    names.push_back("fig12_conservation");
    return names;
}

void write_model_table(std::ostream& html, const options& o, const std::vector<run_result>& runs) {
    const std::size_t layer = verdict_layer(o), h = law_layer(o);
    html << "<h2>Models of the probed layer</h2>\n<p>At the end of training, hidden layer " << layer
         << " after the transformation. <b>Classes</b>: each feature taken as a mixture of one normal law per "
            "class of the probe images; a feature is past its critical separation when its classes split into an "
            "\"off\" and an \"on\" group far enough apart for two peaks (figure 11). The pooled histogram this "
            "mixture predicts is set beside the measured one: their peak sides (two peaks across zero, the higher "
            "below: −1, above: +1; else 0) and the total variation between them. <b>Fixed shapes</b>: the output "
            "predicted from each feature's input mean and spread alone. <b>Conservation</b> (hidden layer "
         << h
         << "): the change over training of the output-scale term and of the weight term, which plain gradient "
            "descent keeps equal (figure 12). Means over the seeds that did not diverge; no verdict reads these "
            "columns.</p>\n<table><tr><th>variant</th><th>features past their critical separation</th><th>class "
            "model's peak sides as measured</th><th>total variation</th><th>fixed shape predicted from its "
            "input</th><th>output-scale term: change</th><th>weight term: change</th></tr>\n";
    for (const auto& v : o.variants) {
        const auto mine = healthy_runs(runs, v);
        double share = 0, variation = 0, scale = 0, weight = 0;
        std::size_t read = 0, agree = 0, shaped = 0, shape_agree = 0, laws = 0;
        for (const auto* r : mine) {
            if (const auto c = class_reading(*r, layer, o.epochs, thresholds{})) {
                ++read;
                share += c->share_crossing;
                variation += c->shape.variation;
                agree += c->shape.predicted_sides == c->shape.measured_sides;
            }
            if (const auto s = fixed_reading(v, *r, layer, o.epochs)) {
                ++shaped;
                shape_agree += s->predicted_sides == s->measured_sides;
            }
            if (const auto law = law_of(v, *r, h, o.transform_lr_scale); law && law->size() > 1) {
                ++laws;
                scale += law->back().scale_term - law->front().scale_term;
                weight += law->back().weight_term - law->front().weight_term;
            }
        }
        const auto mean = [](double sum, std::size_t n) { return n ? sum / static_cast<double>(n) : NAN; };
        html << "<tr><td>" << v << "</td><td>" << fixed(100 * mean(share, read), 0) << " %</td><td>" << agree << " of "
             << read << "</td><td>" << fixed(mean(variation, read), 3) << "</td><td>"
             << (shaped ? std::to_string(shape_agree) + " of " + std::to_string(shaped) + " agree" : "") << "</td><td>"
             << (laws ? fixed(mean(scale, laws), 3) : "") << "</td><td>" << (laws ? fixed(mean(weight, laws), 3) : "")
             << "</td></tr>\n";
    }
    html << "</table>\n";
}

}  // namespace study
