#include "progress.hpp"

#include <algorithm>
#include <cstdio>

namespace sweep {

namespace {

std::string duration_text(double seconds) {
    char text[32];
    if (seconds < 90) std::snprintf(text, sizeof text, "%.0f s", seconds);
    else if (seconds < 5400) std::snprintf(text, sizeof text, "%.0f min", seconds / 60);
    else std::snprintf(text, sizeof text, "%.1f h", seconds / 3600);
    return text;
}

}  // namespace

progress::progress(std::size_t total, std::size_t done, std::size_t elsewhere)
    : total_(total), done_(done), elsewhere_(elsewhere) {}

progress::progress(other_rank r) : progress(0, 0) { rank_ = r.rank; }

void progress::started() {
    const std::lock_guard lock(mutex_);
    ++running_;
}

void progress::ended(std::size_t job) {
    const std::lock_guard lock(mutex_);
    --running_;
    ++done_;
    ++finished_;
    undelivered_.insert(job);
}

void progress::delivered(std::size_t job) {
    const std::lock_guard lock(mutex_);
    if (undelivered_.erase(job) > 0) return;
    ++done_;  // a job another rank ran
    ++finished_;
}

void progress::print(const std::string& line) {
    const std::lock_guard lock(mutex_);
    if (rank_ != 0) std::fprintf(stderr, "[sweep rank %d] %s\n", rank_, line.c_str());
    else std::fprintf(stderr, "[sweep: %s] %s\n", counts().c_str(), line.c_str());
}

std::string progress::counts() const {
    const std::size_t running = running_ + std::min(elsewhere_, total_ - done_ - running_);
    const std::size_t left = total_ - done_ - running;
    std::string text =
        std::to_string(done_) + " done, " + std::to_string(running) + " running, " + std::to_string(left) + " left, ";
    if (finished_ == 0) return text + "estimating";
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    return text + "about " +
           duration_text(elapsed / static_cast<double>(finished_) * static_cast<double>(total_ - done_)) + " to go";
}

}  // namespace sweep
