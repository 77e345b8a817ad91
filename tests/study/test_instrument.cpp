// The instrument's choices as the verdicts read them (study/ledger.hpp):
// the probe of the moment asked (the last epoch's, the first's, every
// epoch's pooled, or the one within the first epoch), through the display
// asked, on runs made by hand whose batch-normalized layer is two-peaked at
// some moments only; and the variant read as batch normalization.
#include <cstdint>
#include <vector>

#include <doctest/doctest.h>

#include <mockbn/research/controls.hpp>

#include "ledger.hpp"
#include "sample_options.hpp"

using namespace study;
namespace research = mockbn::research;

namespace {

// Three seeds of bn over two epochs, whose layer 4 after batch normalization is drawn at each epoch from the
// two-cluster model (research/controls.hpp) with the separations given, as a last epoch records it.
std::vector<run_result> bn_runs(double first, double second) {
    std::vector<run_result> runs;
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
        run_result r;
        r.variant = "bn";
        r.seed = seed;
        for (const auto& [epoch, separation] : {std::pair{1, first}, std::pair{2, second}}) {
            r.epochs.push_back({static_cast<std::size_t>(epoch), 0.1, 0.1, 0.97, 0.1, 0.97, 1});
            research::layer_model m;
            m.separation = separation;
            auto stage = research::synthetic_stage(m, 10 * seed + static_cast<std::uint64_t>(epoch), true);
            stage.epoch = static_cast<std::size_t>(epoch);
            stage.layer = 4;
            r.stages.push_back(stage);
        }
        runs.push_back(r);
    }
    return runs;
}

research::verdict claim_1(const options& o, const std::vector<run_result>& runs) {
    return judge_ledger(o, runs, shared_controls()).findings.front().strict.verdict;
}

}  // namespace

TEST_CASE("the verdicts read the probe of the moment asked: the last epoch's, the first's, or every epoch's pooled") {
    options o = testing::defaults_in("results/mnist");
    o.variants = {"bn"};
    o.epochs = 2;
    const auto early = bn_runs(6, 0);  // two peaks at the first epoch only
    CHECK(claim_1(o, early) == research::verdict::not_reproduced);
    o.probe_moment = research::probe_moment::first;
    CHECK(claim_1(o, early) == research::verdict::reproduced);
    o.probe_moment = research::probe_moment::pooled;
    CHECK(claim_1(o, bn_runs(6, 6)) == research::verdict::reproduced);
    CHECK(claim_1(o, bn_runs(0, 0)) == research::verdict::not_reproduced);
    CHECK(instrument_text(o).starts_with("every epoch's probe pooled of hidden layer 4"));
}

TEST_CASE("the early moment reads the probe within the first epoch, recorded as epoch 0") {
    options o = testing::defaults_in("results/mnist");
    o.variants = {"bn"};
    o.epochs = 2;
    o.probe_early = 50;
    o.probe_moment = research::probe_moment::early;
    auto runs = bn_runs(0, 0);                                   // one peak at both epochs' ends
    CHECK(claim_1(o, runs) == research::verdict::not_measured);  // no probe within the first epoch
    for (auto& r : runs) {
        research::layer_model m;
        m.separation = 6;
        auto stage = research::synthetic_stage(m, 100 * r.seed, true);
        stage.epoch = 0;
        stage.layer = 4;
        r.stages.push_back(stage);
    }
    CHECK(claim_1(o, runs) == research::verdict::reproduced);
    o.probe_moment = research::probe_moment::last;
    CHECK(claim_1(o, runs) == research::verdict::not_reproduced);
    o.probe_moment = research::probe_moment::early;
    CHECK(instrument_text(o).starts_with("the probe after 50 steps of hidden layer 4"));
}

TEST_CASE("through TensorBoard's display, a layer's two peaks far apart are still seen, and the text says so") {
    options o = testing::defaults_in("results/mnist");
    o.variants = {"bn"};
    o.epochs = 2;
    o.display = research::histogram_display::tensorboard;
    CHECK(claim_1(o, bn_runs(0, 6)) == research::verdict::reproduced);
    CHECK(claim_1(o, bn_runs(6, 0)) != research::verdict::reproduced);
    CHECK(instrument_text(o).find("TensorBoard's display") != std::string::npos);
    o.probe_split = research::probe_split::train;
    o.probe_mode = research::probe_mode::training_batches;
    CHECK(instrument_text(o).find("1000 training images in training batches of 64") != std::string::npos);
}

TEST_CASE("--ledger-bn bn_tf: the claims read bn_tf's runs as batch normalization, and bn's are left out") {
    options o = testing::defaults_in("results/mnist");
    o.variants = {"bn", "bn_tf"};
    o.epochs = 2;
    auto runs = bn_runs(0, 0);      // bn: one peak
    for (auto r : bn_runs(0, 6)) {  // bn_tf: two peaks at the end
        r.variant = "bn_tf";
        runs.push_back(r);
    }
    CHECK(claim_1(o, runs) == research::verdict::not_reproduced);
    o.ledger_bn = "bn_tf";
    CHECK(claim_1(o, runs) == research::verdict::reproduced);
    CHECK(instrument_text(o).ends_with("; batch normalization read as bn_tf"));
    o.variants = {"bn"};  // without bn_tf's runs, no batch normalization is read
    runs.resize(3);
    CHECK(claim_1(o, runs) == research::verdict::not_measured);
}
