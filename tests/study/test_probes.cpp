// The study's probe look-ups on matrices whose answers are known: the share
// of features with two peaks by the study's rule disagrees with the pooled
// coefficient where pooling hides or makes up two peaks; the chance share
// shows how many two-peaked features sampling noise alone gives; and a run's
// records are found by layer, epoch and stage.
#include <cmath>
#include <span>
#include <vector>

#include <doctest/doctest.h>

#include <mockbn/analysis.hpp>
#include <mockbn/core/random.hpp>

#include "probes.hpp"

using namespace study;

namespace {

constexpr std::size_t images = 1000, width = 100;

// A stage record of a probe matrix whose feature c holds draw(c, row, g), described as the recorder does.
template <class Draw>
stage_record stage_of(Draw draw) {
    mockbn::random::generator g(5);
    std::vector<float> m(images * width);
    for (std::size_t r = 0; r < images; ++r)
        for (std::size_t c = 0; c < width; ++c) m[r * width + c] = static_cast<float>(draw(c, r, g));
    const std::span<const float> all(m);
    stage_record s;
    s.description = mockbn::analysis::describe(all);
    s.histogram = mockbn::analysis::make_histogram(all, histogram_low, histogram_high, histogram_bins);
    s.modes = mockbn::analysis::main_modes(s.histogram);
    s.features = mockbn::analysis::describe_columns(mockbn::matrix_view<const float>(m.data(), images, width),
                                                    histogram_low, histogram_high, histogram_bins);
    return s;
}

}  // namespace

TEST_CASE("every feature has two peaks, yet the pooled coefficient is a single peak's") {
    // Feature c: ±s_c with noise of s_c / 8, the scales from 0.5 to 8: pooled, a heavy-tailed scale mixture.
    const stage_record s = stage_of([](std::size_t c, std::size_t r, mockbn::random::generator& g) {
        const double scale = 0.5 * std::exp2(4.0 * static_cast<double>(c) / (width - 1));
        return scale * ((r % 2 ? 1.0 : -1.0) + g.normal() / 8);
    });
    CHECK(features_bimodal(s) == 1);
    CHECK(s.description.bimodality < 5.0 / 9);
    const double median[] = {50};
    CHECK(feature_bimodality(s, median).front() > 0.8);
    CHECK(chance_bimodal(s, 2) < 0.5);  // the wide features' normal samples are often two-peaked too, not all
}

TEST_CASE("no feature has two peaks, yet the pooled histogram has two on opposite sides of zero") {
    const stage_record s = stage_of([](std::size_t c, std::size_t, mockbn::random::generator& g) {
        return (c % 2 ? 2.0 : -2.0) + 0.5 * g.normal();
    });
    CHECK(features_bimodal(s) == 0);
    CHECK(bimodal(s.modes));
    CHECK(s.description.bimodality > 5.0 / 9);
    CHECK(chance_bimodal(s, 2) == 0);
}

TEST_CASE("wide normal features of a thousand values: the rule of thumb's smoothing keeps sampling noise one peak") {
    // One mode each and a spread of 2 (twenty bins): about ten values a bin. Smoothed over a fixed two bins,
    // sampling bumps on both sides of zero made many features two-peaked; the rule of thumb smooths a thousand
    // values of spread 2 over about four and a half bins, which keeps almost every one single. The chance share
    // agrees, and the same record gives the same number.
    const stage_record s =
        stage_of([](std::size_t, std::size_t, mockbn::random::generator& g) { return 2 * g.normal(); });
    CHECK(features_bimodal(s) < 0.05);
    const double chance = chance_bimodal(s, 4);
    CHECK(chance < 0.05);
    CHECK(chance == chance_bimodal(s, 4));
}

TEST_CASE("a constant feature has no coefficient, and the features' percentiles leave it out") {
    stage_record s = stage_of([](std::size_t c, std::size_t r, mockbn::random::generator&) {
        return c == 0 ? 1.0 : static_cast<double>(r % 10);
    });
    CHECK(std::isnan(s.features[0].description.bimodality));
    const double ps[] = {0, 100};
    const auto range = feature_bimodality(s, ps);
    CHECK(std::isfinite(range[0]));
    CHECK(range[0] == range[1]);  // every other feature is the same ramp
    s.features.resize(1);
    CHECK(std::isnan(feature_bimodality(s, ps)[0]));
    s.features.clear();
    CHECK(std::isnan(features_bimodal(s)));
    CHECK(std::isnan(chance_bimodal(s, 4)));
}

TEST_CASE("a run's records are found by layer, epoch and stage") {
    run_result r;
    for (std::size_t epoch = 1; epoch <= 2; ++epoch)
        for (std::size_t layer = 1; layer <= 3; ++layer)
            for (const char* stage : {"before", "after"}) {
                stage_record s;
                s.epoch = epoch;
                s.layer = layer;
                s.stage = stage;
                s.features.resize(4);
                s.features[layer % 4].modes = {{-1, 0.3}, {1, 0.2}};  // one feature with two peaks
                r.stages.push_back(s);
            }
    const auto* found = find_stage(r, 2, 2, "after");
    REQUIRE(found);
    CHECK((found->layer == 2 && found->epoch == 2 && found->stage == "after"));
    CHECK(find_stage(r, 4, 1, "after") == nullptr);
    CHECK(find_stage(r, 1, 3, "before") == nullptr);
    CHECK(features_bimodal(r, 3, 1, "before") == 0.25);
    CHECK(std::isnan(features_bimodal(r, 9, 1, "before")));
}
