// The graph drivers: ordering, adjoint reset, shared nodes, closures.
#include <stdexcept>

#include <doctest/doctest.h>

#include "mockbn/autodiff.hpp"
#include "support.hpp"

using namespace mockbn::ad;
using mockbn::testing::uniform_matrix;

TEST_CASE("backward before any forward pass is refused") {
    variable<double, 2> x{uniform_matrix(2, 2, 1)};
    auto loss = sum(sum(x * x));
    CHECK_THROWS_AS(backward(loss), std::logic_error);
}

TEST_CASE("adjoints are reset at the start of each backward pass") {
    variable<double, 2> x{uniform_matrix(3, 4, 2)};
    auto loss = sum(sum(x * x));
    forward(loss);
    backward(loss);
    const auto first = x.grad();
    backward(loss);
    CHECK(x.grad() == first);
    for (std::size_t i = 0; i < x.value().size(); ++i) CHECK(first.data()[i] == 2 * x.value().data()[i]);
}

TEST_CASE("a node shared by two consumers: computed once, adjoint complete before it propagates") {
    // h = x·W feeds both a tanh branch and a plain sum; W's gradient needs both.
    variable<double, 2> x{uniform_matrix(5, 3, 3)};
    variable<double, 2> w{uniform_matrix(3, 4, 4)};
    auto h = matmul(x, w);
    auto loss = sum(sum(tanh(h))) + sum(sum(h)) * 0.25;
    forward(loss);
    backward(loss);
    // dL/dh = (1 - tanh²(h)) + 0.25, and dL/dW = x^T · dL/dh.
    for (std::size_t i = 0; i < 3; ++i) {
        for (std::size_t j = 0; j < 4; ++j) {
            double expected = 0;
            for (std::size_t r = 0; r < 5; ++r) {
                const double t = std::tanh(h.value()(r, j));
                expected += x.value()(r, i) * (1 - t * t + 0.25);
            }
            CHECK(w.grad()(i, j) == doctest::Approx(expected).epsilon(1e-14));
        }
    }
    MOCKBN_CHECK_GRADIENT(gradcheck(loss, wrt(x, w)), 1e-7);
}

TEST_CASE("a new forward pass sees changed variable values") {
    variable<double, 2> x{xt::xtensor<double, 2>{{1.0, 2.0}}};
    auto y = sum(sum(x * 3.0));
    CHECK(forward(y)() == 9.0);
    x.value()(0, 1) = 5.0;
    CHECK(forward(y)() == 18.0);
}

namespace {
// Everything built here is a temporary: the returned expression must own it.
auto make_expression(variable<double, 2>& x) { return sum(sum(exp(x * 0.5) + matmul(x, transpose(x)) * 0.0)); }
}  // namespace

TEST_CASE("an expression returned from a function owns its temporaries (closure rule)") {
    variable<double, 2> x{uniform_matrix(2, 2, 5)};
    auto loss = make_expression(x);
    double expected = 0;
    for (std::size_t i = 0; i < 4; ++i) expected += std::exp(0.5 * x.value().data()[i]);
    CHECK(forward(loss)() == doctest::Approx(expected).epsilon(1e-14));
    backward(loss);
    for (std::size_t i = 0; i < 4; ++i)
        CHECK(x.grad().data()[i] == doctest::Approx(0.5 * std::exp(0.5 * x.value().data()[i])).epsilon(1e-14));
}

TEST_CASE("constants receive no adjoint and a constant-only branch is skipped backward") {
    variable<double, 2> x{uniform_matrix(2, 3, 6)};
    constant<double, 2> c{uniform_matrix(2, 3, 7)};
    auto loss = sum(sum(x * c + exp(c)));
    forward(loss);
    backward(loss);
    CHECK(x.grad() == c.value());
    CHECK(c.adjoint().size() == 0);
}

TEST_CASE("a vector root takes a seed of its shape") {
    variable<double, 2> x{uniform_matrix(3, 2, 8)};
    auto column_sums = sum(x * x);
    forward(column_sums);
    backward(column_sums, xt::xtensor<double, 1>{1.0, -2.0});
    for (std::size_t r = 0; r < 3; ++r) {
        CHECK(x.grad()(r, 0) == 2 * x.value()(r, 0));
        CHECK(x.grad()(r, 1) == -4 * x.value()(r, 1));
    }
    CHECK_THROWS_AS(backward(column_sums, xt::xtensor<double, 1>{1.0}), std::invalid_argument);
}
