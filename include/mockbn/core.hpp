// mockbn/core.hpp
//
// The shared vocabulary and kernels every other part builds on; it includes
// nothing else of the library.
//
//   floating_scalar        float or double                           (core/scalar.hpp)
//   matrix_view            a batch x features block the caller owns  (core/matrix.hpp)
//   training, inference    the mode tags                             (core/mode.hpp)
//   random::generator      the seeded generator (xoshiro256**)       (core/random.hpp)
//   ad::dual               forward-mode dual numbers                 (core/dual.hpp)
//   simd                   xsimd batches, partial loads and stores   (core/simd.hpp)
//                          xsimd itself, included once for all with GCC 12's
//                          false warnings silenced                   (core/xsimd.hpp)
//   ad::fused              the fused elementwise engine              (core/fused.hpp)
//   blas                   gemm on row-major blocks                  (core/blas.hpp)
//   kernels                column sums and moments, row moments, softmax
//                          cross-entropy (core/column_statistics.hpp,
//                          core/row_statistics.hpp, core/softmax.hpp)
#pragma once

#include "mockbn/core/blas.hpp"
#include "mockbn/core/column_statistics.hpp"
#include "mockbn/core/dual.hpp"
#include "mockbn/core/fused.hpp"
#include "mockbn/core/matrix.hpp"
#include "mockbn/core/mode.hpp"
#include "mockbn/core/random.hpp"
#include "mockbn/core/row_statistics.hpp"
#include "mockbn/core/scalar.hpp"
#include "mockbn/core/simd.hpp"
#include "mockbn/core/softmax.hpp"
#include "mockbn/core/xsimd.hpp"
