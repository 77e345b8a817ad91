// Every transformation's value and every partial derivative, as the library
// derives them from the formula, against the closed forms of docs/transformations.md,
// over a grid that crosses every break point, in double.
#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/layers/transform.hpp"
#include "mockbn/transforms.hpp"
#include "oracles.hpp"
#include "support.hpp"

using namespace mockbn;

namespace {

constexpr double tolerance = 1e-9;

// −6 … 6 in steps of 1/8, and each break point with neighbours at ±1e-7 and ±1e-3.
std::vector<double> grid(std::initializer_list<double> breakpoints) {
    std::vector<double> xs;
    for (int i = -48; i <= 48; ++i) xs.push_back(i / 8.0);
    for (double b : breakpoints)
        for (double d : {0.0, 1e-7, -1e-7, 1e-3, -1e-3}) xs.push_back(b + d);
    return xs;
}

// The layer's value, d y/d x and d y/d p_k at each x, one column per x, with
// parameter values `p` in every column.
struct derived {
    std::vector<double> y, dx;
    std::vector<std::vector<double>> dp;
};

template <class P>
derived derive(const std::vector<double>& xs, std::vector<double> p = {}) {
    const std::size_t n = xs.size();
    typename transform<P>::template layer<double> layer(n);
    REQUIRE(layer.parameter_count() == p.size() * n);
    std::vector<double> parameters(layer.parameter_count()), gradients(layer.parameter_count());
    for (std::size_t k = 0; k < p.size(); ++k)
        for (std::size_t c = 0; c < n; ++c) parameters[k * n + c] = p[k];
    derived d{std::vector<double>(n), std::vector<double>(n), {}};
    const std::vector<double> ones(n, 1.0);
    layer.forward(parameters.data(), {xs.data(), 1, n}, {d.y.data(), 1, n}, inference);
    layer.backward(parameters.data(), gradients.data(), {xs.data(), 1, n}, {d.y.data(), 1, n}, {ones.data(), 1, n},
                   d.dx.data());
    for (std::size_t k = 0; k < p.size(); ++k)
        d.dp.emplace_back(gradients.begin() + k * n, gradients.begin() + (k + 1) * n);
    return d;
}

// Worst error of one transformation, reported by the suite's last lines.
void report(const char* name, double worst) {
    mockbn::testing::record_worst(std::string("closed form, ") + name, worst);
    CHECK(worst <= tolerance);
}

template <class P, class Value, class Slope>
void check_fixed(const char* name, std::initializer_list<double> breakpoints, Value value, Slope slope) {
    const auto xs = grid(breakpoints);
    const auto d = derive<P>(xs);
    double worst = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        CAPTURE(xs[i]);
        worst = std::fmax(worst, oracle::error(d.y[i], value(xs[i])));
        worst = std::fmax(worst, oracle::error(d.dx[i], slope(xs[i])));
        CHECK(oracle::error(d.y[i], value(xs[i])) <= tolerance);
        CHECK(oracle::error(d.dx[i], slope(xs[i])) <= tolerance);
    }
    report(name, worst);
}

}  // namespace

TEST_CASE("identity: y = x, slope 1") {
    check_fixed<identity>(
        "identity", {}, [](double x) { return x; }, [](double) { return 1.0; });
}

TEST_CASE("sqrt_fixed (the original study's f): value and slope on both sides of 0") {
    check_fixed<sqrt_fixed>("sqrt_fixed", {0.0}, oracle::f, oracle::df);
}

TEST_CASE("log_fixed (the original study's g): value and slope on both sides of 0") {
    check_fixed<log_fixed>("log_fixed", {0.0}, oracle::g, oracle::dg);
}

TEST_CASE("sigmoid_log (the original study's h): value and slope on both sides of 0") {
    check_fixed<sigmoid_log>("sigmoid_log", {0.0}, oracle::h, oracle::dh);
}

TEST_CASE("affine_fixed: (x − 1)/3 with the original study's constants, and other constants") {
    check_fixed<affine_fixed>(
        "affine_fixed", {}, [](double x) { return (x - 1) / 3; }, [](double) { return 1.0 / 3; });
    check_fixed<affine_fixed_with<-0.5, 2.0>>(
        "affine_fixed_with<-0.5, 2>", {}, [](double x) { return (x + 0.5) / 2; }, [](double) { return 0.5; });
}

TEST_CASE("mystery: value and slope on both sides of −2, 0 and 2") {
    check_fixed<mystery>("mystery", {-2.0, 0.0, 2.0}, oracle::mystery, oracle::dmystery);
}

TEST_CASE("the fixed shapes are order-preserving, odd, with slope 1 at 0 (f, g, h) or 0 (mystery)") {
    const std::vector<double> xs{-1e-9, 0.0, 1e-9};
    CHECK(derive<sqrt_fixed>(xs).dx[1] == 1.0);
    CHECK(derive<log_fixed>(xs).dx[1] == 1.0);
    CHECK(derive<sigmoid_log>(xs).dx[1] == 1.0);
    CHECK(derive<mystery>(xs).dx[1] == 0.0);
    const auto y = derive<sqrt_fixed>(grid({})).y;  // −6 … 6, symmetric about 0
    for (std::size_t i = 0; i + 1 < y.size(); ++i) CHECK(y[i] < y[i + 1]);
    for (std::size_t i = 0; i < y.size(); ++i) CHECK(y[i] == -y[y.size() - 1 - i]);
}

TEST_CASE("log_shift: value and ∂/∂x, a, b, c against the closed forms, around the break point x = b") {
    double worst = 0;
    for (const std::array<double, 3> p : {std::array{1.0, 0.0, 0.0}, std::array{2.5, 0.7, 1.2},
                                          std::array{-0.8, -1.5, -2.0}, std::array{0.3, 2.0, 0.5}}) {
        const auto xs = grid({p[1]});
        const auto d = derive<log_shift>(xs, {p[0], p[1], p[2]});
        for (std::size_t i = 0; i < xs.size(); ++i) {
            CAPTURE(xs[i]);
            CAPTURE(p[0]);
            const auto o = oracle::log_shift(xs[i], p[0], p[1], p[2]);
            for (double e : {oracle::error(d.y[i], o.y), oracle::error(d.dx[i], o.dx), oracle::error(d.dp[0][i], o.da),
                             oracle::error(d.dp[1][i], o.db), oracle::error(d.dp[2][i], o.dc)}) {
                CHECK(e <= tolerance);
                worst = std::fmax(worst, e);
            }
        }
    }
    report("log_shift", worst);
}

TEST_CASE("log_shift at its initial parameters is log_fixed") {
    const auto xs = grid({0.0});
    const auto shifted = derive<log_shift>(xs, {1.0, 0.0, 0.0});
    const auto fixed = derive<log_fixed>(xs);
    CHECK(shifted.y == fixed.y);
    CHECK(shifted.dx == fixed.dx);
}

TEST_CASE("sqrt_shift: value and ∂/∂x, a, b against the closed forms, around the break point x = b") {
    double worst = 0;
    for (const std::array<double, 2> p :
         {std::array{0.0, 0.0}, std::array{1.3, 0.9}, std::array{-2.0, -1.7}, std::array{0.4, 3.0}}) {
        const auto xs = grid({p[1]});
        const auto d = derive<sqrt_shift>(xs, {p[0], p[1]});
        for (std::size_t i = 0; i < xs.size(); ++i) {
            CAPTURE(xs[i]);
            const auto o = oracle::sqrt_shift(xs[i], p[0], p[1]);
            for (double e : {oracle::error(d.y[i], o.y), oracle::error(d.dx[i], o.dx), oracle::error(d.dp[0][i], o.da),
                             oracle::error(d.dp[1][i], o.db)}) {
                CHECK(e <= tolerance);
                worst = std::fmax(worst, e);
            }
        }
    }
    report("sqrt_shift", worst);
}

TEST_CASE("sqrt_shift at its initial parameters is sqrt_fixed") {
    const auto xs = grid({0.0});
    const auto shifted = derive<sqrt_shift>(xs, {0.0, 0.0});
    const auto fixed = derive<sqrt_fixed>(xs);
    CHECK(shifted.y == fixed.y);
    CHECK(shifted.dx == fixed.dx);
}

namespace {

// sqrt_shift at a = b = 0 on x = ±1e-9 … ±1e-3: the worst relative error of
// y and of ∂y/∂a (= y) against |x| / (sqrt(|x| + 1/4) + 1/2) in long double.
template <class T>
double worst_near_zero() {
    std::vector<T> xs;
    for (int e = -9; e <= -3; ++e)
        for (double sign : {1.0, -1.0}) xs.push_back(static_cast<T>(sign * std::pow(10.0, e)));
    const std::size_t n = xs.size();
    typename transform<sqrt_shift>::template layer<T> layer(n);
    std::vector<T> parameters(layer.parameter_count(), T(0)), gradients(layer.parameter_count()), y(n), dx(n);
    const std::vector<T> ones(n, T(1));
    layer.forward(parameters.data(), {xs.data(), 1, n}, {y.data(), 1, n}, inference);
    layer.backward(parameters.data(), gradients.data(), {xs.data(), 1, n}, {y.data(), 1, n}, {ones.data(), 1, n},
                   dx.data());
    double worst = 0;
    for (std::size_t c = 0; c < n; ++c) {
        const long double u = xs[c];
        const long double exact = u / (std::sqrt(std::fabs(u) + 0.25L) + 0.5L);
        CAPTURE(u);
        for (const T computed : {y[c], gradients[c]})  // the a's come first: ∂y/∂a per feature
            worst = std::fmax(worst, static_cast<double>(std::fabs((computed - exact) / exact)));
    }
    return worst;
}

}  // namespace

TEST_CASE("sqrt_shift near x = b: y and ∂y/∂a without cancellation, in double and in float") {
    const double in_double = worst_near_zero<double>(), in_float = worst_near_zero<float>();
    mockbn::testing::record_worst("sqrt_shift near 0, relative (double)", in_double);
    mockbn::testing::record_worst("sqrt_shift near 0, relative (float)", in_float);
    CHECK(in_double <= 1e-12);
    CHECK(in_float <= 1e-6);
}

TEST_CASE("the exponential mask: a negative c keeps log_shift increasing, without the mask it turns over") {
    const auto xs = grid({0.0});
    const auto masked = derive<log_shift>(xs, {1.0, 0.0, -3.0});
    for (double slope : masked.dx) CHECK(slope > 0);
    const auto unmasked = derive<log_shift_unmasked>(xs, {1.0, 0.0, -0.5});
    CHECK(unmasked.dx[48] < 0);  // at x = 0 the slope is c itself
}
