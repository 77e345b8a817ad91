// Runs a sweep's jobs: each exactly as the study runs it (study::run_job,
// under the configuration's options, the variant and the seed), its
// checkpoint at checkpoints/<config-id>/, continuing from it when one is
// there; a job whose checkpoint is finished is read from it, never run again.
//
// Contract:
//  - The runner loads the data of the configurations whose jobs it is given,
//    each data folder once, before any job runs.
//  - read_finished() reads and checks every checkpoint there is of the jobs
//    given (identity and format, run_store::read; a checkpoint of another run
//    is a refusal naming it) and returns the finished ones' results.
//  - run() may be called from any thread of any process holding the runner;
//    it returns the job's result as bytes (the run store's field-by-field
//    form, put_run, stamped with the job's identity), which decode() reads
//    back after checking that identity. A failure is rethrown naming the
//    job's configuration, variant and seed.
//  - run_share() runs the jobs given that are trained (a job that reuses
//    another's run is never trained: it gets its source's result) through an
//    executor's run_jobs (executor.hpp), after read_finished(), and returns
//    every finished job's result by number; a job stopped by a signal is left out (its
//    checkpoint holds its last whole epoch). Under MPI it runs on rank 0,
//    told how many other ranks run jobs, and serve_share() on the others:
//    they run the jobs rank 0 hands them and read no checkpoint first.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "executor.hpp"
#include "grid.hpp"
#include "identity.hpp"
#include "job.hpp"
#include "progress.hpp"

namespace sweep {

using results = std::map<std::size_t, study::run_result>;  // by job number

class runner {
public:
    runner(std::vector<configuration> configurations, std::filesystem::path out, const std::vector<std::size_t>& jobs,
           bool allow_kernel_change);

    results read_finished(const std::vector<std::size_t>& jobs) const;
    std::string run(std::size_t job, progress& report) const;
    study::run_result decode(std::size_t job, const std::string& bytes) const;
    // Whether `r` is the end of job's run: every epoch done, or stopped by a divergence.
    bool finished(std::size_t job, const study::run_result& r) const;

    const std::vector<configuration>& configurations() const { return configurations_; }
    // The job whose run job `job` is (job_ref::source): itself, or the one it reuses.
    std::size_t source(std::size_t job) const { return jobs_[job].source; }
    // "job 5 (config 1a2b3c4d, plain, seed 2)"
    std::string name(std::size_t job) const;

private:
    struct data {
        study::study_data sets;
        study::environment where;
    };
    const data& data_of(const configuration& c) const;
    std::string identity(std::size_t job) const;

    std::vector<configuration> configurations_;
    std::vector<job_ref> jobs_;
    std::filesystem::path out_;
    std::map<std::string, data> data_;  // by data folder and sizes
};

// An executor's run_jobs (research/executor.hpp): research::thread_executor's, or MPI ranks'.
using run_jobs_function =
    std::function<void(const std::vector<std::size_t>& jobs, const job_runner& run_one, const result_sink& deliver)>;

results run_share(const runner& r, const std::vector<std::size_t>& jobs, const run_jobs_function& run_jobs,
                  std::size_t other_ranks = 0);
void serve_share(const runner& r, int rank, const run_jobs_function& run_jobs);

// The outcome of a sweep whose finished jobs are `done`.
outcome collect(const grid& g, const std::vector<configuration>& configurations, results done);

}  // namespace sweep
