// `mockbn merge OUT SHARD...`: joins the folders of a sweep's --shard
// runs into one folder, as one run of the whole sweep leaves it: plan.json
// (without the shard), every job's checkpoint, and the result files
// (docs/sweep.md, "Shards and merge").
//
// Contract: read_shards() checks everything before anything is written:
// the shards hold the same sweep (plan.json, threads and the data folder
// aside); between them they hold every job exactly once (by their shares),
// finished; each job's checkpoint belongs to its job (variant, seed, run
// settings), and all were computed from the same data by the same build.
// Jobs computed under different BLAS kernels are refused unless
// allow_mixed_kernels, naming the jobs under each kernel. Every problem is
// a refusal (status 2) naming the folder or the jobs, or a failure (1) for
// a file that cannot be read. copy_checkpoints() writes each job's
// checkpoint into OUT atomically.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "grid.hpp"
#include "runner.hpp"
#include "sweep_command.hpp"

namespace sweep {

struct merged {
    grid whole;  // the shards' sweep, its share the whole
    std::vector<configuration> configurations;
    nlohmann::json sweep;                      // whole's canonical form
    std::vector<std::filesystem::path> holds;  // per job, the shard folder holding it
    results done;
    std::string blas;   // the kernels the jobs were computed under, for summary.json and the report
    std::string build;  // the build that computed them (every job's)
};

merged read_shards(const merge_command& m);

// What read_shards reads, without refusing an output folder among them:
// `mockbn report` reads a finished sweep's folder (a shard of its own) so.
merged read_folders(const std::vector<std::string>& folders, const std::filesystem::path& out_folder,
                    bool allow_mixed_kernels);

void copy_checkpoints(const merged& m, const std::filesystem::path& out);

}  // namespace sweep
