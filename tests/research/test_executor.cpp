// The thread executor against research/executor.hpp's contract: every job
// run once, results delivered on the calling thread in job order whatever
// order the jobs end in; a failure or a stop starts no further job, and a
// failure sets the stop flag so the jobs running end.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <mockbn/research/executor.hpp>

using namespace mockbn::research;

namespace {

// What a run of the executor did.
struct record {
    std::vector<std::size_t> delivered;
    std::set<std::size_t> started;
    std::string failure = "none";  // job_failure's what(), if it threw
    bool stopped = false;          // the stop flag, after the run
};

record run(std::size_t threads, const std::vector<std::size_t>& jobs,
           const std::function<void(std::size_t, std::atomic<bool>&)>& job, std::size_t failing_delivery = 99) {
    record r;
    std::atomic<bool> stop{false};
    std::mutex m;
    const job_runner<std::string> run_one = [&](std::size_t j) {
        {
            const std::lock_guard lock(m);
            r.started.insert(j);
        }
        job(j, stop);
        return "result " + std::to_string(j);
    };
    const result_sink<std::string> deliver = [&](std::size_t j, std::string result) {
        if (j == failing_delivery) throw std::runtime_error("the disk is full");
        if (result == "result " + std::to_string(j)) r.delivered.push_back(j);
    };
    try {
        thread_executor(threads, stop).run_jobs(jobs, run_one, deliver);
    } catch (const job_failure& e) {
        r.failure = e.what();
    }
    r.stopped = stop.load();
    return r;
}

}  // namespace

TEST_CASE("thread executor: results delivered on the calling thread, in job order, whatever order jobs end in") {
    std::mutex m;
    std::condition_variable ended;
    bool eight_ended = false;
    const auto job = [&](std::size_t j, std::atomic<bool>&) {  // job 5 ends only after job 8, which starts after 3
        std::unique_lock lock(m);
        if (j == 5) ended.wait(lock, [&] { return eight_ended; });
        if (j == 8) eight_ended = true;
        ended.notify_all();
    };
    const auto r = run(2, {3, 5, 8, 9}, job);
    CHECK(r.delivered == std::vector<std::size_t>{3, 5, 8, 9});
    CHECK(r.failure == "none");
    CHECK_FALSE(r.stopped);
    CHECK(run(4, {}, job).delivered.empty());
}

TEST_CASE("thread executor: a failure starts no further job, stops the jobs running and names the first failed job") {
    const auto r = run(1, {0, 1, 2, 3}, [](std::size_t j, std::atomic<bool>&) {
        if (j == 1) throw std::runtime_error("out of memory");
    });
    CHECK(r.delivered == std::vector<std::size_t>{0});
    CHECK(r.started == std::set<std::size_t>{0, 1});
    CHECK(r.failure == "job 1: out of memory");
    CHECK(r.stopped);  // the jobs running are asked to stop
    const auto full = run(
        1, {0, 1, 2, 3}, [](std::size_t, std::atomic<bool>&) {}, 2);
    CHECK(full.delivered == std::vector<std::size_t>{0, 1});
    CHECK(full.failure == "job 2: the disk is full");
}

TEST_CASE("thread executor: after a stop no job starts, and the job it cut short is not delivered") {
    const auto r = run(1, {0, 1, 2, 3}, [](std::size_t j, std::atomic<bool>& stop) {
        if (j == 1) stop.store(true);
    });
    CHECK(r.delivered == std::vector<std::size_t>{0});
    CHECK(r.started == std::set<std::size_t>{0, 1});
    CHECK(r.failure == "none");
}
