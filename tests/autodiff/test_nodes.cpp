// Matrix product, reductions and the softmax cross-entropy: forward against
// hand-computed values, gradients through gradcheck, and their errors.
#include <cmath>
#include <limits>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/autodiff.hpp"
#include "support.hpp"

using namespace mockbn::ad;
using mockbn::testing::uniform_matrix;

TEST_CASE("matmul: forward against a hand-computed product") {
    variable<double, 2> a{xt::xtensor<double, 2>{{1, 2, 3}, {4, 5, 6}}};
    variable<double, 2> b{xt::xtensor<double, 2>{{7, 8}, {9, 10}, {11, 12}}};
    auto c = matmul(a, b);
    CHECK(forward(c) == xt::xtensor<double, 2>{{58, 64}, {139, 154}});
    auto ct = matmul(transpose(b), transpose(a));  // (ab)^T
    CHECK(forward(ct) == xt::xtensor<double, 2>{{58, 139}, {64, 154}});
}

TEST_CASE("matmul: every transpose combination matches the plain product and passes gradcheck") {
    variable<double, 2> a{uniform_matrix(4, 3, 1)};
    variable<double, 2> b{uniform_matrix(3, 5, 2)};
    variable<double, 2> at{xt::xtensor<double, 2>(xt::transpose(a.value()))};
    variable<double, 2> bt{xt::xtensor<double, 2>(xt::transpose(b.value()))};
    auto reference = matmul(a, b);
    forward(reference);
    auto check = [&](auto& product, auto&... wrt_vars) {
        const auto& value = forward(product);
        REQUIRE(value.shape() == reference.value().shape());
        for (std::size_t i = 0; i < value.size(); ++i)
            CHECK(value.data()[i] == doctest::Approx(reference.value().data()[i]).epsilon(1e-14));
        auto loss = sum(sum(tanh(product)));
        MOCKBN_CHECK_GRADIENT(gradcheck(loss, wrt(wrt_vars...)), 1e-7);
    };
    auto nn = matmul(a, b);
    auto tn = matmul(transpose(at), b);
    auto nt = matmul(a, transpose(bt));
    auto tt = matmul(transpose(at), transpose(bt));
    check(nn, a, b);
    check(tn, at, b);
    check(nt, a, bt);
    check(tt, at, bt);
}

TEST_CASE("matmul: a dense layer x·W + b passes gradcheck in all its parameters") {
    variable<double, 2> x{uniform_matrix(6, 4, 3)};
    variable<double, 2> w{uniform_matrix(4, 5, 4)};
    variable<double, 1> b{mockbn::testing::uniform_vector(5, 5)};
    auto loss = sum(sum(logistic(matmul(x, w) + b)));
    MOCKBN_CHECK_GRADIENT(gradcheck(loss, wrt(x, w, b)), 1e-7);
}

TEST_CASE("matmul: mismatched inner dimensions are refused with both shapes") {
    variable<double, 2> a{uniform_matrix(2, 3, 1)};
    variable<double, 2> b{uniform_matrix(4, 2, 2)};
    auto c = matmul(a, b);
    CHECK_THROWS_WITH_AS(forward(c), "mockbn::matmul: inner dimensions differ: (2 x 3) times (4 x 2)",
                         std::invalid_argument);
}

TEST_CASE("reductions over the batch axis: literal values") {
    variable<double, 2> x{xt::xtensor<double, 2>{{1, 2}, {3, 6}, {5, 1}}};
    auto s = sum(x);
    auto m = mean(x);
    auto v = variance(x);
    CHECK(forward(s) == xt::xtensor<double, 1>{9, 9});
    CHECK(forward(m) == xt::xtensor<double, 1>{3, 3});
    // biased: ((1-3)² + 0 + (5-3)²)/3 and ((2-3)² + (6-3)² + (1-3)²)/3
    const auto& var = forward(v);
    CHECK(var(0) == doctest::Approx(8.0 / 3).epsilon(1e-15));
    CHECK(var(1) == doctest::Approx(14.0 / 3).epsilon(1e-15));
    auto total = sum(sum(x));
    CHECK(forward(total)() == 18.0);
}

TEST_CASE("reductions: gradcheck, including the variance through its own mean") {
    variable<double, 2> x{uniform_matrix(7, 5, 9)};
    auto loss = sum(sum(x) * 0.5 + mean(x) * mean(x) + sqrt(variance(x) + 1e-5));
    MOCKBN_CHECK_GRADIENT(gradcheck(loss, wrt(x)), 1e-7);
    variable<double, 1> v{mockbn::testing::uniform_vector(9, 10)};
    auto scalar_loss = variance(v) + mean(v) * sum(v);
    MOCKBN_CHECK_GRADIENT(gradcheck(scalar_loss, wrt(v)), 1e-7);
}

TEST_CASE("reductions over zero rows: the sum is 0, the mean and variance are NaN") {
    variable<double, 2> x{xt::xtensor<double, 2>::from_shape({0, 3})};
    auto s = sum(x);
    auto m = mean(x);
    auto v = variance(x);
    CHECK(forward(s) == xt::xtensor<double, 1>{0, 0, 0});
    CHECK(std::isnan(forward(m)(0)));
    CHECK(std::isnan(forward(v)(0)));
}

TEST_CASE("softmax cross-entropy: forward against a hand computation") {
    variable<double, 2> z{xt::xtensor<double, 2>{{1.0, 2.0, 0.5}, {-1.0, 0.0, 3.0}}};
    std::vector<int> labels{1, 0};
    auto loss = softmax_cross_entropy(z, labels);
    const double row0 = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(0.5)) - 2.0;
    const double row1 = std::log(std::exp(-1.0) + std::exp(0.0) + std::exp(3.0)) + 1.0;
    CHECK(forward(loss)() == doctest::Approx((row0 + row1) / 2).epsilon(1e-15));
    backward(loss);
    const double p00 = std::exp(1.0) / (std::exp(1.0) + std::exp(2.0) + std::exp(0.5));
    CHECK(z.grad()(0, 0) == doctest::Approx(p00 / 2).epsilon(1e-15));
}

TEST_CASE("softmax cross-entropy: stable for huge logits, and gradcheck") {
    variable<double, 2> big{xt::xtensor<double, 2>{{1000.0, 0.0}, {0.0, 1000.0}}};
    std::vector<int> labels{1, 1};
    auto loss = softmax_cross_entropy(big, labels);
    CHECK(forward(loss)() == doctest::Approx(500.0).epsilon(1e-15));

    variable<double, 2> x{uniform_matrix(6, 4, 12)};
    variable<double, 2> w{uniform_matrix(4, 10, 13, -2, 2)};
    std::vector<long> targets{0, 9, 3, 3, 7, 1};
    auto ce = softmax_cross_entropy(matmul(x, w), targets);
    MOCKBN_CHECK_GRADIENT(gradcheck(ce, wrt(x, w)), 1e-7);
}

TEST_CASE("softmax cross-entropy: bad labels are refused with the row and the label") {
    variable<double, 2> z{uniform_matrix(3, 4, 14)};
    std::vector<int> out_of_range{0, 4, 1};
    auto loss = softmax_cross_entropy(z, out_of_range);
    CHECK_THROWS_WITH_AS(forward(loss), "mockbn::softmax_cross_entropy: label 4 in row 1 is outside [0, 4)",
                         std::invalid_argument);
    auto wrong_count = softmax_cross_entropy(z, std::vector<int>{0, 1});
    CHECK_THROWS_WITH_AS(forward(wrong_count), "mockbn::softmax_cross_entropy: 2 labels for 3 rows of logits",
                         std::invalid_argument);
}

TEST_CASE("non-finite logits give a non-finite loss and no exception") {
    variable<double, 2> z{xt::xtensor<double, 2>{{std::numeric_limits<double>::quiet_NaN(), 1.0}, {0.0, 1.0}}};
    std::vector<int> labels{0, 1};
    auto loss = softmax_cross_entropy(matmul(z, z), labels);
    CHECK_NOTHROW(forward(loss));
    CHECK(std::isnan(loss.value()()));
    CHECK_NOTHROW(backward(loss));
}
