// The initialization schemes against the distributions they state: each
// scheme's weights (and torch_default's biases) pass a Kolmogorov-Smirnov
// test against the stated normal or uniform law, with the stated spread.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/mockbn.hpp"

using namespace mockbn;

namespace {

constexpr std::size_t fan_in = 300, fan_out = 2000;

struct drawn {
    std::vector<double> weights, biases;
};

template <class Scheme>
drawn draw(std::uint64_t seed) {
    dense_layer<double> layer(fan_in, fan_out, initializer<double>::of<Scheme>());
    std::vector<double> parameters(layer.parameter_count(), std::nan(""));
    random::generator g(seed, 0);
    layer.initialize(parameters, g);
    const auto split = parameters.begin() + static_cast<std::ptrdiff_t>(fan_in * fan_out);
    return {{parameters.begin(), split}, {split, parameters.end()}};
}

// sup |F_n − F|: the Kolmogorov-Smirnov distance of the sample from the law F.
template <class Cdf>
double ks_distance(std::vector<double> sample, Cdf cdf) {
    std::sort(sample.begin(), sample.end());
    const double n = static_cast<double>(sample.size());
    double distance = 0;
    for (std::size_t i = 0; i < sample.size(); ++i) {
        const double f = cdf(sample[i]);
        distance = std::max({distance, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
    }
    return distance;
}

// The distance a sample of n from F exceeds with probability 0.001.
double ks_critical(std::size_t n) { return 1.949 / std::sqrt(static_cast<double>(n)); }

auto normal_cdf(double deviation) {
    return [deviation](double x) { return 0.5 * std::erfc(-x / (deviation * std::sqrt(2.0))); };
}
// N(0, σ²) conditioned on |x| ≤ 2σ.
auto truncated_normal_cdf(double deviation) {
    return [deviation](double x) {
        const auto phi = normal_cdf(deviation);
        const double low = phi(-2 * deviation), high = phi(2 * deviation);
        return std::clamp((phi(x) - low) / (high - low), 0.0, 1.0);
    };
}
auto uniform_cdf(double limit) {
    return [limit](double x) { return std::clamp((x + limit) / (2 * limit), 0.0, 1.0); };
}

template <class Scheme, class Cdf>
void check_weights(Cdf stated) {
    const drawn d = draw<Scheme>(7);
    INFO(Scheme::name);
    CHECK(ks_distance(d.weights, stated) < ks_critical(d.weights.size()));
    if constexpr (!std::is_same_v<Scheme, torch_default> && !std::is_same_v<Scheme, tf_tutorial>)
        CHECK(std::all_of(d.biases.begin(), d.biases.end(), [](double b) { return b == 0.0; }));
}

}  // namespace

TEST_CASE("each initialization scheme draws its weights from the law it states") {
    const double in = fan_in, out = fan_out;
    check_weights<he_normal>(normal_cdf(std::sqrt(2 / in)));
    check_weights<he_uniform>(uniform_cdf(std::sqrt(6 / in)));
    check_weights<glorot_normal>(normal_cdf(std::sqrt(2 / (in + out))));
    check_weights<glorot_uniform>(uniform_cdf(std::sqrt(6 / (in + out))));
    check_weights<lecun_normal>(normal_cdf(std::sqrt(1 / in)));
    check_weights<torch_default>(uniform_cdf(1 / std::sqrt(in)));
    check_weights<tf_tutorial>(truncated_normal_cdf(0.1));
}

TEST_CASE("tf_tutorial: weights within two deviations, not an untruncated normal, every bias 0.1") {
    const drawn d = draw<tf_tutorial>(7);
    CHECK(std::all_of(d.weights.begin(), d.weights.end(), [](double w) { return std::fabs(w) <= 0.2; }));
    // An untruncated N(0, 0.1²) puts 4.6 % of its values beyond ±0.2: the law is told from it.
    CHECK(ks_distance(d.weights, normal_cdf(0.1)) > ks_critical(d.weights.size()));
    CHECK(std::all_of(d.biases.begin(), d.biases.end(), [](double b) { return b == 0.1; }));
}

TEST_CASE("the test tells a scheme's law from its neighbours'") {
    // Without this, a test too weak to see a wrong spread would pass everything.
    const double in = fan_in;
    const drawn he = draw<he_normal>(7), lecun = draw<lecun_normal>(7);
    CHECK(ks_distance(he.weights, normal_cdf(std::sqrt(1 / in))) > ks_critical(he.weights.size()));
    CHECK(ks_distance(lecun.weights, normal_cdf(std::sqrt(2 / in))) > ks_critical(lecun.weights.size()));
    CHECK(ks_distance(draw<he_uniform>(7).weights, normal_cdf(std::sqrt(2 / in))) > ks_critical(he.weights.size()));
}

TEST_CASE("torch_default draws the biases too, from U(±1/sqrt(fan_in)), apart from the weights") {
    const drawn d = draw<torch_default>(7);
    const double limit = 1 / std::sqrt(static_cast<double>(fan_in));
    CHECK(ks_distance(d.biases, uniform_cdf(limit)) < ks_critical(d.biases.size()));
    CHECK(std::all_of(d.biases.begin(), d.biases.end(), [&](double b) { return std::fabs(b) <= limit; }));
    const drawn again = draw<torch_default>(8);
    CHECK(d.biases != again.biases);  // drawn from the seed, not fixed
}

TEST_CASE("a scheme chosen by name at run time draws what the scheme's type draws") {
    CHECK(initialization_names() == std::vector<std::string>{"he_normal", "he_uniform", "glorot_normal",
                                                             "glorot_uniform", "lecun_normal", "torch_default",
                                                             "tf_tutorial"});
    for (const auto& name : initialization_names()) {
        const auto chosen = initializer_named<double>(name);
        CHECK(chosen.name == name);
        with_initialization(name, [&]<class S>() { CHECK((chosen.fill == &S::template fill<double>)); });
    }
    CHECK_THROWS_WITH_AS(initializer_named<float>("xavier"), "mockbn: no initialization scheme is called 'xavier'",
                         std::invalid_argument);
}

TEST_CASE("the mlp initializes every dense layer by the scheme its shape names") {
    mlp_shape shape{.inputs = 40, .width = 30, .depth = 3, .classes = 5, .transformed = {2}};
    shape.initialization = "torch_default";
    const basic_mlp<double, log_shift> net(shape, 3);
    for (std::size_t k : {1u, 3u, 6u, 8u}) {
        INFO("entry " << k);
        const auto slice = net.parameters_of_entry(k);
        const std::size_t in = k == 1 ? 40 : 30;
        const double limit = 1 / std::sqrt(static_cast<double>(in));
        CHECK(std::all_of(slice.begin(), slice.end(), [&](double w) { return std::fabs(w) <= limit; }));
        CHECK(slice.back() != 0.0);  // a bias, drawn
    }
    CHECK(net.summary().find("dense<30> (torch_default)") != std::string::npos);
    shape.initialization = "xavier";
    CHECK_THROWS_WITH_AS((basic_mlp<double, log_shift>(shape, 3)),
                         "mockbn::mlp: no initialization scheme is called 'xavier'", std::invalid_argument);
}
