// mockbn/core/vector_math.hpp
//
// exp and log1p of a batch of floats on fused multiply-adds (simd::fma):
// xsimd's own evaluate their polynomials with a multiply and an add rounded
// apart under AVX-512, twice the instructions of a fused chain.
//
// Contract (float batches, every lane on its own):
//  - exp(x): within 1 ulp of e^x for every float x whose e^x is a normal
//    float (x from −87.33 to 88.72), within 1 ulp of the subnormal it
//    rounds to below that, 0 below −103.98, +∞ above 88.72; exp(−∞) = 0,
//    exp(NaN) is NaN.
//  - log1p(x): within 1 ulp of ln(1 + x) for every float x > −1; log1p(−1)
//    = −∞, log1p(x < −1) is NaN, log1p(+∞) = +∞, log1p(±0) = ±0,
//    log1p(NaN) is NaN.
//  - Deterministic: the same lanes give the same bits on every call, in any
//    lane of any batch.
// tests/core/test_vector_math.cpp checks the bounds against long double
// over every 1024th float of the whole range, every 16th float whose e^x is
// subnormal, and every float of 2^20 near 0 (largest errors measured: exp
// 0.84 ulp, log1p 0.77 ulp).
#pragma once

#include <cstdint>
#include <limits>

#include "mockbn/core/simd.hpp"

namespace mockbn::vmath {

using floats = simd::batch<float>;
using ints = xsimd::batch<std::int32_t>;

namespace detail {

// p(r) = c[0] + r·(c[1] + r·(c[2] + …)), each step one fused multiply-add.
template <std::size_t N>
floats horner(const floats& r, const float (&c)[N]) noexcept {
    floats p(c[N - 1]);
    for (std::size_t k = N - 1; k-- > 0;) p = simd::fma(p, r, floats(c[k]));
    return p;
}

// 2^n for whole n from −126 to 127, built in the exponent field.
inline floats power_of_two(const ints& n) noexcept { return xsimd::bitwise_cast<floats>((n + 127) << 23); }

}  // namespace detail

inline floats exp(const floats& x) noexcept {
    // x = n·ln 2 + r, |r| ≤ ln 2 / 2, with ln 2 split in two so that n·ln2_hi is exact (Cody and Waite).
    constexpr float log2e = 1.44269504088896341f, ln2_hi = 0.693145751953125f, ln2_lo = 1.42860682030941723e-6f;
    // e^r by its Taylor series to r⁷: the remainder is below 2^-27 of the result on |r| ≤ 0.347.
    constexpr float taylor[] = {1.0f,         1.0f,          0.5f,          1.0f / 6.0f,
                                1.0f / 24.0f, 1.0f / 120.0f, 1.0f / 720.0f, 1.0f / 5040.0f};
    const floats n = xsimd::round(x * floats(log2e));
    const floats r = simd::fma(n, floats(-ln2_lo), simd::fma(n, floats(-ln2_hi), x));
    const floats p = detail::horner(r, taylor);
    // 2^n in two factors, each a normal float, so that results down to the subnormals are scaled, not flushed.
    const ints k = xsimd::nearbyint_as_int(n);
    const ints half = k >> 1;
    floats y = p * detail::power_of_two(half) * detail::power_of_two(k - half);
    y = xsimd::select(x > floats(88.7228394f), floats(std::numeric_limits<float>::infinity()), y);
    y = xsimd::select(x < floats(-103.972084f), floats(0.0f), y);
    return xsimd::select(x != x, x, y);  // NaN stays NaN
}

inline floats log1p(const floats& x) noexcept {
    // u = 1 + x rounded, and c the part of 1 + x it lost, relative to u (first order; fdlibm's log1pf).
    const floats one(1.0f);
    const floats u = one + x;
    // u = 2^k·m with m in [√½, √2): ln(1 + x) = k·ln 2 + ln m + c.
    const ints bits = xsimd::bitwise_cast<ints>(u) - ints(0x3f3504f3);  // the bits of √½
    const ints k = bits >> 23;                                          // arithmetic: k from −126 to 128
    const floats m = xsimd::bitwise_cast<floats>((bits & ints(0x007fffff)) + ints(0x3f3504f3));
    const floats kf = xsimd::to_float(k);
    const floats c = xsimd::select(kf >= floats(2.0f), one - (u - x), x - (u - one)) / u;
    // ln m = f − f²/2 + s·(f²/2 + R(s²)), f = m − 1 (exact), s = f/(2 + f), R a minimax polynomial (fdlibm's
    // logf coefficients, error below 2^-25).
    const floats f = m - one, s = f / (floats(2.0f) + f), z = s * s, w = z * z;
    const floats r = simd::fma(z, simd::fma(w, floats(0.28498786688f), floats(0.66666662693f)),
                               w * simd::fma(w, floats(0.24279078841f), floats(0.40000972152f)));
    const floats half_f2 = floats(0.5f) * f * f;
    constexpr float ln2_hi = 0.693145751953125f, ln2_lo = 1.42860682030941723e-6f;
    floats y = simd::fma(s, half_f2 + r, simd::fma(kf, floats(ln2_lo), c)) - half_f2 + f;
    y = simd::fma(kf, floats(ln2_hi), y);
    y = xsimd::select(u == one, x, y);  // |x| below half an ulp of 1: ln(1 + x) is x, and ±0 keeps its sign
    y = xsimd::select(x == floats(std::numeric_limits<float>::infinity()), x, y);
    y = xsimd::select(x == floats(-1.0f), floats(-std::numeric_limits<float>::infinity()), y);
    y = xsimd::select(x < floats(-1.0f), floats(std::numeric_limits<float>::quiet_NaN()), y);
    return xsimd::select(x != x, x, y);
}

}  // namespace mockbn::vmath
