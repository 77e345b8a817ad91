// mockbn-study: the library's main job. Trains every variant for every seed,
// records what study.md lists, and writes the report (see report.hpp).
//
//   mockbn-study [--quick] [--dataset mnist|fashion] [...]       (--help lists all)
//
// Exit status: 0 when every run finished and the report is drawn; 1 when data,
// the results folder or gnuplot fail; 2 for a bad command line or a results
// folder holding another run; 3 when a run diverged and was stopped (the
// report is written, and lists it).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include <mockbn/mockbn.hpp>

#include "experiment.hpp"
#include "options.hpp"
#include "report.hpp"

// OpenBLAS's own threads would compete with the study's: each run uses one.
// Its configuration and kernel go into the report (they set the last bits).
extern "C" void openblas_set_num_threads(int);
extern "C" char* openblas_get_config(void);
extern "C" char* openblas_get_corename(void);

int main(int argc, char** argv) {
    study::options o = study::parse(argc, argv);
    openblas_set_num_threads(1);
    const auto start = std::chrono::steady_clock::now();

    study::study_data data;
    try {
        auto all = mockbn::data::load_standard(o.data_dir);
        data.train = mockbn::data::head(all.train, o.train_limit);
        data.test = mockbn::data::head(all.test, o.test_limit);
        data.probe = mockbn::data::head(all.test, o.probe_images);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mockbn-study: %s\n", e.what());
        return 1;
    }

    // The results folder: a previous run's is never replaced without --force.
    // The same run again (same options) continues it, which also makes a
    // finished run's second invocation just rewrite its report.
    const std::filesystem::path out = o.out, checkpoints = out / "checkpoints";
    if (!o.resume && std::filesystem::exists(out / "options.json")) {
        std::ifstream previous_file(out / "options.json");
        std::stringstream previous;
        previous << previous_file.rdbuf();
        bool same = false;
        try {
            same = study::to_json(study::from_json(previous.str())) == study::to_json(o);
        } catch (const std::exception&) {
            same = false;
        }
        if (same && !o.force) {
            o.resume = true;
        } else if (!o.force) {
            std::fprintf(stderr,
                         "mockbn-study: %s holds the results of a previous run with other options; --force replaces "
                         "them, --resume %s continues that run\n",
                         out.c_str(), out.c_str());
            return 2;
        } else {
            std::error_code ignored;
            std::filesystem::remove_all(checkpoints, ignored);
        }
    }
    try {
        std::filesystem::create_directories(checkpoints);
        if (!o.resume) {
            std::ofstream options_file(out / "options.json");
            options_file << study::to_json(o);
            if (!options_file.flush()) throw std::runtime_error("cannot write " + (out / "options.json").string());
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mockbn-study: the results folder %s cannot be written (%s)\n", out.c_str(), e.what());
        return 1;
    }

    struct job {
        std::string variant;
        std::uint64_t seed;
    };
    std::vector<job> jobs;
    for (const auto& v : o.variants)
        for (auto seed : o.seeds) jobs.push_back({v, seed});
    std::vector<study::run_result> results(jobs.size());
    std::vector<std::exception_ptr> errors(jobs.size());
    std::atomic<std::size_t> next{0}, finished{0};
    std::mutex print;
    auto worker = [&] {
        for (std::size_t i; (i = next++) < jobs.size();) {
            try {
                const auto checkpoint =
                    checkpoints / (jobs[i].variant + "-seed" + std::to_string(jobs[i].seed) + ".ckpt");
                results[i] = study::run(o, data, jobs[i].variant, jobs[i].seed, checkpoint, [&](const std::string& line) {
                    const std::lock_guard lock(print);
                    std::fprintf(stderr, "[%zu/%zu done] %s\n", finished.load(), jobs.size(), line.c_str());
                });
            } catch (...) {
                errors[i] = std::current_exception();
            }
            ++finished;
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < std::min(o.threads, jobs.size()); ++t) threads.emplace_back(worker);
    for (auto& t : threads) t.join();
    for (std::size_t i = 0; i < jobs.size(); ++i)
        if (errors[i]) {
            try {
                std::rethrow_exception(errors[i]);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "mockbn-study: %s, seed %llu: %s\n", jobs[i].variant.c_str(),
                             static_cast<unsigned long long>(jobs[i].seed), e.what());
                return 1;
            }
        }

    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    study::written_report report;
    try {
        report = study::write_report(
            o, results, {wall, std::string(openblas_get_config()) + ", core " + openblas_get_corename()});
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mockbn-study: writing the report: %s\n", e.what());
        return 1;
    }
    std::printf("%-13s %-18s %-10s %-10s %s\n", "variant", "test accuracy", "to 97 %", "bimodality", "main modes (after)");
    for (const auto& s : report.summary) {
        std::printf("%-13s %.4f ± %.4f   %-10s %-10.3f", s.variant.c_str(), s.accuracy_mean, s.accuracy_std,
                    s.epochs_to_97 < 0 ? "-" : std::to_string(s.epochs_to_97).c_str(), s.bimodality);
        for (const auto& m : s.modes) std::printf(" %.2f (%.3f)", m.location, m.height);
        std::printf("\n");
    }
    for (const auto& f : report.findings) std::printf("%s -> %s\n", f.claim.substr(0, 2).c_str(), f.verdict.c_str());
    std::printf("report: %s/report.html (%.1f s)\n", o.out.c_str(), wall);
    bool diverged = false;
    for (const auto& r : results) diverged = diverged || r.diverged;
    if (diverged) {
        std::fprintf(stderr, "mockbn-study: some runs diverged and were stopped; the report lists them\n");
        return 3;
    }
    return report.drawn ? 0 : 1;
}
