// mockbn/layers/network.hpp
//
// network_core<T, Body, Loss>: the one engine under both network front-ends,
// the statically typed stack (layers/stack.hpp) and the original study's family shaped
// at run time (layers/mlp.hpp). Everything they share lives here once: the
// parameter buffer and its offsets, forward and backward sequencing, the
// probes, the summary and signature, locating and describing a parameter,
// and saving and loading the state.
//
// Body is the sequence of layer objects before the loss (concepts/layer.hpp):
// a std::tuple of them, when every type is known at compile time, or a
// std::vector of a std::variant of them, when the sequence is chosen at run
// time. Either way each layer is called through its own type: no call is
// virtual, and a new layer type works in both.
//
// Contract:
//  - Every parameter lives in one contiguous buffer, in entry order
//    (parameters()); gradients in a second buffer of the same layout
//    (gradients()). An optimizer is one pass over them.
//  - Entries are numbered from 1 (0 is the input); the loss follows the last.
//    widths[k] is the width entry k gives.
//  - initialize(seed): layers that draw random values (dense) take generator
//    streams 0, 1, 2, ... in entry order, so two networks that differ only
//    in their transformations start from the same weights; every other
//    layer gets a stream of its own entry (2^64 − 1 − its index from 0),
//    which a layer drawing masks (dropout) keeps.
//  - forward(x, labels, mode) runs every layer in the given mode and returns
//    the loss; backward() then assigns every element of gradients(). Between
//    dense layers, the elementwise layers run inside the dense layers'
//    products (layers/fusion.hpp), with the same numbers. predict(x) runs in
//    inference mode and returns the logits.
//  - output_of(k) and input_of(k) show the values leaving and entering entry
//    k on the last forward pass (valid until the next one); x must stay alive
//    until backward() returns.
//  - input_gradient(): d loss / d x (rows x input width) of the last
//    backward pass, valid until the next forward; computed only after
//    compute_input_gradient() (one more product in the first layer's
//    backward: dy·Wᵀ for a dense layer), so the default step does not pay for it.
//  - visit_entry(k, visit) hands entry k's layer object to visit, through its
//    own type: what a caller needs of a layer that the network does not say.
//  - A transformation's parameters are reached by name (parameter_block):
//    one block per name, of one value per feature (one when shared),
//    aliasing the buffer; an unknown name throws std::invalid_argument
//    naming the transformation and the names it has.
//  - summary() aligns its columns to the longest entry in each.
//  - Buffers only grow: after the largest batch has been seen once, forward
//    and backward allocate nothing.
//  - state_fields names every parameter and every layer's own state (running
//    statistics) for io/state.hpp to save and load; signature() names the
//    entries and widths the state belongs to.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "mockbn/concepts/labels.hpp"
#include "mockbn/concepts/layer.hpp"
#include "mockbn/concepts/state.hpp"
#include "mockbn/core/branch_watch.hpp"
#include "mockbn/core/indices.hpp"
#include "mockbn/core/matrix.hpp"
#include "mockbn/core/mode.hpp"
#include "mockbn/core/random.hpp"
#include "mockbn/core/scalar.hpp"
#include "mockbn/core/xsimd.hpp"
#include "mockbn/layers/fusion.hpp"

namespace mockbn {

namespace detail {

// Visiting the layers of a body, each through its own type: visit(k, layer) for k = 0, 1, ...
template <class... Objects, class Visit>
void for_each_layer(std::tuple<Objects...>& body, Visit&& visit) {
    with_indices<sizeof...(Objects)>([&]<std::size_t... K>(std::index_sequence<K...>) {
        (visit(K, std::get<K>(body)), ...);
    });
}
template <class... Objects, class Visit>
void for_each_layer(const std::tuple<Objects...>& body, Visit&& visit) {
    with_indices<sizeof...(Objects)>([&]<std::size_t... K>(std::index_sequence<K...>) {
        (visit(K, std::get<K>(body)), ...);
    });
}
template <class... Objects, class Visit>
void for_each_layer_backwards(std::tuple<Objects...>& body, Visit&& visit) {
    constexpr std::size_t n = sizeof...(Objects);
    with_indices<sizeof...(Objects)>([&]<std::size_t... R>(std::index_sequence<R...>) {
        (visit(n - 1 - R, std::get<n - 1 - R>(body)), ...);
    });
}

template <class... Objects, class Visit>
void for_each_layer(std::vector<std::variant<Objects...>>& body, Visit&& visit) {
    for (std::size_t k = 0; k < body.size(); ++k) std::visit([&](auto& layer) { visit(k, layer); }, body[k]);
}
template <class... Objects, class Visit>
void for_each_layer(const std::vector<std::variant<Objects...>>& body, Visit&& visit) {
    for (std::size_t k = 0; k < body.size(); ++k) std::visit([&](const auto& layer) { visit(k, layer); }, body[k]);
}
template <class... Objects, class Visit>
void for_each_layer_backwards(std::vector<std::variant<Objects...>>& body, Visit&& visit) {
    for (std::size_t k = body.size(); k-- > 0;) std::visit([&](auto& layer) { visit(k, layer); }, body[k]);
}

// visit(layer) for the layer at index i (< the body's size) alone, through its own type.
template <class... Objects, class Visit>
decltype(auto) visit_layer(const std::tuple<Objects...>& body, std::size_t i, Visit& visit) {
    using result = decltype(visit(std::get<0>(body)));
    using call = result (*)(const std::tuple<Objects...>&, Visit&);
    // One function per layer type, chosen by index: the tuple's std::visit.
    constexpr auto table = []<std::size_t... K>(std::index_sequence<K...>) {
        return std::array<call, sizeof...(K)>{
            [](const std::tuple<Objects...>& b, Visit& v) -> result { return v(std::get<K>(b)); }...};
    };
    static constexpr auto calls = table(std::index_sequence_for<Objects...>{});
    return calls[i](body, visit);
}
template <class... Objects, class Visit>
decltype(auto) visit_layer(const std::vector<std::variant<Objects...>>& body, std::size_t i, Visit& visit) {
    return std::visit(visit, body[i]);
}

template <class... Objects>
constexpr std::size_t layer_count(const std::tuple<Objects...>&) {
    return sizeof...(Objects);
}
template <class... Objects>
std::size_t layer_count(const std::vector<std::variant<Objects...>>& body) {
    return body.size();
}

// The block of parameter `name` in `slice`, the slice of a layer that names
// its parameters (one block of parameter_width() values per name, in
// order). `where` opens the error for an unknown name ("mockbn::stack::parameter<4>: hidden layer 2
// (entry 4, transform<log_shift> (per feature))").
template <names_its_parameters Layer, class Span>
Span parameter_block(const Layer& layer, Span slice, std::string_view name, const std::string& where) {
    const auto names = layer.parameter_names();
    const auto found = std::find(names.begin(), names.end(), name);
    if (found == names.end()) {
        std::string known;
        for (std::string_view n : names) known += (known.empty() ? "" : ", ") + std::string(n);
        throw std::invalid_argument(where + " has no parameter '" + std::string(name) + "'; " +
                                    (known.empty() ? "it has none" : "its parameters are " + known));
    }
    const auto block = static_cast<std::size_t>(found - names.begin());
    return slice.subspan(block * layer.parameter_width(), layer.parameter_width());
}

}  // namespace detail

template <floating_scalar T, class Body, class Loss>
class network_core {
    using buffer = std::vector<T, xsimd::aligned_allocator<T, 64>>;

public:
    using value_type = T;

    // `widths` holds the input's width, then the width each layer of `body` gives.
    network_core(Body body, std::vector<std::size_t> widths, std::uint64_t seed)
        : body_(std::move(body)), loss_(widths.back()), widths_(std::move(widths)) {
        const std::size_t n = detail::layer_count(body_);
        if (widths_.size() != n + 1)
            throw std::invalid_argument("mockbn::network: " + std::to_string(n) + " layers need " +
                                        std::to_string(n + 1) + " widths");
        offsets_.assign(n + 1, 0);
        updated_.assign(n, 0);
        detail::for_each_layer(
            body_, [&](std::size_t k, const auto& layer) { offsets_[k + 1] = offsets_[k] + layer.parameter_count(); });
        parameters_.assign(offsets_[n], T(0));
        gradients_.assign(offsets_[n], T(0));
        outputs_.resize(n);
        d_outputs_.resize(n);
        initialize(seed);
    }

    // Draws every initial value again from seed.
    void initialize(std::uint64_t seed) {
        std::uint64_t stream = 0;
        detail::for_each_layer(body_, [&]<class O>(std::size_t k, const O& layer) {
            // A layer that draws values later (dropout's masks) gets a stream of its entry's own, past the dense
            // layers' and independent of their number; the others ignore theirs.
            random::generator g(seed, draws_random_values<O>() ? stream++ : ~std::uint64_t{0} - k);
            layer.initialize(parameters_of_entry(k + 1), g);
        });
    }

    // Layers before the loss, and the widths they give (entry_widths()[0]: the input's).
    std::size_t layer_count() const noexcept { return widths_.size() - 1; }
    const std::vector<std::size_t>& entry_widths() const noexcept { return widths_; }

    std::span<T> parameters() noexcept { return parameters_; }
    std::span<const T> parameters() const noexcept { return parameters_; }
    std::span<const T> gradients() const noexcept { return gradients_; }

    // The slices of entry k (1 ≤ k ≤ layer_count()).
    std::span<T> parameters_of_entry(std::size_t k) {
        return std::span<T>(parameters_).subspan(offsets_.at(k - 1), offsets_.at(k) - offsets_.at(k - 1));
    }
    std::span<const T> parameters_of_entry(std::size_t k) const {
        return std::span<const T>(parameters_).subspan(offsets_.at(k - 1), offsets_.at(k) - offsets_.at(k - 1));
    }
    std::span<const T> gradients_of_entry(std::size_t k) const {
        return std::span<const T>(gradients_).subspan(offsets_.at(k - 1), offsets_.at(k) - offsets_.at(k - 1));
    }

    // The entry a flat parameter index belongs to, and its index inside that entry's slice.
    std::pair<std::size_t, std::size_t> locate_parameter(std::size_t flat) const {
        if (flat >= parameters_.size())
            throw std::out_of_range("mockbn::network::locate_parameter: index " + std::to_string(flat) + " of " +
                                    std::to_string(parameters_.size()));
        std::size_t k = 0;
        while (flat >= offsets_[k + 1]) ++k;
        return {k + 1, flat - offsets_[k]};
    }

    // visit(layer): the layer object of entry k (1 ≤ k ≤ layer_count()), through its own type; returns
    // what visit returns, which must be one type for every layer. Any other k throws std::out_of_range.
    template <class Visit>
    decltype(auto) visit_entry(std::size_t k, Visit&& visit) const {
        if (k == 0 || k > layer_count())
            throw std::out_of_range("mockbn::network::visit_entry: entry " + std::to_string(k) + " of 1 to " +
                                    std::to_string(layer_count()));
        return detail::visit_layer(body_, k - 1, visit);
    }

    // "hidden layer h (entry K, what it is), what the element is" for a flat parameter index:
    // where a value went wrong, in the user's terms.
    std::string describe_parameter(std::size_t flat) const {
        const auto [entry, element] = locate_parameter(flat);
        return describe_entry(entry) + ", " + visit_entry(entry, [&](const auto& layer) -> std::string {
                   if constexpr (requires { layer.describe_element(element); }) return layer.describe_element(element);
                   else return "element " + std::to_string(element);
               });
    }

    // The part of the network entry k stands in: "hidden layer h" from the h-th dense entry up to the next,
    // "the output layer" from the last dense entry on, "the loss" after it (k = layer_count() + 1), and "the
    // input" before the first dense entry. The research layer's hidden layers are these (research/hidden_layers.hpp).
    std::string part_of(std::size_t k) const {
        if (k > layer_count()) return "the loss";
        std::size_t at_or_before = 0, all = 0;
        detail::for_each_layer(body_, [&]<class O>(std::size_t j, const O&) {
            if constexpr (detail::forward_product<O, T>) {
                ++all;
                at_or_before += j + 1 <= k;
            }
        });
        if (at_or_before == 0) return "the input";
        if (at_or_before == all) return "the output layer";
        return "hidden layer " + std::to_string(at_or_before);
    }

    // "hidden layer 4 (entry 10, transform<batch_norm>)" for entry k (1 ≤ k ≤ layer_count()): every message
    // names an entry so.
    std::string describe_entry(std::size_t entry) const {
        return part_of(entry) + " (entry " + std::to_string(entry) + ", " +
               visit_entry(entry, [](const auto& layer) -> std::string { return layer.describe(); }) + ")";
    }

    template <label_range Labels, mode_tag M>
    T forward(matrix_view<const T> x, const Labels& labels, M mode) {
        run_layers(x, mode);
        const T loss = loss_.forward(logits(), labels);
        ready_for_backward_ = true;
        return loss;
    }

    void backward() {
        run_backward("backward", [&](T* d_input) { detail::backward_layers<T>(body_, entries{*this, d_input}); });
    }

    // backward(), then the optimizer's step, in one pass: each entry's parameters are updated as soon
    // as its gradients are complete, a dense layer's weights on dW's tiles while they are in registers,
    // after its dx has used the old weights. The same numbers as backward() then optimizer.step(*this),
    // bit for bit, and gradients() holds the same gradients; returns what step returns.
    template <class Optimizer>
        requires requires(Optimizer& o, std::span<T> p, std::span<const T> g) { o.open_step(p, g); }
    bool backward_and_step(Optimizer& optimizer) {
        bool verdict = false;
        // The step opens once run_backward has checked that forward ran: a refused call leaves the optimizer as it was.
        run_backward("backward_and_step", [&](T* d_input) {
            auto pass = optimizer.open_step(std::span<T>(parameters_), std::span<const T>(gradients_));
            detail::backward_layers<T>(body_, updating_entries<decltype(pass)>{{*this, d_input}, pass});
            verdict = pass.close();
        });
        return verdict;
    }

    // Whether backward() also computes input_gradient(); off by default.
    void compute_input_gradient(bool wanted = true) noexcept { input_gradient_wanted_ = wanted; }

    // d loss / d x of the last backward pass (rows x input width), until the next forward.
    matrix_view<const T> input_gradient() const {
        if (!input_gradient_wanted_)
            throw std::logic_error(
                "mockbn::network::input_gradient: it is off by default: call "
                "compute_input_gradient() before backward()");
        if (!input_gradient_ready_)
            throw std::logic_error(
                "mockbn::network::input_gradient: run backward() after forward(x, labels, mode) "
                "first");
        return {d_input_.data(), rows_, widths_[0]};
    }

    // The logits, in inference mode.
    matrix_view<const T> predict(matrix_view<const T> x) {
        run_layers(x, inference);
        return logits();
    }

    // The logits of the last forward pass (what the loss takes).
    matrix_view<const T> logits() const noexcept { return output_of(layer_count()); }

    // What entry k gives (k = 0: the input) and what it takes (1 ≤ k ≤ the loss), on the last pass.
    matrix_view<const T> output_of(std::size_t k) const noexcept {
        if (k == 0) return input_;
        return {outputs_[k - 1].data(), rows_, widths_[k]};
    }
    matrix_view<const T> input_of(std::size_t k) const noexcept { return output_of(k - 1); }

    // One line per entry: its number, its part of the network (part_of), what it is, its widths and parameter
    // count; then the total.
    std::string summary() const {
        std::vector<std::array<std::string, 5>> rows = {
            {"#", "part", "layer", "in -> out", "parameters"},
            {"0", part_of(0), "input<" + std::to_string(widths_[0]) + ">", std::to_string(widths_[0]), "0"}};
        auto add = [&](std::size_t k, const std::string& what, std::size_t count) {
            rows.push_back(
                {std::to_string(k), part_of(k), what,
                 std::to_string(widths_[k - 1]) + " -> " + std::to_string(widths_[std::min(k, layer_count())]),
                 std::to_string(count)});
        };
        detail::for_each_layer(
            body_, [&](std::size_t k, const auto& layer) { add(k + 1, layer.describe(), layer.parameter_count()); });
        add(layer_count() + 1, loss_.describe(), 0);
        const std::string total = std::to_string(parameters_.size());
        // Each column as wide as it has always been, or as its longest entry needs with a space to spare.
        std::array<std::size_t, 5> width = {4, 0, 38, 14, 13};
        const std::size_t spare[] = {1, 2, 1, 2, 2};
        for (const auto& row : rows)
            for (std::size_t c = 0; c < 5; ++c) width[c] = std::max(width[c], row[c].size() + spare[c]);
        width[4] = std::max(width[4], total.size() + spare[4]);
        // Padded by hand rather than through <iomanip>: the summary should not make every program parse iostreams.
        auto pad = [](std::string& line, const std::string& text, std::size_t w, bool left) {
            const std::string fill(w - std::min(w, text.size()), ' ');
            line += left ? text + fill : fill + text;
        };
        std::string out;
        for (const auto& row : rows) {
            for (std::size_t c = 0; c < 5; ++c) pad(out, row[c], width[c], c < 3);
            out += '\n';
        }
        pad(out, "total", width[0] + width[1] + width[2] + width[3], true);
        pad(out, total, width[4], false);
        return out + '\n';
    }

    // <iosfwd> is enough here: the body is compiled where it is used, after the caller's <ostream>.
    friend std::ostream& operator<<(std::ostream& out, const network_core& n) { return out << n.summary(); }

    // One line naming every entry with its widths: what a checkpoint must belong to.
    std::string signature() const {
        std::string text = std::string("network<") + (std::is_same_v<T, float> ? "float" : "double") + ">: input<" +
                           std::to_string(widths_[0]) + ">";
        detail::for_each_layer(body_, [&](std::size_t k, const auto& layer) {
            text += " | " + layer.describe() + " " + std::to_string(widths_[k]) + "->" + std::to_string(widths_[k + 1]);
        });
        return text + " | " + loss_.describe();
    }

    // The persistence hook (concepts/state.hpp): every parameter, then each
    // layer's own state (running statistics) as "layerK". io/state.hpp saves
    // and loads it; loading invalidates the last forward pass.
    template <class Self, class Fields>
    static void state_fields(Self& self, Fields& fields) {
        // Self's constness carries over: const when saving, mutable when loading.
        std::conditional_t<std::is_const_v<Self>, const network_core, network_core>& core = self;
        fields.values("parameters", std::span(core.parameters_));
        detail::for_each_layer(core.body_, [&](std::size_t k, auto& layer) {
            if constexpr (has_state<std::remove_cvref_t<decltype(layer)>>)
                fields.nested("layer" + std::to_string(k + 1), layer);
        });
        if constexpr (!std::is_const_v<Self>) core.ready_for_backward_ = core.input_gradient_ready_ = false;
    }

protected:
    Body& body() noexcept { return body_; }
    const Body& body() const noexcept { return body_; }
    Loss& loss() noexcept { return loss_; }

private:
    template <mode_tag M>
    void run_layers(matrix_view<const T> x, M mode) {
        if (x.cols != widths_[0])
            throw std::invalid_argument("mockbn::network: the input has " + std::to_string(x.cols) +
                                        " features per row, but the network takes " + std::to_string(widths_[0]));
        if (x.rows == 0) throw std::invalid_argument("mockbn::network: the input batch has no rows");
        ready_for_backward_ = input_gradient_ready_ = false;
        input_ = x;
        rows_ = x.rows;
        for (std::size_t k = 0; k < outputs_.size(); ++k) {
            const std::size_t size = rows_ * widths_[k + 1];
            if (outputs_[k].size() < size) {
                outputs_[k].resize(size);
                d_outputs_[k].resize(size);
            }
        }
        // While gradcheck watches the branches of every elementwise pass, each runs alone.
        bool fuse = true;
        if constexpr (std::is_same_v<T, double>) fuse = ad::branch_watch::active() == nullptr;
        detail::forward_layers<T>(body_, entries{*this, nullptr}, mode, fuse);
    }

    // The loss's gradient, then backward_layers(d input of entry 1, or null) through `layers`.
    template <class Layers>
    void run_backward(const char* name, Layers&& layers) {
        if (!ready_for_backward_)
            throw std::logic_error("mockbn::network::" + std::string(name) + ": run forward(x, labels, mode) first");
        T* d_input = nullptr;  // the first layer's d_in: wanted only for input_gradient()
        if (input_gradient_wanted_) {
            if (d_input_.size() < rows_ * widths_[0]) d_input_.resize(rows_ * widths_[0]);
            d_input = d_input_.data();
        }
        loss_.backward(d_outputs_[layer_count() - 1].data());
        layers(d_input);
        input_gradient_ready_ = input_gradient_wanted_;
    }

    // Entry k + 1's slices and matrices, for layers/fusion.hpp; d_input: entry 1's d input, or null.
    // A plain backward pass updates nothing: updates(k) gives a dense layer no epilogue for dW, and
    // finished(first, last), said once entries first to last have their gradients, does nothing.
    struct entries {
        network_core& core;
        T* first_d_input = nullptr;
        const T* parameters(std::size_t k) const noexcept { return core.parameters_.data() + core.offsets_[k]; }
        T* gradients(std::size_t k) const noexcept { return core.gradients_.data() + core.offsets_[k]; }
        matrix_view<const T> input(std::size_t k) const noexcept { return core.output_of(k); }
        matrix_view<T> output(std::size_t k) const noexcept {
            return {core.outputs_[k].data(), core.rows_, core.widths_[k + 1]};
        }
        matrix_view<T> d_output(std::size_t k) const noexcept {
            return {core.d_outputs_[k].data(), core.rows_, core.widths_[k + 1]};
        }
        T* d_input(std::size_t k) const noexcept { return k == 0 ? first_d_input : core.d_outputs_[k - 1].data(); }
        small_gemm::no_block_epilogue updates(std::size_t) const noexcept { return {}; }
        void finished(std::size_t, std::size_t) const noexcept {}
    };

    // backward_and_step's: a dense layer's W (the first block of its slice) updated on dW's tiles when
    // the pass can (the block lies in one of the optimizer's stretches), and what remains of each
    // entry's slice once its gradients are complete.
    template <class Pass>
    struct updating_entries : entries {
        Pass& pass;

        struct block_updates {
            Pass& pass;
            std::size_t offset;
            std::size_t& updated;
            auto for_block(std::size_t count, std::size_t stride) const {
                auto epilogue = pass.tile_update(offset, count, stride);
                if (epilogue.finite) updated = count;
                return epilogue;
            }
        };
        block_updates updates(std::size_t k) const { return {pass, this->core.offsets_[k], this->core.updated_[k]}; }
        void finished(std::size_t first, std::size_t last) const {
            for (std::size_t k = first; k <= last; ++k) {
                std::size_t& updated = this->core.updated_[k];
                const std::size_t start = this->core.offsets_[k] + updated;
                pass.update(start, this->core.offsets_[k + 1] - start);
                updated = 0;
            }
        }
    };

    Body body_;
    Loss loss_;
    std::vector<std::size_t> widths_;
    std::vector<std::size_t> offsets_;  // offsets_[k]: where entry k + 1's slice starts; the last is the total
    std::vector<std::size_t> updated_;  // in backward_and_step, how much of entry k + 1's slice dW's tiles updated
    buffer parameters_;
    buffer gradients_;
    std::vector<buffer> outputs_;    // entry k + 1's output
    std::vector<buffer> d_outputs_;  // d loss / d that output
    buffer d_input_;                 // d loss / d x, when wanted
    matrix_view<const T> input_;
    std::size_t rows_ = 0;
    bool ready_for_backward_ = false;
    bool input_gradient_wanted_ = false, input_gradient_ready_ = false;
};

}  // namespace mockbn
