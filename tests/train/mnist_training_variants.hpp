// A short real training run: 4,000 MNIST images, one epoch, for every
// transformation and every optimizer; the held-out loss must fall.
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

template <class P, class Optimizer>
void check_training(const char* optimizer_name, Optimizer optimizer) {
    original_network<P> model{1};
    const evaluation before = evaluate(model, held_out());
    double train_loss = 0;
    fit(model, optimizer, train_subset(), {.batch = 64, .epochs = 1, .shuffle_seed = 1},
        [&](const epoch_report& report) { train_loss = report.train_loss; });
    const evaluation after = evaluate(model, held_out());
    INFO(P::name << " with " << optimizer_name << ": held-out loss " << before.loss << " -> " << after.loss
                 << ", accuracy " << before.accuracy << " -> " << after.accuracy << ", train loss " << train_loss);
    CHECK(after.loss < before.loss);
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
