// mockbn/layers/loss.hpp
//
// softmax_cross_entropy: the loss that ends a stack. It takes the logits of
// the layer before it (rows x classes) and one label per row.
//
// Contract:
//  - forward(logits, labels) checks the labels (count = rows, each in
//    [0, classes), else std::invalid_argument naming the row), keeps a copy of
//    them and the softmax of each row, and returns the mean over the rows of
//    −log softmax(logits)[label], shifted by each row's maximum so large
//    logits neither overflow nor lose the loss.
//  - backward(d_logits) assigns (softmax − onehot(label)) / rows.
//  - Buffers grow to the largest batch seen and are reused after that.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "mockbn/concepts/labels.hpp"
#include "mockbn/concepts/layer.hpp"
#include "mockbn/core/softmax.hpp"

namespace mockbn {

struct softmax_cross_entropy {
    static constexpr bool is_loss = true;
    static constexpr std::size_t input_width = inferred_width;
    static constexpr std::size_t output_width(std::size_t in) { return in; }

    template <floating_scalar T>
    class layer {
    public:
        explicit layer(std::size_t classes) : classes_(classes) {}

        std::size_t parameter_count() const noexcept { return 0; }

        template <label_range Labels>
        T forward(matrix_view<const T> logits, const Labels& labels) {
            const auto* first = std::data(labels);
            kernels::check_labels(first, static_cast<std::size_t>(std::size(labels)), logits.rows, classes_);
            rows_ = logits.rows;
            grow(labels_, rows_);
            grow(probabilities_, rows_ * classes_);
            for (std::size_t r = 0; r < rows_; ++r) labels_[r] = static_cast<std::int32_t>(first[r]);
            const T total =
                kernels::softmax_cross_entropy_sum(logits.data, rows_, classes_, labels_.data(), probabilities_.data());
            return total / static_cast<T>(rows_);
        }

        void backward(T* d_logits) const {
            kernels::softmax_cross_entropy_gradient<false>(probabilities_.data(), rows_, classes_, labels_.data(),
                                                           T(1) / static_cast<T>(rows_), d_logits);
        }

        // The softmax of the last forward pass.
        matrix_view<const T> probabilities() const noexcept { return {probabilities_.data(), rows_, classes_}; }

        std::string describe() const { return "softmax_cross_entropy"; }

    private:
        template <class V>
        static void grow(std::vector<V>& buffer, std::size_t size) {
            if (buffer.size() < size) buffer.resize(size);
        }

        std::size_t classes_;
        std::size_t rows_ = 0;
        std::vector<std::int32_t> labels_;
        std::vector<T> probabilities_;
    };
};

template <class L>
concept loss_type = requires {
    requires L::is_loss;
};

}  // namespace mockbn
