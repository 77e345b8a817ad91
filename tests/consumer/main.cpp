// Uses the library as a downstream project would: its headers, one target, the
// project's own warning flags. It compiles the training hot path (a stack with
// dense layers, a transformation of its own written on dual numbers, ReLU,
// softmax cross-entropy, Adam) and exits 0 when
//  - a small autodiff gradient matches its closed form, and
//  - a few Adam steps on three separable clusters cut the loss fourfold and
//    classify them.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <vector>

#include <mockbn/autodiff.hpp>  // the autodiff graph, apart from the umbrella
#include <mockbn/mockbn.hpp>

namespace {

// A consumer's own transformation: a learnable soft clip, y = e^a·tanh(x) + b.
struct soft_clip {
    static constexpr std::string_view name = "soft_clip";
    static constexpr mockbn::parameter params[] = {{"a", 0.0}, {"b", 0.0}};
    static auto apply(const auto& x, const auto& a, const auto& b) { return exp(a) * tanh(x) + b; }
};

constexpr std::size_t features = 8, classes = 3, samples = 96;
using network = mockbn::stack<mockbn::input<features>, mockbn::dense<16>, mockbn::transform<soft_clip>, mockbn::relu,
                              mockbn::dense<classes>, mockbn::softmax_cross_entropy>;

// d/dx Σ tanh(x)·x = tanh(x) + x·(1 − tanh²(x)); returns the worst error.
double autodiff_error() {
    mockbn::ad::variable<double, 2> x{xt::xtensor<double, 2>{{0.5, -1.0}, {2.0, 0.25}}};
    auto loss = mockbn::ad::sum(mockbn::ad::sum(mockbn::ad::tanh(x) * x));
    mockbn::ad::forward(loss);
    mockbn::ad::backward(loss);
    double worst = 0.0;
    for (std::size_t i = 0; i < x.value().size(); ++i) {
        const double v = x.value().data()[i], t = std::tanh(v);
        worst = std::fmax(worst, std::fabs(x.grad().data()[i] - (t + v * (1 - t * t))));
    }
    return worst;
}

// Class c sits around +2 on features c, c + 3, ... and 0 elsewhere, with uniform noise in [-1, 1).
void synthetic(xt::xtensor<float, 2>& x, std::vector<int>& labels) {
    std::uint32_t state = 12345;
    auto noise = [&] {
        state = state * 1664525u + 1013904223u;  // a fixed LCG: the same data everywhere
        return static_cast<float>(state >> 8) / static_cast<float>(1u << 23) - 1.0f;
    };
    for (std::size_t r = 0; r < samples; ++r) {
        labels[r] = static_cast<int>(r % classes);
        for (std::size_t f = 0; f < features; ++f) x(r, f) = (f % classes == r % classes ? 2.0f : 0.0f) + noise();
    }
}

double accuracy(network& model, const xt::xtensor<float, 2>& x, const std::vector<int>& labels) {
    const auto logits = model.predict(x);
    std::size_t right = 0;
    for (std::size_t r = 0; r < logits.rows; ++r) {
        const float* row = logits.data + r * logits.cols;
        std::size_t best = 0;
        for (std::size_t c = 1; c < logits.cols; ++c)
            if (row[c] > row[best]) best = c;
        right += static_cast<int>(best) == labels[r];
    }
    return static_cast<double>(right) / static_cast<double>(logits.rows);
}

}  // namespace

int main() {
    const double autodiff_worst = autodiff_error();
    std::printf("consumer: autodiff worst gradient error %.3g\n", autodiff_worst);

    xt::xtensor<float, 2> x = xt::zeros<float>({samples, features});
    std::vector<int> labels(samples);
    synthetic(x, labels);
    network model{/*seed=*/1};
    mockbn::adam optimizer{{.learning_rate = 1e-2}};
    const float first = model.forward(x, labels, mockbn::training);
    float last = first;
    bool finite = true;
    for (int step = 0; step < 60; ++step) {
        model.backward();
        finite = optimizer.step(model) && finite;
        last = model.forward(x, labels, mockbn::training);
    }
    const double right = accuracy(model, x, labels);
    std::printf("consumer: training loss %.4f -> %.4f in 60 Adam steps, accuracy %.3f\n", first, last, right);

    const bool ok = autodiff_worst < 1e-12 && finite && last < first / 4 && right >= 0.95;
    return ok ? 0 : 1;
}
