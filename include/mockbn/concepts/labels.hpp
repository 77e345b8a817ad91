// mockbn/concepts/labels.hpp
//
// label_range: what a loss, a network's forward pass and fit take as the
// labels of a batch: a contiguous range of integers, one per row.
#pragma once

#include <concepts>
#include <iterator>
#include <type_traits>
#include <utility>

namespace mockbn {

// Contiguous means std::data and std::size, as std::span asks (<iterator> has
// them and costs a fraction of <ranges> to parse).
template <class R>
concept label_range = requires(const R& labels) {
    std::data(labels);
    std::size(labels);
}
&&std::integral<std::remove_cvref_t<decltype(*std::data(std::declval<const R&>()))>>;

}  // namespace mockbn
