// Running a sweep's jobs on threads of this process (--threads): executor.hpp's
// run_jobs for one machine, as the study's train_all runs its runs.
//
// Contract: executor.hpp's. At most `threads` jobs run at once, started in
// the order of `jobs`; the calling thread delivers each result in that
// order, as soon as every job before it has been delivered. A failure asks
// the jobs running to stop (request_stop, as the study does), so they end
// at their next step.
#pragma once

#include <cstddef>
#include <vector>

#include "executor.hpp"

namespace sweep {

class thread_executor {
public:
    explicit thread_executor(std::size_t threads) : threads_(threads) {}

    void run_jobs(const std::vector<std::size_t>& jobs, const job_runner& run_one, const result_sink& deliver) const;

private:
    std::size_t threads_;
};

}  // namespace sweep
