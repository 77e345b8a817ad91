// The models of a probed layer's shape against constructed inputs: the class-selective-feature mixture
// (research/class_mixture.hpp) and a fixed transformation's output predicted from its input
// (research/shape_prediction.hpp).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include <doctest/doctest.h>

#include <mockbn/analysis/by_label.hpp>
#include <mockbn/analysis/columns.hpp>
#include <mockbn/analysis/histogram.hpp>
#include <mockbn/research/class_mixture.hpp>
#include <mockbn/research/model_readings.hpp>
#include <mockbn/research/shape_prediction.hpp>
#include <mockbn/transforms/fixed.hpp>
#include <mockbn/transforms/learnable.hpp>
#include "thrown.hpp"

namespace research = mockbn::research;
namespace analysis = mockbn::analysis;
using mockbn::testing::problem;

namespace {

// The modes of (1 − share)·N(0, 1) + share·N(d, 1), counted on a fine grid: the closed form's referee.
std::size_t counted_modes(double d, double share) {
    const auto density = [&](double x) {
        return (1 - share) * std::exp(-0.5 * x * x) + share * std::exp(-0.5 * (x - d) * (x - d));
    };
    std::size_t modes = 0;
    double previous = density(-1), slope = 1;
    for (int i = 1; i <= 200000; ++i) {
        const double here = density(-1 + (d + 2) * i / 200000.0);
        if (slope > 0 && here < previous) ++modes;
        if (here != previous) slope = here - previous;
        previous = here;
    }
    return modes;
}

// `rows` rows of one feature per class law (mean, spread), labelled by class, in turn.
struct labelled_values {
    std::vector<double> values;
    std::vector<std::uint8_t> labels;
};
labelled_values draw(const std::vector<std::pair<double, double>>& laws, std::size_t rows, std::uint64_t seed) {
    std::mt19937_64 engine(seed);
    std::normal_distribution<double> normal;
    labelled_values out;
    for (std::size_t r = 0; r < rows; ++r) {
        const std::size_t c = r % laws.size();
        out.values.push_back(laws[c].first + laws[c].second * normal(engine));
        out.labels.push_back(static_cast<std::uint8_t>(c));
    }
    return out;
}

}  // namespace

TEST_CASE("column moments by label: each class's count, mean and spread of each feature, exactly") {
    const std::vector<double> values{1, 10, 3, 20, 5, 30, 7, 40};  // 4 rows × 2 features
    const std::vector<int> labels{0, 1, 0, 1};
    const auto m = analysis::column_moments_by_label(mockbn::matrix_view<const double>{values.data(), 4, 2},
                                                     std::span<const int>(labels), 3);
    CHECK(m.classes == 3);
    CHECK(m.features == 2);
    CHECK(m.counts == std::vector<double>{2, 2, 0});
    CHECK(m.means == std::vector<double>{3, 20, 5, 30, 0, 0});       // rows 0 and 2; rows 1 and 3; none
    CHECK(m.deviations == std::vector<double>{2, 10, 2, 10, 0, 0});  // population spreads
    const std::vector<int> outside{0, 1, 3, 1};
    CHECK(problem([&] {
              analysis::column_moments_by_label(mockbn::matrix_view<const double>{values.data(), 4, 2},
                                                std::span<const int>(outside), 3);
          }).find("row 2 has label 3") != std::string::npos);
}

TEST_CASE("critical separation: 2 spreads at an even share, the closed form against the counted modes elsewhere") {
    CHECK(research::critical_separation(0.5) == doctest::Approx(2).epsilon(1e-9));
    for (const double share : {0.02, 0.1, 0.2, 0.35, 0.65, 0.9}) {
        CAPTURE(share);
        const double d = research::critical_separation(share);
        CHECK(d > 2);
        CHECK(d == doctest::Approx(research::critical_separation(1 - share)).epsilon(1e-9));
        CHECK(counted_modes(d * 0.995, share) == 1);
        CHECK(counted_modes(d * 1.005, share) == 2);
    }
    CHECK(research::critical_separation(0.1) > research::critical_separation(0.2));
    CHECK(problem([] { research::critical_separation(0.0); }).find("the share 0") != std::string::npos);
    CHECK(problem([] { research::critical_separation(1.0); }).find("not inside (0, 1)") != std::string::npos);
}

TEST_CASE("split classes: the cut that best separates a feature's classes, its separation and share") {
    analysis::label_columns m{10, 3, std::vector<double>(10, 100.0), std::vector<double>(30), std::vector<double>(30)};
    for (std::size_t c = 0; c < 10; ++c) {
        m.means[c * 3 + 0] = c >= 8 ? 5 : 0;  // fires for two classes of ten
        m.deviations[c * 3 + 0] = 1;
        m.means[c * 3 + 1] = 0.5;  // fires for none: one law
        m.deviations[c * 3 + 1] = 1;
        m.means[c * 3 + 2] = static_cast<double>(c);  // a ladder of points
    }
    const auto selective = research::split_classes(m, 0);
    CHECK(selective.separation == doctest::Approx(5));
    CHECK(selective.share == doctest::Approx(0.2));
    CHECK(research::split_classes(m, 1).separation == 0);
    const auto ladder = research::split_classes(m, 2);  // cut in the middle; each half's spread is sqrt(2)
    CHECK(ladder.share == doctest::Approx(0.5));
    CHECK(ladder.separation == doctest::Approx(5 / std::sqrt(2.0)));
    const auto cross = research::crossings(m);
    CHECK(cross[0] == doctest::Approx(5 / research::critical_separation(0.2)));
    CHECK(cross[0] > 1);
    CHECK(cross[1] == 0);
    m.means[8 * 3] = m.means[9 * 3] = 2;  // two spreads apart at a share of 0.2: one peak
    CHECK(research::crossings(m)[0] < 1);
}

TEST_CASE("the mixture's predicted histogram: every row counted, and the histogram of values drawn from it") {
    const std::vector<std::pair<double, double>> laws{{-0.5, 0.6}, {-0.4, 0.5}, {-0.6, 0.7}, {2.5, 0.8}};
    const auto drawn = draw(laws, 200000, 11);
    const mockbn::matrix_view<const double> values{drawn.values.data(), drawn.values.size(), 1};
    const auto m = analysis::column_moments_by_label(values, std::span<const std::uint8_t>(drawn.labels), 4);
    const auto predicted = research::mixture_histogram(m, -12, 12, 240);
    CHECK(predicted.total() == doctest::Approx(200000).epsilon(1e-9));
    const auto measured = analysis::make_histogram(std::span<const double>(drawn.values), -12, 12, 240);
    CHECK(research::detail::total_variation(predicted, measured) < 0.01);
    const auto modes = analysis::main_modes(predicted);
    REQUIRE(modes.size() == 2);
    CHECK(modes[0].location == doctest::Approx(-0.5).epsilon(0.1));
    CHECK(modes[1].location == doctest::Approx(2.5).epsilon(0.05));
    CHECK(research::crossings(m)[0] > 1);
}

TEST_CASE("a fixed transformation's output predicted from its input's normal laws, against values drawn from them") {
    static_assert(research::fixed_function<mockbn::mystery>);
    static_assert(!research::fixed_function<mockbn::log_shift>);
    const std::vector<std::pair<double, double>> inputs{{0.0, 1.0}, {3.0, 2.0}, {-4.0, 0.5}, {0.5, 5.0}};
    std::vector<analysis::column_description> features;
    std::vector<std::vector<double>> drawn;
    for (std::size_t j = 0; j < inputs.size(); ++j) {
        drawn.push_back(draw({inputs[j]}, 100000, 20 + j).values);
        features.push_back({analysis::description{100000, inputs[j].first, inputs[j].second}, {}});
    }
    const auto check = [&]<class Policy>(Policy) {
        INFO(Policy::name);
        std::vector<double> outputs;
        for (const auto& column : drawn)
            for (const double x : column) outputs.push_back(research::detail::image_of<Policy>(x));
        const auto predicted = research::pushed_histogram<Policy>(features, -12, 12, 240);
        CHECK(predicted.total() == doctest::Approx(400000).epsilon(1e-9));
        CHECK(research::detail::total_variation(
                  predicted, analysis::make_histogram(std::span<const double>(outputs), -12, 12, 240)) < 0.01);
    };
    check(mockbn::sqrt_fixed{});
    check(mockbn::log_fixed{});
    check(mockbn::sigmoid_log{});
    check(mockbn::affine_fixed{});
    check(mockbn::mystery{});
    // A linear function keeps the normal law: the predicted bins are its masses.
    const auto linear = research::pushed_histogram<mockbn::affine_fixed>(std::span(features).first(1), -12, 12, 240);
    for (std::size_t b = 100; b < 140; ++b) {
        const double lo = linear.low + b * linear.width(), hi = lo + linear.width();
        const auto cdf = [](double y) { return 0.5 * std::erfc(-(3 * y + 1) / std::sqrt(2.0)); };  // x = 3y + 1
        CHECK(linear.counts[b] == doctest::Approx(100000 * (cdf(hi) - cdf(lo))).epsilon(1e-3));
    }
}

TEST_CASE("the models read off a run's records: the class model's shape beside the measured one, the law's terms") {
    // One feature, four classes: three "off" near -0.5, one "on" at 2.5, as a probe would record it.
    const auto drawn = draw({{-0.5, 0.6}, {-0.4, 0.5}, {-0.6, 0.7}, {2.5, 0.8}}, 40000, 31);
    const mockbn::matrix_view<const double> values{drawn.values.data(), drawn.values.size(), 1};
    research::run_records r;
    research::stage_record after;
    after.epoch = 3;
    after.layer = 4;
    after.stage = "after";
    after.histogram = analysis::make_histogram(std::span<const double>(drawn.values), -12, 12, 240);
    r.stages.push_back(after);
    r.class_features.push_back(
        {3, 4, analysis::column_moments_by_label(values, std::span<const std::uint8_t>(drawn.labels), 4)});
    const research::thresholds t;
    const auto reading = research::class_reading(r, 4, 3, t);
    REQUIRE(reading.has_value());
    CHECK(reading->share_crossing == 1);
    CHECK(reading->median_crossing > 1);
    CHECK(reading->shape.predicted_sides == reading->shape.measured_sides);
    CHECK(reading->shape.measured_sides == -1);  // the "off" peak below zero is the higher
    CHECK(reading->shape.variation < 0.02);
    CHECK_FALSE(research::class_reading(r, 4, 2, t).has_value());                   // an epoch not recorded
    CHECK_FALSE(research::shape_reading<mockbn::mystery>(r, 4, 3, t).has_value());  // no stage before

    // sqrt_shift per feature, two units, κ = 10: a − κ‖w_j‖²/2, averaged over the units.
    r.units.push_back({0, 3, {1, 1}, {2.0, 4.0}, {0.0, 0.0, 0.1, 0.2}});  // a = 0, 0; b = 0.1, 0.2
    r.units.push_back({1, 3, {1, 1}, {2.5, 4.5}, {0.3, 0.1, 0.1, 0.2}});
    r.units.push_back({1, 2, {1, 1}, {9.0, 9.0}, {}});  // another layer, no transformation
    const auto law = research::law_reading<mockbn::sqrt_shift>(r, 3, 10);
    REQUIRE(law.size() == 2);
    CHECK(law[0].epoch == 0);
    CHECK(law[0].scale_term == 0);
    CHECK(law[0].weight_term == doctest::Approx(10.0 / 2 * 3.0));
    CHECK(law[1].scale_term == doctest::Approx(0.2));
    CHECK(law[1].weight_term == doctest::Approx(10.0 / 2 * 3.5));
    CHECK(law[1].law() - law[0].law() == doctest::Approx(0.2 - 2.5));
    // log_shift shared (one a, b, c for the layer): a² − κ Σ_j ‖w_j‖².
    r.units.push_back({2, 5, {1, 1, 1}, {1.0, 2.0, 3.0}, {1.5, 0.0, 0.0}});
    const auto shared = research::law_reading<mockbn::log_shift>(r, 5, 2);
    REQUIRE(shared.size() == 1);
    CHECK(shared[0].scale_term == doctest::Approx(2.25));
    CHECK(shared[0].weight_term == doctest::Approx(2 * 6.0));
}
