// What a job trains: the study's network for a variant (its transformation
// from the registry, per-feature parameters or one per layer with --shared,
// --width, --depth, --placement, --init, --activation), initialized from the
// job's seed, and the optimizer the options name (sgd with --momentum,
// rmsprop or adam, at --lr with --weight-decay, on the --schedule), whose
// transformation parameters learn at --transform-lr-scale times the rate.
//
// Contract: with_model<V>(o, train, seed, body) builds both for the
// registry's variant V and returns body(model, optimizer), the two passed as
// their concrete types; the input width and the classes come from the
// training set.
// The schedule counts in optimizer steps: an epoch is ceil(train / batch) of them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <mockbn/mockbn.hpp>
#include <mockbn/research/hidden_layers.hpp>

#include "options.hpp"

namespace study {

using schedule = mockbn::schedule_choice<mockbn::constant_rate, mockbn::step_decay, mockbn::cosine_decay>;

inline schedule schedule_of(const options& o, std::uint64_t steps_per_epoch) {
    if (o.schedule == "step")
        return {mockbn::step_decay{.every = o.decay_every * steps_per_epoch, .factor = o.decay_factor}};
    if (o.schedule == "cosine") return {mockbn::cosine_decay{.steps = o.epochs * steps_per_epoch}};
    return {mockbn::constant_rate{}};
}

template <class Body>
auto with_optimizer(const options& o, std::uint64_t steps_per_epoch, Body&& body) {
    const schedule rates = schedule_of(o, steps_per_epoch);
    if (o.optimizer == "sgd") {
        mockbn::optimizer<mockbn::sgd_rule, float, schedule> optimizer{
            {.learning_rate = o.learning_rate, .momentum = o.momentum, .weight_decay = o.weight_decay}, rates};
        return body(optimizer);
    }
    if (o.optimizer == "rmsprop") {
        mockbn::optimizer<mockbn::rmsprop_rule, float, schedule> optimizer{
            {.learning_rate = o.learning_rate, .weight_decay = o.weight_decay}, rates};
        return body(optimizer);
    }
    mockbn::optimizer<mockbn::adam_rule, float, schedule> optimizer{
        {.learning_rate = o.learning_rate, .weight_decay = o.weight_decay}, rates};
    return body(optimizer);
}

// The transformed layers' parameters, each slice at transform_lr_scale times the rate.
template <class Model>
std::vector<mockbn::parameter_group> transform_groups(const options& o, const Model& model) {
    std::vector<mockbn::parameter_group> groups;
    if (o.transform_lr_scale == 1) return groups;
    for (const auto& layer : mockbn::research::hidden_layers_of(model))
        if (layer.transformation != 0)
            groups.push_back(mockbn::parameter_group::of(
                model.parameters(), model.parameters_of_entry(layer.transformation), o.transform_lr_scale));
    return groups;
}

template <class Policy, class Granularity, class Body>
auto with_network(const options& o, const mockbn::mlp_shape& shape, std::uint64_t steps_per_epoch, std::uint64_t seed,
                  Body&& body) {
    mockbn::basic_mlp<float, Policy, Granularity> model(shape, seed);
    return with_optimizer(o, steps_per_epoch, [&](auto& optimizer) {
        optimizer.set_groups(transform_groups(o, model));
        return body(model, optimizer);
    });
}

template <class Variant, class Body>
auto with_model(const options& o, const mockbn::data::dataset& train, std::uint64_t seed, Body&& body) {
    mockbn::mlp_shape shape{train.features(), o.width, o.depth, train.classes, o.placement};
    shape.initialization = o.init;
    shape.activation = o.activation;
    const std::uint64_t steps_per_epoch = (train.count + o.batch - 1) / o.batch;
    using policy = typename Variant::policy;
    return o.shared ? with_network<policy, mockbn::shared>(o, shape, steps_per_epoch, seed, body)
                    : with_network<policy, mockbn::per_feature>(o, shape, steps_per_epoch, seed, body);
}

}  // namespace study
