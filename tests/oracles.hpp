// Closed forms of the transformations from docs/transformations.md, written
// independently of the library: the oracles its derived values and
// gradients are checked against.
#pragma once

#include <cmath>

namespace mockbn::oracle {

inline double sign(double x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0); }
inline double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// f, g, h of the original study and their slopes.
inline double f(double x) { return x >= 0 ? (-1 + std::sqrt(1 + 4 * x)) / 2 : (1 - std::sqrt(1 - 4 * x)) / 2; }
inline double df(double x) { return 1 / std::sqrt(1 + 4 * std::fabs(x)); }
inline double g(double x) { return x >= 0 ? std::log(1 + x) : -std::log(1 - x); }
inline double dg(double x) { return 1 / (1 + std::fabs(x)); }
inline double h(double x) { return 2 * logistic(x) - 1 + g(x) / 2; }
inline double dh(double x) { return 2 * logistic(x) * (1 - logistic(x)) + dg(x) / 2; }

inline double mystery(double x) {
    if (x > 2) return (-1 + std::sqrt(1 + 4 * (x - 2))) / 2 + 1;
    if (x >= 0) return x * x / 4;
    if (x > -2) return -x * x / 4;
    return (1 - std::sqrt(1 + 4 * (-x - 2))) / 2 - 1;
}
inline double dmystery(double x) {
    if (x > 2) return 1 / std::sqrt(1 + 4 * (x - 2));
    if (x >= 0) return x / 2;
    if (x > -2) return -x / 2;
    return 1 / std::sqrt(1 + 4 * (-x - 2));
}

// log_shift: y = a·s·log(1 + k|u|), u = x − b, k = e^c.
struct log_shift_partials {
    double y, dx, da, db, dc;
};
inline log_shift_partials log_shift(double x, double a, double b, double c) {
    const double u = x - b, s = sign(u), k = std::exp(c), ku = k * std::fabs(u);
    const double dx = a * k / (1 + ku);
    return {a * s * std::log(1 + ku), dx, s * std::log(1 + ku), -dx, a * s * ku / (1 + ku)};
}

// sqrt_shift: y = e^a·s·(sqrt(|u| + 1/4) − 1/2).
struct sqrt_shift_partials {
    double y, dx, da, db;
};
inline sqrt_shift_partials sqrt_shift(double x, double a, double b) {
    const double u = x - b, s = sign(u);
    const double y = std::exp(a) * s * (std::sqrt(std::fabs(u) + 0.25) - 0.5);
    const double dx = std::exp(a) / (2 * std::sqrt(std::fabs(u) + 0.25));
    return {y, dx, y, -dx};
}

// |a − b| / max(1, |b|): relative for large values, absolute near zero.
inline double error(double actual, double expected) {
    return std::fabs(actual - expected) / std::fmax(1.0, std::fabs(expected));
}

}  // namespace mockbn::oracle
