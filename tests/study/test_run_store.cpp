// The checkpoint store: every recorded field comes back as it went in, and a
// checkpoint in another layout, or with records no run leaves, is refused
// rather than misread.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>

#include <doctest/doctest.h>

#include "scratch.hpp"

#include <mockbn/mockbn.hpp>

#include "folder.hpp"
#include "identity.hpp"
#include "run_store.hpp"
#include "same_records.hpp"
#include "sample_options.hpp"

using namespace study;
namespace fs = std::filesystem;
using mockbn::io::checkpoint;
using testing::check_same_run;

namespace {

const environment here{"4+4 images of 2x2, crc32 0123abcd", "Cooperlake", "gcc 12; -O3 (Release)"};

// A number per field, each different, with an infinity and a NaN among them.
double next_number() {
    static double n = 0;
    n += 1;
    return n == 7 ? std::numeric_limits<double>::infinity() : n == 11 ? std::nan("") : n / 8;
}

stage_record sample_stage(std::size_t epoch, const char* stage, std::size_t modes) {
    stage_record s{epoch, stage, {}, {}, {}, {}};
    s.description = {epoch + 100,   next_number(), next_number(), next_number(),
                     next_number(), next_number(), next_number()};
    for (std::size_t i = 0; i < std::size(mockbn::analysis::band_percentiles); ++i)
        s.percentiles.push_back(next_number());
    s.histogram = {next_number(), next_number(), {}, next_number(), next_number(), next_number()};
    for (std::size_t i = 0; i < histogram_bins; ++i) s.histogram.counts.push_back(next_number());
    for (std::size_t i = 0; i < modes; ++i) s.modes.push_back({next_number(), next_number()});
    return s;
}

// Two epochs of a run that diverged and rolled back once, every field set.
run_result sample_run() {
    run_result r;
    r.diverged = true;
    r.diverged_at = 2;
    r.divergence = "epoch 2, step 7: the loss went non-finite (x) → rolled back, learning rate 0.002000";
    r.rollbacks = 1;
    r.kernels = "Haswell from epoch 1, Cooperlake from epoch 2";
    for (std::size_t e = 1; e <= 2; ++e) {
        r.epochs.push_back({e, next_number(), next_number(), next_number(), next_number()});
        r.stages.push_back(sample_stage(e, "before", e - 1));
        r.stages.push_back(sample_stage(e, "after", 2));
        r.parameters.push_back({e, 3, "a", next_number(), next_number(), next_number(), next_number()});
        r.parameters.push_back({e, 4, "log c", next_number(), next_number(), next_number(), next_number()});
    }
    return r;
}

// `c` saved and read back from a file, as a resumed run reads it.
checkpoint reread(const checkpoint& c, const fs::path& file) {
    c.save(file, "a run");
    return checkpoint::load(file);
}

std::string refusal_of(const checkpoint& c, std::size_t epochs) {
    try {
        get_run(c, epochs);
    } catch (const study_error& e) {
        return std::to_string(e.status()) + ": " + e.what();
    } catch (const mockbn::io::checkpoint_error& e) {
        return std::string("checkpoint_error: ") + e.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("the checkpoint store gives back every field of a run, bit for bit") {
    const mockbn::testing::scratch_folder s("run_store");
    const run_result written = sample_run();
    checkpoint c;
    put_run(c, {written, 0.002});
    const saved_run read = get_run(reread(c, s.dir / "run.ckpt"), 20);
    check_same_run(read.result, written);
    CHECK(read.learning_rate == 0.002);
    CHECK(c.get_value<std::uint32_t>("run.format") == run_format);
    CHECK(c.get("run.epochs.train_loss").size() == 2 * sizeof(double));  // one double per epoch, field by field
}

TEST_CASE("a run with nothing recorded yet comes back empty") {
    const mockbn::testing::scratch_folder s("run_store");
    checkpoint c;
    put_run(c, {run_result{}, 0.02});
    const saved_run read = get_run(reread(c, s.dir / "run.ckpt"), 20);
    check_same_run(read.result, run_result{});
    CHECK(read.learning_rate == 0.02);
}

TEST_CASE("the store restores the network, the optimizer and its learning rate, keeping the job's variant and seed") {
    const mockbn::testing::scratch_folder s("run_store");
    const options o = testing::defaults_in("results");
    const run_store store(s.dir / "log_shift-seed1.ckpt", run_identity(o, "log_shift", 1, here), o);
    CHECK_FALSE(store.exists());
    const mockbn::mlp_shape shape{4, 3, 2, 2, {1, 2}};
    const mockbn::basic_mlp<float, mockbn::log_shift> saved_model(shape, 1);
    mockbn::sgd saved_optimizer{{.learning_rate = 0.002, .momentum = 0.9}};
    run_result recorded = sample_run();
    recorded.variant = "log_shift";
    recorded.seed = 1;
    store.save(saved_model, saved_optimizer, recorded);
    REQUIRE(store.exists());

    mockbn::basic_mlp<float, mockbn::log_shift> model(shape, 2);
    mockbn::sgd optimizer{{.learning_rate = 0.02, .momentum = 0.9}};
    run_result out;
    out.variant = "log_shift";
    out.seed = 1;
    store.restore(model, optimizer, out);
    CHECK(std::ranges::equal(model.parameters(), saved_model.parameters()));
    CHECK(optimizer.settings().learning_rate == 0.002);
    CHECK(out.variant == "log_shift");
    CHECK(out.seed == 1);
    check_same_run(out, recorded);
}

TEST_CASE("a checkpoint in another run format is refused, naming the file and both versions") {
    const mockbn::testing::scratch_folder s("run_store");
    checkpoint c;
    put_run(c, {sample_run(), 0.02});
    c.put_value<std::uint32_t>("run.format", run_format + 1);
    const fs::path file = s.dir / "plain-seed1.ckpt";
    CHECK(refusal_of(reread(c, file), 20) ==
          "2: " + file.string() + " holds run results in format " + std::to_string(run_format + 1) +
              "; this build reads format " + std::to_string(run_format) + "; --force starts the folder's runs over");
}

TEST_CASE("an earlier build's checkpoint of raw records is refused, not misread") {
    // What builds before run.format wrote: the run's flags and records as the bytes of their structs.
    struct old_flags {
        std::uint64_t diverged, diverged_at, epochs_done, rollbacks;
        double learning_rate;
    };
    const mockbn::testing::scratch_folder s("run_store");
    const run_result r = sample_run();
    checkpoint c;
    c.put_value("run.flags", old_flags{0, 0, 2, 0, 0.02});
    c.put_text("run.divergence", "");
    c.put_text("run.kernels", r.kernels);
    c.put_values<epoch_record>("run.epochs", r.epochs);
    c.put_value<std::uint64_t>("run.stages", 0);
    const fs::path file = s.dir / "plain-seed1.ckpt";
    CHECK(refusal_of(reread(c, file), 20) ==
          "2: " + file.string() +
              " holds run results without a format version (an earlier build's raw records); "
              "this build reads format " +
              std::to_string(run_format) + "; --force starts the folder's runs over");
}

TEST_CASE("records no run leaves are refused, naming the file") {
    const mockbn::testing::scratch_folder s("run_store");
    const fs::path file = s.dir / "plain-seed1.ckpt";
    auto refusal_of_run = [&](const run_result& r, std::size_t epochs) {
        checkpoint c;
        put_run(c, {r, 0.02});
        return refusal_of(reread(c, file), epochs);
    };
    CHECK(refusal_of_run(sample_run(), 2) == "accepted");
    CHECK(refusal_of_run(sample_run(), 1) == "checkpoint_error: " + file.string() +
                                                 ": its records do not make a run of at most 1 epochs (2 epoch "
                                                 "records, 4 stage records)");
    run_result skipped = sample_run();
    skipped.epochs[1].epoch = 3;
    CHECK(refusal_of_run(skipped, 20).find("its records do not make a run of at most 20 epochs") != std::string::npos);
    run_result missing_stage = sample_run();
    missing_stage.stages.pop_back();
    CHECK(refusal_of_run(missing_stage, 20).find("(2 epoch records, 3 stage records)") != std::string::npos);
    run_result short_histogram = sample_run();
    short_histogram.stages[2].histogram.counts.pop_back();
    CHECK(refusal_of_run(short_histogram, 20) == "checkpoint_error: " + file.string() +
                                                     ": a stage record of epoch 2 has 9 percentiles and 239 histogram "
                                                     "bins, not the 9 and 240 every run records");
}

TEST_CASE("sections whose sizes disagree are refused, naming the section") {
    const mockbn::testing::scratch_folder s("run_store");
    const fs::path file = s.dir / "plain-seed1.ckpt";
    checkpoint c;
    put_run(c, {sample_run(), 0.02});
    checkpoint short_column = c;
    short_column.put_values<double>("run.epochs.test_loss", std::vector<double>{0.5});
    CHECK(refusal_of(reread(short_column, file), 20).find("section run.epochs.test_loss holds 8 bytes, 16 expected") !=
          std::string::npos);
    checkpoint long_sizes = c;
    long_sizes.put_values<std::uint64_t>("run.parameters.name.sizes", std::vector<std::uint64_t>{1, 1, 1, 1u << 30});
    CHECK(refusal_of(reread(long_sizes, file), 20)
              .find("section run.parameters.name holds fewer values than run.parameters.name.sizes adds up to") !=
          std::string::npos);
    checkpoint unpaired_modes = c;
    unpaired_modes.put_values<std::uint64_t>("run.stages.modes.height.sizes", std::vector<std::uint64_t>{0, 2, 0, 3});
    CHECK(refusal_of(reread(unpaired_modes, file), 20).find("run.stages.modes has 1 locations but 0 heights") !=
          std::string::npos);
}
