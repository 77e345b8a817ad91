// A tour of mockbn's autodiff core: a dense layer, a formula of one's own,
// the gradients, and a check of them against finite differences.
#include <iostream>
#include <vector>

#include <mockbn/autodiff.hpp>
#include <xtensor/xio.hpp>  // prints the gradients

int main() {
    using namespace mockbn::ad;

    // Leaves: a batch of 4 samples with 3 features, a 3 x 2 weight matrix, a bias.
    variable<double, 2> x{
        xt::xtensor<double, 2>{{0.5, -1.0, 2.0}, {1.5, 0.2, -0.3}, {-0.7, 0.9, 0.1}, {0.0, 1.1, -2.2}}};
    variable<double, 2> w{xt::xtensor<double, 2>{{0.1, -0.4}, {0.7, 0.2}, {-0.3, 0.5}}};
    variable<double, 1> b{xt::xtensor<double, 1>{0.05, -0.1}};

    // A formula of one's own, written once on dual numbers: the original study's log
    // transformation sign(x)·log(1 + |x|), as a select so its slope at 0 is 1.
    auto log_fixed = [](const auto& v) { return select(v >= 0, log1p(v), -log1p(-v)); };

    // dense -> transformation -> softmax cross-entropy; one fused pass per elementwise part.
    std::vector<int> labels{0, 1, 1, 0};
    auto loss = softmax_cross_entropy(map(log_fixed, matmul(x, w) + b), labels);

    std::cout << "loss " << forward(loss)() << "\n";
    backward(loss);
    std::cout << "dloss/dW\n" << w.grad() << "\ndloss/db " << b.grad() << "\n";

    const auto report = gradcheck(loss, wrt(x, w, b));
    std::cout << "gradcheck: " << report << "\n";
    return report.within(1e-7) ? 0 : 1;
}
