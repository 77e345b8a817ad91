// Dropout: its masks (rate, scaling, seeds, streams, resumes), its
// inference mode, and its gradients against the closed form and finite
// differences in double precision.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/io/state.hpp"
#include "mockbn/mockbn.hpp"
#include "support.hpp"

using namespace mockbn;

namespace {

using dropped = basic_stack<double, input<6>, dense<5>, dropout<0.3>, relu, dense<3>, softmax_cross_entropy>;
using twice = stack<input<16>, dense<1000>, dropout<0.25>, relu, dense<1000>, dropout<0.25>, relu, dense<10>,
                    softmax_cross_entropy>;
using without = stack<input<16>, dense<1000>, relu, dense<1000>, relu, dense<10>, softmax_cross_entropy>;

template <class Network>
std::vector<float> mask_of(Network& network, std::size_t entry) {
    return network.visit_entry(entry, [](const auto& layer) -> std::vector<float> {
        if constexpr (requires { layer.mask(); }) return {layer.mask().begin(), layer.mask().end()};
        else return {};
    });
}

const std::vector<int> labels64 = [] {
    std::vector<int> l(64);
    for (std::size_t i = 0; i < l.size(); ++i) l[i] = static_cast<int>(i % 10);
    return l;
}();

}  // namespace

TEST_CASE("dropout drops about its rate of the values and scales the others by 1 / (1 - rate)") {
    twice network{3};
    const auto x = testing::uniform_matrix<float>(64, 16, 5, 0.0, 1.0);
    network.forward(x, labels64, training);
    const auto mask = mask_of(network, 2);
    REQUIRE(mask.size() == 64 * 1000);
    std::size_t zeros = 0;
    for (const float m : mask) {
        CHECK((m == 0.0f || m == 1.0f / 0.75f));
        zeros += m == 0.0f;
    }
    // 64,000 draws at 0.25: 16,000 expected, a standard deviation of 110; five of them either way.
    CHECK(zeros > 16000 - 550);
    CHECK(zeros < 16000 + 550);
    const auto in = network.output_of(1), out = network.output_of(2);
    for (std::size_t i = 0; i < in.size(); ++i) CHECK(out.data[i] == in.data[i] * mask[i]);
}

TEST_CASE("in inference mode dropout passes its input through and draws nothing") {
    twice a{3}, b{3};
    const auto x = testing::uniform_matrix<float>(64, 16, 5, 0.0, 1.0);
    a.predict(x);
    const auto in = a.output_of(1), out = a.output_of(2);
    for (std::size_t i = 0; i < in.size(); ++i) CHECK(out.data[i] == in.data[i]);
    // An inference pass between two training passes leaves the masks as they would have been.
    a.forward(x, labels64, training);
    b.forward(x, labels64, training);
    CHECK(mask_of(a, 2) == mask_of(b, 2));
}

TEST_CASE("dropout's masks come from the network's seed and the entry: one seed, the same masks, and two layers, two") {
    twice a{3}, b{3}, c{4};
    const auto x = testing::uniform_matrix<float>(64, 16, 5, 0.0, 1.0);
    for (auto* n : {&a, &b, &c}) n->forward(x, labels64, training);
    CHECK(mask_of(a, 2) == mask_of(b, 2));
    CHECK(mask_of(a, 2) != mask_of(c, 2));
    CHECK(mask_of(a, 2) != mask_of(a, 5));  // the second layer's own stream
    // The dense layers start from the weights of the same network without dropout.
    without plain{3};
    const auto p = a.parameters(), q = plain.parameters();
    REQUIRE(p.size() == q.size());
    for (std::size_t i = 0; i < p.size(); ++i) CHECK(p[i] == q[i]);
}

TEST_CASE("a run saved after a step and continued draws the masks and reaches the numbers of one that never stopped") {
    const auto x = testing::uniform_matrix<float>(64, 16, 5, 0.0, 1.0);
    twice straight{3};
    sgd o1{{.learning_rate = 0.05, .momentum = 0.9}};
    auto step = [&](auto& network, auto& optimizer) {
        network.forward(x, labels64, training);
        network.backward();
        optimizer.step(network);
    };
    step(straight, o1);
    io::checkpoint saved;
    io::save_state(saved, straight);
    io::save_state(saved, o1, "optimizer");
    step(straight, o1);
    step(straight, o1);

    twice resumed{99};  // another seed: everything comes from the checkpoint
    sgd o2{{.learning_rate = 0.05, .momentum = 0.9}};
    io::load_state(saved, resumed);
    io::load_state(saved, o2, "optimizer");
    step(resumed, o2);
    step(resumed, o2);
    CHECK(mask_of(resumed, 2) == mask_of(straight, 2));
    CHECK(mask_of(resumed, 5) == mask_of(straight, 5));
    const auto p = straight.parameters(), q = resumed.parameters();
    for (std::size_t i = 0; i < p.size(); ++i) CHECK(p[i] == q[i]);
}

TEST_CASE("dropout's gradient is d_out times the last training pass's mask") {
    dropout<0.3>::layer<double> layer(5);
    random::generator g(9);
    layer.initialize({}, g);
    const auto in = testing::uniform_values<double>(4 * 5, 1), d_out = testing::uniform_values<double>(4 * 5, 2);
    std::vector<double> out(20), d_in(20);
    layer.forward(nullptr, {in.data(), 4, 5}, {out.data(), 4, 5}, training);
    layer.backward(nullptr, nullptr, {in.data(), 4, 5}, {out.data(), 4, 5}, {d_out.data(), 4, 5}, d_in.data());
    const auto mask = layer.mask();
    for (std::size_t i = 0; i < 20; ++i) {
        CHECK(out[i] == in[i] * mask[i]);
        CHECK(d_in[i] == d_out[i] * mask[i]);
    }
}

TEST_CASE("a network with dropout: its gradients match finite differences in double precision, masks held fixed") {
    dropped network{7};
    const auto x = testing::uniform_matrix<double>(8, 6, 11);
    const std::vector<int> labels = {0, 1, 2, 0, 1, 2, 0, 1};
    io::checkpoint start;  // the parameters and the masks' generator before the pass, restored before each pass
    io::save_state(start, network);
    network.forward(x, labels, training);
    network.backward();
    const std::vector<double> derived(network.gradients().begin(), network.gradients().end());
    const auto mask = mask_of(network, 2);
    const auto zeros = static_cast<std::size_t>(std::count(mask.begin(), mask.end(), 0.0f));
    CHECK(zeros > 0);  // the check passes through dropped and kept values both
    CHECK(zeros < mask.size());

    auto loss_at = [&](std::size_t i, double value) {
        io::load_state(start, network);
        network.parameters()[i] = value;
        return network.forward(x, labels, training);
    };
    const double h = 1e-6;
    double worst = 0;
    for (std::size_t i = 0; i < derived.size(); ++i) {
        io::load_state(start, network);
        const double kept = network.parameters()[i];
        const double numeric = (loss_at(i, kept + h) - loss_at(i, kept - h)) / (2 * h);
        worst = std::max(worst, std::abs(numeric - derived[i]) / std::max(1.0, std::abs(derived[i])));
    }
    CHECK(worst < 1e-7);
}
