// mockbn/research/search.hpp
//
// A search for the condition that maximizes an effect, by successive
// halving (Jamieson and Talwalkar 2016; the inner loop of Li et al.'s
// Hyperband, 2017): draw n points of a space, evaluate each at a small
// budget, keep the best 1/η of them, evaluate those at η times the budget,
// and so on until one rung is left. Only the arithmetic of the search is
// here; what a point is trained as and what its effect is belong to the
// caller (a program's search over sweep jobs).
//
// Contract:
//  - A dimension is a name and either its values (chosen uniformly), or a
//    range [low, high] of positive numbers drawn log-uniformly, each written
//    with at most three significant digits (so a point reads as a command
//    line would take it). dimension::named, dimension::log_range build them;
//    a dimension with no value, or a range that is not 0 < low <= high, is
//    refused (std::invalid_argument naming it).
//  - draw_points(space, n, seed): n points, each one value per dimension in
//    the space's order, drawn from the library's generator (stream 0 of
//    `seed`): the same on every machine and build. The points are distinct:
//    fewer than n when the space holds fewer (or when a thousand draws in a
//    row give none new); std::invalid_argument when n is 0.
//  - halving(n, eta, rungs): per rung, how many points it evaluates:
//    n, ceil(n/η), ceil(n/η²), ..., at least 1; eta at least 2, rungs at
//    least 1 (std::invalid_argument otherwise).
//  - best(scores, k): the indices of the k highest scores, highest first,
//    ties by index; a NaN ranks below every number (a point that diverged
//    or recorded nothing is never kept ahead of one that did).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "mockbn/core/random.hpp"

namespace mockbn::research {

struct dimension {
    std::string name;
    std::vector<std::string> values;  // drawn uniformly; empty for a range
    double low = 0, high = 0;         // a log-uniform range when values is empty

    static dimension named(std::string name, std::vector<std::string> values) {
        if (values.empty())
            throw std::invalid_argument("mockbn::research::dimension: " + name + " has no value to draw");
        return {std::move(name), std::move(values), 0, 0};
    }
    static dimension log_range(std::string name, double low, double high) {
        if (!(low > 0 && low <= high && std::isfinite(high)))
            throw std::invalid_argument("mockbn::research::dimension: " + name + "'s range must have 0 < low <= high");
        return {std::move(name), {}, low, high};
    }
};

using point = std::vector<std::string>;  // one value per dimension, in the space's order

namespace detail {

inline std::string three_digits(double x) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", x);
    return text;
}

inline std::string draw(const dimension& d, random::generator& g) {
    if (!d.values.empty()) return d.values[g.below(d.values.size())];
    return three_digits(std::exp(g.uniform(std::log(d.low), std::log(d.high))));
}

}  // namespace detail

inline std::vector<point> draw_points(const std::vector<dimension>& space, std::size_t n, std::uint64_t seed) {
    if (n == 0) throw std::invalid_argument("mockbn::research::draw_points: draw at least one point");
    constexpr std::size_t patience = 1000;  // draws in a row that give no new point before the space counts as spent
    random::generator g(seed);
    std::set<point> seen;
    std::vector<point> points;
    for (std::size_t misses = 0; points.size() < n && misses < patience;) {
        point p;
        for (const auto& d : space) p.push_back(detail::draw(d, g));
        if (!seen.insert(p).second) {
            ++misses;
            continue;
        }
        misses = 0;
        points.push_back(std::move(p));
    }
    return points;
}

inline std::vector<std::size_t> halving(std::size_t n, std::size_t eta, std::size_t rungs) {
    if (eta < 2 || rungs < 1 || n < 1)
        throw std::invalid_argument(
            "mockbn::research::halving: needs at least one point and one rung, and eta of "
            "at least 2");
    std::vector<std::size_t> counts{n};
    while (counts.size() < rungs) counts.push_back(std::max<std::size_t>(1, (counts.back() + eta - 1) / eta));
    return counts;
}

inline std::vector<std::size_t> best(const std::vector<double>& scores, std::size_t k) {
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    const auto above = [&](std::size_t a, std::size_t b) {
        const bool na = std::isnan(scores[a]), nb = std::isnan(scores[b]);
        if (na != nb) return nb;  // a number ranks above a NaN
        return !na && scores[a] > scores[b];
    };
    std::stable_sort(order.begin(), order.end(), above);
    order.resize(std::min(k, order.size()));
    return order;
}

}  // namespace mockbn::research
