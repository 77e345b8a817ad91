// Must not compile: a transformation with parameters but no formula. The
// program trains and evaluates, so that every use of the layer is compiled.
#include <mockbn/mockbn.hpp>

struct no_formula {
    static constexpr mockbn::parameter params[] = {{"a", 1.0}};
};

using namespace mockbn;
using network = stack<input<784>, dense<100>, transform<no_formula>, relu, dense<10>, softmax_cross_entropy>;

int main() {
    network model{1};
    const auto mnist = data::load_standard("data/mnist");
    adam optimizer{{.learning_rate = 1e-3}};
    fit(model, optimizer, mnist.train, {.batch = 64, .epochs = 1}, [](const epoch_report&) {});
    return evaluate(model, mnist.test).accuracy > 0.5 ? 0 : 1;
}
