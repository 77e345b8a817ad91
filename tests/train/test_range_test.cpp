// The learning-rate range test, on a problem whose usable rates are found
// independently: softmax regression, trained at each rate of a grid for the
// same steps, usable where the loss falls well and diverging where it rises.
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/mockbn.hpp"
#include "support.hpp"

using namespace mockbn;

namespace {

using regression = basic_stack<double, input<12>, dense<10, glorot_uniform>, softmax_cross_entropy>;

// Ten classes around ten random centres, pixels scaled by `scale`: the loss's curvature grows with its square.
data::dataset blobs(std::size_t count, float scale) {
    data::dataset d{"blobs", count, 3, 4, 10, {}, {}};
    const auto centres = testing::uniform_values<float>(10 * 12, 3, 0, 1);
    random::generator g(4);
    for (std::size_t i = 0; i < count; ++i) {
        const auto label = static_cast<std::uint8_t>(i % 10);
        d.labels.push_back(label);
        for (std::size_t k = 0; k < 12; ++k)
            d.images.push_back(scale * (centres[label * 12 + k] + 0.3f * static_cast<float>(g.normal())));
    }
    return d;
}

// The mean loss over the data after `steps` steps of SGD at a constant rate, from the seed's start.
double loss_after(const data::dataset& d, double rate, std::size_t steps) {
    regression model{1};
    sgd optimizer{{.learning_rate = rate}};
    budget stop({.steps = steps});
    fit(model, optimizer, d, {.batch = 32, .epochs = 1000}, stop);
    return evaluate(model, d).loss;
}

}  // namespace

TEST_CASE("the range test finds the rates at which the loss falls, and suggests one that trains well") {
    for (const float scale : {1.0f, 10.0f}) {
        CAPTURE(scale);
        const auto d = blobs(640, scale);
        regression model{1};
        sgd optimizer{{.learning_rate = 0.5}};
        const double start = evaluate(model, d).loss;
        const auto before = model.parameters()[0];
        const auto r = lr_range_test(model, optimizer, d, {.low = 1e-5, .high = 1e3, .steps = 200, .batch = 32});
        CHECK(model.parameters()[0] == before);  // the model is left as it was
        CHECK(optimizer.settings().learning_rate == 0.5);
        REQUIRE(r.points.size() >= 10);
        CHECK(r.points.front().rate == 1e-5);
        CHECK(r.falls_from < r.lowest);

        // The rates of a grid, each trained for the test's 200 steps: usable where the loss falls to half of the
        // start, diverging where it ends above the start (or is not finite).
        double largest_usable = 0, smallest_diverging = INFINITY;
        for (double rate = 1e-5; rate <= 1e3; rate *= std::sqrt(10.0)) {
            const double end = loss_after(d, rate, 200);
            if (end < 0.5 * start) largest_usable = std::max(largest_usable, rate);
            if (!(end <= start) && rate < smallest_diverging) smallest_diverging = rate;
        }
        REQUIRE(largest_usable > 0);
        REQUIRE(std::isfinite(smallest_diverging));
        // The suggestion trains well; the range ends before the rates that diverge, and no more than a decade
        // above the largest usable one of the grid.
        CHECK(loss_after(d, r.suggested(), 200) < 0.5 * start);
        CHECK(r.lowest < smallest_diverging);
        CHECK(r.lowest > largest_usable / 10);
    }
}

TEST_CASE(
    "the range test's rates move with the curvature: inputs ten times larger, rates about a hundred times smaller") {
    const auto small = blobs(640, 1.0f), large = blobs(640, 10.0f);
    regression a{1}, b{1};
    sgd oa{{.learning_rate = 0.1}}, ob{{.learning_rate = 0.1}};
    const range_test_options o{.low = 1e-5, .high = 1e3, .steps = 200, .batch = 32};
    const double ratio = lr_range_test(a, oa, small, o).lowest / lr_range_test(b, ob, large, o).lowest;
    CHECK(ratio > 10);
    CHECK(ratio < 1000);
}

TEST_CASE("a loss that does not fall has no range") {
    regression model{1};
    sgd optimizer{{.learning_rate = 0.1}};
    const auto d = blobs(640, 1.0f);
    const auto r = lr_range_test(model, optimizer, d, {.low = 1e-12, .high = 1e-11, .steps = 50, .batch = 32});
    REQUIRE(r.points.size() == 50);
    CHECK(std::isnan(r.lowest));
    CHECK(std::isnan(r.falls_from));
    CHECK(std::isnan(r.suggested()));
}

TEST_CASE("the range test refuses options it cannot run") {
    regression model{1};
    sgd optimizer{{.learning_rate = 0.1}};
    const auto d = blobs(64, 1.0f);
    CHECK_THROWS_WITH_AS(lr_range_test(model, optimizer, d, {.low = 1, .high = 1}),
                         "mockbn::lr_range_test: the rates must satisfy 0 < low < high", std::invalid_argument);
    CHECK_THROWS_WITH_AS(lr_range_test(model, optimizer, d, {.steps = 1}),
                         "mockbn::lr_range_test: the test needs at least 2 steps", std::invalid_argument);
    CHECK_THROWS_WITH_AS(lr_range_test(model, optimizer, d, {.smoothing = 1}),
                         "mockbn::lr_range_test: smoothing is a moving average's β, in [0, 1)", std::invalid_argument);
}
