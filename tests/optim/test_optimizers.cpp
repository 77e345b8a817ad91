// The optimizers: one and three steps against hand-computed values,
// convergence on a quadratic and on the Rosenbrock function, the step
// counter, and bad hyper-parameters.
#include <array>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/optim.hpp"
#include "oracles.hpp"

using namespace mockbn;

namespace {

// Scalar references written from the formulas in the headers, one parameter at a time.
struct sgd_reference {
    double lr, mu, decay;
    bool nesterov;
    double v = 0;
    double step(double theta, double g) {
        g += decay * theta;
        if (mu > 0) {
            v = mu * v + g;
            g = nesterov ? g + mu * v : v;
        }
        return theta - lr * g;
    }
};

struct rmsprop_reference {
    double lr, alpha, eps, mu, decay;
    double s = 0, b = 0;
    double step(double theta, double g) {
        g += decay * theta;
        s = alpha * s + (1 - alpha) * g * g;
        double d = g / (std::sqrt(s) + eps);
        if (mu > 0) d = b = mu * b + d;
        return theta - lr * d;
    }
};

struct adam_reference {
    double lr, b1, b2, eps, decay;
    double m = 0, v = 0;
    int t = 0;
    double step(double theta, double g) {
        ++t;
        g += decay * theta;
        m = b1 * m + (1 - b1) * g;
        v = b2 * v + (1 - b2) * g * g;
        const double mhat = m / (1 - std::pow(b1, t)), vhat = v / (1 - std::pow(b2, t));
        return theta - lr * mhat / (std::sqrt(vhat) + eps);
    }
};

// Three steps on 19 parameters (more than two SIMD batches, with a tail), each
// with its own gradient sequence; every parameter checked against its reference.
template <class Optimizer, class Reference>
void check_three_steps(Optimizer optimizer, Reference prototype) {
    constexpr std::size_t n = 19;
    std::vector<double> theta(n), gradient(n);
    std::vector<Reference> reference(n, prototype);
    std::vector<double> expected(n);
    for (std::size_t i = 0; i < n; ++i) expected[i] = theta[i] = 0.1 * static_cast<double>(i) - 0.9;
    for (int step = 1; step <= 3; ++step) {
        for (std::size_t i = 0; i < n; ++i) {
            gradient[i] = std::sin(1.0 + static_cast<double>(i) + step) * (1 + 0.5 * step);
            expected[i] = reference[i].step(expected[i], gradient[i]);
        }
        optimizer.step(theta, gradient);
        CHECK(optimizer.steps() == static_cast<std::uint64_t>(step));
        for (std::size_t i = 0; i < n; ++i) CHECK(oracle::error(theta[i], expected[i]) <= 1e-14);
    }
}

template <class Optimizer, class Gradient>
std::array<double, 2> minimize(Optimizer optimizer, std::array<double, 2> start, Gradient gradient, int steps) {
    std::vector<double> theta(start.begin(), start.end()), g(2);
    for (int i = 0; i < steps; ++i) {
        const auto d = gradient(theta[0], theta[1]);
        g[0] = d[0];
        g[1] = d[1];
        optimizer.step(theta, g);
    }
    return {theta[0], theta[1]};
}

// f = (x − 3)² + 10 (y + 2)², minimum at (3, −2).
std::array<double, 2> quadratic(double x, double y) { return {2 * (x - 3), 20 * (y + 2)}; }
// f = (1 − x)² + 100 (y − x²)², minimum at (1, 1).
std::array<double, 2> rosenbrock(double x, double y) {
    return {-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)};
}

}  // namespace

TEST_CASE("sgd: one step by hand, then three against the formula, with each option") {
    std::vector<double> theta{1.0, -2.0};
    const std::vector<double> gradient{0.5, -1.5};
    basic_sgd<double> plain{{.learning_rate = 0.1}};
    plain.step(theta, gradient);
    CHECK(theta[0] == doctest::Approx(0.95).epsilon(1e-15));
    CHECK(theta[1] == doctest::Approx(-1.85).epsilon(1e-15));

    check_three_steps(basic_sgd<double>{{.learning_rate = 0.1}}, sgd_reference{0.1, 0, 0, false});
    check_three_steps(basic_sgd<double>{{.learning_rate = 0.1, .momentum = 0.9}}, sgd_reference{0.1, 0.9, 0, false});
    check_three_steps(
        basic_sgd<double>{{.learning_rate = 0.05, .momentum = 0.8, .nesterov = true, .weight_decay = 0.01}},
        sgd_reference{0.05, 0.8, 0.01, true});
}

TEST_CASE("rmsprop: one step by hand, then three against the formula") {
    // s = 0.01 g², so the first step is lr · g / (0.1 |g| + ε).
    std::vector<double> theta{1.0};
    const std::vector<double> gradient{0.5};
    basic_rmsprop<double> first{{.learning_rate = 0.01}};
    first.step(theta, gradient);
    CHECK(theta[0] == doctest::Approx(1.0 - 0.01 * 0.5 / (0.05 + 1e-8)).epsilon(1e-15));

    check_three_steps(basic_rmsprop<double>{}, rmsprop_reference{0.01, 0.99, 1e-8, 0, 0});
    check_three_steps(
        basic_rmsprop<double>{{.learning_rate = 0.02, .alpha = 0.9, .momentum = 0.5, .weight_decay = 0.1}},
        rmsprop_reference{0.02, 0.9, 1e-8, 0.5, 0.1});
}

TEST_CASE("adam: one step by hand, then three against the formula, the bias correction advances once per step") {
    // After one step m̂ = g and v̂ = g², so θ moves by lr · g / (|g| + ε).
    std::vector<double> theta{1.0, -2.0};
    const std::vector<double> gradient{0.5, -1.5};
    basic_adam<double> first{{.learning_rate = 0.1}};
    first.step(theta, gradient);
    CHECK(theta[0] == doctest::Approx(1.0 - 0.1 * 0.5 / (0.5 + 1e-8)).epsilon(1e-15));
    CHECK(theta[1] == doctest::Approx(-2.0 + 0.1 * 1.5 / (1.5 + 1e-8)).epsilon(1e-15));

    check_three_steps(basic_adam<double>{}, adam_reference{1e-3, 0.9, 0.999, 1e-8, 0});
    check_three_steps(basic_adam<double>{{.learning_rate = 0.01, .beta1 = 0.8, .beta2 = 0.99, .weight_decay = 0.05}},
                      adam_reference{0.01, 0.8, 0.99, 1e-8, 0.05});
}

TEST_CASE("convergence on a quadratic") {
    const std::array<double, 2> start{-1.0, 4.0};
    for (const auto& at : {minimize(basic_sgd<double>{{.learning_rate = 0.02}}, start, quadratic, 2000),
                           minimize(basic_sgd<double>{{.learning_rate = 0.01, .momentum = 0.9, .nesterov = true}},
                                    start, quadratic, 2000),
                           minimize(basic_rmsprop<double>{{.learning_rate = 1e-3}}, start, quadratic, 10000),
                           minimize(basic_adam<double>{{.learning_rate = 0.05}}, start, quadratic, 5000)}) {
        CHECK(at[0] == doctest::Approx(3.0).epsilon(1e-3));
        CHECK(at[1] == doctest::Approx(-2.0).epsilon(1e-3));
    }
}

TEST_CASE("convergence on the Rosenbrock function from (−1.2, 1)") {
    const std::array<double, 2> start{-1.2, 1.0};
    for (const auto& at :
         {minimize(basic_sgd<double>{{.learning_rate = 1e-3, .momentum = 0.9}}, start, rosenbrock, 20000),
          minimize(basic_rmsprop<double>{{.learning_rate = 1e-4}}, start, rosenbrock, 50000),
          minimize(basic_adam<double>{{.learning_rate = 0.01}}, start, rosenbrock, 20000)}) {
        CAPTURE(at[0]);
        CAPTURE(at[1]);
        CHECK(std::fabs(at[0] - 1) < 1e-2);
        CHECK(std::fabs(at[1] - 1) < 2e-2);
    }
}

TEST_CASE("the state belongs to one buffer, bad hyper-parameters are named") {
    basic_adam<double> adam{};
    std::vector<double> a(3), ga(3), b(4), gb(4);
    adam.step(a, ga);
    CHECK_THROWS_WITH_AS(adam.step(b, gb),
                         "mockbn::adam: the state was made for 3 parameters, not 4: use one optimizer per network",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(adam.step(a, gb), "mockbn::adam: 3 parameters but 4 gradients", std::invalid_argument);
    CHECK_THROWS_WITH_AS(basic_sgd<double>({.learning_rate = -1}),
                         "mockbn::sgd: hyper-parameter learning_rate must be finite and >= 0", std::invalid_argument);
    CHECK_THROWS_WITH_AS(basic_sgd<double>({.nesterov = true}),
                         "mockbn::sgd: hyper-parameter nesterov needs a momentum > 0", std::invalid_argument);
    CHECK_THROWS_WITH_AS(basic_adam<double>({.beta2 = 1.0}), "mockbn::adam: hyper-parameter beta2 must be in [0, 1)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(basic_rmsprop<double>({.epsilon = 0}),
                         "mockbn::rmsprop: hyper-parameter epsilon must be finite and > 0", std::invalid_argument);
    adam.reset();
    CHECK(adam.steps() == 0);
    adam.step(b, gb);
    CHECK(adam.steps() == 1);
}
