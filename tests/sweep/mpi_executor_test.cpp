// The MPI executor (tools/mockbn/sweep/mpi_executor.hpp) run by mpirun on fake
// jobs whose results are known bytes: some jobs slow, most fast, results
// from empty to larger than one eager MPI message.
//
//   mpirun -n N mpi_executor_test queue|stride [fail|fail-delivery|stop|kill JOB]
//
// First every rank checks mpi_session::share. The jobs are 0..59 without
// the multiples of 7 (like a resumed sweep's unfinished jobs). Without a
// mode, rank 0 checks that every job ran once and was delivered once, in
// order, with its bytes, and prints "delivered N jobs in order, each with its
// bytes"; with the stride schedule each rank checks that it ran only its own
// positions. The modes, for JOB:
//   fail           run_one throws: rank 0 prints the job_failure and exits 1;
//   fail-delivery  deliver throws: the same;
//   stop           the run sets the stop flag, as SIGTERM would, and ends;
//   kill           the rank running it kills itself (SIGKILL).
// After a failure or a stop, rank 0 checks that the delivered jobs are the
// list's first ones, the failed job not among them (and, with the queue, all
// the jobs before it: they had all started). A broken check prints
// "mpi_executor_test: check failed: ..." and exits 3.
#include <mpi.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "interrupt.hpp"
#include "mpi_executor.hpp"

namespace {

struct test_options {
    sweep::schedule schedule = sweep::schedule::queue;
    std::string mode;  // "" or one of the modes above
    std::size_t job = 0;
};

test_options parse(int argc, char** argv) {
    test_options t;
    if (argc < 2 || (std::strcmp(argv[1], "queue") != 0 && std::strcmp(argv[1], "stride") != 0) || argc == 3 ||
        argc > 4)
        throw std::invalid_argument("usage: mpi_executor_test queue|stride [fail|fail-delivery|stop|kill JOB]");
    t.schedule = std::strcmp(argv[1], "queue") == 0 ? sweep::schedule::queue : sweep::schedule::stride;
    if (argc == 4) {
        t.mode = argv[2];
        t.job = std::stoul(argv[3]);
    }
    return t;
}

std::vector<std::size_t> job_list() {
    std::vector<std::size_t> jobs;
    for (std::size_t j = 0; j < 60; ++j)
        if (j % 7 != 0) jobs.push_back(j);
    return jobs;
}

std::uint64_t mix(std::uint64_t& state) {  // splitmix64
    std::uint64_t z = (state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

// Job j's result: a size from nothing (job 1) to 200 kB (job 13), bytes from j alone.
std::string bytes_of(std::size_t job) {
    const std::size_t size = job == 13 ? 200'000 : job == 1 ? 0 : (job * 7919) % 3000;
    std::string bytes(size, '\0');
    std::uint64_t state = job;
    for (char& b : bytes) b = static_cast<char>(mix(state));
    return bytes;
}

// Job j's work: a chain of hashes, each needing the one before, so no
// compiler shortens it; every fifth job's chain is a thousand times the
// others'. Its end enters the result in a way that never changes it.
std::string run_fake_job(std::size_t job) {
    std::uint64_t chain = job;
    for (std::size_t i = 0, n = job % 5 == 0 ? 5'000'000 : 5'000; i < n; ++i) chain = mix(chain);
    std::string bytes = bytes_of(job);
    if (chain == job) bytes += "unreachable";
    return bytes;
}

// What a rank saw: the positions it ran, and, on rank 0, the deliveries.
struct observed {
    std::vector<std::size_t> ran;
    std::vector<std::size_t> delivered;
    std::vector<std::string> problems;
    std::optional<sweep::job_failure> failure;
};

sweep::job_runner fake_runner(const test_options& t, const std::vector<std::size_t>& jobs, observed& seen) {
    return [&](std::size_t job) {
        seen.ran.push_back(static_cast<std::size_t>(std::lower_bound(jobs.begin(), jobs.end(), job) - jobs.begin()));
        if (job == t.job && t.mode == "fail") throw std::runtime_error("fake failure of job " + std::to_string(job));
        if (job == t.job && t.mode == "kill") std::raise(SIGKILL);
        if (job == t.job && t.mode == "stop") study::request_stop();
        return run_fake_job(job);
    };
}

sweep::result_sink checking_sink(const test_options& t, observed& seen) {
    return [&](std::size_t job, std::string bytes) {
        if (job == t.job && t.mode == "fail-delivery") throw std::runtime_error("fake disk full");
        if (bytes != bytes_of(job)) seen.problems.push_back("job " + std::to_string(job) + " has other bytes");
        seen.delivered.push_back(job);
    };
}

// Rank 0, after a failure or a stop: the delivered jobs are the list's first ones, up to the failed one.
void check_prefix(const test_options& t, const std::vector<std::size_t>& jobs, observed& seen) {
    const auto failed = std::find(jobs.begin(), jobs.end(), t.job);
    const bool prefix = seen.delivered.size() <= static_cast<std::size_t>(failed - jobs.begin()) &&
                        std::equal(seen.delivered.begin(), seen.delivered.end(), jobs.begin());
    if (!prefix)
        seen.problems.push_back("the delivered jobs are not the first ones before job " + std::to_string(t.job));
    if (t.schedule == sweep::schedule::queue && t.mode != "stop" &&
        seen.delivered.size() != static_cast<std::size_t>(failed - jobs.begin()))
        seen.problems.push_back("not every job before the failed one was delivered");
    if (t.mode == "stop" && !study::stop_flag()) seen.problems.push_back("rank 0's stop flag is not set");
    const bool failure_expected = t.mode == "fail" || t.mode == "fail-delivery";
    if (failure_expected != seen.failure.has_value())
        seen.problems.push_back(failure_expected ? "no job_failure" : "an unexpected job_failure");
    else if (seen.failure && seen.failure->job() != t.job)
        seen.problems.push_back("the job_failure names job " + std::to_string(seen.failure->job()));
}

// Every rank's checks; rank 0's too once every rank has counted its runs.
void check(const test_options& t, const sweep::mpi_session& session, const std::vector<std::size_t>& jobs,
           observed& seen) {
    if (t.schedule == sweep::schedule::stride)
        for (std::size_t position : seen.ran)
            if (position % static_cast<std::size_t>(session.size()) != static_cast<std::size_t>(session.rank()))
                seen.problems.push_back("rank " + std::to_string(session.rank()) + " ran position " +
                                        std::to_string(position));
    const unsigned long mine = seen.ran.size();
    unsigned long total = 0;
    MPI_Reduce(&mine, &total, 1, MPI_UNSIGNED_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    if (session.rank() != 0) return;
    if (!t.mode.empty()) return check_prefix(t, jobs, seen);
    if (total != jobs.size())
        seen.problems.push_back(std::to_string(total) + " runs for " + std::to_string(jobs.size()) + " jobs");
    if (seen.delivered != jobs) seen.problems.push_back("the delivered jobs are not the list, in order");
}

// share(): rank 0's text on every rank, whatever the others give, 200 kB or nothing.
void check_share(const sweep::mpi_session& session, observed& seen) {
    const bool zero = session.rank() == 0;
    if (session.share(zero ? bytes_of(13) : "other") != bytes_of(13) || !session.share(zero ? "" : "other").empty())
        seen.problems.push_back("share() gave rank " + std::to_string(session.rank()) + " other bytes than rank 0's");
}

int run(int argc, char** argv, const sweep::mpi_session& session) {
    const test_options t = parse(argc, argv);
    const std::vector<std::size_t> jobs = job_list();
    observed seen;
    check_share(session, seen);
    try {
        sweep::mpi_executor(session, t.schedule).run_jobs(jobs, fake_runner(t, jobs, seen), checking_sink(t, seen));
    } catch (const sweep::job_failure& e) {
        seen.failure = e;
    }
    check(t, session, jobs, seen);
    for (const auto& p : seen.problems) std::fprintf(stderr, "mpi_executor_test: check failed: %s\n", p.c_str());
    if (!seen.problems.empty()) return 3;
    if (seen.failure) {
        std::fprintf(stderr, "mpi_executor_test: %s\n", seen.failure->what());
        return 1;
    }
    if (session.rank() == 0 && t.mode.empty())
        std::printf("delivered %zu jobs in order, each with its bytes\n", seen.delivered.size());
    if (session.rank() == 0 && t.mode == "stop") std::printf("stopped, %zu jobs delivered\n", seen.delivered.size());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    sweep::mpi_session session(argc, argv);
    try {
        return run(argc, argv, session);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mpi_executor_test: %s\n", e.what());
        session.abort(2);
    }
}
