// mockbn/autodiff/gradcheck.hpp
//
// gradcheck: the derived gradient of an expression against central finite
// differences, in double precision, for every element of every variable.
//
// Contract:
//  - gradcheck(root, wrt(x, y, ...), options) runs forward and backward once
//    and keeps the derived gradients, then perturbs each element of each
//    listed variable by ±h and ±2h (h = step · max(1, |x|)) and takes the
//    fourth-order central difference (f(-2h) - 8f(-h) + 8f(h) - f(2h)) / 12h.
//    Each variable's values are restored exactly afterwards.
//  - A scalar root is checked as it is; any other root is projected on fixed
//    pseudo-random weights w (f = Σ w·root, initial gradient w), so every output
//    element is checked.
//  - The error of one element is |derived - numeric| / max(1, |derived|,
//    |numeric|): relative for large gradients, absolute near zero. The result
//    reports the worst element (variable, index, both values); a NaN anywhere
//    makes the worst error NaN, which passes no tolerance.
//  - Kinks: the branches of every formula the fused engine evaluates (map
//    nodes, elementwise layers) are watched (core/branch_watch.hpp). An
//    element whose perturbation, at any of its four points, changes a branch
//    of any formula anywhere (a ReLU's input crossing 0, a select's condition
//    turning, abs's argument changing sign) has no meaningful difference: it
//    is not compared but counted in `kinks`; the one closest to its break
//    point is described (which element was perturbed, where the branch
//    changed, how far from its break point that place was unperturbed). The
//    worst error is over the other elements.
//  - The expression must be over double.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "mockbn/autodiff/expression.hpp"
#include "mockbn/autodiff/graph.hpp"
#include "mockbn/autodiff/variable.hpp"
#include "mockbn/core/branch_watch.hpp"
#include "mockbn/core/indices.hpp"

namespace mockbn::ad {

struct gradcheck_options {
    double step = 1e-4;
    std::uint64_t projection_seed = 0x6d6f636b626eULL;
};

// A finite difference that straddles a kink: perturbing one element changes
// the branch a piecewise formula takes somewhere, so the difference is no
// derivative there.
struct gradcheck_kink {
    std::size_t variable = 0;  // the perturbed element, numbered as the result's worst one
    std::size_t element = 0;
    std::size_t formula = 0;          // where the branch changed: the formula's pass, from 0 in forward order
    std::size_t row = 0, column = 0;  // the element of that pass
    double distance = 0.0;            // its margin from its nearest break point, unperturbed (0: on the kink)
    std::string perturbed;            // the perturbed element, in words
    std::string where;                // where the branch changed, in words
};

struct gradcheck_result {
    double worst_error = 0.0;
    std::size_t variable = 0;  // position in wrt(...)
    std::size_t element = 0;   // flat (row-major) index in that variable
    double derived = 0.0;
    double numeric = 0.0;
    std::size_t checked = 0;      // elements compared
    std::size_t kinks = 0;        // elements not compared: their differences straddle a kink
    gradcheck_kink closest_kink;  // when kinks > 0, the one closest to its break point (the first of those)
    std::string worst_where;      // the worst element in words, where the caller knows them (a network's layer)

    bool within(double tolerance) const noexcept { return worst_error <= tolerance; }

    friend std::ostream& operator<<(std::ostream& out, const gradcheck_result& r) {
        out << "worst error " << r.worst_error << " at ";
        if (r.worst_where.empty()) out << "variable " << r.variable << ", element " << r.element;
        else out << r.worst_where;
        out << " (derived " << r.derived << ", numeric " << r.numeric << "; " << r.checked << " elements checked)";
        if (r.kinks == 0) return out;
        const gradcheck_kink& k = r.closest_kink;
        return out << "; " << r.kinks
                   << (r.kinks == 1 ? " element skipped, its difference straddling a kink: "
                                    : " elements skipped, their differences straddling a kink, the closest: ")
                   << "perturbing " << k.perturbed << " moves " << k.where
                   << " across a kink of its formula (distance from it unperturbed: " << k.distance << ")";
    }
};

// The variables a gradcheck perturbs, in the order its result numbers them.
template <class... Vs>
std::tuple<Vs&...> wrt(Vs&... variables) {
    return {variables...};
}

namespace detail {

// Deterministic weights in ±[0.5, 1.5): no two outputs cancel by symmetry.
inline double projection_weight(std::uint64_t seed, std::size_t index) {
    std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (index + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    const double unit = static_cast<double>(z >> 11) * 0x1.0p-53;  // [0, 1)
    return (unit < 0.5 ? -1.0 : 1.0) * (0.5 + 2.0 * std::fabs(unit - 0.5));
}

// The fourth-order central difference of value() in x, with h = step·max(1, |x|):
// (f(x − 2h) − 8 f(x − h) + 8 f(x + h) − f(x + 2h)) / 12h. x is restored exactly.
template <class F>
double central_difference(double& x, double step, F&& value) {
    const double original = x;
    const double h = step * std::fmax(1.0, std::fabs(original));
    auto at = [&](double offset) {
        x = original + offset;
        return value();
    };
    const double numeric = (at(-2 * h) - 8 * at(-h) + 8 * at(h) - at(2 * h)) / (12 * h);
    x = original;
    return numeric;
}

// The central difference, with every formula's branches watched at its four
// points: the number, and the branch change any of them showed that was
// closest to its break point.
template <class F>
std::pair<double, std::optional<branch_change>> watched_difference(branch_watch& watch, double& x, double step,
                                                                   F&& value) {
    const double numeric = central_difference(x, step, [&] {
        watch.compare();
        return value();
    });
    return {numeric, watch.take_change()};
}

// Counts one compared element and keeps it if it is the worst so far; a NaN
// error is the worst possible and stays.
inline void compare(gradcheck_result& result, std::size_t variable, std::size_t element, double derived,
                    double numeric) {
    const double error =
        std::fabs(derived - numeric) / std::fmax(1.0, std::fmax(std::fabs(derived), std::fabs(numeric)));
    ++result.checked;
    if (std::isnan(result.worst_error)) return;
    if (std::isnan(error) || error > result.worst_error) {
        result.worst_error = error;
        result.variable = variable;
        result.element = element;
        result.derived = derived;
        result.numeric = numeric;
    }
}

// The kink a branch change shows when perturbing element `element` of variable `variable`.
inline gradcheck_kink kink_at(std::size_t variable, std::size_t element, const branch_change& change) {
    return {variable,
            element,
            change.pass,
            change.row,
            change.column,
            change.distance,
            "variable " + std::to_string(variable) + ", element " + std::to_string(element),
            "element (" + std::to_string(change.row) + ", " + std::to_string(change.column) + ") of formula " +
                std::to_string(change.pass) + " (in forward order)"};
}

// Counts one element skipped at a kink, and keeps the closest to its break point.
inline void skip(gradcheck_result& result, gradcheck_kink kink) {
    if (result.kinks++ == 0 || std::fabs(kink.distance) < std::fabs(result.closest_kink.distance))
        result.closest_kink = std::move(kink);
}

}  // namespace detail

template <tensor_expression E, class... Vs>
gradcheck_result gradcheck(E& root, std::tuple<Vs&...> variables, gradcheck_options options = {}) {
    static_assert(std::is_same_v<typename E::value_type, double>,
                  "mockbn::gradcheck: finite differences need double precision; build the expression over double");
    static_assert((std::is_same_v<typename Vs::value_type, double> && ...),
                  "mockbn::gradcheck: every variable must hold double");

    auto weight = [&](std::size_t i) {
        return E::rank == 0 ? 1.0 : detail::projection_weight(options.projection_seed, i);
    };
    auto projected_value = [&] {
        const auto& y = forward(root);
        double total = 0.0;
        for (std::size_t i = 0; i < y.size(); ++i) total += weight(i) * y.data()[i];
        return total;
    };

    gradcheck_result result;
    {
        branch_watch watch;  // watches every formula while the differences are taken
        watch.record_reference();
        forward(root);
        typename E::tensor_type initial_gradient = root.value();
        for (std::size_t i = 0; i < initial_gradient.size(); ++i) initial_gradient.data()[i] = weight(i);
        backward(root, initial_gradient);
        const auto derived = std::apply([](auto&... v) { return std::make_tuple(v.grad()...); }, variables);

        auto check = [&](std::size_t which, auto& var, const auto& gradient) {
            auto& values = var.value();
            for (std::size_t i = 0; i < values.size(); ++i) {
                const auto [numeric, change] =
                    detail::watched_difference(watch, values.data()[i], options.step, projected_value);
                if (change) detail::skip(result, detail::kink_at(which, i, *change));
                else detail::compare(result, which, i, gradient.data()[i], numeric);
            }
        };
        with_indices<sizeof...(Vs)>([&]<std::size_t... K>(std::index_sequence<K...>) {
            (check(K, std::get<K>(variables), std::get<K>(derived)), ...);
        });
    }
    forward(root);  // leave the graph evaluated at the unperturbed point
    return result;
}

}  // namespace mockbn::ad
