// mockbn/layers/mlp.hpp
//
// basic_mlp<T, P>: the original study's family of networks with its shape chosen at run
// time: inputs → depth hidden layers of one width, each dense → [transform<P>
// where placed] → activation (relu or selu), then dense(classes) →
// softmax_cross_entropy, every dense layer initialized by the scheme the
// shape names (layers/init.hpp). It is
// the same engine as a stack (layers/network.hpp) over a sequence of layers
// chosen at run time, so a basic_mlp and the stack of the same shape hold the
// same numbers, bit for bit, and everything the engine offers (probes by
// entry, the input's gradient, gradcheck, save and load) works on it. On
// top, it names its parts by hidden layer, numbered from 1:
// transform_parameter(h, "a") is parameter a of hidden layer h's
// transformation, one value per feature (one when shared), aliasing the buffer.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mockbn/layers/activation.hpp"
#include "mockbn/layers/dense.hpp"
#include "mockbn/layers/loss.hpp"
#include "mockbn/layers/network.hpp"
#include "mockbn/layers/transform.hpp"

namespace mockbn {

struct mlp_shape {
    std::size_t inputs = 784;
    std::size_t width = 100;
    std::size_t depth = 5;
    std::size_t classes = 10;
    std::vector<std::size_t> transformed = {3, 4};  // hidden layers (from 1) that get the transformation
    std::string initialization = "he_normal";       // a name of initialization_names()
    std::string activation = "relu";                // "relu" or "selu"
};

namespace detail {

template <floating_scalar T, class P, class G>
struct mlp_parts {
    using transform_object = typename transform<P, G>::template layer<T>;
    using body = std::vector<std::variant<dense_layer<T>, transform_object, relu::layer<T>, selu::layer<T>>>;
    using core = network_core<T, body, softmax_cross_entropy::layer<T>>;
};

}  // namespace detail

template <floating_scalar T, class P, class G = per_feature>
class basic_mlp : public detail::mlp_parts<T, P, G>::core {
    using parts = detail::mlp_parts<T, P, G>;
    using transform_object = typename parts::transform_object;
    using layer_sequence = typename parts::body;
    using core = typename parts::core;
    static constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

    // Where hidden layer h's parts stand among the network's entries (from 1).
    struct hidden_entries {
        std::size_t dense = 0, transform = none, activation = 0;
    };

public:
    using value_type = T;
    using policy = P;

    basic_mlp(const mlp_shape& shape, std::uint64_t seed)
        : core(body_of(validated(shape)), widths_of(shape), seed), shape_(shape), hidden_(entries_of(shape)) {}

    const mlp_shape& shape() const noexcept { return shape_; }

    bool is_transformed(std::size_t h) const noexcept {
        return h >= 1 && h <= hidden_.size() && hidden_[h - 1].transform != none;
    }

    // The transformation of hidden layer h (which must have one) and its parameters.
    const transform_object& transformation(std::size_t h) const {
        return std::get<transform_object>(this->body()[transform_entry(h) - 1]);
    }
    std::span<const T> transform_parameters(std::size_t h) const {
        return this->parameters_of_entry(transform_entry(h));
    }

    // Parameter `name` of hidden layer h's transformation; an unknown name
    // throws std::invalid_argument naming the transformation and its parameters.
    std::span<T> transform_parameter(std::size_t h, std::string_view name) {
        return detail::parameter_block(transformation(h), this->parameters_of_entry(transform_entry(h)), name,
                                       where_parameter(h));
    }
    std::span<const T> transform_parameter(std::size_t h, std::string_view name) const {
        return detail::parameter_block(transformation(h), transform_parameters(h), name, where_parameter(h));
    }

    // Hidden layer h on the last forward pass: the dense output (before the
    // transformation) and the activation's input (after it; the same values
    // where there is none).
    matrix_view<const T> pre_transform(std::size_t h) const { return this->output_of(hidden_.at(h - 1).dense); }
    matrix_view<const T> pre_activation(std::size_t h) const { return this->input_of(hidden_.at(h - 1).activation); }

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
        const auto schemes = initialization_names();
        if (std::find(schemes.begin(), schemes.end(), shape.initialization) == schemes.end())
            fail("no initialization scheme is called '" + shape.initialization + "'");
        if (shape.activation != "relu" && shape.activation != "selu")
            fail("the activation must be relu or selu, not '" + shape.activation + "'");
        return shape;
    }

    static bool transformed(const mlp_shape& shape, std::size_t h) {
        return std::find(shape.transformed.begin(), shape.transformed.end(), h) != shape.transformed.end();
    }

    // dense → [transform] → activation per hidden layer, then the output layer.
    static layer_sequence body_of(const mlp_shape& shape) {
        const auto init = initializer_named<T>(shape.initialization);
        layer_sequence layers;
        for (std::size_t h = 1; h <= shape.depth; ++h) {
            layers.emplace_back(std::in_place_type<dense_layer<T>>, h == 1 ? shape.inputs : shape.width, shape.width,
                                init);
            if (transformed(shape, h)) layers.emplace_back(std::in_place_type<transform_object>, shape.width);
            if (shape.activation == "selu") layers.emplace_back(std::in_place_type<selu::layer<T>>, shape.width);
            else layers.emplace_back(std::in_place_type<relu::layer<T>>, shape.width);
        }
        layers.emplace_back(std::in_place_type<dense_layer<T>>, shape.width, shape.classes, init);
        return layers;
    }
    static std::vector<std::size_t> widths_of(const mlp_shape& shape) {
        std::vector<std::size_t> widths = {shape.inputs};
        for (std::size_t h = 1; h <= shape.depth; ++h)
            widths.insert(widths.end(), transformed(shape, h) ? 3 : 2, shape.width);
        widths.push_back(shape.classes);
        return widths;
    }
    static std::vector<hidden_entries> entries_of(const mlp_shape& shape) {
        std::vector<hidden_entries> entries;
        std::size_t next = 1;
        for (std::size_t h = 1; h <= shape.depth; ++h) {
            hidden_entries e;
            e.dense = next++;
            if (transformed(shape, h)) e.transform = next++;
            e.activation = next++;
            entries.push_back(e);
        }
        return entries;
    }

    std::string where_parameter(std::size_t h) const {
        return "mockbn::mlp::transform_parameter: " + this->describe_entry(transform_entry(h));
    }

    std::size_t transform_entry(std::size_t h) const {
        if (!is_transformed(h))
            throw std::out_of_range("mockbn::mlp: hidden layer " + std::to_string(h) + " has no transformation");
        return hidden_[h - 1].transform;
    }

    mlp_shape shape_;
    std::vector<hidden_entries> hidden_;
};

template <class P, class G = per_feature>
using mlp = basic_mlp<float, P, G>;

}  // namespace mockbn
