// mockbn/layers/fusion.hpp
//
// The forward and backward passes of a body of layers, with the elementwise
// layers between dense layers run inside the dense layers' products, on the
// output tiles while they are still in registers (core/small_gemm.hpp):
//  - forward: after a layer with forward_with (dense), the layers with a
//    forward_stage (a transformation without statistics, an activation) run
//    in the epilogue of its product x·W + b;
//  - backward: before a layer with backward_with (dense), the layers with a
//    backward_stage (the same, with the transformation's parameters per
//    feature) run in the epilogue of its product dy·Wᵀ, which gives their
//    d output, and hand on their d input.
// A chain holds at most one transformation, then at most one activation.
//
// Contract:
//  - Every entry's output, every d output and every gradient is what the
//    passes run one by one give, bit for bit (core/fused.hpp's stages), when
//    every operation rounds as written: -ffp-contract=off, which
//    mockbn::mockbn and mockbn.pc add (GCC and Clang would otherwise contract
//    a·b + c differently in each path). Each stage's input is still stored
//    where its entry's output (or d output) lives, for the probes and the
//    passes that read it.
//  - forward_layers(body, entries, mode, fuse) and backward_layers(body,
//    entries) run every entry of a tuple body (the chains found at compile
//    time) or of a vector of variants (found at run time, and only
//    activations join there: see forward_chain_at); with fuse false, every
//    layer's forward runs alone.
//  - entries gives entry k's (counted from 0 here) parameters(k),
//    gradients(k), input(k), output(k), d_output(k) and d_input(k) (the
//    input's gradient of entry 0 may be null: not wanted); updates(k), what a
//    dense layer at k runs on dW's tiles; and hears finished(first, last) as
//    soon as entries first to last have their gradients.
#pragma once

#include <concepts>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "mockbn/core/indices.hpp"
#include "mockbn/core/matrix.hpp"
#include "mockbn/core/mode.hpp"
#include "mockbn/core/simd.hpp"
#include "mockbn/core/small_gemm.hpp"

namespace mockbn::detail {

// The roles a layer object can take in a chain.
template <class O, class T>
concept forward_product = requires(const O& layer, const T* p, matrix_view<const T> in, matrix_view<T> out) {
    layer.forward_with(p, in, out, small_gemm::no_epilogue{});
};
template <class O, class T>
concept backward_product = requires(const O& layer, const T* p, T* g, matrix_view<const T> m, T* d) {
    layer.backward_with(p, g, m, m, d, small_gemm::no_epilogue{});
};
template <class O, class T>
concept forward_stage_layer = requires(const O& layer, const T* p) {
    layer.forward_stage(p);
};
template <class O, class T>
concept backward_stage_layer = requires(const O& layer, const T* p, T* g, matrix_view<const T> in) {
    layer.backward_stage(p, g, in);
};

// Which stages form a chain: at most one transformation (a stage that names
// its parameters), then at most one activation (a stage that does not). That
// is every chain of the original study's family of networks, and it keeps the chains a
// vector of variants could form (each one compiled, for every policy) to those.
template <class O>
concept names_its_parameters = requires(const O& layer) {
    layer.parameter_names();
    { layer.parameter_width() } -> std::same_as<std::size_t>;
};
template <class First, class Second>
inline constexpr bool chain_continues = names_its_parameters<First> && !names_its_parameters<Second>;

// A small_gemm epilogue: stores each batch at `incoming` (where the stage's
// input belongs), then runs the stage on the batches and hands them to the next epilogue.
template <floating_scalar T, class Stage, class Next>
struct stage_epilogue {
    Stage stage;
    T* incoming;  // rows x width, row-major
    std::size_t width;
    Next next;

    struct columns {
        typename Stage::columns stage;
        typename Next::columns next;
    };
    template <floating_scalar>
    simd::batch<T> start(std::size_t, std::size_t) const noexcept {
        return simd::batch<T>(T(0));
    }
    template <floating_scalar>
    columns at(std::size_t col, std::size_t count) const {
        return {stage.at(col, count), next.template at<T>(col, count)};
    }
    // Batch by batch, or, when the stage or the next sums across rows, a column batch's rows together.
    static constexpr bool by_rows = Stage::by_rows || small_gemm::finishes_rows<Next, T>;

    template <floating_scalar>
    simd::batch<T> finish(const columns& c, std::size_t row, std::size_t col, std::size_t count,
                          const simd::batch<T>& value) const requires(!by_rows) {
        simd::store(incoming + row * width + col, value, count);
        return next.template finish<T>(c.next, row, col, count, stage.apply(c.stage, row, col, count, value));
    }
    template <floating_scalar>
    void finish_rows(const columns& c, std::size_t first_row, std::size_t rows, std::size_t col, std::size_t count,
                     simd::batch<T>* values) const requires by_rows {
        for (std::size_t r = 0; r < rows; ++r) simd::store(incoming + (first_row + r) * width + col, values[r], count);
        if constexpr (Stage::by_rows) stage.apply_rows(c.stage, first_row, rows, col, count, values);
        else
            for (std::size_t r = 0; r < rows; ++r)
                values[r] = stage.apply(c.stage, first_row + r, col, count, values[r]);
        if constexpr (small_gemm::finishes_rows<Next, T>)
            next.template finish_rows<T>(c.next, first_row, rows, col, count, values);
        else
            for (std::size_t r = 0; r < rows; ++r)
                values[r] = next.template finish<T>(c.next, first_row + r, col, count, values[r]);
    }
};
template <floating_scalar T, class Stage, class Next>
stage_epilogue<T, Stage, Next> then_stage(Stage stage, matrix_view<T> incoming, Next next) {
    return {stage, incoming.data, incoming.cols, next};
}

// ---- the chains, whatever holds the layers --------------------------------------

// Forward: the product at entry k, then the stages at k + 1, k + 2, ...; the last stage's output stored by the product.
template <floating_scalar T, class Entries, class Product, class... Stages>
void forward_chain(const Entries& entries, std::size_t k, const Product& product, const Stages&... stages) {
    auto epilogue = [&](auto& self, std::size_t entry, const auto&... rest) {
        if constexpr (sizeof...(rest) == 0) return small_gemm::no_epilogue{};
        else
            return [&](const auto& stage, const auto&... after) {
                return then_stage<T>(stage.forward_stage(entries.parameters(entry + 1)), entries.output(entry),
                                     self(self, entry + 1, after...));
            }(rest...);
    };
    product.forward_with(entries.parameters(k), entries.input(k), entries.output(k + sizeof...(Stages)),
                         epilogue(epilogue, k, stages...));
}

// Backward: the product at entry k, its dy·Wᵀ the d output of entry k - 1, then
// the stages at k - 1, k - 2, ...; the last stage's d input stored by the product.
template <floating_scalar T, class Entries, class Product, class... Stages>
void backward_chain(const Entries& entries, std::size_t k, const Product& product, const Stages&... stages) {
    auto epilogue = [&](auto& self, std::size_t entry, const auto&... rest) {
        if constexpr (sizeof...(rest) == 0) return small_gemm::no_epilogue{};
        else
            return [&](const auto& stage, const auto&... before) {
                return then_stage<T>(stage.backward_stage(entries.parameters(entry - 1), entries.gradients(entry - 1),
                                                          entries.input(entry - 1)),
                                     entries.d_output(entry - 1), self(self, entry - 1, before...));
            }(rest...);
    };
    auto chain = epilogue(epilogue, k, stages...);  // before the product: it clears the stages' gradients
    product.backward_with(entries.parameters(k), entries.gradients(k), entries.input(k), entries.d_output(k),
                          entries.d_input(k - sizeof...(Stages)), chain, entries.updates(k));
    entries.finished(k - sizeof...(Stages), k);
}

template <class Entries, class Layer, mode_tag M>
void forward_alone(const Entries& entries, std::size_t k, Layer& layer, M mode) {
    layer.forward(entries.parameters(k), entries.input(k), entries.output(k), mode);
}
template <floating_scalar T, class Entries, class Layer>
void backward_alone(const Entries& entries, std::size_t k, Layer& layer) {
    if constexpr (backward_product<Layer, T>)
        layer.backward_with(entries.parameters(k), entries.gradients(k), entries.input(k), entries.d_output(k),
                            entries.d_input(k), small_gemm::no_epilogue{}, entries.updates(k));
    else
        layer.backward(entries.parameters(k), entries.gradients(k), entries.input(k), entries.output(k),
                       entries.d_output(k), entries.d_input(k));
    entries.finished(k, k);
}

// ---- a tuple body: the chains are known at compile time ---------------------------

template <class T, class Body, std::size_t K>
constexpr bool forward_stage_at() {
    if constexpr (K < std::tuple_size_v<Body>) return forward_stage_layer<std::tuple_element_t<K, Body>, T>;
    else return false;
}
// Entry 0's d input may be unwanted: a backward chain ends at entry 1 at the earliest.
template <class T, class Body, std::size_t K>
constexpr bool backward_stage_at() {
    if constexpr (K >= 1 && K < std::tuple_size_v<Body>) return backward_stage_layer<std::tuple_element_t<K, Body>, T>;
    else return false;
}

// How many layers after (forward) or before (backward) entry K run inside its product: 0, 1 or 2.
template <class T, class Body, std::size_t K>
constexpr std::size_t forward_stages_after() {
    if constexpr (!forward_product<std::tuple_element_t<K, Body>, T> || !forward_stage_at<T, Body, K + 1>()) return 0;
    else if constexpr (!forward_stage_at<T, Body, K + 2>()) return 1;
    else return chain_continues<std::tuple_element_t<K + 1, Body>, std::tuple_element_t<K + 2, Body>> ? 2 : 1;
}
template <class T, class Body, std::size_t K>
constexpr std::size_t backward_stages_before() {
    if constexpr (K < 1 || !backward_product<std::tuple_element_t<K, Body>, T> || !backward_stage_at<T, Body, K - 1>())
        return 0;
    else if constexpr (K < 2 || !backward_stage_at<T, Body, K - 2>()) return 1;
    else return chain_continues<std::tuple_element_t<K - 2, Body>, std::tuple_element_t<K - 1, Body>> ? 2 : 1;
}

template <floating_scalar T, std::size_t K, class... Objects, class Entries, mode_tag M>
void forward_from(std::tuple<Objects...>& body, const Entries& entries, M mode, bool fuse) {
    if constexpr (K < sizeof...(Objects)) {
        constexpr std::size_t stages = forward_stages_after<T, std::tuple<Objects...>, K>();
        if constexpr (stages > 0) {
            if (fuse) {
                with_indices<stages>([&]<std::size_t... S>(std::index_sequence<S...>) {
                    forward_chain<T>(entries, K, std::get<K>(body), std::get<K + 1 + S>(body)...);
                });
                forward_from<T, K + 1 + stages>(body, entries, mode, fuse);
                return;
            }
        }
        forward_alone(entries, K, std::get<K>(body), mode);
        forward_from<T, K + 1>(body, entries, mode, fuse);
    }
}

template <floating_scalar T, class... Objects, class Entries, mode_tag M>
void forward_layers(std::tuple<Objects...>& body, const Entries& entries, M mode, bool fuse) {
    forward_from<T, 0>(body, entries, mode, fuse);
}

// Entries below End, last first.
template <floating_scalar T, std::size_t End, class... Objects, class Entries>
void backward_from(std::tuple<Objects...>& body, const Entries& entries) {
    if constexpr (End > 0) {
        constexpr std::size_t k = End - 1;
        constexpr std::size_t stages = backward_stages_before<T, std::tuple<Objects...>, k>();
        if constexpr (stages > 0) {
            with_indices<stages>([&]<std::size_t... S>(std::index_sequence<S...>) {
                backward_chain<T>(entries, k, std::get<k>(body), std::get<k - 1 - S>(body)...);
            });
        } else {
            backward_alone<T>(entries, k, std::get<k>(body));
        }
        backward_from<T, k - stages>(body, entries);
    }
}

template <floating_scalar T, class... Objects, class Entries>
void backward_layers(std::tuple<Objects...>& body, const Entries& entries) {
    backward_from<T, sizeof...(Objects)>(body, entries);
}

// ---- a vector of variants: the chains are found at run time -----------------------

// use(layer) on entry k's layer when Role<its type, T> holds; else 0.
template <template <class, class> class Role, floating_scalar T, class... Objects, class Use>
std::size_t with_role(std::vector<std::variant<Objects...>>& body, std::size_t k, Use&& use) {
    if (k >= body.size()) return 0;
    return std::visit(
        [&](auto& layer) -> std::size_t {
            if constexpr (Role<std::remove_cvref_t<decltype(layer)>, T>::value) return use(layer);
            else return 0;
        },
        body[k]);
}
// Only activations join a product here: a chain with a transformation would
// be compiled for every policy a program's networks may hold, each time with
// the small-GEMM kernels (the study's program took 47 % longer to compile).
template <class O, class T>
using is_forward_activation_stage = std::bool_constant<forward_stage_layer<O, T> && !names_its_parameters<O>>;
template <class O, class T>
using is_backward_activation_stage = std::bool_constant<backward_stage_layer<O, T> && !names_its_parameters<O>>;

// The product at entry k run with the activation after it, if any: how many stages ran.
template <floating_scalar T, class... Objects, class Entries, class Product>
std::size_t forward_chain_at(std::vector<std::variant<Objects...>>& body, const Entries& entries, std::size_t k,
                             const Product& product) {
    return with_role<is_forward_activation_stage, T>(body, k + 1, [&](const auto& activation) {
        forward_chain<T>(entries, k, product, activation);
        return std::size_t{1};
    });
}

// The product at entry k run with the activation before it, if any (a
// backward chain ends at entry 1 at the earliest: entry 0's d input may be unwanted).
template <floating_scalar T, class... Objects, class Entries, class Product>
std::size_t backward_chain_at(std::vector<std::variant<Objects...>>& body, const Entries& entries, std::size_t k,
                              const Product& product) {
    if (k < 2) return 0;
    return with_role<is_backward_activation_stage, T>(body, k - 1, [&](const auto& activation) {
        backward_chain<T>(entries, k, product, activation);
        return std::size_t{1};
    });
}

template <floating_scalar T, class... Objects, class Entries, mode_tag M>
void forward_layers(std::vector<std::variant<Objects...>>& body, const Entries& entries, M mode, bool fuse) {
    for (std::size_t k = 0; k < body.size(); ++k) {
        k += std::visit(
            [&](auto& layer) -> std::size_t {
                if constexpr (forward_product<std::remove_cvref_t<decltype(layer)>, T>) {
                    if (const std::size_t stages = fuse ? forward_chain_at<T>(body, entries, k, layer) : 0)
                        return stages;
                }
                forward_alone(entries, k, layer, mode);
                return 0;
            },
            body[k]);
    }
}

template <floating_scalar T, class... Objects, class Entries>
void backward_layers(std::vector<std::variant<Objects...>>& body, const Entries& entries) {
    for (std::size_t end = body.size(); end > 0;) {
        const std::size_t k = end - 1;
        end -= 1 + std::visit(
                       [&](auto& layer) -> std::size_t {
                           if constexpr (backward_product<std::remove_cvref_t<decltype(layer)>, T>) {
                               if (const std::size_t stages = backward_chain_at<T>(body, entries, k, layer))
                                   return stages;
                           }
                           backward_alone<T>(entries, k, layer);
                           return 0;
                       },
                       body[k]);
    }
}

}  // namespace mockbn::detail
