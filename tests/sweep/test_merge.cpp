// Merging shards: what read_shards() refuses before anything is written.
// The shards here are written by the sweep's and the run store's own
// functions, their checkpoints holding one-epoch runs under the identity a
// job computed under a chosen BLAS kernel would have, so a test can mix
// kernels without running under another one.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "scratch.hpp"

#include "folder.hpp"
#include "identity.hpp"
#include "merge.hpp"
#include "run_store.hpp"
#include "sweep_folder.hpp"

using namespace sweep;
namespace fs = std::filesystem;

namespace {

// A sweep of two configurations, one variant and two seeds: four jobs.
grid two_rates() {
    grid g;
    g.given = {{"learning_rate", {"0.01", "0.1"}},
               {"variants", {"plain"}},
               {"seeds", {"2"}},
               {"epochs", {"1"}},
               {"data_dir", {"/data/mnist"}}};
    return g;
}

// A one-epoch run's stage record of the default probe layer and width: its last epoch, so with class histograms.
study::stage_record stage(const char* name) {
    const study::options defaults;
    const mockbn::analysis::histogram empty{study::histogram_low, study::histogram_high,
                                            std::vector<double>(study::histogram_bins)};
    study::stage_record s;
    s.epoch = 1;
    s.layer = defaults.probe_layer;
    s.stage = name;
    s.percentiles.resize(std::size(mockbn::analysis::band_percentiles));
    s.histogram = empty;
    s.features.resize(defaults.width);
    s.classes.assign(10, empty);
    return s;
}

// A finished one-epoch run's checkpoint for job j of configuration c, computed under `kernel`.
void write_checkpoint(const fs::path& folder, const configuration& c, const study::job& j, const std::string& kernel,
                      std::size_t epochs = 1) {
    study::run_result run;
    for (std::size_t e = 1; e <= epochs; ++e) {
        run.epochs.push_back({e, 0.5, 0.45, 0.88, 0.4, 0.9, 1.0});
        run.stages.push_back(stage("before"));
        run.stages.push_back(stage("after"));
    }
    run.kernels = kernel + " from epoch 1";
    run.learning_rate = c.options.learning_rate;
    mockbn::io::checkpoint saved;
    study::put_run(saved, run);
    const study::environment where{"60000+10000 images of 28x28, crc32 0123abcd", kernel, "gcc; -O3"};
    saved.save(place_checkpoint(folder, c, j), study::run_identity(c.options, j.variant, j.seed, where));
}

// Shard i of n of two_rates() in `folder`, every job of its share under `kernel` but job `odd` under "Zen".
void write_shard(const fs::path& folder, std::size_t i, std::size_t n, const std::string& kernel,
                 std::size_t odd = 99) {
    grid g = two_rates();
    g.part = {i, n};
    const auto configurations = expand(g, folder.string());
    std::vector<const configuration*> all;
    for (const auto& c : configurations) all.push_back(&c);
    prepare(folder, canonical(g, configurations), all);
    const auto jobs = jobs_of(configurations);
    for (std::size_t number = 0; number < jobs.size(); ++number)
        if (g.part.holds(number))
            write_checkpoint(folder, configurations[jobs[number].configuration], jobs[number].job,
                             number == odd ? "Zen" : kernel);
}

std::string problem(const merge_command& m) {
    try {
        read_shards(m);
    } catch (const study::study_error& e) {
        return std::to_string(e.status()) + ": " + e.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("merge: every job once, from shards of one sweep, data and build") {
    const mockbn::testing::scratch_folder s("merge");
    const fs::path a = s.dir / "a", b = s.dir / "b", out = s.dir / "out";
    write_shard(a, 1, 2, "Haswell");
    write_shard(b, 2, 2, "Haswell");
    const auto joined = read_shards({out.string(), {a.string(), b.string()}});
    CHECK(joined.done.size() == 4);
    CHECK(joined.holds[1] == b);
    CHECK_FALSE(joined.sweep.contains("shard"));
    CHECK(joined.blas == "merged shards computed under Haswell");

    CHECK(problem({out.string(), {a.string()}}) == "2: jobs 1, 3: in none of the shards given");
    CHECK(problem({out.string(), {a.string(), b.string(), a.string()}}) ==
          "2: jobs 0, 2: in both " + a.string() + " and " + a.string() + " (shares 1/2 and 1/2)");
    CHECK(problem({a.string(), {a.string(), b.string()}}) ==
          "2: " + a.string() + " is one of the shards; merge into a folder of its own");
    CHECK(problem({out.string(), {a.string(), (s.dir / "nowhere").string()}}) ==
          "2: " + (s.dir / "nowhere").string() + ": no such folder");
}

TEST_CASE("merge: another sweep, a missing or unfinished job, a checkpoint of another job are refused") {
    const mockbn::testing::scratch_folder s("merge");
    const fs::path a = s.dir / "a", b = s.dir / "b", out = s.dir / "out";
    write_shard(a, 1, 2, "Haswell");
    write_shard(b, 2, 2, "Haswell");
    grid other = two_rates();
    other.given["learning_rate"] = {"0.01", "0.2"};
    other.part = {2, 2};
    const fs::path c = s.dir / "c";
    const auto configurations = expand(other, c.string());
    fs::create_directories(c);
    prepare(c, canonical(other, configurations), {});
    CHECK(problem({out.string(), {a.string(), c.string()}}) ==
          "2: " + c.string() + " holds another sweep than " + a.string() +
              ": --lr is [0.01,0.2] there, [0.01,0.1] in " + a.string());

    const auto mine = expand(two_rates(), b.string());
    const fs::path job3 = checkpoint_of(b, mine[1], {"plain", 2});
    fs::remove(job3);
    CHECK(problem({out.string(), {a.string(), b.string()}}) ==
          "2: job 3 has no checkpoint (" + job3.string() + "): run its shard again, with the same command");
    write_checkpoint(b, mine[1], {"plain", 2}, "Haswell", 0);
    CHECK(problem({out.string(), {a.string(), b.string()}}) == "2: job 3 is unfinished (0 of 1 epochs in " +
                                                                   job3.string() +
                                                                   "): run its shard again, with the same command");
    fs::copy_file(checkpoint_of(b, mine[0], {"plain", 2}), job3, fs::copy_options::overwrite_existing);  // job 1's
    CHECK(problem({out.string(), {a.string(), b.string()}})
              .find("2: " + job3.string() +
                    " belongs to another run: the file has "
                    "`learning_rate=0.01` where `learning_rate=0.1`") == 0);
    // A corrupt checkpoint: a failure naming the file once, and what is wrong with it.
    const std::string whole = [&] {
        std::ifstream in(job3, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }();
    std::ofstream(job3, std::ios::binary | std::ios::trunc) << whole.substr(0, whole.size() / 2);
    const std::string corrupt = problem({out.string(), {a.string(), b.string()}});
    CHECK(corrupt.rfind("1: ", 0) == 0);
    CHECK(corrupt.find(job3.string()) != std::string::npos);
    CHECK(corrupt.find(job3.string()) == corrupt.rfind(job3.string()));
}

TEST_CASE("merge: jobs computed under different BLAS kernels are refused, naming them, unless allowed") {
    const mockbn::testing::scratch_folder s("merge");
    const fs::path a = s.dir / "a", b = s.dir / "b", out = s.dir / "out";
    write_shard(a, 1, 2, "Haswell");
    write_shard(b, 2, 2, "Haswell", 3);
    CHECK(problem({out.string(), {a.string(), b.string()}}) ==
          "2: the shards' jobs were computed under different BLAS kernels: Haswell (jobs 0, 1, 2); Zen (job 3); "
          "--allow-mixed-kernels merges them (jobs.csv names each job's kernel)");
    const auto joined = read_shards({out.string(), {a.string(), b.string()}, true});
    CHECK(joined.done.at(3).kernels == "Zen from epoch 1");
    CHECK(joined.blas == "merged shards computed under Haswell, Zen");
}
