// mockbn/layers/stack.hpp
//
// stack<input<N>, Layers...>: a network as a flat list of layer types, the
// last of which is its loss. basic_stack<T, ...> chooses the element type
// (stack is basic_stack<float, ...>; checks run in double).
//
// Entries are numbered as written: 0 is input<N>, 1 the first layer, and the
// loss is the last. Widths flow left to right: a layer with an inferred
// input width takes what the entry before it gives, one that states its
// width is checked against it at compile time, and a mismatch names both
// entries with their widths.
//
// Contract: the engine's (layers/network.hpp: one parameter buffer,
// forward / backward / predict, probes, the input's gradient, summary,
// signature, save and load), with its layers' types known at compile time,
// so that entry K is reached as output_of<K>(), input_of<K>(),
// parameters_of<K>() and layer<K>(), each checked at compile time, and a
// transformation's parameter by name as parameter<K>("a"): its values, one
// per feature (one when shared), aliasing the buffer.
// basic_stack(seed) draws the initial values.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "mockbn/concepts/layer.hpp"
#include "mockbn/core/indices.hpp"
#include "mockbn/core/matrix.hpp"
#include "mockbn/core/scalar.hpp"
#include "mockbn/core/xsimd.hpp"
#include "mockbn/layers/loss.hpp"
#include "mockbn/layers/network.hpp"

namespace mockbn {

template <std::size_t Features>
struct input {
    static_assert(Features > 0, "mockbn::input<N>: the input has at least one feature");
    static constexpr std::size_t width = Features;
};

// ---- compile-time diagnostics: their template arguments are the message ------

template <std::size_t Entry, class Layer>
struct layer_at {};
template <std::size_t Width>
struct gives {};
template <std::size_t Width>
struct takes {};

template <class Before, class Gives, class After, class Takes>
struct width_mismatch;
template <class Before, std::size_t Given, class After, std::size_t Taken>
struct width_mismatch<Before, gives<Given>, After, takes<Taken>> {
    static_assert(Given == Taken,
                  "mockbn::stack: adjacent layers disagree on width (the layer before gives "
                  "one width, the layer after takes another: both are named above)");
    static constexpr bool ok = true;
};

template <class Entry, bool IsLast>
struct stack_entry_check;
template <std::size_t Index, class L, bool IsLast>
struct stack_entry_check<layer_at<Index, L>, IsLast> {
    static_assert(layer_type<L> || loss_type<L>,
                  "mockbn::stack: this entry is not a layer type (concepts/layer.hpp): it needs input_width, "
                  "output_width(in) and a layer<T> object");
    static_assert(!IsLast || loss_type<L>,
                  "mockbn::stack: the last entry must be a loss, such as "
                  "softmax_cross_entropy");
    static_assert(IsLast || !loss_type<L>, "mockbn::stack: a loss can only be the last entry");
    static constexpr bool ok = true;
};

template <floating_scalar T, class Input, class... Layers>
class basic_stack {
    static_assert(sizeof(Input) == 0, "mockbn::stack: the first entry must be input<N>, the number of features");
};

template <floating_scalar T, std::size_t Features, class... Layers>
struct stack_parts {
    static constexpr std::size_t entry_count = sizeof...(Layers);  // layers, the loss included
    static_assert(entry_count >= 2, "mockbn::stack: give at least one layer and then a loss after input<N>");
    static constexpr std::size_t body_count = entry_count - 1;  // layers before the loss

    template <std::size_t K>
    using spec = std::tuple_element_t<K, std::tuple<Layers...>>;  // the layer of entry K + 1

    // widths[K]: the width entry K gives (widths[0] = Features).
    static constexpr std::array<std::size_t, entry_count + 1> widths = [] {
        std::array<std::size_t, entry_count + 1> w{Features};
        std::size_t k = 0;
        ((w[k + 1] = Layers::output_width(w[k]), ++k), ...);
        return w;
    }();

    template <class Sequence>
    struct body_of;
    template <std::size_t... K>
    struct body_of<std::index_sequence<K...>> {
        using type = std::tuple<typename spec<K>::template layer<T>...>;
    };
    using body = typename body_of<std::make_index_sequence<body_count>>::type;
    using loss = typename spec<body_count>::template layer<T>;
    using core = network_core<T, body, loss>;
};

template <floating_scalar T, std::size_t Features, class... Layers>
class basic_stack<T, input<Features>, Layers...> : public stack_parts<T, Features, Layers...>::core {
    using parts = stack_parts<T, Features, Layers...>;
    using core = typename parts::core;
    static constexpr std::size_t entry_count = parts::entry_count;
    static constexpr std::size_t body_count = parts::body_count;
    template <std::size_t K>
    using spec = typename parts::template spec<K>;

    static constexpr bool entries_are_layers =
        with_indices<entry_count>([]<std::size_t... K>(std::index_sequence<K...>) {
            return (stack_entry_check<layer_at<K + 1, spec<K>>, K + 1 == entry_count>::ok && ...);
        });

public:
    using value_type = T;
    static constexpr std::size_t input_width = Features;
    static constexpr auto widths = parts::widths;
    static constexpr std::size_t classes = widths[body_count];

private:
    template <std::size_t K>
    static constexpr bool width_agrees() {
        if constexpr (spec<K>::input_width == inferred_width) return true;
        else {
            using before = std::conditional_t<K == 0, input<Features>, spec<K == 0 ? 0 : K - 1>>;
            return width_mismatch<layer_at<K, before>, gives<widths[K]>, layer_at<K + 1, spec<K>>,
                                  takes<spec<K>::input_width>>::ok;
        }
    }
    static constexpr bool widths_agree = with_indices<entry_count>(
        []<std::size_t... K>(std::index_sequence<K...>) { return (width_agrees<K>() && ...); });
    static_assert(entries_are_layers && widths_agree);

    // Whether entry K is a layer whose parameters have names; else one error, saying why.
    template <std::size_t K>
    static constexpr bool names_parameters() {
        static_assert(K >= 1 && K <= body_count,
                      "mockbn::stack::parameter<K>: K names a layer, 1 to the one before the loss");
        if constexpr (K >= 1 && K <= body_count) {
            constexpr bool named = detail::names_its_parameters<std::tuple_element_t<K - 1, typename parts::body>>;
            static_assert(named,
                          "mockbn::stack::parameter<K>(name): entry K is not a transformation; only transform<P> "
                          "names its parameters (reach the others through parameters_of<K>())");
            return named;
        }
        return false;
    }
    template <std::size_t K, class Span>
    Span parameter_block(Span slice, std::string_view name) const {
        return detail::parameter_block(
            std::get<K - 1>(this->body()), slice, name,
            "mockbn::stack::parameter<" + std::to_string(K) + ">: " + this->describe_entry(K));
    }

    template <std::size_t... K>
    static typename parts::body make_body(std::index_sequence<K...>) {
        return typename parts::body(typename spec<K>::template layer<T>(widths[K])...);
    }

public:
    explicit basic_stack(std::uint64_t seed)
        : core(make_body(std::make_index_sequence<body_count>{}),
               std::vector<std::size_t>(widths.begin(), widths.begin() + body_count + 1), seed) {}

    using core::input_of;
    using core::output_of;

    // The slice of entry K (1 ≤ K < loss).
    template <std::size_t K>
    std::span<T> parameters_of() noexcept {
        static_assert(K >= 1 && K <= body_count,
                      "mockbn::stack::parameters_of<K>: K names a layer, 1 to the one before the loss");
        return this->parameters_of_entry(K);
    }
    template <std::size_t K>
    std::span<const T> gradients_of() const noexcept {
        static_assert(K >= 1 && K <= body_count,
                      "mockbn::stack::gradients_of<K>: K names a layer, 1 to the one before the loss");
        return this->gradients_of_entry(K);
    }

    // The values of parameter `name` of entry K, a transformation: one per
    // feature (one when shared), aliasing the parameter buffer. An unknown
    // name throws std::invalid_argument naming the transformation and its parameters.
    template <std::size_t K>
    std::span<T> parameter(std::string_view name) {
        if constexpr (names_parameters<K>()) return parameter_block<K>(this->parameters_of_entry(K), name);
        else return {};
    }
    template <std::size_t K>
    std::span<const T> parameter(std::string_view name) const {
        if constexpr (names_parameters<K>()) return parameter_block<K>(this->parameters_of_entry(K), name);
        else return {};
    }

    // The layer object of entry K (1 ≤ K ≤ the loss).
    template <std::size_t K>
    auto& layer() noexcept {
        static_assert(K >= 1 && K <= entry_count, "mockbn::stack::layer<K>: K names a layer, 1 to the loss");
        if constexpr (K == entry_count) return this->loss();
        else return std::get<K - 1>(this->body());
    }

    template <std::size_t K>
    matrix_view<const T> output_of() const noexcept {
        static_assert(K <= body_count,
                      "mockbn::stack::output_of<K>: K is 0 (the input) to the entry before the "
                      "loss; the loss's softmax is layer<loss>().probabilities()");
        return this->output_of(K);
    }
    template <std::size_t K>
    matrix_view<const T> input_of() const noexcept {
        static_assert(K >= 1 && K <= body_count + 1, "mockbn::stack::input_of<K>: K names a layer, 1 to the loss");
        return this->input_of(K);
    }
};

template <class... Entries>
using stack = basic_stack<float, Entries...>;

}  // namespace mockbn
