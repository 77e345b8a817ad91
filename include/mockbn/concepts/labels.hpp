// mockbn/concepts/labels.hpp
//
// label_range: what a loss, a network's forward pass and fit take as the
// labels of a batch: a contiguous range of integers, one per row.
#pragma once

#include <concepts>
#include <ranges>
#include <type_traits>

namespace mockbn {

template <class R>
concept label_range = std::ranges::contiguous_range<std::remove_cvref_t<R>> &&
    std::integral<std::ranges::range_value_t<std::remove_cvref_t<R>>>;

}  // namespace mockbn
