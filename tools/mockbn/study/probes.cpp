#include "probes.hpp"

#include <algorithm>

namespace study {

std::vector<std::size_t> probed_layers(const options& o) {
    if (o.probe_layer != every_hidden_layer) return {o.probe_layer};
    std::vector<std::size_t> layers;
    for (std::size_t h = 1; h <= o.depth; ++h) layers.push_back(h);
    return layers;
}

std::size_t verdict_layer(const options& o) {
    if (o.probe_layer != every_hidden_layer) return o.probe_layer;
    return *std::max_element(o.placement.begin(), o.placement.end());
}

}  // namespace study
