// What one run of the study records (docs/study.md, "What it records"): per
// epoch, its losses and accuracy, each probed layer's values before and after
// the transformation (pooled, per feature, and at the last epoch per class),
// and the learnable parameters; and how the run went (divergences,
// rollbacks, the BLAS kernels it ran under).
//
// Contract: plain values, filled by epoch_recorder, divergence_policy and the
// kernel notes of identity (note_kernel); kept across interruptions by run_store,
// read by the report and findings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <mockbn/analysis.hpp>

namespace study {

// Fixed bins for every probe histogram of every run: [-12, 12) in steps of 0.1.
inline constexpr double histogram_low = -12, histogram_high = 12;
inline constexpr std::size_t histogram_bins = 240;

struct epoch_record {
    std::size_t epoch = 0;
    double train_loss = 0, test_loss = 0, test_accuracy = 0, seconds = 0;
};

// A probed layer's values at one stage: "before" the transformation (the
// dense output) or "after" it (the ReLU's input), all features pooled, each
// feature alone, and split by the probe image's label.
struct stage_record {
    std::size_t epoch = 0;
    std::size_t layer = 0;  // the hidden layer, from 1
    std::string stage;
    mockbn::analysis::description description;
    std::vector<double> percentiles;  // at analysis::band_percentiles
    mockbn::analysis::histogram histogram;
    std::vector<mockbn::analysis::mode> modes;  // up to two, highest first
    // One per feature (the layer's width), on the same bins as `histogram`.
    std::vector<mockbn::analysis::column_description> features;
    // One per class, summing to `histogram`; recorded at the run's last epoch
    // only (empty before): the findings read the final shape, and every epoch
    // would store ten more histograms per stage in every checkpoint.
    std::vector<mockbn::analysis::histogram> classes;
};

// One learnable parameter of one transformed layer, across its features.
struct parameter_record {
    std::size_t epoch = 0, layer = 0;
    std::string name;
    double mean = 0, deviation = 0, min = 0, max = 0;
};

struct run_result {
    std::string variant;
    std::uint64_t seed = 0;
    bool diverged = false;  // a non-finite loss or gradient stopped the run
    std::size_t diverged_at = 0;
    std::string divergence;  // where and what, for the report; rollbacks are listed too
    std::size_t rollbacks = 0;
    std::string kernels;  // the BLAS kernels it ran under: "Haswell from epoch 1, Cooperlake from epoch 3"
    std::vector<epoch_record> epochs;
    std::vector<stage_record> stages;
    std::vector<parameter_record> parameters;
};

}  // namespace study
