// mockbn/layers/gradcheck.hpp
//
// gradcheck(model, x, labels): every parameter gradient of a stack against
// the fourth-order central difference of its training-mode loss, in double
// precision (autodiff/gradcheck.hpp has the rule, the error measure and how
// kinks are told apart).
//
// Contract: the stack must be over double. The result's `variable` is the
// entry (layer number) of the worst element, `element` its index in that
// layer's slice, and `worst_where` the two in the network's words
// ("hidden layer 2 (entry 3, dense<8> (he_normal)), weight 12": layers/network.hpp). A parameter whose perturbation
// changes a branch of any layer's formula (a ReLU's input crossing 0 at a dead row, a break point of a transformation)
// is not compared: it is counted in `kinks`, and the closest one names the parameter and the layer, row and feature
// whose input crossed its kink; its `formula` is that layer's entry (0 for a formula that writes no layer's output).
// Parameters are restored exactly; layers with running statistics see every perturbed forward pass, as in training.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "mockbn/autodiff/gradcheck.hpp"
#include "mockbn/autodiff/softmax_cross_entropy.hpp"
#include "mockbn/core/branch_watch.hpp"
#include "mockbn/core/matrix.hpp"
#include "mockbn/core/mode.hpp"

namespace mockbn {

namespace detail {

// The kink a branch change shows when perturbing the flat parameter
// `parameter`: the layer is the one whose formula wrote the pass's output.
template <class Stack>
ad::gradcheck_kink kink_in_network(const Stack& model, std::size_t parameter, const ad::branch_change& change) {
    std::size_t layer = 0;
    for (std::size_t k = 1; k <= model.layer_count(); ++k)
        if (model.output_of(k).data == change.output) layer = k;
    const std::string element = ", row " + std::to_string(change.row) + ", feature " + std::to_string(change.column);
    const auto [entry, index] = model.locate_parameter(parameter);
    return {entry,
            index,
            layer,
            change.row,
            change.column,
            change.distance,
            model.describe_parameter(parameter),
            layer ? "the input of " + model.describe_entry(layer) + element
                  : "a formula of the network (pass " + std::to_string(change.pass) + ")" + element};
}

}  // namespace detail

template <class Stack, label_range Labels>
ad::gradcheck_result gradcheck(Stack& model, matrix_view<const typename Stack::value_type> x, const Labels& labels,
                               ad::gradcheck_options options = {}) {
    static_assert(std::is_same_v<typename Stack::value_type, double>,
                  "mockbn::gradcheck: finite differences need double precision: use basic_stack<double, ...>");
    ad::gradcheck_result result;
    {
        ad::branch_watch watch;  // watches every layer's formula while the differences are taken
        watch.record_reference();
        model.forward(x, labels, training);
        model.backward();
        const std::vector<double> derived(model.gradients().begin(), model.gradients().end());
        auto loss = [&] { return model.forward(x, labels, training); };

        auto parameters = model.parameters();
        for (std::size_t i = 0; i < parameters.size(); ++i) {
            const auto [numeric, change] = ad::detail::watched_difference(watch, parameters[i], options.step, loss);
            const auto [entry, element] = model.locate_parameter(i);
            if (change) ad::detail::skip(result, detail::kink_in_network(model, i, *change));
            else ad::detail::compare(result, entry, element, derived[i], numeric);
        }
    }
    if (result.checked > 0) {
        const auto slice = model.parameters_of_entry(result.variable);
        result.worst_where = model.describe_parameter(
            static_cast<std::size_t>(slice.data() - model.parameters().data()) + result.element);
    }
    model.forward(x, labels, training);
    return result;
}

}  // namespace mockbn
