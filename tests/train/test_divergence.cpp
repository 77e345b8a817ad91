// Non-finite values are caught at the step they first appear, and reported
// by layer and parameter.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/mockbn.hpp"
#include "support.hpp"

using namespace mockbn;

namespace {

data::dataset synthetic(std::size_t count) {
    data::dataset d{"synthetic", count, 2, 3, 3, {}, {}};
    random::generator g(5);
    for (std::size_t i = 0; i < count * 6; ++i) d.images.push_back(static_cast<float>(g.uniform()));
    for (std::size_t i = 0; i < count; ++i) d.labels.push_back(static_cast<std::uint8_t>(i % 3));
    return d;
}

}  // namespace

TEST_CASE("a huge learning rate: the loss goes non-finite and the run stops at that step") {
    const auto d = synthetic(256);
    stack<input<6>, dense<16>, relu, dense<16>, relu, dense<3>, softmax_cross_entropy> model{1};
    sgd optimizer{{.learning_rate = 1e30}};
    std::vector<epoch_report> reports;
    fit(model, optimizer, d, {.batch = 32, .epochs = 5, .shuffle_seed = 1},
        [&](const epoch_report& r) { reports.push_back(r); });
    REQUIRE(reports.size() == 1);  // stopped in the first epoch
    REQUIRE(reports[0].diverged.has_value());
    const auto& at = *reports[0].diverged;
    // The first step's update leaves weights near 1e30, still finite in float; the second step's
    // forward pass overflows, so it is the loss that goes non-finite, with every parameter finite.
    CHECK(at.epoch == 1);
    CHECK(at.step == 2);
    CHECK(at.what == "loss");
    CHECK(at.where == "no parameter: every one is finite, the forward pass overflowed");
    CHECK(std::isnan(reports[0].train_loss));
}

TEST_CASE("fit's on_step: after every applied step, with its epoch and step, and the numbers as without it") {
    const auto d = synthetic(256);
    using net = stack<input<6>, dense<16>, relu, dense<3>, softmax_cross_entropy>;
    net with{3}, without{3};
    sgd first{{.learning_rate = 0.1}}, second{{.learning_rate = 0.1}};
    std::vector<std::pair<std::size_t, std::size_t>> steps;
    fit(
        with, first, d, {.batch = 32, .epochs = 2, .shuffle_seed = 1}, [](const epoch_report&) {},
        [&](std::size_t epoch, std::size_t step) { steps.emplace_back(epoch, step); });
    fit(without, second, d, {.batch = 32, .epochs = 2, .shuffle_seed = 1}, [](const epoch_report&) {});
    REQUIRE(steps.size() == 16);
    for (std::size_t k = 0; k < steps.size(); ++k) CHECK(steps[k] == std::pair{k / 8 + 1, k % 8 + 1});
    const auto a = with.parameters(), b = without.parameters();
    CHECK(std::equal(a.begin(), a.end(), b.begin(), b.end()));
    // A step whose loss goes non-finite applies no update, and is not reported.
    net huge{1};
    sgd diverging{{.learning_rate = 1e30}};
    steps.clear();
    fit(
        huge, diverging, d, {.batch = 32, .epochs = 2, .shuffle_seed = 1}, [](const epoch_report&) {},
        [&](std::size_t epoch, std::size_t step) { steps.emplace_back(epoch, step); });
    CHECK(steps == std::vector<std::pair<std::size_t, std::size_t>>{{1, 1}});
}

TEST_CASE("a log-shift whose steepness e^c overflows: caught at the first step, before any update") {
    const auto d = synthetic(64);
    stack<input<6>, dense<4>, transform<log_shift>, relu, dense<3>, softmax_cross_entropy> model{2};
    for (float& c : model.parameter<2>("c")) c = 200.0f;  // e^200 is infinite in float
    adam optimizer{};
    std::optional<divergence> caught;
    fit(model, optimizer, d, {.batch = 16, .epochs = 3}, [&](const epoch_report& r) { caught = r.diverged; });
    REQUIRE(caught.has_value());
    CHECK(caught->epoch == 1);
    CHECK(caught->step == 1);
    CHECK(caught->what == "loss");
    INFO(caught->where);
    CHECK(caught->where == "no parameter: every one is finite, the forward pass overflowed");
}

TEST_CASE("a rollback: the callback restores the last good state and lowers the rate, the epoch runs again") {
    const auto d = synthetic(256);
    stack<input<6>, dense<16>, relu, dense<3>, softmax_cross_entropy> model{1};
    sgd optimizer{{.learning_rate = 1e30}};
    const std::vector<float> good(model.parameters().begin(), model.parameters().end());
    int rollbacks = 0;
    std::vector<double> losses;
    fit(model, optimizer, d, {.batch = 32, .epochs = 2, .shuffle_seed = 1}, [&](const epoch_report& r) {
        if (r.diverged) {
            ++rollbacks;
            std::copy(good.begin(), good.end(), model.parameters().begin());
            optimizer.reset();
            optimizer.settings().learning_rate /= 1e29;  // down to 0.1
            return rollbacks < 3;
        }
        losses.push_back(r.train_loss);
        return true;
    });
    CHECK(rollbacks == 1);
    REQUIRE(losses.size() == 2);
    CHECK(std::isfinite(losses[1]));
    CHECK(losses[1] < losses[0]);
}

TEST_CASE("parameters are named by their part of the network, entry and element, one format for stacks and mlps") {
    stack<input<6>, dense<4>, relu, dense<3>, softmax_cross_entropy> s{1};
    CHECK(s.describe_parameter(0) == "hidden layer 1 (entry 1, dense<4> (he_normal)), weight (0, 0)");
    CHECK(s.describe_parameter(13) == "hidden layer 1 (entry 1, dense<4> (he_normal)), weight (3, 1)");
    CHECK(s.describe_parameter(25) == "hidden layer 1 (entry 1, dense<4> (he_normal)), bias 1");
    CHECK(s.describe_parameter(30) == "the output layer (entry 3, dense<3> (he_normal)), weight (0, 2)");
    // The mlp of the same shape with a transformation on hidden layer 2: entries
    // dense, relu, dense, transform, relu, dense.
    mlp<log_shift> m({.inputs = 6, .width = 4, .depth = 2, .classes = 3, .transformed = {2}}, 1);
    CHECK(m.describe_parameter(28) == "hidden layer 2 (entry 3, dense<4> (he_normal)), weight (0, 0)");
    CHECK(m.describe_parameter(48 + 9) ==
          "hidden layer 2 (entry 4, transform<log_shift> (per feature)), parameter c, feature 1");
    CHECK(m.describe_parameter(60 + 14) == "the output layer (entry 6, dense<3> (he_normal)), bias 2");
    mlp<log_shift, shared> one({.inputs = 6, .width = 4, .depth = 2, .classes = 3, .transformed = {2}}, 1);
    CHECK(one.describe_parameter(48 + 2) == "hidden layer 2 (entry 4, transform<log_shift> (shared)), parameter c");
}

TEST_CASE("fit's stop flag ends the run at a step boundary, without reporting the unfinished epoch") {
    const auto d = synthetic(256);
    stack<input<6>, dense<8>, relu, dense<3>, softmax_cross_entropy> model{1};
    sgd optimizer{{.learning_rate = 0.01}};
    std::atomic<bool> stop{false};
    std::size_t epochs_reported = 0;
    // Asked to stop after the first epoch is reported: the second epoch does not run a step.
    const auto end = fit(model, optimizer, d, {.batch = 32, .epochs = 3, .shuffle_seed = 1, .stop = &stop},
                         [&](const epoch_report&) {
                             ++epochs_reported;
                             stop = true;
                         });
    CHECK(end == fit_end::interrupted);
    CHECK(epochs_reported == 1);
    stop = false;
    CHECK(fit(model, optimizer, d, {.batch = 32, .epochs = 2, .shuffle_seed = 1, .stop = &stop},
              [&](const epoch_report&) { ++epochs_reported; }) == fit_end::completed);
    CHECK(epochs_reported == 3);
}
