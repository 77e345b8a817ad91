// The seam between the sweep and what runs its jobs: threads on one machine
// or MPI ranks (mpi_executor.hpp). Every executor has
//
//   void run_jobs(const std::vector<std::size_t>& jobs, const job_runner& run_one, const result_sink& deliver);
//
// Contract of run_jobs:
//  - `jobs` are job numbers (the sweep's unfinished jobs, in job order).
//  - run_one(job) runs one job and returns its result as bytes. It may run
//    on any thread of any process, several at once, so it reads only what
//    every process has (the options, the data) and writes only the job's
//    own files (its checkpoint). It throws when the job fails.
//  - deliver(job, bytes) is called in one thread (the caller's; for MPI, on
//    rank 0's main thread only), never concurrently, at most once per job,
//    in the order of `jobs`, and for every job unless a job fails or a stop
//    comes: it is where the results are written, in job order.
//  - Stopping (interrupt.hpp's stop flag: SIGINT, SIGTERM, request_stop()):
//    no job starts once it is set, and a job that ends with the flag set was
//    cut short: it is not delivered. run_jobs then returns normally; the
//    caller sees the flag.
//  - A failure (run_one or deliver throws) starts no further job; once the
//    jobs already running have ended, run_jobs throws job_failure for the
//    first failed job in the order of `jobs`, after delivering every result
//    before the first job that has none.
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>

namespace sweep {

using job_runner = std::function<std::string(std::size_t job)>;
using result_sink = std::function<void(std::size_t job, std::string bytes)>;

class job_failure : public std::runtime_error {
public:
    job_failure(std::size_t job, const std::string& problem)
        : std::runtime_error("job " + std::to_string(job) + ": " + problem), job_(job), problem_(problem) {}
    std::size_t job() const noexcept { return job_; }
    const std::string& problem() const noexcept { return problem_; }  // what() without "job N: "

private:
    std::size_t job_;
    std::string problem_;
};

}  // namespace sweep
