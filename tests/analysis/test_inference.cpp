// Intervals, the bootstrap, equivalence and power (analysis/inference.hpp)
// against published tables and against their own promise on samples of a
// known distribution; and the two-cluster fit (analysis/clusters.hpp) on
// mixtures of known separation.
#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include <doctest/doctest.h>

#include <mockbn/analysis/clusters.hpp>
#include <mockbn/analysis/inference.hpp>
#include <mockbn/core/random.hpp>

using namespace mockbn;
using analysis::equivalence;

namespace {

std::vector<double> normal_sample(random::generator& g, std::size_t n, double mean, double deviation) {
    std::vector<double> x(n);
    for (double& v : x) v = mean + deviation * g.normal();
    return x;
}

}  // namespace

TEST_CASE("quantiles of the normal and Student's t distributions match the published tables") {
    CHECK(analysis::normal_quantile(0.975) == doctest::Approx(1.959963984540).epsilon(1e-11));
    CHECK(analysis::normal_quantile(0.8) == doctest::Approx(0.841621233573).epsilon(1e-11));
    CHECK(analysis::normal_quantile(0.5) == doctest::Approx(0.0).epsilon(1e-12));
    // Two-sided 95 % critical values, df 1, 2, 4, 9, 30.
    const double table[][2] = {
        {1, 12.706204736}, {2, 4.302652730}, {4, 2.776445105}, {9, 2.262157163}, {30, 2.042272456}};
    for (const auto& [df, t] : table)
        CHECK(analysis::student_t_quantile(0.975, df) == doctest::Approx(t).epsilon(1e-9));
    CHECK(analysis::student_t_quantile(0.025, 4) == doctest::Approx(-2.776445105).epsilon(1e-9));
    CHECK(std::isnan(analysis::student_t_quantile(1.0, 4)));
    CHECK(std::isnan(analysis::student_t_quantile(0.5, 0)));
}

TEST_CASE("the t interval of a mean covers the true mean at its level, on 4,000 samples of five") {
    random::generator g(11);
    std::size_t covered = 0;
    const std::size_t trials = 4000;
    for (std::size_t k = 0; k < trials; ++k) {
        const auto x = normal_sample(g, 5, 3, 2);
        covered += analysis::mean_interval(x, 0.95).contains(3);
    }
    // Binomial(4000, 0.95): a standard deviation of 0.0034; four of them either way.
    CHECK(static_cast<double>(covered) / trials == doctest::Approx(0.95).epsilon(0.0145));
    const std::vector<double> one = {2.5};
    CHECK(analysis::mean_interval(one, 0.95).estimate == 2.5);
    CHECK(std::isnan(analysis::mean_interval(one, 0.95).low));
    const std::vector<double> a = {1, 2, 3}, b = {0.5, 1.5, 2.5};
    CHECK(analysis::paired_difference(a, b, 0.95).low == doctest::Approx(0.5));  // no spread: the interval is a point
    CHECK_THROWS_AS(analysis::paired_difference(a, one, 0.95), std::invalid_argument);
}

TEST_CASE("the percentile bootstrap covers a known distribution's mean near its level, and repeats itself") {
    random::generator g(5);
    std::size_t covered = 0;
    const std::size_t trials = 400;
    for (std::size_t k = 0; k < trials; ++k) {
        const auto x = normal_sample(g, 40, -1, 0.5);
        const auto mean = [&](std::span<const std::size_t> at) {
            double s = 0;
            for (const auto i : at) s += x[i];
            return s / static_cast<double>(at.size());
        };
        covered += analysis::bootstrap(x.size(), mean, 0.95, 1000, k).contains(-1);
    }
    // The percentile interval runs a little short at n = 40 (about 0.94); Binomial(400, 0.94) spreads by 0.012.
    const double coverage = static_cast<double>(covered) / trials;
    CHECK(coverage >= 0.90);
    CHECK(coverage <= 0.98);
    const std::vector<double> x = normal_sample(g, 20, 0, 1);
    const auto median = [&](std::span<const std::size_t> at) {
        std::vector<double> v;
        for (const auto i : at) v.push_back(x[i]);
        const double half[] = {50};
        return analysis::percentiles(std::span<const double>(v), std::span<const double>(half))[0];
    };
    const auto first = analysis::bootstrap(x.size(), median, 0.9, 500, 77),
               again = analysis::bootstrap(x.size(), median, 0.9, 500, 77);
    CHECK(first.low == again.low);
    CHECK(first.high == again.high);
    CHECK(first.low < first.estimate);
    CHECK(first.estimate < first.high);
}

TEST_CASE("two one-sided tests: equivalent inside the margin, not equivalent outside it, undecided across it") {
    const std::vector<double> tiny = {0.0004, -0.0003, 0.0001, 0.0002, -0.0002, 0.0000};
    const std::vector<double> large = {0.010, 0.012, 0.011, 0.009, 0.010};
    const std::vector<double> wide = {-0.004, 0.005, -0.003, 0.004};
    CHECK(analysis::equivalent(tiny, 0.002, 0.05) == equivalence::equivalent);
    CHECK(analysis::equivalent(large, 0.002, 0.05) == equivalence::not_equivalent);
    CHECK(analysis::equivalent(wide, 0.002, 0.05) == equivalence::undecided);
    // Shifted just past the margin, the tiny differences are no longer equivalent to zero.
    std::vector<double> shifted = tiny;
    for (double& d : shifted) d += 0.0025;
    CHECK(analysis::equivalent(shifted, 0.002, 0.05) != equivalence::equivalent);
    const std::vector<double> single = {0.0};
    CHECK(analysis::equivalent(single, 0.002, 0.05) == equivalence::undecided);
}

TEST_CASE("pairs for a paired t test's power: G*Power's answers, and a simulation reaches the power asked") {
    // Cohen's d 0.5, 0.8 and 1.0 at alpha 0.05 (two-sided) and power 0.8: 34, 15 and 10 pairs.
    CHECK(analysis::pairs_for_power(1, 0.5, 0.05, 0.8) == 34);
    CHECK(analysis::pairs_for_power(1, 0.8, 0.05, 0.8) == 15);
    CHECK(analysis::pairs_for_power(1, 1.0, 0.05, 0.8) == 10);
    CHECK(analysis::pairs_for_power(0, 1, 0.05, 0.8) == 2);
    CHECK_THROWS_AS(analysis::pairs_for_power(1, 0, 0.05, 0.8), std::invalid_argument);
    // The study's case: differences spreading by 0.0015, a smallest effect of 0.002.
    const std::size_t n = analysis::pairs_for_power(0.0015, 0.002, 0.05, 0.8);
    random::generator g(3);
    std::size_t detected = 0;
    const std::size_t trials = 3000;
    for (std::size_t k = 0; k < trials; ++k)
        detected += analysis::mean_interval(normal_sample(g, n, 0.002, 0.0015), 0.95).low > 0;
    const double power = static_cast<double>(detected) / trials;
    CHECK(power >= 0.78);
    CHECK(power <= 0.90);
}

TEST_CASE("two clusters: a mixture's separation and share are recovered, a single normal's separation stays small") {
    for (const double d : {3.0, 4.0, 6.0}) {
        random::generator g(static_cast<std::uint64_t>(d));
        std::vector<double> x(2000);
        for (double& v : x) v = 1.5 * (g.normal() + (g.uniform() < 0.2 ? d : 0.0)) - 4;
        const auto c = analysis::fit_two_clusters(std::span<const double>(x));
        CHECK(c.separation() == doctest::Approx(d).epsilon(0.06));
        CHECK(c.high_share == doctest::Approx(0.2).epsilon(0.15));
        CHECK(c.spread == doctest::Approx(1.5).epsilon(0.06));
        CHECK(c.low == doctest::Approx(-4).epsilon(0.05));
    }
    random::generator g(9);
    const auto x = normal_sample(g, 1000, 2, 3);
    CHECK(analysis::fit_two_clusters(std::span<const double>(x)).separation() < 2);
    const std::vector<double> flat(10, 1.0), few = {1, 2, 3};
    CHECK(std::isnan(analysis::fit_two_clusters(std::span<const double>(flat)).separation()));
    CHECK(std::isnan(analysis::fit_two_clusters(std::span<const double>(few)).high_share));
}
