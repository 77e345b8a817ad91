// mockbn/mockbn.hpp
//
// The umbrella header: everything a program that trains and studies networks
// uses.
//
//   core                vocabulary and kernels: matrix_view, modes, duals, SIMD, BLAS (core.hpp)
//   concepts            the contracts                 (concepts.hpp)
//   transformations     identity, batch_norm, the mocks, the controls (transforms.hpp)
//   layers and stacks   dense, relu, transform<P>, softmax_cross_entropy, stack (layers.hpp)
//   optimizers          sgd, rmsprop, adam            (optim.hpp)
//   data                IDX readers, dataset          (data.hpp)
//   training            fit, evaluate                 (train.hpp)
//   analysis            histograms, percentiles, moments, bimodality, modes (analysis.hpp)
//   io                  checkpoints, save_state / load_state, atomic writes (io.hpp)
//
// Two parts are left out, to be included where they are used, because they
// bring xtensor, whose parse makes the umbrella's 60 % longer (4.1 s against 2.6 s):
//   mockbn::ad          the autodiff graph and its gradcheck (mockbn/autodiff.hpp)
//   gradcheck           of a whole stack or mlp         (mockbn/layers/gradcheck.hpp)
#pragma once

#include "mockbn/analysis.hpp"
#include "mockbn/concepts.hpp"
#include "mockbn/core.hpp"
#include "mockbn/data.hpp"
#include "mockbn/io.hpp"
#include "mockbn/layers.hpp"
#include "mockbn/optim.hpp"
#include "mockbn/train.hpp"
#include "mockbn/transforms.hpp"
