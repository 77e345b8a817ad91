// The five-minute tour: the original study's network with a learnable sqrt-shift before
// the ReLUs of hidden layers 3 and 4, trained with Adam on MNIST with a
// validation split held out (its loss and accuracy printed after each
// epoch, early stopping on its loss), the test set evaluated once at the end.
//
//   build/examples/quickstart [data-dir] [epochs]     (default: data/mnist, 5)
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <span>
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

    const auto [train, validation] = data::hold_out(mnist.train, 5000, /*seed=*/1);  // stratified by label
    adam optimizer{{.learning_rate = 1e-3}};
    early_stopping stopper({.patience = 3});  // puts back the best epoch's state when fit ends
    fit(model, optimizer, train, {.batch = 64, .epochs = epochs, .shuffle_seed = 1, .validation = &validation},
        progress(stdout), stopper);
    const auto test = evaluate(model, mnist.test);  // once, at the end
    std::printf("best epoch %zu (validation loss %.4f): test accuracy %.4f\n", stopper.best_epoch(),
                stopper.best_loss(), test.accuracy);

    // Looking inside: hidden layer 4 after its transformation (entry 9, the ReLU's input) on the test images.
    model.predict(mnist.test.all_images());
    const auto values = model.output_of(9);
    const std::span<const float> all(values.data, values.size());
    const auto h = analysis::make_histogram(all, -12.0, 12.0, 240);  // bins 0.1 wide
    std::printf("hidden layer 4 after sqrt_shift: Sarle's coefficient %.3f; modes", analysis::describe(all).bimodality);
    for (const auto& m : analysis::main_modes(h)) std::printf(" %.2f (height %.3f)", m.location, m.height);
    std::printf("\n");
} catch (const std::exception& error) {
    std::fprintf(stderr, "quickstart: %s\n", error.what());
    return 1;
}
