// mockbn/layers/original_network.hpp
//
// original_network<P>: the network the original study (S. Bai, 2016) trains, as one stack type: 784
// inputs, five hidden dense layers of 100 with ReLU, transformation P between
// the dense layer and the ReLU of hidden layers 3 and 4, then dense 10 and
// softmax cross-entropy. The tests, the benchmarks and the comparison with
// other frameworks all use this one definition; the study builds the same
// network shaped at run time (layers/mlp.hpp), equal to it bit for bit.
#pragma once

#include "mockbn/concepts/transformation.hpp"
#include "mockbn/core/scalar.hpp"
#include "mockbn/layers/activation.hpp"
#include "mockbn/layers/dense.hpp"
#include "mockbn/layers/loss.hpp"
#include "mockbn/layers/stack.hpp"
#include "mockbn/layers/transform.hpp"

namespace mockbn {

template <class P, class G = per_feature, floating_scalar T = float>
using original_network = basic_stack<T, input<784>,                      //
                                     dense<100>, relu,                   // hidden 1
                                     dense<100>, relu,                   // hidden 2
                                     dense<100>, transform<P, G>, relu,  // hidden 3
                                     dense<100>, transform<P, G>, relu,  // hidden 4
                                     dense<100>, relu,                   // hidden 5
                                     dense<10>, softmax_cross_entropy>;

}  // namespace mockbn
