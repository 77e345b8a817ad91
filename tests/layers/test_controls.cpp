// The controls against their closed forms, in double: affine's values and
// gradients; bn_no_affine as batch_norm at γ = 1, β = 0; layer_norm's and
// rms_norm's outputs (each row normalized over its features), their
// gradients against the textbook formulas, their modes, a batch of one, and
// that they keep no state.
#include <cmath>
#include <cstddef>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/concepts/state.hpp"
#include "mockbn/layers/transform.hpp"
#include "mockbn/transforms.hpp"
#include "oracles.hpp"
#include "support.hpp"

using namespace mockbn;

namespace {

// Not a multiple of any SIMD width: every row ends in a partial batch.
constexpr std::size_t width = 5;
constexpr double epsilon = 1e-5;

template <class P>
using layer_of = typename transform<P>::template layer<double>;

struct pass {
    std::vector<double> y, dx, dp;
};

// One forward and one backward pass over x (rows of `width`), upstream gradient dy.
template <class P, mode_tag M>
pass run(layer_of<P>& layer, const std::vector<double>& parameters, const std::vector<double>& x,
         const std::vector<double>& dy, M mode) {
    const std::size_t rows = x.size() / width;
    pass out{std::vector<double>(x.size()), std::vector<double>(x.size()), std::vector<double>(parameters.size())};
    layer.forward(parameters.data(), {x.data(), rows, width}, {out.y.data(), rows, width}, mode);
    layer.backward(parameters.data(), out.dp.data(), {x.data(), rows, width}, {out.y.data(), rows, width},
                   {dy.data(), rows, width}, out.dx.data());
    return out;
}

template <class P, mode_tag M>
pass run(const std::vector<double>& parameters, const std::vector<double>& x, const std::vector<double>& dy, M mode) {
    layer_of<P> layer(width);
    return run<P>(layer, parameters, x, dy, mode);
}

template <class P>
std::vector<double> initial_parameters() {
    layer_of<P> layer(width);
    std::vector<double> parameters(layer.parameter_count());
    random::generator unused{1};
    layer.initialize(parameters, unused);
    return parameters;
}

// 4 rows on different scales and offsets, so that each row's statistics differ.
std::vector<double> spread_rows(std::uint64_t seed) {
    const auto u = mockbn::testing::uniform_matrix(4, width, seed, -3.0, 3.0);
    std::vector<double> x(u.begin(), u.end());
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = x[i] * static_cast<double>(i / width + 1) + (i / width);
    return x;
}

// Per-feature γ (then β, when `with_beta`) away from their initial values.
std::vector<double> moved_parameters(bool with_beta) {
    std::vector<double> p{2.0, 0.5, -1.25, 1.5, 0.25};
    if (with_beta) p.insert(p.end(), {0.75, -1.0, 0.0, 0.5, -0.125});
    return p;
}

// Mean and biased variance of values[at], values[at + stride], ... (count of them).
struct moments {
    double mean = 0, variance = 0;
};
moments moments_of(const std::vector<double>& values, std::size_t at, std::size_t count, std::size_t stride) {
    moments m;
    for (std::size_t i = 0; i < count; ++i) m.mean += values[at + i * stride] / static_cast<double>(count);
    for (std::size_t i = 0; i < count; ++i) {
        const double d = values[at + i * stride] - m.mean;
        m.variance += d * d / static_cast<double>(count);
    }
    return m;
}

void check_closed_form(const char* name, double actual, double expected, double tolerance) {
    const double error = oracle::error(actual, expected);
    mockbn::testing::record_worst(std::string("closed form, ") + name, error);
    CHECK(error <= tolerance);
}

// Row statistics need no mode: inference gives what training gives, bit for
// bit, values and gradients alike, and each row alone gives its row of the batch.
template <class P>
void check_mode_free(const std::vector<double>& parameters) {
    const auto x = spread_rows(7), dy = spread_rows(8);
    const pass trained = run<P>(parameters, x, dy, training), inferred = run<P>(parameters, x, dy, inference);
    CHECK(trained.y == inferred.y);
    CHECK(trained.dx == inferred.dx);
    CHECK(trained.dp == inferred.dp);
    layer_of<P> layer(width);  // one layer for every row: the smaller batch reuses its buffers
    run<P>(layer, parameters, x, dy, training);
    for (std::size_t r = 0; r < x.size() / width; ++r) {
        const auto row = [&](const std::vector<double>& v) {
            return std::vector<double>(v.begin() + r * width, v.begin() + (r + 1) * width);
        };
        for (const pass& alone : {run<P>(layer, parameters, row(x), row(dy), training),
                                  run<P>(layer, parameters, row(x), row(dy), inference)}) {
            CHECK(alone.y == row(trained.y));
            CHECK(alone.dx == row(trained.dx));
        }
    }
    static_assert(!has_state<layer_of<P>>, "row statistics keep nothing between batches: nothing to checkpoint");
}

}  // namespace

TEST_CASE("affine: y = γx + β exactly, per feature, the identity at its initial values, gradients dy·γ, Σ dy·x, Σ dy") {
    // Dyadic values: every product and sum below is exact, whatever the rounding or fusing of the arithmetic.
    std::vector<double> x(4 * width), dy(4 * width);
    for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] = (static_cast<double>(i) - 10) / 8;
        dy[i] = (static_cast<double>(i % 7) - 3) / 4;
    }
    CHECK(run<affine>(initial_parameters<affine>(), x, dy, training).y == x);
    const auto p = moved_parameters(true);
    const pass out = run<affine>(p, x, dy, training);
    for (std::size_t c = 0; c < width; ++c) {
        double d_gamma = 0, d_beta = 0;
        for (std::size_t r = 0; r < 4; ++r) {
            const std::size_t i = r * width + c;
            CHECK(out.y[i] == p[c] * x[i] + p[width + c]);
            CHECK(out.dx[i] == dy[i] * p[c]);
            d_gamma += dy[i] * x[i];
            d_beta += dy[i];
        }
        CHECK(out.dp[c] == d_gamma);
        CHECK(out.dp[width + c] == d_beta);
    }
}

TEST_CASE("bn_no_affine: each column normalized to mean 0 and variance σ²/(σ² + ε) in training mode") {
    const auto x = spread_rows(3);
    const pass out = run<bn_no_affine>({}, x, spread_rows(4), training);
    for (std::size_t c = 0; c < width; ++c) {
        const moments in = moments_of(x, c, 4, width), normalized = moments_of(out.y, c, 4, width);
        CHECK(std::fabs(normalized.mean) <= 1e-15);
        check_closed_form("bn_no_affine", normalized.variance, in.variance / (in.variance + epsilon), 1e-14);
    }
}

TEST_CASE("bn_no_affine is batch_norm at γ = 1, β = 0: values, gradients and running estimates, in both modes") {
    static_assert(parameter_count<bn_no_affine> == 0 && has_batch_statistics<bn_no_affine>);
    static_assert(has_state<layer_of<bn_no_affine>>, "the running estimates are checkpointed, as batch_norm's");
    layer_of<bn_no_affine> bare(width);
    layer_of<batch_norm> full(width);
    const auto unit = initial_parameters<batch_norm>();
    const auto big = spread_rows(5), small = std::vector<double>(big.begin(), big.begin() + 2 * width);
    for (const auto* x : {&big, &small, &big}) {  // two batch sizes: the estimates move differently
        const auto dy = spread_rows(6);
        const std::vector<double> upstream(dy.begin(), dy.begin() + static_cast<std::ptrdiff_t>(x->size()));
        const pass a = run<bn_no_affine>(bare, {}, *x, upstream, training),
                   b = run<batch_norm>(full, unit, *x, upstream, training);
        CHECK(a.y == b.y);
        CHECK(a.dx == b.dx);
        CHECK(std::vector<double>(bare.running_mean().begin(), bare.running_mean().end()) ==
              std::vector<double>(full.running_mean().begin(), full.running_mean().end()));
        CHECK(std::vector<double>(bare.running_variance().begin(), bare.running_variance().end()) ==
              std::vector<double>(full.running_variance().begin(), full.running_variance().end()));
    }
    const auto one = std::vector<double>(big.begin(), big.begin() + width), dy = spread_rows(9);
    const std::vector<double> upstream(dy.begin(), dy.begin() + width);
    const pass a = run<bn_no_affine>(bare, {}, one, upstream, inference),
               b = run<batch_norm>(full, unit, one, upstream, inference);
    CHECK(a.y == b.y);
    CHECK(a.dx == b.dx);
    for (std::size_t c = 0; c < width; ++c)  // inference: the running estimates, not the (single) row's statistics
        check_closed_form("bn_no_affine", a.y[c],
                          (one[c] - bare.running_mean()[c]) / std::sqrt(bare.running_variance()[c] + epsilon), 1e-14);
}

TEST_CASE(
    "bn_tf: y = x̂ + β with ε = 1e-3, dx = (dy − mean(dy) − x̂·mean(dy·x̂))/σ̂, dβ = Σ dy, estimates moved by 0.001") {
    static_assert(parameter_count<bn_tf> == 1 && has_batch_statistics<bn_tf>);
    constexpr double tf_epsilon = 1e-3, decay = 0.001;
    const auto x = spread_rows(14), dy = spread_rows(15);
    const std::vector<double> beta{0.75, -1.0, 0.0, 0.5, -0.125};
    layer_of<bn_tf> layer(width);
    const pass out = run<bn_tf>(layer, beta, x, dy, training);
    const std::size_t rows = x.size() / width;
    for (std::size_t c = 0; c < width; ++c) {
        const moments in = moments_of(x, c, rows, width), g = moments_of(dy, c, rows, width);
        const double deviation = std::sqrt(in.variance + tf_epsilon);
        double dy_xhat = 0, dbeta = 0;
        for (std::size_t r = 0; r < rows; ++r) {
            dy_xhat += dy[r * width + c] * (x[r * width + c] - in.mean) / deviation / static_cast<double>(rows);
            dbeta += dy[r * width + c];
        }
        for (std::size_t r = 0; r < rows; ++r) {
            const std::size_t i = r * width + c;
            const double xhat = (x[i] - in.mean) / deviation;
            check_closed_form("bn_tf", out.y[i], xhat + beta[c], 1e-14);
            check_closed_form("bn_tf", out.dx[i], (dy[i] - g.mean - xhat * dy_xhat) / deviation, 1e-12);
        }
        check_closed_form("bn_tf", out.dp[c], dbeta, 1e-14);
        const double unbiased = in.variance * static_cast<double>(rows) / static_cast<double>(rows - 1);
        check_closed_form("bn_tf", layer.running_mean()[c], decay * in.mean, 1e-14);
        check_closed_form("bn_tf", layer.running_variance()[c], (1 - decay) + decay * unbiased, 1e-14);
    }
}

TEST_CASE("layer_norm: each row to mean 0 and variance σ²/(σ² + ε) at γ = 1, β = 0, then γ and β per feature") {
    const auto x = spread_rows(11);
    const pass unit = run<layer_norm>(initial_parameters<layer_norm>(), x, x, training);
    for (std::size_t r = 0; r < 4; ++r) {
        const moments in = moments_of(x, r * width, width, 1), normalized = moments_of(unit.y, r * width, width, 1);
        CHECK(std::fabs(normalized.mean) <= 1e-15);
        check_closed_form("layer_norm", normalized.variance, in.variance / (in.variance + epsilon), 1e-14);
    }
    const auto p = moved_parameters(true);
    const pass moved = run<layer_norm>(p, x, x, training);
    for (std::size_t i = 0; i < x.size(); ++i)
        check_closed_form("layer_norm", moved.y[i], p[i % width] * unit.y[i] + p[width + i % width], 1e-14);
}

TEST_CASE("layer_norm's gradients: dx = (γ·dy − mean(γ·dy) − x̂·mean(γ·dy·x̂))/σ̂ over each row, dγ = Σ dy·x̂, dβ = Σ dy") {
    const auto x = spread_rows(12), dy = spread_rows(13), p = moved_parameters(true);
    const pass out = run<layer_norm>(p, x, dy, training);
    std::vector<double> d_gamma(width, 0.0), d_beta(width, 0.0);
    for (std::size_t r = 0; r < 4; ++r) {
        const moments m = moments_of(x, r * width, width, 1);
        const double root = std::sqrt(m.variance + epsilon);
        const auto xhat = [&](std::size_t c) { return (x[r * width + c] - m.mean) / root; };
        double mean_g = 0, mean_g_xhat = 0;  // g = γ·dy
        for (std::size_t c = 0; c < width; ++c) {
            const double g = p[c] * dy[r * width + c];
            mean_g += g / width;
            mean_g_xhat += g * xhat(c) / width;
            d_gamma[c] += dy[r * width + c] * xhat(c);
            d_beta[c] += dy[r * width + c];
        }
        for (std::size_t c = 0; c < width; ++c)
            check_closed_form("layer_norm", out.dx[r * width + c],
                              (p[c] * dy[r * width + c] - mean_g - xhat(c) * mean_g_xhat) / root, 1e-13);
    }
    for (std::size_t c = 0; c < width; ++c) {
        check_closed_form("layer_norm", out.dp[c], d_gamma[c], 1e-13);
        check_closed_form("layer_norm", out.dp[width + c], d_beta[c], 1e-13);
    }
}

TEST_CASE("rms_norm: each row's RMS is 1 up to ε at γ = 1, y = γ·x/rms per feature, dx = (γ·dy − x̂·mean(γ·dy·x̂))/rms") {
    const auto x = spread_rows(14), dy = spread_rows(15), p = moved_parameters(false);
    const pass unit = run<rms_norm>(initial_parameters<rms_norm>(), x, dy, training);
    const pass out = run<rms_norm>(p, x, dy, training);
    for (std::size_t r = 0; r < 4; ++r) {
        double square = 0, normalized_square = 0;
        for (std::size_t c = 0; c < width; ++c) {
            square += x[r * width + c] * x[r * width + c] / width;
            normalized_square += unit.y[r * width + c] * unit.y[r * width + c] / width;
        }
        check_closed_form("rms_norm", std::sqrt(normalized_square), std::sqrt(square / (square + epsilon)), 1e-14);
        CHECK(std::fabs(std::sqrt(normalized_square) - 1) <= epsilon / square);
        const double rms = std::sqrt(square + epsilon);
        double mean_g_xhat = 0;
        for (std::size_t c = 0; c < width; ++c)
            mean_g_xhat += p[c] * dy[r * width + c] * x[r * width + c] / rms / width;
        for (std::size_t c = 0; c < width; ++c) {
            const std::size_t i = r * width + c;
            check_closed_form("rms_norm", out.y[i], p[c] * x[i] / rms, 1e-14);
            check_closed_form("rms_norm", out.dx[i], (p[c] * dy[i] - x[i] / rms * mean_g_xhat) / rms, 1e-13);
        }
    }
}

TEST_CASE_TEMPLATE("layer_norm and rms_norm: inference is training, a batch of one works, nothing to checkpoint", P,
                   layer_norm, rms_norm) {
    check_mode_free<P>(moved_parameters(parameter_count<P> == 2));
}
