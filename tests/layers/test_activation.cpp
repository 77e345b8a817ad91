// The activations: SELU's closed form and its derivative, its fixed point
// (a standard normal input gives mean 0 and variance 1), expm1 without
// cancellation, and the original study's network with SELU checked by finite
// differences in double.
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/layers/gradcheck.hpp"
#include "mockbn/mockbn.hpp"
#include "oracles.hpp"
#include "support.hpp"

using namespace mockbn;

namespace {

constexpr double lambda = selu_formula::lambda, alpha = selu_formula::alpha;

double selu_of(double x) { return x > 0 ? lambda * x : lambda * alpha * std::expm1(x); }
double selu_slope(double x) { return x > 0 ? lambda : lambda * alpha * std::exp(x); }

// ∫ f(x) φ(x) dx over [−12, 12] by Simpson's rule, each side of the kink at 0 on its own.
template <class F>
double against_standard_normal(F f) {
    auto side = [&](double low, double high) {
        constexpr int steps = 20000;
        const double h = (high - low) / steps;
        double sum = 0;
        for (int i = 0; i <= steps; ++i) {
            const double x = low + i * h, weight = (i == 0 || i == steps) ? 1 : (i % 2 ? 4 : 2);
            sum += weight * f(x) * std::exp(-x * x / 2);
        }
        return sum * h / 3 / std::sqrt(2 * M_PI);
    };
    return side(-12, 0) + side(0, 12);
}

}  // namespace

TEST_CASE("selu: value and slope are the closed form's on both sides of 0, the left slope at 0") {
    using d = ad::dual<double, 1>;
    for (double x : {-30.0, -3.0, -1.0, -1e-3, -1e-9, 0.0, 1e-9, 1e-3, 0.5, 2.0, 40.0}) {
        INFO("x = " << x);
        const d y = selu_formula::apply(d{x, {1.0}});
        CHECK(y.value == doctest::Approx(selu_of(x)).epsilon(1e-15));
        CHECK(y.partial[0] == doctest::Approx(selu_slope(x)).epsilon(1e-15));
    }
}

TEST_CASE("selu's constants make N(0, 1) its fixed point: mean 0, variance 1") {
    const double mean = against_standard_normal(selu_of);
    const double second = against_standard_normal([](double x) { return selu_of(x) * selu_of(x); });
    CHECK(std::fabs(mean) < 1e-9);
    CHECK(std::fabs(second - 1) < 1e-9);
}

TEST_CASE("expm1 keeps its relative accuracy near 0, where exp(x) - 1 cancels") {
    for (double x : {-1e-9, -1e-6, 1e-9, 1e-4}) {
        const ad::dual<float, 1> y = expm1(ad::dual<float, 1>{static_cast<float>(x), {1.0f}});
        CHECK(std::fabs(y.value / std::expm1(static_cast<double>(static_cast<float>(x))) - 1) < 1e-6);
        CHECK(y.partial[0] == doctest::Approx(std::exp(x)).epsilon(1e-6));
    }
}

TEST_CASE("the original study's network with SELU and lecun_normal: gradients against finite differences") {
    mlp_shape shape{.inputs = 12, .width = 8, .depth = 5, .classes = 10, .transformed = {3, 4}};
    shape.initialization = "lecun_normal";
    shape.activation = "selu";
    basic_mlp<double, batch_norm> net(shape, 4);
    CHECK(net.summary().find("selu") != std::string::npos);
    CHECK(net.summary().find("relu") == std::string::npos);
    const auto x = mockbn::testing::uniform_matrix(8, 12, 5, -1.0, 1.0);
    std::vector<int> labels(8);
    for (std::size_t r = 0; r < 8; ++r) labels[r] = static_cast<int>((r * 7 + 3) % 10);
    const auto report = gradcheck(net, x, labels);
    INFO(report);
    CHECK(report.within(1e-8));
    CHECK(report.checked == net.parameters().size());

    shape.activation = "tanh";
    CHECK_THROWS_WITH_AS((basic_mlp<double, batch_norm>(shape, 4)),
                         "mockbn::mlp: the activation must be relu or selu, not 'tanh'", std::invalid_argument);
}
