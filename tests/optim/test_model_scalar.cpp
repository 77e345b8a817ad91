// Optimizers that take the model's scalar (adam, sgd, rmsprop): on float and
// double models they step exactly as the optimizer of the spelled scalar
// does, fit takes them, a state of one scalar refuses the other, and their
// checkpoints are the spelled optimizer's bytes.
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/mockbn.hpp"
#include "support.hpp"

using namespace mockbn;

namespace {

// The optimizer of the same rule and schedule with its scalar spelled.
template <class Optimizer, class T>
struct spelled;
template <class Rule, class Scalar, class Schedule, class T>
struct spelled<optimizer<Rule, Scalar, Schedule>, T> {
    using type = optimizer<Rule, T, Schedule>;
};

template <class T>
using net = basic_stack<T, input<6>, dense<8>, transform<log_shift>, relu, dense<3>, softmax_cross_entropy>;

std::vector<int> labels(std::size_t n) {
    std::vector<int> y(n);
    for (std::size_t i = 0; i < n; ++i) y[i] = static_cast<int>(i % 3);
    return y;
}

template <class T, class Optimizer>
void train(net<T>& model, Optimizer& optimizer, int steps) {
    for (int s = 0; s < steps; ++s) {
        const auto x = mockbn::testing::uniform_matrix<T>(10, 6, 40 + static_cast<std::uint64_t>(s));
        model.forward(x, labels(10), training);
        model.backward();
        REQUIRE(optimizer.step(model));
    }
}

template <class T>
bool same_bits(std::span<const T> a, std::span<const T> b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// Three steps of Optimizer and of its spelled twin on twin models: the same parameters and state, bit for bit.
template <class Optimizer, class T>
void check_like_spelled(const typename Optimizer::hyperparameters& settings) {
    using twin_optimizer = typename spelled<Optimizer, T>::type;
    net<T> model{4}, twin{4};
    Optimizer free(settings);
    twin_optimizer fixed(settings);
    train(model, free, 3);
    train(twin, fixed, 3);
    CHECK(same_bits<T>(model.parameters(), twin.parameters()));
    CHECK(free.template state<T>(0).size() == model.parameters().size());
    CHECK(same_bits(free.template state<T>(0), fixed.state(0)));
    CHECK(free.steps() == 3);
}

data::dataset synthetic(std::size_t count) {
    data::dataset d{"synthetic", count, 2, 3, 3, {}, {}};
    random::generator g(5);
    for (std::size_t i = 0; i < count * 6; ++i) d.images.push_back(static_cast<float>(g.uniform()));
    for (std::size_t i = 0; i < count; ++i) d.labels.push_back(static_cast<std::uint8_t>(i % 3));
    return d;
}

}  // namespace

TEST_CASE_TEMPLATE("adam, sgd and rmsprop step float and double models as the optimizer of the spelled scalar does", O,
                   adam, sgd, rmsprop) {
    typename O::hyperparameters settings{};
    settings.learning_rate = 0.01;
    check_like_spelled<O, double>(settings);
    check_like_spelled<O, float>(settings);
}

TEST_CASE("fit takes adam for a double model: the same run as basic_adam<double>, and it learns") {
    const auto d = synthetic(96);
    net<double> model{6}, twin{6};
    adam optimizer{{.learning_rate = 1e-2}};
    basic_adam<double> spelled_optimizer{{.learning_rate = 1e-2}};
    std::vector<double> losses, twin_losses;
    fit(model, optimizer, d, {.batch = 16, .epochs = 4, .shuffle_seed = 2},
        [&](const epoch_report& r) { losses.push_back(r.train_loss); });
    fit(twin, spelled_optimizer, d, {.batch = 16, .epochs = 4, .shuffle_seed = 2},
        [&](const epoch_report& r) { twin_losses.push_back(r.train_loss); });
    REQUIRE(losses.size() == 4);
    CHECK(losses == twin_losses);
    CHECK(losses.back() < losses.front());
    CHECK(same_bits<double>(model.parameters(), twin.parameters()));
}

TEST_CASE("a state bound to one scalar refuses the other until reset") {
    std::vector<float> f(5, 1.0f), gf(5, 0.5f);
    std::vector<double> x(5, 1.0), gx(5, 0.5);
    adam optimizer{};
    CHECK(optimizer.state<float>(0).empty());  // nothing bound before the first step
    optimizer.step(f, gf);
    CHECK_THROWS_WITH_AS(optimizer.step(x, gx),
                         "mockbn::adam: the state was made for float parameters, not double: use one optimizer per "
                         "network",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(optimizer.state<double>(0),
                         "mockbn::adam: the state was made for float parameters, not double: use one optimizer per "
                         "network",
                         std::invalid_argument);
    CHECK(optimizer.steps() == 1);
    optimizer.reset();
    CHECK(optimizer.step(x, gx));
    CHECK(optimizer.state<double>(1).size() == 5);
}

TEST_CASE("checkpoints: adam on a float model writes basic_adam<float>'s bytes, and a double state loads as double") {
    net<float> model{3}, twin{3};
    adam free{{.learning_rate = 0.01}};
    basic_adam<float> fixed{{.learning_rate = 0.01}};
    train(model, free, 2);
    train(twin, fixed, 2);
    io::checkpoint a, b;
    io::save_state(a, free, "optimizer");
    io::save_state(b, fixed, "optimizer");
    CHECK(a.to_bytes("s") == b.to_bytes("s"));

    // A fresh adam takes the scalar of what it loads: float here, and it goes on as the original does.
    adam restored{{.learning_rate = 0.01}};
    io::load_state(b, restored, "optimizer");
    CHECK(same_bits(restored.state<float>(1), fixed.state(1)));
    net<float> restored_model{3};
    std::copy(model.parameters().begin(), model.parameters().end(), restored_model.parameters().begin());
    train(model, free, 2);
    train(restored_model, restored, 2);
    CHECK(same_bits<float>(model.parameters(), restored_model.parameters()));

    // Double: saved, loaded into a fresh adam, which then refuses a float model.
    net<double> wide{3};
    adam wide_optimizer{{.learning_rate = 0.01}};
    train(wide, wide_optimizer, 2);
    io::checkpoint c;
    io::save_state(c, wide_optimizer, "optimizer");
    adam wide_restored{};
    io::load_state(c, wide_restored, "optimizer");
    CHECK(wide_restored.steps() == 2);
    CHECK(same_bits(wide_restored.state<double>(0), wide_optimizer.state<double>(0)));
    CHECK_THROWS_WITH_AS(wide_restored.step(model),
                         "mockbn::adam: the state was made for double parameters, not float: use one optimizer per "
                         "network",
                         std::invalid_argument);

    // An optimizer that never stepped saves empty slots and loads unbound: the next step binds it.
    io::checkpoint fresh;
    io::save_state(fresh, adam{}, "optimizer");
    adam unbound{};
    io::load_state(fresh, unbound, "optimizer");
    CHECK(unbound.state<double>(0).empty());
    CHECK(unbound.step(wide));
}
