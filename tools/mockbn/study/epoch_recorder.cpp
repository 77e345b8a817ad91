#include "epoch_recorder.hpp"

#include <algorithm>
#include <cstdio>

namespace study {

std::string epoch_recorder::progress_line(const mockbn::epoch_report& report, double test_accuracy) const {
    char line[256];
    std::snprintf(
        line, sizeof line, "%-12s seed %llu  epoch %zu/%zu  train loss %.4f  test accuracy %.4f  (%.0f samples/s)",
        job_.variant.c_str(), static_cast<unsigned long long>(job_.seed), report.epoch, o_.epochs, report.train_loss,
        test_accuracy, static_cast<double>(data_.train.count) / std::max(report.seconds, 1e-9));
    return line;
}

}  // namespace study
