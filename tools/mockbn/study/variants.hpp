// The study's variants at run time (research::variant_catalog): the
// registry's, in its order, each trained by the instantiation its training
// shard compiles (training_shards.hpp), and any a program of its own adds
// (train_job.hpp, add_variant<V>) before it hands its command line to the
// program (program.hpp).
//
// Contract: variants() is the installed catalog: the registry's unless
// install() was called, which must happen before any options are made (the
// options' default is every variant, in the catalog's order).
// all_variants() lists its names.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <mockbn/research/catalog.hpp>
#include <mockbn/train/range_test.hpp>

#include "records.hpp"

namespace study {

struct job_start;    // training_shards.hpp
struct range_start;  // training_shards.hpp

// What a variant's instantiations do: train one job, from its start or its checkpoint; and run the
// learning-rate range test from a job's start.
struct trainer {
    run_result (*job)(const job_start&) = nullptr;
    mockbn::range_test_result (*range_test)(const range_start&) = nullptr;
};
using variant_catalog = mockbn::research::variant_catalog<trainer>;

variant_catalog registry_catalog();
void install(variant_catalog catalog);
const variant_catalog& variants();
std::vector<std::string> all_variants();

// The longest of `names`, in characters: the column a table of variants pads its names to.
std::size_t name_width(const std::vector<std::string>& names);

}  // namespace study
