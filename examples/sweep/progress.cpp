#include "progress.hpp"

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

progress::progress(std::size_t total, std::size_t done) : total_(total), done_(done) {}

void progress::started() {
    const std::lock_guard lock(mutex_);
    ++running_;
}

void progress::finished() {
    const std::lock_guard lock(mutex_);
    if (running_ > 0) --running_;  // an executor may run jobs elsewhere and never report them started here
    ++done_;
    ++finished_here_;
}

void progress::print(const std::string& line) {
    const std::lock_guard lock(mutex_);
    std::fprintf(stderr, "[sweep: %s] %s\n", counts().c_str(), line.c_str());
}

std::string progress::counts() const {
    const std::size_t left = total_ - done_ - running_;
    std::string text =
        std::to_string(done_) + " done, " + std::to_string(running_) + " running, " + std::to_string(left) + " left, ";
    if (finished_here_ == 0) return text + "estimating";
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    return text + "about " +
           duration_text(elapsed / static_cast<double>(finished_here_) * static_cast<double>(total_ - done_)) +
           " to go";
}

}  // namespace sweep
