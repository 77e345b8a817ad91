// The MPI executor (mpi_executor.hpp). One protocol for both schedules:
// every rank other than 0 sends rank 0 a report (ready, or how its last job
// ended, with the result's bytes) and waits for the answer (a job, or none:
// it is done). Rank 0's main thread serves these reports and its own worker
// thread's, and delivers the results in the order of `jobs`. The schedule
// only decides which job an answer names.
#include "mpi_executor.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <utility>

#include "interrupt.hpp"

namespace sweep {

namespace {

constexpr int report_tag = 1, answer_tag = 2;

// How long rank 0's main thread sleeps between looks for the other ranks'
// reports (its own worker thread wakes it at once). It polls (MPI_Iprobe)
// rather than waiting inside MPI because Open MPI's blocking calls spin: they
// would take the core of rank 0's worker thread. Each look costs tens of
// microseconds of that core, and a report waits 2.5 ms on average: both
// about half a percent of the shortest jobs (the study's --quick ones, half
// a second), less for real ones.
constexpr auto poll_interval = std::chrono::milliseconds(5);

enum class outcome : char { ready = 'R', done = 'D', failed = 'F', stopped = 'S' };

// A rank's report on its last job: the job's position in `jobs`, and the
// result's bytes (done) or the error's message (failed).
struct report {
    outcome kind = outcome::ready;
    std::uint64_t position = 0;
    std::string payload;
};

// An answer's "no job": the rank is done.
constexpr std::uint64_t no_job = UINT64_MAX;

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string encode(const report& r) {
    std::string bytes(1, static_cast<char>(r.kind));
    for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<char>(r.position >> (8 * i)));
    return bytes + r.payload;
}

report decode(std::string_view bytes) {
    const auto kind = static_cast<outcome>(bytes.empty() ? 0 : bytes[0]);
    if (bytes.size() < 9 ||
        (kind != outcome::ready && kind != outcome::done && kind != outcome::failed && kind != outcome::stopped))
        throw std::runtime_error("MPI executor: a report that is not one (" + std::to_string(bytes.size()) + " bytes)");
    report r{kind, 0, {}};
    for (int i = 0; i < 8; ++i) r.position |= std::uint64_t{static_cast<unsigned char>(bytes[1 + i])} << (8 * i);
    r.payload = bytes.substr(9);
    return r;
}

// Sends `r` to rank 0; a result too large for one MPI message is sent as the job's failure.
void send_report(report r) {
    constexpr std::size_t most = INT_MAX - 9;  // an MPI count is an int; 9 bytes of header
    if (r.payload.size() > most)
        r = {outcome::failed, r.position,
             "its result holds " + std::to_string(r.payload.size()) + " bytes, more than one MPI message carries (" +
                 std::to_string(most) + ")"};
    const std::string bytes = encode(r);
    MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_CHAR, 0, report_tag, MPI_COMM_WORLD);
}

// Receives the report `probe` found.
report receive_report(const MPI_Status& probe) {
    int size = 0;
    MPI_Get_count(&probe, MPI_CHAR, &size);
    std::string bytes(static_cast<std::size_t>(size), '\0');
    MPI_Recv(bytes.data(), size, MPI_CHAR, probe.MPI_SOURCE, report_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return decode(bytes);
}

// Runs the job at `position`, and says how it ended. A job that ends with
// the stop flag set was cut short; with the flag set before, it does not start.
report run_reported(std::uint64_t position, std::size_t job, const job_runner& run_one) {
    if (study::stop_flag()) return {outcome::stopped, position, {}};
    try {
        std::string bytes = run_one(job);
        if (study::stop_flag()) return {outcome::stopped, position, {}};
        return {outcome::done, position, std::move(bytes)};
    } catch (const std::exception& e) {
        return {outcome::failed, position, e.what()};
    } catch (...) {
        return {outcome::failed, position, "an exception that is not a std::exception"};
    }
}

// A rank other than 0: report, take the answer, run it, until the answer is "no job".
void work_remotely(const job_runner& run_one) {
    report last;
    for (;;) {
        send_report(std::move(last));
        std::uint64_t answer[2];  // position, job
        MPI_Recv(answer, 2, MPI_UINT64_T, 0, answer_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (answer[0] == no_job) return;
        last = run_reported(answer[0], static_cast<std::size_t>(answer[1]), run_one);
    }
}

// Rank 0's side: which job each rank runs next, every rank's reports, and the results in order.
class coordinator {
public:
    coordinator(const std::vector<std::size_t>& jobs, schedule s, int ranks)
        : jobs_(jobs), schedule_(s), ranks_(ranks), next_by_rank_(ranks), remote_ranks_(ranks - 1) {
        for (int r = 0; r < ranks; ++r) next_by_rank_[r] = r;
    }

    // Rank 0's worker thread: runs rank 0's jobs until there are none.
    void work_locally(const job_runner& run_one) {
        while (const auto position = take(0)) {
            report r = run_reported(*position, jobs_[*position], run_one);
            if (r.kind != outcome::done) stop();  // before the main thread sees it: rank 0 takes no other job
            const std::lock_guard lock(mutex_);
            local_reports_.push_back(std::move(r));
            changed_.notify_one();
        }
        const std::lock_guard lock(mutex_);
        local_ended_ = true;
        changed_.notify_one();
    }

    // Rank 0's main thread: serves every report until every rank, its own worker thread included, is done.
    void serve(const result_sink& deliver) {
        while (remote_ranks_ > 0 || local_running_) {
            if (study::stop_flag()) stop();
            const bool remote = serve_remote_ranks();
            const bool local = take_local_reports();
            deliver_ready(deliver);
            if (!remote && !local) wait_for_news();
        }
    }

    // Sleeps until rank 0's worker thread reports, or, while other ranks
    // work, at most poll_interval.
    void wait_for_news() {
        std::unique_lock lock(mutex_);
        const auto news = [&] { return !local_reports_.empty() || (local_ended_ && local_running_); };
        if (remote_ranks_ > 0) changed_.wait_for(lock, poll_interval, news);
        else changed_.wait(lock, news);
    }

    // After serve: the first failure as job_failure, or what the run cost rank 0.
    mpi_statistics finish() const {
        if (failures_.empty()) return statistics_;
        const auto& [position, problem] = *failures_.begin();
        const std::size_t others = failures_.size() - 1;
        throw job_failure(jobs_[position],
                          others == 0 ? problem : problem + " (and " + std::to_string(others) + " more jobs failed)");
    }

    // No job starts from now on.
    void stop() {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }

private:
    // The position in jobs_ the rank runs next, if any.
    std::optional<std::uint64_t> take(int rank) {
        const std::lock_guard lock(mutex_);
        if (stopping_) return std::nullopt;
        std::size_t& next = schedule_ == schedule::queue ? next_in_queue_ : next_by_rank_[rank];
        if (next >= jobs_.size()) return std::nullopt;
        const std::size_t position = next;
        next += schedule_ == schedule::queue ? 1 : static_cast<std::size_t>(ranks_);
        return position;
    }

    bool serve_remote_ranks() {
        bool served = false;
        for (int waiting = 1;;) {
            MPI_Status probe;
            MPI_Iprobe(MPI_ANY_SOURCE, report_tag, MPI_COMM_WORLD, &waiting, &probe);
            if (!waiting) return served;
            const auto start = std::chrono::steady_clock::now();
            const int rank = probe.MPI_SOURCE;
            handle(rank, receive_report(probe));
            const auto position = take(rank);
            const std::uint64_t answer[2] = {position.value_or(no_job), position ? jobs_[*position] : 0};
            MPI_Send(answer, 2, MPI_UINT64_T, rank, answer_tag, MPI_COMM_WORLD);
            if (!position) --remote_ranks_;
            statistics_.receiving_seconds += seconds_since(start);
            served = true;
        }
    }

    // Handles what rank 0's worker thread reported; true if it reported or ended since the last look.
    bool take_local_reports() {
        std::deque<report> reports;
        bool ended = false;
        {
            const std::lock_guard lock(mutex_);
            reports.swap(local_reports_);
            ended = local_running_ && local_ended_;
            local_running_ = !local_ended_;
        }
        for (auto& r : reports) handle(0, std::move(r));
        return !reports.empty() || ended;
    }

    void handle(int rank, report r) {
        if (r.kind != outcome::ready && r.position >= jobs_.size())
            throw std::runtime_error("MPI executor: rank " + std::to_string(rank) + " reports on position " +
                                     std::to_string(r.position) + " of " + std::to_string(jobs_.size()) + " jobs");
        switch (r.kind) {
            case outcome::ready:
                break;
            case outcome::done:
                results_.emplace(r.position, std::move(r.payload));
                break;
            case outcome::failed:
                failures_.emplace(r.position, r.payload + " (on rank " + std::to_string(rank) + ")");
                stop();
                break;
            case outcome::stopped:
                study::request_stop();  // a stop anywhere stops the sweep; the caller on rank 0 sees it
                stop();
                break;
        }
    }

    // Delivers the results that come next in order. A deliver that throws
    // is the failure of its job, and the last delivery.
    void deliver_ready(const result_sink& deliver) {
        for (auto next = results_.extract(delivered_); !next.empty(); next = results_.extract(delivered_)) {
            const auto start = std::chrono::steady_clock::now();
            try {
                deliver(jobs_[delivered_], std::move(next.mapped()));
            } catch (const std::exception& e) {
                failures_.emplace(delivered_, std::string("delivering its result: ") + e.what());
                stop();
                return;  // delivered_ stays: nothing after it is delivered
            }
            ++delivered_;
            statistics_.delivering_seconds += seconds_since(start);
            ++statistics_.delivered;
        }
    }

    const std::vector<std::size_t>& jobs_;
    const schedule schedule_;
    const int ranks_;

    // Shared by the main thread and rank 0's worker thread, under mutex_.
    std::mutex mutex_;
    std::condition_variable changed_;
    bool stopping_ = false;
    std::size_t next_in_queue_ = 0;
    std::vector<std::size_t> next_by_rank_;  // the stride schedule's next position per rank
    std::deque<report> local_reports_;
    bool local_ended_ = false;

    // The main thread's own.
    int remote_ranks_;  // ranks other than 0 not yet told "no job"
    bool local_running_ = true;
    std::map<std::uint64_t, std::string> results_;   // received, not yet delivered, by position
    std::map<std::uint64_t, std::string> failures_;  // by position
    std::uint64_t delivered_ = 0;                    // positions delivered so far
    mpi_statistics statistics_;
};

}  // namespace

mpi_session::mpi_session(int& argc, char**& argv) {
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    if (provided < MPI_THREAD_FUNNELED) {
        MPI_Finalize();
        throw std::runtime_error(
            "the MPI library does not support MPI_THREAD_FUNNELED (rank 0 trains in a second thread)");
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    // A rank that leaves through std::exit (--help does) still finalizes: mpirun would call its end improper.
    std::atexit([] {
        int finalized = 0;
        MPI_Finalized(&finalized);
        if (!finalized) MPI_Finalize();
    });
}

mpi_session::~mpi_session() { MPI_Finalize(); }

std::string mpi_session::share(std::string text) const {
    std::uint64_t size = text.size();
    MPI_Bcast(&size, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    text.resize(size);
    for (std::uint64_t sent = 0; sent < size;) {  // in parts: an MPI count is an int
        const int part = static_cast<int>(std::min<std::uint64_t>(size - sent, INT_MAX));
        MPI_Bcast(text.data() + sent, part, MPI_CHAR, 0, MPI_COMM_WORLD);
        sent += static_cast<std::uint64_t>(part);
    }
    return text;
}

void mpi_session::abort(int status) const {
    MPI_Abort(MPI_COMM_WORLD, status);
    std::abort();  // MPI_Abort does not return
}

mpi_statistics mpi_executor::run_jobs(const std::vector<std::size_t>& jobs, const job_runner& run_one,
                                      const result_sink& deliver) const {
    if (session_.rank() != 0) {
        work_remotely(run_one);
        return {};
    }
    coordinator c(jobs, schedule_, session_.size());
    std::thread local([&] { c.work_locally(run_one); });
    try {
        c.serve(deliver);
    } catch (...) {
        c.stop();  // an error of the protocol itself: the caller aborts every rank (mpi_session::abort)
        local.join();
        throw;
    }
    local.join();
    return c.finish();
}

}  // namespace sweep
