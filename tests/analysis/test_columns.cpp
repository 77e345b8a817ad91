// Statistics per column and histograms split by row label, on matrices whose
// answers are known: each column is described as if copied out, pooling can
// hide the columns' two peaks or make up two that no column has, and the
// per-label histograms add up to the pooled one.
#include <cmath>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/analysis.hpp"
#include "mockbn/core/random.hpp"

using namespace mockbn;
using namespace mockbn::analysis;

namespace {

constexpr std::size_t rows = 2000, cols = 50;

// A rows x cols matrix whose column c holds draw(c, g) for each row.
template <class Draw>
std::vector<double> matrix_of(Draw draw) {
    random::generator g(11);
    std::vector<double> m(rows * cols);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c) m[r * cols + c] = draw(c, r, g);
    return m;
}

matrix_view<const double> view(const std::vector<double>& m) { return {m.data(), rows, cols}; }

description pooled(const std::vector<double>& m) { return describe(std::span<const double>(m)); }

std::vector<mode> pooled_modes(const std::vector<double>& m) {
    return main_modes(make_histogram(std::span<const double>(m), -12, 12, 240));
}

}  // namespace

TEST_CASE("describe_columns describes each column as if it were copied out") {
    const auto m = matrix_of([](std::size_t c, std::size_t, random::generator& g) {
        return static_cast<double>(c) / 10 + (1 + static_cast<double>(c % 3)) * g.normal();
    });
    const auto columns = describe_columns(view(m), -12, 12, 240);
    REQUIRE(columns.size() == cols);
    for (std::size_t c = 0; c < cols; c += 7) {
        std::vector<double> column;
        for (std::size_t r = 0; r < rows; ++r) column.push_back(m[r * cols + c]);
        const std::span<const double> copied(column);
        const auto d = describe(copied);
        const auto modes = main_modes(make_histogram(copied, -12, 12, 240));
        CHECK(columns[c].description.count == rows);
        CHECK((columns[c].description.mean == d.mean && columns[c].description.bimodality == d.bimodality));
        REQUIRE(columns[c].modes.size() == modes.size());
        for (std::size_t k = 0; k < modes.size(); ++k)
            CHECK((columns[c].modes[k].location == modes[k].location && columns[c].modes[k].height == modes[k].height));
    }
}

TEST_CASE("pooled columns hide the two peaks each has: columns of ±s_c at scales from 0.5 to 8") {
    // Column c: ±s_c (each half the rows) plus noise of s_c / 8; the scales spread over four octaves, so the
    // pooled values are a heavy-tailed scale mixture.
    const auto scale = [](std::size_t c) { return 0.5 * std::exp2(4.0 * static_cast<double>(c) / (cols - 1)); };
    const auto m = matrix_of([&](std::size_t c, std::size_t r, random::generator& g) {
        return scale(c) * ((r % 2 ? 1.0 : -1.0) + g.normal() / 8);
    });
    for (const auto& column : describe_columns(view(m), -12, 12, 240)) {
        CHECK(column.description.bimodality > 0.8);
        REQUIRE(column.modes.size() == 2);
        CHECK(column.modes[0].location * column.modes[1].location < 0);
    }
    CHECK(pooled(m).bimodality < 5.0 / 9);
}

TEST_CASE("pooled columns make up two peaks that none has: columns of one mode each, at −2 or at +2") {
    const auto m = matrix_of(
        [](std::size_t c, std::size_t, random::generator& g) { return (c % 2 ? 2.0 : -2.0) + 0.5 * g.normal(); });
    for (const auto& column : describe_columns(view(m), -12, 12, 240)) {
        CHECK(column.description.bimodality < 5.0 / 9);
        REQUIRE_FALSE(column.modes.empty());
        for (const auto& mode : column.modes) CHECK(mode.location * column.modes[0].location > 0);
    }
    CHECK(pooled(m).bimodality > 5.0 / 9);
    const auto modes = pooled_modes(m);
    REQUIRE(modes.size() == 2);
    CHECK(std::fabs(std::fabs(modes[0].location) - 2) < 0.2);
    CHECK(std::fabs(std::fabs(modes[1].location) - 2) < 0.2);
    CHECK(modes[0].location * modes[1].location < 0);
}

TEST_CASE("a histogram counted in parts equals the one made of all the values") {
    const std::vector<double> v{-3, -0.5, 0, 0.25, 1.5, 7, NAN, -INFINITY, 1.99};
    const std::span<const double> all(v);
    auto parts = make_histogram(all.first(4), -2, 2, 8);
    count_values(parts, all.subspan(4));
    const auto whole = make_histogram(all, -2, 2, 8);
    CHECK(parts.counts == whole.counts);
    CHECK((parts.below == whole.below && parts.above == whole.above && parts.not_finite == whole.not_finite));
}

TEST_CASE("the histograms by label add up to the pooled one, bin by bin and outside the bins") {
    // Four rows of three values, labels 2, 0, 2, 0 of three classes: class 1 has no row.
    const std::vector<float> m{-5, 0.1f, 0.2f, 1.5f, NAN, 0.3f, 0.1f, 9, -0.4f, 1.9f, 1.8f, -1};
    const matrix_view<const float> values(m.data(), 4, 3);
    const std::vector<std::uint8_t> labels{2, 0, 2, 0};
    const auto by_label = histograms_by_label(values, std::span<const std::uint8_t>(labels), 3, -2, 2, 8);
    REQUIRE(by_label.size() == 3);
    CHECK(by_label[1].total() == 0);
    CHECK(by_label[0].total() == 6);
    CHECK(by_label[0].not_finite == 1);
    CHECK(by_label[2].below == 1);
    CHECK(by_label[2].above == 1);
    const auto pooled_histogram = make_histogram(std::span<const float>(m), -2, 2, 8);
    for (std::size_t i = 0; i < 8; ++i)
        CHECK(by_label[0].counts[i] + by_label[1].counts[i] + by_label[2].counts[i] == pooled_histogram.counts[i]);
    CHECK(by_label[0].below + by_label[2].below == pooled_histogram.below);
    CHECK(by_label[0].above + by_label[2].above == pooled_histogram.above);
    CHECK(by_label[0].not_finite + by_label[2].not_finite == pooled_histogram.not_finite);

    const std::vector<std::uint8_t> too_high{2, 0, 3, 0};
    CHECK_THROWS_WITH_AS(histograms_by_label(values, std::span<const std::uint8_t>(too_high), 3, -2, 2, 8),
                         "mockbn::analysis::histograms_by_label: row 2 has label 3, not below 3",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(histograms_by_label(values, std::span<const std::uint8_t>(labels).first(3), 3, -2, 2, 8),
                         "mockbn::analysis::histograms_by_label: 3 labels for 4 rows", std::invalid_argument);
}
