// Must not compile: basic_adam<float> keeps a float state; the stack is over double.
#include <mockbn/mockbn.hpp>

using namespace mockbn;
using network = basic_stack<double, input<4>, dense<3>, softmax_cross_entropy>;

int main() {
    network model{1};
    basic_adam<float> optimizer{};
    optimizer.step(model);
}
