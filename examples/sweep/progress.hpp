// The sweep's progress on standard error: each line a job reports (its
// epochs, a divergence) after the sweep's counts and an estimate of the time
// left: "[sweep: 12 done, 2 running, 30 left, about 5 min to go] job 14 ...".
//
// Contract: safe to call from any thread. The estimate is the wall time per
// job finished by this process so far times the jobs not done ("estimating"
// until one has finished); jobs read whole from their checkpoints count as
// done and take no time.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

namespace sweep {

class progress {
public:
    // `total` jobs in this process's share, `done` of them finished before it started.
    progress(std::size_t total, std::size_t done);

    void started();
    void finished();
    void print(const std::string& line);

private:
    std::string counts() const;  // with the mutex held

    std::mutex mutex_;
    std::size_t total_, done_, running_ = 0, finished_here_ = 0;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace sweep
