// mockbn study: one configuration of the main job. Trains every variant for
// every seed, records what the study records (docs/study.md), and writes the
// report (see report.hpp).
//
//   mockbn study [--quick] [--dataset mnist|fashion] [...]       (--help lists all)
//
// Exit status: 0 when every run finished and the report is drawn; 1 when the
// data, a file of the results folder or gnuplot fail (the message names the
// file and the reason); 2 for a bad command line or plan.json, a results
// folder in use or holding another run, a checkpoint of another run or in
// another layout (run_store.hpp), or a study too large for the machine's
// memory; 3 when a run diverged and was stopped (the report is written, and
// lists it); 130 or 143 after SIGINT or SIGTERM (the runs stop at a step
// boundary; the message gives the command that continues them).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <mutex>
#include <numeric>
#include <vector>

#include <mockbn/mockbn.hpp>
#include <mockbn/research/executor.hpp>

#include "command_line.hpp"
#include "experiment.hpp"
#include "folder.hpp"
#include "identity.hpp"
#include "interrupt.hpp"
#include "memory.hpp"
#include "options.hpp"
#include "process.hpp"
#include "report.hpp"
#include "report_text.hpp"
#include "run_store.hpp"
#include "stored_run.hpp"
#include "subcommands.hpp"

namespace {

using namespace study;
namespace fs = std::filesystem;

// Every checkpoint a resumed run would continue from must belong to it and
// be readable (run_store::read): checked before anything trains.
void check_checkpoints(const options& o, const std::vector<job>& jobs, const environment& where) {
    const std::string id = configuration_id(o);
    for (const auto& j : jobs) {
        const fs::path path = checkpoint_path(o.out, id, j.variant, j.seed);
        std::error_code error;
        if (fs::exists(path, error) || fs::is_symlink(path, error))
            run_store(path, run_identity(o, j.variant, j.seed, where), o).read();
    }
}

// Trains every job on o.threads threads (research::thread_executor, as the sweep's): results in job order;
// the first failure stops the others and ends the study.
std::vector<run_result> train_all(const options& o, const study_data& data, const std::vector<job>& jobs,
                                  const environment& where) {
    std::vector<run_result> results(jobs.size());
    const std::string id = configuration_id(o);
    std::atomic<std::size_t> finished{0};
    std::mutex print;
    const mockbn::research::job_runner<run_result> run_one = [&](std::size_t i) {
        run_result r =
            run_job(o, data, jobs[i], checkpoint_path(o.out, id, jobs[i].variant, jobs[i].seed), where,
                    [&](const std::string& line) {
                        const std::lock_guard lock(print);
                        std::fprintf(stderr, "[%zu/%zu done] %s\n", finished.load(), jobs.size(), line.c_str());
                    });
        ++finished;
        return r;
    };
    std::vector<std::size_t> numbers(jobs.size());
    std::iota(numbers.begin(), numbers.end(), std::size_t{0});
    try {
        mockbn::research::thread_executor(o.threads, stop_flag())
            .run_jobs<run_result>(numbers, run_one, [&](std::size_t i, run_result r) { results[i] = std::move(r); });
    } catch (const mockbn::research::job_failure& e) {
        throw failure(jobs[e.job()].variant + ", seed " + std::to_string(jobs[e.job()].seed) + ": " + e.problem());
    }
    return results;
}

int interrupted(const char* program, const options& o) {
    return study::stopped("mockbn study", shell_quoted(program) + " study --resume " + shell_quoted(o.out));
}

void print_summary(const options& o, const written_report& report, double wall) {
    const int width = static_cast<int>(std::max<std::size_t>(name_width(o.variants), 7));
    std::printf("%-*s  %-17s  %-17s  %-8s  %-10s  %s\n", width, "variant", "validation acc.", "test accuracy",
                "to 97 %", "bimodality", "main modes (after)");
    for (const auto& s : report.summary) {
        std::printf("%-*s  %-17s  %-17s  %-8s  %-10.3f", width, s.variant.c_str(),
                    accuracy_text(s.validation_mean, s.validation_std).c_str(),
                    accuracy_text(s.accuracy_mean, s.accuracy_std).c_str(),
                    s.epochs_to_97 < 0 ? "-" : std::to_string(s.epochs_to_97).c_str(), s.bimodality);
        for (const auto& m : s.modes) std::printf(" %.2f (%.3f)", m.location, m.height);
        std::printf("\n");
    }
    for (const auto& f : report.ledger.findings)
        std::printf("claim %-3s strict: %-18s weak: %s\n", f.id.c_str(),
                    std::string(mockbn::research::verdict_name(f.strict.verdict)).c_str(),
                    std::string(mockbn::research::verdict_name(f.weak.verdict)).c_str());
    std::printf("report: %s/report.html%s (%.1f s)\n", o.out.c_str(),
                report.drawn ? "" : ", without the figures gnuplot could not draw", wall);
}

// A fresh study's refusals that need no lock: nothing is created for a study that cannot run.
void refuse_early(const options& o) {
    const auto content = inspect(o.out);
    if (!o.force && content != folder_content::empty && content != folder_content::study &&
        content != folder_content::damaged_plan)
        throw occupied(o.out, content, folder_content::study);
    require_memory(o, mockbn::data::standard_features, mockbn::data::standard_classes);
}

// With the folder locked: settled (folder.hpp); a plan that continues holds exactly its runs; what a killed
// writer left is removed.
void settle_folder(options& o, const std::vector<job>& jobs) {
    settle(o);
    const std::string id = configuration_id(o);
    if (o.resume) {
        plan_runs runs;
        for (const auto& j : jobs) runs[id].insert(checkpoint_name(j.variant, j.seed));
        require_plan_runs(o.out, runs);
    }
    remove_stale_temporaries(o.out, folder_places({id}));
}

// The configuration's checkpoint folder made, and plan.json written.
void prepare_folder(const options& o) {
    const fs::path checkpoints = fs::path(o.out) / "checkpoints" / configuration_id(o);
    std::error_code error;
    if (fs::create_directories(checkpoints, error); error)
        throw failure(checkpoints.string() + " cannot be made (" + error.message() + ")");
    results_file plan(fs::path(o.out) / plan_file_name);
    plan << plan_text(folder_content::study, nlohmann::json::parse(to_json(o)));
    plan.commit();
}

int run_study(const char* program, const command& c) {
    const auto start = std::chrono::steady_clock::now();
    if (c.resume.empty()) refuse_early(c.given);
    else require_results(c.resume, folder_content::study);  // nothing made in a folder that is not a study's
    const folder_lock lock(c.resume.empty() ? c.given.out : c.resume);
    options o = resolve(c);
    if (o.resume) require_memory(o, mockbn::data::standard_features, mockbn::data::standard_classes);
    const auto jobs = jobs_of(o);
    settle_folder(o, jobs);
    std::string fingerprint;
    const study_data data = load_data(o, fingerprint);
    const environment where = current_environment(fingerprint);
    if (o.resume) check_checkpoints(o, jobs, where);
    prepare_folder(o);

    const auto results = train_all(o, data, jobs, where);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto times = record_invocation(o.out, {"study", wall});  // a stopped invocation's time counts too
    if (stop_flag()) return interrupted(program, o);
    const auto report = write_report(o, results, provenance_of(times, blas_description(), where.build));
    if (stop_flag()) return interrupted(program, o);  // gnuplot may have been stopped too: the same command redraws
    print_summary(o, report, wall);
    if (std::any_of(results.begin(), results.end(), [](const run_result& r) { return r.diverged; })) {
        std::fprintf(stderr, "mockbn study: some runs diverged and were stopped; the report lists them\n");
        return 3;
    }
    return report.drawn ? 0 : 1;
}

}  // namespace

int report_study(const char* program, const std::filesystem::path& folder) {
    const auto start = std::chrono::steady_clock::now();
    const folder_lock lock(folder);
    options o = read_options(folder);
    const std::string id = configuration_id(o);
    std::vector<run_result> runs;
    environment where;
    for (const auto& j : jobs_of(o))
        runs.push_back(read_finished_run(
            checkpoint_path(o.out, id, j.variant, j.seed), j.variant + ", seed " + std::to_string(j.seed),
            shell_quoted(program) + " study --resume " + shell_quoted(o.out) + " finishes it", o, j, where));
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto report = write_report(o, runs, provenance_of(read_invocations(folder), blas_description(), where.build));
    if (stop_flag()) return study::stopped("mockbn report", shell_quoted(program) + " report " + shell_quoted(o.out));
    print_summary(o, report, wall);
    return report.drawn ? 0 : 1;
}

int study_main(const char* program, int argc, char** argv) {
    const command c = study::parse(argc, argv);
    study::install_stop_handlers();
    try {
        return run_study(program, c);
    } catch (const study_error& e) {
        std::fprintf(stderr, "mockbn study: %s\n", e.what());
        return e.status();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mockbn study: %s\n", e.what());
        return 1;
    }
}
