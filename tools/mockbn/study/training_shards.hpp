// The study's training, spread over MOCKBN_STUDY_TRAINING_SHARDS translation
// units so that no unit compiles every variant's network and optimizers and
// the units build in parallel. Shard K holds the variants whose place in the
// registry is K modulo the count (mockbn::study_variants_shard); CMake
// generates one unit per shard from training_shard.cpp.in, which instantiates
// train_in_shard<K> (defined in train_job.hpp).
//
// Contract: train_in_shard<K>(start) trains start.j if its variant is in
// shard K and returns its result, and returns nothing otherwise. It is
// declared here only: a unit that includes this header calls the
// instantiations and compiles none.
#pragma once

#include <cstddef>
#include <optional>

#include <mockbn/research/run.hpp>

#include "epoch_recorder.hpp"
#include "identity.hpp"
#include "job.hpp"
#include "options.hpp"
#include "records.hpp"
#include "run_store.hpp"

namespace study {

inline constexpr std::size_t training_shards = MOCKBN_STUDY_TRAINING_SHARDS;

// The parts one job's training goes through, built once per job.
using run_parts = mockbn::research::run_parts<run_store, epoch_recorder>;

// What a job's training starts from.
struct job_start {
    const options& o;
    const study_data& data;
    const job& j;
    const environment& where;
    const run_parts& parts;
};

template <std::size_t Shard>
std::optional<run_result> train_in_shard(const job_start& start);

}  // namespace study
