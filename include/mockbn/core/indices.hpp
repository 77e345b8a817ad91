// mockbn/core/indices.hpp
//
// with_indices<N>(f): calls f(std::index_sequence<0, ..., N - 1>{}) and
// returns what it returns. The library's way to expand a pack of indices
// (a tuple's elements, a formula's operands) in a generic lambda
// `[&]<std::size_t... K>(std::index_sequence<K...>) { ... }`, usable in
// constant expressions. for_each_index<N>(f) calls f once per index, each
// as a std::integral_constant.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

namespace mockbn {

template <std::size_t N, class F>
constexpr decltype(auto) with_indices(F&& f) {
    return std::forward<F>(f)(std::make_index_sequence<N>{});
}

// f(std::integral_constant<std::size_t, K>{}) for K = 0, ..., N - 1, in order.
template <std::size_t N, class F>
constexpr void for_each_index(F&& f) {
    with_indices<N>([&]<std::size_t... K>(std::index_sequence<K...>) {
        (f(std::integral_constant<std::size_t, K>{}), ...);
    });
}

}  // namespace mockbn
