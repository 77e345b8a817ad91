// The five-minute tour: the original study's network with a learnable sqrt-shift before
// the ReLUs of hidden layers 3 and 4, trained with Adam on MNIST, printing
// the test accuracy after each epoch.
//
//   build/examples/quickstart [data-dir] [epochs]     (default: data/mnist, 5)
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include <mockbn/mockbn.hpp>

using namespace mockbn;

using network = stack<input<784>, dense<100>, relu, dense<100>, relu, dense<100>, transform<sqrt_shift>, relu,
                      dense<100>, transform<sqrt_shift>, relu, dense<100>, relu, dense<10>, softmax_cross_entropy>;

int main(int argc, char** argv) try {
    const std::string data_dir = argc > 1 ? argv[1] : "data/mnist";
    const std::size_t epochs = argc > 2 ? std::stoul(argv[2]) : 5;
    const auto mnist = data::load_standard(data_dir);

    network model{/*seed=*/1};
    std::printf("%s\n", model.summary().c_str());

    adam optimizer{{.learning_rate = 1e-3}};
    fit(model, optimizer, mnist.train, {.batch = 64, .epochs = epochs, .shuffle_seed = 1},
        [&](const epoch_report& epoch) {
            const auto test = evaluate(model, mnist.test);
            std::printf("epoch %zu  train loss %.4f  test loss %.4f  test accuracy %.4f  (%.1f s)\n", epoch.epoch,
                        epoch.train_loss, test.loss, test.accuracy, epoch.seconds);
        });
} catch (const std::exception& error) {
    std::fprintf(stderr, "quickstart: %s\n", error.what());
    return 1;
}
