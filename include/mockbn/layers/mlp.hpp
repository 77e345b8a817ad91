// mockbn/layers/mlp.hpp
//
// basic_mlp<T, P>: the seed's family of networks with its shape chosen at run
// time: inputs → depth hidden layers of one width, each dense → [transform<P>
// where placed] → relu, then dense(classes) → softmax_cross_entropy. It is
// built from the same layer objects as a stack and keeps the same contract
// (layers/stack.hpp): one contiguous parameter buffer in layer order, dense
// layers drawing from generator streams 0, 1, 2, ..., forward / backward /
// predict / logits, no allocation once the largest batch has been seen. So a
// basic_mlp and the stack of the same shape hold the same numbers, bit for
// bit. Hidden layers are numbered from 1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iomanip>
#include <limits>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <xsimd/xsimd.hpp>

#include "mockbn/layers/dense.hpp"
#include "mockbn/layers/loss.hpp"
#include "mockbn/layers/relu.hpp"
#include "mockbn/layers/transform.hpp"

namespace mockbn {

struct mlp_shape {
    std::size_t inputs = 784;
    std::size_t width = 100;
    std::size_t depth = 5;
    std::size_t classes = 10;
    std::vector<std::size_t> transformed = {3, 4};  // hidden layers (from 1) that get the transformation
};

template <floating_scalar T, class P, class G = per_feature, class Init = he_normal>
class basic_mlp {
    using transform_object = typename transform<P, G>::template layer<T>;
    using buffer = std::vector<T, xsimd::aligned_allocator<T, 64>>;
    static constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

    struct hidden_layer {
        explicit hidden_layer(dense_layer<T, Init> layer) : dense(layer) {}

        dense_layer<T, Init> dense;
        std::size_t transform = none;  // index into transforms_
        std::size_t dense_offset = 0, transform_offset = 0;
        buffer pre, post, activation;        // dense output, transform output, relu output
        buffer d_pre, d_post, d_activation;  // their gradients
    };

public:
    using value_type = T;
    using policy = P;

    basic_mlp(const mlp_shape& shape, std::uint64_t seed)
        : shape_(validated(shape)), output_(shape.width, shape.classes), relu_(shape.width), loss_(shape.classes) {
        std::size_t offset = 0;
        for (std::size_t h = 1; h <= shape_.depth; ++h) {
            hidden_.emplace_back(dense_layer<T, Init>(h == 1 ? shape_.inputs : shape_.width, shape_.width));
            auto& layer = hidden_.back();
            layer.dense_offset = offset;
            offset += layer.dense.parameter_count();
            if (is_transformed(h)) {
                layer.transform = transforms_.size();
                transforms_.emplace_back(shape_.width);
                layer.transform_offset = offset;
                offset += transforms_.back().parameter_count();
            }
        }
        output_offset_ = offset;
        offset += output_.parameter_count();
        parameters_.assign(offset, T(0));
        gradients_.assign(offset, T(0));
        initialize(seed);
    }

    void initialize(std::uint64_t seed) {
        std::uint64_t stream = 0;
        for (auto& layer : hidden_) {
            random::generator g(seed, stream++);
            layer.dense.initialize(slice(layer.dense_offset, layer.dense.parameter_count()), g);
            if (layer.transform != none) {
                auto& t = transforms_[layer.transform];
                random::generator unused(seed, ~std::uint64_t{0});
                t.initialize(slice(layer.transform_offset, t.parameter_count()), unused);
            }
        }
        random::generator g(seed, stream);
        output_.initialize(slice(output_offset_, output_.parameter_count()), g);
    }

    const mlp_shape& shape() const noexcept { return shape_; }
    std::span<T> parameters() noexcept { return parameters_; }
    std::span<const T> parameters() const noexcept { return parameters_; }
    std::span<const T> gradients() const noexcept { return gradients_; }

    bool is_transformed(std::size_t h) const noexcept {
        for (std::size_t t : shape_.transformed)
            if (t == h) return true;
        return false;
    }

    // The transformation of hidden layer h (which must have one) and its parameters.
    const transform_object& transformation(std::size_t h) const { return transforms_[transform_index(h)]; }
    transform_object& transformation(std::size_t h) { return transforms_[transform_index(h)]; }
    std::span<const T> transform_parameters(std::size_t h) const {
        const auto& layer = hidden_.at(h - 1);
        return std::span<const T>(parameters_).subspan(layer.transform_offset,
                                                       transforms_[transform_index(h)].parameter_count());
    }

    // Hidden layer h on the last forward pass: the dense output (before the
    // transformation) and the ReLU's input (after it; the same values where
    // there is none).
    matrix_view<const T> pre_transform(std::size_t h) const { return view(hidden_.at(h - 1).pre); }
    matrix_view<const T> pre_relu(std::size_t h) const {
        const auto& layer = hidden_.at(h - 1);
        return view(layer.transform == none ? layer.pre : layer.post);
    }

    template <ad::label_range Labels, mode_tag M>
    T forward(matrix_view<const T> x, const Labels& labels, M mode) {
        run_body(x, mode);
        const T loss = loss_.forward(logits(), labels);
        ready_for_backward_ = true;
        return loss;
    }

    void backward() {
        if (!ready_for_backward_) throw std::logic_error("mockbn::mlp::backward: run forward(x, labels, mode) first");
        loss_.backward(d_logits_.data());
        auto& last = hidden_.back();
        output_.backward(at(output_offset_), gradient_at(output_offset_), view(last.activation), logits(),
                         {d_logits_.data(), rows_, shape_.classes}, last.d_activation.data());
        for (std::size_t h = hidden_.size(); h-- > 0;) {
            auto& layer = hidden_[h];
            const bool transformed = layer.transform != none;
            const buffer& relu_in = transformed ? layer.post : layer.pre;
            buffer& d_relu_in = transformed ? layer.d_post : layer.d_pre;
            relu_.backward(nullptr, nullptr, view(relu_in), view(layer.activation), view(layer.d_activation),
                           d_relu_in.data());
            if (transformed)
                transforms_[layer.transform].backward(at(layer.transform_offset), gradient_at(layer.transform_offset),
                                                      view(layer.pre), view(layer.post), view(layer.d_post),
                                                      layer.d_pre.data());
            const matrix_view<const T> in = h == 0 ? input_ : view(hidden_[h - 1].activation);
            layer.dense.backward(at(layer.dense_offset), gradient_at(layer.dense_offset), in, view(layer.pre),
                                 view(layer.d_pre), h == 0 ? nullptr : hidden_[h - 1].d_activation.data());
        }
    }

    matrix_view<const T> predict(matrix_view<const T> x) {
        run_body(x, inference);
        return logits();
    }
    matrix_view<const T> logits() const noexcept { return {logits_.data(), rows_, shape_.classes}; }

    std::string summary() const {
        std::ostringstream out;
        out << "mlp: " << shape_.inputs << " inputs, " << shape_.depth << " hidden layers of " << shape_.width
            << ", transform<" << transformation_name<P>() << "> on hidden layers";
        for (std::size_t t : shape_.transformed) out << ' ' << t;
        if (shape_.transformed.empty()) out << " (none)";
        out << ", " << shape_.classes << " classes; " << parameters_.size() << " parameters\n";
        return out.str();
    }

    // "hidden layer h, dense weight/bias ..." or "... transform<P> parameter p, feature f" for a flat index.
    std::string describe_parameter(std::size_t flat) const {
        if (flat >= parameters_.size())
            throw std::out_of_range("mockbn::mlp::describe_parameter: index " + std::to_string(flat) + " of " +
                                    std::to_string(parameters_.size()));
        auto dense_part = [](const dense_layer<T, Init>& d, std::size_t i) {
            const std::size_t weights = d.input_width() * d.output_width();
            return i < weights ? "dense weight (" + std::to_string(i / d.output_width()) + ", " +
                                     std::to_string(i % d.output_width()) + ")"
                               : "dense bias " + std::to_string(i - weights);
        };
        if (flat >= output_offset_) return "output layer, " + dense_part(output_, flat - output_offset_);
        std::size_t h = hidden_.size() - 1;
        while (flat < hidden_[h].dense_offset) --h;
        const auto& layer = hidden_[h];
        if (layer.transform != none && flat >= layer.transform_offset) {
            const auto& t = transforms_[layer.transform];
            const std::size_t i = flat - layer.transform_offset, width = t.parameter_width();
            return "hidden layer " + std::to_string(h + 1) + ", " + t.describe() + " parameter " +
                   std::string(t.parameter_names()[i / width]) + ", feature " + std::to_string(i % width);
        }
        return "hidden layer " + std::to_string(h + 1) + ", " + dense_part(layer.dense, flat - layer.dense_offset);
    }

    // One line naming the shape: what a checkpoint must belong to.
    std::string signature() const {
        std::string text = summary();
        text.pop_back();  // the newline
        return std::string("mlp<") + (std::is_same_v<T, float> ? "float" : "double") + ", " + (std::same_as<G, shared> ? "shared" : "per_feature") + ">: " + text;
    }

    void save_state(io::checkpoint& to) const {
        to.put_values<T>("parameters", parameters_);
        if constexpr (detail::has_batch_statistics<P>())
            for (std::size_t t = 0; t < transforms_.size(); ++t) transforms_[t].save_state(to, "transform" + std::to_string(t));
    }
    void load_state(const io::checkpoint& from) {
        from.get_values<T>("parameters", std::span<T>(parameters_));
        if constexpr (detail::has_batch_statistics<P>())
            for (std::size_t t = 0; t < transforms_.size(); ++t) transforms_[t].load_state(from, "transform" + std::to_string(t));
        ready_for_backward_ = false;
    }

private:
    static const mlp_shape& validated(const mlp_shape& shape) {
        auto fail = [](const std::string& what) { throw std::invalid_argument("mockbn::mlp: " + what); };
        if (shape.inputs == 0 || shape.width == 0 || shape.classes == 0)
            fail("inputs, width and classes must be positive");
        if (shape.depth == 0) fail("the depth (hidden layers) must be at least 1");
        for (std::size_t t : shape.transformed)
            if (t == 0 || t > shape.depth)
                fail("hidden layer " + std::to_string(t) + " is not among hidden layers 1 to " +
                     std::to_string(shape.depth));
        return shape;
    }

    std::size_t transform_index(std::size_t h) const {
        const auto& layer = hidden_.at(h - 1);
        if (layer.transform == none)
            throw std::out_of_range("mockbn::mlp: hidden layer " + std::to_string(h) + " has no transformation");
        return layer.transform;
    }

    std::span<T> slice(std::size_t offset, std::size_t count) { return std::span<T>(parameters_).subspan(offset, count); }
    const T* at(std::size_t offset) const noexcept { return parameters_.data() + offset; }
    T* gradient_at(std::size_t offset) noexcept { return gradients_.data() + offset; }
    matrix_view<const T> view(const buffer& b) const noexcept { return {b.data(), rows_, shape_.width}; }

    template <mode_tag M>
    void run_body(matrix_view<const T> x, M mode) {
        if (x.cols != shape_.inputs)
            throw std::invalid_argument("mockbn::mlp: the input has " + std::to_string(x.cols) +
                                        " features per row, but the network takes " + std::to_string(shape_.inputs));
        if (x.rows == 0) throw std::invalid_argument("mockbn::mlp: the input batch has no rows");
        ready_for_backward_ = false;
        input_ = x;
        rows_ = x.rows;
        if (rows_ > capacity_) grow(rows_);
        matrix_view<const T> in = x;
        for (auto& layer : hidden_) {
            layer.dense.forward(at(layer.dense_offset), in, writable(layer.pre), mode);
            const buffer* relu_in = &layer.pre;
            if (layer.transform != none) {
                transforms_[layer.transform].forward(at(layer.transform_offset), view(layer.pre), writable(layer.post),
                                                     mode);
                relu_in = &layer.post;
            }
            relu_.forward(nullptr, view(*relu_in), writable(layer.activation), mode);
            in = view(layer.activation);
        }
        output_.forward(at(output_offset_), in, {logits_.data(), rows_, shape_.classes}, mode);
    }

    // Buffers hold `capacity_` rows; they grow only for a larger batch.
    void grow(std::size_t rows) {
        capacity_ = rows;
        const std::size_t size = rows * shape_.width;
        for (auto& layer : hidden_) {
            for (buffer* b : {&layer.pre, &layer.activation, &layer.d_pre, &layer.d_activation}) b->resize(size);
            if (layer.transform != none)
                for (buffer* b : {&layer.post, &layer.d_post}) b->resize(size);
        }
        logits_.resize(rows * shape_.classes);
        d_logits_.resize(rows * shape_.classes);
    }

    matrix_view<T> writable(buffer& b) noexcept { return {b.data(), rows_, shape_.width}; }

    mlp_shape shape_;
    std::vector<hidden_layer> hidden_;
    std::vector<transform_object> transforms_;
    dense_layer<T, Init> output_;
    relu::layer<T> relu_;
    softmax_cross_entropy::layer<T> loss_;
    std::size_t output_offset_ = 0;
    buffer parameters_, gradients_;
    buffer logits_, d_logits_;
    matrix_view<const T> input_;
    std::size_t rows_ = 0, capacity_ = 0;
    bool ready_for_backward_ = false;
};

template <class P, class G = per_feature>
using mlp = basic_mlp<float, P, G>;

}  // namespace mockbn
