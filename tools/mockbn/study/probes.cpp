#include "probes.hpp"

#include <algorithm>

namespace study {

std::vector<std::size_t> probed_layers(const options& o) {
    if (o.probe_layer != every_hidden_layer) return {o.probe_layer};
    std::vector<std::size_t> layers;
    for (std::size_t h = 1; h <= o.depth; ++h) layers.push_back(h);
    return layers;
}

mockbn::research::probe_plan probe_plan_of(const options& o) {
    using mockbn::research::probe_moment;
    mockbn::research::probe_plan plan{probed_layers(o),
                                      o.epochs,
                                      o.probe_mode,
                                      o.batch,
                                      {},
                                      {},
                                      o.probe_early,
                                      o.test_every_epoch || o.validation == 0};
    if (o.probe_moment == probe_moment::early) plan.detailed = {0};
    if (o.probe_moment == probe_moment::first && o.epochs > 1) plan.detailed = {1};
    return plan;
}

std::size_t verdict_layer(const options& o) {
    if (o.probe_layer != every_hidden_layer) return o.probe_layer;
    return *std::max_element(o.placement.begin(), o.placement.end());
}

}  // namespace study
