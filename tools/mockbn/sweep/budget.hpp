// A sweep's budget: its size, time and disk, estimated before anything is
// written, and the limits past which it is refused (docs/sweep.md, "Limits").
//
// Contract:
//  - require_size() refuses a grid of more than `most_jobs` jobs from its
//    values alone (grid.hpp's size_of): no configuration is built.
//  - estimate() counts the jobs trained (not those reusing another's run),
//    each estimated from its network's parameters P
//    (memory.hpp): 6P operations per training image and 2P per test and probe
//    image, every epoch, at assumed_flops_per_thread on min(threads, jobs)
//    threads; and its checkpoint, P values and the optimizer's state in
//    4-byte floats, with the run's records.
//  - require_budget() refuses jobs whose estimated time passes `most_hours`,
//    or whose checkpoints would not fit the free space of the file system
//    that holds `out` (the nearest folder of it that exists). Every refusal
//    is a study::refusal (status 2) giving the size, the time and the disk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "grid.hpp"

namespace sweep {

// Operations per second one thread is assumed to sustain: about a tenth of an
// AVX-512 core's peak, so that the estimate of time errs long.
inline constexpr double assumed_flops_per_thread = 20e9;

struct limits {
    std::size_t most_jobs = 10000;  // --max-jobs
    double most_hours = 168;        // --max-hours
};

struct cost {
    std::uint64_t jobs = 0;
    double hours = 0;
    std::uint64_t checkpoint_bytes = 0;
};

void require_size(const grid& g, const limits& l);

// The cost of the jobs numbered `jobs` (jobs_of's numbering) on `threads` threads.
cost estimate(const std::vector<configuration>& configurations, const std::vector<std::size_t>& jobs,
              std::size_t threads);

void require_budget(const cost& c, const limits& l, const std::filesystem::path& out);

}  // namespace sweep
