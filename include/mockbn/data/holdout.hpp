// mockbn/data/holdout.hpp
//
// A held-out part of a dataset, stratified by label: the validation split a
// run selects on (its best epoch, early stopping, a search over conditions)
// while the test set stays untouched until the end.
//
// Contract:
//  - stratified_holdout(labels, classes, count, seed) chooses `count` of the
//    examples: each class gives its share of count (count · n_c / n, rounded
//    down, the examples left over going to the classes with the largest
//    remainders, the lower class first on ties), chosen uniformly within the
//    class by the library's generator (stream 0 of `seed`). It returns the
//    examples kept and those held out, each ascending: disjoint, together
//    every example once, the same on every machine and build. count = 0
//    holds out nothing; a count above the examples, or a label not below
//    `classes`, is refused (std::invalid_argument).
//  - select(source, examples) copies the examples listed, in that order.
//  - hold_out(source, count, seed) is the two sets themselves: the training
//    set keeps the source's name, the held-out one is named "<name>
//    (validation)".
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "mockbn/core/random.hpp"
#include "mockbn/data/dataset.hpp"

namespace mockbn::data {

struct holdout_indices {
    std::vector<std::uint32_t> kept, held_out;  // ascending
};

namespace detail {

// Each class's share of `count` by largest remainder.
inline std::vector<std::size_t> class_shares(const std::vector<std::size_t>& sizes, std::size_t count) {
    std::size_t total = 0;
    for (const auto n : sizes) total += n;
    std::vector<std::size_t> shares(sizes.size());
    std::vector<std::size_t> by_remainder(sizes.size());
    std::size_t given = 0;
    for (std::size_t c = 0; c < sizes.size(); ++c) {
        shares[c] = count * sizes[c] / total;  // count ≤ total ≤ 2^32: no overflow in 64 bits
        given += shares[c];
    }
    std::iota(by_remainder.begin(), by_remainder.end(), std::size_t{0});
    std::sort(by_remainder.begin(), by_remainder.end(), [&](std::size_t a, std::size_t b) {
        const std::size_t ra = count * sizes[a] % total, rb = count * sizes[b] % total;
        return ra != rb ? ra > rb : a < b;  // ties: the lower class first
    });
    for (std::size_t k = 0; given < count; ++k, ++given) ++shares[by_remainder[k]];
    return shares;
}

}  // namespace detail

inline holdout_indices stratified_holdout(std::span<const std::uint8_t> labels, std::size_t classes, std::size_t count,
                                          std::uint64_t seed) {
    if (count > labels.size())
        throw std::invalid_argument("mockbn::data::stratified_holdout: " + std::to_string(count) +
                                    " examples held out of " + std::to_string(labels.size()));
    std::vector<std::vector<std::uint32_t>> members(classes);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] >= classes)
            throw std::invalid_argument("mockbn::data::stratified_holdout: example " + std::to_string(i) +
                                        " has label " + std::to_string(labels[i]) + ", not below " +
                                        std::to_string(classes));
        members[labels[i]].push_back(static_cast<std::uint32_t>(i));
    }
    holdout_indices out;
    if (count == 0) {
        out.kept.resize(labels.size());
        std::iota(out.kept.begin(), out.kept.end(), std::uint32_t{0});
        return out;
    }
    std::vector<std::size_t> sizes(classes);
    for (std::size_t c = 0; c < classes; ++c) sizes[c] = members[c].size();
    const auto shares = detail::class_shares(sizes, count);
    random::generator g(seed);
    std::vector<bool> held(labels.size(), false);
    for (std::size_t c = 0; c < classes; ++c) {
        auto& m = members[c];
        for (std::size_t k = 0; k < shares[c]; ++k) {  // the first shares[c] of a Fisher-Yates shuffle
            std::swap(m[k], m[k + g.below(m.size() - k)]);
            held[m[k]] = true;
        }
    }
    for (std::size_t i = 0; i < labels.size(); ++i)
        (held[i] ? out.held_out : out.kept).push_back(static_cast<std::uint32_t>(i));
    return out;
}

inline dataset select(const dataset& source, std::span<const std::uint32_t> examples) {
    const std::size_t width = source.features();
    dataset out{source.name, examples.size(), source.rows, source.cols, source.classes, {}, {}};
    out.images.resize(examples.size() * width);
    out.labels.resize(examples.size());
    for (std::size_t r = 0; r < examples.size(); ++r) {
        std::copy_n(source.images.begin() + static_cast<std::ptrdiff_t>(examples[r] * width), width,
                    out.images.begin() + static_cast<std::ptrdiff_t>(r * width));
        out.labels[r] = source.labels[examples[r]];
    }
    return out;
}

struct train_validation {
    dataset train, validation;
};

inline train_validation hold_out(const dataset& source, std::size_t count, std::uint64_t seed) {
    const auto split = stratified_holdout(source.labels, source.classes, count, seed);
    train_validation out{select(source, split.kept), select(source, split.held_out)};
    out.validation.name = source.name + " (validation)";
    return out;
}

}  // namespace mockbn::data
