// One job through the study's engine: what the recorder records after an
// epoch, and run_job continuing from a checkpoint and rolling back, on a tiny
// synthetic dataset.
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "scratch.hpp"

#include <mockbn/mockbn.hpp>

#include "epoch_recorder.hpp"
#include "experiment.hpp"
#include "run_store.hpp"
#include "same_run.hpp"
#include "sample_options.hpp"

using namespace study;
namespace fs = std::filesystem;

namespace {

const environment here{"64+16 images of 2x2, crc32 0123abcd", "Cooperlake", "gcc 12; -O3 (Release)"};

// Two classes of 2x2 images, one darker, one brighter, with a pattern of noise.
mockbn::data::dataset synthetic(const std::string& name, std::size_t count, std::size_t salt) {
    mockbn::data::dataset d{name, count, 2, 2, 2, {}, {}};
    for (std::size_t i = 0; i < count; ++i) {
        const auto label = static_cast<std::uint8_t>(i % 2);
        d.labels.push_back(label);
        for (std::size_t k = 0; k < 4; ++k)
            d.images.push_back((label ? 0.7f : 0.2f) + static_cast<float>((i * 7 + k * 3 + salt) % 5) / 20);
    }
    return d;
}

study_data tiny_data() {
    study_data data{synthetic("train", 64, 1), synthetic("validation", 12, 3), synthetic("test", 16, 2), {}};
    data.probe = mockbn::data::head(data.test, 8);
    return data;
}

options tiny_options(const fs::path& out) {
    options o = testing::defaults_in(out);
    o.variants = {"log_shift"};
    o.width = 6;
    o.depth = 2;
    o.placement = {1, 2};
    o.probe_layer = 2;
    o.batch = 8;
    o.epochs = 3;
    o.seeds = {1};
    return o;
}

const job log_shift_seed1{"log_shift", 1};

run_result run_quietly(const options& o, const study_data& data, const fs::path& checkpoint,
                       std::vector<std::string>* lines = nullptr) {
    return run_job(o, data, log_shift_seed1, checkpoint, here, [&](const std::string& line) {
        if (lines) lines->push_back(line);
    });
}

std::size_t count_of(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("the recorder records one epoch: losses, both probe stages, every learnable parameter, a progress line") {
    const study_data data = tiny_data();
    const options o = tiny_options("results");
    std::vector<std::string> lines;
    const epoch_recorder recorder(o, data, log_shift_seed1, [&](const std::string& line) { lines.push_back(line); });
    mockbn::basic_mlp<float, mockbn::log_shift> model({4, 6, 2, 2, {1, 2}}, 1);
    run_result out;
    recorder.record(model, {1, 0.5, 0.25, {}, {}}, out);

    REQUIRE(out.epochs.size() == 1);
    CHECK((out.epochs[0].epoch == 1 && out.epochs[0].train_loss == 0.5 && out.epochs[0].seconds == 0.25));
    const auto& e = out.epochs[0];
    CHECK((e.validation_accuracy >= 0 && e.validation_accuracy <= 1 && e.validation_loss > 0));
    CHECK((std::isnan(e.test_accuracy) && std::isnan(e.test_loss)));  // epoch 1 of 3: the test set waits
    REQUIRE(out.stages.size() == 2);
    CHECK(out.stages[0].stage == "before");
    CHECK(out.stages[1].stage == "after");
    for (const auto& s : out.stages) {
        CHECK(s.description.count == 8 * 6);  // the probe images times the probe layer's width
        CHECK(s.percentiles.size() == std::size(mockbn::analysis::band_percentiles));
        CHECK(s.histogram.counts.size() == histogram_bins);
    }
    CHECK(out.parameters.size() == 2 * 3);  // log_shift's a, b, c on each of the two transformed layers
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].rfind("log_shift seed 1  epoch 1/3  train loss 0.5000  validation accuracy ", 0) == 0);
    CHECK(lines[0].find("test accuracy") == std::string::npos);
    recorder.announce("epoch 2, step 1: the loss went non-finite (x)");
    CHECK(lines.back() == "log_shift seed 1: epoch 2, step 1: the loss went non-finite (x)");
}

TEST_CASE(
    "with --probe-layer all the recorder records every hidden layer, each feature, and at the last epoch "
    "a histogram per class that adds up to the pooled one") {
    const study_data data = tiny_data();
    options o = tiny_options("results");
    o.probe_layer = every_hidden_layer;
    const epoch_recorder recorder(o, data, log_shift_seed1, [](const std::string&) {});
    mockbn::basic_mlp<float, mockbn::log_shift> model({4, 6, 2, 2, {1, 2}}, 1);
    run_result out;
    recorder.record(model, {1, 0.5, 0.25, {}, {}}, out);
    recorder.record(model, {2, 0.4, 0.25, {}, {}}, out);
    recorder.record(model, {3, 0.3, 0.25, {}, {}}, out);  // o.epochs: the last

    REQUIRE(out.stages.size() == 3 * 2 * 2);  // epochs x layers x stages
    for (std::size_t i = 0; i < out.stages.size(); ++i) {
        const auto& s = out.stages[i];
        CHECK((s.epoch == i / 4 + 1 && s.layer == i % 4 / 2 + 1 && s.stage == (i % 2 ? "after" : "before")));
        REQUIRE(s.features.size() == 6);                                   // the layer's width
        for (const auto& f : s.features) CHECK(f.description.count == 8);  // the probe images
        if (s.epoch < 3) {
            CHECK(s.classes.empty());
            CHECK(s.image_sums.empty());
            CHECK(s.clusters.empty());
            continue;
        }
        CHECK(s.image_sums.size() == 8 * 4);  // four power sums per probe image
        CHECK(s.clusters.size() == 6);        // one fit per feature
        REQUIRE(s.classes.size() == 2);       // the data's classes
        for (std::size_t b = 0; b < histogram_bins; ++b)
            CHECK(s.classes[0].counts[b] + s.classes[1].counts[b] == s.histogram.counts[b]);
        CHECK(s.classes[0].total() == 4 * 6);  // four probe images of each class, six features each
        CHECK(s.classes[1].total() == 4 * 6);
    }
    CHECK(find_stage(out, 2, 3, "after") == &out.stages[11]);
}

TEST_CASE("a job continued from its checkpoint records what an uninterrupted job records") {
    const mockbn::testing::scratch_folder s("job");
    const study_data data = tiny_data();
    const options o = tiny_options(s.dir);
    const run_result whole = run_quietly(o, data, s.dir / "whole.ckpt");
    REQUIRE(whole.epochs.size() == 3);

    // A job stopped after its second epoch: its checkpoint then is that of a two-epoch job, less what only a
    // last epoch records (the test set's evaluation, the class histograms, the image sums, the clusters), under
    // this job's identity.
    options two = o;
    two.epochs = 2;
    const fs::path checkpoint = s.dir / "continued.ckpt";
    run_quietly(two, data, checkpoint);
    auto stopped = mockbn::io::checkpoint::load(checkpoint);
    run_result recorded = get_run(stopped, two);
    recorded.epochs.back().test_loss = recorded.epochs.back().test_accuracy = std::nan("");
    for (auto& stage : recorded.stages) {
        stage.classes.clear();
        stage.image_sums.clear();
        stage.clusters.clear();
    }
    put_run(stopped, recorded);
    stopped.save(checkpoint, run_identity(o, "log_shift", 1, here));
    options resume = o;
    resume.resume = true;
    std::vector<std::string> lines;
    const run_result continued = run_quietly(resume, data, checkpoint, &lines);
    CHECK(lines.size() == 1);  // only epoch 3 was trained
    testing::check_same_run(continued, whole, false);
    const run_result again = run_quietly(resume, data, checkpoint);  // a finished job trains nothing
    testing::check_same_run(again, continued);
}

TEST_CASE("the set-up options reach the job: frozen transformations stay at their initial values") {
    const mockbn::testing::scratch_folder s("job_setup");
    const study_data data = tiny_data();
    options o = tiny_options(s.dir);
    o.transform_lr_scale = 0;
    const run_result frozen = run_quietly(o, data, s.dir / "frozen.ckpt");
    REQUIRE(!frozen.parameters.empty());
    for (const auto& p : frozen.parameters) {
        CAPTURE(p.name);
        CHECK(p.min == (p.name == "a" ? 1.0 : 0.0));
        CHECK(p.max == p.min);
    }
    o.transform_lr_scale = 1;
    const run_result learning = run_quietly(o, data, s.dir / "learning.ckpt");
    CHECK(learning.parameters.back().max > learning.parameters.back().min);
}

TEST_CASE("a job on another set-up (torch_default, selu, cosine, weight decay, 3x rate) continues exactly too") {
    const mockbn::testing::scratch_folder s("job_setup_resume");
    const study_data data = tiny_data();
    options o = tiny_options(s.dir);
    o.init = mockbn::research::initialization::torch_default;
    o.activation = mockbn::research::activation_kind::selu;
    o.optimizer = mockbn::research::optimizer_rule::adam;
    o.learning_rate = 0.01;
    o.schedule = mockbn::research::rate_schedule::cosine;
    o.weight_decay = 1e-3;
    o.transform_lr_scale = 3;
    // The checkpoint as it stood when epoch 2 was reported, taken from the uninterrupted job itself:
    // a two-epoch job would not do, since a cosine schedule spans the whole run.
    const fs::path checkpoint = s.dir / "continued.ckpt";
    const run_result whole =
        run_job(o, data, log_shift_seed1, s.dir / "whole.ckpt", here, [&](const std::string& line) {
            if (line.find("epoch 2/3") != std::string::npos) fs::copy_file(s.dir / "whole.ckpt", checkpoint);
        });
    REQUIRE(fs::exists(checkpoint));
    options resume = o;
    resume.resume = true;
    std::vector<std::string> lines;
    testing::check_same_run(run_quietly(resume, data, checkpoint, &lines), whole, false);
    CHECK(!lines.empty());
    CHECK(lines.size() < 3);  // it continued, rather than starting over
    // Each option changes the numbers: the run on the default set-up differs.
    const run_result plain_setup = run_quietly(tiny_options(s.dir), data, s.dir / "default.ckpt");
    CHECK(plain_setup.epochs.back().train_loss != whole.epochs.back().train_loss);
}

TEST_CASE("a job that keeps diverging is rolled back three times, each with a tenth of the rate, then stopped") {
    const mockbn::testing::scratch_folder s("job");
    const study_data data = tiny_data();
    options o = tiny_options(s.dir);
    o.learning_rate = 1e30;
    o.on_divergence = mockbn::research::on_divergence::roll_back;
    const fs::path checkpoint = s.dir / "diverging.ckpt";
    std::vector<std::string> lines;
    const run_result r = run_quietly(o, data, checkpoint, &lines);
    CHECK(r.diverged);
    CHECK(r.rollbacks == 3);
    CHECK(r.epochs.empty());
    CHECK(count_of(r.divergence, "went non-finite") == 4);
    CHECK(count_of(r.divergence, "→ rolled back, learning rate ") == 3);
    CHECK(lines.size() == 4);  // one line per divergence
    const run_result saved = run_store(checkpoint, run_identity(o, "log_shift", 1, here), o).read();
    CHECK(saved.diverged);
    CHECK(saved.learning_rate == 1e30 / 10 / 10 / 10);
}
