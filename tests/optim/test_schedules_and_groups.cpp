// Learning-rate schedules and parameter groups of the optimizer skeleton:
// each schedule's multiplier against its closed form, an optimizer under a
// schedule against the rule's formula at the scheduled rate, groups against
// separate optimizers at the scaled rates (bit for bit), groups of scale 1
// against no groups (bit for bit), and the errors.
#include <cmath>
#include <cstddef>
#include <numbers>
#include <stdexcept>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/layers.hpp"
#include "mockbn/optim.hpp"
#include "mockbn/transforms.hpp"

using namespace mockbn;

namespace {

constexpr std::size_t n = 37;  // several SIMD batches with a tail, in float and double

// Gradient i at step s: varied, of both signs, never zero.
template <class T>
std::vector<T> gradient_at(int step) {
    std::vector<T> g(n);
    for (std::size_t i = 0; i < n; ++i) g[i] = static_cast<T>(std::sin(0.7 * static_cast<double>(i) + step) + 0.05);
    return g;
}

template <class T>
std::vector<T> start() {
    std::vector<T> theta(n);
    for (std::size_t i = 0; i < n; ++i) theta[i] = static_cast<T>(0.05 * static_cast<double>(i) - 0.8);
    return theta;
}

template <class Optimizer>
auto run(Optimizer optimizer, int steps) {
    using T = typename Optimizer::value_type;
    auto theta = start<T>();
    for (int s = 1; s <= steps; ++s) optimizer.step(theta, gradient_at<T>(s));
    return theta;
}

}  // namespace

TEST_CASE("each schedule's multiplier is its closed form") {
    const constant_rate constant;
    CHECK(constant.multiplier(1) == 1.0);
    CHECK(constant.multiplier(123456) == 1.0);

    const step_decay steps{.every = 3, .factor = 0.5};
    for (std::uint64_t t = 1; t <= 10; ++t)
        CHECK(steps.multiplier(t) == std::pow(0.5, static_cast<double>((t - 1) / 3)));
    CHECK(steps.multiplier(3) == 1.0);
    CHECK(steps.multiplier(4) == 0.5);

    const cosine_decay cosine{.steps = 100, .floor = 0.1};
    CHECK(cosine.multiplier(1) == 1.0);
    CHECK(cosine.multiplier(51) == doctest::Approx(0.55).epsilon(1e-15));
    CHECK(cosine.multiplier(26) ==
          doctest::Approx(0.1 + 0.9 * (1 + std::cos(std::numbers::pi / 4)) / 2).epsilon(1e-15));
    CHECK(cosine.multiplier(101) == doctest::Approx(0.1).epsilon(1e-15));
    CHECK(cosine.multiplier(5000) == doctest::Approx(0.1).epsilon(1e-15));

    const schedule_choice<constant_rate, step_decay, cosine_decay> chosen{cosine};
    CHECK(chosen.multiplier(26) == cosine.multiplier(26));
}

TEST_CASE("an optimizer under a schedule steps at the scheduled rate, for any rule") {
    // SGD without momentum: θ_s = θ_{s−1} − lr · multiplier(s) · g_s, exactly as a rate set by hand each step.
    const step_decay decay{.every = 2, .factor = 0.25};
    optimizer<sgd_rule, double, step_decay> scheduled({.learning_rate = 0.1}, decay);
    basic_sgd<double> by_hand({.learning_rate = 0.1});
    auto a = start<double>(), b = start<double>();
    for (int s = 1; s <= 7; ++s) {
        CHECK(scheduled.current_rate() == 0.1 * decay.multiplier(static_cast<std::uint64_t>(s)));
        scheduled.step(a, gradient_at<double>(s));
        by_hand.settings().learning_rate = 0.1 * decay.multiplier(static_cast<std::uint64_t>(s));
        by_hand.step(b, gradient_at<double>(s));
        CHECK(a == b);
    }
    // Adam's moments and bias correction do not depend on the rate, so the same holds for it.
    const cosine_decay cosine{.steps = 5};
    optimizer<adam_rule, float, cosine_decay> adam_scheduled({.learning_rate = 0.01}, cosine);
    basic_adam<float> adam_by_hand({.learning_rate = 0.01});
    auto c = start<float>(), d = start<float>();
    for (int s = 1; s <= 7; ++s) {
        adam_scheduled.step(c, gradient_at<float>(s));
        adam_by_hand.settings().learning_rate = 0.01 * cosine.multiplier(static_cast<std::uint64_t>(s));
        adam_by_hand.step(d, gradient_at<float>(s));
        CHECK(c == d);
    }
    CHECK_THROWS_WITH_AS((optimizer<sgd_rule, double, step_decay>({}, step_decay{.every = 0})),
                         "mockbn::step_decay: every must be at least 1 step", std::invalid_argument);
    CHECK_THROWS_WITH_AS((optimizer<sgd_rule, double, cosine_decay>({}, cosine_decay{.floor = 2})),
                         "mockbn::cosine_decay: floor must be in [0, 1]", std::invalid_argument);
}

TEST_CASE_TEMPLATE("a group learns at its own rate: the same bits as a separate optimizer at that rate", O,
                   basic_sgd<float>, basic_rmsprop<float>, basic_adam<float>, basic_adam<double>) {
    using T = typename O::value_type;
    // Parameters [5, 18) at ten times the rate, [30, 33) frozen (scale 0), the rest at the rate itself.
    O grouped({.learning_rate = 0.003});
    grouped.set_groups({{.offset = 30, .count = 3, .rate_scale = 0}, {.offset = 5, .count = 13, .rate_scale = 10}});
    const auto theta = run(grouped, 6);

    auto part = [&](double scale, std::size_t from, std::size_t to) {
        O alone({.learning_rate = 0.003 * scale});
        auto all = run(alone, 6);
        return std::vector<T>(all.begin() + static_cast<std::ptrdiff_t>(from),
                              all.begin() + static_cast<std::ptrdiff_t>(to));
    };
    auto slice = [&](std::size_t from, std::size_t to) {
        return std::vector<T>(theta.begin() + static_cast<std::ptrdiff_t>(from),
                              theta.begin() + static_cast<std::ptrdiff_t>(to));
    };
    CHECK(slice(0, 5) == part(1, 0, 5));
    CHECK(slice(5, 18) == part(10, 5, 18));
    CHECK(slice(18, 30) == part(1, 18, 30));
    const auto initial = start<T>();
    CHECK(slice(30, 33) == std::vector<T>(initial.begin() + 30, initial.begin() + 33));
    CHECK(slice(33, n) == part(1, 33, n));
}

TEST_CASE("groups of scale 1 change no bit, and a model's part is found by its span") {
    basic_adam<float> plain({.learning_rate = 0.01});
    basic_adam<float> grouped({.learning_rate = 0.01});
    const std::vector<float> buffer(n);
    const std::span whole(buffer);
    grouped.set_groups(
        {parameter_group::of(whole, whole.subspan(3, 11), 1.0), parameter_group::of(whole, whole.subspan(20, 1), 1.0)});
    CHECK(grouped.groups()[0].offset == 3);
    CHECK(grouped.groups()[0].count == 11);
    CHECK(run(plain, 5) == run(grouped, 5));
    const std::vector<float> elsewhere(4);
    CHECK_THROWS_WITH_AS(parameter_group::of(whole, std::span(elsewhere), 1.0),
                         "mockbn::parameter_group: the part is not inside the buffer", std::invalid_argument);
}

TEST_CASE("a network's layer as a group, as the README writes it") {
    basic_stack<double, input<4>, dense<3>, transform<log_shift>, relu, dense<2>, softmax_cross_entropy> model{1};
    const auto group = parameter_group::of(model.parameters(), model.parameters_of<2>(), 10.0);
    CHECK(group.offset == 4 * 3 + 3);  // after the first dense layer's weights and biases
    CHECK(group.count == 3 * 3);       // a, b and c for each of 3 features
    CHECK(group.rate_scale == 10.0);
}

TEST_CASE("bad groups are named") {
    basic_sgd<double> sgd({.learning_rate = 0.1});
    CHECK_THROWS_WITH_AS(sgd.set_groups({{.offset = 0, .count = 5}, {.offset = 4, .count = 2}}),
                         "mockbn::sgd: the groups at offsets 0 and 4 overlap", std::invalid_argument);
    CHECK_THROWS_WITH_AS(sgd.set_groups({{.offset = 2, .count = 1, .rate_scale = -1}}),
                         "mockbn::sgd: group at offset 2: rate_scale must be finite and >= 0", std::invalid_argument);
    sgd.set_groups({{.offset = 30, .count = 10, .rate_scale = 2}});
    auto theta = start<double>();
    CHECK_THROWS_WITH_AS(sgd.step(theta, gradient_at<double>(1)),
                         "mockbn::sgd: the group at offset 30 (10 parameters) ends past the buffer of 37",
                         std::invalid_argument);
}
