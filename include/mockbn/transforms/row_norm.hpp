// mockbn/transforms/row_norm.hpp
//
// Normalization over the features of each example (row statistics, not
// batch ones), with μ and σ² the row's mean and biased variance:
//
//   layer_norm  y = γ·(x − μ)/sqrt(σ² + ε) + β     γ = 1, β = 0 initially
//   rms_norm    y = γ·x/sqrt(σ² + μ² + ε)           γ = 1 initially
//
// σ² + μ² is the row's mean square. ε = 1e-5, inside the square root, as in
// PyTorch's LayerNorm (its RMSNorm takes ε as an argument). Both compute the
// same in training and inference mode, so a batch of one works and nothing
// is kept between batches (concepts/transformation.hpp, row_statistics).
#pragma once

#include <string_view>

#include "mockbn/concepts/transformation.hpp"

namespace mockbn {

struct layer_norm {
    static constexpr std::string_view name = "layer_norm";
    static constexpr double epsilon = 1e-5;
    static constexpr row_statistics statistics{};
    static constexpr parameter params[] = {{"gamma", 1.0}, {"beta", 0.0}};

    static auto apply(const auto& x, const auto& mean, const auto& variance, const auto& gamma, const auto& beta) {
        return gamma * (x - mean) / sqrt(variance + epsilon) + beta;
    }
};

struct rms_norm {
    static constexpr std::string_view name = "rms_norm";
    static constexpr double epsilon = 1e-5;
    static constexpr row_statistics statistics{};
    static constexpr parameter params[] = {{"gamma", 1.0}};

    static auto apply(const auto& x, const auto& mean, const auto& variance, const auto& gamma) {
        return gamma * x / sqrt(variance + mean * mean + epsilon);
    }
};

}  // namespace mockbn
