// Elementwise nodes (map): forward values, gradients, broadcasting, fusion,
// piecewise formulas, sharing, float/double agreement and non-finite input;
// and the fused engine's per-row operands, which no node makes.
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/autodiff.hpp"
#include "mockbn/transforms/fixed.hpp"
#include "oracles.hpp"
#include "support.hpp"

using namespace mockbn::ad;
using mockbn::testing::uniform_matrix;
using mockbn::testing::uniform_vector;

namespace {

// 3 x 7: rows end in a partial SIMD batch whatever the vector width.
constexpr std::size_t rows = 3, cols = 7;

template <class Build, class Reference>
void check_unary(const char* name, Build build, Reference reference, double low, double high) {
    CAPTURE(name);
    variable<double, 2> x{uniform_matrix(rows, cols, 11, low, high)};
    auto y = build(x);
    const auto& value = forward(y);
    for (std::size_t i = 0; i < x.value().size(); ++i)
        CHECK(value.data()[i] == doctest::Approx(reference(x.value().data()[i])).epsilon(1e-14));
    auto loss = sum(sum(build(x)));
    const auto report = gradcheck(loss, wrt(x));
    MOCKBN_CHECK_GRADIENT(report, 1e-7);
    CHECK(report.checked == rows * cols);
}

template <class Build, class Reference>
void check_binary(const char* name, Build build, Reference reference, double low, double high) {
    CAPTURE(name);
    variable<double, 2> x{uniform_matrix(rows, cols, 21, low, high)};
    variable<double, 2> y{uniform_matrix(rows, cols, 22, low, high)};
    auto z = build(x, y);
    const auto& value = forward(z);
    for (std::size_t i = 0; i < x.value().size(); ++i)
        CHECK(value.data()[i] == doctest::Approx(reference(x.value().data()[i], y.value().data()[i])).epsilon(1e-14));
    auto loss = sum(sum(build(x, y)));
    MOCKBN_CHECK_GRADIENT(gradcheck(loss, wrt(x, y)), 1e-7);
}

}  // namespace

TEST_CASE("arithmetic nodes: literal values") {
    variable<double, 2> x{xt::xtensor<double, 2>{{1.0, 2.0}, {-3.0, 0.5}}};
    variable<double, 2> y{xt::xtensor<double, 2>{{4.0, -1.0}, {2.0, 0.25}}};
    auto s = x + y;
    auto d = x - y;
    auto p = x * y;
    auto q = x / y;
    CHECK(forward(s) == xt::xtensor<double, 2>{{5.0, 1.0}, {-1.0, 0.75}});
    CHECK(forward(d) == xt::xtensor<double, 2>{{-3.0, 3.0}, {-5.0, 0.25}});
    CHECK(forward(p) == xt::xtensor<double, 2>{{4.0, -2.0}, {-6.0, 0.125}});
    CHECK(forward(q) == xt::xtensor<double, 2>{{0.25, -2.0}, {-1.5, 2.0}});
}

TEST_CASE("unary nodes: forward against the C library, gradient through gradcheck") {
    check_unary(
        "exp", [](auto& x) { return exp(x); }, [](double v) { return std::exp(v); }, -2, 2);
    check_unary(
        "log", [](auto& x) { return log(x); }, [](double v) { return std::log(v); }, 0.2, 3);
    check_unary(
        "log1p", [](auto& x) { return log1p(x); }, [](double v) { return std::log1p(v); }, -0.5, 3);
    check_unary(
        "sqrt", [](auto& x) { return sqrt(x); }, [](double v) { return std::sqrt(v); }, 0.2, 3);
    check_unary(
        "tanh", [](auto& x) { return tanh(x); }, [](double v) { return std::tanh(v); }, -2, 2);
    check_unary(
        "logistic", [](auto& x) { return logistic(x); }, [](double v) { return 1 / (1 + std::exp(-v)); }, -3, 3);
    check_unary(
        "abs", [](auto& x) { return abs(x); }, [](double v) { return std::fabs(v); }, -2, 2);
    check_unary(
        "sign", [](auto& x) { return sign(x) * x; }, [](double v) { return v > 0 ? v : -v; }, -2, 2);
    check_unary(
        "relu", [](auto& x) { return relu(x); }, [](double v) { return std::fmax(v, 0.0); }, -2, 2);
    check_unary(
        "negate", [](auto& x) { return -x; }, [](double v) { return -v; }, -2, 2);
    check_unary(
        "signed_log1p", [](auto& x) { return signed_log1p(x); }, mockbn::oracle::g, -3, 3);
    check_unary(
        "signed_sqrt", [](auto& x) { return signed_sqrt(x); }, mockbn::oracle::f, -3, 3);
}

TEST_CASE("binary nodes: forward against the C library, gradient through gradcheck") {
    check_binary(
        "+", [](auto& x, auto& y) { return x + y; }, std::plus<>{}, -2, 2);
    check_binary(
        "-", [](auto& x, auto& y) { return x - y; }, std::minus<>{}, -2, 2);
    check_binary(
        "*", [](auto& x, auto& y) { return x * y; }, std::multiplies<>{}, -2, 2);
    check_binary(
        "/", [](auto& x, auto& y) { return x / y; }, std::divides<>{}, 0.5, 2);
    check_binary(
        "max", [](auto& x, auto& y) { return max(x, y); }, [](double a, double b) { return std::fmax(a, b); }, -2, 2);
    check_binary(
        "min", [](auto& x, auto& y) { return min(x, y); }, [](double a, double b) { return std::fmin(a, b); }, -2, 2);
    check_binary(
        "select", [](auto& x, auto& y) { return select(x > y, x * y, x - y); },
        [](double a, double b) { return a > b ? a * b : a - b; }, -2, 2);
}

TEST_CASE("broadcasting: a per-feature and a scalar operand receive the sums over what they were spread to") {
    variable<double, 2> x{uniform_matrix(rows, cols, 31)};
    variable<double, 1> b{uniform_vector(cols, 32)};
    variable<double, 0> s{xt::xtensor<double, 0>(0.5)};
    auto loss = sum(sum(x * b + s));
    forward(loss);
    backward(loss);
    for (std::size_t c = 0; c < cols; ++c) {
        double column = 0;
        for (std::size_t r = 0; r < rows; ++r) column += x.value()(r, c);
        CHECK(b.grad()(c) == doctest::Approx(column).epsilon(1e-14));
        for (std::size_t r = 0; r < rows; ++r) CHECK(x.grad()(r, c) == b.value()(c));
    }
    CHECK(s.grad()() == static_cast<double>(rows * cols));
    MOCKBN_CHECK_GRADIENT(gradcheck(loss, wrt(x, b, s)), 1e-7);
}

TEST_CASE_TEMPLATE("the fused engine: a per-row operand is spread along its row, its gradient gains the row's sum", T,
                   float, double) {
    using namespace mockbn::ad::fused;
    constexpr std::size_t n_rows = 3, n_cols = 13;  // 13: every row ends in a partial batch, whatever the SIMD width
    const auto x = uniform_matrix<T>(n_rows, n_cols, 41, 0.5, 2.0), dy = uniform_matrix<T>(n_rows, n_cols, 42);
    const std::vector<T> r{T(0.5), T(-2), T(3)};
    std::vector<T> y(x.size()), dx(x.size()), dr(n_rows, T(1));  // dr starts at 1: the sums are added to it
    // ∂f/∂r = log x; the padding lanes load x = 0, so dy · ∂f/∂r is 0 · −∞ there, which must not reach a sum.
    const auto f = [](const auto& value, const auto& row_value) { return row_value * log(value); };
    forward(f, n_rows, n_cols, y.data(), operand<T, layout::full, false>{x.data()},
            operand<T, layout::per_row, false>{r.data()});
    backward<write::assign>(f, n_rows, n_cols, dy.data(), operand<T, layout::full, true>{x.data(), dx.data()},
                            operand<T, layout::per_row, true>{r.data(), dr.data()});
    const double tolerance = std::is_same_v<T, float> ? 1e-5 : 1e-14;
    for (std::size_t row = 0; row < n_rows; ++row) {
        double sum = 1;
        for (std::size_t col = 0; col < n_cols; ++col) {
            const double value = x(row, col), upstream = dy(row, col);
            sum += upstream * std::log(value);
            CHECK(y[row * n_cols + col] == doctest::Approx(r[row] * std::log(value)).epsilon(tolerance));
            CHECK(dx[row * n_cols + col] == doctest::Approx(upstream * r[row] / value).epsilon(tolerance));
        }
        CHECK(dr[row] == doctest::Approx(sum).epsilon(tolerance));
    }
}

TEST_CASE("mismatched shapes are refused with a message naming the operands") {
    variable<double, 2> x{uniform_matrix(3, 4, 1)};
    variable<double, 2> y{uniform_matrix(3, 5, 2)};
    variable<double, 1> b{uniform_vector(5, 3)};
    auto bad_pair = x + y;
    CHECK_THROWS_WITH_AS(forward(bad_pair), "mockbn::map: operand 1 has shape (3, 5) but operand 0 has shape (3, 4)",
                         std::invalid_argument);
    auto bad_bias = x + b;
    CHECK_THROWS_WITH_AS(forward(bad_bias),
                         "mockbn::map: operand 1 has 5 values per feature row but the result has 4 features",
                         std::invalid_argument);
}

TEST_CASE("piecewise formula (the original study's mystery): value and slope on both sides of each break point") {
    constexpr double delta = 1e-7;
    for (const double breakpoint : {-2.0, 0.0, 2.0}) {
        CAPTURE(breakpoint);
        variable<double, 1> x{xt::xtensor<double, 1>{breakpoint - delta, breakpoint, breakpoint + delta}};
        auto y = map([](const auto& v) { return mockbn::mystery::apply(v); }, x);
        forward(y);
        backward(y, xt::xtensor<double, 1>{1.0, 1.0, 1.0});
        for (std::size_t i = 0; i < 3; ++i) {
            const double v = x.value()(i);
            CAPTURE(v);
            CHECK(y.value()(i) == doctest::Approx(mockbn::oracle::mystery(v)).epsilon(1e-15));
            CHECK(x.grad()(i) == doctest::Approx(mockbn::oracle::dmystery(v)).epsilon(1e-15));
        }
        // Continuity of value and slope across the break.
        CHECK(y.value()(2) - y.value()(0) ==
              doctest::Approx(2 * delta * mockbn::oracle::dmystery(breakpoint)).epsilon(1e-6));
        CHECK(x.grad()(0) == doctest::Approx(x.grad()(2)).epsilon(1e-6));
    }
}

TEST_CASE("mystery between the break points: the sqrt branches' NaN never reaches the gradient") {
    // For -2 < x < 2 both sqrt branches take the root of a negative number.
    variable<double, 2> x{uniform_matrix(rows, cols, 41, -1.9, 1.9)};
    auto loss = sum(sum(map([](const auto& v) { return mockbn::mystery::apply(v); }, x)));
    forward(loss);
    backward(loss);
    for (std::size_t i = 0; i < x.value().size(); ++i) {
        const double v = x.value().data()[i];
        CHECK(x.grad().data()[i] == doctest::Approx(mockbn::oracle::dmystery(v)).epsilon(1e-15));
    }
}

TEST_CASE("select: the gradient of the branch not taken is exactly zero where its derivative is infinite") {
    variable<double, 2> x{uniform_matrix(rows, cols, 51, 0.1, 1.0)};
    variable<double, 2> y{xt::zeros<double>({rows, cols})};  // sqrt'(0) and log'(0) are infinite
    auto loss = sum(sum(select(x > 0.0, x * 3.0, sqrt(y) + log(y))));
    forward(loss);
    backward(loss);
    for (std::size_t i = 0; i < y.value().size(); ++i) {
        CHECK(y.grad().data()[i] == 0.0);
        CHECK(x.grad().data()[i] == 3.0);
    }
}

TEST_CASE("an expression written in one go is one fused node, a named one is shared") {
    variable<double, 2> x{uniform_matrix(rows, cols, 61)};
    variable<double, 2> y{uniform_matrix(rows, cols, 62)};
    auto fused = exp(x) * 2.0 + tanh(y) / (x + 3.0);
    using fused_t = decltype(fused);
    static_assert(std::is_same_v<fused_t, map_node<std::remove_cvref_t<decltype(std::move(fused).function())>,
                                                   variable<double, 2>&, variable<double, 2>&, variable<double, 2>&>>,
                  "three operands, one node");
    auto named = x * 2.0;
    auto shared = named + named;
    static_assert(std::is_same_v<decltype(shared), map_node<std::remove_cvref_t<decltype(std::move(shared).function())>,
                                                            decltype(named)&, decltype(named)&>>,
                  "a named map is an operand, held by reference");
    // A named comparison is lazy: it is copied into the select that uses it.
    auto positive = x > 0.0;
    auto rectified = select(positive, x, 0.0);
    forward(rectified);
    for (std::size_t i = 0; i < x.value().size(); ++i)
        CHECK(rectified.value().data()[i] == std::fmax(x.value().data()[i], 0.0));
}

namespace {
// Squares its operand and counts how many SIMD batches it was called on.
struct counting_square {
    int* calls;
    template <class X>
    auto operator()(const X& x) const {
        ++*calls;
        return x * x;
    }
};
}  // namespace

TEST_CASE("a shared subexpression is evaluated once per pass and its adjoints add up") {
    variable<double, 2> x{uniform_matrix(rows, cols, 71)};
    int calls = 0;
    auto h = map(counting_square{&calls}, x);  // h = x², used three times below
    auto loss = sum(sum(h * h + h + 3.0 * h));
    const int batches = static_cast<int>((rows * cols + mockbn::simd::lanes<double> - 1) / mockbn::simd::lanes<double>);

    forward(loss);
    CHECK(calls == batches);
    backward(loss);
    CHECK(calls == 2 * batches);  // the backward pass evaluates h's partials once, not once per use

    // d/dx (h² + 4h) with h = x² is (2h + 4) · 2x.
    for (std::size_t i = 0; i < x.value().size(); ++i) {
        const double v = x.value().data()[i];
        CHECK(x.grad().data()[i] == doctest::Approx((2 * v * v + 4) * 2 * v).epsilon(1e-14));
    }
}

TEST_CASE("float and double instantiate the same expression and agree to float precision") {
    auto run = [](auto zero) {
        using T = decltype(zero);
        variable<T, 2> x{uniform_matrix<T>(5, 9, 81)};
        variable<T, 1> b{uniform_vector<T>(9, 82)};
        auto loss = sum(mean(select(x + b >= T(0), log1p(x + b), -log1p(-(x + b))) * logistic(x)));
        forward(loss);
        backward(loss);
        return std::make_tuple(loss.value()(), xt::xtensor<double, 2>(xt::cast<double>(x.grad())),
                               xt::xtensor<double, 1>(xt::cast<double>(b.grad())));
    };
    const auto [loss_f, gx_f, gb_f] = run(0.0f);
    const auto [loss_d, gx_d, gb_d] = run(0.0);
    CHECK(loss_f == doctest::Approx(loss_d).epsilon(1e-5));
    for (std::size_t i = 0; i < gx_d.size(); ++i)
        CHECK(gx_f.data()[i] == doctest::Approx(gx_d.data()[i]).epsilon(1e-5));
    for (std::size_t i = 0; i < gb_d.size(); ++i)
        CHECK(gb_f.data()[i] == doctest::Approx(gb_d.data()[i]).epsilon(1e-5));
}

TEST_CASE("non-finite input propagates elementwise, without exceptions") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    variable<double, 2> x{xt::xtensor<double, 2>{{1.0, nan, 2.0}, {inf, -1.0, 0.5}}};
    auto y = tanh(x) * x + exp(x);
    CHECK_NOTHROW(forward(y));
    CHECK(std::isnan(y.value()(0, 1)));
    CHECK(std::isinf(y.value()(1, 0)));
    CHECK(std::isfinite(y.value()(0, 0)));
    CHECK(std::isfinite(y.value()(1, 2)));
    auto loss = sum(sum(y));
    CHECK_NOTHROW(forward(loss));
    CHECK(std::isnan(loss.value()()));
    CHECK_NOTHROW(backward(loss));
    CHECK(std::isnan(x.grad()(0, 1)));
    CHECK(std::isfinite(x.grad()(0, 0)));
}
