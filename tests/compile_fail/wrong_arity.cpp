// Must not compile: P::params names two parameters, P::apply takes one.
#include <mockbn/mockbn.hpp>

struct two_parameters {
    static constexpr mockbn::parameter params[] = {{"a", 1.0}, {"b", 0.0}};
    static auto apply(const auto& x, const auto& a) { return a * x; }
};

using namespace mockbn;
using network = stack<input<784>, dense<100>, transform<two_parameters>, relu, dense<10>, softmax_cross_entropy>;

int main() {
    network model{1};
    const auto mnist = data::load_standard("data/mnist");
    adam optimizer{{.learning_rate = 1e-3}};
    fit(model, optimizer, mnist.train, {.batch = 64, .epochs = 1}, [](const epoch_report&) {});
    return evaluate(model, mnist.test).accuracy > 0.5 ? 0 : 1;
}
