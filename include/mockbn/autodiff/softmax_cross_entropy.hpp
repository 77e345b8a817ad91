// mockbn/autodiff/softmax_cross_entropy.hpp
//
// The classification loss: softmax_cross_entropy(logits, labels) is the mean
// over the batch of -log softmax(logits)[label], a scalar node.
//
// Contract:
//  - logits is a rank-2 expression (batch x classes); labels is a contiguous
//    range of integers, one per row, each in [0, classes). It is held by the
//    closure rule like any operand. A count or a label out of range throws
//    std::invalid_argument naming the row and the label.
//  - Numerically stable: each row is shifted by its maximum before the
//    exponentials, so large logits neither overflow nor lose the loss.
//  - The softmax probabilities are kept from forward; backward accumulates
//    d logits = dy · (softmax - onehot(label)) / batch.
//  - Non-finite logits give a non-finite loss; nothing here throws for them.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <iterator>
#include <ranges>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "mockbn/autodiff/expression.hpp"
#include "mockbn/autodiff/node.hpp"
#include "mockbn/concepts/labels.hpp"
#include "mockbn/core/scalar.hpp"
#include "mockbn/core/softmax.hpp"

namespace mockbn::ad {

template <class X, class Labels>
class softmax_cross_entropy_node : public node_base<typename std::remove_reference_t<X>::value_type, 0> {
    using x_type = std::remove_reference_t<X>;
    using T = typename x_type::value_type;
    static_assert(x_type::rank == 2,
                  "mockbn::softmax_cross_entropy: the logits must be a rank-2 expression "
                  "(batch x classes)");

public:
    static constexpr bool needs_adjoint = x_type::needs_adjoint;

    softmax_cross_entropy_node(X logits, Labels labels)
        : logits_(std::forward<X>(logits)), labels_(std::forward<Labels>(labels)) {}

    // Softmax of the last forward pass, one row per sample.
    const std::vector<T>& probabilities() const noexcept { return probabilities_; }

    void forward(pass_id pass) {
        if (!this->first_forward(pass)) return;
        logits_.forward(pass);
        const auto [rows, classes] = geometry();
        kernels::check_labels(std::ranges::data(labels_), static_cast<std::size_t>(std::ranges::size(labels_)), rows,
                              classes);
        this->shape_value({});
        probabilities_.resize(rows * classes);
        const T total = kernels::softmax_cross_entropy_sum(logits_.value().data(), rows, classes,
                                                           std::ranges::data(labels_), probabilities_.data());
        this->value_() = total / static_cast<T>(rows);
    }

    void begin_backward(pass_id pass) {
        if constexpr (needs_adjoint) {
            if (this->first_backward_visit(pass)) logits_.begin_backward(pass);
        }
    }

    void receive() {
        if constexpr (needs_adjoint) {
            if (!this->last_contribution()) return;
            const auto [rows, classes] = geometry();
            const T scale = this->adjoint_() / static_cast<T>(rows);
            kernels::softmax_cross_entropy_gradient<true>(probabilities_.data(), rows, classes,
                                                          std::ranges::data(labels_), scale,
                                                          logits_.adjoint_accumulator().data());
            logits_.receive();
        }
    }

private:
    std::pair<std::size_t, std::size_t> geometry() const {
        return {logits_.value().shape()[0], logits_.value().shape()[1]};
    }

    X logits_;
    Labels labels_;
    std::vector<T> probabilities_;
};

template <class X, class Labels>
    requires tensor_expression<X> && label_range<Labels>
auto softmax_cross_entropy(X&& logits, Labels&& labels) {
    return softmax_cross_entropy_node<closure_t<X&&>, closure_t<Labels&&>>(std::forward<X>(logits),
                                                                           std::forward<Labels>(labels));
}

}  // namespace mockbn::ad
