#include "thread_executor.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "interrupt.hpp"

namespace sweep {

namespace {

// A job as its worker leaves it for the delivering thread.
struct slot {
    bool ended = false;
    std::optional<std::string> bytes;  // none when the job failed or a stop cut it short
    std::string problem;               // why it failed (or its delivery did)
};

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

}  // namespace

void thread_executor::run_jobs(const std::vector<std::size_t>& jobs, const job_runner& run_one,
                               const result_sink& deliver) const {
    std::vector<slot> slots(jobs.size());
    std::mutex mutex;
    std::condition_variable ended;
    std::size_t next = 0, alive = std::min(threads_, jobs.size());  // guarded by mutex, as `failed` and slots
    bool failed = false;
    const auto fail = [&](std::size_t i, std::string problem) {  // with the mutex held
        slots[i].problem = std::move(problem);
        failed = true;
        study::request_stop();  // the jobs running stop at their next step, as the study's do
    };
    const auto worker = [&] {
        std::unique_lock lock(mutex);
        while (!failed && !study::stop_flag() && next < jobs.size()) {
            const std::size_t i = next++;
            lock.unlock();
            std::optional<std::string> bytes;
            std::string problem = failure_of([&] { bytes = run_one(jobs[i]); });
            if (study::stop_flag()) bytes.reset();  // cut short: its checkpoint holds its last whole epoch
            lock.lock();
            slots[i].ended = true;
            slots[i].bytes = std::move(bytes);
            if (!problem.empty()) fail(i, std::move(problem));
            ended.notify_all();
        }
        --alive;
        ended.notify_all();
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < std::min(threads_, jobs.size()); ++t) pool.emplace_back(worker);
    {
        std::unique_lock lock(mutex);
        for (std::size_t at = 0; at < jobs.size(); ++at) {
            ended.wait(lock, [&] { return slots[at].ended || alive == 0; });
            if (!slots[at].bytes) break;  // not run, failed or cut short: nothing after it is delivered
            std::string bytes = std::move(*slots[at].bytes);
            slots[at].bytes.reset();
            lock.unlock();
            std::string problem = failure_of([&] { deliver(jobs[at], std::move(bytes)); });
            lock.lock();
            if (!problem.empty()) {
                fail(at, std::move(problem));
                break;
            }
        }
    }
    for (auto& t : pool) t.join();
    for (std::size_t i = 0; i < jobs.size(); ++i)
        if (!slots[i].problem.empty()) throw job_failure(jobs[i], slots[i].problem);
}

}  // namespace sweep
