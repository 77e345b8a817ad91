// mockbn/core/softmax.hpp
//
// The softmax cross-entropy kernels on a row-major batch x classes block of
// logits, shared by the loss layer and the graph's loss node.
//
// Contract: labels are checked first (one per row, each in [0, classes);
// otherwise std::invalid_argument naming the row and the label). Each row is
// shifted by its maximum before the exponentials, so large logits neither
// overflow nor lose the loss; non-finite logits give a non-finite loss.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

#include "mockbn/core/scalar.hpp"

namespace mockbn::kernels {

// Validates one label per row, each in [0, classes); throws naming the row.
template <class Label>
void check_labels(const Label* labels, std::size_t count, std::size_t rows, std::size_t classes) {
    if (count != rows)
        throw std::invalid_argument("mockbn::softmax_cross_entropy: " + std::to_string(count) + " labels for " +
                                    std::to_string(rows) + " rows of logits");
    for (std::size_t r = 0; r < rows; ++r) {
        const auto label = labels[r];
        if (std::cmp_less(label, 0) || std::cmp_greater_equal(label, classes))
            throw std::invalid_argument("mockbn::softmax_cross_entropy: label " + std::to_string(label) + " in row " +
                                        std::to_string(r) + " is outside [0, " + std::to_string(classes) + ")");
    }
}

// Writes each row's softmax into probabilities and returns the summed loss
// -log p[label] over the rows (computed as max + log Σ exp(z - max) - z[label]).
template <floating_scalar T, class Label>
T softmax_cross_entropy_sum(const T* logits, std::size_t rows, std::size_t classes, const Label* labels,
                            T* probabilities) {
    T total = T(0);
    for (std::size_t r = 0; r < rows; ++r) {
        const T* row = logits + r * classes;
        T* p = probabilities + r * classes;
        const T peak = *std::max_element(row, row + classes);
        T normalizer = T(0);
        for (std::size_t c = 0; c < classes; ++c) normalizer += (p[c] = std::exp(row[c] - peak));
        for (std::size_t c = 0; c < classes; ++c) p[c] /= normalizer;
        total += peak + std::log(normalizer) - row[static_cast<std::size_t>(labels[r])];
    }
    return total;
}

// d logits (+)= scale · (softmax - onehot(label)).
template <bool Accumulate, floating_scalar T, class Label>
void softmax_cross_entropy_gradient(const T* probabilities, std::size_t rows, std::size_t classes, const Label* labels,
                                    T scale, T* dlogits) {
    for (std::size_t r = 0; r < rows; ++r) {
        const auto label = static_cast<std::size_t>(labels[r]);
        for (std::size_t c = 0; c < classes; ++c) {
            const std::size_t i = r * classes + c;
            const T d = scale * (probabilities[i] - (c == label ? T(1) : T(0)));
            if constexpr (Accumulate) dlogits[i] += d;
            else dlogits[i] = d;
        }
    }
}

}  // namespace mockbn::kernels
