// mockbn search: successive halving over sweep jobs for the condition that
// maximizes claim 1's effect, batch normalization's pooled bimodality
// coefficient at the verdict layer (docs/sweep.md, "The search").
//
//   mockbn search --file SEARCH.json [--out DIR] [--threads N] [--data-dir DIR] [--force] [--allow-kernel-change]
//
// Rung 0 draws `points` points of the space (research/search.hpp, from the
// file's seed) and trains each for `epochs`; each later rung keeps the best
// 1/eta of the one before and trains them anew for eta times as many epochs.
// A point's score is the mean over its seeds of the coefficient, as the
// ledger reads it; a point without one (diverged, or no probe) ranks last.
//
// The folder is a sweep's (sweep_folder.hpp): plan.json holds every point
// evaluated so far, each a configuration of the sweep with its rung's epochs,
// and checkpoints/ their runs; `mockbn report DIR` reads it as any sweep.
// Beside them, search.json: the search, and per rung its points, scores and
// the points kept, rewritten after each rung. Run again with the same file
// and folder, a search continues: the draw and each rung's choice replay from
// the finished jobs' records, and only jobs without a finished checkpoint
// train. Exit status: as mockbn sweep's.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <mockbn/mockbn.hpp>

#include "command_line.hpp"
#include "folder.hpp"
#include "grid.hpp"
#include "interrupt.hpp"
#include "ledger.hpp"
#include "options.hpp"
#include "process.hpp"
#include "runner.hpp"
#include "search_file.hpp"
#include "search_summary.hpp"
#include "subcommands.hpp"
#include "sweep_folder.hpp"

namespace {

using namespace sweep;
namespace fs = std::filesystem;
using nlohmann::json;

struct search_command {
    std::string file, out = "results/search", threads, data_dir;
    bool force = false, allow_kernel_change = false;
};

search_command parse_search(const std::vector<std::string>& arguments) {
    search_command s;
    CLI::App app{
        "mockbn search: successive halving over sweep jobs for the condition that maximizes batch normalization's "
        "bimodality coefficient at the verdict layer; every point evaluated is a configuration of the folder's sweep."};
    app.name("mockbn search");
    app.add_option("--file", s.file, "the search file (docs/sweep.md, \"The search\")")->required();
    app.add_option("--out", s.out, "the results folder (default results/search); the same file and folder continue");
    app.add_option("--threads", s.threads, "runs trained at once (does not change any number)");
    app.add_option("--data-dir", s.data_dir, "the dataset's folder, as the study takes it");
    app.add_flag("--force", s.force, "replace the results the folder holds");
    app.add_flag("--allow-kernel-change", s.allow_kernel_change,
                 "continue runs saved under another BLAS kernel (the report names each run's kernels)");
    study::parse_into(app, arguments);
    return s;
}

// The search as a file gives it, with the command line's --threads and --data-dir, which change no number.
search_spec spec_of(const search_command& s) {
    search_spec spec = read_search_file(s.file);
    for (const auto& [key, value] : {std::pair{"threads", s.threads}, std::pair{"data_dir", s.data_dir}})
        if (!value.empty()) spec.shared.given[key] = {value};
    return spec;
}

// What must match for a folder's search to continue: the search but for threads and the data folder.
json deciding_search(json search) {
    search["sweep"] = deciding(search["sweep"]);
    return search;
}

// Refused, locked folders are opened as a sweep's are: a search continues only the same search.
void settle_search(const fs::path& out, const search_spec& spec, bool force) {
    refuse_early(out, force);
    const auto content = study::inspect(out);
    if (content == study::folder_content::empty) return;
    if (force) {
        study::remove_results(out, content);
        return;
    }
    std::optional<json> before;
    try {
        before = study::parse_object(study::read_small_file(out / search_file_name)).at("search");
    } catch (const std::exception&) {
        throw study::refusal(out.string() +
                             " holds a sweep that is not a search's (or search.json is damaged); "
                             "choose another --out, or give --force to replace it");
    }
    if (deciding_search(*before) != deciding_search(canonical(spec)))
        throw study::refusal(out.string() +
                             " holds another search (its search.json); choose another --out, or "
                             "give --force to replace it");
}

// Claim 1's finding on a configuration's runs: the ledger's, at its verdict layer and last epoch.
const mockbn::research::finding& claim_one(const study::judged_ledger& l) {
    const auto& claims = study::ledger_claims();
    for (std::size_t k = 0; k < claims.size(); ++k)
        if (claims[k].id == "1") return l.findings[k];
    throw std::logic_error("mockbn search: the ledger has no claim 1");
}

// The score claim 1's finding gives: batch normalization's pooled bimodality coefficient, mean over seeds.
double score_of(const mockbn::research::finding& f) {
    for (const auto& e : f.effects)
        if (e.name.ends_with("Sarle's bimodality coefficient (pooled)")) return e.value.estimate;
    return std::nan("");
}

class search_run {
public:
    search_run(const char* program, const search_command& c, search_spec spec)
        : program_(program), c_(c), spec_(std::move(spec)) {}

    int run() {
        const auto start = std::chrono::steady_clock::now();
        settle_search(c_.out, spec_, c_.force);
        std::optional<study::folder_lock> lock(std::in_place, c_.out);
        const auto drawn = mockbn::research::draw_points(spec_.space, spec_.points, spec_.seed);
        const auto counts = mockbn::research::halving(drawn.size(), spec_.eta, spec_.rungs);
        std::vector<point_values> next;
        for (const auto& values : drawn) next.push_back(as_point(values));
        for (std::size_t r = 0; r < counts.size(); ++r) {
            if (!evaluate(r, next)) return study::stopped("mockbn search", command_text());
            rung_record& done = rungs_.back();
            next.clear();
            if (r + 1 < counts.size())
                for (const std::size_t k : done.kept = mockbn::research::best(done.scores, counts[r + 1]))
                    next.push_back(without_epochs(done.points[k]));
            else done.kept = mockbn::research::best(done.scores, 1);
            write_search_files(c_.out, spec_, rungs_, best());
        }
        study::record_invocation(
            c_.out, {"search", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()});
        lock.reset();  // the report takes the folder's lock itself
        const int status = report_sweep(program_, c_.out, c_.allow_kernel_change);
        print_best();
        return status;
    }

private:
    point_values as_point(const mockbn::research::point& values) const {
        point_values p;
        for (std::size_t d = 0; d < spec_.space.size(); ++d) p[spec_.space[d].name] = values[d];
        return p;
    }
    static point_values without_epochs(point_values p) {
        p.erase("epochs");
        return p;
    }

    // Trains rung r's points (what is finished is read), scores them; false when a stop signal ended it.
    bool evaluate(std::size_t r, std::vector<point_values> points) {
        rung_record now{spec_.epochs_of(r), {}, {}, {}, {}};
        for (auto& p : points) {
            p["epochs"] = std::to_string(now.epochs);
            now.points.push_back(p);
        }
        grid g = spec_.shared;
        for (const auto& before : rungs_) g.points.insert(g.points.end(), before.points.begin(), before.points.end());
        const std::size_t first = g.points.size();
        g.points.insert(g.points.end(), now.points.begin(), now.points.end());
        configurations_ = expand(g, c_.out);
        std::vector<std::size_t> jobs;
        const auto all = jobs_of(configurations_);
        for (std::size_t n = 0; n < all.size(); ++n)
            if (all[n].configuration >= first) jobs.push_back(n);
        std::vector<const configuration*> mine;
        for (std::size_t k = first; k < configurations_.size(); ++k) mine.push_back(&configurations_[k]);
        prepare(c_.out, canonical(g, configurations_), mine);
        std::printf("rung %zu of %zu: %zu points at %zu epochs, %zu jobs\n", r + 1, spec_.rungs, now.points.size(),
                    now.epochs, jobs.size());
        std::fflush(stdout);
        const runner trainer(configurations_, c_.out, jobs, c_.allow_kernel_change);
        const std::size_t threads = configurations_.front().options.threads;
        results done = run_share(trainer, jobs, [&](const auto& numbers, const auto& run_one, const auto& deliver) {
            mockbn::research::thread_executor(threads, study::stop_flag())
                .run_jobs<std::string>(numbers, run_one, deliver);
        });
        if (study::stop_flag()) return false;
        const outcome o = collect(g, configurations_, std::move(done));
        for (std::size_t k = first; k < configurations_.size(); ++k) {
            ledgers_[configurations_[k].id] =
                study::judge_ledger(configurations_[k].options, o.runs[k], study::shared_controls());
            now.scores.push_back(score_of(claim_one(ledgers_[configurations_[k].id])));
            now.configurations.push_back(configurations_[k].id);
        }
        rungs_.push_back(std::move(now));
        return true;
    }

    // The last rung's best point, once the last rung is scored.
    std::optional<best_point> best() const {
        if (rungs_.size() < spec_.rungs) return std::nullopt;
        const auto& last = rungs_.back();
        const std::size_t k = last.kept.front();
        return best_point{last.points[k], last.configurations[k], last.scores[k],
                          claim_one(ledgers_.at(last.configurations[k]))};
    }

    void print_best() const {
        const auto b = best();
        std::string point;
        for (const auto& [key, value] : b->point) point += " " + study::flag_of(key) + " " + value;
        std::printf("best point:%s (configuration %s): bimodality %.3f; claim 1 strict: %s, weak: %s (%s)\n",
                    point.c_str(), b->configuration.c_str(), b->score,
                    std::string(mockbn::research::verdict_name(b->claim_1.strict.verdict)).c_str(),
                    std::string(mockbn::research::verdict_name(b->claim_1.weak.verdict)).c_str(),
                    b->claim_1.weak.why.c_str());
    }

    // The command that continues the search: this one, without --force.
    std::string command_text() const {
        std::string text = study::shell_quoted(program_) + " search --file " + study::shell_quoted(c_.file) +
                           " --out " + study::shell_quoted(c_.out);
        if (!c_.threads.empty()) text += " --threads " + study::shell_quoted(c_.threads);
        if (!c_.data_dir.empty()) text += " --data-dir " + study::shell_quoted(c_.data_dir);
        return text;
    }

    const char* program_;
    search_command c_;
    search_spec spec_;
    std::vector<rung_record> rungs_;
    std::vector<configuration> configurations_;
    std::map<std::string, study::judged_ledger> ledgers_;  // by configuration id
};

}  // namespace

int search_main(const char* program, const std::vector<std::string>& arguments) {
    study::install_stop_handlers();
    try {
        const search_command c = parse_search(arguments);
        return search_run(program, c, spec_of(c)).run();
    } catch (const study::usage_error& e) {
        std::fprintf(stderr, "mockbn search: %s (see --help)\n", e.what());
        return 2;
    } catch (const study::study_error& e) {
        std::fprintf(stderr, "mockbn search: %s\n", e.what());
        return e.status();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mockbn search: %s\n", e.what());
        return 1;
    }
}
