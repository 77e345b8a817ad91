// mockbn/train/fit.hpp
//
// The training loop: fit(model, optimizer, data, options, on_epoch[, on_step])
// and evaluate(model, data).
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
//  - on_step(epoch, step), when given, is called after each step whose
//    update was applied (step from 1 within the epoch), before the next.
//  - Non-finite values are caught at the step they first appear: a loss
//    (before its backward pass) or a gradient (found by the optimizer's pass).
//    The epoch ends there and on_epoch gets report.diverged: where and what.
//    Returning true then means the caller has restored a good state (and, say,
//    lowered the learning rate): the epoch runs again; false, or a callback
//    returning nothing, stops the run.
//  - options.stop, when given, is read before every step: once it is true,
//    fit returns at that step boundary without reporting the unfinished
//    epoch, so the caller's last saved state (after the previous epoch)
//    stays the one to continue from. A signal handler may set it.
//  - fit returns how the run ended: every epoch done, stopped by on_epoch,
//    or interrupted through options.stop.
//  - evaluate runs in inference mode and returns the mean loss and the
//    accuracy (argmax of the logits, the first maximum on ties).
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "mockbn/concepts/classifier.hpp"
#include "mockbn/concepts/optimizer.hpp"
#include "mockbn/core/matrix.hpp"
#include "mockbn/core/mode.hpp"
#include "mockbn/core/random.hpp"
#include "mockbn/data/dataset.hpp"

namespace mockbn {

struct fit_options {
    std::size_t batch = 64;
    std::size_t epochs = 1;  // the last epoch to train
    std::uint64_t shuffle_seed = 0;
    std::size_t first_epoch = 1;              // > 1 to continue a run restored from a checkpoint
    const std::atomic<bool>* stop = nullptr;  // read before every step; true ends the run there
};

enum class fit_end { completed, stopped, interrupted };

// Where a run first went non-finite: the epoch, the step in it (from 1),
// whether the loss or a gradient, and the first non-finite gradient (or
// parameter) by layer and element.
struct divergence {
    std::size_t epoch = 0, step = 0;
    std::string what;
    std::string where;
};

struct epoch_report {
    std::size_t epoch = 0;
    double train_loss = 0;  // NaN when the epoch diverged
    double seconds = 0;
    std::optional<divergence> diverged;
};

// The first non-finite value of `values`, described by the model, or "".
template <class Model, class Values>
std::string first_nonfinite(const Model& model, const Values& values) {
    for (std::size_t i = 0; i < values.size(); ++i)
        if (!std::isfinite(values[i])) {
            if constexpr (requires { model.describe_parameter(i); }) return model.describe_parameter(i);
            else return "element " + std::to_string(i) + " of the parameter buffer";
        }
    return "";
}

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

template <classifier Model>
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

template <trainable_classifier Model, optimizer_for<Model> Optimizer, class OnEpoch, class OnStep>
fit_end fit(Model& model, Optimizer& optimizer, const data::dataset& examples, const fit_options& options,
            OnEpoch&& on_epoch, OnStep&& on_step) {
    using T = typename Model::value_type;
    if (options.batch == 0) throw std::invalid_argument("mockbn::fit: the batch size must be positive");
    if (examples.count == 0) throw std::invalid_argument("mockbn::fit: " + examples.name + " has no examples");
    batch_gatherer<T> gatherer(examples, std::min(options.batch, examples.count));
    std::vector<std::uint32_t> order(examples.count);
    for (std::size_t epoch = std::max<std::size_t>(options.first_epoch, 1); epoch <= options.epochs; ++epoch) {
        const auto start = std::chrono::steady_clock::now();
        shuffle_order(order, options.shuffle_seed, epoch);
        double loss = 0;
        std::optional<divergence> diverged;
        std::size_t step = 0;
        for (std::size_t first = 0; first < examples.count && !diverged; first += options.batch) {
            if (options.stop && options.stop->load(std::memory_order_relaxed)) return fit_end::interrupted;
            const std::size_t rows = std::min(options.batch, examples.count - first);
            ++step;
            gatherer.gather(order, first, rows);
            const double batch_loss =
                static_cast<double>(model.forward(gatherer.images(), gatherer.labels(), training));
            if (!std::isfinite(batch_loss)) {
                diverged = divergence{epoch, step, "loss", ""};
                break;
            }
            loss += batch_loss * static_cast<double>(rows);
            model.backward();
            if (!optimizer.step(model))
                diverged = divergence{epoch, step, "gradient", first_nonfinite(model, model.gradients())};
            else on_step(epoch, step);
        }
        if (diverged && diverged->where.empty()) diverged->where = first_nonfinite(model, model.parameters());
        if (diverged && diverged->where.empty())
            diverged->where = "no parameter: every one is finite, the forward pass overflowed";
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
        const epoch_report report{epoch, diverged ? std::nan("") : loss / static_cast<double>(examples.count),
                                  elapsed.count(), diverged};
        if constexpr (std::is_same_v<decltype(on_epoch(report)), bool>) {
            const bool go_on = on_epoch(report);
            if (!go_on) return fit_end::stopped;
            if (diverged) --epoch;  // the caller rolled the state back: the epoch runs again
        } else {
            on_epoch(report);
            if (diverged) return fit_end::stopped;
        }
    }
    return fit_end::completed;
}

template <trainable_classifier Model, optimizer_for<Model> Optimizer, class OnEpoch>
fit_end fit(Model& model, Optimizer& optimizer, const data::dataset& examples, const fit_options& options,
            OnEpoch&& on_epoch) {
    return fit(model, optimizer, examples, options, std::forward<OnEpoch>(on_epoch), [](std::size_t, std::size_t) {});
}

}  // namespace mockbn
