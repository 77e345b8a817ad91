// What a job trains: the study's network for a variant (its transformation
// from the registry, per-feature parameters or one per layer with --shared,
// --width, --depth, --placement, --init, --activation), initialized from the
// job's seed, and the optimizer the options name (sgd with --momentum,
// rmsprop or adam, at --lr with --weight-decay, on the --schedule), whose
// transformation parameters learn at --transform-lr-scale times the rate.
// Each optimizer and schedule is its own case of an enumeration: none
// stands in for another.
//
// Contract: with_model<V>(o, train, seed, body) builds both for the
// registry's variant V and returns body(model, optimizer), the two passed as
// their concrete types; the input width and the classes come from the
// training set.
// The schedule counts in optimizer steps: an epoch is ceil(train / batch) of them.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <mockbn/mockbn.hpp>
#include <mockbn/research/hidden_layers.hpp>

#include "options.hpp"

namespace study {

using schedule = mockbn::schedule_choice<mockbn::constant_rate, mockbn::step_decay, mockbn::cosine_decay>;

inline schedule schedule_of(const options& o, std::uint64_t steps_per_epoch) {
    switch (o.schedule) {
        case mockbn::research::rate_schedule::constant:
            return {mockbn::constant_rate{}};
        case mockbn::research::rate_schedule::step:
            return {mockbn::step_decay{.every = o.decay_every * steps_per_epoch, .factor = o.decay_factor}};
        case mockbn::research::rate_schedule::cosine:
            return {mockbn::cosine_decay{.steps = o.epochs * steps_per_epoch}};
    }
    throw std::logic_error("study::schedule_of: a schedule without a case");
}

template <class Body>
auto with_optimizer(const options& o, std::uint64_t steps_per_epoch, Body&& body) {
    const schedule rates = schedule_of(o, steps_per_epoch);
    switch (o.optimizer) {
        case mockbn::research::optimizer_rule::sgd: {
            mockbn::optimizer<mockbn::sgd_rule, float, schedule> optimizer{
                {.learning_rate = o.learning_rate, .momentum = o.momentum, .weight_decay = o.weight_decay}, rates};
            return body(optimizer);
        }
        case mockbn::research::optimizer_rule::rmsprop: {
            mockbn::optimizer<mockbn::rmsprop_rule, float, schedule> optimizer{
                {.learning_rate = o.learning_rate, .weight_decay = o.weight_decay}, rates};
            return body(optimizer);
        }
        case mockbn::research::optimizer_rule::adam: {
            mockbn::optimizer<mockbn::adam_rule, float, schedule> optimizer{
                {.learning_rate = o.learning_rate, .weight_decay = o.weight_decay}, rates};
            return body(optimizer);
        }
    }
    throw std::logic_error("study::with_optimizer: an optimizer without a case");
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
    shape.initialization = mockbn::research::name_of(o.init);
    shape.activation = mockbn::research::name_of(o.activation);
    const std::uint64_t steps_per_epoch = (train.count + o.batch - 1) / o.batch;
    using policy = typename Variant::policy;
    return o.shared ? with_network<policy, mockbn::shared>(o, shape, steps_per_epoch, seed, body)
                    : with_network<policy, mockbn::per_feature>(o, shape, steps_per_epoch, seed, body);
}

}  // namespace study
