// bench_sweep_scaling: how the MPI executor scales (scripts/bench-sweep runs it).
//
//   mpirun -n N bench_sweep_scaling fake queue|stride JOBS
//   mpirun -n N bench_sweep_scaling study queue|stride [mockbn study options, e.g. --quick --epochs 1 --out DIR]
//
// fake: JOBS jobs of uneven cost, job j taking 1 to 10 units (a chain of
// hashes, about 70 ms a unit) drawn from j, each returning 2 kB.
// study: the study's jobs (every variant and seed of the options), each run
// by run_job with its checkpoint under --out; its result travels as the run
// store's bytes (put_run, checkpoint::to_bytes), and rank 0 delivers it as
// the sweep does: reads it back (from_bytes, get_run) and appends its epochs
// and its probe histograms (the bulk of probe.csv) to DIR/epochs.csv, flushed.
//
// Rank 0 prints one line:
//   ranks=N schedule=S jobs=J wall_s=W jobs_per_hour=H job_s=T busy=B receive_ms_per_job=R
//   deliver_ms_per_job=D rank0_share=F
// job_s is a job's mean time (run_one, over every rank); busy is the share
// of the ranks' time spent in jobs (J × job_s / (N × W)): what the schedule
// and the messages lose, apart from jobs running slower side by side;
// rank0_share is (R + D) / job_s, the share of a job's time rank 0 spends
// receiving and writing its result: about 1 / rank0_share ranks keep rank 0
// busy full time.
// A bad command line prints its usage and exits 2.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <mpi.h>

#include <mockbn/mockbn.hpp>

#include "command_line.hpp"
#include "experiment.hpp"
#include "folder.hpp"
#include "identity.hpp"
#include "mpi_executor.hpp"
#include "run_store.hpp"

// OpenBLAS's own threads would compete with the ranks: each job uses one, as in the study.
extern "C" void openblas_set_num_threads(int);

namespace {

using clock_type = std::chrono::steady_clock;

std::uint64_t mix(std::uint64_t state) {  // splitmix64's output function
    std::uint64_t z = state + 0x9e3779b97f4a7c15u;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

// A fake job: 1 to 10 units of a hash chain (each step needs the last, so no compiler shortens it).
std::string run_fake_job(std::size_t job) {
    const std::uint64_t units = 1 + mix(job) % 10;
    std::uint64_t chain = job;
    for (std::uint64_t i = 0; i < units * 10'000'000; ++i) chain = mix(chain);
    std::string bytes(2048, static_cast<char>(chain));
    return bytes;
}

// The study's jobs under options `o`, as a sweep's jobs of one configuration.
struct study_jobs {
    study::options o;
    study::study_data data;
    study::environment where;
    std::vector<study::job> jobs;

    explicit study_jobs(const study::options& given) : o(given) {
        std::string fingerprint;
        data = study::load_data(o, fingerprint);
        where = study::current_environment(fingerprint);
        for (const auto& v : o.variants)
            for (auto seed : o.seeds) jobs.push_back({v, seed});
    }

    std::string run(std::size_t i) const {
        const auto path = study::checkpoint_path(o.out, study::configuration_id(o), jobs[i].variant, jobs[i].seed);
        const auto result = study::run_job(o, data, jobs[i], path, where, [](const std::string&) {});
        mockbn::io::checkpoint c;
        study::put_run(c, result);
        return c.to_bytes(study::run_identity(o, jobs[i].variant, jobs[i].seed, where));
    }

    void deliver(std::size_t i, const std::string& bytes, std::ofstream& csv) const {
        const auto c = mockbn::io::checkpoint::from_bytes(bytes, "job " + std::to_string(i));
        const auto run = study::get_run(c, o);
        for (const auto& e : run.epochs)
            csv << i << ',' << e.epoch << ',' << e.train_loss << ',' << e.test_loss << ',' << e.test_accuracy << '\n';
        for (const auto& s : run.stages)  // the bulk of probe.csv
            for (std::size_t b = 0; b < s.histogram.bins(); ++b)
                csv << i << ',' << s.epoch << ',' << s.stage << ',' << b << ',' << s.histogram.counts[b] << '\n';
        csv.flush();
    }
};

struct measured {
    std::size_t jobs = 0;
    double wall_seconds = 0;
    std::uint64_t job_nanoseconds = 0;  // summed over every rank
    sweep::mpi_statistics rank0;
};

// Runs `count` jobs on every rank, timing rank 0's wall time and each rank's run_one.
measured run_all(const sweep::mpi_session& session, sweep::schedule s, std::size_t count,
                 const sweep::job_runner& run_one, const sweep::result_sink& deliver) {
    std::vector<std::size_t> jobs(count);
    for (std::size_t i = 0; i < count; ++i) jobs[i] = i;
    std::uint64_t mine = 0;
    const auto timed = [&](std::size_t job) {
        const auto start = clock_type::now();
        std::string bytes = run_one(job);
        mine += static_cast<std::uint64_t>(std::chrono::nanoseconds(clock_type::now() - start).count());
        return bytes;
    };
    MPI_Barrier(MPI_COMM_WORLD);
    const auto start = clock_type::now();
    measured m{count, 0, 0, sweep::mpi_executor(session, s).run_jobs(jobs, timed, deliver)};
    m.wall_seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    MPI_Reduce(&mine, &m.job_nanoseconds, 1, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
    return m;
}

void print(const measured& m, int ranks, const char* schedule) {
    const double job_s = static_cast<double>(m.job_nanoseconds) * 1e-9 / static_cast<double>(m.jobs);
    const double receive_ms = m.rank0.receiving_seconds * 1e3 / static_cast<double>(m.jobs);
    const double deliver_ms = m.rank0.delivering_seconds * 1e3 / static_cast<double>(m.jobs);
    const double busy = job_s * static_cast<double>(m.jobs) / (ranks * m.wall_seconds);
    std::printf(
        "ranks=%d schedule=%s jobs=%zu wall_s=%.2f jobs_per_hour=%.0f job_s=%.3f busy=%.3f receive_ms_per_job=%.3f "
        "deliver_ms_per_job=%.3f rank0_share=%.2e\n",
        ranks, schedule, m.jobs, m.wall_seconds, static_cast<double>(m.jobs) * 3600 / m.wall_seconds, job_s, busy,
        receive_ms, deliver_ms, (receive_ms + deliver_ms) * 1e-3 / job_s);
}

int run(int argc, char** argv, const sweep::mpi_session& session) {
    const bool known = argc >= 3 && (std::strcmp(argv[1], "fake") == 0 || std::strcmp(argv[1], "study") == 0) &&
                       (std::strcmp(argv[2], "queue") == 0 || std::strcmp(argv[2], "stride") == 0);
    if (!known || (std::strcmp(argv[1], "fake") == 0 && argc != 4)) {
        if (session.rank() == 0)
            std::fprintf(stderr,
                         "usage: bench_sweep_scaling fake queue|stride JOBS\n"
                         "       bench_sweep_scaling study queue|stride [mockbn study options]\n");
        return 2;
    }
    const auto s = std::strcmp(argv[2], "queue") == 0 ? sweep::schedule::queue : sweep::schedule::stride;
    if (std::strcmp(argv[1], "fake") == 0) {
        const measured m = run_all(session, s, std::stoul(argv[3]), run_fake_job, [](std::size_t, std::string) {});
        if (session.rank() == 0) print(m, session.size(), argv[2]);
        return 0;
    }
    std::vector<char*> study_argv = {argv[0]};
    study_argv.insert(study_argv.end(), argv + 3, argv + argc);
    const study_jobs study(study::parse(static_cast<int>(study_argv.size()), study_argv.data()).given);
    std::filesystem::create_directories(std::filesystem::path(study.o.out) / "checkpoints" /
                                        study::configuration_id(study.o));
    std::ofstream csv;
    if (session.rank() == 0) csv.open(std::filesystem::path(study.o.out) / "epochs.csv", std::ios::trunc);
    const measured m = run_all(
        session, s, study.jobs.size(), [&](std::size_t i) { return study.run(i); },
        [&](std::size_t i, std::string bytes) { study.deliver(i, bytes, csv); });
    if (session.rank() == 0) print(m, session.size(), argv[2]);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    sweep::mpi_session session(argc, argv);
    openblas_set_num_threads(1);
    try {
        const int status = run(argc, argv, session);
        if (status != 0) session.abort(status);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_sweep_scaling: %s\n", e.what());
        session.abort(1);
    }
}
