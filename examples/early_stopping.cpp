// Early stopping on a validation split, the test set read once at the end:
// the original study's network (five hidden layers of 100; batch
// normalization before the ReLUs of hidden layers 3 and 4, or nothing),
// trained with SGD and momentum from several seeds, each run stopped once
// its validation loss has not improved for `patience` epochs and put back
// to its best epoch. Prints each run and the mean ± standard deviation of
// the test accuracy over the seeds.
//
//   build/examples/early_stopping [data-dir] [seeds] [patience] [max-epochs]
//                                 (default: data/fashion, 5, 5, 100)
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <mockbn/mockbn.hpp>

using namespace mockbn;

// The test accuracy of one run, from its best epoch; the best epoch and the epochs it trained through `epochs`.
template <class Network>
double run(const data::dataset& train, const data::dataset& validation, const data::dataset& test, std::uint64_t seed,
           std::size_t patience, std::size_t max_epochs, std::size_t& best, std::size_t& epochs) {
    Network model{seed};
    sgd optimizer{{.learning_rate = 0.02, .momentum = 0.9}};
    early_stopping stopper({.patience = patience});
    epochs = 0;
    fit(model, optimizer, train, {.batch = 64, .epochs = max_epochs, .shuffle_seed = seed, .validation = &validation},
        stopper, [&](const epoch_report&) { ++epochs; });
    best = stopper.best_epoch();
    return evaluate(model, test).accuracy;
}

template <class Network>
void report(const char* name, const data::dataset& train, const data::dataset& validation, const data::dataset& test,
            std::size_t seeds, std::size_t patience, std::size_t max_epochs) {
    std::vector<double> accuracy;
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
        std::size_t best = 0, epochs = 0;
        accuracy.push_back(run<Network>(train, validation, test, seed, patience, max_epochs, best, epochs));
        std::printf("%-6s seed %llu: best epoch %zu of %zu, test accuracy %.4f\n", name,
                    static_cast<unsigned long long>(seed), best, epochs, accuracy.back());
    }
    double mean = 0, squares = 0;
    for (const double a : accuracy) mean += a / static_cast<double>(seeds);
    for (const double a : accuracy) squares += (a - mean) * (a - mean);
    const double spread = seeds > 1 ? std::sqrt(squares / static_cast<double>(seeds - 1)) : 0;
    std::printf("%-6s test accuracy %.4f ± %.4f (mean ± standard deviation over %zu seeds)\n", name, mean, spread,
                seeds);
}

int main(int argc, char** argv) try {
    const std::string data_dir = argc > 1 ? argv[1] : "data/fashion";
    const std::size_t seeds = argc > 2 ? std::stoul(argv[2]) : 5, patience = argc > 3 ? std::stoul(argv[3]) : 5,
                      max_epochs = argc > 4 ? std::stoul(argv[4]) : 100;
    const auto images = data::load_standard(data_dir);
    // 5,000 of the 60,000 training images held out, the same share of each class, for every run.
    const auto [train, validation] = data::hold_out(images.train, 5000, /*seed=*/1);
    report<original_network<identity>>("plain", train, validation, images.test, seeds, patience, max_epochs);
    report<original_network<batch_norm>>("bn", train, validation, images.test, seeds, patience, max_epochs);
} catch (const std::exception& error) {
    std::fprintf(stderr, "early_stopping: %s\n", error.what());
    return 1;
}
