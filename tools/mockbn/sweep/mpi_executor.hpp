// Running a sweep's jobs on MPI ranks: executor.hpp's run_jobs, with rank 0
// handing out the jobs, receiving every result as bytes and delivering them
// in job order. Every rank trains, rank 0 included: its main thread
// coordinates and a second thread runs its jobs, so on a machine of N cores
// `mpirun -n N` keeps N cores training.
//
// Contract:
//  - started_by_mpi_launcher() needs no MPI library: it tells from the
//    environment whether mpirun/mpiexec (Open MPI, MPICH) or srun started
//    this process as a rank, so a build without MPI can refuse such a start
//    instead of running the whole sweep once per rank.
//  - mpi_session initializes MPI (MPI_THREAD_FUNNELED: only the thread that
//    made it calls MPI) and finalizes it when destroyed. MPI errors keep
//    MPI's default handler: they end every rank (no rank waits forever).
//    share() gives every rank what rank 0 decided (rank 0 alone owns the
//    folder: the other ranks learn from it, e.g., that the sweep resumes).
//  - mpi_executor::run_jobs is called on every rank at once, from the
//    session's thread, with the same run_one; `jobs` and `deliver` matter on
//    rank 0 only. A failure of a job or of deliver ends run_jobs on every
//    rank (other ranks return; rank 0 throws job_failure, executor.hpp), so
//    every rank reaches MPI_Finalize. A rank that fails outside run_jobs
//    must call abort(): the others would wait for it forever.
//  - A rank killed by a signal: Open MPI's mpirun notices, kills every other
//    rank and exits non-zero ("mpirun noticed that process rank 1 ... exited
//    on signal 9"); nothing hangs. A killed mpirun: the ranks notice their
//    launcher is gone and end. SIGUSR1 to mpirun reaches every rank (its
//    stop flag: interrupt.hpp); SIGINT or SIGTERM to mpirun makes Open MPI
//    kill the ranks (SIGTERM, then SIGKILL a moment later). Finished jobs
//    are durable in their checkpoints, so the same command continues.
//  - Schedules: `queue` (the default) hands each rank the next unstarted
//    job when it reports its last one; `stride` gives the rank r of n the
//    jobs at positions r, r + n, r + 2n, ... of `jobs`. Neither changes a
//    job's bytes: only which rank computes them. The queue is the default
//    because a sweep's jobs are uneven (widths, depths, optimizers,
//    divergences) and it balances them: on 24 jobs of 1 to 10 units, 2
//    ranks did 95.2 % of twice one rank's jobs per hour under the queue and
//    85.4 % under stride, which leaves a rank idle while the other ends a
//    longer share; on the study's even jobs both did the same within noise
//    (92.2 % and 94.2 %). The queue's cost, one exchange of messages per
//    job, is about 0.05 ms of rank 0's time (scripts/bench-sweep).
#pragma once

#include <cstddef>
#include <cstdlib>
#include <string>
#include <vector>

#include "executor.hpp"

namespace sweep {

inline bool started_by_mpi_launcher() {
    // Open MPI's mpirun; PMIx launchers (Open MPI, srun --mpi=pmix); MPICH's hydra and srun --mpi=pmi2.
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"})
        if (std::getenv(name) != nullptr) return true;
    return false;
}

class mpi_session {
public:
    // Throws std::runtime_error if the MPI library cannot give MPI_THREAD_FUNNELED.
    mpi_session(int& argc, char**& argv);
    ~mpi_session();
    mpi_session(const mpi_session&) = delete;
    mpi_session& operator=(const mpi_session&) = delete;

    int rank() const noexcept { return rank_; }
    int size() const noexcept { return size_; }

    // Rank 0's `text`, on every rank (called on every rank at once): what
    // rank 0 alone decides, such as whether the folder's sweep is resumed.
    std::string share(std::string text) const;

    // Ends every rank at once (MPI_Abort); mpirun exits with `status`.
    [[noreturn]] void abort(int status) const;

private:
    int rank_ = 0, size_ = 1;
};

enum class schedule { queue, stride };

// Where rank 0's time went during one run_jobs (zeros on other ranks), for the scaling benchmark.
struct mpi_statistics {
    std::size_t delivered = 0;      // jobs
    double receiving_seconds = 0;   // receiving the other ranks' reports and answering them
    double delivering_seconds = 0;  // inside deliver
};

class mpi_executor {
public:
    explicit mpi_executor(const mpi_session& session, schedule s = schedule::queue) : session_(session), schedule_(s) {}

    mpi_statistics run_jobs(const std::vector<std::size_t>& jobs, const job_runner& run_one,
                            const result_sink& deliver) const;

private:
    const mpi_session& session_;
    schedule schedule_;
};

}  // namespace sweep
