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
//    b zero unless the scheme draws it too (torch_default).
//  - forward: out = b in every row, then out += x·W by one BLAS gemm.
//  - backward: dW = xᵀ·dy and dx = dy·Wᵀ by gemm (transposes as flags, never
//    materialized), db = column sums of dy. dx is skipped when not asked for
//    (the first layer's input is data).
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>

#include "mockbn/concepts/layer.hpp"
#include "mockbn/core/blas.hpp"
#include "mockbn/core/column_statistics.hpp"
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
        const T* bias = parameters + inputs_ * outputs_;
        for (std::size_t r = 0; r < in.rows; ++r) std::copy_n(bias, outputs_, out.row(r));
        blas::gemm(in.data, {in.rows, inputs_, false}, parameters, {inputs_, outputs_, false}, out.data, T(1), T(1));
    }

    void backward(const T* parameters, T* gradients, matrix_view<const T> in, matrix_view<const T>,
                  matrix_view<const T> d_out, T* d_in) const {
        blas::gemm(in.data, {in.rows, inputs_, true}, d_out.data, {d_out.rows, outputs_, false}, gradients, T(1), T(0));
        kernels::column_sums(d_out.data, d_out.rows, outputs_, gradients + inputs_ * outputs_);
        if (d_in)
            blas::gemm(d_out.data, {d_out.rows, outputs_, false}, parameters, {inputs_, outputs_, true}, d_in, T(1),
                       T(0));
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
