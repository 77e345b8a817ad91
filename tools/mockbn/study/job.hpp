// The study's unit of work: one variant and one seed, trained under a set of
// options on the study's data (experiment.hpp runs it). A study is every
// (variant, seed) pair of its options.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <mockbn/data.hpp>

#include "options.hpp"

namespace study {

struct job {
    std::string variant;
    std::uint64_t seed = 0;
};

// What every job reads: the training set and the validation images held out
// of it (stratified, --validation-seed), the test set (each cut to --quick's
// size) and the fixed probe set, the first --probe-images test images
// (the first images trained on, or of the validation set, with --probe-split
// train or validation).
struct study_data {
    mockbn::data::dataset train, validation, test, probe;
};

// The jobs of o: its variants in the order given, each with its seeds in the order given.
std::vector<job> jobs_of(const options& o);

// Loads o.data_dir and cuts it to o's sizes; `fingerprint` gets the whole
// data's (identity.hpp). A file that cannot be read is a failure naming it.
study_data load_data(const options& o, std::string& fingerprint);

// What load_data reads of o, as text: two options with the same key get the same data.
std::string data_key(const options& o);

// Where a job's one-line progress reports go (called from the job's own thread).
using progress_sink = std::function<void(const std::string&)>;

}  // namespace study
