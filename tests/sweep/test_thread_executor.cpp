// The thread executor against executor.hpp's contract: every job run once,
// results delivered on the calling thread in job order whatever order the
// jobs end in; a failure or a stop starts no further job. A failure and a
// stop set the process's stop flag for good, so those cases run in a child
// process (fork) and report through its exit status.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include "interrupt.hpp"
#include "thread_executor.hpp"

using namespace sweep;

namespace {

// What a run of the executor did.
struct record {
    std::vector<std::size_t> delivered;
    std::set<std::size_t> started;
    std::string failure = "none";  // job_failure's what(), if it threw
};

record run(std::size_t threads, const std::vector<std::size_t>& jobs, const std::function<void(std::size_t)>& job,
           std::size_t failing_delivery = 99) {
    record r;
    std::mutex m;
    const job_runner run_one = [&](std::size_t j) {
        {
            const std::lock_guard lock(m);
            r.started.insert(j);
        }
        job(j);
        return "result " + std::to_string(j);
    };
    const result_sink deliver = [&](std::size_t j, std::string bytes) {
        if (j == failing_delivery) throw std::runtime_error("the disk is full");
        if (bytes == "result " + std::to_string(j)) r.delivered.push_back(j);
    };
    try {
        thread_executor(threads).run_jobs(jobs, run_one, deliver);
    } catch (const job_failure& e) {
        r.failure = e.what();
    }
    return r;
}

// f's answer from a child process: 0 when all it checks holds, else the number of the first check that failed.
int in_child(const std::function<int()>& f) {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(f());
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

}  // namespace

TEST_CASE("thread executor: results delivered on the calling thread, in job order, whatever order jobs end in") {
    std::mutex m;
    std::condition_variable ended;
    bool eight_ended = false;
    const auto job = [&](std::size_t j) {  // job 5 ends only after job 8, which starts after job 3
        std::unique_lock lock(m);
        if (j == 5) ended.wait(lock, [&] { return eight_ended; });
        if (j == 8) eight_ended = true;
        ended.notify_all();
    };
    const auto r = run(2, {3, 5, 8, 9}, job);
    CHECK(r.delivered == std::vector<std::size_t>{3, 5, 8, 9});
    CHECK(r.failure == "none");
    CHECK(run(4, {}, job).delivered.empty());
}

TEST_CASE("thread executor: a failure starts no further job and names the first failed job") {
    CHECK(in_child([] {
              const auto r = run(1, {0, 1, 2, 3}, [](std::size_t j) {
                  if (j == 1) throw std::runtime_error("out of memory");
              });
              if (r.delivered != std::vector<std::size_t>{0}) return 1;
              if (r.started != std::set<std::size_t>{0, 1}) return 2;
              if (r.failure != "job 1: out of memory") return 3;
              return study::stop_flag() ? 0 : 4;  // the jobs running are asked to stop, as the study's are
          }) == 0);
    CHECK(in_child([] {
              const auto r = run(
                  1, {0, 1, 2, 3}, [](std::size_t) {}, 2);
              if (r.delivered != std::vector<std::size_t>{0, 1}) return 1;
              return r.failure == "job 2: the disk is full" ? 0 : 2;
          }) == 0);
}

TEST_CASE("thread executor: after a stop no job starts, and the job it cut short is not delivered") {
    CHECK(in_child([] {
              const auto r = run(1, {0, 1, 2, 3}, [](std::size_t j) {
                  if (j == 1) study::request_stop();
              });
              if (r.delivered != std::vector<std::size_t>{0}) return 1;
              if (r.started != std::set<std::size_t>{0, 1}) return 2;
              return r.failure == "none" ? 0 : 3;
          }) == 0);
}
