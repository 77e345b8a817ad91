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
#include "probes.hpp"
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

mockbn::analysis::histogram sample_histogram() {
    mockbn::analysis::histogram h{next_number(), next_number(), {}, next_number(), next_number(), next_number()};
    for (std::size_t i = 0; i < histogram_bins; ++i) h.counts.push_back(next_number());
    return h;
}

mockbn::analysis::description sample_description(std::size_t count) {
    return {count, next_number(), next_number(), next_number(), next_number(), next_number(), next_number()};
}

// Every field set; `features` feature records (the k-th with k % 3 modes), `classes` class histograms.
stage_record sample_stage(std::size_t epoch, std::size_t layer, const char* stage, std::size_t modes,
                          std::size_t features, std::size_t classes) {
    stage_record s;
    s.epoch = epoch;
    s.layer = layer;
    s.stage = stage;
    s.description = sample_description(epoch + 100);
    for (std::size_t i = 0; i < std::size(mockbn::analysis::band_percentiles); ++i)
        s.percentiles.push_back(next_number());
    s.histogram = sample_histogram();
    for (std::size_t i = 0; i < modes; ++i) s.modes.push_back({next_number(), next_number()});
    for (std::size_t k = 0; k < features; ++k) {
        auto& f = s.features.emplace_back(mockbn::analysis::column_description{sample_description(k + 7), {}});
        for (std::size_t i = 0; i < k % 3; ++i) f.modes.push_back({next_number(), next_number()});
    }
    for (std::size_t c = 0; c < classes; ++c) s.classes.push_back(sample_histogram());
    return s;
}

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
    r.kernels = "Haswell from epoch 1, Cooperlake from epoch 2";
    for (std::size_t e = 1; e <= 2; ++e) {
        r.epochs.push_back({e, next_number(), next_number(), next_number(), next_number()});
        const std::size_t classes = e == o.epochs ? 3 : 0;
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
        put_run(c, {written, 0.002});
        const saved_run read = get_run(reread(c, s.dir / "run.ckpt"), o);
        check_same_run(read.result, written);
        CHECK(read.learning_rate == 0.002);
        CHECK(c.get_value<std::uint32_t>("run.format") == run_format);
        CHECK(c.get("run.epochs.train_loss").size() == 2 * sizeof(double));  // one double per epoch, field by field
        CHECK(c.get("run.stages.features.bimodality").size() == written.stages.size() * 3 * sizeof(double));
    }
}

TEST_CASE("a run with nothing recorded yet comes back empty") {
    const mockbn::testing::scratch_folder s("run_store");
    checkpoint c;
    put_run(c, {run_result{}, 0.02});
    const saved_run read = get_run(reread(c, s.dir / "run.ckpt"), store_options(20));
    check_same_run(read.result, run_result{});
    CHECK(read.learning_rate == 0.02);
}

TEST_CASE("the store restores the network, the optimizer and its learning rate, keeping the job's variant and seed") {
    const mockbn::testing::scratch_folder s("run_store");
    const options o = store_options(20);
    const run_store store(s.dir / "log_shift-seed1.ckpt", run_identity(o, "log_shift", 1, here), o);
    CHECK_FALSE(store.exists());
    const mockbn::mlp_shape shape{4, 3, 2, 2, {1, 2}};
    const mockbn::basic_mlp<float, mockbn::log_shift> saved_model(shape, 1);
    mockbn::sgd saved_optimizer{{.learning_rate = 0.002, .momentum = 0.9}};
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
        put_run(c, {sample_run(o), 0.02});
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

TEST_CASE("records no run leaves are refused, naming the file") {
    const mockbn::testing::scratch_folder s("run_store");
    const fs::path file = s.dir / "plain-seed1.ckpt";
    const options o = store_options(20);
    auto refusal_of_run = [&](const run_result& r, const options& under) {
        checkpoint c;
        put_run(c, {r, 0.02});
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
              "its last epoch (20) only");
    run_result no_classes = sample_run(store_options(2));
    no_classes.stages[3].classes.clear();
    CHECK(refusal_of_run(no_classes, store_options(2)).find("a stage record of epoch 2 has 0 class histograms") !=
          std::string::npos);
    run_result short_class = sample_run(store_options(2));
    short_class.stages[2].classes[1].counts.pop_back();
    CHECK(refusal_of_run(short_class, store_options(2)).find("a stage record of epoch 2 has 3 class histograms") !=
          std::string::npos);
}

TEST_CASE("sections whose sizes disagree are refused, naming the section") {
    const mockbn::testing::scratch_folder s("run_store");
    const fs::path file = s.dir / "plain-seed1.ckpt";
    const options o = store_options(20);
    checkpoint c;
    put_run(c, {sample_run(o), 0.02});
    checkpoint short_column = c;
    short_column.put_values<double>("run.epochs.test_loss", std::vector<double>{0.5});
    CHECK(refusal_of(reread(short_column, file), o).find("section run.epochs.test_loss holds 8 bytes, 16 expected") !=
          std::string::npos);
    checkpoint long_sizes = c;
    long_sizes.put_values<std::uint64_t>("run.parameters.name.sizes", std::vector<std::uint64_t>{1, 1, 1, 1u << 30});
    CHECK(refusal_of(reread(long_sizes, file), o)
              .find("section run.parameters.name holds fewer values than run.parameters.name.sizes adds up to") !=
          std::string::npos);
    checkpoint unpaired_modes = c;
    unpaired_modes.put_values<std::uint64_t>("run.stages.modes.height.sizes", std::vector<std::uint64_t>{0, 2, 0, 3});
    CHECK(refusal_of(reread(unpaired_modes, file), o).find("run.stages.modes has 1 locations but 0 heights") !=
          std::string::npos);
    checkpoint long_features = c;
    long_features.put_values<std::uint64_t>("run.stages.features.sizes", std::vector<std::uint64_t>{3, 3, 3, 1u << 30});
    CHECK(refusal_of(reread(long_features, file), o)
              .find("table run.stages.features holds fewer records than run.stages.features.sizes adds up to") !=
          std::string::npos);
    checkpoint short_features = c;
    short_features.put_values<std::uint64_t>("run.stages.features.sizes", std::vector<std::uint64_t>{3, 3, 3, 2});
    CHECK(refusal_of(reread(short_features, file), o)
              .find("section run.stages.features.count holds 96 bytes, 88 expected") != std::string::npos);
    checkpoint unpaired_feature_modes = c;
    // Each stage's features have 0, 1 and 2 modes; these heights add up to as many, paired otherwise.
    unpaired_feature_modes.put_values<std::uint64_t>("run.stages.features.modes.height.sizes",
                                                     std::vector<std::uint64_t>{1, 0, 2, 1, 0, 2, 1, 0, 2, 1, 0, 2});
    CHECK(refusal_of(reread(unpaired_feature_modes, file), o)
              .find("run.stages.features.modes has 0 locations but 1 "
                    "heights") != std::string::npos);
}
