// mockbn/layers/dense.hpp
//
// dense<Out, Init = he_normal, In = inferred_width>: y = x·W + b, a fully
// connected layer giving Out features. In, when given, is checked against
// the layer before it at compile time. Its object, dense_layer<T>, takes both
// widths and the initialization scheme at run time (for networks shaped at
// run time, layers/mlp.hpp).
//
// Contract (beyond concepts/layer.hpp):
//  - Parameters, in the layer's slice: W (in x Out, row-major) then b (Out),
//    both written by the initialization scheme (layers/init.hpp): W drawn,
//    b zero unless the scheme draws or sets it (torch_default, tf_tutorial).
//  - forward: out = b + x·W, each output tile started from the bias in
//    registers (core/small_gemm.hpp); forward_with(..., epilogue) runs the
//    elementwise layers after it on the same tiles (layers/network.hpp).
//  - backward: dW = xᵀ·dy with db = the column sums of dy from the same
//    loads of dy, and dx = dy·Wᵀ against a packed Wᵀ (the layer's one
//    buffer, grown once); backward_with(..., epilogue) runs the elementwise
//    layers before it on dx's tiles, and may update W on dW's tiles
//    (network_core::backward_and_step). dx is skipped when not asked for (the
//    first layer's input is data).
//  - Built with MOCKBN_GEMM_BLAS defined, the products go through the BLAS
//    instead (core/blas.hpp): the reference the kernels are measured and
//    tested against.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "mockbn/concepts/layer.hpp"
#include "mockbn/core/blas.hpp"
#include "mockbn/core/column_statistics.hpp"
#include "mockbn/core/small_gemm.hpp"
#include "mockbn/layers/init.hpp"

namespace mockbn {

// The layer object, with both widths and the initialization chosen at run time.
template <floating_scalar T>
class dense_layer {
public:
    static constexpr bool random_initialization = true;  // W is drawn: it takes a generator stream of its own

    dense_layer(std::size_t inputs, std::size_t outputs, initializer<T> init = initializer<T>::template of<he_normal>())
        : inputs_(inputs), outputs_(outputs), init_(init) {}

    std::size_t input_width() const noexcept { return inputs_; }
    std::size_t output_width() const noexcept { return outputs_; }
    std::size_t parameter_count() const noexcept { return inputs_ * outputs_ + outputs_; }

    void initialize(std::span<T> parameters, random::generator& g) const {
        init_.fill(parameters.first(inputs_ * outputs_), parameters.subspan(inputs_ * outputs_), inputs_, outputs_, g);
    }

    template <mode_tag M>
    void forward(const T* parameters, matrix_view<const T> in, matrix_view<T> out, M) const {
        forward_with(parameters, in, out, small_gemm::no_epilogue{});
    }

    // forward, then `then` (a small_gemm epilogue) on each output batch before its store.
    template <class Epilogue>
    void forward_with(const T* parameters, matrix_view<const T> in, matrix_view<T> out, const Epilogue& then) const {
        const T* bias = parameters + inputs_ * outputs_;
#if defined(MOCKBN_GEMM_BLAS)
        for (std::size_t r = 0; r < in.rows; ++r) std::copy_n(bias, outputs_, out.row(r));
        blas::gemm(in.data, {in.rows, inputs_, false}, parameters, {inputs_, outputs_, false}, out.data, T(1), T(1));
        small_gemm::apply(then, out.data, out.rows, out.cols);
#else
        small_gemm::multiply(small_gemm::strided_matrix<T>::row_major(in.data, in.rows, inputs_), parameters, outputs_,
                             out.data, small_gemm::bias_then{bias, then});
#endif
    }

    void backward(const T* parameters, T* gradients, matrix_view<const T> in, matrix_view<const T>,
                  matrix_view<const T> d_out, T* d_in) const {
        backward_with(parameters, gradients, in, d_out, d_in, small_gemm::no_epilogue{});
    }

    // backward, with `then` (a small_gemm epilogue) on each batch of dx = dy·Wᵀ before its store, and
    // updates.for_block(W's size, its row) on each batch of dW, which may update W (optim/optimizer.hpp's
    // update_epilogue): dx has used W by then.
    template <class Epilogue, class Updates = small_gemm::no_block_epilogue>
    void backward_with(const T* parameters, T* gradients, matrix_view<const T> in, matrix_view<const T> d_out, T* d_in,
                       const Epilogue& then, const Updates& updates = {}) const {
        const auto on_weights = updates.for_block(inputs_ * outputs_, outputs_);
        T* weight_gradients = gradients;
        T* bias_gradients = gradients + inputs_ * outputs_;
#if defined(MOCKBN_GEMM_BLAS)
        if (d_in) {
            blas::gemm(d_out.data, {d_out.rows, outputs_, false}, parameters, {inputs_, outputs_, true}, d_in, T(1),
                       T(0));
            small_gemm::apply(then, d_in, d_out.rows, inputs_);
        }
        blas::gemm(in.data, {in.rows, inputs_, true}, d_out.data, {d_out.rows, outputs_, false}, weight_gradients, T(1),
                   T(0));
        kernels::column_sums(d_out.data, d_out.rows, outputs_, bias_gradients);
        small_gemm::apply(on_weights, weight_gradients, inputs_, outputs_);
#else
        if (d_in) {
            if (transposed_weights_.size() < inputs_ * outputs_) transposed_weights_.resize(inputs_ * outputs_);
            small_gemm::transpose(parameters, inputs_, outputs_, transposed_weights_.data());
        }
        small_gemm::multiply_with_column_sums(small_gemm::strided_matrix<T>::transposed(in.data, in.rows, inputs_),
                                              d_out.data, outputs_, weight_gradients, bias_gradients, on_weights);
        if (d_in)
            small_gemm::multiply(small_gemm::strided_matrix<T>::row_major(d_out.data, d_out.rows, outputs_),
                                 transposed_weights_.data(), inputs_, d_in, then);
#endif
    }

    std::string describe() const { return "dense<" + std::to_string(outputs_) + "> (" + std::string(init_.name) + ")"; }

    // What element i of the layer's slice is: "weight (row, column)" or "bias column".
    std::string describe_element(std::size_t i) const {
        const std::size_t weights = inputs_ * outputs_;
        if (i < weights) return "weight (" + std::to_string(i / outputs_) + ", " + std::to_string(i % outputs_) + ")";
        return "bias " + std::to_string(i - weights);
    }

private:
    std::size_t inputs_;
    std::size_t outputs_;
    initializer<T> init_;
    mutable std::vector<T> transposed_weights_;  // Wᵀ, packed for dx = dy·Wᵀ
};

template <std::size_t Out, class Init = he_normal, std::size_t In = inferred_width>
struct dense {
    static_assert(Out > 0, "mockbn::dense<Out>: a dense layer gives at least one feature");
    static_assert(initialization_scheme<Init>,
                  "mockbn::dense<Out, Init>: Init must be an initialization scheme such as he_normal or "
                  "glorot_uniform (layers/init.hpp)");

    static constexpr std::size_t input_width = In;
    static constexpr std::size_t output_width(std::size_t) { return Out; }

    template <floating_scalar T>
    struct layer : dense_layer<T> {
        explicit layer(std::size_t inputs) : dense_layer<T>(inputs, Out, initializer<T>::template of<Init>()) {}
    };
};

}  // namespace mockbn
