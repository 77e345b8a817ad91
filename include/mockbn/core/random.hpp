// mockbn/core/random.hpp
//
// The library's random numbers: xoshiro256** seeded through splitmix64, with
// uniform and normal draws whose arithmetic is written here, not left to the
// standard library's distributions (whose algorithms differ between
// implementations).
//
// Contract: generator(seed, stream) yields the same sequence on every
// machine and build for the same (seed, stream); distinct streams are
// independent for practical purposes. Weight initialization draws layer k's
// values from stream k, so adding a layer without random values (a
// transformation) leaves every other layer's initial values unchanged.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

namespace mockbn::random {

class generator {
public:
    using result_type = std::uint64_t;
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return ~result_type{0}; }

    explicit generator(std::uint64_t seed, std::uint64_t stream = 0) {
        std::uint64_t mix = seed ^ (0x9e3779b97f4a7c15ULL * (stream + 1));
        for (auto& word : state_) word = splitmix64(mix);
    }

    result_type operator()() noexcept {
        const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    // Uniform in [0, 1), 53 random bits.
    double uniform() noexcept { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

    // Uniform in [low, high).
    double uniform(double low, double high) noexcept { return low + (high - low) * uniform(); }

    // Standard normal, by the Box-Muller transform (one value per call).
    double normal() noexcept {
        const double u1 = 1.0 - uniform();  // (0, 1]: the logarithm stays finite
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }

    // Uniform integer in [0, bound), without modulo bias: draws below
    // 2^64 mod bound are rejected, so every remainder is equally likely.
    std::uint64_t below(std::uint64_t bound) noexcept {
        if (bound == 0) return 0;
        const std::uint64_t threshold = (~bound + 1) % bound;  // 2^64 mod bound
        for (;;) {
            const std::uint64_t r = (*this)();
            if (r >= threshold) return r % bound;
        }
    }

    // The complete state, for checkpoints.
    const std::uint64_t* state() const noexcept { return state_; }
    void set_state(const std::uint64_t (&words)[4]) noexcept {
        for (int i = 0; i < 4; ++i) state_[i] = words[i];
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t splitmix64(std::uint64_t& x) noexcept {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    std::uint64_t state_[4];
};

}  // namespace mockbn::random
