// mockbn/transforms/registry.hpp
//
// The study's variants, one line each: the name the study uses, the
// transformation policy, the part it plays in the original study's findings, and a
// line for --help. Everything that lists the variants reads this list: the
// study's options, its --help, its run dispatch, report and findings, and
// every test that goes over the transformations (study_policies). Adding a
// transformation to the study is its header and one line below.
//
// Contract:
//  - for_each_variant(f) calls f.template operator()<V>() for each variant V
//    in the order listed (for_each_variant<L>(f): for each of the list L);
//    with_variant(name, f) calls it for the variant of that name, and throws
//    std::invalid_argument for an unknown name.
//  - V::name, V::help, V::role, and V::policy, the transformation.
//  - variant_index(name) is the variant's place in the list (from 0); an
//    unknown name throws std::invalid_argument.
//  - study_variants_shard<K, N> lists the variants whose place is K modulo N,
//    in order: N translation units, each instantiating one shard, compile
//    every variant once and in parallel.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "mockbn/transforms/affine.hpp"
#include "mockbn/transforms/batch_norm.hpp"
#include "mockbn/transforms/fixed.hpp"
#include "mockbn/transforms/identity.hpp"
#include "mockbn/transforms/learnable.hpp"
#include "mockbn/transforms/row_norm.hpp"

namespace mockbn {

// A string usable as a template argument.
template <std::size_t N>
struct fixed_string {
    char text[N];
    constexpr fixed_string(const char (&s)[N]) { std::copy_n(s, N, text); }
    constexpr operator std::string_view() const { return {text, N - 1}; }
};

// What a variant stands for in the original study's findings.
enum class variant_role {
    reference,     // plain and batch normalization, what the others are measured against
    fixed_shape,   // a fixed transformation that pushes values into two peaks
    fixed_affine,  // a fixed shift and scale
    learnable,     // a mock whose shape is learned
    control,       // a control or baseline beside the original study's variants: shown, but in none of its findings
};

template <fixed_string Name, class Policy, variant_role Role, fixed_string Help>
struct study_variant {
    static constexpr std::string_view name = Name;
    static constexpr std::string_view help = Help;
    static constexpr variant_role role = Role;
    using policy = Policy;
};

using study_variants = std::tuple<
    study_variant<"plain", identity, variant_role::reference, "no transformation">,
    study_variant<"bn", batch_norm, variant_role::reference, "batch normalization">,
    study_variant<"sqrt_fixed", sqrt_fixed, variant_role::fixed_shape, "sign(x)(sqrt(|x| + 1/4) - 1/2)">,
    study_variant<"log_fixed", log_fixed, variant_role::fixed_shape, "sign(x) log(1 + |x|)">,
    study_variant<"sigmoid_log", sigmoid_log, variant_role::fixed_shape, "2 sigmoid(x) - 1 + log_fixed(x)/2">,
    study_variant<"affine_fixed", affine_fixed, variant_role::fixed_affine, "(x - 1)/3">,
    study_variant<"mystery", mystery, variant_role::fixed_shape, "the original study's four-piece shape, slope 0 at 0">,
    study_variant<"log_shift", log_shift, variant_role::learnable, "a sign(u) log(1 + e^c |u|), u = x - b">,
    study_variant<"sqrt_shift", sqrt_shift, variant_role::learnable, "e^a sign(u)(sqrt(|u| + 1/4) - 1/2)">,
    study_variant<"affine", affine, variant_role::control, "control: gamma x + beta per feature, no normalization">,
    study_variant<"bn_no_affine", bn_no_affine, variant_role::control,
                  "control: batch normalization, no gamma or beta">,
    study_variant<"bn_tf", bn_tf, variant_role::control,
                  "control: batch normalization as TensorFlow 0.11-0.12 built it: beta only, eps 1e-3, decay 0.999">,
    study_variant<"layer_norm", layer_norm, variant_role::control,
                  "control: normalization over each example's features">,
    study_variant<"rms_norm", rms_norm, variant_role::control,
                  "control: gamma x / rms(x) over each example's features">>;

template <class Variants = study_variants, class F>
void for_each_variant(F&& f) {
    [&]<class... V>(std::tuple<V...>*) { (f.template operator()<V>(), ...); }(static_cast<Variants*>(nullptr));
}

// The study's names, in order.
inline std::vector<std::string> variant_names() {
    std::vector<std::string> names;
    for_each_variant([&]<class V>() { names.emplace_back(V::name); });
    return names;
}

inline std::size_t variant_index(std::string_view name) {
    std::size_t index = 0;
    bool found = false;
    for_each_variant([&]<class V>() {
        if (found) return;
        if (V::name == name) found = true;
        else ++index;
    });
    if (!found) throw std::invalid_argument("mockbn: no study variant is called '" + std::string(name) + "'");
    return index;
}

template <class F>
auto with_variant(std::string_view name, F&& f) {
    using result = decltype(f.template operator()<std::tuple_element_t<0, study_variants>>());
    if constexpr (std::is_void_v<result>) {
        bool found = false;
        for_each_variant([&]<class V>() {
            if (found || V::name != name) return;
            found = true;
            f.template operator()<V>();
        });
        if (!found) throw std::invalid_argument("mockbn: no study variant is called '" + std::string(name) + "'");
    } else {
        std::optional<result> out;
        for_each_variant([&]<class V>() {
            if (!out && V::name == name) out.emplace(f.template operator()<V>());
        });
        if (!out) throw std::invalid_argument("mockbn: no study variant is called '" + std::string(name) + "'");
        return *out;
    }
}

namespace detail {
template <std::size_t K, std::size_t N, class Variants, class Places>
struct shard_of;
template <std::size_t K, std::size_t N, class... V, std::size_t... Place>
struct shard_of<K, N, std::tuple<V...>, std::index_sequence<Place...>> {
    using type =
        decltype(std::tuple_cat(std::declval<std::conditional_t<Place % N == K, std::tuple<V>, std::tuple<>>>()...));
};
}  // namespace detail

template <std::size_t K, std::size_t N>
    requires(K < N)
using study_variants_shard =
    typename detail::shard_of<K, N, study_variants, std::make_index_sequence<std::tuple_size_v<study_variants>>>::type;

// The variants' transformation policies, as one type list (for doctest's TEST_CASE_TEMPLATE_APPLY).
template <class Variants>
struct policies_of;
template <class... V>
struct policies_of<std::tuple<V...>> {
    using type = std::tuple<typename V::policy...>;
};
using study_policies = typename policies_of<study_variants>::type;

}  // namespace mockbn
