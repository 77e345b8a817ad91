#include "merge.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <mockbn/io/atomic_file.hpp>
#include <mockbn/io/checkpoint.hpp>

#include "folder.hpp"
#include "identity.hpp"
#include "options.hpp"
#include "run_store.hpp"
#include "stored_run.hpp"
#include "sweep_folder.hpp"

namespace sweep {

namespace fs = std::filesystem;

namespace {

using nlohmann::json;

// "job 4", "jobs 1, 5, 9": at most ten named.
std::string jobs_text(const std::vector<std::size_t>& jobs) {
    std::string text = jobs.size() == 1 ? "job " : "jobs ";
    for (std::size_t i = 0; i < jobs.size() && i < 10; ++i) text += (i > 0 ? ", " : "") + std::to_string(jobs[i]);
    return jobs.size() > 10 ? text + " and " + std::to_string(jobs.size() - 10) + " more" : text;
}

struct shard_folder {
    fs::path folder;
    grid given;
    json deciding;  // what must be the same in every shard
};

shard_folder read_shard(const fs::path& folder) {
    shard_folder s{folder, read_plan(folder), {}};
    s.deciding = deciding(study::read_plan(folder, study::folder_content::sweep));  // read_plan has accepted it
    s.deciding.erase("shard");
    return s;
}

// Per job, the one shard folder whose share holds it.
std::vector<fs::path> assign(const std::vector<shard_folder>& shards, const std::vector<job_ref>& jobs) {
    std::vector<fs::path> holds(jobs.size());
    std::vector<std::size_t> missing;
    std::map<std::pair<std::size_t, std::size_t>, std::vector<std::size_t>> twice;  // by the two shards
    std::vector<std::vector<std::size_t>> shards_of(jobs.size());
    for (std::size_t s = 0; s < shards.size(); ++s)
        for (const std::size_t n : jobs_in(jobs, shards[s].given.part)) shards_of[n].push_back(s);
    for (std::size_t n = 0; n < jobs.size(); ++n) {
        const auto& in = shards_of[n];
        if (in.empty()) missing.push_back(n);
        else if (in.size() > 1) twice[{in[0], in[1]}].push_back(n);
        else holds[n] = shards[in[0]].folder;
    }
    if (!missing.empty()) throw study::refusal(jobs_text(missing) + ": in none of the shards given");
    if (!twice.empty()) {
        const auto& [pair, list] = *twice.begin();
        throw study::refusal(jobs_text(list) + ": in both " + shards[pair.first].folder.string() + " and " +
                             shards[pair.second].folder.string() + " (shares " + shards[pair.first].given.part.text() +
                             " and " + shards[pair.second].given.part.text() + ")");
    }
    return holds;
}

// Refuses unless every job has the same `what`; names the jobs of each.
void require_same(const std::vector<std::string>& per_job, const std::string& what, const std::string& remedy) {
    std::map<std::string, std::vector<std::size_t>> jobs;
    for (std::size_t n = 0; n < per_job.size(); ++n) jobs[per_job[n]].push_back(n);
    if (jobs.size() < 2) return;
    std::string text;
    for (const auto& [value, list] : jobs) text += (text.empty() ? "" : "; ") + value + " (" + jobs_text(list) + ")";
    throw study::refusal("the shards' jobs were computed " + what + ": " + text + remedy);
}

// The kernels a run was computed under, from its history ("Haswell from epoch 1, Zen from epoch 3" → "Haswell+Zen").
std::string kernels_of(const study::run_result& r) {
    std::string names;
    std::istringstream history(r.kernels);
    for (std::string part; std::getline(history, part, ',');) {
        const auto start = part.find_first_not_of(' ');
        if (!names.empty()) names += '+';
        names.append(part, start, part.find(" from epoch") - start);
    }
    return names;
}

}  // namespace

merged read_shards(const merge_command& m) {
    std::error_code error;
    for (const auto& folder : m.shards)
        if (fs::equivalent(folder, m.out, error))
            throw study::refusal(m.out + " is one of the shards; merge into a folder of its own");
    return read_folders(m.shards, m.out, m.allow_mixed_kernels);
}

merged read_folders(const std::vector<std::string>& folders, const fs::path& out_folder, bool allow_mixed_kernels) {
    const merge_command m{out_folder.string(), folders, allow_mixed_kernels, false};
    std::vector<shard_folder> shards;
    for (const auto& folder : m.shards) {
        shards.push_back(read_shard(folder));
        if (shards.back().deciding != shards.front().deciding) {
            const auto d = first_difference(shards.front().deciding, shards.back().deciding);
            throw study::refusal(folder + " holds another sweep than " + m.shards.front() + ": " + d.flag + " is " +
                                 d.second + " there, " + d.first + " in " + m.shards.front());
        }
    }
    merged out;
    out.whole = shards.front().given;
    out.whole.part = {};
    out.configurations = expand(out.whole, m.out);
    out.sweep = canonical(out.whole, out.configurations);
    const auto jobs = jobs_of(out.configurations);
    out.holds = assign(shards, jobs);
    std::vector<std::string> data(jobs.size()), builds(jobs.size()), kernels(jobs.size());
    for (std::size_t n = 0; n < jobs.size(); ++n) {
        if (const std::size_t source = jobs[n].source; source != n) {  // a reused run: its source's, read before
            out.done.emplace(n, out.done.at(source));
            data[n] = data[source];
            builds[n] = builds[source];
            kernels[n] = kernels[source];
            continue;
        }
        const auto& c = out.configurations[jobs[n].configuration];
        study::environment where;
        auto r = study::read_finished_run(checkpoint_of(out.holds[n], c, jobs[n].job), "job " + std::to_string(n),
                                          "run its shard again, with the same command", c.options, jobs[n].job, where);
        data[n] = where.data;
        builds[n] = where.build;
        kernels[n] = kernels_of(r);
        out.done.emplace(n, std::move(r));
    }
    require_same(data, "from different data", "");
    require_same(builds, "by different builds", "; merge the shards of one build");
    out.build = builds.empty() ? "" : builds.front();
    if (!m.allow_mixed_kernels)
        require_same(kernels, "under different BLAS kernels",
                     "; --allow-mixed-kernels merges them (jobs.csv names each job's kernel)");
    std::sort(kernels.begin(), kernels.end());
    kernels.erase(std::unique(kernels.begin(), kernels.end()), kernels.end());
    for (const auto& k : kernels) out.blas += (out.blas.empty() ? "merged shards computed under " : ", ") + k;
    return out;
}

void copy_checkpoints(const merged& m, const fs::path& out) {
    const auto jobs = jobs_of(m.configurations);
    for (std::size_t n = 0; n < jobs.size(); ++n) {
        if (jobs[n].source != n) continue;  // a reused run has no checkpoint of its own
        const auto& c = m.configurations[jobs[n].configuration];
        const fs::path from = checkpoint_of(m.holds[n], c, jobs[n].job);
        std::ifstream file(from, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        if (!file) throw study::failure(from.string() + ": cannot be read");
        try {
            mockbn::io::write_atomically(place_checkpoint(out, c, jobs[n].job), bytes);
        } catch (const mockbn::io::write_error& e) {
            throw study::failure(e.what());
        }
    }
}

}  // namespace sweep
