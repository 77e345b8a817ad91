// mockbn/train/fit.hpp
//
// The training loop: fit(model, optimizer, data, options, callbacks...) and
// evaluate(model, data).
//
// Contract:
//  - Each epoch visits every example once in an order drawn afresh from
//    (options.shuffle_seed, epoch), so epoch k's order does not depend on how
//    the run got there: a run restored from a checkpoint after epoch k and
//    continued with first_epoch = k + 1 sees the same batches. Batches are
//    gathered into one buffer the loop owns; the last batch of an epoch may
//    be smaller.
//  - A step is forward in training mode, backward, optimizer step.
//  - After each epoch fit evaluates options.validation, when given (in
//    inference mode, evaluate below), and reports the epoch: its number
//    (from 1), the mean training loss over its examples, the validation
//    loss and accuracy, and its wall time.
//  - The callbacks (none, or any number: train/callback.hpp has the
//    protocol, train/callbacks.hpp early stopping, the best checkpoint, a
//    budget and a progress line) are called after each applied step and
//    each epoch, in the order given; any of them can stop the run, at the
//    epoch's end or at a step (an epoch so cut short is not reported; one
//    stopped at its last step is, first).
//  - Non-finite values are caught at the step they first appear: a loss
//    (before its backward pass) or a gradient (found by the optimizer's pass).
//    The epoch ends there and is reported with report.diverged (where and
//    what) and no validation. It runs again only when an epoch function
//    returned true (it restored a good state, say with a lower learning
//    rate) and no callback stopped the run; otherwise the run stops.
//  - options.stop, when given, is read before every step: once it is true,
//    fit returns at that step boundary without reporting the unfinished
//    epoch, so the caller's last saved state (after the previous epoch)
//    stays the one to continue from. A signal handler may set it.
//  - fit returns how the run ended: every epoch done, stopped by a callback
//    (or a divergence), or interrupted through options.stop; each callback's
//    train_end hears it before fit returns.
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
#include "mockbn/train/callback.hpp"

namespace mockbn {

struct fit_options {
    std::size_t batch = 64;
    std::size_t epochs = 1;  // the last epoch to train
    std::uint64_t shuffle_seed = 0;
    std::size_t first_epoch = 1;                // > 1 to continue a run restored from a checkpoint
    const std::atomic<bool>* stop = nullptr;    // read before every step; true ends the run there
    const data::dataset* validation = nullptr;  // evaluated after every epoch when given
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

// Where and what: "epoch 3, step 12: the loss went non-finite (no parameter: ...)".
inline std::string describe(const divergence& d) {
    return "epoch " + std::to_string(d.epoch) + ", step " + std::to_string(d.step) + ": the " + d.what +
           " went non-finite (" + d.where + ")";
}

struct evaluation {
    double loss = 0;
    double accuracy = 0;
};

struct epoch_report {
    std::size_t epoch = 0;
    double train_loss = 0;  // NaN when the epoch diverged
    double seconds = 0;
    std::optional<divergence> diverged;
    std::optional<evaluation> validation;  // when fit_options::validation is given and the epoch did not diverge
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

namespace detail {

// How an epoch's steps ended: all taken; all taken, a callback stopping the run at the last; cut short by a
// callback; interrupted through fit_options::stop.
enum class epoch_steps { whole, whole_then_stop, cut, interrupted };

template <class Model, class Optimizer, class T, class... Callbacks>
epoch_steps train_epoch(Model& model, Optimizer& optimizer, const data::dataset& examples, const fit_options& options,
                        std::size_t epoch, batch_gatherer<T>& gatherer, std::vector<std::uint32_t>& order,
                        epoch_report& report, Callbacks&... callbacks) {
    shuffle_order(order, options.shuffle_seed, epoch);
    double loss = 0;
    std::size_t step = 0;
    epoch_steps ended = epoch_steps::whole;
    for (std::size_t first = 0; first < examples.count; first += options.batch) {
        if (options.stop && options.stop->load(std::memory_order_relaxed)) return epoch_steps::interrupted;
        const std::size_t rows = std::min(options.batch, examples.count - first);
        ++step;
        gatherer.gather(order, first, rows);
        const double batch_loss = static_cast<double>(model.forward(gatherer.images(), gatherer.labels(), training));
        if (!std::isfinite(batch_loss)) {
            report.diverged = divergence{epoch, step, "loss", ""};
            break;
        }
        loss += batch_loss * static_cast<double>(rows);
        model.backward();
        if (!optimizer.step(model)) {
            report.diverged = divergence{epoch, step, "gradient", first_nonfinite(model, model.gradients())};
            break;
        }
        if (!(true & ... & detail::step_end(callbacks, model, optimizer, epoch, step))) {
            if (first + rows < examples.count) return epoch_steps::cut;
            ended = epoch_steps::whole_then_stop;
        }
    }
    if (report.diverged && report.diverged->where.empty())
        report.diverged->where = first_nonfinite(model, model.parameters());
    if (report.diverged && report.diverged->where.empty())
        report.diverged->where = "no parameter: every one is finite, the forward pass overflowed";
    report.train_loss = report.diverged ? std::nan("") : loss / static_cast<double>(examples.count);
    return ended;
}

}  // namespace detail

template <trainable_classifier Model, optimizer_for<Model> Optimizer, class... Callbacks>
    requires(fit_callback<std::remove_cvref_t<Callbacks>, Model, Optimizer>&&...)
fit_end fit(Model& model, Optimizer& optimizer, const data::dataset& examples, const fit_options& options,
            Callbacks&&... callbacks) {
    using T = typename Model::value_type;
    if (options.batch == 0) throw std::invalid_argument("mockbn::fit: the batch size must be positive");
    if (examples.count == 0) throw std::invalid_argument("mockbn::fit: " + examples.name + " has no examples");
    if (options.validation && options.validation->count == 0)
        throw std::invalid_argument("mockbn::fit: the validation set " + options.validation->name + " has no examples");
    batch_gatherer<T> gatherer(examples, std::min(options.batch, examples.count));
    std::vector<std::uint32_t> order(examples.count);
    const auto finish = [&](fit_end end) {
        (detail::train_end(callbacks, model, optimizer, end), ...);
        return end;
    };
    for (std::size_t epoch = std::max<std::size_t>(options.first_epoch, 1); epoch <= options.epochs; ++epoch) {
        const auto start = std::chrono::steady_clock::now();
        epoch_report report;
        report.epoch = epoch;
        const auto steps =
            detail::train_epoch(model, optimizer, examples, options, epoch, gatherer, order, report, callbacks...);
        if (steps == detail::epoch_steps::interrupted) return finish(fit_end::interrupted);
        if (steps == detail::epoch_steps::cut) return finish(fit_end::stopped);
        if (options.validation && !report.diverged) report.validation = evaluate(model, *options.validation);
        report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        detail::epoch_answer answer;
        (detail::epoch_end(callbacks, model, optimizer, report, answer), ...);
        if (answer.stop || steps == detail::epoch_steps::whole_then_stop || (report.diverged && !answer.restored))
            return finish(fit_end::stopped);
        if (report.diverged) --epoch;  // a callback rolled the state back: the epoch runs again
    }
    return finish(fit_end::completed);
}

}  // namespace mockbn
