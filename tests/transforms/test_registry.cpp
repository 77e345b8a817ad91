// The study's variant registry: names in order, dispatch by name to the
// right policy, a clear error for an unknown name.
#include <set>
#include <string>
#include <tuple>
#include <type_traits>

#include <doctest/doctest.h>

#include "mockbn/mockbn.hpp"

using namespace mockbn;

TEST_CASE("the registry starts with the seed's nine variants, in order, every entry is a transformation") {
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
    const std::string name =
        with_variant("sqrt_shift", []<class V>() { return std::string(transformation_name<typename V::policy>()); });
    CHECK(name == "sqrt_shift");
    std::string called;
    with_variant("mystery", [&]<class V>() { called = V::name; });
    CHECK(called == "mystery");
    CHECK_THROWS_WITH_AS(with_variant("nonesuch", []<class V>() { return 1; }),
                         "mockbn: no study variant is called 'nonesuch'", std::invalid_argument);
}
