#include "runner.hpp"

#include <algorithm>

#include <mockbn/io/checkpoint.hpp>

#include "experiment.hpp"
#include "folder.hpp"
#include "run_store.hpp"
#include "sweep_folder.hpp"

namespace sweep {

namespace fs = std::filesystem;

runner::runner(std::vector<configuration> configurations, fs::path out, const std::vector<std::size_t>& jobs,
               bool allow_kernel_change)
    : configurations_(std::move(configurations)), jobs_(jobs_of(configurations_)), out_(std::move(out)) {
    for (auto& c : configurations_) {
        c.options.resume = true;  // a job with a checkpoint continues from it
        c.options.allow_kernel_change = allow_kernel_change;
    }
    for (const std::size_t j : jobs) {
        const auto& o = configurations_[jobs_[j].configuration].options;
        if (data_.count(study::data_key(o)) > 0) continue;
        std::string fingerprint;
        auto sets = study::load_data(o, fingerprint);
        data_.emplace(study::data_key(o), data{std::move(sets), study::current_environment(fingerprint)});
    }
}

const runner::data& runner::data_of(const configuration& c) const { return data_.at(study::data_key(c.options)); }

std::string runner::name(std::size_t job) const {
    const std::size_t c = jobs_[job].configuration;
    const study::job& j = jobs_[job].job;
    return "job " + std::to_string(job) + " (config " + configurations_[c].id + ", " + j.variant + ", seed " +
           std::to_string(j.seed) + ")";
}

bool runner::finished(std::size_t job, const study::run_result& r) const {
    return r.diverged || r.epochs.size() >= configurations_[jobs_[job].configuration].options.epochs;
}

std::string runner::identity(std::size_t job) const {
    const std::size_t c = jobs_[job].configuration;
    const study::job& j = jobs_[job].job;
    return study::run_identity(configurations_[c].options, j.variant, j.seed, data_of(configurations_[c]).where);
}

results runner::read_finished(const std::vector<std::size_t>& jobs) const {
    results done;
    for (const std::size_t number : jobs) {
        const std::size_t c = jobs_[number].configuration;
        const study::job& j = jobs_[number].job;
        const fs::path path = checkpoint_of(out_, configurations_[c], j);
        std::error_code error;
        if (!fs::exists(path, error) && !fs::is_symlink(path, error)) continue;
        study::run_result r = study::run_store(path, identity(number), configurations_[c].options).read();
        if (!finished(number, r)) continue;
        r.variant = j.variant;
        r.seed = j.seed;
        done.emplace(number, std::move(r));
    }
    return done;
}

std::string runner::run(std::size_t job, progress& report) const {
    const std::size_t c = jobs_[job].configuration;
    const study::job& j = jobs_[job].job;
    const auto& o = configurations_[c].options;
    const auto& d = data_of(configurations_[c]);
    const std::string who = "job " + std::to_string(job) + " [" + configurations_[c].id + "] ";
    try {
        const auto r = study::run_job(o, d.sets, j, place_checkpoint(out_, configurations_[c], j), d.where,
                                      [&](const std::string& line) { report.print(who + line); });
        mockbn::io::checkpoint bytes;
        study::put_run(bytes, r);
        return bytes.to_bytes(identity(job));
    } catch (const std::exception& e) {
        throw std::runtime_error("config " + configurations_[c].id + ", " + j.variant + ", seed " +
                                 std::to_string(j.seed) + ": " + e.what());
    }
}

study::run_result runner::decode(std::size_t job, const std::string& bytes) const {
    const std::size_t c = jobs_[job].configuration;
    const study::job& j = jobs_[job].job;
    const auto& o = configurations_[c].options;
    try {
        const auto saved = mockbn::io::checkpoint::from_bytes(bytes, name(job));
        study::check_identity(saved, name(job) + "'s result", identity(job), o.allow_kernel_change);
        study::run_result r = study::get_run(saved, o);
        r.variant = j.variant;
        r.seed = j.seed;
        return r;
    } catch (const mockbn::io::checkpoint_error& e) {
        throw study::failure(e.what());
    }
}

results run_share(const runner& r, const std::vector<std::size_t>& jobs, const run_jobs_function& run_jobs,
                  std::size_t other_ranks) {
    std::vector<std::size_t> trained, left;  // the share's jobs to train (the others reuse one of them), those not done
    for (const std::size_t j : jobs)
        if (r.source(j) == j) trained.push_back(j);
    results done = r.read_finished(trained);
    for (const std::size_t j : trained)
        if (done.count(j) == 0) left.push_back(j);
    progress report(trained.size(), done.size(), other_ranks);
    const job_runner run_one = [&](std::size_t j) {
        report.started();
        auto bytes = r.run(j, report);
        report.ended(j);
        return bytes;
    };
    const result_sink deliver = [&](std::size_t j, std::string bytes) {
        report.delivered(j);
        auto result = r.decode(j, bytes);
        if (r.finished(j, result)) done.emplace(j, std::move(result));
    };
    run_jobs(left, run_one, deliver);
    for (const std::size_t j : jobs)
        if (const auto found = done.find(r.source(j)); r.source(j) != j && found != done.end())
            done.emplace(j, found->second);
    return done;
}

void serve_share(const runner& r, int rank, const run_jobs_function& run_jobs) {
    progress report(progress::other_rank{rank});
    run_jobs(
        {}, [&](std::size_t j) { return r.run(j, report); }, [](std::size_t, std::string) {});
}

outcome collect(const grid& g, const std::vector<configuration>& configurations, results done) {
    outcome o{axes_of(g, configurations),
              configurations,
              std::vector<std::vector<study::run_result>>(configurations.size()),
              {}};
    const auto jobs = jobs_of(configurations);
    for (auto& [number, r] : done) o.runs[jobs[number].configuration].push_back(std::move(r));
    for (const auto& grown : g.grown)
        if (std::find(o.grown_for.begin(), o.grown_for.end(), grown.claim) == o.grown_for.end())
            o.grown_for.push_back(grown.claim);
    return o;
}

}  // namespace sweep
