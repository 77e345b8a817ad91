// basic_mlp, the run-time-shaped network: the same numbers as the stack of
// the same shape, bit for bit, its transformations' parameters by name, and
// clear errors for a bad shape.
#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/mockbn.hpp"
#include "support.hpp"

using namespace mockbn;
using mockbn::testing::uniform_matrix;

namespace {

template <class P>
using seed_stack = basic_stack<double, input<12>, dense<8>, relu, dense<8>, relu, dense<8>, transform<P>, relu,
                               dense<8>, transform<P>, relu, dense<8>, relu, dense<10>, softmax_cross_entropy>;

template <class A, class B>
bool same(const A& a, const B& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

bool same_view(matrix_view<const double> a, matrix_view<const double> b) {
    return a.rows == b.rows && a.cols == b.cols && std::equal(a.data, a.data + a.size(), b.data);
}

}  // namespace

TEST_CASE_TEMPLATE("an mlp and the stack of the same shape: same parameters, loss, gradients and probes", P, identity,
                   batch_norm, log_shift, sqrt_shift) {
    basic_mlp<double, P> net({.inputs = 12, .width = 8, .depth = 5, .classes = 10, .transformed = {3, 4}}, 5);
    seed_stack<P> reference{5};
    CHECK(same(net.parameters(), reference.parameters()));
    const auto x = uniform_matrix(6, 12, 77);
    const std::vector<int> labels{1, 0, 9, 3, 3, 7};
    for (int step = 0; step < 2; ++step) {
        CHECK(net.forward(x, labels, training) == reference.forward(x, labels, training));
        net.backward();
        reference.backward();
        CHECK(same(net.gradients(), reference.gradients()));
        CHECK(same_view(net.pre_transform(3), reference.template output_of<5>()));
        CHECK(same_view(net.pre_activation(3), reference.template output_of<6>()));
        CHECK(same_view(net.pre_transform(4), reference.template output_of<8>()));
        CHECK(same_view(net.pre_activation(4), reference.template output_of<9>()));
        CHECK(same_view(net.pre_activation(5), reference.template output_of<11>()));
        CHECK(same_view(net.logits(), reference.logits()));
        // A plain step moves both the same way.
        for (std::size_t i = 0; i < net.parameters().size(); ++i) {
            net.parameters()[i] -= 0.1 * net.gradients()[i];
            reference.parameters()[i] -= 0.1 * reference.gradients()[i];
        }
    }
    CHECK(same_view(net.predict(x), reference.predict(x)));
}

TEST_CASE("visit_entry: each entry's layer object through its own type, the same in an mlp and its stack") {
    basic_mlp<double, log_shift> net({.inputs = 12, .width = 8, .depth = 5, .classes = 10, .transformed = {3, 4}}, 5);
    seed_stack<log_shift> reference{5};
    // What a layer says of itself, which the network does not: whether it names parameters, and how many it has.
    auto what = [](const auto& layer) -> std::pair<std::vector<std::string>, std::size_t> {
        std::vector<std::string> names;
        if constexpr (requires { layer.parameter_names(); })
            for (std::string_view name : layer.parameter_names()) names.emplace_back(name);
        return {names, layer.parameter_count()};
    };
    REQUIRE(net.layer_count() == 13);
    REQUIRE(reference.layer_count() == 13);
    for (std::size_t k = 1; k <= 13; ++k) {
        CAPTURE(k);
        const auto [names, count] = net.visit_entry(k, what);
        CHECK(reference.visit_entry(k, what) == std::pair(names, count));
        CHECK(count == net.parameters_of_entry(k).size());
        CHECK(names == (k == 6 || k == 9 ? std::vector<std::string>{"a", "b", "c"} : std::vector<std::string>{}));
    }
    for (const std::size_t k : {std::size_t{0}, std::size_t{14}}) {
        const std::string message = "mockbn::network::visit_entry: entry " + std::to_string(k) + " of 1 to 13";
        CHECK_THROWS_WITH_AS(net.visit_entry(k, what), message.c_str(), std::out_of_range);
        CHECK_THROWS_AS(reference.visit_entry(k, what), std::out_of_range);
    }
}

TEST_CASE("mlp: placement on every hidden layer or none, the transformation's parameters by hidden layer") {
    basic_mlp<double, log_shift> all({.inputs = 6, .width = 4, .depth = 3, .classes = 3, .transformed = {1, 2, 3}}, 1);
    basic_mlp<double, log_shift> none({.inputs = 6, .width = 4, .depth = 3, .classes = 3, .transformed = {}}, 1);
    CHECK(all.parameters().size() == none.parameters().size() + 3 * 12);
    CHECK(all.transform_parameters(2).size() == 12);
    CHECK(all.transform_parameters(2)[0] == 1.0);  // a starts at 1
    CHECK_THROWS_WITH_AS(none.transformation(2), "mockbn::mlp: hidden layer 2 has no transformation",
                         std::out_of_range);
    const auto x = uniform_matrix(3, 6, 8);
    const std::vector<int> labels{0, 1, 2};
    CHECK(same_view(none.pre_activation(1), none.pre_transform(1)));
    CHECK(std::isfinite(all.forward(x, labels, training)));
}

TEST_CASE("mlp: a transformation's parameter by name, per hidden layer, aliasing the buffer") {
    basic_mlp<double, log_shift> model({.inputs = 6, .width = 4, .depth = 3, .classes = 3, .transformed = {2}}, 1);
    const auto b = model.transform_parameter(2, "b");
    CHECK(b.size() == 4);
    CHECK(b.data() == model.transform_parameters(2).data() + 4);
    b[0] = 0.5;
    const auto& read_only = model;
    CHECK(read_only.transform_parameter(2, "b")[0] == 0.5);
    CHECK(read_only.transform_parameters(2)[4] == 0.5);
    CHECK_THROWS_WITH_AS(
        model.transform_parameter(2, "beta"),
        "mockbn::mlp::transform_parameter: hidden layer 2 (entry 4, transform<log_shift> (per feature)) "
        "has no parameter 'beta'; its parameters are a, b, c",
        std::invalid_argument);
    CHECK_THROWS_WITH_AS(model.transform_parameter(1, "b"), "mockbn::mlp: hidden layer 1 has no transformation",
                         std::out_of_range);
    basic_mlp<double, log_shift, shared> shared_model({.inputs = 6, .width = 4, .depth = 3, .transformed = {3}}, 1);
    CHECK(shared_model.transform_parameter(3, "c").size() == 1);
}

TEST_CASE("mlp: a bad shape is named") {
    CHECK_THROWS_WITH_AS((basic_mlp<double, identity>({.depth = 0}, 1)),
                         "mockbn::mlp: the depth (hidden layers) must be at least 1", std::invalid_argument);
    CHECK_THROWS_WITH_AS((basic_mlp<double, identity>({.depth = 5, .transformed = {6}}, 1)),
                         "mockbn::mlp: hidden layer 6 is not among hidden layers 1 to 5", std::invalid_argument);
    CHECK_THROWS_WITH_AS((basic_mlp<double, identity>({.width = 0}, 1)),
                         "mockbn::mlp: inputs, width and classes must be positive", std::invalid_argument);
}
