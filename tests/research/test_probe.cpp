// Probing any network the library builds: the hidden-layer table of a stack
// and of an mlp, and the epoch recorder giving the same records, bit for
// bit, for an mlp and the stack of the same shape; a stack the study's
// program cannot build (a different transformation per layer) is probed the
// same way.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <mockbn/mockbn.hpp>
#include <mockbn/research/hidden_layers.hpp>
#include <mockbn/research/recorder.hpp>

#include "research/same_records.hpp"
#include "support.hpp"

using namespace mockbn;
using research::hidden_layer;

namespace {

template <class P, class Q = P>
using seed_stack = basic_stack<float, input<12>, dense<8>, relu, dense<8>, relu, dense<8>, transform<P>, relu, dense<8>,
                               transform<Q>, relu, dense<8>, relu, dense<10>, softmax_cross_entropy>;

// Images of 3x4 pixels in [0, 1), labels cycling through the ten classes.
data::dataset images(const std::string& name, std::size_t count, std::uint64_t seed) {
    data::dataset d{name, count, 3, 4, 10, testing::uniform_values<float>(count * 12, seed, 0, 1), {}};
    for (std::size_t i = 0; i < count; ++i) d.labels.push_back(static_cast<std::uint8_t>(i % 10));
    return d;
}

// fit's report of epoch 1.
epoch_report first_epoch() {
    epoch_report report;
    report.epoch = 1;
    report.train_loss = 0.5;
    report.seconds = 2;
    return report;
}

// The records of one epoch (the run's last) probing every hidden layer.
template <class Network>
research::run_records recorded(Network& network) {
    const data::dataset test = images("test", 40, 3), probe = images("probe", 30, 4);
    const research::epoch_recorder recorder(test, probe, {{1, 2, 3, 4, 5}, 1});
    research::run_records out;
    recorder.record(network, first_epoch(), out);
    return out;
}

}  // namespace

TEST_CASE("the hidden layers of a stack and of an mlp: dense, transformation (or none), activation") {
    const seed_stack<log_shift> stack{5};
    const mlp<log_shift> net({.inputs = 12, .width = 8, .depth = 5, .classes = 10, .transformed = {3, 4}}, 5);
    const std::vector<hidden_layer> expected{{1, 0, 2}, {3, 0, 4}, {5, 6, 7}, {8, 9, 10}, {11, 0, 12}};
    CHECK(research::hidden_layers_of(stack) == expected);
    CHECK(research::hidden_layers_of(net) == expected);
    CHECK(research::parameter_names(stack, expected[2]) == std::vector<std::string>{"a", "b", "c"});
    CHECK(research::parameter_names(net, expected[0]).empty());
}

// Batch normalization (batch statistics) and the log-shift (a formula's own parameters): the recorder reads no
// policy, so two cover its paths; the mixed stack below adds a third.
TEST_CASE_TEMPLATE("the recorder records an mlp and the stack of the same shape alike, bit for bit", P, batch_norm,
                   log_shift) {
    seed_stack<P> stack{5};
    mlp<P> net({.inputs = 12, .width = 8, .depth = 5, .classes = 10, .transformed = {3, 4}}, 5);
    const auto from_stack = recorded(stack), from_mlp = recorded(net);
    testing::check_same_records(from_stack, from_mlp);
    REQUIRE(from_stack.stages.size() == 10);
    CHECK(from_stack.stages[4].stage == "before");
    CHECK(from_stack.stages[4].layer == 3);
    CHECK(from_stack.stages[4].features.size() == 8);
    CHECK(from_stack.stages[4].classes.size() == 10);
    CHECK(from_stack.parameters.size() == 2 * parameter_count<P>);
}

TEST_CASE("a stack with a different transformation per layer is probed, each layer's parameters named") {
    seed_stack<log_shift, sqrt_shift> stack{5};
    const auto out = recorded(stack);
    REQUIRE(out.parameters.size() == parameter_count<log_shift> + parameter_count<sqrt_shift>);
    CHECK(out.parameters.front().layer == 3);
    CHECK(out.parameters.front().name == "a");
    CHECK(out.parameters.back().layer == 4);
    CHECK(out.parameters.back().name == "b");
    CHECK(out.stages[7].description.count == 30 * 8);  // layer 4 "after", every probe image and feature
}

TEST_CASE("probing a hidden layer the network does not have is refused, naming it") {
    seed_stack<log_shift> stack{5};
    const data::dataset test = images("test", 10, 3), probe = images("probe", 10, 4);
    const research::epoch_recorder recorder(test, probe, {{6}, 1});
    research::run_records out;
    CHECK_THROWS_WITH_AS(recorder.record(stack, first_epoch(), out),
                         "mockbn::research::epoch_recorder: the network has no hidden layer 6 (it has 5)",
                         std::out_of_range);
}
