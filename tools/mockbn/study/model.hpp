// What a job trains: the study's options mapped onto the research layer's
// typed network and optimizer options (mockbn/research/model.hpp), which
// build the network for a variant (its transformation from the registry or
// the catalog; --width, --depth, --placement, --shared, --init,
// --activation), initialized from the job's seed (the transformations'
// parameters from --initial where given), and the optimizer (sgd
// with --momentum, rmsprop or adam, at --lr with --weight-decay, on the
// --schedule, the transformations' parameters at --transform-lr-scale times
// the rate).
//
// Contract: with_model<V>(o, train, seed, body) builds both for variant V
// and returns body(model, optimizer), the two passed as their concrete
// types; the input width, the classes and the steps per epoch
// (ceil(train / batch)) come from the training set.
#pragma once

#include <cstdint>

#include <mockbn/data/dataset.hpp>
#include <mockbn/research/model.hpp>

#include "options.hpp"

namespace study {

inline mockbn::research::network_options network_of(const options& o) {
    return {o.width, o.depth, o.placement, o.shared, o.init, o.activation, o.initial};
}

inline mockbn::research::optimizer_options optimizer_of(const options& o, std::uint64_t steps_per_epoch) {
    return {o.optimizer, o.learning_rate, o.momentum,     o.weight_decay, o.transform_lr_scale,
            o.schedule,  o.decay_every,   o.decay_factor, o.epochs,       steps_per_epoch};
}

template <class Variant, class Body>
auto with_model(const options& o, const mockbn::data::dataset& train, std::uint64_t seed, Body&& body) {
    const std::uint64_t steps_per_epoch = (train.count + o.batch - 1) / o.batch;
    return mockbn::research::with_model<typename Variant::policy>(network_of(o), optimizer_of(o, steps_per_epoch),
                                                                  {train.features(), train.classes}, seed, body);
}

}  // namespace study
