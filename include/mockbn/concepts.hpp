// mockbn/concepts.hpp
//
// The library's contracts, in prose and as C++20 concepts; they include
// nothing above core/.
//
//   transformation, parameter_count, has_batch_statistics,
//   has_row_statistics, formula_arity, transformation_defect_of
//                                                           (concepts/transformation.hpp)
//   formula_probe: the stand-in a formula is tried on first (concepts/formula_probe.hpp)
//   layer_type, layer_object                                (concepts/layer.hpp)
//   label_range                                             (concepts/labels.hpp)
//   classifier, trainable_classifier: what fit and evaluate take (concepts/classifier.hpp)
//   update_rule, optimizer_for                              (concepts/optimizer.hpp)
//   has_state: the persistence hook io/ saves and loads     (concepts/state.hpp)
#pragma once

#include "mockbn/concepts/classifier.hpp"
#include "mockbn/concepts/labels.hpp"
#include "mockbn/concepts/layer.hpp"
#include "mockbn/concepts/optimizer.hpp"
#include "mockbn/concepts/state.hpp"
#include "mockbn/concepts/transformation.hpp"
