// Probing any network the library builds: the hidden-layer table of a stack
// and of an mlp, and the epoch recorder giving the same records, bit for
// bit, for an mlp and the stack of the same shape; a stack the study's
// program cannot build (a different transformation per layer) is probed the
// same way. The probe plan's modes (inference, training batches) and epochs.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include <mockbn/mockbn.hpp>
#include <mockbn/research/conservation.hpp>
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
    const data::dataset validation = images("validation", 20, 5), test = images("test", 40, 3),
                        probe = images("probe", 30, 4);
    const research::epoch_recorder recorder(validation, test, probe, {{1, 2, 3, 4, 5}, 1});
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
    const data::dataset validation = images("validation", 20, 5), test = images("test", 10, 3),
                        probe = images("probe", 10, 4);
    const research::epoch_recorder recorder(validation, test, probe, {{6}, 1});
    research::run_records out;
    CHECK_THROWS_WITH_AS(recorder.record(stack, first_epoch(), out),
                         "mockbn::research::epoch_recorder: the network has no hidden layer 6 (it has 5)",
                         std::out_of_range);
    CHECK(out.epochs.empty());  // refused before anything is recorded
}

// The state a checkpoint of `network` holds, as bytes: parameters and running estimates.
template <class Network>
std::string state_of(const Network& network) {
    io::checkpoint c;
    io::save_state(c, network);
    return c.to_bytes("state");
}

TEST_CASE("a training-batch probe normalizes each batch by its own statistics and moves no running estimate") {
    seed_stack<batch_norm> stack{5};
    const data::dataset validation = images("validation", 20, 5), test = images("test", 40, 3),
                        probe = images("probe", 35, 4);
    const std::string before = state_of(stack);
    research::run_records in_batches, at_once;
    research::epoch_recorder(validation, test, probe, {{3}, 1, research::probe_mode::training_batches, 10, {}})
        .record(stack, first_epoch(), in_batches);
    CHECK(state_of(stack) == before);
    research::epoch_recorder(validation, test, probe, {{3}, 1}).record(stack, first_epoch(), at_once);
    REQUIRE(in_batches.stages.size() == 2);
    REQUIRE(at_once.stages.size() == 2);
    // Three whole batches of 10; the last 5 images are left out, their labels too.
    CHECK(in_batches.stages[1].description.count == 30 * 8);
    CHECK(in_batches.stages[1].classes[4].total() == 3 * 8);
    // Each batch's features have mean 0 and variance v / (v + ε) ≈ 1 after it (β = 0, γ = 1 at the start) ...
    CHECK(std::abs(in_batches.stages[1].description.mean) < 1e-5);
    CHECK(in_batches.stages[1].description.deviation == doctest::Approx(1).epsilon(1e-3));
    // ... where inference mode divides by the running estimates' √(1 + ε) at the start: the spread it had.
    CHECK(at_once.stages[1].description.deviation ==
          doctest::Approx(at_once.stages[0].description.deviation / std::sqrt(1 + 1e-5)).epsilon(1e-5));
    CHECK(std::abs(at_once.stages[0].description.deviation - 1) > 0.05);
}

TEST_CASE("without batch statistics, a training-batch probe records what an inference probe does, bit for bit") {
    seed_stack<log_shift> stack{5};
    const data::dataset validation = images("validation", 20, 5), test = images("test", 40, 3),
                        probe = images("probe", 30, 4);
    research::run_records in_batches, at_once;
    research::epoch_recorder(validation, test, probe, {{2, 3, 4}, 1, research::probe_mode::training_batches, 10, {}})
        .record(stack, first_epoch(), in_batches);
    research::epoch_recorder(validation, test, probe, {{2, 3, 4}, 1}).record(stack, first_epoch(), at_once);
    testing::check_same_records(in_batches, at_once);
}

TEST_CASE("a probe plan's epochs: stage records at those alone, the loss and parameters at every epoch") {
    seed_stack<log_shift> stack{5};
    const data::dataset validation = images("validation", 20, 5), test = images("test", 10, 3),
                        probe = images("probe", 10, 4);
    const research::epoch_recorder recorder(validation, test, probe,
                                            {{3}, 3, research::probe_mode::inference, 64, {2, 3}});
    research::run_records out;
    auto report = first_epoch();
    for (std::size_t epoch = 1; epoch <= 3; ++epoch, ++report.epoch) recorder.record(stack, report, out);
    CHECK(out.epochs.size() == 3);
    CHECK(out.parameters.size() == 3 * 2 * parameter_count<log_shift>);  // two transformed layers
    REQUIRE(out.stages.size() == 4);
    CHECK(out.stages.front().epoch == 2);
    CHECK(out.stages.back().epoch == 3);
    CHECK(out.stages.front().classes.empty());  // per class at the last epoch only
    CHECK(out.stages.back().classes.size() == 10);
    REQUIRE(out.class_features.size() == 2);  // features by class at every probed epoch
    CHECK(out.class_features.front().epoch == 2);
    CHECK(out.units.size() == 3 * 5);  // every hidden layer at every epoch
}

TEST_CASE("each probed layer's features by class, and each hidden unit's norms and parameters, as recorded") {
    seed_stack<sqrt_shift> stack{5};
    const data::dataset validation = images("validation", 20, 5), test = images("test", 10, 3),
                        probe = images("probe", 30, 4);
    const research::epoch_recorder recorder(validation, test, probe, {{4, 1}, 1});
    research::run_records out;
    recorder.record_start(stack, out);
    REQUIRE(out.units.size() == 5);
    CHECK(out.units.front().epoch == 0);
    recorder.record(stack, first_epoch(), out);
    const auto hidden = research::hidden_layers_of(stack);
    REQUIRE(out.class_features.size() == 2);
    for (const auto& [record, h] : {std::pair{out.class_features[0], 4u}, std::pair{out.class_features[1], 1u}}) {
        CHECK(record.epoch == 1);
        CHECK(record.layer == h);
        const auto expected = analysis::column_moments_by_label(research::after(stack, hidden[h - 1]),
                                                                std::span<const std::uint8_t>(probe.labels), 10);
        CHECK(record.columns.counts == expected.counts);
        CHECK(record.columns.means == expected.means);
        CHECK(record.columns.deviations == expected.deviations);
    }
    REQUIRE(out.units.size() == 10);
    for (std::size_t h = 1; h <= 5; ++h) {
        const auto& u = out.units[5 + h - 1];
        CHECK((u.epoch == 1 && u.layer == h));
        CHECK(u.incoming == research::incoming_norms(stack, h));
        CHECK(u.outgoing == research::outgoing_norms(stack, h));
        const auto values = hidden[h - 1].transformation == 0 ? std::span<const float>()
                                                              : stack.parameters_of_entry(hidden[h - 1].transformation);
        CHECK(u.parameters == std::vector<double>(values.begin(), values.end()));
    }
    CHECK(out.units[5 + 3].parameters.size() == 8 * parameter_count<sqrt_shift>);  // hidden layer 4: per feature
}

TEST_CASE("the probe within the first epoch: after the plan's early step of epoch 1 alone, as epoch 0, in detail") {
    seed_stack<log_shift> stack{5};
    const data::dataset validation = images("validation", 20, 5), test = images("test", 10, 3),
                        probe = images("probe", 10, 4);
    research::probe_plan plan{{3, 4}, 3, research::probe_mode::inference, 64, {}, {0}, 7};
    const research::epoch_recorder recorder(validation, test, probe, plan);
    research::run_records out;
    for (std::size_t epoch = 1; epoch <= 2; ++epoch)
        for (std::size_t step = 1; step <= 9; ++step) recorder.record_step(stack, epoch, step, out);
    REQUIRE(out.stages.size() == 4);  // two layers, before and after, once
    for (const auto& s : out.stages) {
        CHECK(s.epoch == 0);
        CHECK(s.classes.size() == 10);  // detailed: the verdicts read it
    }
    CHECK(out.stages[0].layer == 3);
    CHECK(out.stages[3].layer == 4);
    CHECK(out.stages[3].stage == "after");
    CHECK(out.epochs.empty());     // a probe, not an epoch's record
    research::run_records at_end;  // the same network probed at an epoch's end: the same stage records
    recorder.record(stack, first_epoch(), at_end);
    REQUIRE(at_end.stages.size() == 4);
    for (std::size_t k = 0; k < 4; ++k) {
        CHECK(out.stages[k].histogram.counts == at_end.stages[k].histogram.counts);
        CHECK(out.stages[k].description.mean == at_end.stages[k].description.mean);
    }
    research::run_records none;
    research::epoch_recorder(validation, test, probe, {{3}, 3})
        .record_step(stack, 1, 1, none);  // no early step planned
    CHECK(none.stages.empty());
}

TEST_CASE("a plan the probe images cannot serve, or whose epochs are out of order, is refused when it is made") {
    const data::dataset validation = images("validation", 20, 5), test = images("test", 10, 3),
                        probe = images("probe", 10, 4);
    const auto refusal_of = [&](research::probe_plan plan) {
        try {
            research::epoch_recorder(validation, test, probe, std::move(plan));
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    using research::probe_mode;
    CHECK(refusal_of({{3}, 1, probe_mode::training_batches, 64, {}}) ==
          "mockbn::research::epoch_recorder: a training-batch probe needs a batch of at least 2 rows and at least "
          "one batch of probe images; the plan's batch is 64, the probe set has 10 images");
    CHECK(refusal_of({{3}, 1, probe_mode::training_batches, 1, {}}).find("the plan's batch is 1") != std::string::npos);
    CHECK(refusal_of({{3}, 1, probe_mode::training_batches, 10, {}}) == "accepted");
    CHECK(refusal_of({{3}, 1, probe_mode::inference, 64, {}}) == "accepted");  // the batch is training's alone
    CHECK(refusal_of({{3}, 3, probe_mode::inference, 64, {3, 2}}) ==
          "mockbn::research::epoch_recorder: the probe plan's epochs must be ascending");
}

TEST_CASE(
    "the recorder evaluates the validation set every epoch and the test set at the last, or every epoch when asked") {
    const data::dataset validation = images("validation", 20, 5), test = images("test", 10, 3),
                        probe = images("probe", 10, 4);
    seed_stack<batch_norm> stack{1};
    for (const bool every : {false, true}) {
        CAPTURE(every);
        research::probe_plan plan{{4}, 3};
        plan.test_every_epoch = every;
        const research::epoch_recorder recorder(validation, test, probe, plan);
        research::run_records out;
        for (std::size_t epoch = 1; epoch <= 3; ++epoch) {
            epoch_report report = first_epoch();
            report.epoch = epoch;
            recorder.record(stack, report, out);
        }
        const evaluation v = evaluate(stack, validation), t = evaluate(stack, test);
        for (const auto& e : out.epochs) {
            CHECK(e.validation_loss == v.loss);  // the network is not trained between records here
            CHECK(e.validation_accuracy == v.accuracy);
            CHECK(std::isnan(e.test_loss) == (!every && e.epoch < 3));
            if (every || e.epoch == 3) CHECK((e.test_loss == t.loss && e.test_accuracy == t.accuracy));
        }
    }
    // Without a validation set, NaN there.
    const data::dataset none{"none", 0, 3, 4, 10, {}, {}};
    research::run_records out;
    research::epoch_recorder(none, test, probe, {{4}, 1}).record(stack, first_epoch(), out);
    CHECK((std::isnan(out.epochs[0].validation_loss) && std::isnan(out.epochs[0].validation_accuracy)));
    CHECK(out.epochs[0].test_accuracy == evaluate(stack, test).accuracy);
}
