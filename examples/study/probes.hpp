// Which hidden layers a study probes, which one its verdicts read, and the
// look-ups of a run's probe records (docs/study.md, "What it records").
//
// Contract:
//  - probed_layers(o): o.probe_layer alone, or with --probe-layer all
//    (every_hidden_layer) each hidden layer 1 to o.depth, in order: the order
//    of each epoch's stage records, "before" then "after" per layer.
//  - verdict_layer(o): the one layer every verdict, summary and
//    single-layer figure reads: o.probe_layer, or with all the deepest
//    transformed layer (the last of o.placement; 4 for the seed's 3 and 4,
//    the layer the number form defaults to).
//  - find_stage(r, layer, epoch, stage): r's record of that layer, epoch and
//    stage, or nullptr.
//  - features_bimodal(s): the fraction of s's features whose own main modes
//    make two peaks by the study's rule (peaks.hpp, bimodal); NaN for a
//    record without features. The overload on a run is NaN when the record
//    is absent.
//  - chance_bimodal(s, draws): the same fraction for normal samples of each
//    feature's own count, mean and deviation, `draws` per feature, on the
//    same bins and mode finder: how many features sampling noise alone makes
//    two-peaked (a wide feature of a thousand values often is). The draws
//    come from fixed seeds, so the same record gives the same number; NaN
//    for a record without features.
//  - feature_bimodality(s, ps): the percentiles ps (analysis::percentiles)
//    of s's per-feature Sarle coefficients, of those that are finite (a
//    constant feature has none); NaN for each when none is.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "options.hpp"
#include "records.hpp"

namespace study {

std::vector<std::size_t> probed_layers(const options& o);
std::size_t verdict_layer(const options& o);

const stage_record* find_stage(const run_result& r, std::size_t layer, std::size_t epoch, const std::string& stage);

double features_bimodal(const stage_record& s);
double features_bimodal(const run_result& r, std::size_t layer, std::size_t epoch, const std::string& stage);

double chance_bimodal(const stage_record& s, std::size_t draws);

std::vector<double> feature_bimodality(const stage_record& s, std::span<const double> ps);

}  // namespace study
