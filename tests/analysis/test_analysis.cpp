// Histograms, percentiles, moments, Sarle's coefficient and modes on
// distributions whose answers are known.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/analysis.hpp"
#include "mockbn/core/random.hpp"

using namespace mockbn;
using namespace mockbn::analysis;

namespace {

constexpr std::size_t n = 200000;

std::vector<double> normal_sample(double mean, double deviation, std::size_t count, std::uint64_t seed) {
    random::generator g(seed);
    std::vector<double> v(count);
    for (double& x : v) x = mean + deviation * g.normal();
    return v;
}

}  // namespace

TEST_CASE("histogram: fixed bins, values outside and non-finite ones counted apart") {
    const std::vector<double> v{-1.0, 0.0, 0.49, 0.5, 1.99, 2.0, 7.0, NAN, INFINITY};
    const auto h = make_histogram(std::span<const double>(v), 0.0, 2.0, 4);
    CHECK(h.counts == std::vector<double>{2, 1, 0, 1});
    CHECK(h.below == 1);
    CHECK(h.above == 2);
    CHECK(h.not_finite == 2);
    CHECK(h.total() == 9);
    CHECK(h.center(1) == 0.75);
    CHECK_THROWS_AS(make_histogram(std::span<const double>(v), 1.0, 1.0, 4), std::invalid_argument);
}

TEST_CASE("percentiles interpolate linearly between order statistics") {
    const std::vector<double> v{5, 1, 4, 2, 3};
    const std::vector<double> ps{0, 10, 25, 50, 100};
    CHECK(percentiles(std::span<const double>(v), std::span<const double>(ps)) == std::vector<double>{1, 1.4, 2, 3, 5});
    std::vector<double> ramp(101);
    for (int i = 0; i <= 100; ++i) ramp[i] = 100 - i;
    const auto bands = percentiles(std::span<const double>(ramp), std::span<const double>(band_percentiles));
    for (std::size_t i = 0; i < bands.size(); ++i)
        CHECK(bands[i] == doctest::Approx(band_percentiles[i]).epsilon(1e-12));
}

TEST_CASE("percentiles are the order statistics a full sort gives: ties, infinities, one value, extreme ranges") {
    const std::vector<double> ps{0, 0.01, 7, 16, 31, 50, 50.5, 69, 84, 93, 99.99, 100};
    const auto by_sorting = [&](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        std::vector<double> out;
        for (const double p : ps) {
            const double rank = p / 100 * static_cast<double>(v.size() - 1);
            const auto below = static_cast<std::size_t>(std::floor(rank));
            const std::size_t above = std::min(below + 1, v.size() - 1);
            const double fraction = rank - std::floor(rank);
            out.push_back(fraction == 0 ? v[below] : v[below] + fraction * (v[above] - v[below]));
        }
        return out;
    };
    const double inf = std::numeric_limits<double>::infinity(), tiny = std::numeric_limits<double>::denorm_min();
    random::generator g(7);
    std::vector<double> normal(100000), ties(100000), wide(5000), narrow(5000);
    for (double& x : normal) x = g.normal();
    for (double& x : ties) x = std::floor(4 * g.uniform());  // four values, each a quarter of the sample
    for (double& x : wide) x = g.uniform() < 0.5 ? -1e308 : 1e308 * g.uniform();  // max − min overflows
    for (double& x : narrow) x = tiny * static_cast<double>(g.below(3));          // min … max spans 2 subnormals
    std::vector<double> infinite = normal;
    infinite[3] = infinite[70] = -inf;
    infinite[5] = inf;
    for (const auto* v : {&normal, &ties, &wide, &narrow, &infinite}) {
        const auto got = percentiles(std::span<const double>(*v), std::span<const double>(ps));
        const auto want = by_sorting(*v);
        for (std::size_t i = 0; i < ps.size(); ++i) {
            CAPTURE(ps[i]);
            CHECK((got[i] == want[i] || (std::isnan(got[i]) && std::isnan(want[i]))));
        }
    }
    const std::vector<double> one{2.5}, all_infinite{inf, -inf, inf};
    CHECK(percentiles(std::span<const double>(one), std::span<const double>(ps)) ==
          std::vector<double>(ps.size(), 2.5));
    const auto extremes = percentiles(std::span<const double>(all_infinite), std::span<const double>(ps));
    CHECK(extremes.front() == -inf);
    CHECK(extremes.back() == inf);
}

TEST_CASE("moments by hand on a small sample") {
    const std::vector<double> v{-1, 0, 0, 3};  // mean 0.5; deviations −1.5, −0.5, −0.5, 2.5
    const auto d = describe(std::span<const double>(v));
    CHECK(d.mean == 0.5);
    CHECK(d.fraction_below_zero == 0.25);
    const double m2 = (2.25 + 0.25 + 0.25 + 6.25) / 4, m3 = (-3.375 - 0.125 - 0.125 + 15.625) / 4,
                 m4 = (5.0625 + 0.0625 + 0.0625 + 39.0625) / 4;
    CHECK(d.deviation == doctest::Approx(std::sqrt(m2)).epsilon(1e-15));
    CHECK(d.skewness == doctest::Approx(m3 / std::pow(m2, 1.5)).epsilon(1e-14));
    CHECK(d.excess_kurtosis == doctest::Approx(m4 / (m2 * m2) - 3).epsilon(1e-14));
    const double g = m3 / std::pow(m2, 1.5), k = m4 / (m2 * m2) - 3;
    CHECK(d.bimodality == doctest::Approx((g * g + 1) / (k + 3.0 * 9 / (2 * 1))).epsilon(1e-14));
}

TEST_CASE("a normal sample: coefficient near 1/3, one mode at the mean with the normal's height") {
    const auto v = normal_sample(0.0, 1.0, n, 1);
    const auto d = describe(std::span<const double>(v));
    CHECK(d.bimodality == doctest::Approx(1.0 / 3).epsilon(0.03));
    CHECK(d.fraction_below_zero == doctest::Approx(0.5).epsilon(0.01));
    const auto h = make_histogram(std::span<const double>(v), -6, 6, 120);
    const auto modes = main_modes(h);
    REQUIRE(modes.size() == 1);
    CHECK(std::fabs(modes[0].location) < 0.1);
    // The rule of thumb's kernel: 0.9 σ n^(-1/5) wide, in bins of 0.1 (σ = 1 here; the histogram's own estimate).
    const double kernel = mockbn::analysis::rule_of_thumb_smoothing(h) * 0.1;
    CHECK(kernel == doctest::Approx(0.9 * std::pow(static_cast<double>(n), -0.2)).epsilon(0.02));
    // It widens σ = 1 to sqrt(1 + kernel²).
    CHECK(modes[0].height ==
          doctest::Approx(1 / std::sqrt(2 * std::numbers::pi * (1 + kernel * kernel))).epsilon(0.02));
}

TEST_CASE("a uniform sample: coefficient near 5/9") {
    random::generator g(2);
    std::vector<double> v(n);
    for (double& x : v) x = g.uniform(-1, 1);
    CHECK(describe(std::span<const double>(v)).bimodality == doctest::Approx(5.0 / 9).epsilon(0.02));
}

TEST_CASE("a mixture of two separated normals: coefficient above 5/9, two modes at the right places and heights") {
    auto v = normal_sample(-2.0, 0.5, n * 7 / 10, 3);
    const auto right = normal_sample(2.0, 0.5, n * 3 / 10, 4);
    v.insert(v.end(), right.begin(), right.end());
    CHECK(describe(std::span<const double>(v)).bimodality > 5.0 / 9);
    const auto h = make_histogram(std::span<const double>(v), -6, 6, 120);
    const auto modes = main_modes(h);
    REQUIRE(modes.size() == 2);
    CHECK(modes[0].location == doctest::Approx(-2.0).epsilon(0.05));
    CHECK(modes[1].location == doctest::Approx(2.0).epsilon(0.05));
    // Heights: weight / (sqrt(2π) σ'), σ' the component's spread widened by the smoothing kernel.
    const double kernel = mockbn::analysis::rule_of_thumb_smoothing(h) * 0.1;
    const double spread = std::sqrt(0.25 + kernel * kernel);
    CHECK(modes[0].height == doctest::Approx(0.7 / (std::sqrt(2 * std::numbers::pi) * spread)).epsilon(0.05));
    CHECK(modes[1].height == doctest::Approx(0.3 / (std::sqrt(2 * std::numbers::pi) * spread)).epsilon(0.05));
}

TEST_CASE("the default smoothing follows the bins and the sample: coarse bins keep a clear second peak") {
    // Two peaks 1.2 apart, each of spread 0.25, on 0.4-wide bins (14 over [-2.8, 2.8], centred on both peaks).
    auto v = normal_sample(-0.6, 0.25, 1000, 5);
    const auto right = normal_sample(0.6, 0.25, 1000, 6);
    v.insert(v.end(), right.begin(), right.end());
    const auto coarse = make_histogram(std::span<const double>(v), -2.8, 2.8, 14);
    CHECK(main_modes(coarse, 2.0).size() == 1);  // a fixed 2 bins (0.8 wide) merges them
    CHECK(mockbn::analysis::rule_of_thumb_smoothing(coarse) < 1);
    const auto modes = main_modes(coarse);
    REQUIRE(modes.size() == 2);
    CHECK(std::fabs(modes[0].location + modes[1].location) < 0.01);  // at -0.6 and 0.6, either first
    CHECK(std::fabs(modes[0].location) == doctest::Approx(0.6));
    // Finer bins smooth over more of them, and more values over fewer: the kernel's width in values is the rule's.
    const auto fine = make_histogram(std::span<const double>(v), -2.8, 2.8, 560);
    CHECK(mockbn::analysis::rule_of_thumb_smoothing(fine) * 0.01 ==
          doctest::Approx(mockbn::analysis::rule_of_thumb_smoothing(coarse) * 0.4).epsilon(0.1));
    auto few = normal_sample(-0.6, 0.25, 100, 7);
    const auto few_right = normal_sample(0.6, 0.25, 100, 8);
    few.insert(few.end(), few_right.begin(), few_right.end());
    const auto fewer = make_histogram(std::span<const double>(few), -2.8, 2.8, 560);
    CHECK(mockbn::analysis::rule_of_thumb_smoothing(fewer) > 1.3 * mockbn::analysis::rule_of_thumb_smoothing(fine));
    CHECK(mockbn::analysis::rule_of_thumb_smoothing(
              make_histogram(std::span<const double>(v).first(1), -2.8, 2.8, 14)) == 0);
}

TEST_CASE("TensorBoard's display: 30 bins over the values' range keep peaks far apart and merge close ones") {
    // Two narrow clusters of values, a few units apart, and a lone value at each end of a wide range.
    auto clusters = [](double gap) {
        std::vector<double> values;
        for (int i = 0; i < 500; ++i) {
            const double jitter = 0.01 * (i % 7);
            values.push_back(-gap / 2 + jitter);
            values.push_back(gap / 2 + jitter);
        }
        values.push_back(-10);
        values.push_back(10);
        return mockbn::analysis::make_histogram(std::span<const double>(values), -12.0, 12.0, 240);
    };
    const auto far = mockbn::analysis::tensorboard_view(clusters(4), -10, 10);
    const auto close = mockbn::analysis::tensorboard_view(clusters(0.4), -10, 10);
    CHECK(far.bins() == 240);
    CHECK(mockbn::analysis::main_modes(far, 0).size() == 2);
    CHECK(mockbn::analysis::main_modes(clusters(0.4), 0).size() == 2);  // the fine bins see both
    CHECK(mockbn::analysis::main_modes(close, 0).size() == 1);          // the display's 0.67-wide bins do not
    // Outside the first and last bins' centres the curve is not drawn.
    CHECK(far.counts[0] == 0);
    CHECK(far.counts[239] == 0);
    // No range: the histogram as it is.
    const auto same = mockbn::analysis::tensorboard_view(far, 1, 1);
    CHECK(same.counts == far.counts);
}
