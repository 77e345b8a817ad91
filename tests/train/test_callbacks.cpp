// fit's callbacks: fit without any, early stopping (its patience, the best
// epoch's state restored bit for bit), the best checkpoint, a step budget,
// step and epoch functions that stop, and the progress line.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/mockbn.hpp"
#include "scratch.hpp"
#include "support.hpp"

using namespace mockbn;

namespace {

using network = stack<input<12>, dense<32>, transform<batch_norm>, relu, dense<10>, softmax_cross_entropy>;

// Images whose labels are noise: training memorizes them and the validation loss rises from the first epochs on.
data::dataset noise(const std::string& name, std::size_t count, std::uint64_t seed) {
    data::dataset d{name, count, 3, 4, 10, testing::uniform_values<float>(count * 12, seed, 0, 1), {}};
    random::generator g(seed);
    for (std::size_t i = 0; i < count; ++i) d.labels.push_back(static_cast<std::uint8_t>(g.below(10)));
    return d;
}

// The whole state of a network as bytes: its parameters and its running statistics.
std::string state_of(const network& n) {
    io::checkpoint c;
    io::save_state(c, n);
    return c.to_bytes("state");
}

const data::dataset train = noise("train", 96, 1), validation = noise("validation", 200, 2);

}  // namespace

TEST_CASE("fit trains without a callback") {
    network model{1};
    sgd optimizer{{.learning_rate = 0.05, .momentum = 0.9}};
    const std::string before = state_of(model);
    CHECK(fit(model, optimizer, train, {.batch = 16, .epochs = 2}) == fit_end::completed);
    CHECK(state_of(model) != before);
}

TEST_CASE("early stopping stops after `patience` epochs without improvement and restores the best epoch's state") {
    network model{1};
    sgd optimizer{{.learning_rate = 0.2, .momentum = 0.9}};
    early_stopping stopper({.patience = 3});
    std::map<std::size_t, std::string> states;
    std::vector<double> losses;
    const auto end = fit(
        model, optimizer, train, {.batch = 16, .epochs = 60, .validation = &validation},
        [&](const epoch_report& r) {
            states[r.epoch] = state_of(model);
            losses.push_back(r.validation->loss);
        },
        stopper);
    CHECK(end == fit_end::stopped);
    REQUIRE(stopper.best_epoch() > 0);
    // It stopped `patience` epochs after the best, which was the lowest validation loss of those seen.
    CHECK(states.size() == stopper.best_epoch() + 3);
    CHECK(losses[stopper.best_epoch() - 1] == stopper.best_loss());
    for (const double l : losses) CHECK(l >= stopper.best_loss());
    REQUIRE(stopper.best_epoch() < states.size());  // the last epoch is not the best: restoring changes the state
    CHECK(stopper.restored());
    CHECK(state_of(model) == states[stopper.best_epoch()]);  // bit for bit, running statistics included
    CHECK(state_of(model) != states.rbegin()->second);
}

TEST_CASE("early stopping without restore_best leaves the last epoch's state, and min_delta asks for a larger step") {
    network model{1};
    sgd optimizer{{.learning_rate = 0.2, .momentum = 0.9}};
    // The first epoch improves on no loss at all; none after it by 1e9.
    early_stopping stopper({.patience = 2, .min_delta = 1e9, .restore_best = false});
    std::string last;
    std::size_t epochs = 0;
    fit(
        model, optimizer, train, {.batch = 16, .epochs = 60, .validation = &validation},
        [&](const epoch_report&) {
            last = state_of(model);
            ++epochs;
        },
        stopper);
    CHECK(stopper.best_epoch() == 1);
    CHECK(epochs == 3);
    CHECK(!stopper.restored());
    CHECK(state_of(model) == last);
}

TEST_CASE("early stopping and the best checkpoint refuse a fit that evaluates no validation set") {
    network model{1};
    sgd optimizer{{.learning_rate = 0.05}};
    early_stopping stopper;
    CHECK_THROWS_WITH_AS(fit(model, optimizer, train, {.batch = 16, .epochs = 1}, stopper),
                         "mockbn::early_stopping: fit reported no validation loss; set fit_options::validation",
                         std::logic_error);
}

TEST_CASE("the best checkpoint holds the network and optimizer of the epoch with the lowest validation loss") {
    const testing::scratch_folder folder("best_checkpoint");
    const auto file = folder.dir / "best.ckpt";
    network model{1};
    sgd optimizer{{.learning_rate = 0.2, .momentum = 0.9}};
    best_checkpoint keeper(file);
    std::map<std::size_t, std::string> states;
    fit(
        model, optimizer, train, {.batch = 16, .epochs = 8, .validation = &validation},
        [&](const epoch_report& r) { states[r.epoch] = state_of(model); }, keeper);
    REQUIRE(keeper.best_epoch() > 0);
    const auto saved = io::checkpoint::load(file, model.signature());
    std::uint64_t epoch = 0;
    saved.get_values<std::uint64_t>("best_epoch", std::span<std::uint64_t>(&epoch, 1));
    CHECK(epoch == keeper.best_epoch());
    network restored{5};
    io::load_state(saved, restored);
    CHECK(state_of(restored) == states[keeper.best_epoch()]);
    CHECK(saved.has("optimizer.steps"));
}

TEST_CASE("a step budget, or a step function returning false, stops the run at that step") {
    network model{1};
    sgd optimizer{{.learning_rate = 0.05}};
    std::size_t steps = 0, epochs = 0;
    const auto count_steps = [&](std::size_t, std::size_t) { ++steps; };
    const auto count_epochs = [&](const epoch_report&) { ++epochs; };
    CHECK(fit(model, optimizer, train, {.batch = 16, .epochs = 10}, budget({.steps = 9}), count_steps, count_epochs) ==
          fit_end::stopped);
    CHECK(steps == 9);   // every callback heard the ninth step
    CHECK(epochs == 1);  // six steps an epoch: the second epoch was not finished, and is not reported
    steps = epochs = 0;
    // A budget spent at an epoch's last step: that epoch is whole, and reported before the run stops.
    CHECK(fit(model, optimizer, train, {.batch = 16, .epochs = 10}, budget({.steps = 12}), count_steps, count_epochs) ==
          fit_end::stopped);
    CHECK(steps == 12);
    CHECK(epochs == 2);
    steps = 0;
    CHECK(fit(
              model, optimizer, train, {.batch = 16, .epochs = 10},
              [&](std::size_t epoch, std::size_t step) { return !(epoch == 2 && step == 4); },
              count_steps) == fit_end::stopped);
    CHECK(steps == 6 + 4);
    steps = 0;
    CHECK(fit(model, optimizer, train, {.batch = 16, .epochs = 10}, budget({.seconds = 0}), count_steps) ==
          fit_end::stopped);
    CHECK(steps == 1);  // no time is left after the first step (a budget is read after each step)
}

namespace {

// A callback of one's own whose hooks return nothing: it counts, and never stops the run.
struct counter {
    std::size_t epochs = 0, steps = 0;
    fit_end end = fit_end::interrupted;
    void epoch_end(network&, sgd&, const epoch_report&) { ++epochs; }
    void step_end(network&, sgd&, std::size_t, std::size_t) { ++steps; }
    void train_end(network&, sgd&, fit_end how) { end = how; }
};

}  // namespace

TEST_CASE("a callback object of one's own: hooks that return nothing never stop, and train_end hears the end") {
    network model{1};
    sgd optimizer{{.learning_rate = 0.05}};
    counter c;
    CHECK(fit(model, optimizer, train, {.batch = 16, .epochs = 3}, c) == fit_end::completed);
    CHECK(c.epochs == 3);
    CHECK(c.steps == 3 * 6);
    CHECK(c.end == fit_end::completed);
}

TEST_CASE("an epoch function returning false stops the run, and the progress line reports each epoch") {
    network model{1};
    sgd optimizer{{.learning_rate = 0.05}};
    std::FILE* out = std::tmpfile();
    REQUIRE(out);
    CHECK(fit(model, optimizer, train, {.batch = 16, .epochs = 10, .validation = &validation}, progress(out),
              [](const epoch_report& r) { return r.epoch < 2; }) == fit_end::stopped);
    std::rewind(out);
    char line[256];
    std::vector<std::string> lines;
    while (std::fgets(line, sizeof line, out)) lines.emplace_back(line);
    std::fclose(out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[1].rfind("epoch 2  train loss ", 0) == 0);
    CHECK(lines[1].find("  validation loss ") != std::string::npos);
    CHECK(lines[1].find("  accuracy 0.") != std::string::npos);
}
