// The data files the study's figures are drawn from (figures/data/): per
// variant its curves, histograms and parameters over the seeds, and the
// transformations' shapes (report_parts.hpp).
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include <mockbn/analysis/statistics.hpp>
#include <mockbn/core/dual.hpp>
#include <mockbn/research/summary.hpp>
#include <mockbn/transforms.hpp>

#include "folder.hpp"
#include "probes.hpp"
#include "report_parts.hpp"
#include "report_text.hpp"

namespace study {

namespace fs = std::filesystem;
using mockbn::research::mean_of;
using mockbn::research::runs_of;
using mockbn::research::spread_of;
using mockbn::research::summed_histogram;

namespace {

// A column's mean and spread over the seeds, as two CSV fields.
std::string mean_and_spread(const std::vector<double>& values) {
    return ',' + number(mean_of(values)) + ',' + number(spread_of(values));
}

// Per epoch: the losses and accuracies (mean and spread over seeds; the test set's only at the epochs it was
// evaluated, NaN elsewhere), and the mean percentiles after the transformation.
void write_curves(const fs::path& dir, const std::string& v, const std::vector<const run_result*>& mine,
                  std::size_t epochs, std::size_t layer) {
    results_file curves(dir / ("curves_" + v + ".csv"));
    curves << "epoch,train_loss_mean,train_loss_std,validation_loss_mean,validation_loss_std,"
              "validation_accuracy_mean,validation_accuracy_std,test_loss_mean,test_loss_std,test_accuracy_mean,"
              "test_accuracy_std\n";
    results_file bands(dir / ("bands_" + v + ".csv"));
    bands << "epoch";
    for (double p : mockbn::analysis::band_percentiles) bands << ",p" << number(p);
    bands << '\n';
    constexpr double epoch_record::*columns[] = {&epoch_record::train_loss, &epoch_record::validation_loss,
                                                 &epoch_record::validation_accuracy, &epoch_record::test_loss,
                                                 &epoch_record::test_accuracy};
    for (std::size_t epoch = 1; epoch <= epochs; ++epoch) {
        std::vector<std::vector<double>> values(std::size(columns));
        std::vector<std::vector<double>> percentile(std::size(mockbn::analysis::band_percentiles));
        for (const auto* r : mine) {
            for (const auto& e : r->epochs)
                if (e.epoch == epoch)
                    for (std::size_t c = 0; c < std::size(columns); ++c) values[c].push_back(e.*columns[c]);
            if (const auto* s = find_stage(*r, layer, epoch, "after"))
                for (std::size_t i = 0; i < s->percentiles.size(); ++i) percentile[i].push_back(s->percentiles[i]);
        }
        if (values[0].empty()) continue;
        curves << epoch;
        for (const auto& column : values) curves << mean_and_spread(column);
        curves << '\n';
        bands << epoch;
        for (const auto& p : percentile) bands << ',' << number(mean_of(p));
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

}  // namespace

void write_figure_data(const fs::path& dir, const options& o, const std::vector<run_result>& runs) {
    fs::create_directories(dir);
    for (const auto& v : o.variants) {
        const auto mine = runs_of(runs, v);
        write_curves(dir, v, mine, o.epochs, verdict_layer(o));
        write_histograms(dir, v, mine, o.epochs, verdict_layer(o));
        write_parameters(dir, v, mine, o.epochs);
    }
}

namespace {

// The transformations' shapes on [−6, 6], from the library's own formulas.
template <class P, class... Parameters>
double shape_at(double x, Parameters... p) {
    using d = mockbn::ad::dual<double, 0>;
    return P::apply(d{x, {}}, d{static_cast<double>(p), {}}...).value;
}

}  // namespace

// The fixed variants' shapes, then the learnable ones' at ten parameter settings.
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

}  // namespace study
