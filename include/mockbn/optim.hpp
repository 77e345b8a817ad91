// mockbn/optim.hpp
//
// The optimizers, each a rule on the shared skeleton (optim/optimizer.hpp):
// sgd (momentum, Nesterov, weight decay), rmsprop, adam; the skeleton's
// learning-rate schedules (optim/schedule.hpp) and parameter groups.
#pragma once

#include "mockbn/optim/adam.hpp"
#include "mockbn/optim/optimizer.hpp"
#include "mockbn/optim/rmsprop.hpp"
#include "mockbn/optim/schedule.hpp"
#include "mockbn/optim/sgd.hpp"
