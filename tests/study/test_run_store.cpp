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

#include "research/sample_records.hpp"
#include "scratch.hpp"

#include <mockbn/mockbn.hpp>

#include "folder.hpp"
#include "identity.hpp"
#include "probes.hpp"
#include "run_store.hpp"
#include "same_run.hpp"
#include "sample_options.hpp"

using namespace study;
namespace fs = std::filesystem;
using mockbn::io::checkpoint;
using mockbn::testing::next_number;
using mockbn::testing::sample_stage;
using testing::check_same_run;

namespace {

const environment here{"4+4 images of 2x2, crc32 0123abcd", "Cooperlake", "gcc 12; -O3 (Release)"};

// Options whose runs the sample records are: `epochs` epochs, hidden layer 4 or every one probed, width 3.
options store_options(std::size_t epochs, std::size_t probe_layer = 4) {
    options o = testing::defaults_in("results");
    o.epochs = epochs;
    o.probe_layer = probe_layer;
    o.width = 3;
    return o;
}

// Two epochs of a run under `o` that diverged and rolled back once, every field set; a histogram per class
// (of three) when epoch 2 is o's last.
run_result sample_run(const options& o) {
    run_result r;
    r.diverged = true;
    r.diverged_at = 2;
    r.divergence = "epoch 2, step 7: the loss went non-finite (x) → rolled back, learning rate 0.002000";
    r.rollbacks = 1;
    r.learning_rate = 0.002;
    r.kernels = "Haswell from epoch 1, Cooperlake from epoch 2";
    for (std::size_t e = 1; e <= 2; ++e) {
        r.epochs.push_back(
            {e, next_number(), next_number(), next_number(), next_number(), next_number(), next_number()});
        const std::size_t classes = probe_plan_of(o).details(e) ? 3 : 0;  // the last epoch, or the one read
        for (const std::size_t layer : probed_layers(o)) {
            r.stages.push_back(sample_stage(e, layer, "before", e - 1, o.width, classes));
            r.stages.push_back(sample_stage(e, layer, "after", 2, o.width, classes));
        }
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

std::string refusal_of(const checkpoint& c, const options& o) {
    try {
        get_run(c, o);
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
    for (const std::size_t probe_layer : {std::size_t{4}, every_hidden_layer}) {
        const options o = store_options(2, probe_layer);
        const run_result written = sample_run(o);
        REQUIRE(written.stages.size() == 2 * 2 * probed_layers(o).size());
        checkpoint c;
        put_run(c, written);
        const run_result read = get_run(reread(c, s.dir / "run.ckpt"), o);
        check_same_run(read, written);
        CHECK(read.learning_rate == 0.002);
        CHECK(c.get_value<std::uint32_t>("run.format") == run_format);
        CHECK(c.get("run.epochs.train_loss").size() == 2 * sizeof(double));  // one double per epoch, field by field
        CHECK(c.get("run.stages.features.bimodality").size() == written.stages.size() * 3 * sizeof(double));
    }
}

TEST_CASE("a run with nothing recorded yet comes back empty") {
    const mockbn::testing::scratch_folder s("run_store");
    run_result empty;
    empty.learning_rate = 0.02;
    checkpoint c;
    put_run(c, empty);
    const run_result read = get_run(reread(c, s.dir / "run.ckpt"), store_options(20));
    check_same_run(read, empty);
}

TEST_CASE("the store restores the network, the optimizer and its learning rate, keeping the job's variant and seed") {
    const mockbn::testing::scratch_folder s("run_store");
    const options o = store_options(20);
    const run_store store(s.dir / "log_shift-seed1.ckpt", run_identity(o, "log_shift", 1, here), o);
    CHECK_FALSE(store.exists());
    const mockbn::mlp_shape shape{4, 3, 2, 2, {1, 2}};
    const mockbn::basic_mlp<float, mockbn::log_shift> saved_model(shape, 1);
    mockbn::sgd saved_optimizer{{.learning_rate = 0.002, .momentum = 0.9}};  // the record's rate, as in a run
    run_result recorded = sample_run(o);
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
    const options o = store_options(20);
    const fs::path file = s.dir / "plain-seed1.ckpt";
    // A later build's, and format 1's (stage records without their layer, features and classes).
    for (const std::uint32_t format : {run_format + 1, std::uint32_t{1}}) {
        checkpoint c;
        put_run(c, sample_run(o));
        c.put_value<std::uint32_t>("run.format", format);
        CHECK(refusal_of(reread(c, file), o) == "2: " + file.string() + " holds run results in format " +
                                                    std::to_string(format) + "; this build reads format " +
                                                    std::to_string(run_format) +
                                                    "; --force starts the folder's runs over");
    }
}

TEST_CASE("an earlier build's checkpoint of raw records is refused, not misread") {
    // What builds before run.format wrote: the run's flags and records as the bytes of their structs.
    struct old_flags {
        std::uint64_t diverged, diverged_at, epochs_done, rollbacks;
        double learning_rate;
    };
    const mockbn::testing::scratch_folder s("run_store");
    const options o = store_options(20);
    const run_result r = sample_run(o);
    checkpoint c;
    c.put_value("run.flags", old_flags{0, 0, 2, 0, 0.02});
    c.put_text("run.divergence", "");
    c.put_text("run.kernels", r.kernels);
    c.put_values<epoch_record>("run.epochs", r.epochs);
    c.put_value<std::uint64_t>("run.stages", 0);
    const fs::path file = s.dir / "plain-seed1.ckpt";
    CHECK(refusal_of(reread(c, file), o) ==
          "2: " + file.string() +
              " holds run results without a format version (an earlier build's raw records); "
              "this build reads format " +
              std::to_string(run_format) + "; --force starts the folder's runs over");
}

TEST_CASE("the class histograms of the first epoch, when the verdicts read it, are a run's records too") {
    const mockbn::testing::scratch_folder s("run_store");
    const fs::path file = s.dir / "plain-seed1.ckpt";
    auto refusal_of_run = [&](const run_result& r, const options& under) {
        checkpoint c;
        put_run(c, r);
        return refusal_of(reread(c, file), under);
    };
    options first = store_options(20);
    first.probe_moment = mockbn::research::probe_moment::first;
    const run_result reading_first = sample_run(first), reading_last = sample_run(store_options(20));
    CHECK(refusal_of_run(reading_first, first) == "accepted");
    CHECK(refusal_of_run(reading_first, store_options(20)).find("a stage record of epoch 1 has 3 class histograms") !=
          std::string::npos);
    CHECK(refusal_of_run(reading_last, first).find("a stage record of epoch 1 has 0 class histograms") !=
          std::string::npos);
}

TEST_CASE("records no run leaves are refused, naming the file") {
    const mockbn::testing::scratch_folder s("run_store");
    const fs::path file = s.dir / "plain-seed1.ckpt";
    const options o = store_options(20);
    auto refusal_of_run = [&](const run_result& r, const options& under) {
        checkpoint c;
        put_run(c, r);
        return refusal_of(reread(c, file), under);
    };
    const std::string prefix = "checkpoint_error: " + file.string() + ": ";
    CHECK(refusal_of_run(sample_run(o), o) == "accepted");
    CHECK(refusal_of_run(sample_run(store_options(2)), store_options(2)) == "accepted");
    CHECK(refusal_of_run(sample_run(o), store_options(1)) ==
          prefix +
              "its records do not make a run of at most 1 epochs probing hidden layer 4 (2 epoch records, 4 "
              "stage records)");
    CHECK(refusal_of_run(sample_run(o), store_options(20, every_hidden_layer)) ==
          prefix +
              "its records do not make a run of at most 20 epochs probing hidden layers 1 to 5 (2 epoch "
              "records, 4 stage records)");
    // With a probe within the first epoch, its records (epoch 0) come first, in every run past that epoch.
    options early = o;
    early.probe_early = 10;
    run_result probed_early = sample_run(o);
    auto first_two = std::vector(probed_early.stages.begin(), probed_early.stages.begin() + 2);
    for (auto& s : first_two) s.epoch = 0;
    probed_early.stages.insert(probed_early.stages.begin(), first_two.begin(), first_two.end());
    CHECK(refusal_of_run(probed_early, early) == "accepted");
    CHECK(refusal_of_run(sample_run(o), early) ==
          prefix +
              "its records do not make a run of at most 20 epochs (and once within the first) probing hidden "
              "layer 4 (2 epoch records, 4 stage records)");
    CHECK(refusal_of_run(probed_early, o).find("(2 epoch records, 6 stage records)") != std::string::npos);
    run_result skipped = sample_run(o);
    skipped.epochs[1].epoch = 3;
    CHECK(refusal_of_run(skipped, o).find("its records do not make a run of at most 20 epochs") != std::string::npos);
    run_result missing_stage = sample_run(o);
    missing_stage.stages.pop_back();
    CHECK(refusal_of_run(missing_stage, o).find("(2 epoch records, 3 stage records)") != std::string::npos);
    run_result other_layer = sample_run(o);
    other_layer.stages[2].layer = 3;
    CHECK(refusal_of_run(other_layer, o).find("do not make a run") != std::string::npos);
    run_result swapped = sample_run(o);
    std::swap(swapped.stages[0].stage, swapped.stages[1].stage);
    CHECK(refusal_of_run(swapped, o).find("do not make a run") != std::string::npos);
    run_result short_histogram = sample_run(o);
    short_histogram.stages[2].histogram.counts.pop_back();
    CHECK(refusal_of_run(short_histogram, o) == prefix +
                                                    "a stage record of epoch 2 has 9 percentiles and 239 histogram "
                                                    "bins, not the 9 and 240 every run records");
    run_result missing_feature = sample_run(o);
    missing_feature.stages[3].features.pop_back();
    CHECK(refusal_of_run(missing_feature, o) ==
          prefix + "a stage record of epoch 2 has 2 feature records, not one per feature (3)");
    run_result early_classes = sample_run(o);
    early_classes.stages[0].classes.push_back(early_classes.stages[0].histogram);
    CHECK(refusal_of_run(early_classes, o) ==
          prefix +
              "a stage record of epoch 1 has 1 class histograms; a run records one per class, of 240 bins, at "
              "its last epoch (20) and the probe its verdicts read only");
    run_result no_classes = sample_run(store_options(2));
    no_classes.stages[3].classes.clear();
    CHECK(refusal_of_run(no_classes, store_options(2)).find("a stage record of epoch 2 has 0 class histograms") !=
          std::string::npos);
    run_result short_class = sample_run(store_options(2));
    short_class.stages[2].classes[1].counts.pop_back();
    CHECK(refusal_of_run(short_class, store_options(2)).find("a stage record of epoch 2 has 3 class histograms") !=
          std::string::npos);
}
