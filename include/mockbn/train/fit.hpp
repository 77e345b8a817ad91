// mockbn/train/fit.hpp
//
// The training loop: fit(model, optimizer, data, options, on_epoch) and
// evaluate(model, data).
//
// Contract:
//  - Each epoch visits every example once in an order drawn afresh from
//    (options.shuffle_seed, epoch), so epoch k's order does not depend on how
//    the run got there: a run restored from a checkpoint after epoch k and
//    continued with first_epoch = k + 1 sees the same batches. Batches are gathered into one buffer the loop owns;
//    the last batch of an epoch may be smaller.
//  - A step is forward in training mode, backward, optimizer step.
//  - on_epoch(report) is called after each epoch with the epoch number
//    (from 1), the mean training loss over its examples, and its wall time.
//    If it returns a bool, false stops the run after that epoch.
//  - evaluate runs in inference mode and returns the mean loss and the
//    accuracy (argmax of the logits, the first maximum on ties).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "mockbn/data/dataset.hpp"
#include "mockbn/layers/matrix.hpp"
#include "mockbn/layers/mode.hpp"
#include "mockbn/random/generator.hpp"

namespace mockbn {

struct fit_options {
    std::size_t batch = 64;
    std::size_t epochs = 1;        // the last epoch to train
    std::uint64_t shuffle_seed = 0;
    std::size_t first_epoch = 1;   // > 1 to continue a run restored from a checkpoint
};

struct epoch_report {
    std::size_t epoch = 0;
    double train_loss = 0;
    double seconds = 0;
};

struct evaluation {
    double loss = 0;
    double accuracy = 0;
};

// Gathers chosen examples of a dataset into one contiguous batch, converting
// pixels to the model's element type.
template <floating_scalar T>
class batch_gatherer {
public:
    batch_gatherer(const data::dataset& source, std::size_t capacity)
        : source_(source), images_(capacity * source.features()), labels_(capacity) {}

    // Gathers source examples order[first, first + count).
    void gather(const std::vector<std::uint32_t>& order, std::size_t first, std::size_t count) {
        const std::size_t width = source_.features();
        for (std::size_t r = 0; r < count; ++r) {
            const std::size_t example = order[first + r];
            std::copy_n(source_.images.data() + example * width, width, images_.data() + r * width);
            labels_[r] = source_.labels[example];
        }
        rows_ = count;
    }

    matrix_view<const T> images() const noexcept { return {images_.data(), rows_, source_.features()}; }
    std::span<const std::uint8_t> labels() const noexcept { return {labels_.data(), rows_}; }

private:
    const data::dataset& source_;
    std::vector<T> images_;
    std::vector<std::uint8_t> labels_;
    std::size_t rows_ = 0;
};

// 0, 1, ..., n − 1 in the order of (seed, epoch): a Fisher-Yates shuffle.
inline void shuffle_order(std::vector<std::uint32_t>& order, std::uint64_t seed, std::uint64_t epoch) {
    std::iota(order.begin(), order.end(), std::uint32_t{0});
    random::generator g(seed, epoch);
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[g.below(i)]);
}

template <class Model>
evaluation evaluate(Model& model, const data::dataset& examples, std::size_t batch = 1000) {
    using T = typename Model::value_type;
    if (examples.count == 0) throw std::invalid_argument("mockbn::evaluate: " + examples.name + " has no examples");
    batch_gatherer<T> gatherer(examples, std::min(batch, examples.count));
    std::vector<std::uint32_t> order(examples.count);
    std::iota(order.begin(), order.end(), std::uint32_t{0});
    double loss = 0;
    std::size_t correct = 0;
    for (std::size_t first = 0; first < examples.count; first += batch) {
        const std::size_t rows = std::min(batch, examples.count - first);
        gatherer.gather(order, first, rows);
        loss += static_cast<double>(model.forward(gatherer.images(), gatherer.labels(), inference)) * rows;
        const auto logits = model.logits();
        for (std::size_t r = 0; r < rows; ++r) {
            const T* row = logits.row(r);
            const auto predicted = static_cast<std::size_t>(std::max_element(row, row + logits.cols) - row);
            correct += predicted == gatherer.labels()[r];
        }
    }
    const double n = static_cast<double>(examples.count);
    return {loss / n, static_cast<double>(correct) / n};
}

template <class Model, class Optimizer, class OnEpoch>
void fit(Model& model, Optimizer& optimizer, const data::dataset& examples, const fit_options& options,
         OnEpoch&& on_epoch) {
    using T = typename Model::value_type;
    if (options.batch == 0) throw std::invalid_argument("mockbn::fit: the batch size must be positive");
    if (examples.count == 0) throw std::invalid_argument("mockbn::fit: " + examples.name + " has no examples");
    batch_gatherer<T> gatherer(examples, std::min(options.batch, examples.count));
    std::vector<std::uint32_t> order(examples.count);
    for (std::size_t epoch = std::max<std::size_t>(options.first_epoch, 1); epoch <= options.epochs; ++epoch) {
        const auto start = std::chrono::steady_clock::now();
        shuffle_order(order, options.shuffle_seed, epoch);
        double loss = 0;
        for (std::size_t first = 0; first < examples.count; first += options.batch) {
            const std::size_t rows = std::min(options.batch, examples.count - first);
            gatherer.gather(order, first, rows);
            loss += static_cast<double>(model.forward(gatherer.images(), gatherer.labels(), training)) * rows;
            model.backward();
            optimizer.step(model);
        }
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
        const epoch_report report{epoch, loss / static_cast<double>(examples.count), elapsed.count()};
        if constexpr (std::is_same_v<decltype(on_epoch(report)), bool>) {
            if (!on_epoch(report)) return;
        } else {
            on_epoch(report);
        }
    }
}

}  // namespace mockbn
