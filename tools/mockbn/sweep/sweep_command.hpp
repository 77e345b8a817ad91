// mockbn sweep's and mockbn merge's command lines: a sweep (every study option, an axis option
// taking a list of values; --file; --out, --shard, --resume, --force) and
// `merge OUT SHARD...` (docs/sweep.md, "The command line").
//
// Contract: parse() reads no file but --file's (sweep_file.hpp) and checks
// the command line's form only: expand() checks each configuration. A bad
// option or value, an option given both on the command line and in the
// file, an option beside --resume other than --threads, --data-dir,
// --allow-kernel-change, --grow and --grow-seeds, or --grow without
// --resume throws study::usage_error naming it. --help prints
// the list and exits with 0.
#pragma once

#include <string>
#include <vector>

#include "budget.hpp"
#include "grid.hpp"

namespace sweep {

struct command {
    grid given;  // from the command line and --file (with --resume: only its --threads, --data-dir)
    std::string out = "results/sweep";
    std::string resume;  // --resume DIR: continue the sweep whose folder this is
    bool force = false, allow_kernel_change = false;
    limits budget;                  // --max-jobs, --max-hours: checked when a sweep starts, not when it continues
    std::vector<std::string> grow;  // --grow: the claims whose seeds a finished sweep grows (growth.hpp)
    std::size_t grow_seeds = 30;    // --grow-seeds: the most seeds growth gives a configuration
};

command parse(const std::vector<std::string>& arguments);

// The grid the command runs: its own, or for --resume DIR (call it with the
// folder locked) DIR/plan.json with this command's --threads and --data-dir.
grid resolve(const command& c);

struct merge_command {
    std::string out;
    std::vector<std::string> shards;
    bool allow_mixed_kernels = false, force = false;
};

// The arguments after `merge`.
merge_command parse_merge(const std::vector<std::string>& arguments);

}  // namespace sweep
