// Helpers shared by the tests: deterministic inputs, and the gradient check
// that also records the worst error the suite has seen.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/core/xsimd.hpp"  // before xtensor, which includes xsimd (see that header)

#include <xtensor/xtensor.hpp>

namespace mockbn::testing {

// Uniform values in [low, high), the same on every machine for a given seed.
inline double uniform(std::uint64_t& state, double low, double high) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double unit = static_cast<double>(state >> 11) * 0x1.0p-53;
    return low + (high - low) * unit;
}

template <class T = double>
xt::xtensor<T, 2> uniform_matrix(std::size_t rows, std::size_t cols, std::uint64_t seed, double low = -1.0,
                                 double high = 1.0) {
    auto m = xt::xtensor<T, 2>::from_shape({rows, cols});
    for (auto& v : m) v = static_cast<T>(uniform(seed, low, high));
    return m;
}

template <class T = double>
xt::xtensor<T, 1> uniform_vector(std::size_t size, std::uint64_t seed, double low = -1.0, double high = 1.0) {
    auto v = xt::xtensor<T, 1>::from_shape({size});
    for (auto& e : v) e = static_cast<T>(uniform(seed, low, high));
    return v;
}

template <class T = double>
std::vector<T> uniform_values(std::size_t size, std::uint64_t seed, double low = -1.0, double high = 1.0) {
    std::vector<T> v(size);
    for (T& e : v) e = static_cast<T>(uniform(seed, low, high));
    return v;
}

// Worst gradcheck error of all passing and failing checks in this process.
struct gradcheck_tally {
    double worst = 0.0;
    std::size_t checks = 0;
};
inline gradcheck_tally& tally() {
    static gradcheck_tally all;
    return all;
}
// Worst error per named quantity (a transformation's derivatives, a
// network's gradcheck), printed by the runner after the tests.
inline std::map<std::string, double>& worst_by_name() {
    static std::map<std::string, double> all;
    return all;
}
inline void record_worst(const std::string& name, double error) {
    auto [at, fresh] = worst_by_name().try_emplace(name, error);
    if (!fresh && (std::isnan(error) || error > at->second)) at->second = error;
}

template <class Report>
Report record(const Report& report) {
    auto& t = tally();
    ++t.checks;
    if (std::isnan(report.worst_error) || report.worst_error > t.worst) t.worst = report.worst_error;
    return report;
}

}  // namespace mockbn::testing

// CHECK that a gradcheck result is within tolerance, logging the report.
#define MOCKBN_CHECK_GRADIENT(report_expression, tolerance)                    \
    do {                                                                       \
        const auto mockbn_report = mockbn::testing::record(report_expression); \
        INFO(mockbn_report);                                                   \
        CHECK(mockbn_report.within(tolerance));                                \
    } while (false)
