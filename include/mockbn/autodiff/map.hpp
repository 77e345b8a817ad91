// mockbn/autodiff/map.hpp
//
// The fused elementwise node: map(f, operands...) applies a formula f to
// tensors element by element, in one vectorized pass forward and one
// backward, with no temporary array per operator.
//
// Contract:
//  - f is any callable written generically on dual numbers (dual.hpp). It is
//    called on SIMD batches: with dual<V, 0> forward (values only), and with
//    duals with unit derivatives backward, where it yields the partial derivative of its
//    result with respect to each operand in the same pass.
//  - Operands are tensor expressions of rank 0, 1 or 2, or arithmetic
//    constants. They broadcast the numpy way: a rank-1 operand is one value
//    per feature (the last axis) shared by every row, a rank-0 operand is
//    shared by all. Mismatched shapes throw std::invalid_argument naming the
//    operands.
//  - Composition: an rvalue map given to another elementwise operation is
//    fused into it (its formula is composed, its operands are adopted); an
//    lvalue map is a shared node of the graph, computed once per pass, whose
//    adjoint sums all its uses. A map whose formula returns a comparison mask
//    (a predicate) is always fused, since a mask is never stored.
//  - Backward accumulates into the operands' adjoints; a per-feature or
//    scalar operand receives the sum over the elements it was broadcast to.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "mockbn/autodiff/expression.hpp"
#include "mockbn/autodiff/node.hpp"
#include "mockbn/core/dual.hpp"
#include "mockbn/core/fused.hpp"
#include "mockbn/core/indices.hpp"
#include "mockbn/core/simd.hpp"

namespace mockbn::ad {

template <class F, class... Operands>
class map_node;

namespace detail {

template <class X>
inline constexpr bool is_map_v = false;
template <class F, class... O>
inline constexpr bool is_map_v<map_node<F, O...>> = true;

template <class... Operands>
using map_value_t = std::common_type_t<typename std::remove_reference_t<Operands>::value_type...>;

template <class... Operands>
inline constexpr std::size_t map_rank = std::max({std::remove_reference_t<Operands>::rank...});

// ---- fusion: a formula over a run of consecutive operands ------------------------

template <class F, class Operands>
struct fusable {
    F function;
    Operands operands;  // std::tuple of operand closures
};

struct identity_fn {
    template <class X>
    X operator()(const X& x) const {
        return x;
    }
};

template <class C>
struct constant_fn {
    C value;
    C operator()() const { return value; }
};

template <std::size_t Offset, std::size_t Count, class F, class Arguments>
auto call_part(const F& f, const Arguments& arguments) {
    return with_indices<Count>([&]<std::size_t... J>(std::index_sequence<J...>) {
        return f(std::get<Offset + J>(arguments)...);
    });
}

// op(part_0(args of part 0), part_1(args of part 1), ...)
template <class Op, class Arities, class... Parts>
struct composed;

template <class Op, std::size_t... Arity, class... Parts>
struct composed<Op, std::index_sequence<Arity...>, Parts...> {
    Op op;
    std::tuple<Parts...> parts;

    static constexpr std::array<std::size_t, sizeof...(Parts)> arity{Arity...};
    static constexpr std::array<std::size_t, sizeof...(Parts)> offset = [] {
        std::array<std::size_t, sizeof...(Parts)> start{};
        std::size_t next = 0;
        for (std::size_t i = 0; i < sizeof...(Parts); ++i) {
            start[i] = next;
            next += arity[i];
        }
        return start;
    }();

    template <class... Arguments>
    auto operator()(const Arguments&... arguments) const {
        const auto all = std::forward_as_tuple(arguments...);
        return with_indices<sizeof...(Parts)>([&]<std::size_t... I>(std::index_sequence<I...>) {
            return op(call_part<offset[I], arity[I]>(std::get<I>(parts), all)...);
        });
    }
};

// An rvalue map is fused into its consumer; so is a predicate, which is lazy.
template <class X>
consteval bool fuses_into_consumer() {
    using D = std::remove_cvref_t<X>;
    if constexpr (is_map_v<D>) return D::is_predicate || !std::is_lvalue_reference_v<X>;
    else return false;
}

template <class X>
auto as_fusable(X&& x) {
    using D = std::remove_cvref_t<X>;
    if constexpr (std::is_arithmetic_v<D>) {
        return fusable<constant_fn<D>, std::tuple<>>{{x}, {}};
    } else if constexpr (fuses_into_consumer<X>()) {
        D adopted = std::forward<X>(x);  // a predicate given as an lvalue is copied: it is lazy
        return fusable{std::move(adopted).function(), std::move(adopted).operands()};
    } else {
        using closure = closure_t<X&&>;
        return fusable<identity_fn, std::tuple<closure>>{{}, std::tuple<closure>(std::forward<X>(x))};
    }
}

template <class Op, class... Parts>
auto compose(Op op, Parts... parts) {
    using function =
        composed<Op, std::index_sequence<std::tuple_size_v<decltype(parts.operands)>...>, decltype(parts.function)...>;
    auto operands = std::tuple_cat(std::move(parts.operands)...);
    return fusable<function, decltype(operands)>{function{std::move(op), {std::move(parts.function)...}},
                                                 std::move(operands)};
}

template <class F, class Operands>
struct map_node_for;
template <class F, class... Operands>
struct map_node_for<F, std::tuple<Operands...>> {
    using type = map_node<F, Operands...>;
};

}  // namespace detail

template <class F, class... Operands>
class map_node : public node_base<detail::map_value_t<Operands...>, detail::map_rank<Operands...>> {
    using T = detail::map_value_t<Operands...>;
    static constexpr std::size_t R = detail::map_rank<Operands...>;
    using base = node_base<T, R>;
    using V = simd::batch<T>;
    static constexpr std::size_t N = sizeof...(Operands);

    template <std::size_t K>
    using operand_t = std::remove_reference_t<std::tuple_element_t<K, std::tuple<Operands...>>>;

    static_assert(N >= 1 && N <= 32, "mockbn::map: a formula takes 1 to 32 tensor operands");
    static_assert((std::is_same_v<typename std::remove_reference_t<Operands>::value_type, T> && ...),
                  "mockbn::map: all operands must have the same value type (all float or all double)");

    using result_t = std::invoke_result_t<const F&, decltype(void(std::declval<Operands>()), dual<V, 0>{})...>;

public:
    using typename base::shape_type;
    using typename base::tensor_type;
    static constexpr bool needs_adjoint = (std::remove_reference_t<Operands>::needs_adjoint || ...);
    // A formula returning a comparison mask: only usable as select's condition.
    static constexpr bool is_predicate =
        !is_dual_v<result_t> && !std::is_arithmetic_v<result_t> && !std::is_same_v<result_t, V>;

    map_node(F function, std::tuple<Operands...> operands)
        : function_(std::move(function)), operands_(std::move(operands)) {}

    F&& function() && { return std::move(function_); }
    std::tuple<Operands...>&& operands() && { return std::move(operands_); }

    void forward(pass_id pass) {
        static_assert(!is_predicate,
                      "mockbn::map: a comparison gives a mask, which is never stored; use it directly "
                      "as the condition of select(condition, if_true, if_false)");
        if (!this->first_forward(pass)) return;
        std::apply([pass](auto&... operand) { (operand.forward(pass), ...); }, operands_);
        this->shape_value(output_shape());
        const auto [rows, cols] = geometry();
        with_inputs<false>(
            [&](const auto&... in) { fused::forward(function_, rows, cols, this->value_.data(), in...); });
    }

    void begin_backward(pass_id pass) {
        if constexpr (needs_adjoint) {
            if (this->first_backward_visit(pass)) {
                for_each_operand([pass]<std::size_t K>(auto& operand) {
                    if constexpr (operand_t<K>::needs_adjoint) operand.begin_backward(pass);
                });
            }
        }
    }

    void receive() {
        if constexpr (needs_adjoint) {
            if (!this->last_contribution()) return;
            propagate();
            for_each_operand([]<std::size_t K>(auto& operand) {
                if constexpr (operand_t<K>::needs_adjoint) operand.receive();
            });
        }
    }

private:
    template <class Visit>
    void for_each_operand(Visit&& visit) {
        with_indices<N>([&]<std::size_t... K>(std::index_sequence<K...>) {
            (visit.template operator()<K>(std::get<K>(operands_)), ...);
        });
    }

    static std::string describe(const shape_type& shape) {
        std::string text = "(";
        for (std::size_t axis = 0; axis < shape.size(); ++axis)
            text += (axis ? ", " : "") + std::to_string(shape[axis]);
        return text + ")";
    }

    shape_type output_shape() const {
        shape_type shape{};
        std::size_t first = N;
        with_indices<N>([&]<std::size_t... K>(std::index_sequence<K...>) {
            (check_full_rank<K>(shape, first), ...);
            (check_broadcast<K>(shape), ...);
        });
        return shape;
    }

    template <std::size_t K>
    void check_full_rank(shape_type& shape, std::size_t& first) const {
        if constexpr (operand_t<K>::rank == R) {
            const auto& own = std::get<K>(operands_).value().shape();
            if (first == N) {
                std::copy(own.begin(), own.end(), shape.begin());
                first = K;
            } else if (!std::equal(own.begin(), own.end(), shape.begin())) {
                shape_type mine{};
                std::copy(own.begin(), own.end(), mine.begin());
                throw std::invalid_argument("mockbn::map: operand " + std::to_string(K) + " has shape " +
                                            describe(mine) + " but operand " + std::to_string(first) + " has shape " +
                                            describe(shape));
            }
        }
    }

    template <std::size_t K>
    void check_broadcast(const shape_type& shape) const {
        if constexpr (operand_t<K>::rank == 1 && R == 2) {
            const std::size_t features = std::get<K>(operands_).value().shape()[0];
            if (features != shape[1])
                throw std::invalid_argument("mockbn::map: operand " + std::to_string(K) + " has " +
                                            std::to_string(features) + " values per feature row but the " +
                                            "result has " + std::to_string(shape[1]) + " features");
        }
    }

    std::pair<std::size_t, std::size_t> geometry() const {
        const auto& shape = this->value_.shape();
        if constexpr (R == 0) return {1, 1};
        else if constexpr (R == 1) return {1, shape[0]};
        else return {shape[0], shape[1]};
    }

    // Calls use(inputs...), one fused::input per operand: values, layout and,
    // for the backward pass, the adjoint it accumulates into.
    template <bool Backward, class Use>
    void with_inputs(Use&& use) {
        with_indices<N>([&]<std::size_t... K>(std::index_sequence<K...>) { use(input_for<K, Backward>()...); });
    }

    template <std::size_t K, bool Backward>
    auto input_for() {
        using operand = operand_t<K>;
        constexpr fused::layout spread = operand::rank == R   ? fused::layout::full
                                         : operand::rank == 1 ? fused::layout::per_feature
                                                              : fused::layout::scalar;
        constexpr bool differentiable = Backward && operand::needs_adjoint;
        auto& x = std::get<K>(operands_);
        fused::operand<T, spread, differentiable> in{x.value().data()};
        if constexpr (differentiable) in.gradient = x.adjoint_accumulator().data();
        return in;
    }

    void propagate() {
        const auto [rows, cols] = geometry();
        with_inputs<true>([&](const auto&... in) {
            fused::backward<fused::write::accumulate>(function_, rows, cols, this->adjoint_.data(), in...);
        });
    }

    F function_;
    std::tuple<Operands...> operands_;
};

}  // namespace mockbn::ad
