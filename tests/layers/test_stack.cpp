// The stack: its summary, the one parameter buffer, a transformation's
// parameters by name, seeded initialization, the values each layer sees,
// the batch as a matrix_view, modes, buffer reuse and errors.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/mockbn.hpp"  // first: it includes xsimd as mockbn/core/xsimd.hpp says

#include <xtensor/xadapt.hpp>

#include "oracles.hpp"
#include "support.hpp"

using namespace mockbn;
using mockbn::testing::uniform_matrix;

namespace {

using small = basic_stack<double, input<6>, dense<5>, relu, dense<4>, transform<log_shift>, relu, dense<3>,
                          softmax_cross_entropy>;
using small_plain = basic_stack<double, input<6>, dense<5>, relu, dense<4>, relu, dense<3>, softmax_cross_entropy>;

// A transformation whose name is longer than the summary's layer column.
struct a_transformation_with_a_name_that_is_rather_long {
    static constexpr std::string_view name = "a_transformation_with_a_name_that_is_rather_long";
    static constexpr parameter params[] = {{"scale", 1.0}};
    static auto apply(const auto& x, const auto& scale) { return scale * x; }
};

std::vector<int> labels_for(std::size_t rows, std::size_t classes) {
    std::vector<int> labels(rows);
    for (std::size_t r = 0; r < rows; ++r) labels[r] = static_cast<int>(r % classes);
    return labels;
}

}  // namespace

TEST_CASE("summary: every entry with its widths and parameter count, and the total") {
    const small model{1};
    CHECK(model.summary() ==
          "#   part              layer                                      in -> out   parameters\n"
          "0   the input         input<6>                                           6            0\n"
          "1   hidden layer 1    dense<5> (he_normal)                          6 -> 5           35\n"
          "2   hidden layer 1    relu                                          5 -> 5            0\n"
          "3   hidden layer 2    dense<4> (he_normal)                          5 -> 4           24\n"
          "4   hidden layer 2    transform<log_shift> (per feature)            4 -> 4           12\n"
          "5   hidden layer 2    relu                                          4 -> 4            0\n"
          "6   the output layer  dense<3> (he_normal)                          4 -> 3           15\n"
          "7   the loss          softmax_cross_entropy                         3 -> 3            0\n"
          "total                                                                                86\n");
    static_assert(small::widths == std::array<std::size_t, 8>{6, 5, 5, 4, 4, 4, 3, 3});
    static_assert(small::classes == 3);
}

TEST_CASE("summary: its columns widen to fit a long layer name, every line as long as the header") {
    basic_stack<double, input<6>, dense<5>, transform<a_transformation_with_a_name_that_is_rather_long>, dense<3>,
                softmax_cross_entropy>
        model{1};
    const std::string text = model.summary();
    // The layer column as wide as the long name and a space; the other columns as for a short one.
    const std::string long_name = "transform<a_transformation_with_a_name_that_is_rather_long> (per feature)";
    // "layer" padded to the long name and a space, then "in -> out" right-aligned in its 14 (5 spaces first).
    CHECK(text.rfind("#   part              layer" + std::string(long_name.size() + 1 - 5, ' ') + std::string(5, ' ') +
                         "in -> out   parameters\n",
                     0) == 0);
    CHECK(text.find("\n2   hidden layer 1    " + long_name + "         5 -> 5            5\n") != std::string::npos);
    CHECK(text.find("\n4   the loss          softmax_cross_entropy") != std::string::npos);
    CHECK(text.ends_with("58\n"));
    std::istringstream lines(text);
    std::string header, line;
    std::getline(lines, header);
    while (std::getline(lines, line)) CHECK(line.size() == header.size());
}

TEST_CASE("one contiguous parameter buffer, sliced in entry order") {
    small model{1};
    const auto all = model.parameters();
    CHECK(all.size() == 86);
    CHECK(model.parameters_of<1>().data() == all.data());
    CHECK(model.parameters_of<3>().data() == all.data() + 35);
    CHECK(model.parameters_of<4>().data() == all.data() + 59);
    CHECK(model.parameters_of<6>().data() == all.data() + 71);
    CHECK(model.parameters_of<2>().empty());
    CHECK(model.locate_parameter(0) == std::pair<std::size_t, std::size_t>{1, 0});
    CHECK(model.locate_parameter(62) == std::pair<std::size_t, std::size_t>{4, 3});
    CHECK(model.locate_parameter(85) == std::pair<std::size_t, std::size_t>{6, 14});
    CHECK_THROWS_AS(model.locate_parameter(86), std::out_of_range);
    // log_shift starts at a = 1, b = 0, c = 0, one block per parameter.
    const auto shift = model.parameters_of<4>();
    CHECK(std::all_of(shift.begin(), shift.begin() + 4, [](double v) { return v == 1.0; }));
    CHECK(std::all_of(shift.begin() + 4, shift.end(), [](double v) { return v == 0.0; }));
    // Biases start at zero.
    const auto first = model.parameters_of<1>();
    CHECK(std::all_of(first.begin() + 30, first.end(), [](double v) { return v == 0.0; }));
}

TEST_CASE("a transformation's parameters by name: one value per feature, aliasing the buffer, read by forward") {
    small model{1};
    const auto a = model.parameter<4>("a"), b = model.parameter<4>("b"), c = model.parameter<4>("c");
    CHECK(a.size() == 4);
    CHECK(a.data() == model.parameters_of<4>().data());  // the blocks in the order of log_shift::params
    CHECK(b.data() == a.data() + 4);
    CHECK(c.data() == a.data() + 8);
    a[2] = 2.0;
    b[1] = 0.3;
    c[3] = -0.5;
    const small& read_only = model;
    CHECK(read_only.parameter<4>("b")[1] == 0.3);

    const auto x = uniform_matrix(5, 6, 12);
    model.forward(x, labels_for(5, 3), training);
    const auto in = model.input_of<4>(), out = model.output_of<4>();
    for (std::size_t r = 0; r < in.rows; ++r)
        for (std::size_t f = 0; f < 4; ++f)
            CHECK(oracle::error(out.row(r)[f], oracle::log_shift(in.row(r)[f], a[f], b[f], c[f]).y) <= 1e-14);

    basic_stack<double, input<6>, dense<5>, transform<log_shift, shared>, dense<3>, softmax_cross_entropy> shared_model{
        1};
    CHECK(shared_model.parameter<2>("c").size() == 1);
    CHECK(shared_model.parameter<2>("c").data() == shared_model.parameters_of<2>().data() + 2);
}

TEST_CASE("a transformation's parameter by an unknown name: the error names the transformation and its parameters") {
    small model{1};
    CHECK_THROWS_WITH_AS(
        model.parameter<4>("gamma"),
        "mockbn::stack::parameter<4>: hidden layer 2 (entry 4, transform<log_shift> (per feature)) has no "
        "parameter 'gamma'; its parameters are a, b, c",
        std::invalid_argument);
    basic_stack<double, input<6>, dense<5>, transform<bn_no_affine>, dense<3>, softmax_cross_entropy> plain{1};
    CHECK_THROWS_WITH_AS(
        plain.parameter<2>("gamma"),
        "mockbn::stack::parameter<2>: hidden layer 1 (entry 2, transform<bn_no_affine>) has no parameter 'gamma'; "
        "it has none",
        std::invalid_argument);
}

TEST_CASE("the README's batch: the caller's row-major memory as forward's matrix_view, or an xtensor") {
    stack<input<784>, dense<10>, softmax_cross_entropy> model{1};
    const std::size_t rows = 3;
    std::vector<float> pixels(rows * 784);  // example r's 784 features at pixels[r * 784], row after row
    for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<float>(i % 255) / 255;
    const std::vector<int> labels = {7, 2, 1};
    // --- as in the README
    const matrix_view<const float> x{pixels.data(), rows, 784};
    const float loss = model.forward(x, labels, training);
    model.backward();
    // ---
    xt::xtensor<float, 2> same = xt::adapt(pixels, std::array<std::size_t, 2>{rows, 784});
    CHECK(model.forward(same, labels, training) == loss);
    CHECK(model.input_of<1>().data == same.data());
}

TEST_CASE("initialization: seeded, repeatable, and the same dense weights whatever the transformations") {
    const small a{7}, b{7}, c{8};
    CHECK(std::equal(a.parameters().begin(), a.parameters().end(), b.parameters().begin()));
    CHECK_FALSE(std::equal(a.parameters().begin(), a.parameters().end(), c.parameters().begin()));
    small with_transform{7};
    small_plain plain{7};
    const auto d1 = with_transform.parameters_of<1>(), p1 = plain.parameters_of<1>();
    const auto d3 = with_transform.parameters_of<3>(), p3 = plain.parameters_of<3>();
    const auto d6 = with_transform.parameters_of<6>(), p5 = plain.parameters_of<5>();
    CHECK(std::equal(d1.begin(), d1.end(), p1.begin(), p1.end()));
    CHECK(std::equal(d3.begin(), d3.end(), p3.begin(), p3.end()));
    CHECK(std::equal(d6.begin(), d6.end(), p5.begin(), p5.end()));
}

TEST_CASE("He and Glorot schemes draw with the stated spread") {
    basic_stack<double, input<784>, dense<100>, dense<50, glorot_uniform>, softmax_cross_entropy> model{3};
    const auto he = model.parameters_of<1>().first(784 * 100);
    double sum = 0, squares = 0;
    for (double w : he) sum += w, squares += w * w;
    const double n = static_cast<double>(he.size()), mean = sum / n, deviation = std::sqrt(squares / n - mean * mean);
    const double expected = std::sqrt(2.0 / 784);
    CHECK(std::fabs(mean) < 4 * expected / std::sqrt(n));
    CHECK(std::fabs(deviation / expected - 1) < 0.01);  // 78,400 draws: sampling error ≈ 0.25 %

    const auto glorot = model.parameters_of<2>().first(100 * 50);
    const double limit = std::sqrt(6.0 / 150);
    double glorot_squares = 0;
    for (double w : glorot) {
        CHECK(std::fabs(w) < limit);
        glorot_squares += w * w;
    }
    CHECK(std::fabs(glorot_squares / 5000 / (limit * limit / 3) - 1) < 0.05);
}

TEST_CASE("forward: each layer's input and output are what the formulas give") {
    small model{2};
    const auto x = uniform_matrix(4, 6, 31);
    const auto labels = labels_for(4, 3);
    model.forward(x, labels, training);
    const auto in = model.input_of<1>();
    CHECK(in.data == x.data());
    // dense: out = x·W + b, W stored 6 x 5 row-major, then b.
    const auto w = model.parameters_of<1>();
    const auto out = model.output_of<1>();
    for (std::size_t r = 0; r < 4; ++r)
        for (std::size_t j = 0; j < 5; ++j) {
            double expected = w[30 + j];
            for (std::size_t i = 0; i < 6; ++i) expected += x(r, i) * w[i * 5 + j];
            CHECK(out.row(r)[j] == doctest::Approx(expected).epsilon(1e-14));
        }
    // relu: max(x, 0).
    const auto before = model.input_of<2>(), after = model.output_of<2>();
    CHECK(before.data == out.data);
    for (std::size_t i = 0; i < before.size(); ++i) CHECK(after.data[i] == std::max(before.data[i], 0.0));
    // The loss's softmax rows sum to one.
    const auto p = model.layer<7>().probabilities();
    for (std::size_t r = 0; r < p.rows; ++r) {
        double total = 0;
        for (std::size_t c = 0; c < p.cols; ++c) total += p.row(r)[c];
        CHECK(total == doctest::Approx(1.0).epsilon(1e-14));
    }
}

TEST_CASE("same seed and data: bit-identical loss and gradients, a smaller batch after a larger one is exact") {
    small a{4}, b{4};
    const auto x = uniform_matrix(8, 6, 41), tail = uniform_matrix(3, 6, 42);
    const auto labels = labels_for(8, 3), tail_labels = labels_for(3, 3);
    CHECK(a.forward(x, labels, training) == b.forward(x, labels, training));
    a.backward();
    b.backward();
    CHECK(std::equal(a.gradients().begin(), a.gradients().end(), b.gradients().begin()));
    // a has seen 8 rows, fresh has not: the 3-row batch must give the same numbers.
    small fresh{4};
    CHECK(a.forward(tail, tail_labels, training) == fresh.forward(tail, tail_labels, training));
    a.backward();
    fresh.backward();
    CHECK(std::equal(a.gradients().begin(), a.gradients().end(), fresh.gradients().begin()));
}

TEST_CASE("predict gives the logits in inference mode") {
    small model{5};
    const auto x = uniform_matrix(3, 6, 51);
    const auto logits = model.predict(x);
    CHECK(logits.rows == 3);
    CHECK(logits.cols == 3);
    CHECK(logits.data == model.output_of<6>().data);
}

TEST_CASE("clear errors: input width, empty batch, labels, backward before forward") {
    small model{6};
    const auto wrong = uniform_matrix(2, 5, 61);
    const auto labels = labels_for(2, 3);
    CHECK_THROWS_WITH_AS(model.forward(wrong, labels, training),
                         "mockbn::network: the input has 5 features per row, but the network takes 6",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(model.backward(), "mockbn::network::backward: run forward(x, labels, mode) first",
                         std::logic_error);
    const auto x = uniform_matrix(2, 6, 62);
    const std::vector<int> bad{0, 3};
    CHECK_THROWS_WITH_AS(model.forward(x, bad, training),
                         "mockbn::softmax_cross_entropy: label 3 in row 1 is outside [0, 3)", std::invalid_argument);
    const std::vector<int> short_labels{0};
    CHECK_THROWS_WITH_AS(model.forward(x, short_labels, training),
                         "mockbn::softmax_cross_entropy: 1 labels for 2 rows of logits", std::invalid_argument);
    CHECK_THROWS_WITH_AS(model.backward(), "mockbn::network::backward: run forward(x, labels, mode) first",
                         std::logic_error);
    const xt::xtensor<double, 2> empty = xt::xtensor<double, 2>::from_shape({0, 6});
    CHECK_THROWS_WITH_AS(model.predict(empty), "mockbn::network: the input batch has no rows", std::invalid_argument);
}

TEST_CASE("float stacks train the same way as double ones: five SGD steps, the same losses and parameters") {
    stack<input<6>, dense<5>, relu, dense<3>, softmax_cross_entropy> single{9};
    basic_stack<double, input<6>, dense<5>, relu, dense<3>, softmax_cross_entropy> twin{9};
    sgd single_optimizer{{.learning_rate = 0.1, .momentum = 0.9}};
    basic_sgd<double> twin_optimizer{{.learning_rate = 0.1, .momentum = 0.9}};
    const auto labels = labels_for(4, 3);
    for (std::uint64_t step = 0; step < 5; ++step) {
        const auto xf = uniform_matrix<float>(4, 6, 71 + step);
        const auto xd = uniform_matrix(4, 6, 71 + step);
        CHECK(single.forward(xf, labels, training) ==
              doctest::Approx(twin.forward(xd, labels, training)).epsilon(1e-5));
        single.backward();
        twin.backward();
        REQUIRE(single_optimizer.step(single));
        REQUIRE(twin_optimizer.step(twin));
    }
    for (std::size_t i = 0; i < twin.parameters().size(); ++i)
        CHECK(single.parameters()[i] == doctest::Approx(twin.parameters()[i]).epsilon(1e-5).scale(1.0));
}
