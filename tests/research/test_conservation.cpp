// The conservation laws of research/conservation.hpp, in double: one step of
// plain gradient descent changes each law's quantity by its closed-form
// second-order term exactly; over many small steps it moves far less than
// its parts; momentum and Adam move it (the law must not be read there).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "support.hpp"

#include <mockbn/mockbn.hpp>
#include <mockbn/research/conservation.hpp>
#include <mockbn/research/model.hpp>

using namespace mockbn;
using mockbn::research::balances;
using mockbn::research::outgoing_norms;

namespace {

constexpr std::size_t hidden = 2, rows = 16;

template <class P, class G>
struct small_network {
    basic_mlp<double, P, G> model{{.inputs = 6, .width = 5, .depth = 3, .classes = 3, .transformed = {hidden}}, 7};
    xt::xtensor<double, 2> x = mockbn::testing::uniform_matrix<double>(rows, 6, 3, -1.0, 1.0);
    std::vector<int> labels = std::vector<int>(rows);
    research::hidden_layer layer = research::hidden_layers_of(model)[hidden - 1];

    small_network() {
        for (std::size_t i = 0; i < rows; ++i) labels[i] = static_cast<int>(i % 3);
    }
    template <class Optimizer>
    void groups(Optimizer& optimizer, double kappa) {
        optimizer.set_groups(
            {parameter_group::of(model.parameters(), model.parameters_of_entry(layer.transformation), kappa)});
    }
    void gradients() {
        model.forward(x, labels, training);
        model.backward();
    }
};

// Σ over the outgoing weights of unit j (or of every unit, for a shared transformation) of their squared gradients.
template <class Network>
std::vector<double> outgoing_gradient_norms(const Network& model, const research::hidden_layer& layer,
                                            std::size_t groups) {
    const auto rows =
        research::squared_row_norms(model.gradients_of_entry(layer.activation + 1), model.entry_widths()[layer.dense]);
    if (groups == rows.size()) return rows;
    return {std::accumulate(rows.begin(), rows.end(), 0.0)};
}

// One step's change of the law against its closed form, for each unit or group.
template <class P, class G>
void check_one_step(double kappa) {
    INFO(std::string(P::name));
    CAPTURE(kappa);
    constexpr double rate = 0.05;
    small_network<P, G> n;
    sgd optimizer{{.learning_rate = rate}};
    n.groups(optimizer, kappa);
    const auto before = balances<P>(n.model, hidden, kappa);
    n.gradients();
    const auto g_w = outgoing_gradient_norms(n.model, n.layer, before.size());
    const auto names = research::parameter_names(n.model, n.layer);
    const auto g_theta = n.model.gradients_of_entry(n.layer.transformation);
    optimizer.step(n.model);
    const auto after = balances<P>(n.model, hidden, kappa);
    const std::size_t block = g_theta.size() / names.size();
    std::size_t moved = 0;  // units whose law the step moves at all (a unit dead on every row has no gradient)
    for (std::size_t u = 0; u < before.size(); ++u) {
        double expected = 0;
        if constexpr (research::output_scale<P>::kind == research::scaling::exponential) {
            expected = -kappa * rate * rate * g_w[u] / 2;
        } else {
            double scale_gradients = 0;
            for (std::size_t p = 0; p < names.size(); ++p)
                for (const auto name : research::output_scale<P>::parameters)
                    if (names[p] == name) scale_gradients += g_theta[p * block + u] * g_theta[p * block + u];
            expected = rate * rate * (kappa * kappa * scale_gradients - kappa * g_w[u]);
        }
        CAPTURE(u);
        moved += expected != 0.0;
        CHECK(std::abs((after[u] - before[u]) - expected) <= 1e-12 * (1 + std::abs(before[u])));
    }
    CHECK(moved > 0);
}

// The law's largest move over `steps` steps, and the largest move of its scale term alone.
template <class P, class Optimizer>
std::pair<double, double> moves(Optimizer optimizer, double kappa, std::size_t steps) {
    small_network<P, per_feature> n;
    n.groups(optimizer, kappa);
    const auto law0 = balances<P>(n.model, hidden, kappa);
    const auto norms0 = outgoing_norms(n.model, hidden);
    for (std::size_t s = 0; s < steps; ++s) {
        n.gradients();
        optimizer.step(n.model);
    }
    const auto law = balances<P>(n.model, hidden, kappa);
    const auto norms = outgoing_norms(n.model, hidden);
    double law_move = 0, part_move = 0;
    for (std::size_t j = 0; j < law.size(); ++j) {
        law_move = std::max(law_move, std::abs(law[j] - law0[j]));
        part_move = std::max(part_move, kappa * std::abs(norms[j] - norms0[j]));
    }
    return {law_move, part_move};
}

}  // namespace

TEST_CASE("one step of plain gradient descent changes each law by its second-order term exactly") {
    for (const double kappa : {1.0, 10.0}) {
        check_one_step<sqrt_shift, per_feature>(kappa);
        check_one_step<log_shift, per_feature>(kappa);
        check_one_step<batch_norm, per_feature>(kappa);
        check_one_step<affine, per_feature>(kappa);
        check_one_step<sqrt_shift, shared>(kappa);
        check_one_step<log_shift, shared>(kappa);
    }
}

TEST_CASE("under small plain steps the law holds while its parts move, and momentum and Adam move it") {
    constexpr std::size_t steps = 300;
    for (const double kappa : {1.0, 10.0}) {
        CAPTURE(kappa);
        const auto [plain_law, plain_parts] = moves<sqrt_shift>(sgd{{.learning_rate = 1e-3}}, kappa, steps);
        CHECK(plain_parts > 1e-4);
        CHECK(plain_law < 1e-3 * plain_parts);
        const auto [log_law, log_parts] = moves<log_shift>(sgd{{.learning_rate = 1e-3}}, kappa, steps);
        CHECK(log_parts > 1e-4);
        CHECK(log_law < 1e-3 * log_parts);
        const auto [adam_law, adam_parts] = moves<sqrt_shift>(adam{{.learning_rate = 1e-3}}, kappa, steps);
        CHECK(adam_law > 0.1 * adam_parts);
        const auto [momentum_law, momentum_parts] =
            moves<sqrt_shift>(sgd{{.learning_rate = 1e-2, .momentum = 0.9}}, kappa, steps);
        CHECK(momentum_law > 1e-3 * momentum_parts);
    }
}

TEST_CASE("a hidden layer without a transformation has no law but its norms, and the messages name the layer") {
    small_network<sqrt_shift, per_feature> n;
    CHECK_THROWS_WITH_AS(balances<sqrt_shift>(n.model, 1, 1.0),
                         "mockbn::research: hidden layer 1 has no transformation", std::invalid_argument);
    CHECK(outgoing_norms(n.model, 1).size() == 5);
    CHECK(research::incoming_norms(n.model, 1).size() == 5);
    CHECK_THROWS_WITH_AS(outgoing_norms(n.model, 4), "mockbn::research: the network has no hidden layer 4 (it has 3)",
                         std::invalid_argument);
}

TEST_CASE("incoming and outgoing norms: each unit's column of the dense layer's W and its row of the next one's") {
    small_network<sqrt_shift, per_feature> n;
    const auto layer = research::hidden_layers_of(n.model)[0];
    const auto w = n.model.parameters_of_entry(layer.dense);              // 6 inputs × 5 units, then 5 biases
    const auto next = n.model.parameters_of_entry(layer.activation + 1);  // 5 × 5, then 5 biases
    const auto incoming = research::incoming_norms(n.model, 1), outgoing = outgoing_norms(n.model, 1);
    for (std::size_t j = 0; j < 5; ++j) {
        double in = 0, out = 0;
        for (std::size_t i = 0; i < 6; ++i) in += w[i * 5 + j] * w[i * 5 + j];
        for (std::size_t k = 0; k < 5; ++k) out += next[j * 5 + k] * next[k + j * 5];
        CHECK(incoming[j] == in);
        CHECK(outgoing[j] == out);
    }
}

// Per unit of the transformed layer's dense entry, |v_j·g_j| / (‖v_j‖ ‖g_j‖): how far the incoming weights'
// gradient leans along them (0 when there is no gradient).
template <class P>
std::vector<double> gradient_alignment() {
    small_network<P, per_feature> n;
    n.gradients();
    const std::size_t units = 5;
    const auto v = n.model.parameters_of_entry(n.layer.dense);
    const auto g = n.model.gradients_of_entry(n.layer.dense);
    std::vector<double> cosines;
    for (std::size_t j = 0; j < units; ++j) {
        double along = 0, vv = 0, gg = 0;
        for (std::size_t i = 0; i + 1 < v.size() / units; ++i) {
            along += v[i * units + j] * g[i * units + j];
            vv += v[i * units + j] * v[i * units + j];
            gg += g[i * units + j] * g[i * units + j];
        }
        cosines.push_back(gg > 0 ? std::abs(along) / std::sqrt(vv * gg) : 0.0);
    }
    return cosines;
}

TEST_CASE("a batch-normalized unit's incoming weights: their gradient is orthogonal to them, up to epsilon") {
    for (const double cosine : gradient_alignment<batch_norm>()) CHECK(cosine <= 1e-3);  // ε = 1e-5 against σ²
    const auto plain = gradient_alignment<sqrt_shift>();  // no normalization: the gradient leans along the weights
    CHECK(*std::max_element(plain.begin(), plain.end()) > 0.01);
}

TEST_CASE("bn_tf: the dense layer before it keeps a bias whose gradient is zero up to rounding") {
    small_network<bn_tf, per_feature> n;
    n.gradients();
    const auto g = n.model.gradients_of_entry(n.layer.dense);  // 6 × 5 weights, then 5 biases
    double weights = 0, biases = 0;
    for (std::size_t i = 0; i < g.size(); ++i)
        (i < 30 ? weights : biases) = std::max(i < 30 ? weights : biases, std::abs(g[i]));
    CHECK(weights > 1e-3);
    CHECK(biases <= 1e-12 * weights);
}

TEST_CASE("set_initial_values: each transformed layer's parameter of that name, in every feature, the rest kept") {
    basic_mlp<double, log_shift, per_feature> model{
        {.inputs = 6, .width = 5, .depth = 3, .classes = 3, .transformed = {1, 2}}, 7};
    basic_mlp<double, log_shift, per_feature> same{
        {.inputs = 6, .width = 5, .depth = 3, .classes = 3, .transformed = {1, 2}}, 7};
    research::set_initial_values(model, {{"a", 2.5}, {"c", -1.0}, {"gamma", 9.0}});
    for (const auto& layer : research::hidden_layers_of(model)) {
        if (layer.transformation == 0) continue;
        const auto values = model.parameters_of_entry(layer.transformation);  // a, b, c: five each
        for (std::size_t j = 0; j < 5; ++j) {
            CHECK(values[j] == 2.5);
            CHECK(values[5 + j] == 0.0);
            CHECK(values[10 + j] == -1.0);
        }
    }
    const auto dense = model.parameters_of_entry(1), untouched = same.parameters_of_entry(1);
    CHECK(std::equal(dense.begin(), dense.end(), untouched.begin(), untouched.end()));
}
