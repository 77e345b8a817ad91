// Which hidden layers a study probes and which one its verdicts read
// (docs/study.md, "What it records").
//
// Contract:
//  - probed_layers(o): o.probe_layer alone, or with --probe-layer all
//    (every_hidden_layer) each hidden layer 1 to o.depth, in order: the order
//    of each epoch's stage records, "before" then "after" per layer.
//  - probe_plan_of(o): what a run records and when (research/recorder.hpp):
//    the probed layers at every epoch, and within the first with
//    --probe-early, in o's mode; in detail (class histograms, image sums,
//    clusters) the last epoch and the probe the verdicts read.
//  - verdict_layer(o): the one layer every verdict, summary and
//    single-layer figure reads: o.probe_layer, or with all the deepest
//    transformed layer (the last of o.placement; 4 for the original study's 3 and 4,
//    the layer the number form defaults to).
//  - and the research layer's rule for two peaks and look-ups of a run's
//    stage records (mockbn/research/peaks.hpp, stages.hpp), under the
//    study's names.
#pragma once

#include <cstddef>
#include <vector>

#include <mockbn/research/peaks.hpp>
#include <mockbn/research/recorder.hpp>
#include <mockbn/research/stages.hpp>

#include "options.hpp"
#include "records.hpp"

namespace study {

std::vector<std::size_t> probed_layers(const options& o);
mockbn::research::probe_plan probe_plan_of(const options& o);
std::size_t verdict_layer(const options& o);

using mockbn::research::bimodal;
using mockbn::research::chance_bimodal;
using mockbn::research::feature_bimodality;
using mockbn::research::features_bimodal;
using mockbn::research::find_stage;
using mockbn::research::two_peaks;

}  // namespace study
