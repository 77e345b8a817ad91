// mockbn/transforms/batch_norm.hpp
//
// batch_norm: y = γ·(x − μ)/sqrt(σ² + ε) + β, per feature, with γ (init 1)
// and β (init 0) learnable; bn_no_affine: y = (x − μ)/sqrt(σ² + ε), the
// normalization alone, with the same statistics, running estimates and ε.
// bn_tf: batch normalization as TensorFlow 0.11 and 0.12 built it by default
// (tf.contrib.layers.batch_norm: a learned shift, no learned scale, ε = 1e-3,
// the moving averages' decay 0.999): y = (x − μ)/sqrt(σ² + 1e-3) + β, the
// running estimates moving by m = 0.001. TensorFlow's moving variance took
// the biased batch variance, this one the unbiased (a factor n/(n − 1)). The
// dense layer before it keeps its bias, which TensorFlow's left out: the
// batch mean removes it, so its gradient is zero up to rounding.
//
// Contract (docs/transformations.md; the conventions of the common frameworks):
//  - training mode: μ and σ² are the batch's per-feature mean and biased
//    variance, materialized before the formula runs; gradients flow through
//    them. The running estimates move as r ← (1 − m)·r + m·stat with m = 0.1,
//    the variance estimate taking the unbiased batch variance; they start at
//    mean 0 and variance 1. Training needs at least two samples.
//  - inference mode: μ and σ² are the running estimates; a batch of one works.
//  - ε = 1e-5 (bn_tf: 1e-3), inside the square root.
#pragma once

#include <string_view>

#include "mockbn/concepts/transformation.hpp"

namespace mockbn {

struct batch_norm {
    static constexpr std::string_view name = "batch_norm";
    static constexpr double epsilon = 1e-5;
    static constexpr batch_statistics statistics{.momentum = 0.1};
    static constexpr parameter params[] = {{"gamma", 1.0}, {"beta", 0.0}};

    static auto apply(const auto& x, const auto& mean, const auto& variance, const auto& gamma, const auto& beta) {
        return gamma * (x - mean) / sqrt(variance + epsilon) + beta;
    }
};

struct bn_no_affine {
    static constexpr std::string_view name = "bn_no_affine";
    static constexpr double epsilon = batch_norm::epsilon;
    static constexpr batch_statistics statistics = batch_norm::statistics;

    static auto apply(const auto& x, const auto& mean, const auto& variance) {
        return (x - mean) / sqrt(variance + epsilon);
    }
};

struct bn_tf {
    static constexpr std::string_view name = "bn_tf";
    static constexpr double epsilon = 1e-3;
    static constexpr batch_statistics statistics{.momentum = 0.001};
    static constexpr parameter params[] = {{"beta", 0.0}};

    static auto apply(const auto& x, const auto& mean, const auto& variance, const auto& beta) {
        return (x - mean) / sqrt(variance + epsilon) + beta;
    }
};

}  // namespace mockbn
