// mockbn/transforms.hpp
//
// Every transformation policy (concepts/transformation.hpp): identity,
// batch_norm, the fixed mocks (sqrt_fixed, log_fixed, sigmoid_log,
// affine_fixed, mystery), the learnable ones (log_shift, sqrt_shift), the
// controls (affine, bn_no_affine, layer_norm, rms_norm); and the study's
// registry of them (transforms/registry.hpp).
#pragma once

#include "mockbn/concepts/transformation.hpp"
#include "mockbn/transforms/affine.hpp"
#include "mockbn/transforms/batch_norm.hpp"
#include "mockbn/transforms/fixed.hpp"
#include "mockbn/transforms/identity.hpp"
#include "mockbn/transforms/learnable.hpp"
#include "mockbn/transforms/registry.hpp"
#include "mockbn/transforms/row_norm.hpp"
