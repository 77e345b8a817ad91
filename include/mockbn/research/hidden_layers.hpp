// mockbn/research/hidden_layers.hpp
//
// Where each hidden layer of a network stands among its entries, for any
// network the library builds (a stack or an mlp): what a probe reads.
//
// A hidden layer is a dense entry that is not the network's last dense
// entry (the output layer); its transformation is the entry right after it
// when that entry names its parameters (a transformation layer, fixed or
// learnable, batch norm included); the activation follows.
//
// Contract of hidden_layers_of(network): one hidden_layer per hidden layer,
// in order (hidden layer h is element h - 1), with entry numbers from 1 as
// network_core counts them. Then, on the network's last forward pass:
//  - before(network, layer): the dense entry's output (what the
//    transformation takes);
//  - after(network, layer): the transformation's output, the activation's
//    input (the dense output where there is no transformation);
//  - parameter_names(network, layer): the transformation's parameter names,
//    in the order of its blocks in parameters_of_entry (empty without a
//    transformation or parameters).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "mockbn/core/matrix.hpp"
#include "mockbn/layers/fusion.hpp"

namespace mockbn::research {

struct hidden_layer {
    std::size_t dense = 0;
    std::size_t transformation = 0;  // 0: none
    std::size_t activation = 0;

    bool operator==(const hidden_layer&) const = default;
};

template <class Network>
std::vector<hidden_layer> hidden_layers_of(const Network& network) {
    using T = typename Network::value_type;
    const std::size_t entries = network.layer_count();
    std::vector<std::size_t> dense;
    for (std::size_t k = 1; k <= entries; ++k)
        if (network.visit_entry(k, [](const auto& layer) {
                return mockbn::detail::forward_product<std::remove_cvref_t<decltype(layer)>, T>;
            }))
            dense.push_back(k);
    std::vector<hidden_layer> hidden;
    for (std::size_t i = 0; i + 1 < dense.size(); ++i) {
        hidden_layer h{dense[i], 0, dense[i] + 1};
        const bool transformed = network.visit_entry(h.activation, [](const auto& layer) {
            return mockbn::detail::names_its_parameters<std::remove_cvref_t<decltype(layer)>>;
        });
        if (transformed) h.transformation = h.activation++;
        hidden.push_back(h);
    }
    return hidden;
}

template <class Network>
matrix_view<const typename Network::value_type> before(const Network& network, const hidden_layer& layer) {
    return network.output_of(layer.dense);
}

template <class Network>
matrix_view<const typename Network::value_type> after(const Network& network, const hidden_layer& layer) {
    return network.input_of(layer.activation);
}

template <class Network>
std::vector<std::string> parameter_names(const Network& network, const hidden_layer& layer) {
    if (layer.transformation == 0) return {};
    return network.visit_entry(layer.transformation, [](const auto& l) {
        std::vector<std::string> names;
        if constexpr (mockbn::detail::names_its_parameters<std::remove_cvref_t<decltype(l)>>)
            for (const auto& name : l.parameter_names()) names.emplace_back(name);
        return names;
    });
}

}  // namespace mockbn::research
