// mockbn/core/branch_watch.hpp
//
// Which branches the formulas take, watched element by element: what lets
// gradcheck tell a kink from a wrong gradient. A finite difference is only
// meaningful where every piecewise formula (ReLU, select, max and min, abs,
// sign, the signed shapes) takes the same branches at every point it samples.
//
//  - branch_probe: a double whose comparisons, and abs, report each decision
//    they make, with its margin l − r (abs: x − 0), to the thread's watch.
//  - branch_watch: while one is alive on a thread, every fused forward pass
//    in double on that thread (core/fused.hpp) evaluates its formula once
//    more on probes, element by element. The watch either records each
//    element's decisions as the reference, or compares them with the
//    reference and keeps the element whose decisions differ that was
//    closest to its break point.
//
// Contract:
//  - An element's decisions are its formula's comparisons and abs calls, in
//    order (both branches of a select are evaluated, so their number does
//    not depend on the values). They are compared exactly, up to 64 per
//    element; beyond that they are folded together. The element's distance is
//    the margin of its decision nearest its break point (0: on a kink).
//  - Passes are matched by their order: every compared run must evaluate the
//    same formulas on the same shapes as the reference (std::logic_error
//    otherwise).
//  - With no watch alive, a double fused pass costs one thread-local load and
//    nothing per element; float passes cost nothing. Watches nest: the newest
//    on a thread watches until it is destroyed.
#pragma once

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace mockbn::ad {

// Where the branches of a compared run differ from the reference: pass
// `pass` (in the order the passes ran, from 0; `output` is where it wrote its
// values), element (row, column), and that element's distance from its
// nearest break point in the reference.
struct branch_change {
    std::size_t pass = 0;
    const void* output = nullptr;
    std::size_t row = 0, column = 0;
    double distance = 0.0;
};

class branch_watch;

namespace detail {
inline constinit thread_local branch_watch* active_branch_watch = nullptr;
}  // namespace detail

class branch_watch {
public:
    branch_watch() : previous_(detail::active_branch_watch) { detail::active_branch_watch = this; }
    ~branch_watch() { detail::active_branch_watch = previous_; }
    branch_watch(const branch_watch&) = delete;
    branch_watch& operator=(const branch_watch&) = delete;

    // The watch of this thread, or null.
    static branch_watch* active() noexcept { return detail::active_branch_watch; }

    // The passes that follow are the reference (any earlier one is dropped).
    void record_reference() {
        comparing_ = false;
        passes_.clear();
        reference_.clear();
    }

    // The passes that follow are compared with the reference, from its first pass.
    void compare() {
        comparing_ = true;
        next_pass_ = 0;
    }

    // Of the differences seen since the last call, the one closest to its
    // break point (the first of those), if any; the watch forgets it.
    std::optional<branch_change> take_change() { return std::exchange(change_, std::nullopt); }

    // ---- called by the fused engine around each pass and element it evaluates ----

    void begin_pass(const void* output, std::size_t rows, std::size_t cols) {
        element_ = 0;
        if (!comparing_) {
            passes_.push_back({output, rows, cols, reference_.size()});
            pass_ = passes_.size() - 1;
            return;
        }
        if (next_pass_ >= passes_.size() || passes_[next_pass_].rows != rows || passes_[next_pass_].cols != cols)
            throw std::logic_error("mockbn::branch_watch: pass " + std::to_string(next_pass_) + " (" +
                                   std::to_string(rows) + " x " + std::to_string(cols) +
                                   ") is not the reference's: a compared run must evaluate the same formulas");
        pass_ = next_pass_++;
    }

    void begin_element() noexcept { current_ = {}; }

    void decide(bool outcome, double margin) noexcept {
        current_.outcomes = std::rotl(current_.outcomes, 1) ^ static_cast<std::uint64_t>(outcome);
        if (std::fabs(margin) < std::fabs(current_.distance)) current_.distance = margin;
    }

    void end_element() {
        if (!comparing_) {
            reference_.push_back(current_);
        } else {
            const pass& p = passes_[pass_];
            const element_decisions& reference = reference_[p.first + element_];
            if (current_.outcomes != reference.outcomes &&
                (!change_ || std::fabs(reference.distance) < std::fabs(change_->distance)))
                change_ = branch_change{pass_, p.output, element_ / p.cols, element_ % p.cols, reference.distance};
        }
        ++element_;
    }

private:
    struct pass {
        const void* output;
        std::size_t rows, cols;
        std::size_t first;  // its first element in reference_
    };
    struct element_decisions {
        std::uint64_t outcomes = 0;  // one bit per decision, rotated in
        double distance = std::numeric_limits<double>::infinity();
    };

    branch_watch* previous_;
    bool comparing_ = false;
    std::vector<pass> passes_;
    std::vector<element_decisions> reference_;
    std::size_t next_pass_ = 0, pass_ = 0, element_ = 0;
    element_decisions current_;
    std::optional<branch_change> change_;
};

// A double that reports every decision it takes part in to the thread's
// watch: what a formula runs on when its branches are watched.
struct branch_probe {
    double value = 0.0;

    branch_probe() = default;
    explicit branch_probe(double v) : value(v) {}

    friend branch_probe operator+(branch_probe a, branch_probe b) { return branch_probe(a.value + b.value); }
    friend branch_probe operator-(branch_probe a, branch_probe b) { return branch_probe(a.value - b.value); }
    friend branch_probe operator*(branch_probe a, branch_probe b) { return branch_probe(a.value * b.value); }
    friend branch_probe operator/(branch_probe a, branch_probe b) { return branch_probe(a.value / b.value); }
    friend branch_probe operator-(branch_probe a) { return branch_probe(-a.value); }

    friend bool operator<(branch_probe a, branch_probe b) { return decided(a.value < b.value, a.value - b.value); }
    friend bool operator<=(branch_probe a, branch_probe b) { return decided(a.value <= b.value, a.value - b.value); }
    friend bool operator>(branch_probe a, branch_probe b) { return decided(a.value > b.value, a.value - b.value); }
    friend bool operator>=(branch_probe a, branch_probe b) { return decided(a.value >= b.value, a.value - b.value); }
    friend bool operator==(branch_probe a, branch_probe b) { return decided(a.value == b.value, a.value - b.value); }
    friend bool operator!=(branch_probe a, branch_probe b) { return decided(a.value != b.value, a.value - b.value); }

    // abs has its kink at 0: it decides the sign of its argument.
    friend branch_probe abs(branch_probe a) {
        decided(a.value < 0, a.value);
        return branch_probe(std::fabs(a.value));
    }
    friend branch_probe exp(branch_probe a) { return branch_probe(std::exp(a.value)); }
    friend branch_probe expm1(branch_probe a) { return branch_probe(std::expm1(a.value)); }
    friend branch_probe log(branch_probe a) { return branch_probe(std::log(a.value)); }
    friend branch_probe log1p(branch_probe a) { return branch_probe(std::log1p(a.value)); }
    friend branch_probe sqrt(branch_probe a) { return branch_probe(std::sqrt(a.value)); }
    friend branch_probe tanh(branch_probe a) { return branch_probe(std::tanh(a.value)); }

private:
    static bool decided(bool outcome, double margin) noexcept {
        if (branch_watch* watch = branch_watch::active()) watch->decide(outcome, margin);
        return outcome;
    }
};

}  // namespace mockbn::ad
