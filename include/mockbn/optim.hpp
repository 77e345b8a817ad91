// mockbn/optim.hpp
//
// The optimizers, each a rule on the shared skeleton (optim/optimizer.hpp):
// sgd (momentum, Nesterov, weight decay), rmsprop, adam.
#pragma once

#include "mockbn/optim/adam.hpp"
#include "mockbn/optim/optimizer.hpp"
#include "mockbn/optim/rmsprop.hpp"
#include "mockbn/optim/sgd.hpp"
