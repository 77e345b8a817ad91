// Batch normalization: training and inference modes, the running
// statistics' update rule, a batch of one, and gradients in both modes.
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/layers/transform.hpp"
#include "mockbn/transforms/batch_norm.hpp"
#include "oracles.hpp"
#include "support.hpp"

using namespace mockbn;

namespace {

using bn_layer = transform<batch_norm>::layer<double>;

// 4 rows x 2 features, with γ = (2, 0.5) and β = (0.1, −1).
const std::vector<double> batch{1.0,  -2.0,  //
                                2.0,  0.0,   //
                                4.0,  1.0,   //
                                -3.0, 5.0};
const std::vector<double> parameters{2.0, 0.5, 0.1, -1.0};

// Checks one value against its closed form and keeps the worst error for the run's report.
void check_closed_form(double actual, double expected, double tolerance) {
    const double error = oracle::error(actual, expected);
    mockbn::testing::record_worst("closed form, batch_norm", error);
    CHECK(error <= tolerance);
}

}  // namespace

TEST_CASE("training mode: the batch's mean and biased variance, ε inside the root") {
    bn_layer layer(2);
    std::vector<double> y(8);
    layer.forward(parameters.data(), {batch.data(), 4, 2}, {y.data(), 4, 2}, training);
    const double mean[2] = {1.0, 1.0};
    const double variance[2] = {(0 + 1 + 9 + 16) / 4.0, (9 + 1 + 0 + 16) / 4.0};
    for (std::size_t r = 0; r < 4; ++r)
        for (std::size_t c = 0; c < 2; ++c) {
            const double expected =
                parameters[c] * (batch[r * 2 + c] - mean[c]) / std::sqrt(variance[c] + 1e-5) + parameters[2 + c];
            check_closed_form(y[r * 2 + c], expected, 1e-14);
        }
}

TEST_CASE("running statistics: r ← 0.9 r + 0.1 stat, the variance unbiased, from mean 0 and variance 1") {
    bn_layer layer(2);
    std::vector<double> y(8);
    layer.forward(parameters.data(), {batch.data(), 4, 2}, {y.data(), 4, 2}, training);
    // Batch 1: means (1, 1); unbiased variances 26/3 and 26/3.
    check_closed_form(layer.running_mean()[0], 0.1, 1e-15);
    check_closed_form(layer.running_mean()[1], 0.1, 1e-15);
    check_closed_form(layer.running_variance()[0], 0.9 + 0.1 * 26.0 / 3, 1e-15);
    check_closed_form(layer.running_variance()[1], 0.9 + 0.1 * 26.0 / 3, 1e-15);
    // Batch 2: the first two rows only: means (1.5, −1); unbiased variances 0.5 and 2.
    layer.forward(parameters.data(), {batch.data(), 2, 2}, {y.data(), 2, 2}, training);
    check_closed_form(layer.running_mean()[0], 0.9 * 0.1 + 0.1 * 1.5, 1e-15);
    check_closed_form(layer.running_mean()[1], 0.9 * 0.1 + 0.1 * -1.0, 1e-15);
    check_closed_form(layer.running_variance()[0], 0.9 * (0.9 + 0.1 * 26.0 / 3) + 0.1 * 0.5, 1e-15);
    check_closed_form(layer.running_variance()[1], 0.9 * (0.9 + 0.1 * 26.0 / 3) + 0.1 * 2.0, 1e-15);
    // Inference leaves them alone.
    const double before = layer.running_variance()[0];
    layer.forward(parameters.data(), {batch.data(), 4, 2}, {y.data(), 4, 2}, inference);
    CHECK(layer.running_variance()[0] == before);
}

TEST_CASE("inference mode uses the running statistics, a batch of one works and matches its row in a batch") {
    bn_layer layer(2);
    layer.running_mean()[0] = 0.5;
    layer.running_mean()[1] = -2.0;
    layer.running_variance()[0] = 4.0;
    layer.running_variance()[1] = 0.25;
    std::vector<double> y(8), single(2);
    layer.forward(parameters.data(), {batch.data(), 4, 2}, {y.data(), 4, 2}, inference);
    for (std::size_t r = 0; r < 4; ++r) {
        check_closed_form(y[r * 2], 2.0 * (batch[r * 2] - 0.5) / std::sqrt(4.0 + 1e-5) + 0.1, 1e-14);
        check_closed_form(y[r * 2 + 1], 0.5 * (batch[r * 2 + 1] + 2.0) / std::sqrt(0.25 + 1e-5) - 1.0, 1e-14);
    }
    layer.forward(parameters.data(), {batch.data() + 4, 1, 2}, {single.data(), 1, 2}, inference);
    CHECK(single[0] == y[4]);
    CHECK(single[1] == y[5]);
}

TEST_CASE("training mode refuses a batch of one instead of guessing the mode") {
    bn_layer layer(2);
    std::vector<double> y(2);
    CHECK_THROWS_WITH_AS(layer.forward(parameters.data(), {batch.data(), 1, 2}, {y.data(), 1, 2}, training),
                         "mockbn::transform<batch_norm>: training mode needs at least 2 rows for batch statistics, "
                         "got 1; use inference mode for a single sample",
                         std::invalid_argument);
}

TEST_CASE("backward: through the batch statistics in training mode, with them constant in inference mode") {
    bn_layer layer(2);
    std::vector<double> y(8), dx(8), dp(4);
    const std::vector<double> dy{0.3, -1.0, 0.7, 0.2, -0.5, 0.9, 1.1, -0.4};
    // Training: the classic closed form dx = γ/σ̂ · (dy − mean(dy) − x̂·mean(dy·x̂)).
    layer.forward(parameters.data(), {batch.data(), 4, 2}, {y.data(), 4, 2}, training);
    layer.backward(parameters.data(), dp.data(), {batch.data(), 4, 2}, {y.data(), 4, 2}, {dy.data(), 4, 2}, dx.data());
    for (std::size_t c = 0; c < 2; ++c) {
        double mean = 0, variance = 0;
        for (std::size_t r = 0; r < 4; ++r) mean += batch[r * 2 + c] / 4;
        for (std::size_t r = 0; r < 4; ++r) variance += (batch[r * 2 + c] - mean) * (batch[r * 2 + c] - mean) / 4;
        const double root = std::sqrt(variance + 1e-5);
        double mean_dy = 0, mean_dy_xhat = 0, dgamma = 0, dbeta = 0;
        for (std::size_t r = 0; r < 4; ++r) {
            const double xhat = (batch[r * 2 + c] - mean) / root;
            mean_dy += dy[r * 2 + c] / 4;
            mean_dy_xhat += dy[r * 2 + c] * xhat / 4;
            dgamma += dy[r * 2 + c] * xhat;
            dbeta += dy[r * 2 + c];
        }
        check_closed_form(dp[c], dgamma, 1e-13);
        check_closed_form(dp[2 + c], dbeta, 1e-13);
        for (std::size_t r = 0; r < 4; ++r) {
            const double xhat = (batch[r * 2 + c] - mean) / root;
            const double expected = parameters[c] / root * (dy[r * 2 + c] - mean_dy - xhat * mean_dy_xhat);
            check_closed_form(dx[r * 2 + c], expected, 1e-13);
        }
    }
    // Inference: dx = dy · γ / sqrt(running variance + ε).
    layer.forward(parameters.data(), {batch.data(), 4, 2}, {y.data(), 4, 2}, inference);
    layer.backward(parameters.data(), dp.data(), {batch.data(), 4, 2}, {y.data(), 4, 2}, {dy.data(), 4, 2}, dx.data());
    for (std::size_t r = 0; r < 4; ++r)
        for (std::size_t c = 0; c < 2; ++c)
            check_closed_form(dx[r * 2 + c],
                              dy[r * 2 + c] * parameters[c] / std::sqrt(layer.running_variance()[c] + 1e-5), 1e-14);
}
