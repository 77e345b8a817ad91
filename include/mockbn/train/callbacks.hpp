// mockbn/train/callbacks.hpp
//
// The callbacks a trainer reaches for (train/callback.hpp has the protocol):
// early stopping on the validation loss, the best checkpoint, a budget of
// steps or seconds, and a progress line.
//
// Contract:
//  - early_stopping reads the validation loss fit reports (fit_options::
//    validation must be set; a report without it is refused with
//    std::logic_error). An epoch improves on the best when its loss is below
//    the best by more than min_delta; the run stops after `patience` epochs
//    in a row without improvement. With restore_best, the network's whole
//    state (parameters and running statistics, io::save_state) is kept at
//    each best epoch and put back when fit ends, completed or stopped (not
//    when interrupted through fit_options::stop: the caller continues that
//    run), so the network is then bit for bit the best epoch's; the
//    optimizer's state stays the last epoch's. A diverged epoch counts as one
//    without improvement. Its record (the best loss, the epochs waited, the
//    best state) lives in the object: a run continued in another process
//    starts it afresh.
//  - best_checkpoint writes the network and its optimizer (prefix
//    "optimizer") to `file` at each epoch whose validation loss is the
//    lowest so far, under the network's signature, with the epoch in
//    section "best_epoch"; io::checkpoint's atomic write leaves the previous
//    best whole if the write fails (checkpoint_error).
//  - budget stops the run at the first step boundary where `steps` steps
//    have been applied or `seconds` have passed since it was made (make it
//    just before fit); it is read after each step, so one step is always
//    taken. An epoch it cuts short is not reported (fit.hpp).
//  - progress writes one line per epoch to a stdio stream: the epoch, the
//    training loss, the validation loss and accuracy when fit evaluated
//    them, the epoch's seconds.
#pragma once

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "mockbn/io/checkpoint.hpp"
#include "mockbn/io/state.hpp"
#include "mockbn/train/fit.hpp"

namespace mockbn {

namespace detail {

// The lowest validation loss so far and its epoch; refuses a report without a validation loss.
class validation_best {
public:
    explicit validation_best(double min_delta = 0) : min_delta_(min_delta) {}

    // True when this epoch's validation loss is the new best.
    bool improved(const epoch_report& report, const char* who) {
        if (!report.validation && !report.diverged)
            throw std::logic_error(std::string("mockbn::") + who +
                                   ": fit reported no validation loss; set fit_options::validation");
        if (report.diverged || !(report.validation->loss < best_loss_ - min_delta_)) return false;
        best_loss_ = report.validation->loss;
        best_epoch_ = report.epoch;
        return true;
    }

    std::size_t best_epoch() const noexcept { return best_epoch_; }  // 0 before the first
    double best_loss() const noexcept { return best_loss_; }

private:
    double min_delta_;
    double best_loss_ = std::numeric_limits<double>::infinity();
    std::size_t best_epoch_ = 0;
};

}  // namespace detail

struct early_stopping_options {
    std::size_t patience = 5;  // epochs in a row without improvement before the run stops
    double min_delta = 0;      // an improvement is a loss below the best by more than this
    bool restore_best = true;  // put the best epoch's state back when fit ends
};

class early_stopping {
public:
    explicit early_stopping(early_stopping_options options = {}) : options_(options), best_(options.min_delta) {}

    template <class Model, class Optimizer>
    bool epoch_end(Model& model, Optimizer&, const epoch_report& report) {
        if (best_.improved(report, "early_stopping")) {
            waited_ = 0;
            if (options_.restore_best) {
                state_ = io::checkpoint{};
                io::save_state(state_, model);
            }
            return true;
        }
        return ++waited_ < options_.patience;
    }

    template <class Model, class Optimizer>
    void train_end(Model& model, Optimizer&, fit_end end) {
        if (options_.restore_best && end != fit_end::interrupted && best_.best_epoch() > 0) {
            io::load_state(state_, model);
            restored_ = true;
        }
    }

    std::size_t best_epoch() const noexcept { return best_.best_epoch(); }
    double best_loss() const noexcept { return best_.best_loss(); }
    bool restored() const noexcept { return restored_; }  // the network holds the best epoch's state

private:
    early_stopping_options options_;
    detail::validation_best best_;
    std::size_t waited_ = 0;
    io::checkpoint state_;
    bool restored_ = false;
};

class best_checkpoint {
public:
    explicit best_checkpoint(std::filesystem::path file) : file_(std::move(file)) {}

    template <class Model, class Optimizer>
    bool epoch_end(Model& model, Optimizer& optimizer, const epoch_report& report) {
        if (!best_.improved(report, "best_checkpoint")) return true;
        io::checkpoint c;
        io::save_state(c, model);
        io::save_state(c, optimizer, "optimizer");
        c.put_value<std::uint64_t>("best_epoch", report.epoch);
        c.save(file_, model.signature());
        return true;
    }

    std::size_t best_epoch() const noexcept { return best_.best_epoch(); }
    double best_loss() const noexcept { return best_.best_loss(); }

private:
    std::filesystem::path file_;
    detail::validation_best best_;
};

struct budget_limits {
    std::size_t steps = std::numeric_limits<std::size_t>::max();
    double seconds = std::numeric_limits<double>::infinity();
};

class budget {
public:
    explicit budget(budget_limits limits) : limits_(limits), start_(std::chrono::steady_clock::now()) {}

    template <class Model, class Optimizer>
    bool step_end(Model&, Optimizer&, std::size_t, std::size_t) {
        ++steps_;
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
        return steps_ < limits_.steps && elapsed.count() < limits_.seconds;
    }

    std::size_t steps() const noexcept { return steps_; }

private:
    budget_limits limits_;
    std::chrono::steady_clock::time_point start_;
    std::size_t steps_ = 0;
};

class progress {
public:
    explicit progress(std::FILE* out = stderr) : out_(out) {}

    template <class Model, class Optimizer>
    bool epoch_end(Model&, Optimizer&, const epoch_report& report) {
        std::fprintf(out_, "epoch %zu  train loss %.4f", report.epoch, report.train_loss);
        if (report.validation)
            std::fprintf(out_, "  validation loss %.4f  accuracy %.4f", report.validation->loss,
                         report.validation->accuracy);
        if (report.diverged) std::fprintf(out_, "  diverged (%s)", describe(*report.diverged).c_str());
        std::fprintf(out_, "  (%.1f s)\n", report.seconds);
        return true;
    }

private:
    std::FILE* out_;
};

}  // namespace mockbn
