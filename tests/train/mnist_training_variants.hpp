// A short real training run: 4,000 MNIST images, one epoch, for every
// transformation and every optimizer; the held-out loss must fall. Running
// estimates that move too slowly to settle within the epoch's 63 steps
// (bn_tf's, by 0.001 a step) cannot serve inference yet: such a variant's
// held-out loss is measured with the held-out images' own batch statistics.
//
// Included by the units CMake generates from variant_shard.cpp.in, one per
// shard of the variants; each names its shard's policies `variant_shard`
// first.
#pragma once

#include <cstdlib>
#include <string>

#include <doctest/doctest.h>

#include "mockbn/mockbn.hpp"

namespace {

using namespace mockbn;

std::string data_dir() {
    const char* overridden = std::getenv("MOCKBN_DATA_DIR");
    return std::string(overridden ? overridden : MOCKBN_TEST_DATA_DIR) + "/mnist";
}

const data::split& mnist() {
    static const data::split all = data::load_standard(data_dir());
    return all;
}

const data::dataset& train_subset() {
    static const data::dataset subset = data::head(mnist().train, 4000);
    return subset;
}

const data::dataset& held_out() {
    static const data::dataset subset = data::head(mnist().test, 1000);
    return subset;
}

// Whether P's running estimates come within e^-3 of the batches' statistics in one epoch of 63 steps.
template <class P>
constexpr bool estimates_settle = [] {
    if constexpr (has_batch_statistics<P>) return 63 * P::statistics.momentum >= 3;
    else return true;
}();

// The held-out loss in inference mode, or, for estimates that cannot have settled, with the held-out images'
// own statistics (one batch of all of them; the estimates it moves are not read again).
template <class P, class Model>
double held_out_loss(Model& model) {
    if constexpr (estimates_settle<P>) return evaluate(model, held_out()).loss;
    else return model.forward(held_out().all_images(), held_out().labels, training);
}

template <class P, class Optimizer>
void check_training(const char* optimizer_name, Optimizer optimizer) {
    original_network<P> model{1};
    const double before = held_out_loss<P>(model);
    double train_loss = 0;
    fit(model, optimizer, train_subset(), {.batch = 64, .epochs = 1, .shuffle_seed = 1},
        [&](const epoch_report& report) { train_loss = report.train_loss; });
    const double after = held_out_loss<P>(model);
    INFO(P::name << " with " << optimizer_name << ": held-out loss " << before << " -> " << after << ", train loss "
                 << train_loss);
    static_assert(estimates_settle<batch_norm> && !estimates_settle<bn_tf>);
    CHECK(after < before);
    CHECK(std::isfinite(train_loss));
}

}  // namespace

TEST_CASE_TEMPLATE_DEFINE("one epoch on 4,000 MNIST images lowers the held-out loss, with every optimizer", P,
                          every_variant_trains) {
    check_training<P>("sgd", sgd{{.learning_rate = 0.05, .momentum = 0.9}});
    check_training<P>("rmsprop", rmsprop{{.learning_rate = 1e-3}});
    check_training<P>("adam", adam{{.learning_rate = 1e-3}});
}
TEST_CASE_TEMPLATE_APPLY(every_variant_trains, variant_shard);
