// mockbn/layers/relu.hpp
//
// relu: y = max(x, 0), elementwise, with slope 0 at 0 (the common
// frameworks' convention). No parameters. Its formula runs through the fused
// engine, so forward and backward are one vectorized pass each.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "mockbn/concepts/layer.hpp"
#include "mockbn/core/dual.hpp"
#include "mockbn/core/fused.hpp"

namespace mockbn {

struct relu {
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
            ad::fused::forward(rectifier, in.rows, in.cols, out.data,
                               ad::fused::operand<T, ad::fused::layout::full, false>{in.data});
        }

        void backward(const T*, T*, matrix_view<const T> in, matrix_view<const T>, matrix_view<const T> d_out,
                      T* d_in) const {
            if (!d_in) return;
            ad::fused::backward<ad::fused::write::assign>(
                rectifier, in.rows, in.cols, d_out.data,
                ad::fused::operand<T, ad::fused::layout::full, true>{in.data, d_in});
        }

        std::string describe() const { return "relu"; }

    private:
        static constexpr auto rectifier = [](const auto& x) { return ad::relu(x); };
    };
};

}  // namespace mockbn
