// mockbn/research/executor.hpp
//
// Running a study's jobs: the seam between what runs a job and what runs
// many (threads here, MPI ranks in the mockbn program), and the executor on
// threads of this process. Every executor has
//
//   run_jobs(jobs, run_one, deliver)
//
// Contract of run_jobs:
//  - `jobs` are job numbers, in the order results are wanted.
//  - run_one(job) runs one job and returns its result. It may run on any
//    thread, several at once, so it reads only what every thread may read
//    and writes only the job's own files (its checkpoint). It throws when the
//    job fails.
//  - deliver(job, result) is called on the caller's thread, never
//    concurrently, at most once per job, in the order of `jobs`, and for
//    every job unless a job fails or a stop comes: it is where the results
//    are kept or written, in job order.
//  - Stopping (the stop flag given, set by a signal handler or by a
//    failure): no job starts once it is set, and a job that ends with the
//    flag set was cut short: it is not delivered. run_jobs then returns
//    normally; the caller sees the flag.
//  - A failure (run_one or deliver throws) sets the stop flag, so the jobs
//    running end at their next step, and starts no further job; once they
//    have ended, run_jobs throws job_failure for the first failed job in the
//    order of `jobs`, after delivering every result before the first job
//    that has none.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace mockbn::research {

template <class Result>
using job_runner = std::function<Result(std::size_t job)>;
template <class Result>
using result_sink = std::function<void(std::size_t job, Result result)>;

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

namespace detail {

// "" when f returns normally; otherwise what it threw.
template <class F>
std::string failure_of(F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "an exception that is not a std::exception";
    }
    return "";
}

}  // namespace detail

// At most `threads` jobs run at once, started in the order of `jobs`; the
// calling thread delivers each result as soon as every job before it has
// been delivered.
class thread_executor {
public:
    thread_executor(std::size_t threads, std::atomic<bool>& stop) : threads_(threads), stop_(stop) {}

    template <class Result>
    void run_jobs(const std::vector<std::size_t>& jobs, const job_runner<Result>& run_one,
                  const result_sink<Result>& deliver) const {
        state<Result> s(jobs.size());
        const std::size_t workers = std::min(threads_, jobs.size());
        s.working = workers;  // before any starts: delivery waits for the workers that have not ended
        std::vector<std::thread> pool;
        for (std::size_t t = 0; t < workers; ++t) pool.emplace_back([&] { work(s, jobs, run_one); });
        deliver_in_order(s, jobs, deliver);
        for (auto& t : pool) t.join();
        for (std::size_t i = 0; i < jobs.size(); ++i)
            if (!s.slots[i].problem.empty()) throw job_failure(jobs[i], s.slots[i].problem);
    }

private:
    // A job as its worker leaves it for the delivering thread.
    template <class Result>
    struct slot {
        bool ended = false;
        std::optional<Result> result;  // none when the job failed or a stop cut it short
        std::string problem;           // why it failed (or its delivery did)
    };

    template <class Result>
    struct state {
        explicit state(std::size_t jobs) : slots(jobs) {}
        std::vector<slot<Result>> slots;  // all of this guarded by mutex
        std::mutex mutex;
        std::condition_variable ended;
        std::size_t next = 0, working = 0;  // the next job to start; the workers still running
        bool failed = false;
    };

    template <class Result>
    void fail(state<Result>& s, std::size_t i, std::string problem) const {  // with the mutex held
        s.slots[i].problem = std::move(problem);
        s.failed = true;
        stop_.store(true);  // the jobs running stop at their next step
    }

    template <class Result>
    void work(state<Result>& s, const std::vector<std::size_t>& jobs, const job_runner<Result>& run_one) const {
        std::unique_lock lock(s.mutex);
        while (!s.failed && !stop_.load() && s.next < jobs.size()) {
            const std::size_t i = s.next++;
            lock.unlock();
            std::optional<Result> result;
            std::string problem = detail::failure_of([&] { result.emplace(run_one(jobs[i])); });
            if (stop_.load()) result.reset();  // cut short: its checkpoint holds its last whole epoch
            lock.lock();
            s.slots[i].ended = true;
            s.slots[i].result = std::move(result);
            if (!problem.empty()) fail(s, i, std::move(problem));
            s.ended.notify_all();
        }
        --s.working;
        s.ended.notify_all();
    }

    template <class Result>
    void deliver_in_order(state<Result>& s, const std::vector<std::size_t>& jobs,
                          const result_sink<Result>& deliver) const {
        std::unique_lock lock(s.mutex);
        for (std::size_t at = 0; at < jobs.size(); ++at) {
            s.ended.wait(lock, [&] { return s.slots[at].ended || s.working == 0; });
            if (!s.slots[at].result) break;  // not run, failed or cut short: nothing after it is delivered
            Result result = std::move(*s.slots[at].result);
            s.slots[at].result.reset();
            lock.unlock();
            std::string problem = detail::failure_of([&] { deliver(jobs[at], std::move(result)); });
            lock.lock();
            if (!problem.empty()) {
                fail(s, at, std::move(problem));
                break;
            }
        }
    }

    std::size_t threads_;
    std::atomic<bool>& stop_;
};

}  // namespace mockbn::research
