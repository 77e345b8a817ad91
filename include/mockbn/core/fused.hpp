// mockbn/core/fused.hpp
//
// The fused elementwise engine: one vectorized pass that applies a formula,
// written on dual numbers, to arrays laid out as rows x cols. Both the map
// node of the graph (map.hpp) and the elementwise layers (layers/) run their
// formulas through it, so a formula behaves the same wherever it is used.
//
// Contract:
//  - Each operand is a fused::operand: a pointer to its values, how they are
//    laid over the output (full: rows x cols; per_feature: one value per
//    column; per_row: one value per row; scalar: one value), and, when
//    Differentiable, a pointer to the gradient the backward pass writes.
//  - forward(f, rows, cols, out, inputs...) writes f's values into out. In
//    double, while a branch_watch is alive on the thread, it also shows the
//    watch the branches f takes at each element (core/branch_watch.hpp).
//  - backward<Write>(f, rows, cols, upstream, inputs...) gives every
//    differentiable operand a unit derivative, evaluates f once per SIMD batch, and gives each
//    operand upstream × ∂f/∂operand: full operands are assigned or added to
//    (Write), per-feature, per-row and scalar operands always receive the sum
//    over the elements they were spread to, added to what their gradient holds.
//  - Elements are visited in a fixed order (column batch by column batch, each
//    down its rows) and the tail of a row goes through the same batch code, so
//    results repeat bit for bit. Per-feature and scalar operands are loaded
//    once per column batch, so what the formula derives from them alone is
//    invariant in the row loop; a per-row operand is spread over the lanes of
//    each batch of its row, and its gradient gathers the row's sum column
//    batch by column batch.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "mockbn/core/branch_watch.hpp"
#include "mockbn/core/dual.hpp"
#include "mockbn/core/indices.hpp"
#include "mockbn/core/scalar.hpp"
#include "mockbn/core/simd.hpp"

namespace mockbn::ad::fused {

enum class layout { full, per_feature, per_row, scalar };

// How backward writes the gradient of a full operand.
enum class write { assign, accumulate };

template <floating_scalar T, layout Layout, bool Differentiable>
struct operand {
    using value_type = T;
    static constexpr layout spread = Layout;
    static constexpr bool differentiable = Differentiable;

    const T* values;
    T* gradient = nullptr;  // read only when Differentiable
};

namespace detail {

template <class X>
inline constexpr bool is_operand_v = false;
template <class T, layout L, bool D>
inline constexpr bool is_operand_v<operand<T, L, D>> = true;

template <class... Inputs>
concept all_operands = (is_operand_v<Inputs> && ...);

template <class V, class R>
auto as_dual(const R& r) {
    if constexpr (is_dual_v<R>) return r;
    else if constexpr (std::is_arithmetic_v<R>) return dual<V, 0>{ad::detail::constant<V>(double(r)), {}};
    else return dual<V, 0>{r, {}};
}

// The loop: without a per-feature or per-row operand the arrays are one long
// row, so only the very end is a partial batch.
template <class... Inputs>
std::pair<std::size_t, std::size_t> loop_shape(std::size_t rows, std::size_t cols) {
    if constexpr (((Inputs::spread == layout::per_feature || Inputs::spread == layout::per_row) || ...))
        return {rows, cols};
    else return {1, rows * cols};
}

// Per-feature and scalar operands are the same for every row of a column
// batch: they are loaded once per column batch (shared), full and per-row
// operands at each batch of elements, so whatever the formula computes from
// the shared ones alone (e^c, a square root of a variance) is invariant in
// the row loop.
template <class T, class... Inputs>
auto load_shared([[maybe_unused]] std::size_t col, [[maybe_unused]] std::size_t count, const Inputs&... in) {
    return std::tuple{(Inputs::spread == layout::scalar        ? simd::batch<T>(in.values[0])
                       : Inputs::spread == layout::per_feature ? simd::load(in.values + col, count)
                                                               : simd::batch<T>(T(0)))...};
}

// Operand K as a dual number: with derivative 1 in slot K when its partial is wanted, or a plain value.
template <std::size_t K, bool Differentiated, class Input, class V>
auto operand(const V& value) {
    if constexpr (Differentiated && Input::differentiable)
        return dual<V, (1u << K)>{value, {V(typename Input::value_type(1))}};
    else return dual<V, 0>{value, {}};
}

// An operand's values at one batch of elements of row `row`, starting at
// element `at`: loaded (full), the row's one value in every lane (per_row),
// or the column batch's values loaded before the row loop (`shared`).
template <class T, class Input>
simd::batch<T> values_at(const Input& input, std::size_t row, std::size_t at, std::size_t count,
                         const simd::batch<T>& shared) {
    if constexpr (Input::spread == layout::full) return simd::load(input.values + at, count);
    else if constexpr (Input::spread == layout::per_row) return simd::batch<T>(input.values[row]);
    else return shared;
}

// The formula at one batch of elements. `shared` are the per-feature and
// scalar operands' values (unused for the others), passed as values so that
// no store in the row loop can be taken to change them.
template <bool Differentiated, class T, class F, class... Inputs, class... Shared>
auto evaluate(const F& f, std::size_t row, std::size_t at, std::size_t count, const std::tuple<const Inputs&...>& in,
              const Shared... shared) {
    using V = simd::batch<T>;
    return with_indices<sizeof...(Inputs)>([&]<std::size_t... K>(std::index_sequence<K...>) {
        return as_dual<V>(
            f(operand<K, Differentiated, Inputs>(values_at<T>(std::get<K>(in), row, at, count, shared))...));
    });
}

// The first `count` lanes of a contribution, the others 0: lanes past the end
// hold 0 · (a partial at padding), possibly NaN, and must not enter a sum.
template <class T>
simd::batch<T> valid_lanes(const simd::batch<T>& contribution, std::size_t count) {
    return count == simd::lanes<T> ? contribution
                                   : xsimd::select(simd::first_lanes<T>(count), contribution, simd::batch<T>(T(0)));
}

// Operand K's share of d loss at one batch of elements of row `row`, dy times
// its partial derivative in y: stored (full operands), added to the row's
// gradient (per-row ones), or summed (per-feature and scalar ones, added to
// their gradients once their sums are complete).
template <std::size_t K, write Write, class T, class Y, class Operands, std::size_t N>
void deliver(const Y& y, const simd::batch<T>& dy, std::size_t row, std::size_t at, std::size_t count,
             const Operands& operands, std::array<simd::batch<T>, N>& feature_sums,
             std::array<simd::batch<T>, N>& scalar_sums) {
    using V = simd::batch<T>;
    using Input = std::remove_cvref_t<std::tuple_element_t<K, Operands>>;
    if constexpr (!Input::differentiable) {
        return;
    } else if constexpr (!ad::detail::holds<Y::slots, K>) {
        // f does not depend on this operand: its gradient is zero, not stale.
        if constexpr (Input::spread == layout::full && Write == write::assign)
            simd::store(std::get<K>(operands).gradient + at, V(T(0)), count);
    } else {
        const V contribution = dy * y.partial[ad::detail::position<Y::slots, K>];
        if constexpr (Input::spread == layout::scalar) {
            scalar_sums[K] += valid_lanes(contribution, count);
        } else if constexpr (Input::spread == layout::per_row) {
            std::get<K>(operands).gradient[row] += xsimd::hadd(valid_lanes(contribution, count));
        } else if constexpr (Input::spread == layout::per_feature) {
            feature_sums[K] += contribution;
        } else if constexpr (Write == write::assign) {
            simd::store(std::get<K>(operands).gradient + at, contribution, count);
        } else {
            T* target = std::get<K>(operands).gradient + at;
            simd::store(target, V(simd::load(target, count) + contribution), count);
        }
    }
}

// Adds a finished sum to operand K's gradient: a column batch's per-feature
// sums at `col`, or the whole pass's scalar sum.
template <std::size_t K, class T, class Operands>
void add_sum(const Operands& operands, std::size_t col, std::size_t count, const simd::batch<T>& sum) {
    using Input = std::remove_cvref_t<std::tuple_element_t<K, Operands>>;
    if constexpr (Input::differentiable && Input::spread == layout::per_feature) {
        T* gradient = std::get<K>(operands).gradient + col;
        simd::store(gradient, simd::batch<T>(simd::load(gradient, count) + sum), count);
    } else if constexpr (Input::differentiable && Input::spread == layout::scalar) {
        std::get<K>(operands).gradient[0] += xsimd::hadd(sum);
    }
}

// An operand's value at element (row, col) of a rows x cols pass.
template <class Input>
auto value_at(const Input& input, std::size_t row, std::size_t col, std::size_t cols) {
    if constexpr (Input::spread == layout::full) return input.values[row * cols + col];
    else if constexpr (Input::spread == layout::per_feature) return input.values[col];
    else if constexpr (Input::spread == layout::per_row) return input.values[row];
    else return input.values[0];
}

// The formula once more, element by element in row-major order, on probes:
// what the watch sees of the branches it takes (core/branch_watch.hpp).
template <class F, class... Inputs>
void show_branches(branch_watch& watch, const F& f, std::size_t rows, std::size_t cols, const void* out,
                   const Inputs&... in) {
    watch.begin_pass(out, rows, cols);
    for (std::size_t row = 0; row < rows; ++row) {
        for (std::size_t col = 0; col < cols; ++col) {
            watch.begin_element();
            static_cast<void>(f(dual<branch_probe, 0>{branch_probe(value_at(in, row, col, cols)), {}}...));
            watch.end_element();
        }
    }
}

}  // namespace detail

template <class F, floating_scalar T, class... Inputs>
    requires detail::all_operands<Inputs...>
void forward(const F& f, std::size_t rows, std::size_t cols, T* out, const Inputs&... in) {
    static_assert(sizeof...(Inputs) >= 1 && sizeof...(Inputs) <= 32, "mockbn: a formula takes 1 to 32 operands");
    constexpr std::size_t L = simd::lanes<T>;
    const auto [loop_rows, loop_cols] = detail::loop_shape<Inputs...>(rows, cols);
    const std::tuple<const Inputs&...> operands(in...);
    for (std::size_t col = 0; col < loop_cols; col += L) {
        const std::size_t count = std::min(L, loop_cols - col);
        std::apply(
            [&](const auto... shared) {
                for (std::size_t row = 0; row < loop_rows; ++row) {
                    const std::size_t at = row * loop_cols + col;
                    simd::store(out + at, detail::evaluate<false, T>(f, row, at, count, operands, shared...).value,
                                count);
                }
            },
            detail::load_shared<T>(col, count, in...));
    }
    // Only gradcheck watches, and it runs in double: a float pass never looks.
    if constexpr (std::is_same_v<T, double>) {
        if (branch_watch* watch = branch_watch::active()) [[unlikely]]
            detail::show_branches(*watch, f, rows, cols, out, in...);
    }
}

// ---- a formula inside another kernel's epilogue (core/small_gemm.hpp) -------------
//
// The kernel holds a batch of a rows x width matrix; a stage does to it what
// forward or backward would do at that batch, given x first and then the
// per-feature and scalar operands `in`, loaded once per column batch (at). The
// numbers are those of forward and backward, bit for bit: the same formula on
// the same batches, and a per-feature gradient gathers its rows in the same
// order (the kernel finishes rows in order), added to a gradient that starts at 0.
//
// A formula may split off the part it computes from those operands alone:
// f.prepare(p...) returns a tuple of terms and f.shape(x, terms...) is f(x,
// p...), bit for bit (a transformation's prepare and shape, concepts/
// transformation.hpp). A stage then evaluates prepare once per column batch, in
// at, where the compiler could not hoist it (the kernel's epilogue visits a
// tile's batches in turn): e^c once per feature, not at every element.

namespace detail {

// The terms f takes after x: prepare's, or the operands themselves.
template <class F, class... P>
auto terms_of(const F& f, const P&... p) {
    if constexpr (requires { f.prepare(p...); }) return f.prepare(p...);
    else return std::tuple<P...>{p...};
}

// f at x from its terms.
template <class F, class X, class Terms>
auto from_terms(const F& f, const X& x, const Terms& terms) {
    return std::apply(
        [&](const auto&... term) {
            if constexpr (requires { f.shape(x, term...); }) return f.shape(x, term...);
            else return f(x, term...);
        },
        terms);
}

// The terms at one column batch: operand K (after x) as a dual in slot K + 1 when Differentiated.
template <bool Differentiated, floating_scalar T, class F, class... Inputs>
auto terms_at(const F& f, const std::tuple<Inputs...>& in, std::size_t col, std::size_t count) {
    return with_indices<sizeof...(Inputs)>([&]<std::size_t... K>(std::index_sequence<K...>) {
        [[maybe_unused]] const auto shared = load_shared<T>(col, count, std::get<K>(in)...);
        return terms_of(f, operand<K + 1, Differentiated, Inputs>(std::get<K>(shared))...);
    });
}

}  // namespace detail

// forward: f's value at the batch x.
template <class F, floating_scalar T, class... Inputs>
    requires detail::all_operands<Inputs...>
struct forward_stage {
    F f;
    std::tuple<Inputs...> in;

    using columns = decltype(detail::terms_at<false, T>(std::declval<const F&>(),
                                                        std::declval<const std::tuple<Inputs...>&>(), 0, 0));

    static constexpr bool by_rows = false;

    columns at(std::size_t col, std::size_t count) const { return detail::terms_at<false, T>(f, in, col, count); }
    simd::batch<T> apply(const columns& terms, std::size_t, std::size_t, std::size_t, const simd::batch<T>& x) const {
        return detail::as_dual<simd::batch<T>>(detail::from_terms(f, dual<simd::batch<T>, 0>{x, {}}, terms)).value;
    }
};

// backward: from dy, d loss / d x at the batch (x read from `x`, rows x width),
// each differentiable per-feature operand's share added to its gradient.
template <class F, floating_scalar T, class... Inputs>
    requires detail::all_operands<Inputs...>
struct backward_stage {
    using X = operand<T, layout::full, true>;

    F f;
    const T* x;
    std::size_t width;
    std::tuple<Inputs...> in;

    using columns = decltype(detail::terms_at<true, T>(std::declval<const F&>(),
                                                       std::declval<const std::tuple<Inputs...>&>(), 0, 0));

    // With a gradient to gather, a column batch's rows are taken together (apply_rows), so that
    // the sums stay in registers; without, batch by batch (apply).
    static constexpr bool by_rows = (Inputs::differentiable || ...);

    columns at(std::size_t col, std::size_t count) const { return detail::terms_at<true, T>(f, in, col, count); }

    simd::batch<T> apply(const columns& terms, std::size_t row, std::size_t col, std::size_t count,
                         const simd::batch<T>& dy) const requires(!by_rows) {
        using V = simd::batch<T>;
        const auto y = detail::as_dual<V>(
            detail::from_terms(f, detail::operand<0, true, X>(simd::load(x + row * width + col, count)), terms));
        using Y = decltype(y);
        if constexpr (ad::detail::holds<Y::slots, 0>) return V(dy * y.partial[ad::detail::position<Y::slots, 0>]);
        else return V(T(0));
    }

    // The batches dy of rows first_row, ..., in place, becoming d x; each per-feature operand's
    // shares summed in registers, from and back to its gradient, in row order.
    void apply_rows(const columns& terms, std::size_t first_row, std::size_t rows, std::size_t col, std::size_t count,
                    simd::batch<T>* dy) const requires by_rows {
        using V = simd::batch<T>;
        std::array<V, sizeof...(Inputs)> sums;
        for_each_index<sizeof...(Inputs)>([&](auto k) {
            if constexpr (differentiated<k>) sums[k] = simd::load(std::get<k>(in).gradient + col, count);
        });
        for (std::size_t r = 0; r < rows; ++r) {
            const auto y = detail::as_dual<V>(detail::from_terms(
                f, detail::operand<0, true, X>(simd::load(x + (first_row + r) * width + col, count)), terms));
            using Y = decltype(y);
            for_each_index<sizeof...(Inputs)>([&](auto k) {
                if constexpr (differentiated<k> && ad::detail::holds<Y::slots, k + 1>)
                    sums[k] = sums[k] + dy[r] * y.partial[ad::detail::position<Y::slots, k + 1>];
            });
            if constexpr (ad::detail::holds<Y::slots, 0>) dy[r] = dy[r] * y.partial[ad::detail::position<Y::slots, 0>];
            else dy[r] = V(T(0));
        }
        for_each_index<sizeof...(Inputs)>([&](auto k) {
            if constexpr (differentiated<k>) simd::store(std::get<k>(in).gradient + col, sums[k], count);
        });
    }

private:
    template <std::size_t K>
    static constexpr bool differentiated = std::tuple_element_t<K, std::tuple<Inputs...>>::differentiable;
};

// The stages of f with x first, then per-feature and scalar operands `in`
// (none full or per row; for backward, the differentiable ones per feature).
template <floating_scalar T, class F, class... Inputs>
forward_stage<F, T, Inputs...> as_forward_stage(const F& f, const Inputs&... in) {
    static_assert(((Inputs::spread == layout::per_feature || Inputs::spread == layout::scalar) && ...),
                  "mockbn: a stage's operands after x are per feature or scalar");
    return {f, {in...}};
}
template <floating_scalar T, class F, class... Inputs>
backward_stage<F, T, Inputs...> as_backward_stage(const F& f, const T* x, std::size_t width, const Inputs&... in) {
    static_assert(
        ((Inputs::spread == layout::per_feature || (Inputs::spread == layout::scalar && !Inputs::differentiable)) &&
         ...),
        "mockbn: a backward stage's operands after x are per feature, or scalar constants");
    return {f, x, width, {in...}};
}

template <write Write, class F, floating_scalar T, class... Inputs>
    requires detail::all_operands<Inputs...>
void backward(const F& f, std::size_t rows, std::size_t cols, const T* upstream, const Inputs&... in) {
    using V = simd::batch<T>;
    constexpr std::size_t L = simd::lanes<T>;
    constexpr std::size_t N = sizeof...(Inputs);
    const auto [loop_rows, loop_cols] = detail::loop_shape<Inputs...>(rows, cols);
    const std::tuple<const Inputs&...> operands(in...);
    std::array<V, N> scalar_sums{};
    for (std::size_t col = 0; col < loop_cols; col += L) {
        const std::size_t count = std::min(L, loop_cols - col);
        std::array<V, N> feature_sums{};  // this column batch's per-feature gradients, summed over the rows
        std::apply(
            [&](const auto... shared) {
                for (std::size_t row = 0; row < loop_rows; ++row) {
                    const std::size_t at = row * loop_cols + col;
                    const V dy = simd::load(upstream + at, count);
                    const auto y = detail::evaluate<true, T>(f, row, at, count, operands, shared...);
                    for_each_index<N>([&](auto k) {
                        detail::deliver<k, Write>(y, dy, row, at, count, operands, feature_sums, scalar_sums);
                    });
                }
            },
            detail::load_shared<T>(col, count, in...));
        for_each_index<N>([&](auto k) {
            if constexpr (std::remove_cvref_t<decltype(std::get<k>(operands))>::spread == layout::per_feature)
                detail::add_sum<k, T>(operands, col, count, feature_sums[k]);
        });
    }
    for_each_index<N>([&](auto k) {
        if constexpr (std::remove_cvref_t<decltype(std::get<k>(operands))>::spread == layout::scalar)
            detail::add_sum<k, T>(operands, 0, 1, scalar_sums[k]);
    });
}

}  // namespace mockbn::ad::fused
