// mockbn/layers/dropout.hpp
//
// dropout<Rate>: inverted dropout (Srivastava et al. 2014), the other
// transformation the original study discusses between the affine layer and
// the ReLU. In training mode each value is kept with probability 1 − Rate
// and scaled by 1 / (1 − Rate), or set to 0; in inference mode the layer
// passes its input through unchanged, so no rescaling is needed there.
//
// Contract:
//  - 0 ≤ Rate < 1 (a compile-time check). No parameters.
//  - The masks come from the library's generator (core/random.hpp), seeded
//    when the network is initialized from its seed and this entry's number:
//    the same seed gives the same masks on every machine, two dropout layers
//    of one network draw independent masks, and no other layer's initial
//    values change. One 53-bit uniform draw per value, row by row: a value
//    is dropped when its draw is below Rate.
//  - The generator's state is the layer's own state (state_fields): a run
//    saved after a step and continued draws the masks of one that never
//    stopped. Inference draws nothing.
//  - backward assigns d_in = d_out · mask, the mask of the last training
//    forward pass (after an inference pass: 1). The mask's buffer only
//    grows: after the largest batch, nothing is allocated.
//  - Every training pass draws new masks, so finite differences (gradcheck)
//    see another function at each perturbed pass: check a network with
//    dropout with its state (the masks' generator) loaded before each pass,
//    as tests/layers/test_dropout.cpp does.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "mockbn/concepts/layer.hpp"
#include "mockbn/core/random.hpp"

namespace mockbn {

template <double Rate>
struct dropout {
    static_assert(Rate >= 0 && Rate < 1, "mockbn::dropout: the rate is the probability of dropping a value, in [0, 1)");
    static constexpr std::size_t input_width = inferred_width;
    static constexpr std::size_t output_width(std::size_t in) { return in; }

    template <floating_scalar T>
    class layer {
    public:
        explicit layer(std::size_t) {}
        std::size_t parameter_count() const noexcept { return 0; }
        // The network's generator for this entry's own stream (layers/network.hpp) becomes the masks'.
        void initialize(std::span<T>, random::generator& g) const { masks_ = g; }

        template <mode_tag M>
        void forward(const T*, matrix_view<const T> in, matrix_view<T> out, M) {
            const std::size_t n = in.size();
            if constexpr (std::is_same_v<M, inference_mode>) {
                std::copy_n(in.data, n, out.data);
                scale_.assign(n, T(1));  // only grows: assign reuses the capacity
            } else {
                if (scale_.size() < n) scale_.resize(n);
                constexpr T kept = T(1) / (T(1) - static_cast<T>(Rate));
                for (std::size_t i = 0; i < n; ++i) {
                    scale_[i] = masks_.uniform() < Rate ? T(0) : kept;
                    out.data[i] = in.data[i] * scale_[i];
                }
            }
        }

        void backward(const T*, T*, matrix_view<const T> in, matrix_view<const T>, matrix_view<const T> d_out,
                      T* d_in) const {
            if (!d_in) return;
            for (std::size_t i = 0; i < in.size(); ++i) d_in[i] = d_out.data[i] * scale_[i];
        }

        // The last training pass's factors, one per value (0 or 1 / (1 − Rate)), row-major.
        std::span<const T> mask() const noexcept { return scale_; }

        std::string describe() const {
            char rate[32];
            std::snprintf(rate, sizeof rate, "dropout<%g>", Rate);
            return rate;
        }

        template <class Self, class Fields>
        static void state_fields(Self& self, Fields& fields) {
            std::uint64_t words[4];
            std::copy_n(self.masks_.state(), 4, words);
            fields.values("mask_generator", std::span<std::uint64_t>(words));
            if constexpr (!std::is_const_v<Self>) self.masks_.set_state(words);
        }

    private:
        mutable random::generator masks_{0};  // seeded by initialize, which the layer contract makes const
        std::vector<T> scale_;
    };
};

}  // namespace mockbn
