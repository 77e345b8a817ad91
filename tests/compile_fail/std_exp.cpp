// Must not compile: std::exp cannot take the library's dual numbers; the
// unqualified exp(a) finds the library's.
#include <cmath>
#include <mockbn/mockbn.hpp>

struct exp_scale {
    static constexpr mockbn::parameter params[] = {{"a", 0.0}};
    static auto apply(const auto& x, const auto& a) { return std::exp(a) * x; }
};

using namespace mockbn;
using network = stack<input<784>, dense<100>, transform<exp_scale>, relu, dense<10>, softmax_cross_entropy>;

int main() {
    network model{1};
    const auto mnist = data::load_standard("data/mnist");
    adam optimizer{{.learning_rate = 1e-3}};
    fit(model, optimizer, mnist.train, {.batch = 64, .epochs = 1}, [](const epoch_report&) {});
    return evaluate(model, mnist.test).accuracy > 0.5 ? 0 : 1;
}
