// mockbn/concepts/transformation.hpp
//
// The transformation policy: what sits between a dense layer and its ReLU.
//
// A transformation policy P is a class with
//  - `static auto apply(const auto& x, const auto&... p)`: its formula, written
//    once, generically, with the library's elementwise functions (exp, log1p,
//    sqrt, select, ...). It receives x and one argument per parameter, in the
//    order of P::params; the library calls it on dual numbers and derives
//    every gradient from it.
//  - optionally `static constexpr mockbn::parameter params[] = {{"a", 1.0}, ...}`:
//    its learnable parameters, each a name and an initial value. Without it,
//    the transformation is fixed.
//  - optionally `static constexpr std::string_view name`: for summaries, reports and
//    checkpoint signatures (without it, the name of the type: transformation_name).
//  - optionally `static constexpr mockbn::batch_statistics statistics{momentum}`:
//    the formula then also uses the per-feature mean and biased variance of
//    its input, apply(x, mean, variance, p...). In training mode they are the
//    batch's, and running estimates are updated as r ← (1 − m)·r + m·stat,
//    the variance estimate taking the unbiased batch variance; in inference
//    mode the running estimates are used. Mode is an explicit tag, never
//    guessed from the batch size.
//  - or optionally `static constexpr mockbn::row_statistics statistics{}`:
//    the formula then uses the mean and biased variance of each example over
//    its own features (its row), apply(x, mean, variance, p...), the same in
//    both modes; nothing is kept between batches.
//
//  - optionally, with parameters and no statistics, the formula split where its
//    per-feature part ends: `static auto prepare(const auto&... p)`, the
//    terms computed from the parameters alone (a std::tuple), and
//    `static auto shape(const auto& x, const auto&... terms)`, which must
//    equal apply(x, p...) bit for bit. Inside a dense layer's product the
//    library evaluates prepare once per column of features, not at every
//    element (log_shift's e^c, transforms/learnable.hpp).
//
// Parameters are per feature (one value per column) unless the layer is
// declared `shared`, which gives one scalar per layer; the formula is the same.
//
// transformation_defect_of<P> names what keeps P from being a transformation
// (none, invalid_parameters, no_formula, wrong_arity, plain_numbers), found
// without a hard error: apply is tried on formula probes
// (concepts/formula_probe.hpp) before it is called on dual numbers.
// formula_arity<P> is the number of arguments apply takes.
#pragma once

#include <concepts>
#include <cstddef>
#include <iterator>
#include <string_view>
#include <type_traits>
#include <utility>

#include "mockbn/concepts/formula_probe.hpp"
#include "mockbn/core/dual.hpp"

namespace mockbn {

struct parameter {
    std::string_view name;
    double initial;
};

struct batch_statistics {
    double momentum = 0.1;
};

struct row_statistics {};

// Parameter granularity, chosen at compile time.
struct per_feature {};
struct shared {};

template <class G>
concept granularity = std::same_as<G, per_feature> || std::same_as<G, shared>;

// The traits of a policy, public: how many learnable parameters it declares,
// and whether its formula also takes the batch's (per feature) or the row's
// (per example) mean and variance.
template <class P>
inline constexpr std::size_t parameter_count = [] {
    if constexpr (requires { std::size(P::params); }) return std::size(P::params);
    else return std::size_t{0};
}();

template <class P>
inline constexpr bool has_batch_statistics = [] {
    if constexpr (requires { P::statistics; })
        return std::same_as<std::remove_cvref_t<decltype(P::statistics)>, batch_statistics>;
    else return false;
}();

template <class P>
inline constexpr bool has_row_statistics = [] {
    if constexpr (requires { P::statistics; })
        return std::same_as<std::remove_cvref_t<decltype(P::statistics)>, row_statistics>;
    else return false;
}();

template <class P>
concept declares_parameters = requires {
    P::params;
};

template <class P>
concept has_valid_parameters =
    !declares_parameters<P> || std::same_as<std::remove_cvref_t<decltype(P::params[0])>, parameter>;

// The number of arguments apply takes: x, then (with statistics) the mean
// and the variance, then one per parameter.
template <class P>
inline constexpr std::size_t formula_arity =
    1 + (has_batch_statistics<P> || has_row_statistics<P> ? 2 : 0) + parameter_count<P>;

// What keeps P from being a transformation, the first found; transform<P>
// gives each its own message. The formula is tried on probes
// (concepts/formula_probe.hpp), so that none of these is a hard error.
enum class transformation_defect {
    none,
    invalid_parameters,  // P::params is not an array of mockbn::parameter
    no_formula,          // P::apply(x, ...) cannot be called with any number of arguments
    wrong_arity,         // P::apply takes another number of arguments than formula_arity<P>
    plain_numbers,       // P::apply computes on plain numbers (a call qualified with std::)
};

namespace detail {

template <class P, std::size_t... I>
consteval bool takes_probes(std::index_sequence<I...>) {
    return requires(const ad::formula_probe<false>& x) { P::apply((void(I), x)...); };
}

template <class P, std::size_t Arguments>
concept takes_arguments = takes_probes<P>(std::make_index_sequence<Arguments>{});

inline constexpr std::size_t not_callable = static_cast<std::size_t>(-1);

// The fewest arguments P::apply takes, searched up to formula_arity<P> + 8.
template <class P, std::size_t Arguments = 0>
consteval std::size_t arguments_apply_takes() {
    if constexpr (Arguments > formula_arity<P> + 8) return not_callable;
    else if constexpr (takes_arguments<P, Arguments>) return Arguments;
    else return arguments_apply_takes<P, Arguments + 1>();
}

template <class P, std::size_t... I>
auto result_on_probes(std::index_sequence<I...>)
    -> decltype(P::apply((void(I), std::declval<const ad::formula_probe<false>&>())...));

template <class P>
consteval transformation_defect defect_of() {
    if constexpr (!has_valid_parameters<P>) return transformation_defect::invalid_parameters;
    else if constexpr (!takes_arguments<P, formula_arity<P>>)
        return arguments_apply_takes<P>() == not_callable ? transformation_defect::no_formula
                                                          : transformation_defect::wrong_arity;
    else if constexpr (!std::same_as<decltype(result_on_probes<P>(std::make_index_sequence<formula_arity<P>>{})),
                                     ad::formula_probe<false>>)
        return transformation_defect::plain_numbers;
    else return transformation_defect::none;
}

template <class P>
concept fits_probes = (defect_of<P>() == transformation_defect::none);

template <class P, std::size_t... I>
consteval bool takes_duals(std::index_sequence<I...>) {
    using d = ad::dual<double, 0>;
    return requires(const d& x) { P::apply((void(I), x)...); };
}

}  // namespace detail

template <class P>
inline constexpr transformation_defect transformation_defect_of = detail::defect_of<P>();

// Only once the probes find no defect is P::apply called on the dual numbers.
template <class P>
concept has_formula = detail::fits_probes<P> && detail::takes_duals<P>(std::make_index_sequence<formula_arity<P>>{});

template <class P>
concept transformation = std::is_class_v<P> && has_formula<P>;

namespace detail {
// P::prepare in the place of an apply, for takes_duals (declared only: it is never called).
template <class P>
struct prepare_as_apply {
    template <class Q = P>  // P through Q: a P without prepare fails the requirement, not the class
    static auto apply(const auto&... p) -> decltype(Q::prepare(p...));
};
}  // namespace detail

// P splits its formula into prepare and shape (above).
template <class P>
concept splits_formula = transformation<P> && parameter_count<P> >
0 && !has_batch_statistics<P> && !has_row_statistics<P> &&
    detail::takes_duals<detail::prepare_as_apply<P>>(std::make_index_sequence<parameter_count<P>>{});

namespace detail {

// The name the compiler gives P ("mine::soft_clip"), read from this function's own signature: GCC writes
// "[with P = mine::soft_clip; ...]", Clang "[P = mine::soft_clip]".
template <class P>
constexpr std::string_view type_name() {
    constexpr std::string_view signature = __PRETTY_FUNCTION__;
    constexpr std::size_t start = signature.find("P = ") + 4;
    return signature.substr(start, signature.find_first_of(";]", start) - start);
}

}  // namespace detail

// P::name, or without one the name of P's type: two policies of one shape stay apart in a network's
// summary and its checkpoints' signature (the type's name as the compiler writes it: give a name for a
// signature that does not depend on the compiler).
template <class P>
constexpr std::string_view transformation_name() {
    if constexpr (requires { std::string_view{P::name}; }) return P::name;
    else return detail::type_name<P>();
}

}  // namespace mockbn
