// mockbn/layers/gradcheck.hpp
//
// gradcheck(model, x, labels): every parameter gradient of a stack against
// the fourth-order central difference of its training-mode loss, in double
// precision (autodiff/gradcheck.hpp has the rule and the error measure).
//
// Contract: the stack must be over double. The result's `variable` is the
// entry (layer number) of the worst element and `element` its index in that
// layer's slice. Parameters are restored exactly; layers with running
// statistics see every perturbed forward pass, as in training. Inputs within
// a step of a kink (ReLU at 0, a break point) are not differentiable there.
#pragma once

#include <cstddef>

#include "mockbn/autodiff/gradcheck.hpp"
#include "mockbn/autodiff/softmax_cross_entropy.hpp"
#include "mockbn/core/matrix.hpp"
#include "mockbn/core/mode.hpp"

namespace mockbn {

template <class Stack, label_range Labels>
ad::gradcheck_result gradcheck(Stack& model, matrix_view<const typename Stack::value_type> x, const Labels& labels,
                               ad::gradcheck_options options = {}) {
    static_assert(std::is_same_v<typename Stack::value_type, double>,
                  "mockbn::gradcheck: finite differences need double precision: use basic_stack<double, ...>");
    model.forward(x, labels, training);
    model.backward();
    const std::vector<double> derived(model.gradients().begin(), model.gradients().end());
    auto loss = [&] { return model.forward(x, labels, training); };

    ad::gradcheck_result result;
    auto parameters = model.parameters();
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        const double numeric = ad::detail::central_difference(parameters[i], options.step, loss);
        const auto [entry, element] = model.locate_parameter(i);
        ad::detail::compare(result, entry, element, derived[i], numeric);
    }
    model.forward(x, labels, training);
    return result;
}

}  // namespace mockbn
