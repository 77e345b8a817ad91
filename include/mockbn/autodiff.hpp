// mockbn/autodiff.hpp
//
// The expression-template autodiff core: tensor-level reverse mode whose
// elementwise parts run as fused, vectorized forward-mode passes.
//
//   leaves        variable, constant                        (variable.hpp)
//   elementwise   + - * /, exp, log, log1p, sqrt, tanh, logistic, abs, sign,
//                 relu, max, min, comparisons, select, map   (elementwise.hpp)
//   linear        matmul, transpose (BLAS gemm)             (matmul.hpp)
//   reductions    sum, mean, variance over the batch axis    (reduce.hpp)
//   loss          softmax_cross_entropy                      (softmax_cross_entropy.hpp)
//   drivers       forward, backward                          (graph.hpp)
//   checking      gradcheck, wrt                             (gradcheck.hpp)
//
// A bias add is `x + b` with x of rank 2 and b of rank 1.
#pragma once

#include "mockbn/autodiff/elementwise.hpp"
#include "mockbn/autodiff/gradcheck.hpp"
#include "mockbn/autodiff/graph.hpp"
#include "mockbn/autodiff/map.hpp"
#include "mockbn/autodiff/matmul.hpp"
#include "mockbn/autodiff/reduce.hpp"
#include "mockbn/autodiff/softmax_cross_entropy.hpp"
#include "mockbn/autodiff/variable.hpp"
#include "mockbn/core/dual.hpp"
