#include "executor.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "interrupt.hpp"

namespace sweep {

executor thread_executor(std::size_t threads) {
    return [threads](const std::vector<std::size_t>& jobs, const job_runner& run_one, const result_sink& deliver) {
        std::vector<std::exception_ptr> errors(jobs.size());
        std::atomic<std::size_t> next{0};
        std::mutex delivering;
        auto worker = [&] {
            for (std::size_t i; !study::stop_flag() && (i = next++) < jobs.size();) {
                try {
                    auto result = run_one(jobs[i]);
                    const std::lock_guard lock(delivering);
                    deliver(jobs[i], std::move(result));
                } catch (...) {
                    errors[i] = std::current_exception();
                    study::request_stop();  // the sweep fails: the other jobs stop at their next step
                }
            }
        };
        std::vector<std::thread> pool;
        for (std::size_t t = 0; t < std::min(threads, jobs.size()); ++t) pool.emplace_back(worker);
        for (auto& t : pool) t.join();
        for (const auto& error : errors)
            if (error) std::rethrow_exception(error);
    };
}

}  // namespace sweep
