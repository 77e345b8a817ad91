// Where a sweep's jobs run: an executor takes job numbers, runs each with
// the runner's function and hands every result back on this process. The
// runner (runner.hpp) does not know which executor runs its jobs: threads
// on one machine (thread_executor) or ranks of an MPI job.
//
// Contract of an executor:
//  - It runs every job of `jobs` (numbers, in job order) once, through
//    run_one, and hands each result to deliver, on this process, one call
//    at a time (never two at once), in any order.
//  - A job may run on any thread or process: run_one's result depends on the
//    job number alone, never on where or when it ran.
//  - Once the stop flag is set (interrupt.hpp) it starts no further job; a
//    job that stops early still delivers what run_one returned.
//  - When run_one throws, the jobs running finish (the stop flag is set for
//    them) and the executor rethrows the exception of the lowest job number.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "records.hpp"

namespace sweep {

using job_runner = std::function<study::run_result(std::size_t job)>;
using result_sink = std::function<void(std::size_t job, study::run_result result)>;
using executor =
    std::function<void(const std::vector<std::size_t>& jobs, const job_runner& run_one, const result_sink& deliver)>;

// `threads` jobs at a time on this machine, taken in job order.
executor thread_executor(std::size_t threads);

}  // namespace sweep
