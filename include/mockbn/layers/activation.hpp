// mockbn/layers/activation.hpp
//
// The hidden layers' activations, elementwise and without parameters:
//
//   relu  y = max(x, 0), slope 0 at 0 (the common frameworks' convention)
//   selu  y = λ·x for x > 0, λ·α·(e^x − 1) otherwise, with λ ≈ 1.0507 and
//         α ≈ 1.6733 (Klambauer et al. 2017): the self-normalizing
//         activation, meant for weights from lecun_normal. Its slope at 0 is
//         the left one, λ·α, as in the common frameworks.
//
// Contract: each is a layer (concepts/layer.hpp) whose formula runs through
// the fused engine, so forward and backward are one vectorized pass each;
// backward only fills d_in. Between dense layers, both run inside the dense
// layers' products (layers/fusion.hpp). activation<F> makes such a layer from any
// formula F with `name` and `static auto apply(const auto& x)`.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "mockbn/concepts/layer.hpp"
#include "mockbn/core/dual.hpp"
#include "mockbn/core/fused.hpp"

namespace mockbn {

template <class F>
struct activation {
    static constexpr std::size_t input_width = inferred_width;
    static constexpr std::size_t output_width(std::size_t in) { return in; }

    template <floating_scalar T>
    class layer {
    public:
        explicit layer(std::size_t) {}
        std::size_t parameter_count() const noexcept { return 0; }
        void initialize(std::span<T>, random::generator&) const {}

        template <mode_tag M>
        void forward(const T*, matrix_view<const T> in, matrix_view<T> out, M) const {
            ad::fused::forward(formula, in.rows, in.cols, out.data,
                               ad::fused::operand<T, ad::fused::layout::full, false>{in.data});
        }

        void backward(const T*, T*, matrix_view<const T> in, matrix_view<const T>, matrix_view<const T> d_out,
                      T* d_in) const {
            if (!d_in) return;
            ad::fused::backward<ad::fused::write::assign>(
                formula, in.rows, in.cols, d_out.data,
                ad::fused::operand<T, ad::fused::layout::full, true>{in.data, d_in});
        }

        // This layer inside the dense layer's products (layers/fusion.hpp): forward on each
        // batch of the product before it; backward on each batch of the dx product after it.
        auto forward_stage(const T*) const { return ad::fused::as_forward_stage<T>(formula); }
        auto backward_stage(const T*, T*, matrix_view<const T> in) const {
            return ad::fused::as_backward_stage<T>(formula, in.data, in.cols);
        }

        std::string describe() const { return std::string(F::name); }

    private:
        static constexpr auto formula = [](const auto& x) { return F::apply(x); };
    };
};

struct relu_formula {
    static constexpr std::string_view name = "relu";
    static auto apply(const auto& x) { return ad::relu(x); }
};

struct selu_formula {
    static constexpr std::string_view name = "selu";
    static constexpr double lambda = 1.0507009873554804934193349852946;
    static constexpr double alpha = 1.6732632423543772848170429916717;
    static auto apply(const auto& x) { return lambda * select(x > 0.0, x, alpha * expm1(x)); }
};

// Classes rather than aliases, so that diagnostics name them as written.
struct relu : activation<relu_formula> {};
struct selu : activation<selu_formula> {};

}  // namespace mockbn
