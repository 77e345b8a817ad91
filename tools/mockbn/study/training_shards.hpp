// The study's training, spread over MOCKBN_STUDY_TRAINING_SHARDS translation
// units so that no unit compiles every variant's network and optimizers and
// the units build in parallel. Shard K holds the variants whose place in the
// registry is K modulo the count (mockbn::study_variants_shard); CMake
// generates one unit per shard from training_shard.cpp.in, which instantiates
// trainer_in_shard<K> (defined in train_job.hpp); the catalog
// (variants.hpp) takes each variant's trainer from its shard.
//
// Contract: trainer_in_shard<K>(name) is the trainer of the registry's
// variant `name` if shard K holds it, one of null functions otherwise. It is declared here
// only: a unit that includes this header calls the instantiations and
// compiles none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <mockbn/research/run.hpp>

#include "epoch_recorder.hpp"
#include "identity.hpp"
#include "job.hpp"
#include "options.hpp"
#include "records.hpp"
#include "run_store.hpp"
#include "variants.hpp"

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

// What the range test of one job's start needs: the job's options, data and seed, and the test's own.
struct range_start {
    const options& o;
    const study_data& data;
    std::uint64_t seed = 0;
    mockbn::range_test_options range;
};

// The trainer of the registry's variant `name` if shard `Shard` holds it, or one of null functions.
template <std::size_t Shard>
trainer trainer_in_shard(std::string_view name);

}  // namespace study
