// One job of the study: a variant and a seed trained under a set of options
// for every epoch, through the units that make a run: the model (model.hpp),
// its checkpoint (run_store), what it records (epoch_recorder) and what it
// does on a divergence (divergence_policy). After each epoch, in this order:
// a divergence goes to the policy (and, for a rollback, the store restores
// the last state); otherwise the recorder records the epoch; then the store
// saves the state.
#pragma once

#include <filesystem>

#include "identity.hpp"
#include "job.hpp"
#include "options.hpp"
#include "records.hpp"

namespace study {

// Trains job `j` under `o`; progress gets one line per epoch. After every
// epoch the whole state of the run (network, optimizer, what has been
// recorded) is saved to `checkpoint`, under the run's identity; with
// o.resume, a run whose checkpoint exists continues from it (after checking
// that identity) and gives the results an uninterrupted run gives. A stop
// signal (interrupt.hpp) ends it at the next step; its checkpoint then holds
// the last whole epoch.
run_result run_job(const options& o, const study_data& data, const job& j, const std::filesystem::path& checkpoint,
                   const environment& where, const progress_sink& progress);

}  // namespace study
