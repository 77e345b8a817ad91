// Must not compile: a transformation with parameters but no formula.
#include <mockbn/mockbn.hpp>

struct no_formula {
    static constexpr mockbn::parameter params[] = {{"a", 1.0}};
};

using namespace mockbn;
using network = stack<input<784>, dense<100>, transform<no_formula>, relu, dense<10>, softmax_cross_entropy>;

int main() { network model{1}; }
