// mockbn/transforms/affine.hpp
//
// affine: y = γ·x + β, per feature, with γ (init 1) and β (init 0)
// learnable, and no normalization: the control that tells what batch
// normalization's learnable scale and shift do from what its normalization
// does. At its initial values it is the identity.
#pragma once

#include <string_view>

#include "mockbn/concepts/transformation.hpp"

namespace mockbn {

struct affine {
    static constexpr std::string_view name = "affine";
    static constexpr parameter params[] = {{"gamma", 1.0}, {"beta", 0.0}};
    static auto apply(const auto& x, const auto& gamma, const auto& beta) { return gamma * x + beta; }
};

}  // namespace mockbn
