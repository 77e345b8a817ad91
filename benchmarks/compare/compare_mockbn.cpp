// The comparison, mockbn's side (see common.hpp).
#include <mockbn/mockbn.hpp>

#include "../configuration.hpp"
#include "common.hpp"

namespace {

using namespace mockbn;

template <class P, class Optimizer>
void run(const compare::data& d, const char* variant, const char* optimizer_name, Optimizer prototype) {
    // The fairness trajectory: 100 steps of 64 from the shared initial weights.
    {
        mockbn::original_network<P> model{1};
        Optimizer optimizer = prototype;
        std::vector<double> losses;
        for (std::size_t s = 0; s < compare::trajectory_steps; ++s) {
            const std::size_t first = s * compare::trajectory_batch;
            const matrix_view<const float> x{d.images.data() + first * 784, compare::trajectory_batch, 784};
            losses.push_back(model.forward(x, std::span(d.labels).subspan(first, compare::trajectory_batch), training));
            model.backward();
            optimizer.step(model);
        }
        compare::report_trajectory("mockbn", variant, optimizer_name, losses);
    }
    for (std::size_t batch : compare::batches) {
        mockbn::original_network<P> model{1};
        Optimizer optimizer = prototype;
        const double rate = compare::samples_per_second(batch, [&](std::size_t first) {
            const matrix_view<const float> x{d.images.data() + first * 784, batch, 784};
            model.forward(x, std::span(d.labels).subspan(first, batch), training);
            model.backward();
            optimizer.step(model);
        });
        compare::report("mockbn", variant, optimizer_name, batch, rate);
    }
}

template <class P>
void both(const compare::data& d, const char* variant) {
    run<P>(d, variant, "sgd", sgd{{.learning_rate = compare::sgd_learning_rate, .momentum = compare::sgd_momentum}});
    run<P>(d, variant, "adam", adam{{.learning_rate = compare::adam_learning_rate}});
}

}  // namespace

int main(int argc, char** argv) {
    bench::pin_and_print_configuration("compare_mockbn");
    const auto d = compare::load(argc, argv);
    both<identity>(d, "plain");
    both<batch_norm>(d, "bn");
    both<log_shift>(d, "log_shift");
    both<sqrt_shift>(d, "sqrt_shift");
}
