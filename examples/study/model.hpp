// What a job trains: the study's network for a variant (its transformation
// from the registry, per-feature parameters or one per layer with --shared,
// --width, --depth, --placement), initialized from the job's seed, and the
// optimizer the options name (sgd with --momentum, rmsprop or adam, at --lr).
//
// Contract: with_model(o, train, variant, seed, body) builds both and
// returns body(model, optimizer), the two passed as their concrete types;
// the input width and the classes come from the training set. An unknown
// variant throws std::invalid_argument (check() refuses one long before).
#pragma once

#include <cstdint>
#include <string>

#include <mockbn/mockbn.hpp>

#include "options.hpp"

namespace study {

template <class Body>
auto with_optimizer(const options& o, Body&& body) {
    if (o.optimizer == "sgd") {
        mockbn::sgd optimizer{{.learning_rate = o.learning_rate, .momentum = o.momentum}};
        return body(optimizer);
    }
    if (o.optimizer == "rmsprop") {
        mockbn::rmsprop optimizer{{.learning_rate = o.learning_rate}};
        return body(optimizer);
    }
    mockbn::adam optimizer{{.learning_rate = o.learning_rate}};
    return body(optimizer);
}

template <class Policy, class Granularity, class Body>
auto with_network(const options& o, const mockbn::mlp_shape& shape, std::uint64_t seed, Body&& body) {
    mockbn::basic_mlp<float, Policy, Granularity> model(shape, seed);
    return with_optimizer(o, [&](auto& optimizer) { return body(model, optimizer); });
}

template <class Body>
auto with_model(const options& o, const mockbn::data::dataset& train, const std::string& variant, std::uint64_t seed,
                Body&& body) {
    const mockbn::mlp_shape shape{train.features(), o.width, o.depth, train.classes, o.placement};
    return mockbn::with_variant(variant, [&]<class V>() {
        using policy = typename V::policy;
        return o.shared ? with_network<policy, mockbn::shared>(o, shape, seed, body)
                        : with_network<policy, mockbn::per_feature>(o, shape, seed, body);
    });
}

}  // namespace study
