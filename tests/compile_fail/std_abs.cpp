// Must not compile: std::abs cannot take the library's dual numbers; the
// unqualified abs(x) finds the library's.
#include <cmath>
#include <mockbn/mockbn.hpp>

struct scaled_abs {
    static constexpr mockbn::parameter params[] = {{"a", 1.0}};
    static auto apply(const auto& x, const auto& a) { return a * std::abs(x); }
};

using namespace mockbn;
using network = stack<input<784>, dense<100>, transform<scaled_abs>, relu, dense<10>, softmax_cross_entropy>;

int main() {
    network model{1};
    const auto mnist = data::load_standard("data/mnist");
    adam optimizer{{.learning_rate = 1e-3}};
    fit(model, optimizer, mnist.train, {.batch = 64, .epochs = 1}, [](const epoch_report&) {});
    return evaluate(model, mnist.test).accuracy > 0.5 ? 0 : 1;
}
