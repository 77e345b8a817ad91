// The sweep's progress on standard error: each line a job reports (its
// epochs, a divergence) after the sweep's counts and an estimate of the time
// left: "[sweep: 12 done, 2 running, 30 left, about 5 min to go] job 14 ...".
//
// Contract: safe to call from any thread. A job counts as done when it ends
// where it ran, or, run by another rank, when its result is delivered. The
// estimate is the wall time per job finished since this process started
// times the jobs not done ("estimating" until one has finished); jobs read
// whole from their checkpoints count as done and take no time. Under MPI, rank 0's counts take each other rank as
// running a job while one is left for it (the executor hands out the next
// job as soon as a rank reports its last); the other ranks know no counts:
// their lines start "[sweep rank R]".
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <set>
#include <string>

namespace sweep {

class progress {
public:
    // `total` jobs in this process's share, `done` of them finished before it
    // started; `elsewhere` ranks run jobs beside this process's own.
    progress(std::size_t total, std::size_t done, std::size_t elsewhere = 0);
    // The progress of an MPI rank other than 0: its own lines only.
    struct other_rank {
        int rank;
    };
    explicit progress(other_rank r);

    void started();                   // a job starts in this process
    void ended(std::size_t job);      // it ended here; its result is on its way to delivery
    void delivered(std::size_t job);  // a job's result was delivered: one that ran here or elsewhere
    void print(const std::string& line);

private:
    std::string counts() const;  // with the mutex held

    std::mutex mutex_;
    std::size_t total_, done_, elsewhere_, running_ = 0;
    std::size_t finished_ = 0;           // jobs finished since this process started (the estimate's)
    std::set<std::size_t> undelivered_;  // ended here, not yet delivered
    int rank_ = 0;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace sweep
