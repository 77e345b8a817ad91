// mockbn/transforms/identity.hpp
//
// identity: y = x, no parameters. The transformation of the "plain" network.
#pragma once

#include <string_view>

namespace mockbn {

struct identity {
    static constexpr std::string_view name = "identity";
    static auto apply(const auto& x) { return x; }
};

}  // namespace mockbn
