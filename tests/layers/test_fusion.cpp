// The layers fused into the dense layer's products (layers/fusion.hpp): they
// leave every entry's output, gradient and d input equal, bit for bit, to the
// layers run one at a time.
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/mockbn.hpp"
#include "support.hpp"

using namespace mockbn;

namespace {

// The layer objects the original study's network is made of, run one at a time (no
// fusion): every entry's output, then, from the loss's d logits down, every
// gradient and d input, must equal the network's bit for bit.
template <class Network, class... Layers>
void check_against_unfused_passes(Network& model, const std::vector<int>& labels, Layers... layers) {
    using T = typename Network::value_type;
    constexpr std::size_t n = sizeof...(Layers);
    std::vector<std::vector<T>> outputs(n), d_outputs(n);
    std::size_t k = 0;
    auto forward_alone = [&](auto& layer) {
        ++k;
        const matrix_view<const T> in = model.input_of(k);
        const matrix_view<const T> expected = model.output_of(k);
        outputs[k - 1].assign(expected.size(), T(0));
        d_outputs[k - 1].assign(expected.size(), T(0));
        layer.forward(model.parameters_of_entry(k).data(), in,
                      matrix_view<T>{outputs[k - 1].data(), in.rows, expected.cols}, training);
        std::size_t differing = 0;
        for (std::size_t i = 0; i < outputs[k - 1].size(); ++i) differing += outputs[k - 1][i] != expected.data[i];
        INFO("forward, entry " << k << ", " << model.describe_entry(k));
        CHECK(differing == 0);
    };
    (forward_alone(layers), ...);

    model.backward();
    softmax_cross_entropy::layer<T> loss(model.logits().cols);
    loss.forward(model.logits(), labels);
    loss.backward(d_outputs[n - 1].data());
    std::vector<T> gradients(model.parameters().size(), T(-7));
    std::size_t offset = model.parameters().size();
    auto backward_alone = [&](auto& layer) {
        const std::size_t count = model.parameters_of_entry(k).size();
        offset -= count;
        const matrix_view<const T> out{outputs[k - 1].data(), model.output_of(k).rows, model.output_of(k).cols};
        layer.backward(model.parameters_of_entry(k).data(), gradients.data() + offset, model.input_of(k), out,
                       matrix_view<const T>{d_outputs[k - 1].data(), out.rows, out.cols},
                       k == 1 ? nullptr : d_outputs[k - 2].data());
        std::size_t differing = 0;
        for (std::size_t i = 0; i < count; ++i) differing += gradients[offset + i] != model.gradients()[offset + i];
        INFO("backward, entry " << k << ", " << model.describe_entry(k));
        CHECK(differing == 0);
        --k;
    };
    // The layers last first: a fold over the reversed pack.
    std::tuple<Layers&...> all(layers...);
    with_indices<n>([&]<std::size_t... I>(std::index_sequence<I...>) {
        (backward_alone(std::get<n - 1 - I>(all)), ...);
    });
}

template <class P, class T>
void check_original_network_fusion() {
    original_network<P, per_feature, T> model{5};
    // Parameters away from their initial values, so a parameter read at the wrong column would show.
    auto params = model.parameters();
    std::uint64_t state = 17;
    for (T& p : params) p += static_cast<T>(testing::uniform(state, -0.05, 0.05));
    const auto x = testing::uniform_values<T>(37 * 784, 9);
    std::vector<int> labels(37);
    for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = static_cast<int>(i % 10);
    model.forward(matrix_view<const T>{x.data(), 37, 784}, labels, training);
    using dense_object = dense_layer<T>;
    using relu_object = relu::layer<T>;
    using transform_object = typename transform<P>::template layer<T>;
    check_against_unfused_passes(model, labels, dense_object(784, 100), relu_object(100), dense_object(100, 100),
                                 relu_object(100), dense_object(100, 100), transform_object(100), relu_object(100),
                                 dense_object(100, 100), transform_object(100), relu_object(100),
                                 dense_object(100, 100), relu_object(100), dense_object(100, 10));
}

// A transformation of one's own that splits its formula (concepts/transformation.hpp): inside the
// products, prepare's terms are evaluated once per column batch, and the numbers must not change.
struct scaled_tanh {
    static constexpr parameter params[] = {{"s", 0.2}, {"m", -0.1}};
    static auto apply(const auto& x, const auto& s, const auto& m) { return shape(x, exp(s), m); }
    static auto prepare(const auto& s, const auto& m) { return std::tuple{exp(s), m}; }
    static auto shape(const auto& x, const auto& scale, const auto& m) { return scale * tanh(x - m); }
};
static_assert(splits_formula<scaled_tanh> && splits_formula<log_shift> && splits_formula<sqrt_shift>);
static_assert(!splits_formula<log_fixed> && !splits_formula<affine> && !splits_formula<batch_norm>);

}  // namespace

TEST_CASE("fusion: a transformation that splits its formula gives the numbers of its layer run alone, bit for bit") {
    check_original_network_fusion<scaled_tanh, float>();
    check_original_network_fusion<scaled_tanh, double>();
}

TEST_CASE(
    "fusion: every output, gradient and d input of the original study's network equals its layer run alone, bit for "
    "bit") {
    check_original_network_fusion<log_shift, float>();
    check_original_network_fusion<sqrt_shift, float>();
    check_original_network_fusion<log_shift, double>();
    check_original_network_fusion<identity, float>();
    // With batch statistics the transformation runs alone: the entries still hold the same numbers.
    check_original_network_fusion<batch_norm, float>();
}
