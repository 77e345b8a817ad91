// Dual numbers: values and partials of every elementary operation against
// hand-derived closed forms, structural sparsity, and select's guarantee.
#include <cmath>
#include <limits>

#include <doctest/doctest.h>

#include "mockbn/core/dual.hpp"
#include "mockbn/core/simd.hpp"

using mockbn::ad::dual;

namespace {

using x_only = dual<double, 0b01>;
using y_only = dual<double, 0b10>;

x_only seed_x(double v) { return {v, {1.0}}; }
y_only seed_y(double v) { return {v, {1.0}}; }

template <class D>
double partial(const D& d, unsigned slot) {
    std::size_t position = 0;
    for (unsigned s = 0; s < slot; ++s) position += (D::slots >> s) & 1u;
    REQUIRE(((D::slots >> slot) & 1u) == 1u);
    return d.partial[position];
}

constexpr double tight = 1e-15;

}  // namespace

TEST_CASE("dual arithmetic: values and both partials") {
    const auto x = seed_x(1.5);
    const auto y = seed_y(-0.75);

    const auto sum = x + y;
    CHECK(sum.value == doctest::Approx(0.75).epsilon(tight));
    CHECK(partial(sum, 0) == 1.0);
    CHECK(partial(sum, 1) == 1.0);

    const auto difference = x - y;
    CHECK(difference.value == 2.25);
    CHECK(partial(difference, 1) == -1.0);

    const auto product = x * y;
    CHECK(product.value == -1.125);
    CHECK(partial(product, 0) == -0.75);
    CHECK(partial(product, 1) == 1.5);

    const auto quotient = x / y;
    CHECK(quotient.value == -2.0);
    CHECK(partial(quotient, 0) == doctest::Approx(1 / -0.75).epsilon(tight));
    CHECK(partial(quotient, 1) == doctest::Approx(-1.5 / (0.75 * 0.75)).epsilon(tight));

    const auto negated = -x;
    CHECK(negated.value == -1.5);
    CHECK(partial(negated, 0) == -1.0);
}

TEST_CASE("dual arithmetic with plain constants on either side") {
    const auto x = seed_x(2.0);
    const auto a = 3.0 * x + 1;
    CHECK(a.value == 7.0);
    CHECK(partial(a, 0) == 3.0);
    const auto b = 1.0 / x;
    CHECK(b.value == 0.5);
    CHECK(partial(b, 0) == -0.25);
    const auto c = 4 - x;
    CHECK(c.value == 2.0);
    CHECK(partial(c, 0) == -1.0);
    static_assert(decltype(a)::slots == 0b01, "a constant adds no slot");
}

TEST_CASE("elementary functions: value and derivative against closed forms") {
    for (const double v : {-2.5, -0.3, 0.4, 1.7}) {
        CAPTURE(v);
        const auto x = seed_x(v);
        const double s = 1 / (1 + std::exp(-v));
        CHECK(exp(x).value == doctest::Approx(std::exp(v)).epsilon(tight));
        CHECK(partial(exp(x), 0) == doctest::Approx(std::exp(v)).epsilon(tight));
        CHECK(tanh(x).value == doctest::Approx(std::tanh(v)).epsilon(tight));
        CHECK(partial(tanh(x), 0) == doctest::Approx(1 - std::tanh(v) * std::tanh(v)).epsilon(tight));
        CHECK(logistic(x).value == doctest::Approx(s).epsilon(tight));
        CHECK(partial(logistic(x), 0) == doctest::Approx(s * (1 - s)).epsilon(tight));
        CHECK(abs(x).value == std::fabs(v));
        CHECK(partial(abs(x), 0) == (v > 0 ? 1.0 : -1.0));
        CHECK(sign(x).value == (v > 0 ? 1.0 : -1.0));
        CHECK(relu(x).value == std::fmax(v, 0.0));
        CHECK(partial(relu(x), 0) == (v > 0 ? 1.0 : 0.0));
        if (v > -1) {
            CHECK(log1p(x).value == doctest::Approx(std::log1p(v)).epsilon(tight));
            CHECK(partial(log1p(x), 0) == doctest::Approx(1 / (1 + v)).epsilon(tight));
        }
        if (v > 0) {
            CHECK(log(x).value == doctest::Approx(std::log(v)).epsilon(tight));
            CHECK(partial(log(x), 0) == doctest::Approx(1 / v).epsilon(tight));
            CHECK(sqrt(x).value == doctest::Approx(std::sqrt(v)).epsilon(tight));
            CHECK(partial(sqrt(x), 0) == doctest::Approx(0.5 / std::sqrt(v)).epsilon(tight));
        }
    }
    static_assert(decltype(sign(seed_x(1.0)))::slots == 0, "sign carries no partial");
}

TEST_CASE("kinks follow the common frameworks: abs'(0) = relu'(0) = 0, max takes the second at a tie") {
    const auto x = seed_x(0.0);
    CHECK(partial(abs(x), 0) == 0.0);
    CHECK(partial(relu(x), 0) == 0.0);
    CHECK(sign(x).value == 0.0);
    const auto m = max(seed_x(1.0), seed_y(1.0));
    CHECK(partial(m, 0) == 0.0);
    CHECK(partial(m, 1) == 1.0);
    const auto lower = min(seed_x(-1.0), seed_y(2.0));
    CHECK(lower.value == -1.0);
    CHECK(partial(lower, 0) == 1.0);
    CHECK(partial(lower, 1) == 0.0);
}

TEST_CASE("a partial that is structurally zero is never computed, so 0 * inf cannot poison it") {
    // f(x, y) = sqrt(x) * y at x = 0: df/dx is infinite, df/dy = sqrt(0) = 0 exactly.
    const auto f = sqrt(seed_x(0.0)) * seed_y(3.0);
    CHECK(std::isinf(partial(f, 0)));
    CHECK(partial(f, 1) == 0.0);
}

TEST_CASE("select: the branch not taken contributes exactly nothing, even NaN or infinite derivatives") {
    // Taken: x; not taken: sqrt(y) at y = 0 (infinite derivative) and log(y) there (NaN-free but -inf value).
    const auto x = seed_x(0.7);
    const auto y = seed_y(0.0);
    const auto f = select(x > 0, x, sqrt(y) + log(y));
    CHECK(f.value == 0.7);
    CHECK(partial(f, 0) == 1.0);
    CHECK(partial(f, 1) == 0.0);

    // The original study's sqrt-based f at x = 0.5: the negative branch takes sqrt(1 - 2) = NaN.
    const auto z = seed_x(0.5);
    const auto g = select(z >= 0, (-1 + sqrt(1 + 4 * z)) / 2, (1 - sqrt(1 - 4 * z)) / 2);
    CHECK(g.value == doctest::Approx((-1 + std::sqrt(3.0)) / 2).epsilon(tight));
    CHECK(partial(g, 0) == doctest::Approx(1 / std::sqrt(3.0)).epsilon(tight));
}

TEST_CASE("NaN in, NaN out, and no exception") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto x = seed_x(nan);
    CHECK(std::isnan(exp(x).value));
    CHECK(std::isnan(partial(exp(x), 0)));
    CHECK(std::isnan((x * 2.0).value));
    CHECK(std::isnan(sign(x).value));
    CHECK(std::isnan(tanh(x).value));
}

TEST_CASE("batched duals agree with scalar duals lane by lane") {
    using batch = mockbn::simd::batch<double>;
    constexpr std::size_t lanes = mockbn::simd::lanes<double>;
    alignas(64) double values[lanes];
    for (std::size_t lane = 0; lane < lanes; ++lane) values[lane] = -1.3 + 0.9 * static_cast<double>(lane);
    const dual<batch, 1> xb{batch::load_aligned(values), {batch(1.0)}};
    const auto fb = select(xb >= 0, log1p(xb * 2.0), -log1p(-xb)) * logistic(xb);
    alignas(64) double out_value[lanes], out_partial[lanes];
    fb.value.store_aligned(out_value);
    fb.partial[0].store_aligned(out_partial);
    for (std::size_t lane = 0; lane < lanes; ++lane) {
        const dual<double, 1> xs{values[lane], {1.0}};
        const auto fs = select(xs >= 0, log1p(xs * 2.0), -log1p(-xs)) * logistic(xs);
        CHECK(out_value[lane] == doctest::Approx(fs.value).epsilon(1e-14));
        CHECK(out_partial[lane] == doctest::Approx(fs.partial[0]).epsilon(1e-14));
    }
}
