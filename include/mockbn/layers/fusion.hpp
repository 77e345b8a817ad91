// mockbn/layers/fusion.hpp
//
// The forward pass of a body of layers, with the layers that can run inside
// the product before them fused into it: after a layer with a product
// (dense, forward_with), up to two layers with a product_stage (an
// activation; a transformation without statistics) are computed on the
// product's output tiles while they are still in registers.
//
// Contract:
//  - Every entry's output is what the unfused passes leave, bit for bit: each
//    stage's input is stored where its entry's input lives (for the probes and
//    the backward pass), and each stage evaluates its formula on the same
//    batches as the fused engine's forward (core/fused.hpp).
//  - forward_layers(body, entries, mode, fuse) runs every entry of a tuple
//    body (chains found at compile time) or of a vector of variants (found at
//    run time); with fuse false, every layer runs alone.
//  - entries.parameters(k), entries.input(k), entries.output(k): entry k's
//    (counted from 0 here) slice and matrices.
#pragma once

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "mockbn/core/matrix.hpp"
#include "mockbn/core/mode.hpp"
#include "mockbn/core/simd.hpp"
#include "mockbn/core/small_gemm.hpp"

namespace mockbn::detail {

// A layer whose product takes an epilogue, and a layer that can be one of its stages.
template <class O, class T>
concept fusing_product = requires(const O& layer, const T* p, matrix_view<const T> in, matrix_view<T> out) {
    layer.forward_with(p, in, out, small_gemm::no_epilogue{});
};
template <class O, class T>
concept product_stage_layer = requires(const O& layer, const T* p) {
    layer.product_stage(p);
};

// A small_gemm epilogue: stores each batch where the stage's input lives, then
// hands the stage's value to the next epilogue.
template <floating_scalar T, class Stage, class Next>
struct stage_epilogue {
    Stage stage;
    T* input;  // rows x width, row-major
    std::size_t width;
    Next next;

    struct columns {
        typename Stage::columns stage;
        typename Next::columns next;
    };
    template <floating_scalar>
    columns at(std::size_t col, std::size_t count) const {
        return {stage.at(col, count), next.template at<T>(col, count)};
    }
    template <floating_scalar>
    simd::batch<T> start(const columns&) const noexcept {
        return simd::batch<T>(T(0));
    }
    template <floating_scalar>
    simd::batch<T> finish(const columns& c, std::size_t row, std::size_t col, std::size_t count,
                          const simd::batch<T>& value) const {
        simd::store(input + row * width + col, value, count);
        return next.template finish<T>(c.next, row, col, count, stage.apply(c.stage, value));
    }
};

// The epilogue of the stages at entries k + 1, k + 2, ...
template <floating_scalar T, class Entries>
small_gemm::no_epilogue stages_from(const Entries&, std::size_t) {
    return {};
}
template <floating_scalar T, class Entries, class Stage, class... Rest>
auto stages_from(const Entries& entries, std::size_t k, const Stage& layer, const Rest&... rest) {
    auto next = stages_from<T>(entries, k + 1, rest...);
    const matrix_view<T> input = entries.output(k);
    return stage_epilogue<T, decltype(layer.product_stage(entries.parameters(k + 1))), decltype(next)>{
        layer.product_stage(entries.parameters(k + 1)), input.data, input.cols, next};
}

// The product at entry k with the stages after it, the last stage's output stored by the product.
template <floating_scalar T, class Entries, class Product, class... Stages>
void run_chain(const Entries& entries, std::size_t k, const Product& product, const Stages&... stages) {
    product.forward_with(entries.parameters(k), entries.input(k), entries.output(k + sizeof...(Stages)),
                         stages_from<T>(entries, k, stages...));
}

// ---- a tuple body: the chains are known at compile time ---------------------

template <class T, class Body, std::size_t K>
constexpr bool is_stage_at() {
    if constexpr (K < std::tuple_size_v<Body>) return product_stage_layer<std::tuple_element_t<K, Body>, T>;
    else return false;
}

// How many layers after entry K run inside its product: 0, 1 or 2.
template <class T, class Body, std::size_t K>
constexpr std::size_t stages_after() {
    if constexpr (!fusing_product<std::tuple_element_t<K, Body>, T> || !is_stage_at<T, Body, K + 1>()) return 0;
    else return is_stage_at<T, Body, K + 2>() ? 2 : 1;
}

template <floating_scalar T, std::size_t K, class... Objects, class Entries, mode_tag M>
void forward_from(std::tuple<Objects...>& body, const Entries& entries, M mode, bool fuse) {
    if constexpr (K < sizeof...(Objects)) {
        using Body = std::tuple<Objects...>;
        constexpr std::size_t stages = stages_after<T, Body, K>();
        if constexpr (stages > 0) {
            if (fuse) {
                with_indices<stages>([&]<std::size_t... S>(std::index_sequence<S...>) {
                    run_chain<T>(entries, K, std::get<K>(body), std::get<K + 1 + S>(body)...);
                });
                forward_from<T, K + 1 + stages>(body, entries, mode, fuse);
                return;
            }
        }
        std::get<K>(body).forward(entries.parameters(K), entries.input(K), entries.output(K), mode);
        forward_from<T, K + 1>(body, entries, mode, fuse);
    }
}

template <floating_scalar T, class... Objects, class Entries, mode_tag M>
void forward_layers(std::tuple<Objects...>& body, const Entries& entries, M mode, bool fuse) {
    forward_from<T, 0>(body, entries, mode, fuse);
}

// ---- a vector of variants: the chains are found at run time -------------------

// Runs the product at entry k with the stages after it, if any; how many stages ran.
template <floating_scalar T, class... Objects, class Entries, class Product>
std::size_t run_stages_after(std::vector<std::variant<Objects...>>& body, const Entries& entries, std::size_t k,
                             const Product& product) {
    auto stage_at = [&](std::size_t entry, auto&& use) -> std::size_t {
        if (entry >= body.size()) return 0;
        return std::visit(
            [&](const auto& layer) -> std::size_t {
                if constexpr (product_stage_layer<std::remove_cvref_t<decltype(layer)>, T>) return use(layer);
                else return 0;
            },
            body[entry]);
    };
    return stage_at(k + 1, [&](const auto& first) -> std::size_t {
        const std::size_t second = stage_at(k + 2, [&](const auto& next) -> std::size_t {
            run_chain<T>(entries, k, product, first, next);
            return 2;
        });
        if (second == 0) run_chain<T>(entries, k, product, first);
        return second == 0 ? 1 : 2;
    });
}

template <floating_scalar T, class... Objects, class Entries, mode_tag M>
void forward_layers(std::vector<std::variant<Objects...>>& body, const Entries& entries, M mode, bool fuse) {
    for (std::size_t k = 0; k < body.size(); ++k) {
        k += std::visit(
            [&](auto& layer) -> std::size_t {
                if constexpr (fusing_product<std::remove_cvref_t<decltype(layer)>, T>) {
                    const std::size_t stages = fuse ? run_stages_after<T>(body, entries, k, layer) : 0;
                    if (stages > 0) return stages;
                }
                layer.forward(entries.parameters(k), entries.input(k), entries.output(k), mode);
                return 0;
            },
            body[k]);
    }
}

}  // namespace mockbn::detail
