// Uses the library as a downstream project would: one include, one target.
// Exits 0 when a small gradient comes out right.
#include <cmath>
#include <cstdio>

#include <mockbn/autodiff.hpp>

int main() {
    mockbn::ad::variable<double, 2> x{xt::xtensor<double, 2>{{0.5, -1.0}, {2.0, 0.25}}};
    auto loss = mockbn::ad::sum(mockbn::ad::sum(mockbn::ad::tanh(x) * x));
    mockbn::ad::forward(loss);
    mockbn::ad::backward(loss);
    // d/dx tanh(x)·x = tanh(x) + x·(1 - tanh²(x))
    double worst = 0.0;
    for (std::size_t i = 0; i < x.value().size(); ++i) {
        const double v = x.value().data()[i], t = std::tanh(v);
        worst = std::fmax(worst, std::fabs(x.grad().data()[i] - (t + v * (1 - t * t))));
    }
    std::printf("consumer: worst gradient error %.3g\n", worst);
    return worst < 1e-12 ? 0 : 1;
}
