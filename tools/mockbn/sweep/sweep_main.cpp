// mockbn sweep: runs the study over a grid of its options; mockbn merge:
// joins the folders of sharded runs (docs/sweep.md).
//
//   mockbn sweep [--optimizer sgd,adam] [--lr 0.003,0.01] [...] [--file sweep.json]
//                [--out DIR] [--threads N] [--shard i/n] [--resume DIR [--grow CLAIMS]] [--force]
//   mpirun -n N mockbn sweep [the same, but --threads]
//   mockbn merge OUT SHARD_DIR... [--allow-mixed-kernels] [--force]
//
// Under mpirun (a build that found MPI), rank 0 alone does the folder's
// steps (refusals, lock, plan.json, the result files) and says what ends
// the program; it shares the sweep with the other ranks, and every rank
// reads the data and trains (mpi_executor.hpp). A build without MPI refuses
// to start under mpirun rather than run the whole sweep once per rank.
//
// Exit status, as the study's: 0 when every job of the share finished and
// the result files and report are written; 1 when the data, a file of a
// folder or gnuplot fail (the message names the file); 2 for a bad command line or
// sweep file, a configuration the study refuses, a folder in use or holding
// another sweep, a checkpoint of another job, shards that do not merge, or a
// sweep past its limits (budget.hpp) or the machine's memory; 3 when a job diverged and was
// stopped (the files are written, and name it); 130 or 143 after
// SIGINT or SIGTERM (the jobs stop at a step boundary; the message gives the
// command that continues them).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <mockbn/mockbn.hpp>

#include "budget.hpp"
#include "command_line.hpp"
#include "folder.hpp"
#include "grid.hpp"
#include "growth.hpp"
#include "identity.hpp"
#include "interrupt.hpp"
#include "memory.hpp"
#include "merge.hpp"
#include "mpi_executor.hpp"
#include "process.hpp"
#include "results.hpp"
#include "runner.hpp"
#include "subcommands.hpp"
#include "sweep_command.hpp"
#include "sweep_file.hpp"
#include "sweep_folder.hpp"
#include "sweep_report.hpp"

namespace {

using namespace sweep;
namespace fs = std::filesystem;

// A sweep as this invocation runs it: its configurations and the jobs of its share.
struct plan {
    grid given;
    std::vector<configuration> configurations;
    std::vector<std::size_t> mine;  // job numbers of this share
    nlohmann::json sweep;           // canonical: plan.json holds it
    std::size_t threads() const { return configurations.front().options.threads; }
};

plan plan_of(const grid& g, const std::string& out) {
    plan p{g, expand(g, out), {}, {}};
    p.mine = jobs_in(jobs_of(p.configurations), g.part);
    p.sweep = canonical(g, p.configurations);
    return p;
}

// Refused when this share's jobs, --threads at once, each as large as the largest configuration's, would not fit.
void require_memory(const plan& p) {
    const auto per_run = [](const configuration& c) {
        return study::plan_memory(c.options, mockbn::data::standard_features, mockbn::data::standard_classes).per_run;
    };
    const auto largest = std::max_element(p.configurations.begin(), p.configurations.end(),
                                          [&](const auto& a, const auto& b) { return per_run(a) < per_run(b); });
    study::require_memory(largest->options, mockbn::data::standard_features, mockbn::data::standard_classes,
                          p.mine.size());
}

// The configurations this share has jobs of, in grid order.
std::vector<const configuration*> configurations_of(const plan& p) {
    const auto jobs = jobs_of(p.configurations);
    std::vector<const configuration*> mine;
    for (const std::size_t n : p.mine) {
        const configuration* c = &p.configurations[jobs[n].configuration];
        if (mine.empty() || mine.back() != c) mine.push_back(c);
    }
    return mine;
}

// After a stop signal (SIGINT, SIGTERM, SIGUSR1): the command that continues the sweep in `out` (`launcher`: "mpirun -n
// 4 ", or none).
int stopped(const char* program, const fs::path& out, const std::string& launcher = "") {
    return study::stopped("mockbn sweep",
                          launcher + study::shell_quoted(program) + " sweep --resume " + study::shell_quoted(out));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The result files, then the report page and its figure (sweep_report.hpp); the exit status.
int finish(const char* program, const fs::path& out, const outcome& o, const nlohmann::json& sweep,
           const study::provenance& where) {
    auto judged = judge_configurations(o);  // once, for the result files and the report
    write_results(out, o, judged, sweep, where);
    const auto report = write_sweep_report(out, o, std::move(judged), where, true);
    if (study::stop_flag()) return stopped(program, out);  // gnuplot was stopped too: the same command redraws
    std::size_t finished = 0, diverged = 0;
    for (const auto& runs : o.runs)
        for (const auto& r : runs) {
            ++finished;
            diverged += r.diverged;
        }
    std::printf("%zu jobs of %zu configurations finished; report: %s%s (%.1f s)\n", finished, o.configurations.size(),
                (out / "report.html").c_str(), report.drawn ? "" : ", without the figures gnuplot could not draw",
                where.wall_seconds);
    if (diverged > 0) {
        const std::string what =
            diverged == 1 ? "a job diverged and was stopped; jobs.csv, summary.json and the report name it"
                          : std::to_string(diverged) +
                                " jobs diverged and were stopped; jobs.csv, summary.json and the report name them";
        std::fprintf(stderr, "mockbn sweep: %s\n", what.c_str());
        return 3;
    }
    return report.drawn ? 0 : 1;
}

// The exit status of an error main reports.
int status_of(const std::exception& e) {
    if (dynamic_cast<const study::usage_error*>(&e) != nullptr) return 2;
    if (const auto* error = dynamic_cast<const study::study_error*>(&e)) return error->status();
    return 1;
}

// Prints what ended the program (rank 0's words only, under MPI); the exit status.
int report(const std::exception& e, bool speaks, const char* name = "mockbn sweep") {
    if (speaks) {
        const bool usage = dynamic_cast<const study::usage_error*>(&e) != nullptr;
        std::fprintf(stderr, "%s: %s%s\n", name, e.what(), usage ? " (see --help)" : "");
    }
    return status_of(e);
}

// Where the jobs run: threads of this process (--threads N).
struct threads_here {
    std::size_t other_ranks() const { return 0; }
    std::string share(std::string text) const { return text; }
    std::string launcher() const { return ""; }
    grid for_executor(grid g) const { return g; }
    void run_jobs(const plan& p, const std::vector<std::size_t>& jobs, const job_runner& run_one,
                  const result_sink& deliver) const {
        mockbn::research::thread_executor(p.threads(), study::stop_flag())
            .run_jobs<std::string>(jobs, run_one, deliver);
    }
    void abandon(const std::exception&) const {}  // nobody waits: main reports the error
};

#ifdef MOCKBN_SWEEP_MPI
// Where the jobs run: the ranks of an MPI run (mpi_executor.hpp), one job at a time each; rank 0 leads.
struct mpi_ranks {
    const mpi_session& session;

    int rank() const { return session.rank(); }
    std::size_t other_ranks() const { return static_cast<std::size_t>(session.size() - 1); }
    std::string share(std::string text) const { return session.share(std::move(text)); }
    std::string launcher() const { return "mpirun -n " + std::to_string(session.size()) + " "; }
    // Each rank runs one job at a time: a --threads of the sweep's folder is not used.
    grid for_executor(grid g) const {
        g.given["threads"] = {"1"};
        return g;
    }
    void run_jobs(const plan&, const std::vector<std::size_t>& jobs, const job_runner& run_one,
                  const result_sink& deliver) const {
        mpi_executor(session).run_jobs(jobs, run_one, deliver);
    }
    // An error of rank 0 while the other ranks wait for its jobs: said, then every rank ended with its status.
    [[noreturn]] void abandon(const std::exception& e) const { session.abort(report(e, true)); }
    [[noreturn]] void abort(int status) const { session.abort(status); }
};
#endif

// The folder's sweep with the seeds --grow adds to it (growth.hpp), judged on its finished grid jobs; what it adds
// is printed per claim.
grid grown(const command& c, grid g) {
    if (g.part.count > 1)
        throw study::refusal("--grow: " + c.out + " holds the share " + g.part.text() +
                             " of a sweep; merge the shards (mockbn merge) and grow the merged folder");
    std::optional<merged> read;
    try {
        read.emplace(read_folders({c.out}, c.out, c.allow_kernel_change));
    } catch (const study::study_error& e) {
        throw study::refusal("--grow judges a finished sweep: " + std::string(e.what()) +
                             "; mockbn sweep --resume finishes it first");
    }
    // The seeds asked for are the grid's runs' to decide: grown runs never choose how many seeds are run.
    const std::size_t grid_jobs = grid_job_count(read->configurations);
    results on_grid;
    for (auto& [number, r] : read->done)
        if (number < grid_jobs) on_grid.emplace(number, std::move(r));
    const outcome o = collect(read->whole, read->configurations, std::move(on_grid));
    const auto added = growth_for(o, judge_configurations(o), c.grow, c.grow_seeds);
    for (const auto& claim : c.grow) {
        std::size_t configurations = 0, jobs = 0;
        for (const auto& a : added)
            if (a.claim == claim) {
                ++configurations;
                jobs += a.variants.size() * a.seeds.size();
            }
        std::printf(
            "--grow %s: %zu configurations gain seeds, %zu jobs at most (seeds its paired variants run "
            "already are not run again)\n",
            claim.c_str(), configurations, jobs);
    }
    std::fflush(stdout);  // before the jobs' progress on standard error
    g.grown.insert(g.grown.end(), added.begin(), added.end());
    return g;
}

// What rank 0 shares before the jobs start: the sweep (its canonical form), or "!" and the status it ended with.
constexpr char ended_before_jobs = '!';

// The folder's steps (rank 0's alone under MPI): refused, locked, settled; the data read; prepared.
template <class Team>
plan open_folder(const command& c, const Team& team, std::optional<study::folder_lock>& lock,
                 std::optional<runner>& jobs) {
    std::optional<plan> p;
    if (c.resume.empty()) {               // what needs no lock is refused before anything is made
        require_size(c.given, c.budget);  // before any configuration is built
        p = plan_of(team.for_executor(c.given), c.out);
        require_budget(estimate(p->configurations, p->mine, p->threads() * (team.other_ranks() + 1)), c.budget, c.out);
        require_memory(*p);
        refuse_early(c.out, c.force);
    } else {
        study::require_results(c.resume, study::folder_content::sweep);
    }
    lock.emplace(c.out);
    if (!c.resume.empty()) {
        p = plan_of(team.for_executor(resolve(c)), c.out);
        require_memory(*p);
    }
    if (settle(c.out, p->sweep, c.force)) {
        const auto all = jobs_of(p->configurations);
        study::plan_runs runs;
        for (const auto& configuration : p->configurations) runs[configuration.id];
        for (const std::size_t n : p->mine)
            if (all[n].source == n)  // a job that reuses another's run has no checkpoint of its own
                runs[p->configurations[all[n].configuration].id].insert(
                    study::checkpoint_name(all[n].job.variant, all[n].job.seed));
        study::require_plan_runs(c.out, runs);
    }
    if (!c.grow.empty()) {
        p = plan_of(team.for_executor(grown(c, p->given)), c.out);
        require_memory(*p);
    }
    jobs.emplace(p->configurations, c.out, p->mine, c.allow_kernel_change);  // the data, read before any write
    prepare(c.out, p->sweep, configurations_of(*p));
    return std::move(*p);
}

#ifdef MOCKBN_SWEEP_MPI
// An MPI rank other than 0: the sweep rank 0 opened, its data, and the jobs rank 0 hands out.
int follow(const command& c, const mpi_ranks& team) {
    const std::string sweep = team.share({});
    if (!sweep.empty() && sweep.front() == ended_before_jobs) return std::stoi(sweep.substr(1));  // rank 0 said why
    try {
        const plan p = plan_of(grid_from_json(sweep), c.out);
        const runner jobs(p.configurations, c.out, p.mine, c.allow_kernel_change);
        serve_share(jobs, team.rank(), [&](const auto& numbers, const auto& run_one, const auto& deliver) {
            team.run_jobs(p, numbers, run_one, deliver);
        });
    } catch (const std::exception& e) {  // rank 0 and the others would wait for this rank
        std::fprintf(stderr, "mockbn sweep (rank %d): %s\n", team.rank(), e.what());
        team.abort(1);
    }
    return study::stop_flag() ? 128 + study::stop_signal() : 0;
}
#endif

// The sweep, run by this process or led by it as MPI's rank 0.
template <class Team>
int run_sweep(const char* program, const command& c, const Team& team) {
    const auto start = std::chrono::steady_clock::now();
    std::optional<study::folder_lock> lock;
    std::optional<runner> jobs;
    std::optional<plan> p;
    try {
        p = open_folder(c, team, lock, jobs);
    } catch (const std::exception& e) {
        team.share(ended_before_jobs + std::to_string(status_of(e)));
        throw;
    }
    team.share(p->sweep.dump());
    results done;
    try {
        done = run_share(
            *jobs, p->mine,
            [&](const auto& numbers, const auto& run_one, const auto& deliver) {
                team.run_jobs(*p, numbers, run_one, deliver);
            },
            team.other_ranks());
    } catch (const job_failure&) {
        throw;                           // every rank has left run_jobs
    } catch (const std::exception& e) {  // a checkpoint refused, or the MPI protocol's own error
        team.abandon(e);
        throw;
    }
    const std::string share = p->given.part.count > 1 ? " --shard " + p->given.part.text() : "";
    const auto times = study::record_invocation(c.out, {"sweep" + share, seconds_since(start)});
    if (study::stop_flag()) return stopped(program, c.out, team.launcher());
    return finish(program, c.out, collect(p->given, p->configurations, std::move(done)), p->sweep,
                  study::provenance_of(times, study::blas_description(), study::current_environment("").build));
}

int run_merge(const char* program, const merge_command& m) {
    const auto start = std::chrono::steady_clock::now();
    const merged joined = read_shards(m);
    refuse_early(m.out, m.force);
    const study::folder_lock lock(m.out);
    settle(m.out, joined.sweep, m.force);
    std::vector<const configuration*> all;
    for (const auto& c : joined.configurations) all.push_back(&c);
    prepare(m.out, joined.sweep, all);
    copy_checkpoints(joined, m.out);
    std::vector<study::invocation> times;  // the shards' rows, in the order given, then the merge's
    for (const auto& shard : m.shards)
        for (auto& row : study::read_invocations(shard)) times.push_back(std::move(row));
    times.push_back({"merge", seconds_since(start)});
    study::write_invocations(m.out, times);
    return finish(program, m.out, collect(joined.whole, joined.configurations, joined.done), joined.sweep,
                  study::provenance_of(study::read_invocations(m.out), joined.blas, joined.build));
}

// The sweep, or merge, on threads of this process.
int run_here(const char* program, const std::vector<std::string>& arguments, bool merge) {
    if (merge) return run_merge(program, parse_merge(arguments));
    return run_sweep(program, parse(arguments), threads_here{});
}

#ifdef MOCKBN_SWEEP_MPI
// The sweep as one rank of an MPI run; a merge is one process's work.
int run_as_rank(const char* program, const std::vector<std::string>& arguments, bool merge,
                const mpi_session& session) {
    if (merge) {
        if (session.size() > 1)
            throw study::usage_error("merge: run it as one process, without mpirun -n " +
                                     std::to_string(session.size()));
        return run_here(program, arguments, merge);
    }
    const bool help = std::find(arguments.begin(), arguments.end(), "--help") != arguments.end() ||
                      std::find(arguments.begin(), arguments.end(), "-h") != arguments.end();
    if (help && session.rank() != 0) return 0;  // rank 0 prints it
    const command c = parse(arguments);
    if (c.given.given.count("threads") > 0 && c.given.given.at("threads") != std::vector<std::string>{"1"})
        throw study::usage_error(
            "--threads: under mpirun each rank runs one job at a time; give the ranks with "
            "mpirun -n instead");
    const mpi_ranks team{session};
    return session.rank() == 0 ? run_sweep(program, c, team) : follow(c, team);
}
#endif

}  // namespace

int report_sweep(const char* program, const std::filesystem::path& folder, bool allow_mixed_kernels) {
    const study::folder_lock lock(folder);
    const merged read = read_folders({folder.string()}, folder, allow_mixed_kernels);
    return finish(program, folder, collect(read.whole, read.configurations, read.done), read.sweep,
                  study::provenance_of(study::read_invocations(folder), study::blas_description(), read.build));
}

int sweep_main(const char* program, int argc, char** argv, const std::vector<std::string>& arguments, bool merge) {
    const char* name = merge ? "mockbn merge" : "mockbn sweep";
    study::install_stop_handlers();
#ifdef MOCKBN_SWEEP_MPI
    std::optional<mpi_session> session;
#endif
    try {
        if (started_by_mpi_launcher()) {
#ifdef MOCKBN_SWEEP_MPI
            session.emplace(argc, argv);
            try {
                return run_as_rank(program, arguments, merge, *session);
            } catch (const std::exception& e) {
                return report(e, session->rank() == 0, name);
            }
#else
            (void)argc;
            (void)argv;
            throw study::usage_error(
                "this mockbn was built without MPI (CMake did not find it), so each rank would run the whole "
                "sweep: install libopenmpi-dev (scripts/setup does), rebuild, or run it without mpirun");
#endif
        }
        return run_here(program, arguments, merge);
    } catch (const std::exception& e) {
        return report(e, true, name);
    }
}
