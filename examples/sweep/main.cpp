// mockbn-sweep: runs the study over a grid of its options, and joins the
// folders of sharded runs (docs/sweep.md).
//
//   mockbn-sweep [--optimizer sgd,adam] [--lr 0.003,0.01] [...] [--file sweep.json]
//                [--out DIR] [--threads N] [--shard i/n] [--resume DIR] [--force]
//   mockbn-sweep merge OUT SHARD_DIR... [--allow-mixed-kernels] [--force]
//
// Exit status, as the study's: 0 when every job of the share finished and
// the result files and report are written; 1 when the data, a file of a
// folder or gnuplot fail (the message names the file); 2 for a bad command line or
// sweep file, a configuration the study refuses, a folder in use or holding
// another sweep, a checkpoint of another job, shards that do not merge, or a
// sweep too large for the machine's memory; 3 when a job diverged and was
// stopped (the files are written, and name it); 130 or 143 after
// SIGINT or SIGTERM (the jobs stop at a step boundary; the message gives the
// command that continues them).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>

#include <mockbn/mockbn.hpp>

#include "command_line.hpp"
#include "folder.hpp"
#include "grid.hpp"
#include "identity.hpp"
#include "interrupt.hpp"
#include "memory.hpp"
#include "merge.hpp"
#include "process.hpp"
#include "results.hpp"
#include "runner.hpp"
#include "sweep_command.hpp"
#include "sweep_folder.hpp"
#include "sweep_report.hpp"
#include "thread_executor.hpp"

// OpenBLAS's own threads would compete with the sweep's: each job uses one.
extern "C" void openblas_set_num_threads(int);

namespace {

using namespace sweep;
namespace fs = std::filesystem;

// A sweep as this invocation runs it: its configurations and the jobs of its share.
struct plan {
    grid given;
    std::vector<configuration> configurations;
    std::vector<std::size_t> mine;  // job numbers of this share
    nlohmann::json sweep;           // canonical: sweep.json
    std::size_t threads() const { return configurations.front().options.threads; }
};

plan plan_of(const grid& g, const std::string& out) {
    plan p{g, expand(g, out), {}, {}};
    const std::size_t jobs = jobs_of(p.configurations).size();
    for (std::size_t n = 0; n < jobs; ++n)
        if (g.part.holds(n)) p.mine.push_back(n);
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

// After SIGINT or SIGTERM: the command that continues the sweep in `out`.
int stopped(const char* program, const fs::path& out) {
    return study::stopped("mockbn-sweep", study::shell_quoted(program) + " --resume " + study::shell_quoted(out));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The result files, then the report page and its figure (sweep_report.hpp); the exit status.
int finish(const char* program, const fs::path& out, const outcome& o, const nlohmann::json& sweep,
           const study::provenance& where) {
    write_results(out, o, sweep, where);
    const auto report = write_sweep_report(out, o, where, true);
    if (study::stop_flag()) return stopped(program, out);  // gnuplot was stopped too: the same command redraws
    std::size_t finished = 0, diverged = 0;
    for (const auto& runs : o.runs)
        for (const auto& r : runs) {
            ++finished;
            diverged += r.diverged;
        }
    std::printf("%zu jobs of %zu configurations finished; report: %s (%.1f s)\n", finished, o.configurations.size(),
                (out / "report.html").c_str(), where.wall_seconds);
    if (diverged > 0) {
        const std::string what =
            diverged == 1 ? "a job diverged and was stopped; jobs.csv, summary.json and the report name it"
                          : std::to_string(diverged) +
                                " jobs diverged and were stopped; jobs.csv, summary.json and the report name them";
        std::fprintf(stderr, "mockbn-sweep: %s\n", what.c_str());
        return 3;
    }
    return report.drawn ? 0 : 1;
}

int run_sweep(const char* program, const command& c) {
    const auto start = std::chrono::steady_clock::now();
    std::optional<plan> p;
    if (c.resume.empty()) {  // what needs no lock is refused before anything is made
        p = plan_of(c.given, c.out);
        require_memory(*p);
        refuse_early(c.out, c.force);
    } else if (study::inspect(c.resume) != study::folder_content::sweep) {
        throw study::refusal(c.resume + " holds no sweep to continue (no sweep.json)");
    }
    const study::folder_lock lock(c.out);
    if (!c.resume.empty()) {
        p = plan_of(resolve(c), c.out);
        require_memory(*p);
    }
    settle(c.out, p->sweep, c.force);
    const runner jobs(p->configurations, c.out, p->mine, c.allow_kernel_change);  // the data, read before any write
    prepare(c.out, p->sweep, configurations_of(*p));
    const thread_executor threads(p->threads());
    auto done = run_share(jobs, p->mine, [&](const auto& numbers, const auto& run_one, const auto& deliver) {
        threads.run_jobs(numbers, run_one, deliver);
    });
    if (study::stop_flag()) return stopped(program, c.out);
    return finish(program, c.out, collect(p->given, p->configurations, std::move(done)), p->sweep,
                  {seconds_since(start), study::blas_description(), study::current_environment("").build});
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
    return finish(program, m.out, collect(joined.whole, joined.configurations, joined.done), joined.sweep,
                  {seconds_since(start), joined.blas, joined.build});
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> arguments(argv + 1, argv + argc);
    openblas_set_num_threads(1);
    study::install_stop_handlers();
    try {
        if (!arguments.empty() && arguments.front() == "merge")
            return run_merge(argv[0], parse_merge({arguments.begin() + 1, arguments.end()}));
        return run_sweep(argv[0], parse(arguments));
    } catch (const study::usage_error& e) {
        std::fprintf(stderr, "mockbn-sweep: %s (see --help)\n", e.what());
        return 2;
    } catch (const study::study_error& e) {
        std::fprintf(stderr, "mockbn-sweep: %s\n", e.what());
        return e.status();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mockbn-sweep: %s\n", e.what());
        return 1;
    }
}
