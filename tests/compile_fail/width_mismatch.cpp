// Must not compile: dense<10, he_normal, 50> takes 50 features, relu gives 100.
#include <mockbn/mockbn.hpp>

using namespace mockbn;
using network = stack<input<784>, dense<100>, relu, dense<10, he_normal, 50>, softmax_cross_entropy>;

int main() { network model{1}; }
