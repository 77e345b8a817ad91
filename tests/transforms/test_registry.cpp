// The study's variant registry: names in order, dispatch by name to the
// right policy, a clear error for an unknown name, places and shards.
#include <cstddef>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/mockbn.hpp"

using namespace mockbn;

TEST_CASE("the registry starts with the original study's nine variants, in order, every entry is a transformation") {
    // A transformation added to the study is one more entry after these: nothing here names it.
    const std::vector<std::string> seed = {"plain",        "bn",      "sqrt_fixed", "log_fixed", "sigmoid_log",
                                           "affine_fixed", "mystery", "log_shift",  "sqrt_shift"};
    const auto names = variant_names();
    REQUIRE(names.size() >= seed.size());
    CHECK(std::vector<std::string>(names.begin(), names.begin() + 9) == seed);
    CHECK(std::set<std::string>(names.begin(), names.end()).size() == names.size());  // no name twice
    static_assert(std::tuple_size_v<study_policies> == std::tuple_size_v<study_variants>);
    static_assert(std::is_same_v<std::tuple_element_t<1, study_policies>, batch_norm>);
    for_each_variant([&]<class V>() {
        static_assert(transformation<typename V::policy>);
        // A learnable mock has parameters to learn; a fixed one has none; references and controls may have either.
        if constexpr (V::role == variant_role::learnable) CHECK(parameter_count<typename V::policy> != 0);
        if constexpr (V::role == variant_role::fixed_shape || V::role == variant_role::fixed_affine)
            CHECK(parameter_count<typename V::policy> == 0);
        CHECK_FALSE(V::help.empty());
    });
}

TEST_CASE("with_variant calls the variant of that name, with its value, or refuses an unknown name") {
    const auto parameters = [](const char* name) {
        return with_variant(name, []<class V>() { return parameter_count<typename V::policy>; });
    };
    CHECK(parameters("plain") == 0);
    CHECK(parameters("bn") == 2);
    CHECK(parameters("log_shift") == 3);
    CHECK(parameters("bn_no_affine") == 0);
    CHECK(parameters("rms_norm") == 1);
    CHECK(parameters("bn_tf") == 1);
    const std::string name =
        with_variant("sqrt_shift", []<class V>() { return std::string(transformation_name<typename V::policy>()); });
    CHECK(name == "sqrt_shift");
    std::string called;
    with_variant("mystery", [&]<class V>() { called = V::name; });
    CHECK(called == "mystery");
    CHECK_THROWS_WITH_AS(with_variant("nonesuch", []<class V>() { return 1; }),
                         "mockbn: no study variant is called 'nonesuch'", std::invalid_argument);
}

TEST_CASE("variant_index is a variant's place in the list, or refuses an unknown name") {
    const auto names = variant_names();
    for (std::size_t i = 0; i < names.size(); ++i) CHECK(variant_index(names[i]) == i);
    CHECK_THROWS_WITH_AS(variant_index("nonesuch"), "mockbn: no study variant is called 'nonesuch'",
                         std::invalid_argument);
}

// The variants of every shard K of N, in the order visited.
template <std::size_t N>
std::vector<std::vector<std::string>> shards() {
    std::vector<std::vector<std::string>> out(N);
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (for_each_variant<study_variants_shard<K, N>>([&]<class V>() { out[K].emplace_back(V::name); }), ...);
    }
    (std::make_index_sequence<N>{});
    return out;
}

TEST_CASE("study_variants_shard<K, N> holds the variants whose place is K modulo N, in order: every variant once") {
    const auto names = variant_names();
    const auto check = [&](const auto& split) {
        const std::size_t n = split.size();
        std::size_t total = 0;
        for (std::size_t k = 0; k < n; ++k) {
            INFO("shard " << k << " of " << n);
            for (std::size_t j = 0; j < split[k].size(); ++j) CHECK(split[k][j] == names[k + j * n]);
            CHECK(split[k].size() == (names.size() - k + n - 1) / n);
            total += split[k].size();
        }
        CHECK(total == names.size());
    };
    check(shards<1>());
    check(shards<4>());
    check(shards<6>());
    static_assert(std::is_same_v<study_variants_shard<0, 1>, study_variants>);
}
