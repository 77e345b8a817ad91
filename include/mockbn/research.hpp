// mockbn/research.hpp
//
// The research layer: what a run of any network records (probes of its
// hidden layers before and after their transformations, per epoch), the
// resumable run that keeps its records and its divergence policy across
// interruptions, the choices and the catalog of variants a study runs, and
// the reproduction ledger of the original study judged over stored records,
// with its positive controls and effect sizes; the conservation laws of
// transformations whose output scale is a parameter, and the models of a
// probed layer's shape read off the records (class_mixture.hpp,
// shape_prediction.hpp, model_readings.hpp). Above every
// other layer and outside mockbn/mockbn.hpp: a program that trains without
// recording pays nothing for it.
#pragma once

#include "mockbn/research/catalog.hpp"
#include "mockbn/research/choices.hpp"
#include "mockbn/research/class_mixture.hpp"
#include "mockbn/research/conservation.hpp"
#include "mockbn/research/controls.hpp"
#include "mockbn/research/divergence.hpp"
#include "mockbn/research/effects.hpp"
#include "mockbn/research/executor.hpp"
#include "mockbn/research/hidden_layers.hpp"
#include "mockbn/research/ledger.hpp"
#include "mockbn/research/measure.hpp"
#include "mockbn/research/model.hpp"
#include "mockbn/research/model_readings.hpp"
#include "mockbn/research/original_comparisons.hpp"
#include "mockbn/research/original_ledger.hpp"
#include "mockbn/research/original_rules.hpp"
#include "mockbn/research/peaks.hpp"
#include "mockbn/research/recorder.hpp"
#include "mockbn/research/records.hpp"
#include "mockbn/research/run.hpp"
#include "mockbn/research/run_result.hpp"
#include "mockbn/research/search.hpp"
#include "mockbn/research/shape_prediction.hpp"
#include "mockbn/research/shapes.hpp"
#include "mockbn/research/stages.hpp"
#include "mockbn/research/summary.hpp"
#include "mockbn/research/thresholds.hpp"
#include "mockbn/research/verdict_rules.hpp"
