// One run of the study: a variant and a seed trained for every epoch, with
// everything docs/study.md lists recorded after each epoch.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <mockbn/mockbn.hpp>

#include "identity.hpp"
#include "options.hpp"

namespace study {

// Fixed bins for every probe histogram of every run: [-12, 12) in steps of 0.1.
inline constexpr double histogram_low = -12, histogram_high = 12;
inline constexpr std::size_t histogram_bins = 240;

struct epoch_record {
    std::size_t epoch = 0;
    double train_loss = 0, test_loss = 0, test_accuracy = 0, seconds = 0;
};

// The probe layer's values at one stage: "before" the transformation (the
// dense output) or "after" it (the ReLU's input).
struct stage_record {
    std::size_t epoch = 0;
    std::string stage;
    mockbn::analysis::description description;
    std::vector<double> percentiles;  // at analysis::band_percentiles
    mockbn::analysis::histogram histogram;
    std::vector<mockbn::analysis::mode> modes;  // up to two, highest first
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
    std::string kernels;       // the BLAS kernels it ran under: "Haswell from epoch 1, Cooperlake from epoch 3"
    std::vector<epoch_record> epochs;
    std::vector<stage_record> stages;
    std::vector<parameter_record> parameters;
};

struct study_data {
    mockbn::data::dataset train, test, probe;
};

// progress(line) is called once per epoch with a one-line summary. After
// every epoch the whole state of the run (network, optimizer, what has been
// recorded) is saved to `checkpoint`, under the run's identity; with
// o.resume, a run whose checkpoint exists continues from it (after checking
// that identity) and gives the results an uninterrupted run gives. A stop
// signal (interrupt.hpp) ends it at the next step; its checkpoint then holds
// the last whole epoch.
run_result run(const options& o, const study_data& data, const std::string& variant, std::uint64_t seed,
               const std::filesystem::path& checkpoint, const environment& where,
               const std::function<void(const std::string&)>& progress);

}  // namespace study
