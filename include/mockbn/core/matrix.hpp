// mockbn/core/matrix.hpp
//
// matrix_view: a row-major batch x features block of memory the caller owns,
// the currency between layers. It never allocates and never owns.
//
// Contract: data points at rows · cols contiguous values, row by row. A view
// of T converts to a view of const T. Any contiguous row-major rank-2 xtensor
// container (xt::xtensor<T, 2>, an adaptor) converts to a view of its data.
#pragma once

#include <concepts>
#include <cstddef>
#include <type_traits>

namespace mockbn {

template <class T>
struct matrix_view {
    T* data = nullptr;
    std::size_t rows = 0;
    std::size_t cols = 0;

    matrix_view() = default;
    matrix_view(T* values, std::size_t row_count, std::size_t col_count) noexcept
        : data(values), rows(row_count), cols(col_count) {}

    template <class E>
        requires requires(E& e) {
            { e.data() } -> std::convertible_to<T*>;
            e.shape()[1];
            requires std::remove_cvref_t<E>::rank == 2;
        }
    matrix_view(E& e) noexcept : data(e.data()), rows(e.shape()[0]), cols(e.shape()[1]) {}

    operator matrix_view<const T>() const noexcept requires(!std::is_const_v<T>) { return {data, rows, cols}; }

    std::size_t size() const noexcept { return rows * cols; }
    T* row(std::size_t r) const noexcept { return data + r * cols; }
};

}  // namespace mockbn
