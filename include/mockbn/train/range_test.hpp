// mockbn/train/range_test.hpp
//
// The learning-rate range test (L. N. Smith, "Cyclical learning rates for
// training neural networks", WACV 2017, with the exponential schedule of
// fast.ai's rate finder): a short run whose rate grows by a constant factor
// every step, the loss recorded against the rate. Where the loss falls is
// the range in which the network learns; past its lowest point it turns and
// the run diverges.
//
// Contract of lr_range_test(model, optimizer, data, options):
//  - Step k of n (from 0) trains one batch at rate low · (high / low)^(k /
//    (n − 1)), the batches drawn as fit draws them (shuffled from
//    shuffle_seed, epoch after epoch as long as the steps last).
//  - Each point holds the rate, the batch's loss, and the loss smoothed by an
//    exponential moving average (β = smoothing) with its bias corrected.
//  - The test ends after n steps, or at the first step whose loss is not
//    finite or whose smoothed loss exceeds diverge_factor times the lowest
//    so far (that step is recorded), or whose gradient is not finite (the
//    optimizer refuses the step; the step is recorded).
//  - The rate is the optimizer's own (settings().learning_rate): an
//    optimizer with a schedule multiplies it, so test with a constant one.
//  - lowest: the rate at the lowest smoothed loss; falls_from: the first rate
//    at which the smoothed loss has come down a tenth of the way from its
//    first value to its lowest; the range [falls_from, lowest] is where the
//    loss falls, and suggested() = lowest / 10 a starting rate (fast.ai's
//    rule: at the lowest point itself the run is close to diverging). A
//    loss that never falls a tenth below its first smoothed value has no
//    range: both are NaN (a network that does not learn at any of the rates;
//    a smaller fall is within the first batches' noise).
//  - The model and optimizer are left as they were: their whole state is
//    saved before the first step and loaded after the last (io::save_state).
//  - Options outside 0 < low < high, steps < 2, batch 0, or smoothing
//    outside [0, 1) are refused (std::invalid_argument, naming the option),
//    by lr_range_test and by check_range_options before any data is read.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "mockbn/concepts/classifier.hpp"
#include "mockbn/concepts/optimizer.hpp"
#include "mockbn/data/dataset.hpp"
#include "mockbn/io/state.hpp"
#include "mockbn/train/fit.hpp"

namespace mockbn {

struct range_test_options {
    double low = 1e-6, high = 10;  // the first step's rate and the last's
    std::size_t steps = 300;
    std::size_t batch = 64;
    std::uint64_t shuffle_seed = 0;
    double smoothing = 0.98;    // β of the loss's moving average
    double diverge_factor = 4;  // the test ends once the smoothed loss passes this times its lowest
};

struct range_point {
    double rate = 0, loss = 0, smoothed = 0;
};

struct range_test_result {
    std::vector<range_point> points;
    double falls_from = std::numeric_limits<double>::quiet_NaN();
    double lowest = std::numeric_limits<double>::quiet_NaN();

    double suggested() const noexcept { return lowest / 10; }
};

inline void check_range_options(const range_test_options& o) {
    auto refuse = [](const std::string& what) { throw std::invalid_argument("mockbn::lr_range_test: " + what); };
    if (!(o.low > 0 && o.low < o.high && std::isfinite(o.high))) refuse("the rates must satisfy 0 < low < high");
    if (o.steps < 2) refuse("the test needs at least 2 steps");
    if (o.batch == 0) refuse("the batch size must be positive");
    if (!(o.smoothing >= 0 && o.smoothing < 1)) refuse("smoothing is a moving average's β, in [0, 1)");
}

namespace detail {

// falls_from and lowest, from the smoothed losses.
inline void read_range(range_test_result& r) {
    std::size_t lowest = 0;
    for (std::size_t k = 1; k < r.points.size(); ++k)
        if (r.points[k].smoothed < r.points[lowest].smoothed) lowest = k;
    if (!(r.points[lowest].smoothed < 0.9 * r.points.front().smoothed)) return;  // no fall: no range
    r.lowest = r.points[lowest].rate;
    const double target = r.points.front().smoothed - 0.1 * (r.points.front().smoothed - r.points[lowest].smoothed);
    for (std::size_t k = 0; k <= lowest; ++k)
        if (r.points[k].smoothed <= target) {
            r.falls_from = r.points[k].rate;
            break;
        }
}

}  // namespace detail

template <trainable_classifier Model, optimizer_for<Model> Optimizer>
range_test_result lr_range_test(Model& model, Optimizer& optimizer, const data::dataset& examples,
                                const range_test_options& options = {}) {
    using T = typename Model::value_type;
    check_range_options(options);
    if (examples.count == 0)
        throw std::invalid_argument("mockbn::lr_range_test: " + examples.name + " has no examples");
    io::checkpoint saved;
    io::save_state(saved, model);
    io::save_state(saved, optimizer, "optimizer");
    const double rate_before = optimizer.settings().learning_rate;

    batch_gatherer<T> gatherer(examples, std::min(options.batch, examples.count));
    std::vector<std::uint32_t> order(examples.count);
    range_test_result result;
    double average = 0, best = std::numeric_limits<double>::infinity();
    std::size_t first = examples.count, epoch = 0;
    for (std::size_t k = 0; k < options.steps; ++k) {
        if (first >= examples.count) {
            shuffle_order(order, options.shuffle_seed, ++epoch);
            first = 0;
        }
        const std::size_t rows = std::min(options.batch, examples.count - first);
        gatherer.gather(order, first, rows);
        first += rows;
        const double rate =
            options.low * std::pow(options.high / options.low, static_cast<double>(k) / (options.steps - 1.0));
        optimizer.settings().learning_rate = rate;
        const double loss = static_cast<double>(model.forward(gatherer.images(), gatherer.labels(), training));
        average = options.smoothing * average + (1 - options.smoothing) * loss;
        const double smoothed = average / (1 - std::pow(options.smoothing, static_cast<double>(k + 1)));
        result.points.push_back({rate, loss, smoothed});
        if (!std::isfinite(smoothed) || smoothed > options.diverge_factor * best) break;
        best = std::min(best, smoothed);
        model.backward();
        if (!optimizer.step(model)) break;  // a gradient went non-finite: the rate is past divergence
    }
    io::load_state(saved, model);
    io::load_state(saved, optimizer, "optimizer");
    optimizer.settings().learning_rate = rate_before;
    detail::read_range(result);
    return result;
}

}  // namespace mockbn
