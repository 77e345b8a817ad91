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

#include <string>
#include <vector>

#include <mockbn/research/catalog.hpp>

#include "records.hpp"

namespace study {

struct job_start;  // training_shards.hpp

// Trains one job of a variant, from its start or its checkpoint.
using trainer = run_result (*)(const job_start&);
using variant_catalog = mockbn::research::variant_catalog<trainer>;

variant_catalog registry_catalog();
void install(variant_catalog catalog);
const variant_catalog& variants();
std::vector<std::string> all_variants();

}  // namespace study
