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
// Contract:
//  - Every parameter of the network lives in one contiguous buffer owned by
//    the stack, in entry order (parameters()); gradients in a second buffer
//    of the same layout (gradients()). An optimizer is one pass over them.
//  - basic_stack(seed) draws the initial values: layers with random values
//    (dense) take generator streams 0, 1, 2, ... in order, so two stacks
//    that differ only in their transformations start from the same weights.
//  - forward(x, labels, mode) runs every layer in the given mode (training or
//    inference, an explicit tag) and returns the loss; backward() then fills
//    gradients(), assigning every element. predict(x) runs in inference mode
//    and returns the logits.
//  - input_of<K>() and output_of<K>() show the values entering and leaving
//    entry K on the last forward pass (valid until the next one).
//  - x must hold rows x N values and stay alive until backward() returns.
//  - After the largest batch has been seen once, forward and backward
//    allocate nothing.
//  - save_state / load_state put every parameter and every layer's state
//    (running statistics) in a checkpoint (io/checkpoint.hpp) and take them
//    back; signature() names the entries and widths the state belongs to.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iomanip>
#include <ostream>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <xsimd/xsimd.hpp>

#include "mockbn/concepts/layer.hpp"
#include "mockbn/concepts/scalar.hpp"
#include "mockbn/io/checkpoint.hpp"
#include "mockbn/layers/loss.hpp"
#include "mockbn/layers/matrix.hpp"
#include "mockbn/layers/mode.hpp"
#include "mockbn/random/generator.hpp"

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
    static_assert(Given == Taken, "mockbn::stack: adjacent layers disagree on width (the layer before gives "
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
    static_assert(!IsLast || loss_type<L>, "mockbn::stack: the last entry must be a loss, such as "
                                           "softmax_cross_entropy");
    static_assert(IsLast || !loss_type<L>, "mockbn::stack: a loss can only be the last entry");
    static constexpr bool ok = true;
};

template <floating_scalar T, class Input, class... Layers>
class basic_stack {
    static_assert(sizeof(Input) == 0, "mockbn::stack: the first entry must be input<N>, the number of features");
};

template <floating_scalar T, std::size_t Features, class... Layers>
class basic_stack<T, input<Features>, Layers...> {
    static constexpr std::size_t entry_count = sizeof...(Layers);  // layers, the loss included
    static_assert(entry_count >= 2, "mockbn::stack: give at least one layer and then a loss after input<N>");
    static constexpr std::size_t body_count = entry_count - 1;  // layers before the loss

    template <std::size_t K>
    using spec = std::tuple_element_t<K, std::tuple<Layers...>>;  // the layer of entry K + 1

    static constexpr bool entries_are_layers = []<std::size_t... K>(std::index_sequence<K...>) {
        return (stack_entry_check<layer_at<K + 1, spec<K>>, K + 1 == entry_count>::ok && ...);
    }(std::make_index_sequence<entry_count>{});

public:
    using value_type = T;
    static constexpr std::size_t input_width = Features;

    // widths[K]: the width entry K gives (widths[0] = Features).
    static constexpr std::array<std::size_t, entry_count + 1> widths = [] {
        std::array<std::size_t, entry_count + 1> w{Features};
        std::size_t k = 0;
        ((w[k + 1] = Layers::output_width(w[k]), ++k), ...);
        return w;
    }();
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
    static constexpr bool widths_agree = []<std::size_t... K>(std::index_sequence<K...>) {
        return (width_agrees<K>() && ...);
    }(std::make_index_sequence<entry_count>{});

    template <class Sequence>
    struct body_of;
    template <std::size_t... K>
    struct body_of<std::index_sequence<K...>> {
        using type = std::tuple<typename spec<K>::template layer<T>...>;
    };
    using body_type = typename body_of<std::make_index_sequence<body_count>>::type;
    using loss_object = typename spec<body_count>::template layer<T>;
    using buffer = std::vector<T, xsimd::aligned_allocator<T, 64>>;

public:
    explicit basic_stack(std::uint64_t seed)
        : body_(make_body(std::make_index_sequence<body_count>{})), loss_(classes) {
        std::size_t offset = 0;
        for_each_body([&]<std::size_t K>(auto& layer) {
            offsets_[K] = offset;
            offset += layer.parameter_count();
        });
        offsets_[body_count] = offset;
        parameters_.assign(offset, T(0));
        gradients_.assign(offset, T(0));
        initialize(seed);
    }

    // Draws every initial value again from seed.
    void initialize(std::uint64_t seed) {
        std::uint64_t stream = 0;
        for_each_body([&]<std::size_t K>(auto& layer) {
            random::generator g(seed, draws_random_values<spec<K>>() ? stream++ : ~std::uint64_t{0});
            layer.initialize(parameters_of_body(K), g);
        });
    }

    std::span<T> parameters() noexcept { return parameters_; }
    std::span<const T> parameters() const noexcept { return parameters_; }
    std::span<const T> gradients() const noexcept { return gradients_; }

    // The slice of entry K (1 ≤ K < loss).
    template <std::size_t K>
    std::span<T> parameters_of() noexcept {
        static_assert(K >= 1 && K <= body_count, "mockbn::stack::parameters_of<K>: K names a layer, 1 to the one before the loss");
        return parameters_of_body(K - 1);
    }
    template <std::size_t K>
    std::span<const T> gradients_of() const noexcept {
        static_assert(K >= 1 && K <= body_count, "mockbn::stack::gradients_of<K>: K names a layer, 1 to the one before the loss");
        return std::span<const T>(gradients_).subspan(offsets_[K - 1], offsets_[K] - offsets_[K - 1]);
    }

    // The entry a flat parameter index belongs to, and its index inside that entry's slice.
    std::pair<std::size_t, std::size_t> locate_parameter(std::size_t flat) const {
        if (flat >= parameters_.size())
            throw std::out_of_range("mockbn::stack::locate_parameter: index " + std::to_string(flat) + " of " +
                                    std::to_string(parameters_.size()));
        std::size_t k = 0;
        while (flat >= offsets_[k + 1]) ++k;
        return {k + 1, flat - offsets_[k]};
    }

    // "layer K (what it is), element i" for a flat parameter index: where a
    // value went wrong, in the user's terms.
    std::string describe_parameter(std::size_t flat) const {
        const auto [entry, element] = locate_parameter(flat);
        std::string what;
        for_each_body([&]<std::size_t K>(const auto& layer) {
            if (K + 1 == entry) what = layer.describe();
        });
        return "layer " + std::to_string(entry) + " (" + what + "), element " + std::to_string(element);
    }

    // The layer object of entry K (1 ≤ K ≤ the loss).
    template <std::size_t K>
    auto& layer() noexcept {
        static_assert(K >= 1 && K <= entry_count, "mockbn::stack::layer<K>: K names a layer, 1 to the loss");
        if constexpr (K == entry_count) return loss_;
        else return std::get<K - 1>(body_);
    }

    template <ad::label_range Labels, mode_tag M>
    T forward(matrix_view<const T> x, const Labels& labels, M mode) {
        run_body(x, mode);
        const T loss = loss_.forward(output_of<body_count>(), labels);
        ready_for_backward_ = true;
        return loss;
    }

    void backward() {
        if (!ready_for_backward_)
            throw std::logic_error("mockbn::stack::backward: run forward(x, labels, mode) first");
        loss_.backward(d_outputs_[body_count - 1].data());
        [&]<std::size_t... R>(std::index_sequence<R...>) {
            (backward_body<body_count - 1 - R>(), ...);
        }(std::make_index_sequence<body_count>{});
    }

    // The logits, in inference mode.
    matrix_view<const T> predict(matrix_view<const T> x) {
        run_body(x, inference);
        return logits();
    }

    // The logits of the last forward pass (what the loss takes).
    matrix_view<const T> logits() const noexcept { return output_of<body_count>(); }

    template <std::size_t K>
    matrix_view<const T> output_of() const noexcept {
        static_assert(K <= body_count, "mockbn::stack::output_of<K>: K is 0 (the input) to the entry before the "
                                       "loss; the loss's softmax is layer<loss>().probabilities()");
        if constexpr (K == 0) return input_;
        else return {outputs_[K - 1].data(), rows_, widths[K]};
    }
    template <std::size_t K>
    matrix_view<const T> input_of() const noexcept {
        static_assert(K >= 1 && K <= body_count + 1, "mockbn::stack::input_of<K>: K names a layer, 1 to the loss");
        return output_of<K - 1>();
    }

    // One line per entry: its number, what it is, its widths and parameter count; then the total.
    std::string summary() const {
        std::ostringstream out;
        out << std::left << std::setw(4) << "#" << std::setw(38) << "layer" << std::right << std::setw(14)
            << "in -> out" << std::setw(13) << "parameters" << '\n';
        out << std::left << std::setw(4) << 0 << std::setw(38) << ("input<" + std::to_string(Features) + ">")
            << std::right << std::setw(14) << Features << std::setw(13) << 0 << '\n';
        auto line = [&](std::size_t k, const std::string& what, std::size_t count) {
            out << std::left << std::setw(4) << k << std::setw(38) << what << std::right << std::setw(14)
                << (std::to_string(widths[k - 1]) + " -> " + std::to_string(widths[k])) << std::setw(13) << count
                << '\n';
        };
        for_each_body([&]<std::size_t K>(const auto& layer) { line(K + 1, layer.describe(), layer.parameter_count()); });
        line(entry_count, loss_.describe(), 0);
        out << std::left << std::setw(56) << "total" << std::right << std::setw(13) << parameters_.size() << '\n';
        return out.str();
    }

    friend std::ostream& operator<<(std::ostream& out, const basic_stack& s) { return out << s.summary(); }

    // One line naming every entry with its widths: what a checkpoint must belong to.
    std::string signature() const {
        std::string text = std::string("stack<") + (std::is_same_v<T, float> ? "float" : "double") + ">: input<" +
                           std::to_string(Features) + ">";
        for_each_body([&]<std::size_t K>(const auto& layer) {
            text += " | " + layer.describe() + " " + std::to_string(widths[K]) + "->" + std::to_string(widths[K + 1]);
        });
        return text + " | " + loss_.describe();
    }

    // Every parameter and every layer's state (running statistics) into a checkpoint, and back.
    void save_state(io::checkpoint& to) const {
        to.put_values<T>("parameters", parameters_);
        for_each_body([&]<std::size_t K>(const auto& layer) {
            if constexpr (requires { layer.save_state(to, std::string()); }) layer.save_state(to, "layer" + std::to_string(K + 1));
        });
    }
    void load_state(const io::checkpoint& from) {
        from.get_values<T>("parameters", std::span<T>(parameters_));
        for_each_body([&]<std::size_t K>(auto& layer) {
            if constexpr (requires { layer.load_state(from, std::string()); }) layer.load_state(from, "layer" + std::to_string(K + 1));
        });
        ready_for_backward_ = false;
    }

private:
    static_assert(entries_are_layers && widths_agree);

    template <std::size_t... K>
    static body_type make_body(std::index_sequence<K...>) {
        return body_type(typename spec<K>::template layer<T>(widths[K])...);
    }

    template <class Visit>
    void for_each_body(Visit&& visit) {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (visit.template operator()<K>(std::get<K>(body_)), ...);
        }(std::make_index_sequence<body_count>{});
    }
    template <class Visit>
    void for_each_body(Visit&& visit) const {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (visit.template operator()<K>(std::get<K>(body_)), ...);
        }(std::make_index_sequence<body_count>{});
    }

    std::span<T> parameters_of_body(std::size_t k) noexcept {
        return std::span<T>(parameters_).subspan(offsets_[k], offsets_[k + 1] - offsets_[k]);
    }

    template <mode_tag M>
    void run_body(matrix_view<const T> x, M mode) {
        if (x.cols != Features)
            throw std::invalid_argument("mockbn::stack: the input has " + std::to_string(x.cols) +
                                        " features per row, but input<" + std::to_string(Features) + "> takes " +
                                        std::to_string(Features));
        if (x.rows == 0) throw std::invalid_argument("mockbn::stack: the input batch has no rows");
        ready_for_backward_ = false;
        input_ = x;
        rows_ = x.rows;
        for (std::size_t k = 0; k < body_count; ++k) {
            const std::size_t size = rows_ * widths[k + 1];
            if (outputs_[k].size() < size) {
                outputs_[k].resize(size);
                d_outputs_[k].resize(size);
            }
        }
        for_each_body([&]<std::size_t K>(auto& layer) {
            layer.forward(parameters_.data() + offsets_[K], output_of<K>(), writable_output(K), mode);
        });
    }

    template <std::size_t K>
    void backward_body() {
        T* d_in = K == 0 ? nullptr : d_outputs_[K == 0 ? 0 : K - 1].data();
        std::get<K>(body_).backward(parameters_.data() + offsets_[K], gradients_.data() + offsets_[K],
                                    output_of<K>(), output_of<K + 1>(),
                                    matrix_view<const T>{d_outputs_[K].data(), rows_, widths[K + 1]}, d_in);
    }

    matrix_view<T> writable_output(std::size_t k) noexcept { return {outputs_[k].data(), rows_, widths[k + 1]}; }

    body_type body_;
    loss_object loss_;
    std::array<std::size_t, body_count + 1> offsets_{};
    buffer parameters_;
    buffer gradients_;
    std::array<buffer, body_count> outputs_;    // entry k + 1's output
    std::array<buffer, body_count> d_outputs_;  // d loss / d that output
    matrix_view<const T> input_;
    std::size_t rows_ = 0;
    bool ready_for_backward_ = false;
};

template <class... Entries>
using stack = basic_stack<float, Entries...>;

}  // namespace mockbn
