// mockbn/core/xsimd.hpp
//
// xsimd, as every mockbn header includes it: with GCC 12's false
// "'__Y' may be used uninitialized" warnings silenced in xsimd's code.
//
// GCC 12 before 12.3 (bug 105593) warns wherever xsimd's AVX-512 kernels
// inline an intrinsic whose unused merge operand is _mm512_undefined_ps()
// (`__m512 __Y = __Y;`): sqrt, exp, tanh, ... compiled with -march=native on
// an AVX-512 machine, even from system headers. GCC looks up a warning's
// diagnostic pragmas at every location of its inlining stack, so the
// suppression below covers exactly the code of xsimd itself, wherever that
// code ends up inlined, and nothing of the library's or its user's code.
//
// Contract: a mockbn header includes this one before anything that includes
// xsimd (xsimd itself, xtensor, xtensor-blas), so that xsimd's first
// inclusion is the one below. A program that includes xtensor or xsimd before
// any mockbn header gets xsimd without the suppression.
#pragma once

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <xsimd/xsimd.hpp>
#pragma GCC diagnostic pop
#else
#include <xsimd/xsimd.hpp>
#endif
