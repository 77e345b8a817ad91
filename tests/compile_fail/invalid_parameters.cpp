// Must not compile: P::params holds numbers, not mockbn::parameter (a name
// and an initial value each).
#include <mockbn/mockbn.hpp>

struct plain_parameters {
    static constexpr double params[] = {1.0};
    static auto apply(const auto& x, const auto& a) { return a * x; }
};

using namespace mockbn;
using network = stack<input<784>, dense<100>, transform<plain_parameters>, relu, dense<10>, softmax_cross_entropy>;

int main() {
    network model{1};
    const auto mnist = data::load_standard("data/mnist");
    adam optimizer{{.learning_rate = 1e-3}};
    fit(model, optimizer, mnist.train, {.batch = 64, .epochs = 1}, [](const epoch_report&) {});
    return evaluate(model, mnist.test).accuracy > 0.5 ? 0 : 1;
}
