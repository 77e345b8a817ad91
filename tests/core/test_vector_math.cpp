// The library's own exp and log1p of float batches (core/vector_math.hpp)
// against long double over the whole float range: every 1024th float, and
// every float near 0, each error counted in units in the last place of the
// correctly rounded result; the special values one by one.
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <doctest/doctest.h>

#include <mockbn/core/vector_math.hpp>

namespace {

using mockbn::vmath::floats;

// |got − exact| in units in the last place of exact rounded to float (subnormals: of the smallest subnormal).
double ulps(float got, long double exact) {
    const float rounded = static_cast<float>(exact);
    const float magnitude = std::fabs(rounded);
    const float ulp = std::nextafter(magnitude, std::numeric_limits<float>::infinity()) - magnitude;
    return static_cast<double>(std::fabs(static_cast<long double>(got) - exact) / ulp);
}

// The largest error of f against reference over the floats with bit patterns first, first + step, … up to last.
template <class F, class R>
double largest_error(F&& f, R&& reference, std::uint32_t first, std::uint32_t last, std::uint32_t step) {
    constexpr std::size_t lanes = floats::size;
    double worst = 0;
    alignas(64) float in[lanes], out[lanes];
    std::size_t filled = 0;
    const auto flush = [&] {
        f(floats::load_aligned(in)).store_aligned(out);
        for (std::size_t i = 0; i < filled; ++i)
            worst = std::fmax(worst, ulps(out[i], reference(static_cast<long double>(in[i]))));
        filled = 0;
    };
    for (std::uint64_t bits = first; bits <= last; bits += step) {
        in[filled++] = std::bit_cast<float>(static_cast<std::uint32_t>(bits));
        if (filled == lanes) flush();
    }
    for (std::size_t i = filled; i < lanes; ++i) in[i] = in[0];  // a partial last batch, its rest repeated
    if (filled > 0) flush();
    return worst;
}

std::uint32_t bits_of(float x) { return std::bit_cast<std::uint32_t>(x); }

float lane0(const floats& v) {
    alignas(64) float out[floats::size];
    v.store_aligned(out);
    return out[0];
}

}  // namespace

TEST_CASE("exp of a float batch is within 1 ulp of e^x over the whole range, and its special values are IEEE's") {
    const auto f = [](const floats& x) { return mockbn::vmath::exp(x); };
    const auto exact = [](long double x) { return std::exp(x); };
    // Positive and negative halves: from 0 up to 88.72 (e^x below the largest float), down to -103.9.
    const double positive = largest_error(f, exact, 0, bits_of(88.72f), 1024);
    const double negative = largest_error(f, exact, bits_of(-0.0f), bits_of(-87.33f), 1024);
    const double subnormal = largest_error(f, exact, bits_of(-87.34f), bits_of(-103.9f), 16);
    MESSAGE("exp: largest error ", positive, " ulp on [0, 88.72], ", negative, " on [-87.33, 0], ", subnormal,
            " on the subnormal results");
    CHECK(positive <= 1.0);
    CHECK(negative <= 1.0);
    CHECK(subnormal <= 1.0);
    const float inf = std::numeric_limits<float>::infinity();
    CHECK(lane0(f(floats(89.0f))) == inf);
    CHECK(lane0(f(floats(inf))) == inf);
    CHECK(lane0(f(floats(-inf))) == 0.0f);
    CHECK(lane0(f(floats(-104.0f))) == 0.0f);
    CHECK(std::isnan(lane0(f(floats(std::numeric_limits<float>::quiet_NaN())))));
    CHECK(lane0(f(floats(0.0f))) == 1.0f);
}

TEST_CASE(
    "log1p of a float batch is within 1 ulp of ln(1 + x) over the whole range, and its special values are IEEE's") {
    const auto f = [](const floats& x) { return mockbn::vmath::log1p(x); };
    const auto exact = [](long double x) { return std::log1p(x); };
    const double positive = largest_error(f, exact, 1, bits_of(std::numeric_limits<float>::max()), 1024);
    const double negative = largest_error(f, exact, bits_of(-0.0f) + 1, bits_of(-1.0f) - 1, 1024);
    // Every float within 1e-3 of 0, where the rounding of 1 + x matters most.
    const double above = largest_error(f, exact, bits_of(1e-3f) - (1u << 20), bits_of(1e-3f), 1);
    const double below = largest_error(f, exact, bits_of(-1e-3f) - (1u << 20), bits_of(-1e-3f), 1);
    MESSAGE("log1p: largest error ", positive, " ulp on (0, max], ", negative, " on (-1, 0), ", above, " and ", below,
            " on the 2^20 floats below 1e-3 and above -1e-3");
    CHECK(positive <= 1.0);
    CHECK(negative <= 1.0);
    CHECK(above <= 1.0);
    CHECK(below <= 1.0);
    const float inf = std::numeric_limits<float>::infinity();
    CHECK(lane0(f(floats(-1.0f))) == -inf);
    CHECK(std::isnan(lane0(f(floats(-1.5f)))));
    CHECK(lane0(f(floats(inf))) == inf);
    CHECK(std::isnan(lane0(f(floats(std::numeric_limits<float>::quiet_NaN())))));
    CHECK(std::signbit(lane0(f(floats(-0.0f)))));
    CHECK(lane0(f(floats(1e-30f))) == 1e-30f);
}
