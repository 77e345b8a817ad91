// Probing a network of your own with the research layer, and judging a claim
// of the original study (S. Bai, "Senior thesis III", 2016) on it: batch
// normalization before the ReLUs of hidden layers 3 and 4, trained with SGD
// on MNIST from a few seeds. After each epoch the recorder measures hidden
// layer 4 before and after batch normalization; claim 1 of the reproduction
// ledger (two peaks, the negative one higher) is then judged on those
// records by its own rule, with its positive control and its effect sizes.
//
//   build/examples/probe_your_stack [data-dir] [epochs] [seeds]   (default: data/mnist, 2, 3)
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <mockbn/mockbn.hpp>
#include <mockbn/research.hpp>

using namespace mockbn;

using network = stack<input<784>, dense<100>, relu, dense<100>, relu, dense<100>, transform<batch_norm>, relu,
                      dense<100>, transform<batch_norm>, relu, dense<100>, relu, dense<10>, softmax_cross_entropy>;

int main(int argc, char** argv) try {
    const std::string data_dir = argc > 1 ? argv[1] : "data/mnist";
    const std::size_t epochs = argc > 2 ? std::stoul(argv[2]) : 2, seeds = argc > 3 ? std::stoul(argv[3]) : 3;
    const auto mnist = data::load_standard(data_dir);
    const auto [train, validation] = data::hold_out(mnist.train, 5000, /*seed=*/1);  // stratified by label
    const auto probe_images = data::head(mnist.test, 1000);

    // The validation set every epoch, the test set at the last; hidden layer 4 every epoch, a histogram per
    // class at the last.
    const research::epoch_recorder recorder(validation, mnist.test, probe_images,
                                            {.layers = {4}, .last_epoch = epochs});
    std::vector<research::run_result> runs;
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
        network model{seed};
        sgd optimizer{{.learning_rate = 0.02, .momentum = 0.9}};
        auto& run = runs.emplace_back();
        run.variant = "bn";  // the name the claims give batch normalization's runs
        run.seed = seed;
        fit(model, optimizer, train, {.batch = 64, .epochs = epochs, .shuffle_seed = seed},
            [&](const epoch_report& epoch) { recorder.record(model, epoch, run); });

        const research::stage_record& after = run.stages.back();  // layer 4 after batch norm, last epoch
        std::printf("seed %llu: test accuracy %.4f; after batch norm, Sarle %.3f, modes",
                    static_cast<unsigned long long>(seed), run.epochs.back().test_accuracy,
                    after.description.bimodality);
        for (const auto& m : after.modes) std::printf(" %.2f (height %.3f)", m.location, m.height);
        std::printf("\n");
    }

    research::control_bank controls;  // synthetic layers of known shape, drawn when first asked
    research::interval_memo memo;
    const research::evidence evidence{runs, /*layer=*/4, epochs, {}, controls, memo};
    const research::claim claim_1 = research::original_ledger().front();
    const research::finding f = claim_1.judge(evidence, {});
    std::printf("\nclaim 1: %s\nstrict: %s\nverdict: %s (%s)\n", claim_1.words.c_str(), claim_1.strict.c_str(),
                std::string(research::verdict_name(f.strict.verdict)).c_str(), f.strict.why.c_str());
    for (const auto& e : f.effects)
        std::printf("%s: %.3f [%.3f, %.3f]\n", e.name.c_str(), e.value.estimate, e.value.low, e.value.high);
} catch (const std::exception& error) {
    std::fprintf(stderr, "probe_your_stack: %s\n", error.what());
    return 1;
}
