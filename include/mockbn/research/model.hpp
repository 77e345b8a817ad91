// mockbn/research/model.hpp
//
// What a research run trains, from typed options: the original study's
// family of networks (an mlp of `depth` hidden layers of `width`, the
// transformation P on the hidden layers of `placement`, per feature or
// shared) and the optimizer the options name, on its learning-rate
// schedule, with the transformations' parameters at their own rate and,
// where given, their own initial values.
//
// Contract: with_model<P>(network, optimizer, data shape, seed, body) builds
// both and returns body(model, optimizer), the two passed as their concrete
// types. Each optimizer rule and schedule is its own case: none stands in
// for another. The schedule counts optimizer steps (an epoch is
// steps_per_epoch of them; cosine runs to 0 over `epochs`). With a
// transform_lr_scale other than 1, each transformation's parameters form a
// group at that times the rate.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "mockbn/layers/mlp.hpp"
#include "mockbn/optim/adam.hpp"
#include "mockbn/optim/optimizer.hpp"
#include "mockbn/optim/rmsprop.hpp"
#include "mockbn/optim/schedule.hpp"
#include "mockbn/optim/sgd.hpp"
#include "mockbn/research/choices.hpp"
#include "mockbn/research/hidden_layers.hpp"

namespace mockbn::research {

// A transformation parameter's value at the start, in every feature (or the shared scalar).
struct initial_value {
    std::string name;
    double value = 0;
    bool operator==(const initial_value&) const = default;
};

struct network_options {
    std::size_t width = 100;
    std::size_t depth = 5;
    std::vector<std::size_t> placement = {3, 4};  // the hidden layers (from 1) with the transformation
    bool shared = false;                          // one scalar per parameter and layer, not one per feature
    initialization init = initialization::he_normal;
    activation_kind activation = activation_kind::relu;
    std::vector<initial_value> initial = {};  // the transformations' own initial values, where the policy's differ
};

struct optimizer_options {
    optimizer_rule rule = optimizer_rule::sgd;
    double learning_rate = 0.02;
    double momentum = 0.9;  // SGD's
    double weight_decay = 0;
    double transform_lr_scale = 1;  // the transformations' parameters learn at this times the rate
    rate_schedule schedule = rate_schedule::constant;
    std::size_t decay_every = 10;  // epochs, for the step schedule
    double decay_factor = 0.1;
    std::size_t epochs = 1;  // the run's, for the cosine schedule
    std::uint64_t steps_per_epoch = 1;
};

// The shape of the data a network is built for.
struct data_shape {
    std::size_t inputs = 0, classes = 0;
};

using rate_schedule_choice = schedule_choice<constant_rate, step_decay, cosine_decay>;

inline rate_schedule_choice schedule_of(const optimizer_options& o) {
    switch (o.schedule) {
        case rate_schedule::constant:
            return {constant_rate{}};
        case rate_schedule::step:
            return {step_decay{.every = o.decay_every * o.steps_per_epoch, .factor = o.decay_factor}};
        case rate_schedule::cosine:
            return {cosine_decay{.steps = o.epochs * o.steps_per_epoch}};
    }
    throw std::logic_error("mockbn::research::schedule_of: a schedule without a case");
}

template <class Body>
auto with_optimizer(const optimizer_options& o, Body&& body) {
    const rate_schedule_choice rates = schedule_of(o);
    switch (o.rule) {
        case optimizer_rule::sgd: {
            optimizer<sgd_rule, float, rate_schedule_choice> chosen{
                {.learning_rate = o.learning_rate, .momentum = o.momentum, .weight_decay = o.weight_decay}, rates};
            return body(chosen);
        }
        case optimizer_rule::rmsprop: {
            optimizer<rmsprop_rule, float, rate_schedule_choice> chosen{
                {.learning_rate = o.learning_rate, .weight_decay = o.weight_decay}, rates};
            return body(chosen);
        }
        case optimizer_rule::adam: {
            optimizer<adam_rule, float, rate_schedule_choice> chosen{
                {.learning_rate = o.learning_rate, .weight_decay = o.weight_decay}, rates};
            return body(chosen);
        }
    }
    throw std::logic_error("mockbn::research::with_optimizer: an optimizer without a case");
}

// The transformed layers' parameters, each slice at transform_lr_scale times the rate.
template <class Model>
std::vector<parameter_group> transform_groups(const optimizer_options& o, const Model& model) {
    std::vector<parameter_group> groups;
    if (o.transform_lr_scale == 1) return groups;
    for (const auto& layer : hidden_layers_of(model))
        if (layer.transformation != 0)
            groups.push_back(parameter_group::of(model.parameters(), model.parameters_of_entry(layer.transformation),
                                                 o.transform_lr_scale));
    return groups;
}

// Each transformed layer's parameter of each given name set to its value, in every feature: the learnable
// transformations' starting point, which the original study does not give. A name a layer's transformation
// lacks is left alone there.
template <class Model>
void set_initial_values(Model& model, const std::vector<initial_value>& initial) {
    for (const auto& layer : hidden_layers_of(model)) {
        const auto names = parameter_names(model, layer);
        if (names.empty()) continue;
        const auto values = model.parameters_of_entry(layer.transformation);
        const std::size_t block = values.size() / names.size();
        for (const auto& [name, value] : initial)
            for (std::size_t p = 0; p < names.size(); ++p)
                if (names[p] == name)
                    std::fill_n(values.begin() + static_cast<std::ptrdiff_t>(p * block), block,
                                static_cast<typename Model::value_type>(value));
    }
}

template <class Policy, class Granularity, class Body>
auto with_network(const mlp_shape& shape, const std::vector<initial_value>& initial, const optimizer_options& o,
                  std::uint64_t seed, Body&& body) {
    basic_mlp<float, Policy, Granularity> model(shape, seed);
    set_initial_values(model, initial);
    return with_optimizer(o, [&](auto& chosen) {
        chosen.set_groups(transform_groups(o, model));
        return body(model, chosen);
    });
}

template <class Policy, class Body>
auto with_model(const network_options& n, const optimizer_options& o, const data_shape& data, std::uint64_t seed,
                Body&& body) {
    mlp_shape shape{data.inputs, n.width, n.depth, data.classes, n.placement};
    shape.initialization = name_of(n.init);
    shape.activation = name_of(n.activation);
    return n.shared ? with_network<Policy, shared>(shape, n.initial, o, seed, body)
                    : with_network<Policy, per_feature>(shape, n.initial, o, seed, body);
}

}  // namespace mockbn::research
