// mockbn/layers.hpp
//
// The layer vocabulary and the stack: input, dense (with the He, Glorot,
// LeCun and PyTorch initialization schemes), relu and selu, dropout,
// transform<P>,
// softmax_cross_entropy, stack, the training and inference tags, and mlp (the
// original study's network family with its shape chosen at run time). Gradcheck for a
// whole stack is mockbn/layers/gradcheck.hpp, outside this umbrella: it
// brings the autodiff graph and xtensor.
#pragma once

#include "mockbn/concepts/layer.hpp"
#include "mockbn/core/matrix.hpp"
#include "mockbn/core/mode.hpp"
#include "mockbn/layers/activation.hpp"
#include "mockbn/layers/dense.hpp"
#include "mockbn/layers/dropout.hpp"
#include "mockbn/layers/init.hpp"
#include "mockbn/layers/loss.hpp"
#include "mockbn/layers/mlp.hpp"
#include "mockbn/layers/original_network.hpp"
#include "mockbn/layers/stack.hpp"
#include "mockbn/layers/transform.hpp"
